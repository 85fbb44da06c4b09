"""What the course adds to nbgrader, switched on by ``grading/nbgrader_config.py`` so that plain
``nbgrader`` commands and the ``cmo-course`` commands behave the same:

- stub tagging at release;
- grading on a data variant;
- execution that survives hostile notebooks (a kernel that will not stop, a kernel that dies,
  gigantic outputs) and gives every cell a grade and a reason;
- a test cell must show its check's result to earn points (a notebook that silences its own
  tests earns nothing);
- feedback without hidden tests, and with the plotly figures visible offline.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbutils
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer, Unicode

from .datasets import ENV_VAR, data_dir

GRADING_SEED_VAR = "CMO_COURSE_GRADING_SEED"
GRADING_DATA_VAR = "CMO_COURSE_GRADING_DATA"  # a variant already built: use it as it is
DEFAULT_GRADING_SEED = 7
RAISES = "raises-exception"
STUB_MESSAGE = "replace this line with your answer"
_TOP_LEVEL_RAISE = re.compile(r"^raise NotImplementedError", re.MULTILINE)


class TagStubCells(NbGraderPreprocessor):
    """Tag the learner's cells that raise on their stub with ``raises-exception``.

    Answer cells whose stub raises at top level and every code test cell raise until the
    learner answers; the tag lets "Run All" (and nbval) carry on past them. Runs last in
    ``generate_assignment``, after the solutions are cleared.
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code":
            return cell, resources
        stub_raises = nbutils.is_solution(cell) and _TOP_LEVEL_RAISE.search(cell.source)
        if stub_raises or nbutils.is_grade(cell):
            tags = list(cell.metadata.get("tags", []))
            if RAISES not in tags:
                cell.metadata["tags"] = tags + [RAISES]
        return cell, resources


def grading_seed() -> int | None:
    """The seed of the data variant autograding runs on, or None to grade on the shipped data.

    Grading on a variant catches answers typed in as numbers: code that computes from the data
    still passes, a hard-coded number does not. Set CMO_COURSE_GRADING_SEED=off to disable.
    """
    value = os.environ.get(GRADING_SEED_VAR, "").strip().lower()
    if value in ("off", "none", "0", "no", "false"):
        return None
    return int(value) if value else DEFAULT_GRADING_SEED


def _fingerprint() -> str:
    """Changes whenever the shipped data (and so the generators) change."""
    digest = hashlib.sha256((data_dir() / "truth.json").read_bytes())
    return digest.hexdigest()[:12]


def variant_dir(seed: int, cache_root: str | Path) -> Path:
    """A built variant of the datasets for ``seed``, cached under ``cache_root``.

    Built once (atomically, so parallel graders never see half a folder) and reused until the
    shipped data change.
    """
    from .datasets.build import build

    root = Path(cache_root)
    target = root / f"seed-{seed}-{_fingerprint()}"
    if (target / "truth.json").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".seed-{seed}-", dir=root))
    try:
        build(staging, seed=seed)
        try:
            staging.rename(target)
        except OSError:  # another grader finished first
            if not (target / "truth.json").is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


class GradingKernelManager(AsyncKernelManager):
    """Starts grading kernels with CMO_COURSE_DATA pointing at the grading variant."""

    data_folder = Unicode("", help="Datasets folder the grading kernels read.").tag(config=True)

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        env = dict(kw.pop("env", None) or os.environ)
        if self.data_folder:
            env[ENV_VAR] = self.data_folder
        await AsyncKernelManager.start_kernel(self, env=env, **kw)


# -- execution that always ends with a grade ----------------------------------------------------

TIMEOUT = "CellTimeoutError"
KERNEL_DIED = "KernelDied"
NO_CHECK_RESULT = "CheckDidNotRun"
PASS_MARK = "\u2714 Exercise"  # what every course check prints when it passes


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[])


def is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and nbutils.is_grade(cell) and not nbutils.is_solution(cell)


