"""Grade a cohort: ``cmo-course grade --submissions DIR --out OUT``.

The pipeline, each step safe to repeat:

1. **Stage.** Every ``<student>/<module>/`` folder of DIR is read (never written). A notebook
   that is empty, not JSON or not a notebook is graded zero with that reason; a wrongly named
   one is graded under the right name; a cell pasted twice, a test cell with its metadata
   stripped or changed, or turned into markdown, is repaired and noted; code that reaches into
   the kernel or the checker is marked tampered. The repaired copy goes to ``OUT/.work/jobs``.
2. **Autograde** in worker processes (one per core by default), each importing nbgrader once and
   grading many notebooks with nbgrader's own ``Autograde`` converter, on a private copy of a
   gradebook generated from ``solutions/``. Kernels run in the sandbox (``sandbox.py``). A
   watchdog stops a worker that overruns its budget and records a timeout.
3. **Record.** Each graded notebook leaves ``OUT/.work/results/<student>/<module>/`` with its
   result (``result.json``, written last and atomically), graded notebook and feedback. A result
   whose submission and settings have not changed is reused, so a second run, or a run after one
   that was killed, grades only what is missing and ends with identical outputs.
4. **Assemble** ``OUT``: the gradebook (SQLite, or ``--db-url``) with one writer, ``grades.csv``
   (nbgrader's export), ``scores.csv``, ``autograded/``, ``feedback/`` and ``report.html``.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import logging
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import __version__

RESULT = "result.json"
SOCKET_PREFIX = "cmo-grade-"  # short: a Unix socket path holds at most 107 bytes
MAX_NOTEBOOK_BYTES = 50 * 1024**2
# Bumped when grading logic changes, so that stored results are not reused across versions.
LOGIC_VERSION = "2"
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


_MATHJAX = re.compile(r'<script src="https://[^"]*mathjax[^"]*">\s*</script>')


class GradeError(Exception):
    """Grading cannot start; the message says what to do."""


# -- settings ---------------------------------------------------------------------------------


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


# -- staging ----------------------------------------------------------------------------------


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


def _release_info(release_nb: Any) -> dict[str, Any]:
    cells = {}
    order = []
    for cell in release_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if "grade_id" in meta:
            cells[meta["grade_id"]] = cell
            order.append(meta["grade_id"])
    code = {c.source.strip() for c in release_nb.cells if c.cell_type == "code"}
    return {"cells": cells, "order": order, "code": code}


def _strip_comments(source: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def stage(student_dir: Path, student: str, module: str, release: dict[str, Any]) -> Job:
    """Read one submission and decide whether and how to grade it (DIR is only read)."""
    job = Job(student, module)
    folder = student_dir / module
    if folder.is_symlink() or not folder.is_dir():
        job.status, job.reason = "not_submitted", f"There is no {module}/ folder."
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
        job.status = "invalid_notebook"
        job.reason = f"{expected} is a symbolic link, not a file; submit the notebook itself."
        return job
    if expected in notebooks:
        chosen = expected
    elif len(notebooks) == 1:
        chosen = notebooks[0]
        job.notes.append(f"The notebook was named {chosen}; it was graded as {expected}.")
    elif notebooks:
        job.status = "invalid_notebook"
        job.reason = (
            f"The folder holds {len(notebooks)} notebooks ({', '.join(notebooks)}) and none is "
            f"named {expected}; rename the one to grade."
        )
        return job
    else:
        job.status, job.reason = "not_submitted", f"The {module}/ folder holds no notebook."
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
        job.status = "invalid_notebook"
        job.reason = f"{chosen} is {size / 1024**2:.0f} MB; notebooks over 50 MB are not graded."
        return job
    raw = path.read_bytes()
    job.key = hashlib.sha256(
        raw + b"\0" + job.timestamp.encode() + b"\0" + job.secret.encode()
    ).hexdigest()
    if not raw.strip():
        job.status, job.reason = "invalid_notebook", f"{chosen} is empty."
        return job
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        job.status, job.reason = "invalid_notebook", f"{chosen} is not a text file."
        return job
    except json.JSONDecodeError as error:
        job.status = "invalid_notebook"
        job.reason = f"{chosen} is not a notebook: not valid JSON (line {error.lineno})."
        return job
    try:
        if not isinstance(data, dict) or "cells" not in data:
            raise ValueError("it has no cells")
        notebook = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:
        job.status = "invalid_notebook"
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        job.reason = f"{chosen} is not a notebook nbgrader can read: {first[:200]}"
        return job
    job.notebook = _repair(notebook, job, release)
    return job


def _repair(notebook: Any, job: Job, release: dict[str, Any]) -> Any:
    """Undo what learners do to graded cells by accident (or not), and note each repair."""
    cells = release["cells"]
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
    for grade_id in release["order"]:
        if grade_id not in present and cells[grade_id].metadata["nbgrader"].get("locked"):
            job.cell_notes[grade_id] = (
                "The test cell was missing (deleted, or its grading metadata removed); "
                "it was put back and graded."
            )
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell.source.strip() in release["code"]:
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


# -- preparation ------------------------------------------------------------------------------


def _nb_config(root: Path, course_root: Path, db_url: str) -> Any:
    from traitlets.config import Config

    from .grading import configure

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
    c = _nb_config(root, scratch, db_url)
    c.GenerateAssignment.force = True
    c.GenerateAssignment.create_assignment = True
    for module in modules:
        c.CourseDirectory.assignment_id = module
        coursedir = CourseDirectory(config=c)
        GenerateAssignment(coursedir=coursedir, config=c).start()


def prepare(settings: Settings, log: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """Build (once per fingerprint) the pristine gradebook and release; return release info."""
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
    info = {}
    for module in settings.modules:
        release = nbformat.read(pristine / "release" / module / f"{module}.ipynb", as_version=4)
        info[module] = _release_info(release)
    return info


# -- grading one notebook (in a worker) ---------------------------------------------------------


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
    from .grading import KERNEL_DIED, TIMEOUT

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


def _classify(cell: Any, timeout: int) -> tuple[str, str]:
    """A graded test cell's status and reason, from its outputs."""
    from .grading import KERNEL_DIED, NO_CHECK_RESULT, PASS_MARK, TIMEOUT

    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    if not errors:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        passes = [ln for ln in printed.splitlines() if ln.startswith(PASS_MARK)]
        return "graded", passes[0] if passes else "Passed."
    names = [e.ename for e in errors]
    if TIMEOUT in names:
        error = errors[names.index(TIMEOUT)]
        reason = error.evalue or f"This cell ran past its {timeout}-second limit and was stopped."
        return "timeout", _first_line(reason)
    if KERNEL_DIED in names:
        return "crashed", _first_line(errors[names.index(KERNEL_DIED)].evalue)
    if NO_CHECK_RESULT in names:
        return "tampered", _first_line(errors[names.index(NO_CHECK_RESULT)].evalue)
    error = errors[0]
    message = _first_line(error.evalue)
    if error.ename == "TryAgain" and message:
        # "✘ Exercise 1.1 (title): not yet." then the likely mistake, then a hint
        lines = [ln.strip() for ln in str(error.evalue).splitlines() if ln.strip()]
        return "graded", " ".join(lines[:2])
    if error.ename == "NotAttemptedYet" and message:
        return "graded", message.split(". ", 1)[0] + "."
    if error.ename == "MemoryError":
        return "graded", "MemoryError: the code ran out of memory."
    return "graded", f"{error.ename}: {message}" if message else error.ename


