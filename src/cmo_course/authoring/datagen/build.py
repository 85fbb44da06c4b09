"""Write every dataset to a folder, and check a folder against what the generators write.

A built folder holds one file per dataset (a CSV for the small tables, gzip-compressed CSV or
Parquet for the large ones, as the schema says), ``truth.json`` (the ground truth the
generators drew), ``schema.json`` (the machine-readable schema) and ``README.md`` (the data
dictionary). A dataset's content is its canonical CSV text, whatever its storage: a Parquet
file holds exactly the table that text reads as, so ``check`` compares content, not bytes.
Output is byte-stable for a given seed and pinned library versions.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pandas as pd

from cmo_course import __version__
from cmo_course.datasets import company as co
from cmo_course.datasets import seed_of
from cmo_course.datasets.schema import DATASETS, STORAGE, Dataset, SchemaError, validate

from .benchmarks import measure
from .generators import simulate

FORMAT_VERSION = 1


def _csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(
        buffer, index=False, float_format="%.2f", date_format="%Y-%m-%d", lineterminator="\n"
    )
    return buffer.getvalue()


def _file_bytes(spec: Dataset, text: str) -> bytes:
    data = text.encode("utf-8")
    if spec.storage == "csv.gz":
        return gzip.compress(data, compresslevel=9, mtime=0)
    if spec.storage == "parquet":
        from cmo_course.datasets import frame_from_csv

        buffer = io.BytesIO()
        frame_from_csv(io.StringIO(text), spec).to_parquet(
            buffer, index=False, compression="zstd", compression_level=9
        )
        return buffer.getvalue()
    return data


def _file_text(spec: Dataset, data: bytes) -> str:
    if spec.storage == "parquet":
        from cmo_course.datasets import frame_from_parquet

        return _csv_text(frame_from_parquet(io.BytesIO(data), spec))
    return (gzip.decompress(data) if spec.storage == "csv.gz" else data).decode("utf-8")


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def dictionary(frames: dict[str, pd.DataFrame], seed: int) -> str:
    """The human data dictionary, written from the schema and the benchmarks."""
    values = measure(frames)
    lines = [
        "# Datasets: the data dictionary",
        "",
        f"Every table describes **{co.COMPANY}**, {co.DESCRIPTION}, over the same two calendar "
        f"years ({co.YEARS[0]} and {co.YEARS[-1]}) and the same channels, so numbers agree across "
        "modules: the orders add up to the P&L, and marketing spend adds up to the P&L's "
        "marketing lines. The company and its numbers are fictional; the ranges they are drawn "
        "from are published ones (below, with their sources).",
        "",
        "This file, the data files (CSV, and Parquet for the largest tables), `schema.json` and "
        "`truth.json` are written by "
        f"`cmo-course datasets build` (this copy: seed {seed}). Do not edit them by hand; change "
        "the generators in `src/cmo_course/authoring/datagen/` and rebuild. `cmo-course datasets check` "
        "fails when they drift.",
        "",
        "## Using them",
        "",
        "```python",
        "from cmo_course import datasets",
        'orders = datasets.load("orders")       # a typed DataFrame, from any folder',
        'datasets.describe("orders")            # this dictionary entry as a table',
        'datasets.truth("orders")               # the ground truth the generator drew',
        "```",
        "",
        "To run the whole course on a variant of the data (a different seed gives different "
        "numbers with the same story), build it and point `CMO_COURSE_DATA` at it:",
        "",
        "```bash",
        "cmo-course datasets build --seed 7 --out /tmp/variant",
        "CMO_COURSE_DATA=/tmp/variant cmo-course lab",
        "```",
        "",
        "Every exercise check computes its expected answer from whichever data is loaded, so "
        "the course grades correctly on any variant.",
        "",
        "## How the company compares with published figures",
        "",
        "The company is fictional; the ranges its numbers are drawn from are published ones. "
        "Each line below is computed from these files and kept inside its range by a test "
        "(on this seed and another).",
        "",
        "| measure | in this data | published range | source |",
        "|---|---|---|---|",
        *[
            f"| {b.quantity} | {b.fmt.format(values[b.key])} | "
            f"{b.fmt.format(b.low)} to {b.fmt.format(b.high)} | {b.source} |"
            for b in co.BENCHMARKS
        ],
        "",
        "## The tables",
        "",
        "| dataset | one row is | rows | used in | file |",
        "|---|---|---|---|---|",
    ]
    for spec in DATASETS.values():
        lines.append(
            f"| [`{spec.name}`](#{spec.name}) | {spec.grain} | {len(frames[spec.name]):,} | "
            f"{', '.join(spec.used_in)} | `{spec.filename}` |"
        )
    for spec in DATASETS.values():
        lines += [
            "",
            f"## {spec.name}",
            "",
            f"**{spec.title}.** {spec.description}",
            "",
            f"- One row: {spec.grain}. Key: {', '.join(spec.primary_key)}.",
            f"- Ground truth recorded: {spec.truth}.",
            "",
            "| column | type | unit | meaning | allowed values / range |",
            "|---|---|---|---|---|",
        ]
        for c in spec.columns:
            if c.allowed:
                allowed = ", ".join(f"`{a}`" for a in c.allowed)
            elif c.minimum is not None or c.maximum is not None:
                allowed = f"{_fmt(c.minimum)} to {_fmt(c.maximum) or 'any'}"
            else:
                allowed = ""
            lines.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {c.description} | {allowed} |")
        if spec.notes:
            lines.append("")
            lines += [f"- {note}" for note in spec.notes]
    return "\n".join(lines) + "\n"


def render(seed: int = co.DEFAULT_SEED) -> tuple[dict[str, str], dict[str, pd.DataFrame]]:
    """Everything a build writes, as text by file name, plus the frames themselves."""
    world = simulate(seed)
    texts: dict[str, str] = {}
    for spec in DATASETS.values():
        frame = world.frames[spec.name]
        validate(frame, spec)
        texts[spec.filename] = _csv_text(frame)
    truth = {
        "company": co.COMPANY,
        "seed": int(seed),
        "generator_version": __version__,
        "format_version": FORMAT_VERSION,
        "datasets": {name: world.truth.get(name, {}) for name in DATASETS},
    }
    texts["truth.json"] = json.dumps(truth, indent=2, sort_keys=True) + "\n"
    schema = {
        "format_version": FORMAT_VERSION,
        "datasets": [s.to_json() for s in DATASETS.values()],
    }
    texts["schema.json"] = json.dumps(schema, indent=2) + "\n"
    texts["README.md"] = dictionary(world.frames, seed)
    return texts, world.frames


def _spec_for(filename: str) -> Dataset | None:
    return next((s for s in DATASETS.values() if s.filename == filename), None)


def build(out_dir: str | Path, seed: int = co.DEFAULT_SEED) -> list[Path]:
    """Generate every dataset with ``seed`` and write them (and their metadata) to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    texts, _ = render(seed)
    written = []
    for filename, text in texts.items():
        spec = _spec_for(filename)
        data = _file_bytes(spec, text) if spec else text.encode("utf-8")
        path = out / filename
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written.append(path)
    # a dataset whose storage changed leaves its old file behind: remove it
    for spec in DATASETS.values():
        for storage in STORAGE:
            old = out / f"{spec.name}.{storage}"
            if storage != spec.storage and old.is_file():
                old.unlink()
    return written


