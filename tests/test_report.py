"""The cohort report's figures, computed by hand on a tiny cohort."""

from __future__ import annotations

from cmo_course.instructor.cohort.results import CellScore, Result
from cmo_course.instructor.report import (
    attention,
    exercise_stats,
    manual_todo,
    module_totals,
    write_report,
)


def row(cell, points, max_points, status="graded", reason="", auto=True, manual=False, notes=""):
    return CellScore(cell, points, max_points, status, reason, auto, manual, notes)


def result(student, module, has_notebook, rows):
    return Result(student, module, key="", timestamp="", has_notebook=has_notebook, rows=rows)


NOT_YET = "✘ Exercise 1.1 (gross margin in 2025): not yet. This looks like revenue, not margin."
COHORT = [
    result(
        "ann",
        "01_finance",
        True,
        [
            row("ex1_1_test", 1, 1, reason="✔ Exercise 1.1 passed."),
            row("ex1_2_test", 3, 3),
            row("ex1_12_answer", None, 5, status="manual", auto=False, manual=True),
        ],
    ),
    result(
        "ben",
        "01_finance",
        True,
        [
            row("ex1_1_test", 0, 1, reason=NOT_YET),
            row("ex1_2_test", 0, 3, status="timeout", reason="This cell ran past its time limit."),
            row("ex1_12_answer", None, 5, status="manual", auto=False, manual=False),
        ],
    ),
    result(
        "cat",
        "01_finance",
        True,
        [
            row("ex1_1_test", 0, 1, reason=NOT_YET, notes="The notebook was named x.ipynb."),
            row("ex1_2_test", 3, 3),
            row("ex1_12_answer", None, 5, status="manual", auto=False, manual=True),
        ],
    ),
    result(
        "dan",
        "01_finance",
        False,
        [
            row(c, 0, m, status="not_submitted", reason="There is no 01_finance/ folder.")
            for c, m in (("ex1_1_test", 1), ("ex1_2_test", 3))
        ],
    ),
]


def test_scores_pass_rates_and_messages_by_hand():
    totals = {t["student"]: (t["points"], t["max_points"]) for t in module_totals(COHORT)}
    assert totals == {"ann": (4, 4), "ben": (0, 4), "cat": (3, 4), "dan": (0, 4)}
    stats = {s["cell"]: s for s in exercise_stats(COHORT)}
    # dan did not submit: the rates are over the three notebooks handed in
    assert stats["ex1_1_test"]["submissions"] == 3
    assert stats["ex1_1_test"]["pass_rate"] == 1 / 3
    assert stats["ex1_2_test"]["pass_rate"] == 2 / 3
    # the two learners who made the same mistake are counted together, the header dropped
    assert stats["ex1_1_test"]["failures"] == [("This looks like revenue, not margin.", 2)]
    assert "ex1_12_answer" not in stats


def test_attention_and_manual_grading_lists():
    flagged = {(a["student"], a["module"]): a["reasons"] for a in attention(COHORT)}
    assert set(flagged) == {("ben", "01_finance"), ("cat", "01_finance"), ("dan", "01_finance")}
    assert any("timeout" in r for r in flagged[("ben", "01_finance")])
    assert any("named x.ipynb" in r for r in flagged[("cat", "01_finance")])
    assert flagged[("dan", "01_finance")] == ["not submitted: There is no 01_finance/ folder."]
    todo = [(t["student"], t["cell"]) for t in manual_todo(COHORT)]
    assert todo == [("ann", "ex1_12_answer"), ("cat", "ex1_12_answer")]


def test_the_report_is_one_offline_page(tmp_path):
    path = tmp_path / "report.html"
    write_report(COHORT, ["01_finance"], path)
    page = path.read_text()
    assert page.count("Plotly.newPlot") == 2 and 'src="http' not in page
    assert (
        "4 students, 1 module: 3 notebooks graded, 1 missing or unreadable, 2 written answers "
        in page
    )
