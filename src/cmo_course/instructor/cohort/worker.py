"""Stage 2: autograde one staged notebook, in a worker process.

A worker imports nbgrader once and grades many notebooks with nbgrader's own ``Autograde``
and ``GenerateFeedback`` converters, each on a private copy of the pristine gradebook, with its
kernel in the sandbox. It reads tasks (JSON lines) on stdin, writes each result folder, and
answers ``{"done": ...}`` on stdout. Run as ``python -m cmo_course.instructor.cohort.worker
SETTINGS.json``; the pool (``pool.py``) starts and watches the workers.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from cmo_course.checks import messages
from cmo_course.instructor.preprocessors import KERNEL_DIED, NO_CHECK_RESULT, TIMEOUT

from . import results
from .prepare import nb_config
from .results import CRASHED, ERROR, GRADED, MANUAL, TAMPERED, CellScore, Result
from .settings import Settings
from .stage import Task

SOCKET_PREFIX = "cmo-grade-"  # short: a Unix socket path holds at most 107 bytes
_MATHJAX = re.compile(r'<script src="https://[^"]*mathjax[^"]*">\s*</script>')


@dataclass
class Outcome:
    """What grading a task gave: graded cells, or why there is no grade."""

    status: str  # GRADED, or the reason nothing could be graded (error, crashed, timeout, ...)
    reason: str = ""
    rows: list[CellScore] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)


def _first_line(text: str) -> str:
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()
    return ""


def answer_trouble(notebook: Any) -> dict[str, str]:
    """For each test cell, what went wrong in the code cells run since the previous test.

    A test that fails because its answer cell looped or ran out of memory says so; the check's
    own message ("not attempted yet") would not.
    """
    found: dict[str, str] = {}
    pending: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            if pending:
                found[meta.get("grade_id", "")] = " ".join(dict.fromkeys(pending))
            pending = []
            continue
        for output in cell.get("outputs", []):
            if output.output_type != "error":
                continue
            if output.ename in (TIMEOUT, "KeyboardInterrupt") and "Not run" not in output.evalue:
                pending.append("A cell before this test ran past its time limit and was stopped.")
            elif output.ename == "MemoryError":
                pending.append("A cell before this test ran out of memory.")
            elif output.ename == KERNEL_DIED and "Not run" not in output.evalue:
                pending.append("The kernel stopped in a cell before this test.")
    return found


def classify(cell: Any, timeout: int) -> tuple[str, str]:
    """A graded test cell's status and reason, from its outputs."""
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    if not errors:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        passes = messages.pass_lines(printed)
        return GRADED, passes[0] if passes else "Passed."
    names = [e.ename for e in errors]
    if TIMEOUT in names:
        error = errors[names.index(TIMEOUT)]
        reason = error.evalue or f"This cell ran past its {timeout}-second limit and was stopped."
        return results.TIMEOUT, _first_line(reason)
    if KERNEL_DIED in names:
        return CRASHED, _first_line(errors[names.index(KERNEL_DIED)].evalue)
    if NO_CHECK_RESULT in names:
        return TAMPERED, _first_line(errors[names.index(NO_CHECK_RESULT)].evalue)
    error = errors[0]
    reason = messages.graded_reason(error.ename, error.evalue)
    if reason:
        return GRADED, reason
    if error.ename == "MemoryError":
        return GRADED, "MemoryError: the code ran out of memory."
    message = _first_line(error.evalue)
    return GRADED, f"{error.ename}: {message}" if message else error.ename


def _is_solution(cell: Any) -> bool:
    return bool(cell is not None and cell.metadata.get("nbgrader", {}).get("solution"))


def _config(task: Task, settings: Settings, job_dir: Path, db: Path, sockets: Path) -> Any:
    from cmo_course.instructor.sandbox import SandboxKernelManager

    c = nb_config(Path(settings.root), job_dir, f"sqlite:///{db}")
    c.CourseDirectory.assignment_id = task.module
    c.Autograde.create_student = True
    c.Execute.timeout = settings.cell_timeout
    # the notebook is done: stop its kernel at once instead of waiting for a clean exit
    c.Execute.shutdown_kernel = "immediate"
    c.RobustExecute.notebook_timeout = settings.notebook_timeout
    c.Execute.kernel_manager_class = SandboxKernelManager
    c.GradingKernelManager.data_folder = settings.data_folder
    c.SandboxKernelManager.sandbox = settings.sandbox
    c.SandboxKernelManager.memory_limit = settings.memory_limit
    c.SandboxKernelManager.cpu_limit = settings.cpu_limit
    c.SandboxKernelManager.socket_dir = str(sockets)
    c.SandboxKernelManager.workdir = str(job_dir / "home")
    c.SandboxKernelManager.pid_file = str(job_dir / "kernel.pids")
    return c


def _run_nbgrader(c: Any, task: Task, job_dir: Path) -> tuple[list[str], dict[str, float]]:
    """Autograde, then write feedback; the error messages nbgrader logged, and the timing."""
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())

    coursedir = CourseDirectory(config=c)
    handler = Collect()
    timing = {}
    graded = job_dir / "autograded" / task.student / task.module / f"{task.module}.ipynb"
    for converter in (Autograde, GenerateFeedback):
        began = time.monotonic()
        app = converter(coursedir=coursedir, config=c)
        app.log.addHandler(handler)
        try:
            app.start()
        except Exception as error:  # nbgrader logs the reason, then raises
            errors.append(str(error))
        finally:
            app.log.removeHandler(handler)
            timing[converter.__name__] = round(time.monotonic() - began, 2)
        if converter is Autograde and not graded.is_file():
            break
    return errors, timing