def check(folder: str | Path, seed: int | None = None) -> list[str]:
    """Every way ``folder`` differs from what the generators write; empty when it matches.

    Compares content (the canonical CSV text, not compressed or Parquet bytes) and validates
    each table against its schema as the loader reads it.
    """
    folder = Path(folder)
    seed = seed_of(folder) if seed is None else seed
    texts, _ = render(seed)
    problems = []
    for filename, expected in texts.items():
        path = folder / filename
        if not path.is_file():
            problems.append(f"{path}: missing")
            continue
        spec = _spec_for(filename)
        try:
            actual = (
                _file_text(spec, path.read_bytes()) if spec else path.read_text(encoding="utf-8")
            )
        except (OSError, ValueError, gzip.BadGzipFile) as error:
            problems.append(f"{path}: unreadable ({error})")
            continue
        if actual != expected:
            problems.append(f"{path}: differs from what the generators write (seed {seed})")
        if spec:
            # the loader's own reading, so dtypes are checked as learners see them
            from cmo_course.datasets import _read

            try:
                validate(_read(str(path), path.stat().st_mtime_ns, spec.name), spec)
            except (SchemaError, ValueError) as error:
                problems.append(f"{path}: {error}")
    extra = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.name not in texts and not p.name.startswith(".")
    )
    problems += [f"{folder / name}: not written by the generators" for name in extra]
    return problems
