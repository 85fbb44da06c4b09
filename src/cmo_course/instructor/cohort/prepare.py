"""Before grading: nbgrader's view of a course folder, and the pristine gradebook every worker
copies (the modules' graded cells, recorded once per fingerprint from ``solutions/``)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from .settings import Settings
from .stage import Release


def nb_config(root: Path, course_root: Path, db_url: str) -> Any:
    """The course's nbgrader settings, for an nbgrader course folder at ``course_root`` whose
    source is the checkout's ``solutions/`` and whose gradebook is ``db_url``."""
    from traitlets.config import Config

    from cmo_course.instructor.config import configure

    c = Config()
    configure(c, root, grading_variant=False)
    c.CourseDirectory.root = str(course_root)
    c.CourseDirectory.source_directory = str(root / "solutions")
    c.CourseDirectory.release_directory = "release"
    c.CourseDirectory.submitted_directory = "submitted"
    c.CourseDirectory.autograded_directory = "autograded"
    c.CourseDirectory.feedback_directory = "feedback"
    c.CourseDirectory.db_url = db_url
    c.CourseDirectory.student_id = "*"
    c.Application.log_level = logging.WARNING
    return c


def generate_gradebook(root: Path, modules: list[str], db_url: str, scratch: Path) -> None:
    """Record every module's cells in a gradebook, as ``nbgrader generate_assignment`` does."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    scratch.mkdir(parents=True, exist_ok=True)
    c = nb_config(root, scratch, db_url)
    c.GenerateAssignment.force = True
    c.GenerateAssignment.create_assignment = True
    for module in modules:
        c.CourseDirectory.assignment_id = module
        coursedir = CourseDirectory(config=c)
        GenerateAssignment(coursedir=coursedir, config=c).start()


def prepare(settings: Settings, log: Callable[[str], None]) -> dict[str, Release]:
    """Build (once per fingerprint) the pristine gradebook and release; return each module's
    released notebook as grading reads it."""
    root = Path(settings.root)
    key = settings.fingerprint()
    pristine = settings.work / "pristine" / key
    if not (pristine / "done").is_file():
        log("Recording the modules' graded cells from solutions/ ...")
        if pristine.exists():
            shutil.rmtree(pristine)
        pristine.mkdir(parents=True)
        generate_gradebook(
            root, settings.modules, f"sqlite:///{pristine / 'gradebook.db'}", pristine
        )
        (pristine / "done").write_text(key)
    settings.pristine = str(pristine)
    return {
        module: Release.of(
            nbformat.read(pristine / "release" / module / f"{module}.ipynb", as_version=4)
        )
        for module in settings.modules
    }
