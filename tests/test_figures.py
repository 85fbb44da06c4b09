"""Every figure of a lesson's text is either computed from the data (a fact of its checks file)
or declared as a constant: a recalibration cannot leave a stale number behind."""

from __future__ import annotations

import nbformat
import pytest

from cmo_course import manifest
from cmo_course.authoring import figures
from cmo_course.checks.figures import Fact

from .conftest import ROOT


@pytest.mark.parametrize("module", manifest.ids())
def test_every_number_in_the_lessons_text_is_a_fact_or_a_declared_constant(module):
    report = figures.explain(module, ROOT)
    assert report.unexplained == [], (
        "numbers in the text that are neither a fact computed from the data nor a declared "
        f"constant (run python -m cmo_course.authoring.figures {module}): {report.unexplained}"
    )


@pytest.mark.parametrize("module", manifest.ids())
def test_every_fact_appears_in_the_text_as_the_data_renders_it(module):
    report = figures.explain(module, ROOT)
    assert report.unused == [], f"facts the text does not show as computed: {report.unused}"


def _module_with(tmp_path, text: str):
    """A checkout with one lesson whose markdown is ``text``, and a fake checks file."""
    folder = tmp_path / "solutions" / "01_finance"
    folder.mkdir(parents=True)
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    nbformat.write(book, folder / "01_finance.ipynb")
    return tmp_path


def test_a_stale_figure_is_caught_and_a_current_one_passes(tmp_path, monkeypatch):
    from cmo_course import checks

    fake = type("Checks", (), {})()
    fake.FACTS = {"net revenue": Fact(lambda: 30_712_345.0, "${:.1f}M", scale=1e6)}
    fake.TEXT_CONSTANTS = ("3",)
    monkeypatch.setattr(checks, "definition", lambda module: fake)

    root = _module_with(tmp_path, "Net revenue was $30.7M, three times (3) the start.")
    report = figures.explain("01_finance", root)
    assert report.ok, report

    stale = _module_with(tmp_path / "stale", "Net revenue was $5.5M in Exercise 1.2 of 2025.")
    report = figures.explain("01_finance", stale)
    assert [n for n, _ in report.unexplained] == ["5.5"]  # exercise numbers and years are not
    assert report.unused == [("net revenue", "$30.7M")]


def test_the_workshop_guides_figures_for_a_module_are_checked_with_its_lesson(
    tmp_path, monkeypatch
):
    from cmo_course import checks

    fake = type("Checks", (), {})()
    fake.FACTS = {"net revenue": Fact(lambda: 30_712_345.0, "${:.1f}M", scale=1e6)}
    monkeypatch.setattr(checks, "definition", lambda module: fake)
    root = _module_with(tmp_path, "A lesson without figures.")
    guide = root / "grading" / "WORKSHOP.md"
    guide.parent.mkdir()
    guide.write_text(
        "## Module by module\n\n### 00 Start here\n\nPrompt: 5.5 million.\n\n"
        "### 01 Finance for marketers\n\nThe company makes $30.7M, not $5.5M.\n\n"
        "## Problems learners usually hit\n\nPort 8000.\n"
    )
    report = figures.explain("01_finance", root)
    # the stale figure of its own section is caught; the other sections' numbers are not its
    assert [n for n, _ in report.unexplained] == ["5.5"] and report.unused == []


def test_numbers_in_code_and_structure_are_not_figures():
    text = (
        "## 3. Margins\n\n1. first\n2. second\n\n### Exercise 1.4: CAC (2 points)\n\n"
        "Use `orders[orders.year == 2025].head(10)` and see Module 03 and Section 2. "
        "It cost $1,234."
    )
    assert [n for n, _ in figures.numbers(text)] == ["1,234"]
