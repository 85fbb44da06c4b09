"""Grade a cohort: ``cmo-course grade --submissions DIR --out OUT``.

The pipeline, each step safe to repeat:

1. **Stage** (``stage.py``). Every ``<student>/<module>/`` folder of DIR is read (never
   written); broken notebooks get a zero and a reason, damaged graded cells are repaired and
   noted, tampering is flagged. The repaired copy goes to ``OUT/.work/jobs``.
2. **Autograde** (``worker.py``, ``pool.py``) in worker processes (one more than the cores by
   default), each importing nbgrader once and grading many notebooks with nbgrader's own
   converters, on a private copy of a gradebook generated from ``solutions/``
   (``prepare.py``). Kernels run in the sandbox (``instructor/sandbox.py``). A watchdog stops
   a worker that overruns its budget and records a timeout.
3. **Record** (``results.py``). Each graded notebook leaves
   ``OUT/.work/results/<student>/<module>/`` with its typed ``Result`` (``result.json``,
   written last and atomically), graded notebook and feedback. A result whose submission and
   settings have not changed is reused, so a second run, or a run after one that was killed,
   grades only what is missing and ends with identical outputs.
4. **Assemble** (``assemble.py``) ``OUT``: the gradebook with one writer, ``grades.csv``,
   ``scores.csv``, ``autograded/``, ``feedback/`` and ``report.html``.
"""

from __future__ import annotations

import fcntl
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from cmo_course.authoring.checkout import CourseError, modules
from cmo_course.instructor.config import ensure_tools_on_path

from . import results as stored
from .assemble import (
    course_folder,
    export_grades,
    fill_course,
    merge_gradebook,
    publish_files,
    write_course_config,
    write_scores,
)
from .pool import kill_kernels, run_pool
from .prepare import prepare
from .results import GRADED, MANUAL, CellScore, Result
from .settings import GradeError, Settings
from .stage import Release, Task, stage, students_in, submissions_folder
from .worker import Outcome, finish