def empty_rows(job: Job, release: dict[str, Any], status: str, reason: str) -> list[dict]:
    rows = []
    for grade_id in release["order"]:
        meta = release["cells"][grade_id].metadata["nbgrader"]
        if not meta.get("grade"):
            continue
        rows.append(
            {
                "cell": grade_id,
                "points": 0.0,
                "max_points": float(meta.get("points", 0)),
                "status": status,
                "reason": reason,
                "auto": not meta.get("solution"),
                "needs_manual_grade": False,
            }
        )
    return rows


def grade_in_worker(job: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Autograde one staged notebook and write its result folder. Runs in a worker process."""
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    student, module = job["student"], job["module"]
    job_dir = Path(job["dir"])
    result_dir = Path(job["result_dir"])
    db = job_dir / "gradebook.db"
    for name in ("autograded", "feedback", "home"):
        shutil.rmtree(job_dir / name, ignore_errors=True)
    shutil.copyfile(Path(settings.pristine) / "gradebook.db", db)
    (job_dir / "home").mkdir()
    sockets = Path(tempfile.mkdtemp(prefix=SOCKET_PREFIX, dir="/tmp"))
    os.chmod(sockets, 0o777)
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                messages.append(record.getMessage())

    try:
        c = _nb_config(Path(settings.root), job_dir, f"sqlite:///{db}")
        c.CourseDirectory.assignment_id = module
        c.Autograde.create_student = True
        c.Execute.timeout = settings.cell_timeout
        # the notebook is done: stop its kernel at once instead of waiting for a clean exit
        c.Execute.shutdown_kernel = "immediate"
        c.RobustExecute.notebook_timeout = settings.notebook_timeout
        from .sandbox import SandboxKernelManager

        c.Execute.kernel_manager_class = SandboxKernelManager
        c.GradingKernelManager.data_folder = settings.data_folder
        c.SandboxKernelManager.sandbox = settings.sandbox
        c.SandboxKernelManager.memory_limit = settings.memory_limit
        c.SandboxKernelManager.cpu_limit = settings.cpu_limit
        c.SandboxKernelManager.socket_dir = str(sockets)
        c.SandboxKernelManager.workdir = str(job_dir / "home")
        c.SandboxKernelManager.pid_file = str(job_dir / "kernel.pids")
        coursedir = CourseDirectory(config=c)
        handler = Collect()
        timing = {}
        for converter in (Autograde, GenerateFeedback):
            began = time.monotonic()
            app = converter(coursedir=coursedir, config=c)
            app.log.addHandler(handler)
            try:
                app.start()
            except Exception as error:  # nbgrader logs the reason, then raises
                messages.append(str(error))
            finally:
                app.log.removeHandler(handler)
                timing[converter.__name__] = round(time.monotonic() - began, 2)
            if (
                converter is Autograde
                and not (job_dir / "autograded" / student / module / f"{module}.ipynb").is_file()
            ):
                break
        graded = job_dir / "autograded" / student / module / f"{module}.ipynb"
        if not graded.is_file():
            # nbgrader's last words only point back at its log: report the first real error
            useful = [m for m in messages if "above traceback" not in m] or messages
            reason = _first_line(useful[0]) if useful else "nbgrader gave no grade."
            return {"status": "error", "reason": f"nbgrader could not grade it: {reason[:300]}"}
        notebook = nbformat.read(graded, as_version=4)
        cells = {
            c.metadata["nbgrader"]["grade_id"]: c
            for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade_id")
        }
        trouble = answer_trouble(notebook)
        rows = []
        with Gradebook(f"sqlite:///{db}") as gb:
            submission = gb.find_submission_notebook(module, module, student)
            grades = {g.name: g for g in submission.grades}
            for grade_id in job["order"]:
                if grade_id not in grades:
                    continue
                grade = grades[grade_id]
                cell = cells.get(grade_id)
                auto = grade.cell.cell_type == "code" and not _is_solution(cell)
                if auto:
                    status, reason = _classify(cell, settings.cell_timeout)
                else:
                    status, reason = "manual", "A written answer: grade it by hand in formgrader."
                rows.append(
                    {
                        "cell": grade_id,
                        "points": grade.auto_score if auto else None,
                        "max_points": float(grade.max_score),
                        "status": status,
                        "reason": reason,
                        "auto": auto,
                        "needs_manual_grade": bool(grade.needs_manual_grade),
                        "trouble": trouble.get(grade_id, ""),
                    }
                )
        result_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(graded, result_dir / f"{module}.ipynb")
        feedback = job_dir / "feedback" / student / module
        for page in feedback.glob("*.html"):
            # the course has no formulas: drop the template's MathJax, the page's only download
            page.write_text(_MATHJAX.sub("", page.read_text()))
        target = result_dir / "feedback"
        shutil.rmtree(target, ignore_errors=True)
        if feedback.is_dir():
            shutil.copytree(feedback, target)
        return {"status": "graded", "rows": rows, "timing": timing}
    finally:
        shutil.rmtree(sockets, ignore_errors=True)


def _is_solution(cell: Any) -> bool:
    return bool(cell is not None and cell.metadata.get("nbgrader", {}).get("solution"))


def finish_result(job: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    """Combine the worker's outcome with what staging found, as the stored result."""
    release_rows = job["empty_rows"]
    if outcome.get("status") != "graded":
        status = outcome.get("status", "error")
        rows = [dict(r, status=status, reason=outcome["reason"]) for r in release_rows]
        has_notebook = False
    else:
        rows = outcome["rows"]
        has_notebook = True
        if job.get("tampered"):
            for row in rows:
                if row["auto"]:
                    row.update(points=0.0, status="tampered", reason=job["tampered"])
    for row in rows:
        note = job.get("cell_notes", {}).get(row["cell"])
        trouble = row.pop("trouble", "")
        row["notes"] = " ".join(filter(None, [trouble, note] + job.get("notes", [])))
    return {
        "student": job["student"],
        "module": job["module"],
        "key": job["key"],
        "timestamp": job.get("timestamp", ""),
        "has_notebook": has_notebook,
        "rows": rows,
        "timing": outcome.get("timing", {}),
    }


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(tmp, path)


def worker_main(settings_file: str) -> int:
    """A grading worker: reads jobs (JSON lines) on stdin, answers 'done' on stdout."""
    _die_with_parent()
    # stdout is the channel to the parent: anything else that prints goes to stderr
    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    settings = Settings(**json.loads(Path(settings_file).read_text()))
    import nbgrader.converters  # noqa: F401 - import once, before the first job

    for line in sys.stdin:
        job = json.loads(line)
        started = time.monotonic()
        try:
            outcome = grade_in_worker(job, settings)
        except Exception as error:  # one notebook's failure never stops the batch
            outcome = {"status": "error", "reason": f"The grader failed: {error}"[:300]}
        result = finish_result(job, outcome)
        result["seconds"] = round(time.monotonic() - started, 2)
        write_json(Path(job["result_dir"]) / RESULT, result)
        shutil.rmtree(job["dir"], ignore_errors=True)
        print(json.dumps({"done": job["name"]}), file=channel, flush=True)
    return 0


def _die_with_parent() -> None:
    """Linux: this worker gets SIGKILL when the grade command dies (so does its sandbox)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


# -- the worker pool --------------------------------------------------------------------------


def _kill_kernels(pid_file: Path) -> None:
    """Stop kernels a worker started (each leads its own process group)."""
    if not pid_file.is_file():
        return
    for text in pid_file.read_text().split():
        try:
            pid = int(text)
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (ValueError, OSError):
            continue
        if b"ipykernel" in cmdline or b"bwrap" in cmdline or b"prlimit" in cmdline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass


class Worker:
    def __init__(self, settings_file: Path, log_file: Path) -> None:
        self.log = open(log_file, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cmo_course.cohort", "--worker", str(settings_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            start_new_session=True,
        )
        self.job: dict[str, Any] | None = None
        self.deadline = 0.0

    def send(self, job: dict[str, Any], budget: int) -> None:
        self.job = job
        self.deadline = time.monotonic() + budget
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(job) + "\n").encode())
        self.process.stdin.flush()

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                if pipe:
                    pipe.close()
            except OSError:
                pass
        if self.job is not None:
            _kill_kernels(Path(self.job["dir"]) / "kernel.pids")
        self.log.close()


def run_pool(
    jobs: list[dict[str, Any]],
    settings: Settings,
    on_done: Callable[[dict[str, Any]], None],
) -> None:
    """Grade ``jobs`` on ``settings.jobs`` workers, with a watchdog per notebook."""
    if not jobs:
        return
    settings_file = settings.work / "settings.json"
    write_json(settings_file, asdict(settings))
    log_file = settings.work / "workers.log"
    pending = list(jobs)
    workers = [
        Worker(settings_file, log_file) for _ in range(max(1, min(settings.jobs, len(jobs))))
    ]
    selector = selectors.DefaultSelector()
    for worker in workers:
        selector.register(worker.process.stdout, selectors.EVENT_READ, worker)

    def replace(worker: Worker) -> Worker:
        selector.unregister(worker.process.stdout)
        worker.stop()
        fresh = Worker(settings_file, log_file)
        selector.register(fresh.process.stdout, selectors.EVENT_READ, fresh)
        workers[workers.index(worker)] = fresh
        return fresh

    def fail(job: dict[str, Any], status: str, reason: str) -> None:
        result = finish_result(job, {"status": status, "reason": reason})
        write_json(Path(job["result_dir"]) / RESULT, result)
        shutil.rmtree(job["dir"], ignore_errors=True)
        on_done(result)

    try:
        while True:
            for worker in workers:
                if worker.job is None and pending:
                    worker.send(pending.pop(0), settings.job_budget)
            busy = [w for w in workers if w.job is not None]
            if not busy:
                break
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            for key, _ in selector.select(timeout=min(wait, 5.0)):
                worker = key.data
                line = worker.process.stdout.readline()
                job, worker.job = worker.job, None
                if not line:  # the worker died (it was killed, or Python itself crashed)
                    fresh = replace(worker)
                    fresh.job = None
                    if job is not None:
                        fail(job, "crashed", "The grading process stopped while grading it.")
                    continue
                if job is not None:
                    on_done(json.loads((Path(job["result_dir"]) / RESULT).read_text()))
            now = time.monotonic()
            for worker in list(workers):
                if worker.job is not None and now > worker.deadline:
                    job = worker.job
                    replace(worker)
                    fail(
                        job,
                        "timeout",
                        f"Grading the notebook took more than {settings.job_budget} s and was "
                        "stopped.",
                    )
    finally:
        for worker in workers:
            try:
                if worker.process.stdin:
                    worker.process.stdin.close()
            except OSError:
                pass
            worker.stop()
        selector.close()


# -- assembling the outputs ---------------------------------------------------------------------


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


def write_scores(results: list[dict[str, Any]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SCORE_COLUMNS)
    for result in results:
        for row in result["rows"]:
            writer.writerow(
                [
                    result["student"],
                    result["module"],
                    row["cell"],
                    _fmt(row["points"]),
                    _fmt(row["max_points"]),
                    row["status"],
                    row["reason"],
                    row.get("notes", ""),
                ]
            )
    _replace_text(path, buffer.getvalue())


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def merge_gradebook(results: list[dict[str, Any]], settings: Settings, db_url: str) -> None:
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
            student, module = result["student"], result["module"]
            gb.update_or_create_student(student)
            if not result["has_notebook"]:
                try:
                    gb.remove_submission(module, student)
                except MissingEntry:
                    pass
                continue
            extra = {}
            if result["timestamp"]:
                try:
                    extra["timestamp"] = parse_utc(result["timestamp"])
                except Exception:  # an unreadable timestamp.txt: keep the submission without it
                    pass
            try:  # a new or handed-in-again submission: every grade is looked at afresh
                fresh = gb.find_submission(module, student).timestamp != extra.get("timestamp")
            except MissingEntry:
                fresh = True
            gb.update_or_create_submission(module, student, **extra)
            for row in result["rows"]:
                grade = gb.find_grade(row["cell"], module, module, student)
                if row["auto"]:
                    grade.auto_score = row["points"]
                if fresh:
                    # nbgrader's own rule: a score a person gave (a written answer, or an
                    # override) is kept but flagged for review, since the answer may have changed
                    grade.needs_manual_grade = grade.manual_score is not None or not row["auto"]
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


def publish_files(results: list[dict[str, Any]], settings: Settings) -> None:
    """OUT/autograded and OUT/feedback, rebuilt from the stored results (hard links)."""
    from .grading import PLOTLY_JS

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
            if not result["has_notebook"]:
                continue
            stored = settings.work / "results" / result["student"] / result["module"]
            place = staging / result["student"] / result["module"]
            if name == "autograded":
                place.mkdir(parents=True, exist_ok=True)
                notebook = stored / f"{result['module']}.ipynb"
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


def fill_course(results: list[dict[str, Any]], settings: Settings) -> int:
    """Put each graded submission's autograded notebook and feedback into the course's own
    autograded/ and feedback/ folders (nbgrader's layout, beside submitted/), so that formgrader
    shows them for manual grading and ``nbgrader release_feedback`` hands the feedback out."""
    out, course = Path(settings.out), course_folder(settings)
    count = 0
    for result in results:
        student, module = result["student"], result["module"]
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

from cmo_course.grading import configure

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


# -- the command ------------------------------------------------------------------------------


def _module_order(root: Path) -> list[str]:
    return sorted(
        p.name for p in (root / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file()
    )


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
    known = _module_order(root)
    unknown = [m for m in settings.modules if m not in known]
    if unknown:
        raise GradeError(
            f"Unknown module(s) {', '.join(unknown)}; the modules are {', '.join(known)}."
        )
    settings.modules = [m for m in known if m in settings.modules] if settings.modules else known
    if settings.sandbox:
        from .sandbox import sandbox_problem

        problem = sandbox_problem()
        if problem:
            raise GradeError(
                f"Cannot sandbox learner code: {problem}.\nWithout a sandbox, submitted code runs "
                "as you, can read solutions/ and the gradebook, and can use the network. Install "
                "bubblewrap, or pass --no-sandbox to grade anyway (only for submissions you trust)."
            )
    # nbgrader runs the `alembic` command when it creates a gradebook: find it beside Python
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
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


def _grade(
    settings: Settings, submissions: Path, out: Path, log: Callable[[str], None]
) -> dict[str, Any]:
    for stale in settings.work.glob("jobs/*/*/kernel.pids"):
        _kill_kernels(stale)
    release = prepare(settings, log)
    fingerprint = settings.fingerprint()

    students = students_in(submissions)
    if not students:
        raise GradeError(f"{submissions} holds no student folders (<student>/<module>/...).")
    log(f"{len(students)} students x {len(settings.modules)} modules from {submissions}")
    results: dict[tuple[str, str], dict[str, Any]] = {}
    todo = []
    for student in students:
        for module in settings.modules:
            job = stage(submissions / student, student, module, release[module])
            job.key = f"{fingerprint}-{job.status}-{job.key}"
            result_dir = settings.work / "results" / student / module
            stored = result_dir / RESULT
            if stored.is_file():
                previous = json.loads(stored.read_text())
                if previous.get("key") == job.key:
                    results[(student, module)] = previous
                    continue
            shutil.rmtree(result_dir, ignore_errors=True)
            payload = {
                "student": student,
                "module": module,
                "name": job.name,
                "key": job.key,
                "timestamp": job.timestamp,
                "notes": job.notes,
                "cell_notes": job.cell_notes,
                "tampered": job.tampered,
                "order": release[module]["order"],
                "empty_rows": empty_rows(job, release[module], "", ""),
                "dir": str(settings.work / "jobs" / student / module),
                "result_dir": str(result_dir),
            }
            if job.status != "ok":
                result = finish_result(payload, {"status": job.status, "reason": job.reason})
                write_json(result_dir / RESULT, result)
                results[(student, module)] = result
                continue
            job_dir = Path(payload["dir"])
            shutil.rmtree(job_dir, ignore_errors=True)
            place = job_dir / "submitted" / student / module
            place.mkdir(parents=True)
            nbformat.write(job.notebook, place / f"{module}.ipynb")
            if job.timestamp:
                (place / "timestamp.txt").write_text(job.timestamp)
            if job.secret:
                (place / "submission_secret.txt").write_text(job.secret)
            todo.append(payload)

    total, started = len(todo), time.monotonic()
    reused = len(results) - sum(1 for r in results.values() if not r["has_notebook"])
    if reused > 0:
        log(f"{reused} notebooks already graded with these settings: reusing their results.")
    if total:
        log(f"Grading {total} notebooks on {min(settings.jobs, total)} workers ...")
    done = 0

    def on_done(result: dict[str, Any]) -> None:
        nonlocal done
        done += 1
        results[(result["student"], result["module"])] = result
        got = sum(r["points"] or 0 for r in result["rows"] if r["auto"])
        out_of = sum(r["max_points"] for r in result["rows"] if r["auto"])
        statuses = sorted({r["status"] for r in result["rows"]} - {"graded", "manual"})
        elapsed = time.monotonic() - started
        eta = elapsed / done * (total - done)
        log(
            f"[{done:>{len(str(total))}}/{total}] {result['student']} {result['module']}: "
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
    from .report import write_report

    write_report(ordered, settings.modules, out / "report.html")
    write_course_config(settings, db_url)
    summary = {
        "notebooks": len(ordered),
        "graded_now": total,
        "seconds": round(time.monotonic() - started, 1),
    }
    log(f"Done: {out / 'report.html'}")
    return summary


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        sys.exit(worker_main(sys.argv[2]))
    sys.exit("usage: python -m cmo_course.cohort --worker SETTINGS.json")