class RobustExecute(Execute):
    """nbgrader's Execute, with a grade for every cell whatever the notebook does.

    - A cell that will not stop when interrupted (it ignores SIGINT) is marked as timed out, its
      kernel is stopped and every later code cell is marked as not run. nbgrader alone gives such
      a submission no grade at all.
    - A kernel that dies (``os._exit``, a crash, the memory or CPU limit) marks its cell and
      every later code cell, instead of leaving the submission ungraded.
    - ``notebook_timeout`` bounds the whole notebook: cells after it runs out are not run.
    - ``max_output_bytes`` bounds what one cell may print; the rest is dropped with a note.
    """

    notebook_timeout = Integer(0, help="Seconds for the whole notebook (0: no limit).").tag(
        config=True
    )
    max_output_bytes = Integer(5_000_000, help="Output kept per cell (bytes).").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._lost: tuple[str, str] | None = None
        self._deadline = (
            time.monotonic() + self.notebook_timeout if self.notebook_timeout > 0 else None
        )
        self._output_bytes: dict[int, int] = {}
        return super().preprocess(nb, resources, km)

    def _get_timeout(self, cell: NotebookNode | None) -> int | None:
        timeout = super()._get_timeout(cell)
        if getattr(self, "_deadline", None) is None:
            return timeout
        left = max(1, math.ceil(self._deadline - time.monotonic()))
        return left if timeout is None else min(timeout, left)

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code":
            return cell, resources
        if self._lost is None and self._deadline is not None and time.monotonic() >= self._deadline:
            self._lost = (
                TIMEOUT,
                f"Not run: the notebook used up its {self.notebook_timeout}-second time limit.",
            )
        if self._lost is not None:
            cell.outputs = [error_output(*self._lost)]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except CellTimeoutError:
            cell.outputs.append(
                error_output(TIMEOUT, "This cell ran past its time limit and would not stop.")
            )
            self._lost = (
                TIMEOUT,
                "Not run: an earlier cell ran past its time limit and its kernel had to be stopped.",
            )
            self._stop_kernel()
        except DeadKernelError:
            cell.outputs.append(
                error_output(
                    KERNEL_DIED,
                    "The kernel stopped while running this cell: the code crashed, exited, or ran "
                    "out of memory or CPU time.",
                )
            )
            self._lost = (KERNEL_DIED, "Not run: the kernel stopped in an earlier cell.")
        return cell, resources

    def _stop_kernel(self) -> None:
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception as error:  # it may be gone already; cleanup tries again
            self.log.warning("Could not stop the kernel: %s", error)

    def output(
        self, outs: list, msg: dict, display_id: str | None, cell_index: int
    ) -> NotebookNode | None:
        content = msg.get("content", {})
        if msg.get("msg_type") == "stream":
            size = len(content.get("text", ""))
        else:
            size = sum(
                len(v) if isinstance(v, str) else len(json.dumps(v))
                for v in content.get("data", {}).values()
            )
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        limit = self.max_output_bytes
        text = content.get("text", "") if msg.get("msg_type") == "stream" else ""
        if used + size > limit and not (PASS_MARK in text and size < 4096):
            if used <= limit:
                outs.append(
                    NotebookNode(
                        output_type="stream",
                        name="stdout",
                        text=f"\n[Output cut: this cell printed more than {limit:,} bytes.]\n",
                    )
                )
            return None
        return super().output(outs, msg, display_id, cell_index)


class RequireCheckResult(NbGraderPreprocessor):
    """A test cell that raised nothing but printed no check result earns nothing.

    Every course check prints a line starting "✔ Exercise" when it passes. A test cell without
    that line ran without its check: the notebook changed how cells run (for example an input
    transformer that empties every later cell).
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if is_test_cell(cell) and not any(o.output_type == "error" for o in cell.outputs):
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            if PASS_MARK not in printed:
                cell.outputs.append(
                    error_output(
                        NO_CHECK_RESULT,
                        "This test cell finished without its check reporting a result, so it "
                        "scores zero. Something in the notebook changed how cells run.",
                    )
                )
        return cell, resources


# -- feedback ---------------------------------------------------------------------------------

_HIDDEN = re.compile(r"[ \t]*#+ *BEGIN HIDDEN TESTS.*?#+ *END HIDDEN TESTS[ \t]*\n?", re.DOTALL)


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback shows a test cell's points and its check's message, never its hidden tests.

    Hidden test regions are cut from the source, and a test cell's errors keep only their
    message (a traceback would quote the hidden lines).
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if is_test_cell(cell):
            cell.source = _HIDDEN.sub("", cell.source).rstrip()
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


PLOTLY_JS = "plotly.min.js"
NO_PLOTLY = "[A chart is drawn here in your notebook; open the notebook to see it.]"
_PLOTLY_MIME = "application/vnd.plotly.v1+json"


class PlotlyFigures(NbGraderPreprocessor):
    """Make plotly figures visible in feedback HTML, offline.

    Graded notebooks hold figures only as plotly JSON, which HTML exporters skip. Each figure
    gets an HTML rendering, and plotly.js is written beside the page (no network needed).
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> Any:
        from plotly.offline import get_plotlyjs

        count = 0
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if _PLOTLY_MIME in data and "text/html" not in data:
                    figure = data[_PLOTLY_MIME]
                    div = f"plotly-feedback-{count}"
                    loader = f'<script src="{PLOTLY_JS}"></script>' if count == 0 else ""
                    spec = json.dumps(
                        {"data": figure.get("data", []), "layout": figure.get("layout", {})}
                    ).replace("</", "<\\/")
                    # nbgrader's release_feedback hands out the page alone: without the script
                    # beside it, say where the chart is instead of leaving a blank box
                    data["text/html"] = (
                        f'{loader}<div id="{div}" style="min-height:420px"></div>'
                        f"<script>(function(){{var f={spec};"
                        f'var d=document.getElementById("{div}");'
                        f"if(window.Plotly){{Plotly.newPlot(d,f.data,f.layout,{{responsive:true}});}}"
                        f'else{{d.style.minHeight="0";d.textContent="{NO_PLOTLY}";}}}})();</script>'
                    )
                    count += 1
        if count:
            resources.setdefault("outputs", {})[PLOTLY_JS] = get_plotlyjs().encode()
        return nb, resources


