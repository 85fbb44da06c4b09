"""Release and validate: ``course/`` and the README's module table are generated, never edited.

``solutions/`` is the only authored copy of every notebook; ``course/`` is generated from it by
nbgrader's ``generate_assignment`` (with the course's settings from ``grading/``), and the
README's module table from the manifest. ``stale`` says what a release would change.
"""

from __future__ import annotations

import filecmp
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cmo_course import manifest
from cmo_course.checks.progress import RECORD

from .checkout import CourseError, modules


def _config(root: Path, course_root: Path | None = None, grading_variant: bool = False):
    from traitlets.config import Config

    from cmo_course.instructor.config import configure, ensure_tools_on_path

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
    """Regenerate course/ from solutions/ for every module, and the README's module table.
    Returns the notebooks written."""
    ids = modules(root)
    work = root / "grading" / "work"
    work.mkdir(parents=True, exist_ok=True)
    _generate(root, root, ids)
    write_readme_table(root)
    return sorted((root / "course").rglob("*.ipynb"))


def _tree(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p
        for p in folder.rglob("*")
        if p.is_file()
        and ".ipynb_checkpoints" not in p.parts
        and "__pycache__" not in p.parts
        and p.name != RECORD
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
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if readme_with_table(text) != text:
            problems.append("README.md: the module table differs from the manifest")
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
# The README's module table
# --------------------------------------------------------------------------------------------


def readme_with_table(text: str) -> str:
    """The README's text with its module table written from the manifest."""
    start, end = manifest.README_START, manifest.README_END
    if start not in text or end not in text:
        raise CourseError(
            f"README.md has no module table to update: it needs the lines {start!r} and {end!r}."
        )
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    return before + manifest.readme_table() + after


def write_readme_table(root: Path) -> bool:
    """Rewrite README.md's module table from the manifest. True if it changed."""
    path = root / "README.md"
    if not path.is_file():
        return False
    before = path.read_text(encoding="utf-8")
    after = readme_with_table(before)
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False
