"""The lessons' explorers on their own, for a facilitator's projector (``cmo-course explore``).

Each module's checks file declares its explorers (``EXPLORERS``), built from the loaded datasets
with the same inputs the lesson computes step by step (a test runs each lesson and compares its
explorers with these), so the demo opens exactly where the lesson's explorer does, on the
shipped data or on a variant.
``cmo-course explore MODULE`` writes a notebook of them and serves it with Voila: controls,
charts and short prompts, no code.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from cmo_course import checks, manifest
from cmo_course.manifest import Demo


def modules_with_explorers() -> list[str]:
    """The modules that define explorers, in teaching order."""
    return [m for m in manifest.ids() if explorers_of(m)]


def explorers_of(module: str) -> tuple[Demo, ...]:
    """The explorers a module defines (an empty tuple if it has none)."""
    return tuple(getattr(checks.definition(module), "EXPLORERS", ()))


def demos(module: str) -> tuple[Demo, ...]:
    """The explorers of a module; a module without any gets a message naming those that have."""
    shown = explorers_of(module) if module in manifest.ids() else ()
    if not shown:
        raise KeyError(
            f"{module} has no explorers to show. Modules with explorers: "
            f"{', '.join(modules_with_explorers())}."
        )
    return shown


def show(module: str, number: int):
    """Build explorer ``number`` (from 0) of ``module``; a notebook cell displays it."""
    return demos(module)[number].build()


def notebook(module: str) -> nbformat.NotebookNode:
    """A notebook of the module's explorers, one prompt and one explorer each."""
    shown = demos(module)
    cells = [nbformat.v4.new_markdown_cell(f"# {manifest.get(module).heading}: explorers")]
    for number, demo in enumerate(shown):
        cells.append(nbformat.v4.new_markdown_cell(f"## {demo.title}\n\n{demo.prompt}"))
        cells.append(
            nbformat.v4.new_code_cell(
                f"from cmo_course.instructor import explore\n\nexplore.show({module!r}, {number})"
            )
        )
    book = nbformat.v4.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return book


def write_notebook(module: str, folder: Path) -> Path:
    path = folder / f"{module}_explorers.ipynb"
    nbformat.write(notebook(module), path)
    return path