def feedback_preprocessors() -> list:
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import GetGrades

    return [GetGrades, HideHiddenTests, PlotlyFigures, CSSHTMLHeaderPreprocessor]


def autograde_preprocessors() -> list:
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import LimitOutput

    steps = []
    for step in Autograde.class_traits()["autograde_preprocessors"].default():
        steps.append(RobustExecute if step is Execute else step)
        if step is LimitOutput:
            steps.append(RequireCheckResult)
    return steps


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, refusing submissions handed in under another learner's name.

    In the exchange, a submission's folder name says whose it is, and anyone can write any name
    (``nbgrader submit --student=someone``). Plain nbgrader only warns, and then collects the
    newest folder per name: a learner could replace a classmate's work. Here a folder whose
    owner is not the user it names is left out (with an error in the log), and the named
    learner's newest own submission is collected instead.
    """

    def _owner(self, record: dict[str, Any]) -> str:
        import pwd

        try:
            uid = os.stat(os.path.join(self.inbound_path, record["filename"])).st_uid
            return pwd.getpwuid(uid).pw_name
        except (KeyError, OSError):
            return "an unknown user"

    def init_src(self) -> None:
        super().init_src()
        if os.name != "posix" or not self.check_owner:
            return
        import glob

        kept = []
        for record in self.src_records:
            if self._owner(record) == record["username"]:
                kept.append(record)
                continue
            pattern = os.path.join(
                self.inbound_path,
                f"{glob.escape(record['username'])}+{glob.escape(self.coursedir.assignment_id)}+*",
            )
            candidates = [self._path_to_record(path) for path in glob.glob(pattern)]
            for other in candidates:
                owner = self._owner(other)
                if owner != other["username"]:
                    self.log.error(
                        "Not collected: %s names %s but was handed in by %s.",
                        other["filename"],
                        other["username"],
                        owner,
                    )
            own = [r for r in candidates if self._owner(r) == r["username"]]
            if own:
                kept.append(self._sort_by_timestamp(own)[0])
        self.src_records = kept


def execution_settings(c: Any) -> None:
    """How nbgrader runs a notebook, for grading and for a learner's Validate button alike (the
    hub's system-wide nbgrader config applies this to every learner)."""
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, IgnorePattern

    # A cell gets two minutes; the slowest reference answer takes well under a second.
    c.Execute.timeout = 120
    c.Execute.interrupt_on_timeout = True
    # Widget state (the plotly FigureWidget bundle) would add megabytes to every graded copy.
    c.Execute.store_widget_state = False
    # A warning on stderr must not cost a learner the points of a cell, nor fail Validate.
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = r"[A-Za-z]*Warning\b"
    c.Validator.preprocessors = [CheckCellMetadata, ClearOutput, Execute, IgnorePattern]


def configure(c: Any, root: Path, grading_variant: bool = True) -> None:
    """Apply the course's nbgrader settings to a traitlets config ``c`` (see nbgrader_config.py).

    With ``grading_variant`` (the default), kernels that nbgrader starts to validate or
    autograde read a data variant (see ``grading_seed``); releasing needs no kernel.
    """
    from nbgrader.converters import GenerateAssignment

    work = root / "grading" / "work"
    work.mkdir(
        parents=True, exist_ok=True
    )  # a fresh clone has no work folder yet (it is git-ignored)
    c.CourseDirectory.course_id = "cmo-course"
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.source_directory = "solutions"
    c.CourseDirectory.release_directory = "course"
    c.CourseDirectory.submitted_directory = "grading/work/submitted"
    c.CourseDirectory.autograded_directory = "grading/work/autograded"
    c.CourseDirectory.feedback_directory = "grading/work/feedback"
    c.CourseDirectory.solution_directory = "grading/work/released_solutions"
    c.CourseDirectory.db_url = f"sqlite:///{work / 'gradebook.db'}"
    # A submission handed in under another learner's name is refused, not collected.
    c.ExchangeFactory.collect = OwnerCheckedCollect

    # The learner's placeholder: it raises until replaced, with a message that says what to do.
    c.ClearSolutions.code_stub = {
        "python": f'# YOUR CODE HERE\nraise NotImplementedError("{STUB_MESSAGE}")'
    }

    defaults = list(GenerateAssignment.class_traits()["preprocessors"].default())
    c.GenerateAssignment.preprocessors = defaults + [TagStubCells]

    execution_settings(c)
    # A test cell the learner deleted comes back (with a note) instead of blocking the grade.
    c.OverwriteCells.add_missing_cells = True
    # Every cell gets a grade and a reason, whatever the notebook does to its kernel.
    c.Autograde.autograde_preprocessors = autograde_preprocessors()
    # Feedback: no hidden tests, figures visible offline.
    c.GenerateFeedback.preprocessors = feedback_preprocessors()

    seed = grading_seed() if grading_variant else None
    if seed is not None:
        prebuilt = os.environ.get(GRADING_DATA_VAR, "").strip()
        folder = Path(prebuilt) if prebuilt else variant_dir(seed, work / "data")
        c.GradingKernelManager.data_folder = str(folder)
        c.Execute.kernel_manager_class = GradingKernelManager
