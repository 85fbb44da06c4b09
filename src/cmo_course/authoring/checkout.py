"""The course checkout: finding it, and which of the manifest's modules it holds."""

from __future__ import annotations

import os
from pathlib import Path

from cmo_course import manifest


class CourseError(RuntimeError):
    """A course operation could not be done; the message says why and what to do."""


def _installed_from() -> Path:
    """The checkout this package was installed from (editable install): src/cmo_course's
    grandparent."""
    import cmo_course

    return Path(cmo_course.__file__).resolve().parents[2]


def find_root(start: str | Path | None = None, installed: bool = True) -> Path:
    """The course checkout: the nearest folder holding ``solutions/`` and ``grading/``, looking up
    from ``start`` (the current folder), then (unless ``installed`` is false) the checkout this
    package was installed from."""
    candidates = []
    here = Path(start or os.getcwd()).resolve()
    candidates += [here, *here.parents]
    if installed:
        candidates.append(_installed_from())
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
    """The manifest's modules that this checkout holds (solutions/<id>/<id>.ipynb), in teaching
    order. (A test checks that the course's own checkout holds every one of them.)"""
    found = [m for m in manifest.ids() if (root / "solutions" / m / f"{m}.ipynb").is_file()]
    if not found:
        raise CourseError(
            f"No module of the manifest has its notebook in {root / 'solutions'} "
            f"(solutions/<id>/<id>.ipynb); the modules are {', '.join(manifest.ids())}."
        )
    return found
