"""Build learner submissions from the released notebooks: right, partial, wrong and hostile."""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def solution_sources(module: str, root: Path = ROOT) -> dict[str, str]:
    """What a learner who got everything right would have typed, by grade id."""
    notebook = nbformat.read(root / "solutions" / module / f"{module}.ipynb", as_version=4)
    answers = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = [
                line
                for line in cell.source.splitlines()
                if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
            ]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def released(module: str, root: Path = ROOT):
    return nbformat.read(root / "course" / module / f"{module}.ipynb", as_version=4)


def answered(module: str, answers: dict[str, str], root: Path = ROOT):
    """The released notebook with ``answers`` (grade id -> source) typed in."""
    notebook = released(module, root)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def cell_index(notebook, grade_id: str) -> int:
    for index, cell in enumerate(notebook.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return index
    raise KeyError(grade_id)


def write(folder: Path, student: str, module: str, notebook, name: str | None = None) -> Path:
    place = folder / student / module
    place.mkdir(parents=True, exist_ok=True)
    path = place / (name or f"{module}.ipynb")
    if isinstance(notebook, (bytes, str)):
        path.write_bytes(notebook if isinstance(notebook, bytes) else notebook.encode())
    else:
        nbformat.write(notebook, path)
    return path


def mixed_cohort(folder: Path, students: int, modules: list[str], root: Path = ROOT) -> None:
    """A synthetic cohort: each student answers a deterministic share of each module right."""
    for number in range(students):
        student = f"learner{number:03d}"
        for module in modules:
            right = solution_sources(module, root)
            keep = sorted(right)
            share = (number % 4) / 3  # 0, 1/3, 2/3, all
            chosen = {k: right[k] for i, k in enumerate(keep) if i < round(share * len(keep))}
            write(folder, student, module, answered(module, chosen, root))
