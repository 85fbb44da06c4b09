"""What a grading run is asked to do, and what decides whether a stored grade still holds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from cmo_course import __version__

# Bumped when grading logic changes, so that stored results are not reused across versions.
LOGIC_VERSION = "3"


class GradeError(Exception):
    """Grading cannot start; the message says what to do."""


@dataclass
class Settings:
    root: str  # the course folder (with solutions/)
    submissions: str
    out: str
    jobs: int = 2
    modules: list[str] = field(default_factory=list)
    sandbox: bool = True
    cell_timeout: int = 120
    notebook_timeout: int = 900
    memory_limit: int = 2 * 1024**3
    cpu_limit: int = 1200
    db_url: str = ""
    data_folder: str = ""
    into_course: bool = False  # also fill the course's gradebook, autograded/ and feedback/
    pristine: str = ""  # filled in by prepare()

    @property
    def work(self) -> Path:
        return Path(self.out) / ".work"

    @property
    def job_budget(self) -> int:
        """Wall clock a worker gets for one notebook before the watchdog stops it."""
        return self.notebook_timeout + 180

    def fingerprint(self) -> str:
        """Everything besides the submission that decides a grade."""
        digest = hashlib.sha256()
        for path in sorted(Path(self.root, "solutions").glob("*/*.ipynb")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        for part in (
            __version__,
            LOGIC_VERSION,
            self.data_folder,
            self.sandbox,
            self.cell_timeout,
            self.notebook_timeout,
            self.memory_limit,
            self.cpu_limit,
        ):
            digest.update(repr(part).encode())
        return digest.hexdigest()[:16]
