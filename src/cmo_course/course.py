"""Course operations on a checkout: release learner notebooks, check they are current,
validate with nbgrader, and keep notebooks clean.

``solutions/`` is the only authored copy of every notebook; ``course/`` is generated from it by
nbgrader's ``generate_assignment`` (with the course's settings from ``grading/``).
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

MODULE_PATTERN = re.compile(r"^\d\d_[a-z0-9_]+$")
KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info")
KEEP_CELL_METADATA = ("nbgrader", "tags", "deletable", "editable")


class CourseError(RuntimeError):
    """A course operation could not be done; the message says why and what to do."""


def find_root(start: str | Path | None = None) -> Path:
    """The course checkout: the nearest folder holding ``solutions/`` and ``grading/``, looking up
    from ``start`` (the current folder), then the checkout this package was installed from."""
    candidates = []
    here = Path(start or os.getcwd()).resolve()
    candidates += [here, *here.parents]
    candidates.append(Path(__file__).resolve().parents[2])
    for folder in candidates:
        if (folder / "solutions").is_dir() and (
            folder / "grading" / "nbgrader_config.py"
        ).is_file():
            return folder
    raise CourseError(
        "This command needs a course checkout (a folder with solutions/ and grading/). "
        "Run it inside the cmo-course folder."
    )


def modules(root: Path) -> list[str]:
    """Module ids: the folders of solutions/ named like 01_finance, in order."""
    found = sorted(
        p.name
        for p in (root / "solutions").iterdir()
        if p.is_dir() and MODULE_PATTERN.match(p.name)
    )
    if not found:
        raise CourseError(f"No modules in {root / 'solutions'}.")
    return found


def ensure_tools_on_path() -> None:
    """nbgrader runs the ``alembic`` command by name: make sure this environment's scripts
    folder is on PATH even when the environment is not activated."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def _config(root: Path, course_root: Path | None = None, grading_variant: bool = False):
    from traitlets.config import Config

    from .grading import configure

    ensure_tools_on_path()
    c = Config()
    configure(c, root, grading_variant=grading_variant)
    if course_root is not None:
        c.CourseDirectory.root = str(course_root)
        c.CourseDirectory.db_url = f"sqlite:///{course_root / 'gradebook.db'}"
    return c


def _generate(root: Path, course_root: Path, module_ids: list[str]) -> None:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = _config(root, course_root)
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir, config=config)
    api.log.setLevel(logging.WARNING)
    for module in module_ids:
        result = api.generate_assignment(module, force=True, create=True)
        if not result.get("success"):
            detail = "\n".join(part for part in (result.get("log"), result.get("error")) if part)
            raise CourseError(f"nbgrader could not release {module}:\n{detail}")


def release(root: Path) -> list[Path]:
    """Regenerate course/ from solutions/ for every module. Returns the notebooks written."""
    ids = modules(root)
    work = root / "grading" / "work"
    work.mkdir(parents=True, exist_ok=True)
    _generate(root, root, ids)
    return sorted((root / "course").rglob("*.ipynb"))


def _tree(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p
        for p in folder.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
    }


def stale(root: Path) -> list[str]:
    """Files of course/ that differ from what a release would write (missing, changed, extra)."""
    ids = modules(root)
    with tempfile.TemporaryDirectory(prefix="cmo-release-") as tmp:
        scratch = Path(tmp)
        shutil.copytree(root / "solutions", scratch / "solutions")
        _generate(root, scratch, ids)
        fresh, current = _tree(scratch / "course"), _tree(root / "course")
        problems = []
        for name in sorted(set(fresh) | set(current)):
            if name not in current:
                problems.append(f"course/{name}: missing")
            elif name not in fresh:
                problems.append(f"course/{name}: not generated from solutions/ (remove it)")
            elif not filecmp.cmp(fresh[name], current[name], shallow=False):
                problems.append(f"course/{name}: out of date")
        return problems


@dataclass
class Validation:
    notebook: Path
    invert: bool
    problems: list[str]


def validate(root: Path) -> list[Validation]:
    """nbgrader validate on every solutions/ notebook (every test must pass) and validate
    --invert on every course/ notebook (every test must fail on the learner's stub)."""
    from nbgrader.validator import Validator

    config = _config(root, grading_variant=True)
    results = []
    for module in modules(root):
        for invert, folder in ((False, "solutions"), (True, "course")):
            notebooks = sorted((root / folder / module).glob("*.ipynb"))
            if not notebooks:
                results.append(Validation(root / folder / module, invert, ["no notebook found"]))
            for notebook in notebooks:
                validator = Validator(config=config, invert=invert)
                outcome = validator.validate(str(notebook))
                problems = []
                for kind, cells in outcome.items():
                    for cell in cells:
                        first_line = cell.get("source", "").strip().splitlines()[:1]
                        summary = first_line[0] if first_line else "(empty cell)"
                        problems.append(f"{kind}: {summary}")
                results.append(Validation(notebook, invert, problems))
    return results


# --------------------------------------------------------------------------------------------
# Clean notebooks
# --------------------------------------------------------------------------------------------


def dirty(notebook: nbformat.NotebookNode) -> list[str]:
    """Ways a notebook is not committed clean: outputs, execution counts, volatile metadata."""
    problems = []
    extra = sorted(set(notebook.metadata) - set(KEEP_NOTEBOOK_METADATA))
    if extra:
        problems.append(f"notebook metadata has {extra}")
    if notebook.metadata.get("language_info", {}) not in ({}, {"name": "python"}):
        problems.append("language_info holds version details (keep only its name)")
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"cell {index} has outputs or an execution count")
        volatile = sorted(set(cell.metadata) - set(KEEP_CELL_METADATA))
        if volatile:
            problems.append(f"cell {index} has metadata {volatile}")
    return problems


def tidy(path: Path) -> bool:
    """Strip outputs, execution counts and volatile metadata from a notebook. True if it changed."""
    before = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(before, as_version=4)
    notebook.metadata = {k: v for k, v in notebook.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    if "language_info" in notebook.metadata:
        notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
    after = nbformat.writes(notebook) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def read_notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
