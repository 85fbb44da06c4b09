"""What grading one submission produces, as typed records, and how they are stored.

A ``Result`` is one learner's module: a ``CellScore`` per graded cell, with a status and a
reason. It is written to ``OUT/.work/results/<student>/<module>/result.json`` (last, and
atomically), so a re-run reuses it when nothing that decides the grade has changed.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

RESULT = "result.json"

# A cell's status. "graded" and "manual" are the normal ones; the rest need attention.
GRADED = "graded"
MANUAL = "manual"
NOT_SUBMITTED = "not_submitted"
INVALID = "invalid_notebook"
TIMEOUT = "timeout"
CRASHED = "crashed"
TAMPERED = "tampered"
ERROR = "error"
ATTENTION = (NOT_SUBMITTED, INVALID, TIMEOUT, CRASHED, TAMPERED, ERROR)


@dataclass
class CellScore:
    """One graded cell of one submission."""

    cell: str  # nbgrader's grade_id
    points: float | None  # None: a written answer, scored by hand
    max_points: float
    status: str
    reason: str
    auto: bool  # scored by its check (not by hand)
    needs_manual_grade: bool = False
    notes: str = ""

    @property
    def full_marks(self) -> bool:
        return self.points is not None and self.points >= self.max_points


@dataclass
class Result:
    """One learner's module: every graded cell, and what grading it took."""

    student: str
    module: str
    key: str  # what decided the grade (submission and settings): reuse while it matches
    timestamp: str
    has_notebook: bool  # False: not submitted, unreadable, or nbgrader could not grade it
    rows: list[CellScore] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def auto_rows(self) -> list[CellScore]:
        return [row for row in self.rows if row.auto]

    @property
    def auto_points(self) -> tuple[float, float]:
        """Points scored and available on the auto-graded cells."""
        rows = self.auto_rows
        return sum(r.points or 0 for r in rows), sum(r.max_points for r in rows)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        rows = [CellScore(**row) for row in data.get("rows", [])]
        return cls(**{**data, "rows": rows})

    def with_rows(self, rows: list[CellScore]) -> Result:
        return replace(self, rows=rows)


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(tmp, path)


def store(result_dir: Path, result: Result) -> None:
    write_json(result_dir / RESULT, result.to_json())


def load(result_dir: Path) -> Result | None:
    """The stored result in ``result_dir``, or None when there is none (or it is unreadable)."""
    path = result_dir / RESULT
    if not path.is_file():
        return None
    try:
        return Result.from_json(json.loads(path.read_text()))
    except (ValueError, TypeError, KeyError):
        return None