__all__ = ["CellScore", "GradeError", "Result", "Settings", "grade"]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def grade(settings: Settings, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Grade every submission; return a summary. See the module docstring."""
    root = Path(settings.root)
    submissions = submissions_folder(Path(settings.submissions))
    out = Path(settings.out)
    if not submissions.is_dir():
        raise GradeError(f"{submissions} is not a folder of submissions.")
    if _inside(out, submissions) or _inside(submissions, out):
        raise GradeError("--out must be outside --submissions (grading never writes into them).")
    if settings.into_course and submissions == Path(settings.submissions):
        raise GradeError(
            "--into-course needs DIR to be an nbgrader course folder (one with submitted/ or "
            "grading/work/submitted/), such as the instructor's ~/cmo-course on the hub."
        )
    try:
        known = modules(root)
    except CourseError as error:
        raise GradeError(str(error)) from None
    unknown = [m for m in settings.modules if m not in known]
    if unknown:
        raise GradeError(
            f"Unknown module(s) {', '.join(unknown)}; the modules are {', '.join(known)}."
        )
    settings.modules = [m for m in known if m in settings.modules] if settings.modules else known
    if settings.sandbox:
        from cmo_course.instructor.sandbox import sandbox_problem

        problem = sandbox_problem()
        if problem:
            raise GradeError(
                f"Cannot sandbox learner code: {problem}.\nWithout a sandbox, submitted code runs "
                "as you, can read solutions/ and the gradebook, and can use the network. Install "
                "bubblewrap, or pass --no-sandbox to grade anyway (only for submissions you trust)."
            )
    # nbgrader runs the `alembic` command when it creates a gradebook: find it beside Python
    ensure_tools_on_path()
    out.mkdir(parents=True, exist_ok=True)
    settings.work.mkdir(exist_ok=True)
    lock = open(settings.work / "lock", "w")  # noqa: SIM115 - held until this run ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise GradeError(
            f"Another `cmo-course grade` is writing to {out}; wait for it to finish."
        ) from None
    try:
        return _grade(settings, submissions, out, log)
    finally:
        lock.close()


def _stage_all(
    settings: Settings, submissions: Path, students: list[str], release: dict[str, Release]
) -> tuple[dict[tuple[str, str], Result], list[Task]]:
    """Stage every submission: the results that still hold, and the tasks left to grade."""
    fingerprint = settings.fingerprint()
    done: dict[tuple[str, str], Result] = {}
    todo: list[Task] = []
    for student in students:
        for module in settings.modules:
            job = stage(submissions / student, student, module, release[module])
            key = f"{fingerprint}-{job.status}-{job.key}"
            result_dir = settings.work / "results" / student / module
            previous = stored.load(result_dir)
            if previous is not None and previous.key == key:
                done[(student, module)] = previous
                continue
            shutil.rmtree(result_dir, ignore_errors=True)
            task = Task(
                student=student,
                module=module,
                key=key,
                timestamp=job.timestamp,
                notes=job.notes,
                cell_notes=job.cell_notes,
                tampered=job.tampered,
                order=release[module].order,
                empty_rows=release[module].empty_rows("", ""),
                dir=str(settings.work / "jobs" / student / module),
                result_dir=str(result_dir),
            )
            if job.status != "ok":
                result = finish(task, Outcome(job.status, job.reason))
                stored.store(result_dir, result)
                done[(student, module)] = result
                continue
            job_dir = Path(task.dir)
            shutil.rmtree(job_dir, ignore_errors=True)
            place = job_dir / "submitted" / student / module
            place.mkdir(parents=True)
            nbformat.write(job.notebook, place / f"{module}.ipynb")
            if job.timestamp:
                (place / "timestamp.txt").write_text(job.timestamp)
            if job.secret:
                (place / "submission_secret.txt").write_text(job.secret)
            todo.append(task)
    return done, todo


def _grade(
    settings: Settings, submissions: Path, out: Path, log: Callable[[str], None]
) -> dict[str, Any]:
    for stale in settings.work.glob("jobs/*/*/kernel.pids"):
        kill_kernels(stale)
    release = prepare(settings, log)
    students = students_in(submissions)
    if not students:
        raise GradeError(f"{submissions} holds no student folders (<student>/<module>/...).")
    log(f"{len(students)} students x {len(settings.modules)} modules from {submissions}")
    results, todo = _stage_all(settings, submissions, students, release)

    total, started = len(todo), time.monotonic()
    reused = sum(1 for r in results.values() if r.has_notebook)
    if reused > 0:
        log(f"{reused} notebooks already graded with these settings: reusing their results.")
    if total:
        log(f"Grading {total} notebooks on {min(settings.jobs, total)} workers ...")
    done = 0

    def on_done(result: Result) -> None:
        nonlocal done
        done += 1
        results[(result.student, result.module)] = result
        got, out_of = result.auto_points
        statuses = sorted({r.status for r in result.rows} - {GRADED, MANUAL})
        elapsed = time.monotonic() - started
        eta = elapsed / done * (total - done)
        log(
            f"[{done:>{len(str(total))}}/{total}] {result.student} {result.module}: "
            f"{got:g}/{out_of:g}{' (' + ', '.join(statuses) + ')' if statuses else ''}"
            f"  elapsed {elapsed:.0f}s, about {eta:.0f}s left"
        )

    run_pool(todo, settings, on_done)
    ordered = [results[(s, m)] for s in students for m in settings.modules]
    if settings.db_url:
        db_url = settings.db_url
    elif settings.into_course:  # the course's own gradebook, where formgrader reads
        db_url = f"sqlite:///{course_folder(settings) / 'gradebook.db'}"
    else:
        db_url = f"sqlite:///{out / 'gradebook.db'}"
    log("Writing the gradebook, grades.csv, scores.csv, feedback and report.html ...")
    merge_gradebook(ordered, settings, db_url)
    export_grades(db_url, out / "grades.csv")
    write_scores(ordered, out / "scores.csv")
    publish_files(ordered, settings)
    if settings.into_course:
        filled = fill_course(ordered, settings)
        log(
            f"{filled} graded submissions placed in {course_folder(settings)}: formgrader shows "
            "them, and Release Feedback hands the feedback out."
        )
    from cmo_course.instructor.report import write_report

    write_report(ordered, settings.modules, out / "report.html")
    write_course_config(settings, db_url)
    summary = {
        "notebooks": len(ordered),
        "graded_now": total,
        "seconds": round(time.monotonic() - started, 1),
    }
    log(f"Done: {out / 'report.html'}")
    return summary
