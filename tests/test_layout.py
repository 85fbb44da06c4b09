"""The package's shape: who runs what is visible from the tree, lint covers every file, the
message contract lives in one place, and files stay small enough to read at one sitting."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cmo_course import manifest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "cmo_course"
# What a learner's kernel imports: everything at the top of the package except the three
# audience folders and the command line.
LEARNER_MODULES = [
    "cmo_course",
    "cmo_course.datasets",
    "cmo_course.finance",
    "cmo_course.funnels",
    "cmo_course.media",
    "cmo_course.offline",
    "cmo_course.planning",
    "cmo_course.social",
    "cmo_course.plots",
    "cmo_course.rubric",
    "cmo_course.widgets",
    "cmo_course.checks",
    "cmo_course.manifest",
]
# Declarative tables (the dataset schema, the company's parameters, each module's exercise
# declarations) may run longer than hand-written code.
DATA_TABLES = {
    "datasets/schema.py",
    "datasets/company.py",
    *(f"checks/m{module}.py" for module in manifest.ids()),
}
LONGEST_CODE = 600  # lines; the aim is about 500


def test_every_python_file_of_the_package_is_inside_ruffs_scope():
    ruff = Path(sys.executable).with_name("ruff")
    listed = subprocess.run(
        [str(ruff), "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True
    ).stdout
    seen = {Path(line.strip()).resolve() for line in listed.splitlines() if line.strip()}
    files = sorted(PACKAGE.rglob("*.py"))
    assert files and [f for f in files if f.resolve() not in seen] == []
    # and the top-level data folder is the only datasets folder left out
    assert not any("/datasets/" in str(p) and "src" not in p.parts for p in seen)


def test_the_learners_kernel_never_imports_authoring_instructor_or_nbgrader():
    code = (
        "import importlib, json, sys\n"
        f"for name in {LEARNER_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "from cmo_course.checks import exercises_for\n"
        "from cmo_course import manifest\n"
        "for module in manifest.ids():\n"
        "    exercises_for(module)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    for forbidden in (
        "cmo_course.authoring",
        "cmo_course.instructor",
        "cmo_course.cli",
        "nbgrader",
    ):
        assert not [m for m in loaded if m == forbidden or m.startswith(forbidden + ".")], forbidden


@pytest.mark.parametrize("audience", ["authoring", "instructor", "cli"])
def test_each_audience_has_its_own_folder(audience):
    folder = PACKAGE / audience
    assert (folder / "__init__.py").is_file()
    assert len(list(folder.rglob("*.py"))) >= 2


def test_the_check_messages_wording_lives_only_in_checks_messages():
    marks = ("\u2714 Exercise", "\u2718 Exercise", "\u2022 Exercise", "\u2714", "\u2718")
    holders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if any(mark in text for mark in marks):
            holders.append(path.relative_to(PACKAGE).as_posix())
    assert holders == ["checks/messages.py"]


def test_no_hand_written_module_is_too_long_to_read_at_one_sitting():
    long = {}
    for path in PACKAGE.rglob("*.py"):
        name = path.relative_to(PACKAGE).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if name not in DATA_TABLES and lines > LONGEST_CODE:
            long[name] = lines
    assert long == {}


def _model_answers_and_their_limits(module: str) -> list[tuple[str, int, int, int]]:
    """Each written exercise of a module whose prompt sets a word range ("150-250 words"), with its
    model answer's length: the words after the model answer's heading, before its mark scheme."""
    notebook = ROOT / "solutions" / module / f"{module}.ipynb"
    cells = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "markdown"]
    found, limits = [], None
    for cell in cells:
        text = "".join(cell["source"])
        if "### BEGIN SOLUTION" not in text:
            asked = re.search(r"(\d+)-(\d+) words", text)
            limits = (int(asked[1]), int(asked[2])) if asked else limits
            continue
        if limits is None:
            continue
        answer = text.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
        answer = re.split(r"\*\*Mark scheme|\*Why it scores", answer)[0]
        heading = re.search(r"\*\*[^*]*[Mm]odel answer[^*]*\*\*[^:\n]*:?", answer)
        answer = answer[heading.end() :] if heading else answer
        words = len(answer.replace("<span>&#36;</span>", "$").split())
        found.append((text.split("\n")[0][:60], *limits, words))
        limits = None
    return found


@pytest.mark.parametrize("module", manifest.ids())
def test_every_model_answer_keeps_the_word_range_its_prompt_sets_the_learner(module):
    for where, low, high, words in _model_answers_and_their_limits(module):
        assert low <= words <= high, f"{module}, {where}: {words} words ({low}-{high} asked)"


def test_the_word_range_check_finds_the_written_exercises():
    # the check above is only as good as its reach: it finds the written exercises that set a range
    assert len(_model_answers_and_their_limits("06_capstone")) == 3
    assert all(_model_answers_and_their_limits(m) for m in ("01_finance", "05_annual_planning"))
