"""The capstone's rules: each one passes the reference plan and fails the plans that break it,
with a message that says what to fix; and the rubric's self-score."""

from __future__ import annotations

import pytest

from cmo_course import rubric
from cmo_course.checks import Checker, TryAgain
from cmo_course.checks import m06_capstone as capstone


@pytest.fixture(scope="module")
def reference():
    return capstone.reference_namespace()


def fails(exercise_id: str, namespace: dict, match: str, hidden: bool = False) -> None:
    with pytest.raises(TryAgain, match=match):
        Checker("06_capstone")(exercise_id, namespace=namespace, hidden=hidden)


def test_the_plan_must_cover_every_channel_and_stay_within_the_cap(reference):
    plan = reference["plan"]
    fails("6.1", {"plan": plan * 1.2}, "over the board's cap")
    fails("6.1", {"plan": plan.drop(index="tv")}, "missing \\['tv'\\]")
    fails("6.1", {"plan": plan.drop(columns="Q3")}, "missing \\['Q3'\\]")
    negative = plan.copy()
    negative.loc["meta", "Q1"] = -1
    fails("6.1", {"plan": negative}, "negative spend")
    empty = plan.copy()
    empty.loc["meta", "Q1"] = float("nan")
    fails("6.1", {"plan": empty}, "empty or infinite")
    fails("6.1", {"plan": plan * 0}, "spends nothing")
    # the graded rule is to the cent, and asks for a plan of the mix
    just_over = plan * ((capstone.BOARD_CAP + 0.5) / plan.to_numpy().sum())
    Checker("06_capstone")("6.1", namespace={"plan": just_over})
    fails("6.1", {"plan": just_over}, "over the board's cap", hidden=True)
    one_channel = plan * 0
    one_channel.loc["meta"] = 10_000
    fails("6.1", {"plan": one_channel}, "funds 1 channel", hidden=True)


def test_the_months_must_add_up_to_the_quarters(reference):
    monthly = reference["monthly"].copy()
    fails("6.2", {**reference, "monthly": monthly.iloc[:11]}, "12 rows")
    shifted = monthly.copy()
    shifted.iloc[2] += 500
    shifted.iloc[3] -= 500  # a month moved across a quarter's edge
    fails("6.2", {**reference, "monthly": shifted}, "The months of Q1 add up to")
    off_by_a_dollar_fifty = monthly.copy()
    off_by_a_dollar_fifty.iloc[0] += 0.5
    Checker("06_capstone")("6.2", namespace={**reference, "monthly": off_by_a_dollar_fifty})
    fails("6.2", {**reference, "monthly": off_by_a_dollar_fifty}, "Q1", hidden=True)
    fails("6.2", {"monthly": monthly}, "Fix `plan`")


def test_a_channel_past_saturation_needs_a_reason(reference):
    plan = reference["plan"].copy()
    points = capstone.planning.saturation_points(capstone.model())
    plan.loc["linkedin"] = points["linkedin"] / 4 + 100  # past LinkedIn's point
    plan = plan * 1.0
    if plan.to_numpy().sum() > capstone.BOARD_CAP:
        plan.loc["google_search"] = 0.0
    namespace = {**reference, "plan": plan}
    fails("6.3", {**namespace, "reasons": {}}, "past its saturation point")
    fails("6.3", {**namespace, "reasons": {"linkedin": "because"}}, "at least 6 words")
    good = {"linkedin": "a corporate gifting test needs this weight for six weeks"}
    Checker("06_capstone")("6.3", namespace={**namespace, "reasons": good})
    fails(
        "6.3",
        {**namespace, "reasons": {**good, "myspace": "an old network we still like a lot"}},
        "not in the plan",
        hidden=True,
    )


def test_the_kpi_tree_must_hold_together(reference):
    tree = dict(reference["kpi_tree"])
    fails("6.4", {"kpi_tree": {**tree, "orders": tree["orders"] * 1.1}}, "at `orders`")
    fails("6.4", {"kpi_tree": {**tree, "sessions": tree["sessions"] * 0.5}}, "at `sessions`")
    fails("6.4", {"kpi_tree": {**tree, "revenue_target": 5_000_000}}, "revenue target")
    fails("6.4", {"kpi_tree": {k: v for k, v in tree.items() if k != "aov"}}, "missing \\['aov'\\]")
    # consistent, but with a conversion rate far from last year's: only the graded rule objects
    doubled = {
        **tree,
        "conversion_rate": tree["conversion_rate"] * 2,
        "sessions": tree["sessions"] / 2,
    }
    Checker("06_capstone")("6.4", namespace={"kpi_tree": doubled})
    fails("6.4", {"kpi_tree": doubled}, "25% away from last year", hidden=True)


def test_the_return_is_the_curves_for_your_own_plan_and_mistakes_are_named(reference):
    first = reference["first_year_return"]
    fails(
        "6.5", {**reference, "first_year_return": first * 1.1}, "not what the course's curves give"
    )
    margin = capstone.model().margin
    fails(
        "6.6", {**reference, "two_year_contribution": first * margin}, "first year's contribution"
    )
    fails("6.6", {**reference, "two_year_contribution": first}, "This is revenue")
    # another plan has another return: the check follows the learner's plan
    other = reference["plan"] * 0.5
    other_return = capstone.first_year_return_of(other)
    Checker("06_capstone")(
        "6.5", namespace={**reference, "plan": other, "first_year_return": other_return}
    )
    fails("6.5", {**reference, "plan": other}, "not what the course's curves give")


def test_self_score_reads_the_rubric_and_refuses_missing_criteria(capsys):
    total = rubric.self_score({"decision": 3, "evidence": 2, "tradeoffs": 1, "audience": 0})
    out = capsys.readouterr().out
    assert total == 6 and "Total: 6 of 12" in out and "to reach the next level" in out
    with pytest.raises(KeyError, match="missing \\['audience'\\]"):
        rubric.self_score({"decision": 3, "evidence": 2, "tradeoffs": 1})
    with pytest.raises(ValueError, match="0, 1, 2 or 3"):
        rubric.self_score({"decision": 4, "evidence": 2, "tradeoffs": 1, "audience": 0})
    assert list(rubric.table().columns) == list(rubric.LEVELS) and len(rubric.table()) == 4
