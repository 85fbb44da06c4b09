"""The capstone's rules: each one passes the reference plan and fails the plans that break it,
with a message that says what to fix; and the rubric's self-score."""

from __future__ import annotations

import pandas as pd
import pytest

from cmo_course import plots, rubric
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
    # half a cent over the cap is over the cap, visibly and when graded
    just_over = plan * ((capstone.BOARD_CAP + 0.5) / plan.to_numpy().sum())
    fails("6.1", {"plan": just_over}, "over the board's cap")
    fails("6.1", {"plan": just_over}, "over the board's cap", hidden=True)
    # the graded rule asks for a plan of the mix: 1% or more in three channels or more
    one_channel = plan * 0
    one_channel.loc["linkedin"] = 49_000
    one_channel.loc["meta", "Q1"] = 0.01
    one_channel.loc["tv", "Q1"] = 0.01
    Checker("06_capstone")("6.1", namespace={"plan": one_channel})
    fails("6.1", {"plan": one_channel}, "1% or more of its money in 1 channel", hidden=True)
    doubled = pd.concat([plan, plan.loc[["tv"]]])
    fails("6.1", {"plan": doubled}, "more than one row for \\['tv'\\]")


def test_a_correct_plan_in_another_shape_is_read_the_same(reference):
    plan = reference["plan"]
    check = Checker("06_capstone")
    as_column = plan.reset_index().rename(columns={"index": "channel"})
    display_names = plan.rename(index=plots.label)
    as_text = plan.astype(str)
    shuffled = plan.sample(frac=1, random_state=1)[["Q4", "Q2", "Q1", "Q3"]]
    whole_dollars = plan.round(0).astype(int)
    for shape in (as_column, display_names, as_text, shuffled, whole_dollars):
        check("6.1", namespace={"plan": shape})
        check(
            "6.5",
            namespace={
                **reference,
                "plan": shape,
                "first_year_return": capstone.first_year_return_of(capstone.normalised(shape)),
            },
        )
    fails("6.1", {"plan": plan.reset_index(drop=True)}, "named as in `last_year`")


def test_the_months_must_add_up_to_the_quarters(reference):
    monthly = reference["monthly"].copy()
    fails("6.2", {**reference, "monthly": monthly.iloc[:11]}, "12 rows")
    shifted = monthly.copy()
    shifted.iloc[2] += 500
    shifted.iloc[3] -= 500  # a month moved across a quarter's edge
    fails("6.2", {**reference, "monthly": shifted}, "The months of Q1 add up to")
    fifty_cents_off = monthly.copy()
    fifty_cents_off.iloc[0] += 0.5
    Checker("06_capstone")("6.2", namespace={**reference, "monthly": fifty_cents_off})
    fails("6.2", {**reference, "monthly": fifty_cents_off}, "Q1", hidden=True)
    fails("6.2", {"monthly": monthly}, "Fix `plan`")
    # other honest shapes: months in reverse order; a table with a label column and a total
    Checker("06_capstone")(
        "6.2", namespace={**reference, "monthly": monthly.iloc[::-1]}, hidden=True
    )
    table = pd.DataFrame({"month": range(1, 13), "spend": monthly.to_numpy(), "note": ["x"] * 12})
    Checker("06_capstone")("6.2", namespace={**reference, "monthly": table}, hidden=True)
    by_channel = pd.DataFrame(
        {"month": range(1, 13), "meta": monthly.to_numpy() / 2, "tv": monthly.to_numpy() / 2}
    )
    Checker("06_capstone")("6.2", namespace={**reference, "monthly": by_channel}, hidden=True)


def test_a_channel_past_saturation_in_any_quarter_needs_a_reason(reference):
    plan = reference["plan"].copy()
    points = capstone.planning.saturation_points(capstone.model())
    plan.loc["linkedin", "Q4"] = points["linkedin"] + 100  # one quarter past LinkedIn's point
    namespace = {**reference, "plan": plan}
    fails("6.3", {**namespace, "reasons": {}}, "on linkedin in Q4, past its saturation point")
    fails("6.3", {**namespace, "reasons": {"linkedin": "because"}}, "at least 6 words")
    good = {"linkedin": "a corporate gifting test needs this weight for six weeks"}
    Checker("06_capstone")("6.3", namespace={**namespace, "reasons": good})
    fails(
        "6.3",
        {**namespace, "reasons": {**good, "myspace": "an old network we still like a lot"}},
        "not in the plan",
        hidden=True,
    )
    # a year's TV crammed into one quarter saturates, though the year's total would not
    crammed = reference["plan"].copy()
    crammed.loc["tv"] = [0.0, 0.0, 0.0, points["tv"] * 1.5]
    crammed.loc["google_search"] = 0.0
    fails("6.3", {**reference, "plan": crammed, "reasons": {}}, "on tv in Q4")


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
