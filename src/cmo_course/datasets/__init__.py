"""The course's datasets: one fictional company, two years, every table seeded and documented.

>>> from cmo_course import datasets
>>> orders = datasets.load("orders")
>>> datasets.truth("orders")["monthly_churn_by_acquisition_channel"]

By default the committed files are read (they ship inside the package, so this works from any
folder). Set the environment variable ``CMO_COURSE_DATA`` to a folder written by
``cmo-course datasets build --seed N --out FOLDER`` to run the whole course on a variant.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from functools import lru_cache, wraps
from importlib import resources
from pathlib import Path

import pandas as pd

from . import company
from .schema import DATASETS, Dataset, SchemaError, validate

__all__ = [
    "DATASETS",
    "frame_from_csv",
    "frame_from_parquet",
    "ENV_VAR",
    "Dataset",
    "SchemaError",
    "cached",
    "catalog",
    "row_count",
    "company",
    "data_key",
    "data_dir",
    "describe",
    "load",
    "names",
    "seed_of",
    "truth",
    "validate",
]

ENV_VAR = "CMO_COURSE_DATA"
# Text is pandas' "str" (a missing value is NaN), held in Arrow, pandas' own default: grouping,
# drop_duplicates, comparing, sorting and copying are two to eight times faster than on Python
# strings, and module 02's checks group its 585,000 web events dozens of times.
_TEXT = pd.StringDtype(storage="pyarrow", na_value=float("nan"))
# The one exception: the keys lessons look up by the hundred thousand, ``customer_id`` in
# ``.isin(cohort["customer_id"])``. pandas' isin on Arrow strings turns every value looked up
# into an Arrow scalar, one at a time (0.9 s for a year's new customers, 0.13 s on Python
# strings), so these stay Python strings: also "str", with one string object per distinct id.
_KEY_TEXT = pd.StringDtype(storage="python", na_value=float("nan"))
_LOOKUP_KEYS = frozenset({"customer_id"})
_PANDAS_DTYPES = {"int": "int64", "float": "float64", "bool": "bool"}


def _checkout_dir() -> Path:
    """``datasets/`` of the source checkout (used by an editable install)."""
    return Path(__file__).resolve().parents[3] / "datasets"


def data_dir() -> Path:
    """The folder the datasets are read from: ``$CMO_COURSE_DATA``, else the shipped files."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        path = Path(override).expanduser()
        if not (path / "truth.json").is_file():
            raise FileNotFoundError(
                f"{ENV_VAR} points to {path}, which holds no course datasets. Build a variant "
                f"with `cmo-course datasets build --seed N --out {path}`, or unset {ENV_VAR} to "
                "use the shipped data."
            )
        return path
    packaged = Path(str(resources.files("cmo_course"))) / "data"
    if (packaged / "truth.json").is_file():
        return packaged
    checkout = _checkout_dir()
    if (checkout / "truth.json").is_file():
        return checkout
    raise FileNotFoundError(
        "The course datasets are missing. Reinstall the package, or run `cmo-course datasets "
        "build` in the course folder."
    )


def seed_of(folder: str | Path) -> int:
    """The seed a built folder says it was made with (the default seed if it says nothing)."""
    path = Path(folder) / "truth.json"
    try:
        return int(json.loads(path.read_text(encoding="utf-8"))["seed"])
    except (FileNotFoundError, KeyError, ValueError):
        return company.DEFAULT_SEED


def names() -> list[str]:
    """Names of every dataset."""
    return list(DATASETS)


