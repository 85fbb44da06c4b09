"""The course's nbgrader preprocessors: what it adds to nbgrader's pipelines.

- at release, ``TagStubCells`` lets "Run All" carry on past the learner's stubs;
- at autograde, ``RobustExecute`` gives every cell a grade and a reason whatever the notebook
  does to its kernel, and ``RequireCheckResult`` gives nothing to a test cell whose check did not
  report (a notebook that silences its own tests earns nothing);
- in feedback, ``HideHiddenTests`` keeps the hidden tests hidden and ``PlotlyFigures`` makes the
  charts visible offline.

``config.configure`` puts them in place for plain nbgrader commands and ``cmo-course`` alike.
"""

from __future__ import annotations

import json
import math
import re
import time
from typing import Any

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbutils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

from cmo_course.checks import messages

RAISES = "raises-exception"
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


# -- execution that always ends with a grade ---------------------------------------------------

TIMEOUT = "CellTimeoutError"
KERNEL_DIED = "KernelDied"
NO_CHECK_RESULT = "CheckDidNotRun"


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
        if used + size > limit and not (messages.printed_a_pass(text) and size < 4096):
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

    Every course check prints its pass line (``checks.messages``) when it passes. A test cell
    without that line ran without its check: the notebook changed how cells run (for example an
    input transformer that empties every later cell).
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if is_test_cell(cell) and not any(o.output_type == "error" for o in cell.outputs):
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            if not messages.printed_a_pass(printed):
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
