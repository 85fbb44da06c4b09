"""The course's nbgrader settings, switched on by ``grading/nbgrader_config.py`` so that plain
``nbgrader`` commands and the ``cmo-course`` commands behave the same: the folders, the
learner's stub, the course's preprocessors (``preprocessors.py``), the exchange's collect
(``exchange.py``), and grading on a variant of the data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client import AsyncKernelManager
from traitlets import Unicode

from cmo_course.checks.messages import STRICT_VAR, STUB_MESSAGE
from cmo_course.datasets import ENV_VAR, data_dir

GRADING_SEED_VAR = "CMO_COURSE_GRADING_SEED"
GRADING_DATA_VAR = "CMO_COURSE_GRADING_DATA"  # a variant already built: use it as it is
DEFAULT_GRADING_SEED = 7


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
    from cmo_course.authoring.datagen.build import build

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


def grading_data(root: Path) -> Path | None:
    """The datasets folder autograding reads: a variant already built (``CMO_COURSE_GRADING_DATA``),
    else the variant for the grading seed (built once and cached in ``grading/work/data``), or
    None to grade on the shipped data (``CMO_COURSE_GRADING_SEED=off``)."""
    prebuilt = os.environ.get(GRADING_DATA_VAR, "").strip()
    if prebuilt:
        return Path(prebuilt)
    seed = grading_seed()
    if seed is None:
        return None
    return variant_dir(seed, root / "grading" / "work" / "data")


def ensure_tools_on_path() -> None:
    """nbgrader runs the ``alembic`` command by name: make sure this environment's scripts
    folder is on PATH even when the environment is not activated."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


# A grading kernel runs under an address-space limit, which counts memory reserved, not used.
# Arrow's own allocator reserves about a gigabyte of address space to read one Parquet file;
# the system allocator, with glibc's arenas capped, needs half as much for the same tables.
LEAN_MEMORY_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_ARENA_MAX": "2"}


class GradingKernelManager(AsyncKernelManager):
    """Starts the kernels nbgrader grades or validates in: checks there report failures as
    errors (``STRICT_VAR``), and, with ``data_folder``, CMO_COURSE_DATA points at the grading
    variant."""

    data_folder = Unicode("", help="Datasets folder the grading kernels read.").tag(config=True)

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        env = dict(kw.pop("env", None) or os.environ)
        env[STRICT_VAR] = "1"
        env.update(LEAN_MEMORY_ENV)
        if self.data_folder:
            env[ENV_VAR] = self.data_folder
        await AsyncKernelManager.start_kernel(self, env=env, **kw)


def execution_settings(c: Any) -> None:
    """How nbgrader runs a notebook, for grading and for a learner's Validate button alike (the
    hub's system-wide nbgrader config applies this to every learner)."""
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, Execute, IgnorePattern

    # A cell gets two minutes; the slowest reference answer takes well under a second.
    c.Execute.timeout = 120
    c.Execute.interrupt_on_timeout = True
    # Widget state (the plotly FigureWidget bundle) would add megabytes to every graded copy.
    c.Execute.store_widget_state = False
    # A warning on stderr must not cost a learner the points of a cell, nor fail Validate.
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = r"[A-Za-z]*Warning\b"
    c.Validator.preprocessors = [CheckCellMetadata, ClearOutput, Execute, IgnorePattern]
    # Checks report failures as errors in the kernels nbgrader starts (the Validate button too).
    c.Execute.kernel_manager_class = GradingKernelManager


def configure(c: Any, root: Path, grading_variant: bool = True) -> None:
    """Apply the course's nbgrader settings to a traitlets config ``c`` (see nbgrader_config.py).

    With ``grading_variant`` (the default), kernels that nbgrader starts to validate or
    autograde read a data variant (see ``grading_seed``); releasing needs no kernel.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    from cmo_course.checks.progress import RECORD

    from .exchange import OwnerCheckedCollect
    from .preprocessors import TagStubCells, autograde_preprocessors, feedback_preprocessors

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
    # a learner's progress record is theirs: never released, and not part of the grade
    ignore = list(CourseDirectory.class_traits()["ignore"].default())
    c.CourseDirectory.ignore = [*ignore, RECORD]
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

    folder = grading_data(root) if grading_variant else None
    if folder is not None:
        c.GradingKernelManager.data_folder = str(folder)
        c.Execute.kernel_manager_class = GradingKernelManager
