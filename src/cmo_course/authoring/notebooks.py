"""Notebooks committed clean: no outputs, execution counts or volatile metadata."""

from __future__ import annotations

from pathlib import Path

import nbformat

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info")
KEEP_CELL_METADATA = ("nbgrader", "tags", "deletable", "editable")


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