def _scores(task: Task, notebook: Any, db: Path, timeout: int) -> list[CellScore]:
    """Every graded cell's score from the job's gradebook, with a status and reason from its
    outputs."""
    from nbgrader.api import Gradebook

    cells = {
        c.metadata["nbgrader"]["grade_id"]: c
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade_id")
    }
    trouble = answer_trouble(notebook)
    rows = []
    with Gradebook(f"sqlite:///{db}") as gb:
        submission = gb.find_submission_notebook(task.module, task.module, task.student)
        grades = {g.name: g for g in submission.grades}
        for grade_id in task.order:
            if grade_id not in grades:
                continue
            grade = grades[grade_id]
            cell = cells.get(grade_id)
            auto = grade.cell.cell_type == "code" and not _is_solution(cell)
            if auto:
                status, reason = classify(cell, timeout)
            else:
                status, reason = MANUAL, "A written answer: grade it by hand in formgrader."
            rows.append(
                CellScore(
                    cell=grade_id,
                    points=grade.auto_score if auto else None,
                    max_points=float(grade.max_score),
                    status=status,
                    reason=reason,
                    auto=auto,
                    needs_manual_grade=bool(grade.needs_manual_grade),
                    notes=trouble.get(grade_id, ""),
                )
            )
    return rows


def grade_task(task: Task, settings: Settings) -> Outcome:
    """Autograde one staged notebook and write its result folder's notebook and feedback."""
    job_dir = Path(task.dir)
    result_dir = Path(task.result_dir)
    db = job_dir / "gradebook.db"
    for name in ("autograded", "feedback", "home"):
        shutil.rmtree(job_dir / name, ignore_errors=True)
    shutil.copyfile(Path(settings.pristine) / "gradebook.db", db)
    (job_dir / "home").mkdir()
    sockets = Path(tempfile.mkdtemp(prefix=SOCKET_PREFIX, dir="/tmp"))
    os.chmod(sockets, 0o777)
    try:
        c = _config(task, settings, job_dir, db, sockets)
        errors, timing = _run_nbgrader(c, task, job_dir)
        graded = job_dir / "autograded" / task.student / task.module / f"{task.module}.ipynb"
        if not graded.is_file():
            # nbgrader's last words only point back at its log: report the first real error
            useful = [m for m in errors if "above traceback" not in m] or errors
            reason = _first_line(useful[0]) if useful else "nbgrader gave no grade."
            return Outcome(ERROR, f"nbgrader could not grade it: {reason[:300]}")
        rows = _scores(task, nbformat.read(graded, as_version=4), db, settings.cell_timeout)
        result_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(graded, result_dir / f"{task.module}.ipynb")
        feedback = job_dir / "feedback" / task.student / task.module
        for page in feedback.glob("*.html"):
            # the course has no formulas: drop the template's MathJax, the page's only download
            page.write_text(_MATHJAX.sub("", page.read_text()))
        target = result_dir / "feedback"
        shutil.rmtree(target, ignore_errors=True)
        if feedback.is_dir():
            shutil.copytree(feedback, target)
        return Outcome(GRADED, rows=rows, timing=timing)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)


def finish(task: Task, outcome: Outcome) -> Result:
    """Combine the worker's outcome with what staging found, as the stored result."""
    if outcome.status != GRADED:
        rows = [
            CellScore(**{**vars(r), "status": outcome.status, "reason": outcome.reason})
            for r in task.empty_rows
        ]
        has_notebook = False
    else:
        rows = outcome.rows
        has_notebook = True
        if task.tampered:
            for row in rows:
                if row.auto:
                    row.points, row.status, row.reason = 0.0, TAMPERED, task.tampered
    for row in rows:
        note = task.cell_notes.get(row.cell)
        row.notes = " ".join(filter(None, [row.notes, note, *task.notes]))
    return Result(
        student=task.student,
        module=task.module,
        key=task.key,
        timestamp=task.timestamp,
        has_notebook=has_notebook,
        rows=rows,
        timing=outcome.timing,
    )


def record(task: Task, outcome: Outcome, seconds: float = 0.0) -> Result:
    """Store a task's result and clear its scratch folder."""
    result = finish(task, outcome)
    result.seconds = round(seconds, 2)
    results.store(Path(task.result_dir), result)
    shutil.rmtree(task.dir, ignore_errors=True)
    return result


def main(settings_file: str) -> int:
    """A grading worker: reads tasks (JSON lines) on stdin, answers 'done' on stdout."""
    _die_with_parent()
    # stdout is the channel to the parent: anything else that prints goes to stderr
    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    settings = Settings(**json.loads(Path(settings_file).read_text()))
    import nbgrader.converters  # noqa: F401 - import once, before the first task

    for line in sys.stdin:
        task = Task.from_json(json.loads(line))
        started = time.monotonic()
        try:
            outcome = grade_task(task, settings)
        except Exception as error:  # one notebook's failure never stops the batch
            outcome = Outcome(ERROR, f"The grader failed: {error}"[:300])
        record(task, outcome, time.monotonic() - started)
        print(json.dumps({"done": task.name}), file=channel, flush=True)
    return 0


def _die_with_parent() -> None:
    """Linux: this worker gets SIGKILL when the grade command dies (so does its sandbox)."""
    from cmo_course.instructor.deathsig import die_with_parent

    die_with_parent()


if __name__ == "__main__":
    if len(sys.argv) == 2:
        sys.exit(main(sys.argv[1]))
    sys.exit("usage: python -m cmo_course.instructor.cohort.worker SETTINGS.json")
