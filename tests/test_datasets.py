"""Loading the datasets: typed, from any folder, from an installed wheel, and from a variant;
`datasets check` catches drift."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cmo_course import datasets
from cmo_course.authoring.datagen.build import build, check, seed_of
from cmo_course.datasets.company import DEFAULT_SEED

from .conftest import ROOT, env_without_data_override


def test_committed_datasets_match_their_generators_and_schema():
    assert check(ROOT / "datasets") == []
    assert seed_of(ROOT / "datasets") == DEFAULT_SEED


def test_whole_folder_stays_small_enough_to_clone_in_seconds():
    # about 12.5 MB: half a million orders' prices and costs do not compress much further
    # (whole cents as integers save 1%); the ceiling catches a table stored twice or as text
    size = sum(p.stat().st_size for p in (ROOT / "datasets").iterdir())
    assert size < 15e6


def test_the_catalog_counts_every_table_without_loading_it():
    catalog = datasets.catalog()
    for name in datasets.names():
        frame = datasets.load(name)
        assert catalog.loc[name, "rows"] == datasets.row_count(name) == len(frame), name
        assert catalog.loc[name, "columns"] == len(frame.columns), name


@pytest.mark.parametrize("name", datasets.names())
def test_load_gives_typed_columns(name):
    frame = datasets.load(name)
    spec = datasets.DATASETS[name]
    for column in spec.columns:
        if column.dtype == "date":
            assert pd.api.types.is_datetime64_any_dtype(frame[column.name])
        elif column.dtype == "float":
            assert pd.api.types.is_float_dtype(frame[column.name])
        elif column.dtype == "int":
            assert pd.api.types.is_integer_dtype(frame[column.name])


def test_the_dictionary_says_which_modules_use_each_table():
    # a table is used in a module when its lesson or its checks load it by name
    import re

    import nbformat

    from cmo_course.datasets.schema import DATASETS

    loads = re.compile(r"""(?:load|row_count)\(\s*["']([a-z_]+)["']""")
    used = {name: set() for name in DATASETS}
    for lesson in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        module = lesson.parent.name
        text = "\n".join(c.source for c in nbformat.read(lesson, as_version=4).cells)
        text += "".join(
            p.read_text() for p in (ROOT / "src/cmo_course/checks").glob(f"m{module[:2]}_*.py")
        )
        for name in loads.findall(text):
            used[name].add(module)
    declared = {name: set(spec.used_in) for name, spec in DATASETS.items()}
    assert declared == used


def test_load_returns_a_fresh_copy_each_time():
    first = datasets.load("pnl_monthly")
    first.loc[0, "net_revenue"] = -1
    assert datasets.load("pnl_monthly").loc[0, "net_revenue"] != -1


def test_unknown_dataset_lists_the_real_ones():
    with pytest.raises(KeyError, match="orders"):
        datasets.load("ordres")


def test_describe_and_catalog_cover_every_dataset():
    assert set(datasets.catalog().index) == set(datasets.names())
    assert list(datasets.describe("orders").index) == [
        c.name for c in datasets.DATASETS["orders"].columns
    ]


def test_the_catalog_and_dictionary_show_every_definition_in_full():
    # pandas cuts a cell at 50 characters; a learner reading a definition must see all of it
    for table, column in (
        (datasets.catalog(), "description"),
        (datasets.describe("orders"), "meaning"),
    ):
        longest = max(table[column], key=len)
        assert len(longest) > 50, "a definition long enough to be cut"
        assert longest in table._repr_html_() and longest in repr(table)
    assert isinstance(datasets.describe("orders").head(3), datasets.FullText)


def test_truth_has_a_section_per_dataset():
    assert datasets.truth()["seed"] == DEFAULT_SEED
    assert "monthly_churn_by_acquisition_channel" in datasets.truth("orders")


def test_a_variant_folder_replaces_the_data_everywhere(on_second_seed):
    assert datasets.data_dir() == on_second_seed
    assert datasets.truth()["seed"] == 7
    assert len(datasets.load("orders")) != len(
        pd.read_parquet(ROOT / "datasets" / "orders.parquet", columns=["order_id"])
    )


def test_a_variant_folder_that_is_not_one_says_how_to_make_it(monkeypatch, tmp_path):
    monkeypatch.setenv("CMO_COURSE_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="datasets build --seed"):
        datasets.load("orders")


def test_load_works_from_any_folder(tmp_path):
    code = "from cmo_course import datasets; print(len(datasets.load('customers')))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env_without_data_override(),
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(datasets.load("customers"))


def test_check_names_a_tampered_file_and_an_extra_file(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "datasets", folder)
    pnl = folder / "pnl_monthly.csv"
    pnl.write_text(pnl.read_text().replace("\n2025-01-01,", "\n2025-01-01,1", 1))
    (folder / "notes.txt").write_text("hello")
    problems = check(folder)
    assert any("pnl_monthly.csv" in p and "differs" in p for p in problems)
    assert any("notes.txt" in p for p in problems)


def test_check_catches_a_corrupt_compressed_file(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "datasets", folder)
    (folder / "orders.parquet").write_bytes(b"not parquet at all")
    (folder / "geo_test.csv.gz").write_bytes(b"not gzip at all")
    problems = check(folder)
    assert any("orders.parquet" in p and "unreadable" in p for p in problems)
    assert any("geo_test.csv.gz" in p and "unreadable" in p for p in problems)


def test_check_reads_a_parquet_tables_content_not_its_bytes(tmp_path):
    """A Parquet file holding the same table passes; one with a changed value fails."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "datasets", folder)
    orders = datasets.frame_from_parquet(folder / "orders.parquet", datasets.DATASETS["orders"])
    orders.to_parquet(folder / "orders.parquet", index=False, compression="snappy")
    assert check(folder) == []
    orders.loc[0, "revenue"] += 1.0
    orders.to_parquet(folder / "orders.parquet", index=False)
    assert any("orders.parquet" in p and "differs" in p for p in check(folder))


def test_compressed_files_are_byte_stable(tmp_path):
    build(tmp_path / "a", seed=5)
    build(tmp_path / "b", seed=5)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    assert gzip.decompress((tmp_path / "a" / "geo_test.csv.gz").read_bytes()).startswith(b"week")
    assert (tmp_path / "a" / "orders.parquet").read_bytes()[:4] == b"PAR1"


@pytest.mark.slow
def test_an_installed_wheel_ships_the_data_and_loads_it(tmp_path):
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(wheel_dir.glob("cmo_course-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "cmo_course/data/orders.parquet" in names and "cmo_course/data/truth.json" in names
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import cmo_course, sys; from cmo_course import datasets; "
        "assert cmo_course.__file__.startswith(sys.argv[1]), cmo_course.__file__; "
        "assert str(datasets.data_dir()).startswith(sys.argv[1]); "
        "print(len(datasets.load('orders')))"
    )
    env = env_without_data_override()
    env["PYTHONPATH"] = str(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    isolated = code.replace(
        "import cmo_course", "import sys; sys.path.insert(0, sys.argv[1]); import cmo_course", 1
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", isolated, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(datasets.load("orders"))
    assert Path(target / "cmo_course" / "data" / "README.md").is_file()


def test_text_is_str_in_arrow_except_lookup_keys_held_as_shared_python_strings():
    """The loader reads the same tables pandas reads, every text column typed "str": in Arrow
    (fast to group, deduplicate, compare and copy), except customer_id, held as Python strings
    (fast to look up with isin) with one string object per distinct id."""
    from cmo_course.datasets import _KEY_TEXT, _LOOKUP_KEYS, _TEXT, _dtypes, _file, _with_dates

    for name in ("web_events", "orders", "customers"):
        spec, path = _file(name)
        loaded = datasets.load(name)
        plain = _with_dates(pd.read_parquet(path).astype(_dtypes(spec)), spec)
        pd.testing.assert_frame_equal(loaded, plain)
        for column in (c.name for c in spec.columns if c.dtype == "str"):
            expected = _KEY_TEXT if column in _LOOKUP_KEYS else _TEXT
            assert loaded[column].dtype == expected and str(expected) == "str", (name, column)
    assert _TEXT.storage == "pyarrow" and _KEY_TEXT.storage == "python"
    assert _LOOKUP_KEYS == {"customer_id"}
    ids = datasets.load("orders")["customer_id"]
    repeat = ids[ids.duplicated(keep=False)]
    same = repeat[repeat == repeat.iloc[0]]
    assert len(same) > 1 and all(value is same.iloc[0] for value in same)


def test_the_dictionary_names_every_kind_of_email_that_had_a_holdout():
    """The email table's description says which sends carry a holdout test: in the data, each
    2025 promotion and the first newsletter of each month of 2025. The data dictionary
    (datasets/README.md) and schema.json carry the schema's words."""
    import json

    from cmo_course.datasets.schema import DATASETS

    emails = datasets.load("email_campaigns")
    tested = emails[emails["holdout_size"] > 0]
    assert set(tested["send_date"].dt.year) == {2025}
    assert set(tested["campaign_type"]) == {"promotion", "newsletter"}
    promotions = emails[
        (emails["campaign_type"] == "promotion") & (emails["send_date"].dt.year == 2025)
    ]
    assert set(promotions["campaign_id"]) <= set(tested["campaign_id"])
    newsletters = emails[
        (emails["campaign_type"] == "newsletter") & (emails["send_date"].dt.year == 2025)
    ]
    first = newsletters.sort_values("send_date").groupby(newsletters["send_date"].dt.month).head(1)
    with_holdout = newsletters[newsletters["holdout_size"] > 0]
    assert set(with_holdout["campaign_id"]) == set(first["campaign_id"])
    assert first["send_date"].dt.month.nunique() == 12
    description = DATASETS["email_campaigns"].description
    assert "each 2025 promotion" in description
    assert "first newsletter of each month of 2025" in description
    assert description in (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    schema = json.loads((ROOT / "datasets" / "schema.json").read_text(encoding="utf-8"))
    email = next(d for d in schema["datasets"] if d["name"] == "email_campaigns")
    assert email["description"] == description
