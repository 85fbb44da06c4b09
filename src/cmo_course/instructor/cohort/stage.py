"""Stage 1: read each submission (never writing to it) and decide whether and how to grade it.

A notebook that is empty, not JSON or not a notebook is graded zero with that reason; a wrongly
named one is graded under the right name; a cell pasted twice, a test cell with its metadata
stripped or changed, or turned into markdown, is repaired and noted; code that reaches into the
kernel or the checker is marked tampered.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .results import INVALID, NOT_SUBMITTED, CellScore

MAX_NOTEBOOK_BYTES = 50 * 1024**2
_SAFE_NAME = re.compile(r"^[^/\x00]+$")

# Learner code that reaches into the kernel, the interpreter or the checker. None of the
# course's exercises needs any of it.
_TAMPER = re.compile(
    r"input_transformers|ast_transformers|input_splitter|\.events\s*\.\s*(?:un)?register"
    r"|set_custom_exc|shell_handlers|control_handlers|register_magic|showtraceback"
    r"|sys\s*\.\s*(?:settrace|setprofile|_getframe|modules)|__builtins__|\bbuiltins\b"
    r"|\b(?:setattr|delattr)\s*\(|cmo_course\s*\.\s*checks|\bChecker\b|\bcheck\s*\.\s*_"
    r"|\bcheck\s*\.\s*\w+\s*=(?!=)|\bcheck\s*=(?!=)|\b(?:exec|eval|compile)\s*\(|__import__"
    r"|\bctypes\b|\bgc\s*\.\s*get_(?:referrers|objects)|__class__\s*\.\s*__eq__|__code__"
)


@dataclass
class Job:
    student: str
    module: str
    status: str = "ok"  # ok (grade it), not_submitted, invalid_notebook
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    cell_notes: dict[str, str] = field(default_factory=dict)
    tampered: str = ""
    timestamp: str = ""
    secret: str = ""  # nbgrader's submission_secret.txt: names the feedback in the exchange
    key: str = ""
    notebook: Any = None  # the repaired notebook, for status "ok"

    @property
    def name(self) -> str:
        return f"{self.student}/{self.module}"


def submissions_folder(folder: Path) -> Path:
    """DIR itself, or the submitted/ folder of an nbgrader course folder."""
    for candidate in (folder / "submitted", folder / "grading" / "work" / "submitted"):
        if candidate.is_dir() and not candidate.is_symlink():
            return candidate
    return folder


def students_in(folder: Path) -> list[str]:
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or not _SAFE_NAME.match(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            found.append(entry.name)
    return found


@dataclass
class Release:
    """A module's released notebook, as grading needs it: its graded cells by grade_id, their
    order, and the code of every cell (a learner's cell equal to one is not their own code)."""

    cells: dict[str, Any]
    order: list[str]
    code: set[str]

    @classmethod
    def of(cls, notebook: Any) -> Release:
        cells, order = {}, []
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            if "grade_id" in meta:
                cells[meta["grade_id"]] = cell
                order.append(meta["grade_id"])
        code = {c.source.strip() for c in notebook.cells if c.cell_type == "code"}
        return cls(cells, order, code)

    def empty_rows(self, status: str, reason: str) -> list[CellScore]:
        """A zero for every graded cell, with one status and reason (nothing to grade)."""
        rows = []
        for grade_id in self.order:
            meta = self.cells[grade_id].metadata["nbgrader"]
            if not meta.get("grade"):
                continue
            rows.append(
                CellScore(
                    cell=grade_id,
                    points=0.0,
                    max_points=float(meta.get("points", 0)),
                    status=status,
                    reason=reason,
                    auto=not meta.get("solution"),
                )
            )
        return rows


def _strip_comments(source: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def stage(student_dir: Path, student: str, module: str, release: Release) -> Job:
    """Read one submission and decide whether and how to grade it (DIR is only read)."""
    job = Job(student, module)
    folder = student_dir / module
    if folder.is_symlink() or not folder.is_dir():
        job.status, job.reason = NOT_SUBMITTED, f"There is no {module}/ folder."
        return job
    expected = f"{module}.ipynb"
    notebooks, links = [], []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.name.endswith(".ipynb") or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            links.append(entry.name)
        elif entry.is_file(follow_symlinks=False):
            notebooks.append(entry.name)
    if expected in links:
        job.status = INVALID
        job.reason = f"{expected} is a symbolic link, not a file; submit the notebook itself."
        return job
    if expected in notebooks:
        chosen = expected
    elif len(notebooks) == 1:
        chosen = notebooks[0]
        job.notes.append(f"The notebook was named {chosen}; it was graded as {expected}.")
    elif notebooks:
        job.status = INVALID
        job.reason = (
            f"The folder holds {len(notebooks)} notebooks ({', '.join(notebooks)}) and none is "
            f"named {expected}; rename the one to grade."
        )
        return job
    else:
        job.status, job.reason = NOT_SUBMITTED, f"The {module}/ folder holds no notebook."
        return job

    path = folder / chosen
    size = path.stat().st_size
    stamp = folder / "timestamp.txt"
    if stamp.is_file() and not stamp.is_symlink() and stamp.stat().st_size < 200:
        job.timestamp = stamp.read_text(errors="replace").strip()
    secret = folder / "submission_secret.txt"
    if secret.is_file() and not secret.is_symlink() and secret.stat().st_size < 1000:
        job.secret = secret.read_text(errors="replace")
    if size > MAX_NOTEBOOK_BYTES:
        job.status = INVALID
        job.reason = f"{chosen} is {size / 1024**2:.0f} MB; notebooks over 50 MB are not graded."
        return job
    raw = path.read_bytes()
    job.key = hashlib.sha256(
        raw + b"\0" + job.timestamp.encode() + b"\0" + job.secret.encode()
    ).hexdigest()
    if not raw.strip():
        job.status, job.reason = INVALID, f"{chosen} is empty."
        return job
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        job.status, job.reason = INVALID, f"{chosen} is not a text file."
        return job
    except json.JSONDecodeError as error:
        job.status = INVALID
        job.reason = f"{chosen} is not a notebook: not valid JSON (line {error.lineno})."
        return job
    try:
        if not isinstance(data, dict) or "cells" not in data:
            raise ValueError("it has no cells")
        notebook = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:
        job.status = INVALID
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        job.reason = f"{chosen} is not a notebook nbgrader can read: {first[:200]}"
        return job
    job.notebook = _repair(notebook, job, release)
    return job


def _repair(notebook: Any, job: Job, release: Release) -> Any:
    """Undo what learners do to graded cells by accident (or not), and note each repair."""
    cells = release.cells
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            positions.setdefault(grade_id, []).append(index)
    for grade_id, where in positions.items():
        if len(where) > 1:  # keep the last copy, as nbgrader intends; the others become plain
            for index in where[:-1]:
                notebook.cells[index].metadata.pop("nbgrader", None)
            job.cell_notes[grade_id] = (
                f"The cell appeared {len(where)} times; the last copy was graded."
            )
    present = set()
    for index, cell in enumerate(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not grade_id or grade_id not in cells:
            continue
        present.add(grade_id)
        original = cells[grade_id]
        meta = original.metadata["nbgrader"]
        if not meta.get("locked"):
            continue
        notes = []
        if cell.cell_type != original.cell_type:
            notes.append(f"it had been changed to {cell.cell_type}")
            replacement = (
                nbformat.v4.new_code_cell(cell.source)
                if original.cell_type == "code"
                else nbformat.v4.new_markdown_cell(cell.source)
            )
            replacement.metadata = cell.metadata
            if "id" in cell:
                replacement["id"] = cell["id"]
            notebook.cells[index] = cell = replacement
        if dict(cell.metadata.get("nbgrader", {})) != dict(meta):
            notes.append("its grading metadata had been changed")
            cell.metadata["nbgrader"] = dict(meta)
        if cell.source.strip() != original.source.strip():
            notes.append("it had been edited")
        if notes:
            job.cell_notes[grade_id] = (
                f"The test cell was restored ({'; '.join(notes)}) and graded as released."
            )
    for grade_id in release.order:
        if grade_id not in present and cells[grade_id].metadata["nbgrader"].get("locked"):
            job.cell_notes[grade_id] = (
                "The test cell was missing (deleted, or its grading metadata removed); "
                "it was put back and graded."
            )
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell.source.strip() in release.code:
            continue
        if cell.metadata.get("nbgrader", {}).get("locked"):
            continue
        match = _TAMPER.search(_strip_comments(cell.source))
        if match:
            line = next(
                (ln.strip() for ln in cell.source.splitlines() if match.group(0) in ln),
                match.group(0),
            )
            job.tampered = (
                f"The notebook reaches into the kernel or the checker ({line[:80]!r}); its "
                "tests score zero until an instructor reviews it."
            )
            break
    return notebook


@dataclass
class Task:
    """What a worker needs to grade one staged submission (sent as one line of JSON)."""

    student: str
    module: str
    key: str
    timestamp: str
    notes: list[str]
    cell_notes: dict[str, str]
    tampered: str
    order: list[str]  # the module's graded cells, in release order
    empty_rows: list[CellScore]  # a zero for each, for a submission nothing could grade
    dir: str  # the job's scratch folder (its submitted/ copy, gradebook, kernel's home)
    result_dir: str  # where the result is stored

    @property
    def name(self) -> str:
        return f"{self.student}/{self.module}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Task:
        return cls(**{**data, "empty_rows": [CellScore(**r) for r in data["empty_rows"]]})