def _spec(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(
            f"There is no dataset called {name!r}. Available: {', '.join(DATASETS)}."
        ) from None


def _text_dtype(column: str) -> pd.StringDtype:
    return _KEY_TEXT if column in _LOOKUP_KEYS else _TEXT


def _dtypes(spec: Dataset) -> dict[str, object]:
    return {
        c.name: _text_dtype(c.name)
        if c.dtype == "str"
        else "Int64"
        if c.dtype == "int" and c.nullable
        else _PANDAS_DTYPES[c.dtype]
        for c in spec.columns
        if c.dtype != "date"
    }


def _with_dates(frame: pd.DataFrame, spec: Dataset) -> pd.DataFrame:
    for column in (c.name for c in spec.columns if c.dtype == "date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def frame_from_csv(source, spec: Dataset) -> pd.DataFrame:
    """A dataset's CSV text (a path or a file object) as the typed table the course reads."""
    dates = [c.name for c in spec.columns if c.dtype == "date"]
    return _with_dates(pd.read_csv(source, dtype=_dtypes(spec), parse_dates=dates), spec)


def _shared_text(column) -> pd.api.extensions.ExtensionArray:
    """A dictionary-encoded Parquet text column as Python strings, one string object per
    distinct value: 525,000 orders name 339,000 customers with 339,000 strings, not 525,000."""
    import numpy as np

    column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    distinct = np.asarray([*column.dictionary.to_pylist(), float("nan")], dtype=object)
    return pd.array(distinct[column.indices.fill_null(-1).to_numpy()], dtype=_KEY_TEXT)


def frame_from_parquet(source, spec: Dataset) -> pd.DataFrame:
    """A dataset stored as Parquet (a path or a file object), typed like its CSV. Arrow text
    is used as read, without a copy; lookup keys become Python strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = [c.name for c in spec.columns if c.dtype == "str" and c.name in _LOOKUP_KEYS]
    table = pq.read_table(source, read_dictionary=keys)
    expected = [c.name for c in spec.columns]
    if table.column_names != expected:
        raise ValueError(f"{spec.filename} has the columns {table.column_names}, not {expected}")
    frame = pd.DataFrame(
        {
            name: _shared_text(table.column(name))
            if name in keys
            else table.column(name).to_pandas(types_mapper=_arrow_text)
            for name in expected
        }
    )
    del table
    pa.default_memory_pool().release_unused()  # Arrow's buffers go back to the system
    return _with_dates(frame.astype(_dtypes(spec)), spec)


def _arrow_text(arrow_type) -> pd.StringDtype | None:
    """Arrow text read as pandas' Arrow-backed "str", whatever pandas' string default."""
    import pyarrow as pa

    return _TEXT if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) else None


@lru_cache(maxsize=32)
def _read(path: str, mtime_ns: int, name: str) -> pd.DataFrame:
    spec = DATASETS[name]
    if spec.storage == "parquet":
        return frame_from_parquet(path, spec)
    return frame_from_csv(path, spec)


def load(name: str) -> pd.DataFrame:
    """Load a dataset as a typed DataFrame (dates as datetimes, money as floats).

    Each call returns a fresh copy, so changing it never affects another cell or a check.
    """
    spec, path = _file(name)
    return _read(str(path), path.stat().st_mtime_ns, spec.name).copy()


def _file(name: str) -> tuple[Dataset, Path]:
    """A dataset's schema and its file, which must exist."""
    spec = _spec(name)
    path = data_dir() / spec.filename
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: rebuild with `cmo-course datasets build`.")
    return spec, path


def data_key() -> tuple[str, int]:
    """Which data is loaded: its folder and when its truth was written (a rebuilt variant or a
    change of ``CMO_COURSE_DATA`` gives a new key)."""
    folder = data_dir()
    return str(folder), (folder / "truth.json").stat().st_mtime_ns


def cached(function):
    """Memoise a computation on the loaded data (a check's expected value, a curve): computed
    once per data folder, and again when the data change. The result is shared: callers must
    not change it (return a copy from a wrapper if they might)."""
    memo: dict = {}

    @wraps(function)
    def wrapper(*args, **kwargs):
        key = (data_key(), args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = function(*args, **kwargs)
        return memo[key]

    wrapper.cache_clear = memo.clear  # type: ignore[attr-defined]
    return wrapper


def truth(name: str | None = None) -> dict:
    """The ground truth the generators recorded: for one dataset, or all of it."""
    path = data_dir() / "truth.json"
    everything = json.loads(path.read_text(encoding="utf-8"))
    if name is None:
        return everything
    _spec(name)
    return everything["datasets"].get(name, {})


class FullText(pd.DataFrame):
    """A table of words (the catalog, a data dictionary) that shows every sentence in full:
    pandas cuts each cell at 50 characters by default, mid-definition."""

    @property
    def _constructor(self):
        return FullText

    def _repr_html_(self) -> str | None:
        with pd.option_context("display.max_colwidth", None):
            html = super()._repr_html_()
        return None if html is None else html.replace("<td>", '<td style="text-align:left">')

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return super().__repr__()


def catalog() -> pd.DataFrame:
    """One row per dataset: what a row is, its size, and the modules that use it."""
    rows = []
    for spec in DATASETS.values():
        rows.append(
            {
                "dataset": spec.name,
                "what one row is": spec.grain,
                "rows": row_count(spec.name),
                "columns": len(spec.columns),
                "used in": ", ".join(spec.used_in),
                "description": spec.description,
            }
        )
    return FullText(pd.DataFrame(rows).set_index("dataset"))


def row_count(name: str) -> int:
    """How many rows a dataset has, read from the file without loading the table: Parquet's
    footer, or the CSV's lines (the catalog stays light enough for a grader's memory limit)."""
    spec, path = _file(name)
    if spec.storage == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def describe(name: str) -> pd.DataFrame:
    """The data dictionary entry of a dataset as a table: column, type, unit, meaning."""
    spec = _spec(name)
    return FullText(
        pd.DataFrame(
            [
                {"column": c.name, "type": c.dtype, "unit": c.unit, "meaning": c.description}
                for c in spec.columns
            ]
        ).set_index("column")
    )
