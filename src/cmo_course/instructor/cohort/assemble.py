"""Stage 3: assemble OUT from the stored results, with one writer: the gradebook (SQLite, or
``--db-url``), ``grades.csv`` (nbgrader's export), ``scores.csv``, ``autograded/``,
``feedback/``, and, with ``--into-course``, the course's own folders for formgrader."""

from __future__ import annotations

import csv
import io
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

from .prepare import generate_gradebook
from .results import Result
from .settings import Settings
from .stage import submissions_folder

SCORE_COLUMNS = [
    "student_id",
    "module",
    "cell",
    "points",
    "max_points",
    "status",
    "reason",
    "notes",
]


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    return f"{float(value):g}"


def write_scores(results: list[Result], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SCORE_COLUMNS)
    for result in results:
        for row in result.rows:
            writer.writerow(
                [
                    result.student,
                    result.module,
                    row.cell,
                    _fmt(row.points),
                    _fmt(row.max_points),
                    row.status,
                    row.reason,
                    row.notes,
                ]
            )
    _replace_text(path, buffer.getvalue())


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def merge_gradebook(results: list[Result], settings: Settings, db_url: str) -> None:
    """Write every result into the instructor's gradebook (one writer; manual scores kept)."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.utils import parse_utc
    from sqlalchemy.exc import SAWarning

    generate_gradebook(
        Path(settings.root), settings.modules, db_url, settings.work / "target-release"
    )
    with warnings.catch_warnings(), Gradebook(db_url, "cmo-course") as gb:
        # nbgrader's own relationship handling warns on every new submission; it is harmless
        warnings.simplefilter("ignore", category=SAWarning)
        for result in results:
            student, module = result.student, result.module
            gb.update_or_create_student(student)
            if not result.has_notebook:
                try:
                    gb.remove_submission(module, student)
                except MissingEntry:
                    pass
                continue
            extra = {}
            if result.timestamp:
                try:
                    extra["timestamp"] = parse_utc(result.timestamp)
                except Exception:  # an unreadable timestamp.txt: keep the submission without it
                    pass
            try:  # a new or handed-in-again submission: every grade is looked at afresh
                fresh = gb.find_submission(module, student).timestamp != extra.get("timestamp")
            except MissingEntry:
                fresh = True
            gb.update_or_create_submission(module, student, **extra)
            for row in result.rows:
                grade = gb.find_grade(row.cell, module, module, student)
                if row.auto:
                    grade.auto_score = row.points
                if fresh:
                    # nbgrader's own rule: a score a person gave (a written answer, or an
                    # override) is kept but flagged for review, since the answer may have changed
                    grade.needs_manual_grade = grade.manual_score is not None or not row.auto
            gb.db.commit()


def export_grades(db_url: str, path: Path) -> None:
    """nbgrader's CSV export, rows sorted so that a re-run writes the same file."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    tmp = path.with_name(f".{path.name}.export")
    plugin = CsvExportPlugin()
    plugin.to = str(tmp)
    with Gradebook(db_url, "cmo-course") as gb:
        plugin.export(gb)
    lines = tmp.read_text().splitlines()
    tmp.unlink()
    _replace_text(path, "\n".join([lines[0]] + sorted(lines[1:])) + "\n")


def _link_tree(source: Path, target: Path, shared: dict[str, Path]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(source.iterdir()):
        if item.is_dir():
            _link_tree(item, target / item.name, shared)
            continue
        destination = target / item.name
        origin = shared.get(item.name, item)
        try:
            os.link(origin, destination)
        except OSError:
            shutil.copyfile(origin, destination)


def publish_files(results: list[Result], settings: Settings) -> None:
    """OUT/autograded and OUT/feedback, rebuilt from the stored results (hard links)."""
    from cmo_course.instructor.preprocessors import PLOTLY_JS

    out = Path(settings.out)
    shared = {}
    script = settings.work / PLOTLY_JS
    if not script.is_file():
        from plotly.offline import get_plotlyjs

        script.write_text(get_plotlyjs())
    shared[PLOTLY_JS] = script
    for name in ("autograded", "feedback"):
        staging = out / f".{name}.new"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for result in results:
            if not result.has_notebook:
                continue
            stored = settings.work / "results" / result.student / result.module
            place = staging / result.student / result.module
            if name == "autograded":
                place.mkdir(parents=True, exist_ok=True)
                notebook = stored / f"{result.module}.ipynb"
                os.link(notebook, place / notebook.name)
            elif (stored / "feedback").is_dir():
                _link_tree(stored / "feedback", place, shared)
        final = out / name
        old = out / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)


def course_folder(settings: Settings) -> Path:
    """The nbgrader course folder holding the submissions (the parent of its submitted/)."""
    return submissions_folder(Path(settings.submissions)).parent


def fill_course(results: list[Result], settings: Settings) -> int:
    """Put each graded submission's autograded notebook and feedback into the course's own
    autograded/ and feedback/ folders (nbgrader's layout, beside submitted/), so that formgrader
    shows them for manual grading and ``nbgrader release_feedback`` hands the feedback out."""
    out, course = Path(settings.out), course_folder(settings)
    count = 0
    for result in results:
        student, module = result.student, result.module
        if not (out / "autograded" / student / module).is_dir():
            continue
        for name in ("autograded", "feedback"):
            source = out / name / student / module
            if not source.is_dir():
                continue
            target = course / name / student / module
            staging = target.parent / f".{target.name}.new"
            shutil.rmtree(staging, ignore_errors=True)
            # hard links where the file system allows (plotly.min.js is the same for all)
            shutil.copytree(source, staging, copy_function=_link_or_copy)
            if name == "autograded":
                # nbgrader's generate_feedback (after manual grading) carries these two files
                # from autograded/ to feedback/, and release_feedback needs them there
                for extra in ("timestamp.txt", "submission_secret.txt"):
                    kept = out / "feedback" / student / module / extra
                    if kept.is_file():
                        shutil.copyfile(kept, staging / extra)
            shutil.rmtree(target, ignore_errors=True)
            os.replace(staging, target)
        count += 1
    return count


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


COURSE_CONFIG = """\
# Written by `cmo-course grade`: makes this folder an nbgrader course, so that formgrader (manual
# grading), `nbgrader generate_feedback --force` and `nbgrader export` work from here.
from pathlib import Path

from cmo_course.instructor.config import configure

c = get_config()  # noqa: F821
configure(c, Path({root!r}), grading_variant=False)
c.CourseDirectory.root = {out!r}
c.CourseDirectory.source_directory = {source!r}
c.CourseDirectory.release_directory = {release!r}
c.CourseDirectory.submitted_directory = {submitted!r}
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = {db_url!r}
"""


def write_course_config(settings: Settings, db_url: str) -> None:
    """OUT/nbgrader_config.py, for formgrader and plain nbgrader commands run in OUT."""
    text = COURSE_CONFIG.format(
        root=settings.root,
        out=settings.out,
        source=str(Path(settings.root) / "solutions"),
        release=str(Path(settings.pristine) / "release"),
        submitted=str(submissions_folder(Path(settings.submissions))),
        db_url=db_url,
    )
    _replace_text(Path(settings.out) / "nbgrader_config.py", text)
