"""A learner's progress, kept in their own folder so that it outlives the kernel.

Every check and every hint a learner asks for adds one line to ``.cmo-course-progress.jsonl``
in the folder the notebook runs in (their copy of the module): the time, the module, the
exercise, what happened and, for a wrong answer, the mistake the check named. Nothing else: no
name, no answer. ``check.progress()`` reads it back, across kernel restarts and sessions. The
file travels with the learner's folder (and with a submission); grading never writes it, and
nothing in it counts towards a grade. A line that was edited or cut is skipped and counted, so a
damaged record loses only what it damaged.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RECORD = ".cmo-course-progress.jsonl"
KINDS = ("check", "hint")
OUTCOMES = ("passed", "not yet", "not attempted", "")


@dataclass(frozen=True)
class Event:
    time: str  # ISO 8601, UTC
    module: str
    exercise: str
    kind: str  # "check" or "hint"
    outcome: str = ""  # for a check: "passed", "not yet" or "not attempted"
    mistake: str = ""  # for "not yet": the mistake the check named (its first line)

    @classmethod
    def now(cls, module: str, exercise: str, kind: str, outcome: str = "", mistake: str = ""):
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(stamp, module, exercise, kind, outcome, mistake[:240])

    @classmethod
    def from_json(cls, data: object) -> Event:
        if not isinstance(data, dict):
            raise ValueError("not a record")
        event = cls(
            **{k: str(data[k]) for k in ("time", "module", "exercise", "kind")},
            outcome=str(data.get("outcome", "")),
            mistake=str(data.get("mistake", "")),
        )
        if event.kind not in KINDS or event.outcome not in OUTCOMES:
            raise ValueError("not a record")
        datetime.fromisoformat(event.time)
        return event


class ProgressLog:
    """The progress record in ``folder`` (the notebook's folder by default). A log that is not
    ``keeping`` reads the record but adds nothing to it (checks run outside a notebook)."""

    def __init__(self, folder: str | Path | None = None, keeping: bool = True) -> None:
        self.path = Path(folder or os.getcwd()) / RECORD
        self.keeping = keeping
        self.unwritable = False

    @classmethod
    def for_this_kernel(cls) -> ProgressLog:
        """The notebook's folder, kept only when the checks run in a notebook's kernel."""
        try:
            from IPython import get_ipython

            in_kernel = get_ipython() is not None
        except ImportError:  # pragma: no cover - IPython ships with the course
            in_kernel = False
        return cls(keeping=in_kernel)

    def record(self, event: Event) -> None:
        """Append one event. A folder that cannot be written to (a read-only copy) loses the
        record quietly: progress is a help, never a reason for a check to fail."""
        if self.unwritable or not self.keeping:
            return
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(asdict(event), sort_keys=True) + "\n")
        except OSError:
            self.unwritable = True

    def read(self) -> tuple[list[Event], int]:
        """Every readable event, oldest first, and how many lines could not be read."""
        if not self.path.is_file():
            return [], 0
        events, damaged = [], 0
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return [], 0
        for line in lines:
            if not line.strip():
                continue
            try:
                events.append(Event.from_json(json.loads(line)))
            except (ValueError, TypeError, KeyError):
                damaged += 1
        return events, damaged
