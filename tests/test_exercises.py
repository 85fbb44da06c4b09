"""Every exercise check: it passes the reference answer, rejects the stub and an always-equal
object, and rejects each mistake it names with that mistake's message; on the shipped data and
on a second seed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cmo_course import manifest
from cmo_course.checks import (
    Checker,
    Choice,
    ComparedExercise,
    Frame,
    FunctionExercise,
    NotAttemptedYet,
    Number,
    Numbers,
    RuleExercise,
    SeriesOf,
    TryAgain,
    ValueExercise,
    exercises_for,
)
from cmo_course.checks.messages import money_signs

MODULES = manifest.ids()


def all_exercises():
    for module in MODULES:
        for exercise in exercises_for(module):
            yield pytest.param(module, exercise.id, id=f"{exercise.id}")


def number_exercises():
    for module in MODULES:
        for exercise in exercises_for(module):
            if isinstance(exercise, ValueExercise) and isinstance(exercise.comparator, Number):
                yield pytest.param(module, exercise.id, id=f"{exercise.id}")


def all_mistakes():
    for module in MODULES:
        for exercise in exercises_for(module):
            if not isinstance(exercise, ComparedExercise):
                continue
            for index, _ in enumerate(exercise.mistakes):
                yield pytest.param(
                    module, exercise.id, index, id=f"{exercise.id}-mistake{index + 1}"
                )


def checker(module: str) -> Checker:
    return Checker(module)


def around(exercise) -> dict:
    """The learner's other answers a rule exercise reads (a plan that keeps every rule)."""
    return exercise.reference_namespace() if isinstance(exercise, RuleExercise) else {}


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class SneakyFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class SneakySeries(pd.Series):
    def __eq__(self, other):
        return True


def run(check: Checker, exercise_id: str, namespace: dict, hidden: bool = False) -> str:
    check(exercise_id, namespace=namespace, hidden=hidden)
    return "passed"


@pytest.mark.parametrize("data", ["shipped", "second seed"])
@pytest.mark.parametrize("module,exercise_id", list(all_exercises()))
def test_reference_answer_passes(module, exercise_id, data, request, capsys):
    if data == "second seed":
        request.getfixturevalue("on_second_seed")
    check = checker(module)
    exercise = check.exercises[exercise_id]
    namespace = exercise.reference_namespace()
    check(exercise_id, namespace=namespace)
    if exercise.has_hidden_tests:
        check(exercise_id, namespace=namespace, hidden=True)
    out = capsys.readouterr().out
    assert f"✔ Exercise {exercise_id}" in out and "passed" in out


@pytest.mark.parametrize("module,exercise_id", list(all_exercises()))
def test_missing_answer_is_not_attempted_yet(module, exercise_id):
    check = checker(module)
    with pytest.raises(NotAttemptedYet, match="not attempted yet"):
        check(exercise_id, namespace={})


@pytest.mark.parametrize("module,exercise_id", list(all_exercises()))
def test_stub_is_not_attempted_yet(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    if isinstance(exercise, FunctionExercise):

        def stub(*args, **kwargs):
            raise NotImplementedError()

        namespace = {exercise.answer: stub}
    else:
        namespace = {exercise.answer: ...}
    with pytest.raises(NotAttemptedYet, match="not attempted yet"):
        check(exercise_id, namespace=namespace)


@pytest.mark.parametrize("module,exercise_id", list(all_exercises()))
def test_always_equal_objects_fail(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    expected = exercise.expected() if isinstance(exercise, ValueExercise) else None
    impostors = [AlwaysEqual()]
    if isinstance(expected, float | int):
        impostors.append(SneakyFloat(expected))
    if isinstance(expected, pd.Series):
        impostors.append(SneakySeries(expected))
    for impostor in impostors:
        value = (
            (lambda *a, _i=impostor, **k: _i)
            if isinstance(exercise, FunctionExercise)
            else impostor
        )
        with pytest.raises(TryAgain):
            check(exercise_id, namespace={**around(exercise), exercise.answer: value})


@pytest.mark.parametrize("module,exercise_id,index", list(all_mistakes()))
def test_each_named_mistake_is_rejected_with_its_own_message(module, exercise_id, index):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    mistake = exercise.mistakes[index]
    if mistake.function is not None:
        namespace = {exercise.answer: mistake.function}
        messages = []
        for hidden in (False, True):
            try:
                check(exercise_id, namespace=namespace, hidden=hidden)
            except TryAgain as failure:
                messages.append(str(failure))
        assert messages, "a named mistake passed every case"
        words = money_signs(mistake.text)
        # after "Your function raised ...", the words start a sentence: a capital first letter
        assert words in messages[0] or words[:1].upper() + words[1:] in messages[0]
    else:
        wrong = mistake.value()
        assert not exercise.comparator.same(wrong, exercise.expected()), (
            "this mistake equals the answer"
        )
        with pytest.raises(TryAgain) as failure:
            check(exercise_id, namespace={exercise.answer: wrong})
        assert money_signs(mistake.text) in str(failure.value)
        assert f'check.hint("{exercise_id}")' in str(failure.value)


@pytest.mark.parametrize("module,exercise_id", list(number_exercises()))
def test_failure_messages_never_reveal_the_expected_value(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    expected = exercise.expected()
    wrong = float(expected) * 1.37 + 1
    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: wrong})
    message = str(failure.value)
    for shown in (f"{float(expected):,.2f}", f"{float(expected):.4f}", f"{float(expected):,.6g}"):
        assert shown not in message


@pytest.mark.parametrize("module,exercise_id", list(all_exercises()))
def test_a_wrong_type_is_named(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    wrong, name = ("forty-two", "str")
    if isinstance(getattr(exercise, "comparator", None), Choice):  # text is a choice's type
        wrong, name = (42, "int")
    value = (lambda *a, **k: wrong) if isinstance(exercise, FunctionExercise) else wrong
    with pytest.raises(TryAgain, match=name):
        check(exercise_id, namespace={**around(exercise), exercise.answer: value})


def test_percentages_are_recognised_where_a_fraction_is_asked():
    check = checker("01_finance")
    value = check.exercises["1.1"].expected() * 100
    with pytest.raises(TryAgain, match="percentage"):
        check("1.1", namespace={"gross_margin_2025": value})


def test_a_rounded_answer_is_called_close_but_not_exact():
    check = checker("01_finance")
    value = round(check.exercises["1.3"].expected(), 1)
    with pytest.raises(TryAgain, match="looks rounded"):
        check("1.3", namespace={"blended_cac_2025": value})


def test_a_near_miss_that_is_not_rounding_is_called_a_difference_in_method():
    check = checker("01_finance")
    value = check.exercises["1.3"].expected() * 1.0037  # off by 0.37%, not a rounded number
    with pytest.raises(TryAgain, match="difference in method") as failure:
        check("1.3", namespace={"blended_cac_2025": value})
    assert "round" not in str(failure.value)


def test_nan_and_none_get_their_own_explanations():
    check = checker("01_finance")
    with pytest.raises(TryAgain, match="NaN"):
        check("1.3", namespace={"blended_cac_2025": math.nan})
    with pytest.raises(TryAgain, match="None"):
        check("1.3", namespace={"blended_cac_2025": None})


def test_a_function_that_forgets_return_is_told_so():
    check = checker("01_finance")

    def ltv(first_order_margin, monthly_margin, monthly_retention, horizon_months):
        first_order_margin + monthly_margin

    with pytest.raises(TryAgain, match="forget `return`"):
        check("1.5", namespace={"ltv": ltv})


def test_a_function_that_crashes_shows_the_error_and_inputs():
    check = checker("01_finance")

    def ltv(first_order_margin, monthly_margin, monthly_retention, horizon_months):
        return (
            first_order_margin
            + monthly_margin * monthly_retention / (1 - monthly_retention) * 0
            + 1 / 0
        )

    with pytest.raises(TryAgain) as failure:
        check("1.5", namespace={"ltv": ltv})
    assert "ZeroDivisionError" in str(failure.value) and "horizon_months=3" in str(failure.value)


def test_renamed_parameters_are_pointed_out():
    check = checker("01_finance")

    def payback_month(acquisition_cost, margins):
        return 0

    with pytest.raises(TryAgain, match="parameter names"):
        check("1.7", namespace={"payback_month": payback_month})


def test_a_function_that_changes_its_input_does_not_break_the_check():
    check = checker("01_finance")

    def contribution_margin(orders):
        orders["revenue"] = 0.0  # vandalises its own copy
        return 0.0

    with pytest.raises(TryAgain):
        check("1.2", namespace={"contribution_margin": contribution_margin})
    check("1.2", namespace=check.exercises["1.2"].reference_namespace())


def test_the_answer_key_does_not_pass_a_function_exercise():
    """The toolkit's own function is the answer key of the exercise that asks for it: passing it,
    an alias of it, or a function that calls it fails with a message saying so."""
    from cmo_course import finance
    from cmo_course.finance import ltv as imported_earlier

    check = checker("01_finance")

    def wrapper(first_order_margin, monthly_margin, monthly_retention, horizon_months):
        return finance.ltv(first_order_margin, monthly_margin, monthly_retention, horizon_months)

    def via_alias(**kwargs):
        return imported_earlier(**kwargs)

    def swallowing(**kwargs):
        try:
            return imported_earlier(**kwargs)
        except Exception:
            return 0.0

    for answer in (finance.ltv, wrapper, via_alias, swallowing):
        for hidden in (False, True):
            with pytest.raises(TryAgain, match="answer key") as failure:
                check("1.5", namespace={"ltv": answer}, hidden=hidden)
            assert "finance.ltv" in str(failure.value)
    # the guard is lifted afterwards: the toolkit works as before, for the learner and the check
    assert finance.ltv(50.0, 4.0, 0.9, 3) == imported_earlier(50.0, 4.0, 0.9, 3) > 50
    check("1.5", namespace=check.exercises["1.5"].reference_namespace())


def test_toolkit_functions_that_use_an_answer_key_inside_still_work():
    """A learner may use the rest of the toolkit: a course function that calls the exercise's
    reference internally (UnitEconomics.payback_month calls finance.payback_month) is not the
    learner using the answer key."""
    from cmo_course import finance

    check = checker("01_finance")
    economics = finance.UnitEconomics(
        aov=100.0, contribution_margin=0.4, repeat_rate=0.1, monthly_churn=0.1, cac=50.0
    )
    reference = check.exercises["1.7"].reference_namespace()["payback_month"]
    called = []

    def payback_month(cac, margins_by_month):
        called.append(economics.payback_month())  # the toolkit calls finance.payback_month
        return reference(cac, margins_by_month)

    check("1.7", namespace={"payback_month": payback_month})
    assert called and called[0] == finance.payback_month(50.0, economics.margins_by_month())


def test_hidden_cases_catch_what_visible_cases_miss():
    def payback_month(cac, margins_by_month):
        running_total = margins_by_month[0]  # breaks on an empty list
        if running_total >= cac:
            return 0
        for month in range(1, len(margins_by_month)):
            running_total += margins_by_month[month]
            if running_total >= cac:
                return month
        return None

    check = checker("01_finance")
    check("1.7", namespace={"payback_month": payback_month})  # the visible cases pass
    with pytest.raises(TryAgain, match="IndexError"):
        check("1.7", namespace={"payback_month": payback_month}, hidden=True)


def test_a_funnel_in_value_counts_order_is_told_to_use_the_funnel_order():
    def funnel_table(events):  # forgets .reindex(STEPS): ties come in the order they appear
        sessions = events.drop_duplicates(["user_pseudo_id", "session_id", "event_name"])[
            "event_name"
        ].value_counts()
        return pd.DataFrame(
            {
                "sessions": sessions,
                "step_rate": (sessions / sessions.shift(1)).fillna(1.0),
                "overall_rate": sessions / sessions.iloc[0],
            }
        )

    with pytest.raises(TryAgain, match="reindex"):
        checker("02_funnels")("2.2", namespace={"funnel_table": funnel_table})


def test_holdout_scaled_by_three_is_the_same_method_and_passes():
    from cmo_course import datasets

    emails = datasets.load("email_campaigns")
    tests = emails[emails["holdout_size"] > 0]
    scaled = float((tests["orders_7d"] - 3 * tests["holdout_orders_7d"]).sum())
    checker("02_funnels")("2.10", namespace={"incremental_orders": scaled})


# -- the catalogue of common slips: every exercise where a slip can occur names it --------------


def value_number_exercises(counts: bool = True, exact: bool = False):
    """Value exercises with one number as their answer; without counts, or only those whose
    check asks for the number exactly (not within a tolerance an estimate needs)."""
    for module in MODULES:
        for exercise in exercises_for(module):
            if isinstance(exercise, ValueExercise) and isinstance(exercise.comparator, Number):
                if not counts and exercise.comparator.integer:
                    continue
                if exact and exercise.comparator.rel_tol > 1e-5:
                    continue
                yield pytest.param(module, exercise.id, id=exercise.id)


def function_exercises(comparator=object):
    for module in MODULES:
        for exercise in exercises_for(module):
            if isinstance(exercise, FunctionExercise) and isinstance(
                exercise.comparator, comparator
            ):
                yield pytest.param(module, exercise.id, id=exercise.id)


@pytest.mark.parametrize("module,exercise_id", list(value_number_exercises()))
def test_a_number_typed_in_quotes_is_told_to_drop_them(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    typed = f"{float(exercise.expected()):.2f}"
    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: typed})
    assert "in quotes is a string" in str(failure.value), str(failure.value)


@pytest.mark.parametrize(
    "module,exercise_id", list(value_number_exercises(counts=False, exact=True))
)
def test_a_hair_off_answer_is_told_a_typed_figure_was_rounded_not_to_check_rows(
    module, exercise_id
):
    # what a rounded order value copied from a table does to an otherwise right calculation
    check = checker(module)
    exercise = check.exercises[exercise_id]
    expected = float(exercise.expected())
    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: expected * 1.00031})
    message = str(failure.value)
    assert "rounded" in message and "the rows you kept" not in message, message


@pytest.mark.parametrize("module,exercise_id", list(value_number_exercises()))
def test_a_filtered_row_for_a_number_is_told_to_take_the_value_out(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    row = pd.Series([exercise.expected()], index=["2025"])
    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: row})
    assert ".iloc[0]" in str(failure.value), str(failure.value)


@pytest.mark.parametrize("module,exercise_id", list(function_exercises()))
def test_a_caret_for_a_power_is_told_to_use_two_stars(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]

    def spreadsheet_habit(*args, **kwargs):
        retention, months = 0.9, 3
        return retention ^ months

    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: spreadsheet_habit})
    message = str(failure.value)
    # the example is plain arithmetic, not a formula of one module
    assert "1.05 ** 3" in message and "retention ** t" not in message and "TypeError" in message


def table_value_exercises():
    """Value exercises whose answer is a Series or a table."""
    for module in MODULES:
        for exercise in exercises_for(module):
            if isinstance(exercise, ValueExercise) and isinstance(
                exercise.comparator, SeriesOf | Frame
            ):
                yield pytest.param(module, exercise.id, id=exercise.id)


@pytest.mark.parametrize("module,exercise_id", list(table_value_exercises()))
def test_a_series_or_table_rounded_to_a_few_decimals_is_named_as_rounded(module, exercise_id):
    """What a learner gets who types the values from a printed table, or rounds them."""
    check = checker(module)
    exercise = check.exercises[exercise_id]
    expected = exercise.expected()
    decimals = next(
        # the finest rounding the check notices: what typing a printed table gives
        (d for d in (4, 3, 2, 1, 0) if not exercise.comparator.same(expected.round(d), expected)),
        None,
    )
    if decimals is None:  # whole numbers only: rounding cannot change them
        assert exercise.comparator.same(expected.round(0), expected)
        return
    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: expected.round(decimals)})
    message = str(failure.value)
    assert "rounded" in message, message


@pytest.mark.parametrize("module,exercise_id", list(function_exercises()))
def test_a_list_times_a_number_is_told_to_add_it_up_or_make_a_series(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]

    def pandas_habit_on_a_list(*args, **kwargs):
        weekly = [160, 170]
        return 0.5 * weekly

    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: pandas_habit_on_a_list})
    assert "sum(" in str(failure.value) and "pd.Series" in str(failure.value)


@pytest.mark.parametrize("module,exercise_id", list(function_exercises(Numbers)))
def test_a_loop_that_returns_only_its_last_value_is_told_to_collect_a_list(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]

    def running_total(*args, **kwargs):
        total = 0.0
        for value in [100.0, 0.0, 0.0]:
            total = value + 0.6 * total
        return total

    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: running_total})
    assert "out.append" in str(failure.value), str(failure.value)


@pytest.mark.parametrize("module,exercise_id", list(function_exercises(Number)))
def test_near_misses_in_a_function_get_formula_advice_not_rows_and_dates(module, exercise_id):
    check = checker(module)
    exercise = check.exercises[exercise_id]

    def slightly_off(**kwargs):
        return exercise.reference(**kwargs) * 1.0043

    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: slightly_off})
    message = str(failure.value)
    assert "the rows you kept" not in message


def test_returning_none_where_none_means_never_is_not_called_a_forgotten_return():
    check = checker("01_finance")

    def payback_month(cac, margins_by_month):
        return None  # "never", every time

    with pytest.raises(TryAgain) as failure:
        check("1.7", namespace={"payback_month": payback_month})
    assert "forget `return`" not in str(failure.value)
    assert "means 'never'" in str(failure.value)


def test_a_table_column_in_percent_is_named():
    check = checker("01_finance")
    exercise = next(e for e in check.exercises.values() if e.answer == "variance_2025")
    table = exercise.expected().copy()
    table["variance_pct"] *= 100
    with pytest.raises(TryAgain, match="'variance_pct' column looks like a percentage"):
        check(exercise.id, namespace={"variance_2025": table})


# -- a crash is read like a wrong answer: the named mistake that crashes the same way, else the
#    pandas slip the error is known for ------------------------------------------------------


def _crashing_exercise(**mistake):
    from cmo_course.checks import Mistake, Number

    def reference(spend):
        return float(spend["spend"].sum())

    return FunctionExercise(
        id="9.9",
        title="total(spend)",
        answer="total",
        comparator=Number(),
        reference=reference,
        cases=lambda: [
            {
                "spend": pd.DataFrame(
                    {"day": pd.date_range("2025-01-01", periods=3), "spend": [1.0, 2.0, 3.0]}
                )
            }
        ],
        mistakes=[Mistake("named: you added up every column, dates included", **mistake)],
        hints=["h"],
    )


def test_a_crash_that_a_named_mistake_makes_too_gets_that_mistakes_words():
    exercise = _crashing_exercise(function=lambda spend: spend.sum(axis=None))

    def total(spend):
        return spend.sum(axis=None)

    with pytest.raises(TryAgain) as failure:
        exercise.check({"total": total})
    # a new sentence after the error: the mistake's words start with a capital
    assert "). Named: you added up" in str(failure.value), str(failure.value)


def test_a_crash_whose_error_words_a_mistake_names_gets_that_mistakes_words():
    exercise = _crashing_exercise(error="does not support operation")

    def total(spend):
        return spend.sum().sum()

    with pytest.raises(TryAgain) as failure:
        exercise.check({"total": total})
    message = str(failure.value)
    assert "Named: you added up" in message and "TypeError" in message, message


def test_a_crash_no_mistake_explains_gets_the_slip_not_a_named_mistake():
    exercise = _crashing_exercise(function=lambda spend: spend["spend"].sum() * 2)

    def total(spend):
        return spend["spnd"].sum()

    with pytest.raises(TryAgain) as failure:
        exercise.check({"total": total})
    message = str(failure.value)
    assert "amed:" not in message and "no column" in message and "'spnd'" in message, message


def test_the_checks_own_test_table_is_not_taken_for_the_learners_table():
    exercise = _crashing_exercise(function=lambda spend: 0.0)

    def total(spend):
        return 1.0

    mine = pd.DataFrame({"spend": range(500)})
    with pytest.raises(TryAgain) as failure:
        exercise.check({"total": total, "spend": mine})
    message = str(failure.value)
    assert "the check's own test table of 3 rows, not your spend of 500" in message, message


PANDAS_SLIPS = {
    # what a spreadsheet user's first pandas writes, and the words its message must hold
    "a sum over a table with dates": (
        lambda: (
            pd.DataFrame({"d": pd.date_range("2025-01-01", periods=2), "x": [1, 2]})
            .groupby("x")
            .sum()
        ),
        '[["spend", "clicks"]]',
    ),
    "and between two conditions": (
        lambda: (lambda s: s[(s > 1) and (s < 3)])(pd.Series([1, 2, 3])),
        "& and |",
    ),
    "a filter without parentheses": (
        lambda: (lambda s: s[s > 1 & s < 3])(pd.Series([1.0, 2.0, 3.0])),
        "parentheses",
    ),
    "a filter of whole numbers without parentheses": (
        # 2025 & year works bit by bit on whole numbers, so the error is the ambiguous truth value
        lambda: (lambda year: year[year == 2025 & year > 0])(pd.Series([2024, 2025])),
        "a condition lacks its parentheses",
    ),
    "a date's year without .dt": (
        lambda: pd.Series(pd.date_range("2025-01-01", periods=2)).year,
        ".dt.year",
    ),
    "a misspelt column": (lambda: pd.DataFrame({"spend": [1]})["spnd"], "'spnd'"),
    "two columns in single brackets": (
        lambda: pd.DataFrame({"p": ["a"], "x": [1], "y": [2]}).groupby("p")["x", "y"].sum(),
        '[["engagements", "reach"]]',
    ),
    "IDs added up, then divided": (
        lambda: pd.Series(["c1", "c2"]).sum() / 2,
        ".size() or .count()",
    ),
}


@pytest.mark.parametrize("slip", list(PANDAS_SLIPS))
@pytest.mark.parametrize("module,exercise_id", list(function_exercises()))
def test_a_pandas_slip_in_a_function_is_named(module, exercise_id, slip):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    crash, words = PANDAS_SLIPS[slip]

    def first_pandas(*args, **kwargs):
        return crash()

    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: first_pandas})
    assert words in str(failure.value), str(failure.value)


# Module 01: the slips of the learner play-through (issue 20), written as a learner writes them


def _m01_message(exercise_id: str, name: str, answer) -> str:
    with pytest.raises(TryAgain) as failure:
        checker("01_finance")(exercise_id, namespace={name: answer})
    return str(failure.value)


def test_m01_cac_with_both_years_of_spend_or_every_customer_is_named():
    from cmo_course import datasets

    pnl, customers = datasets.load("pnl_monthly"), datasets.load("customers")
    paid = ["paid_social", "paid_search", "paid_video"]
    months_2025 = pnl[pnl["month"].dt.year == 2025]
    new_2025 = customers[customers["first_order_date"].dt.year == 2025]
    message = _m01_message("1.3", "blended_cac_2025", pnl["marketing_total"].sum() / len(new_2025))
    assert "both years of the P&L" in message and "customers are right" in message
    every_paid = customers[customers["acquisition_channel"].isin(paid)]
    message = _m01_message(
        "1.4", "paid_cac_2025", months_2025["marketing_paid_digital"].sum() / len(every_paid)
    )
    assert "every paid customer in the table" in message and "new_2025" in message
    paid_new = new_2025[new_2025["acquisition_channel"].isin(paid)]
    message = _m01_message(
        "1.4", "paid_cac_2025", pnl["marketing_paid_digital"].sum() / len(paid_new)
    )
    assert "both years of the P&L" in message


def test_m01_contribution_margin_slips_are_named():
    def average_of_margins(orders):
        net = orders["revenue"] - orders["refund"]
        costs = orders["cogs"] + orders["shipping_cost"] + orders["payment_fee"]
        return ((net - costs) / net).mean()

    def refund_left_in(orders):
        costs = orders["cogs"] + orders["shipping_cost"] + orders["payment_fee"]
        net = orders["revenue"].sum() - orders["refund"].sum()
        return (orders["revenue"] - costs).sum() / net

    message = _m01_message("1.2", "contribution_margin", average_of_margins)
    assert "-inf" in message and "Add up contribution and net revenue" in message
    message = _m01_message("1.2", "contribution_margin", refund_left_in)
    assert "refunds are missing from the contribution" in message


def test_m01_ltv_that_replaces_its_total_is_told_to_add_to_it():
    def ltv(first_order_margin, monthly_margin, monthly_retention, horizon_months):
        total = first_order_margin
        for t in range(1, horizon_months):
            total = monthly_margin * monthly_retention**t
        return total

    assert "only the last month's term" in _m01_message("1.5", "ltv", ltv)


def test_m01_payback_that_returns_none_inside_the_loop_is_told_the_loop_stops():
    def payback_month(cac, margins_by_month):
        running_total = 0.0
        for month, margin in enumerate(margins_by_month):
            running_total += margin
            if running_total >= cac:
                return month
            else:
                return None
        return None

    message = _m01_message("1.7", "payback_month", payback_month)
    assert "loop stops after the first month" in message
    assert "Check the condition" not in message and "forget `return`" not in message


def test_m01_payback_that_always_says_never_is_told_none_means_never():
    def payback_month(cac, margins_by_month):
        return None

    message = _m01_message("1.7", "payback_month", payback_month)
    assert "which means 'never' here" in message
    assert "loop stops after the first month" not in message


def test_m01_marginal_roi_slips_are_told_apart():
    def no_brackets(spend_before, spend_after, revenue_before, revenue_after, contribution_margin):
        sa, sb = spend_after, spend_before
        return (revenue_after - revenue_before) * contribution_margin - (sa - sb) / (sa - sb)

    def over_spend_after(
        spend_before, spend_after, revenue_before, revenue_after, contribution_margin
    ):
        extra = (revenue_after - revenue_before) * contribution_margin
        return (extra - (spend_after - spend_before)) / spend_after

    def spend_not_taken_off(
        spend_before, spend_after, revenue_before, revenue_after, contribution_margin
    ):
        extra = (revenue_after - revenue_before) * contribution_margin
        return extra / (spend_after - spend_before)

    assert "brackets are missing" in _m01_message("1.9", "marginal_roi", no_brackets)
    assert "spend after the change" in _m01_message("1.9", "marginal_roi", over_spend_after)
    assert "Take the extra spend off" in _m01_message("1.9", "marginal_roi", spend_not_taken_off)


# -- the capstone: wrong plans and trees the learner's own check used to pass ------------------


def capstone_namespace() -> dict:
    from cmo_course.checks import m06_capstone

    return m06_capstone.reference_namespace()


def test_a_capstone_plan_on_one_channel_is_told_the_brief_asks_for_three():
    from cmo_course.checks import m06_capstone

    plan = capstone_namespace()["plan"].copy()
    plan.loc[m06_capstone.model().names, m06_capstone.QUARTERS] = 0.0
    plan.loc["meta", m06_capstone.QUARTERS] = 600_000.0
    with pytest.raises(TryAgain, match="at least 3 consumer channels"):
        checker("06_capstone")("6.1", namespace={"plan": plan})


def test_a_capstone_plan_with_display_names_is_told_to_keep_the_datas_names():
    from cmo_course import plots

    plan = plots.labelled(capstone_namespace()["plan"])
    with pytest.raises(TryAgain, match="named as tables show them") as failure:
        checker("06_capstone")("6.1", namespace={"plan": plan})
    assert "'google_search'" in str(failure.value) or "'agency_fees'" in str(failure.value)


def test_a_capstone_plan_with_the_years_gifting_budget_in_each_quarter_is_named():
    from cmo_course.checks import m06_capstone

    plan = capstone_namespace()["plan"].copy()
    plan.loc["linkedin", m06_capstone.QUARTERS] = m06_capstone.gifting()["budget"]
    with pytest.raises(TryAgain, match="whole year's money"):
        checker("06_capstone")("6.1", namespace={"plan": plan})


def test_capstone_months_appended_by_quarter_are_told_to_join_them():
    namespace = capstone_namespace()
    monthly = namespace["monthly"]
    pieces = pd.DataFrame(
        {line: [monthly[line].to_numpy()[3 * i : 3 * i + 3] for i in range(4)] for line in monthly}
    )
    with pytest.raises(TryAgain, match="extend"):
        checker("06_capstone")("6.2", namespace={**namespace, "monthly": pieces})


def test_a_customer_tree_on_last_years_revenue_is_told_what_the_base_is():
    from cmo_course.checks import m06_capstone

    namespace = capstone_namespace()
    tree = dict(namespace["customer_tree"])
    revenue_2025 = float(m06_capstone.inputs()["ly_net_revenue"].sum())
    tree.update(
        base_revenue=revenue_2025, new_customer_revenue=tree["revenue_target"] - revenue_2025
    )
    tree["new_customers"] = tree["new_customer_revenue"] / tree["revenue_per_new_customer"]
    with pytest.raises(TryAgain, match="2025's net revenue from every customer") as failure:
        checker("06_capstone")("6.4", namespace={"customer_tree": tree})
    assert "model.base" in str(failure.value)


def test_a_customer_tree_with_a_made_up_revenue_per_customer_is_told_to_read_the_cohorts():
    namespace = capstone_namespace()
    tree = dict(namespace["customer_tree"])
    tree.update(revenue_per_new_customer=250.0, new_customers=tree["new_customer_revenue"] / 250.0)
    with pytest.raises(TryAgain, match="10% away") as failure:
        checker("06_capstone")("6.4", namespace={"customer_tree": tree})
    assert "cohort table" in str(failure.value)


def test_m00_customers_of_every_channel_are_told_to_keep_organic_social():
    """Grouping every new customer by source brings labels that are not platforms (a search
    engine, a shop): the message says what they are and which filter drops them."""
    from cmo_course import datasets

    posts, customers = datasets.load("social_posts"), datasets.load("customers")
    clicks = posts[posts["date"].dt.year == 2025].groupby("platform")["link_clicks"].sum()
    new = customers[customers["first_order_date"].dt.year == 2025]
    answer = new.groupby("acquisition_source").size() / clicks * 1000
    with pytest.raises(TryAgain) as failure:
        checker("00_start_here")("0.3", namespace={"customers_per_1000_clicks": answer})
    assert "unexpected" in str(failure.value) and '"organic_social"' in str(failure.value)


@pytest.mark.parametrize("count", ["buyers", "orders"])
def test_m00_buyers_or_orders_from_the_orders_table_are_told_they_are_not_new_customers(count):
    """A learner who counts 2025's orders whose last click was an organic post, or the people who
    placed them, counts repeat buyers too: the named mistake says so, not the generic message."""
    from cmo_course import datasets

    posts, orders = datasets.load("social_posts"), datasets.load("orders")
    clicks = posts[posts["date"].dt.year == 2025].groupby("platform")["link_clicks"].sum()
    organic = orders[
        (orders["order_date"].dt.year == 2025) & (orders["last_click_channel"] == "organic_social")
    ]
    by_source = organic.groupby("last_click_source")
    counted = by_source["customer_id"].nunique() if count == "buyers" else by_source.size()
    with pytest.raises(TryAgain) as failure:
        checker("00_start_here")(
            "0.3", namespace={"customers_per_1000_clicks": counted / clicks * 1000}
        )
    assert f"These are {count}, not new customers" in str(failure.value)


def test_m00_link_clicks_counted_as_engagements_are_named():
    from cmo_course import datasets

    posts = datasets.load("social_posts")
    columns = ["likes", "comments", "shares", "saves", "link_clicks"]
    totals = posts.assign(engagements=posts[columns].sum(axis=1))
    totals = totals.groupby("platform")[["engagements", "reach"]].sum()
    answer = totals["engagements"] / totals["reach"]
    with pytest.raises(TryAgain, match="Link clicks are counted as engagements"):
        checker("00_start_here")("0.2", namespace={"engagement_rate_by_platform": answer})


@pytest.mark.parametrize("metric", ["followers", "reach", "engagement rate", "link clicks"])
def test_m00_a_wrong_metric_for_the_cfo_is_told_why_without_the_answer(metric):
    with pytest.raises(TryAgain) as failure:
        checker("00_start_here")("0.4", namespace={"metric_for_the_cfo": metric})
    message = str(failure.value).split("\n")[1]
    assert f"Ranked on {metric}" in message and "CFO's question" in message
    assert "new customers" not in message and len(message.split()) <= 60


def test_m00_the_cfos_question_asks_about_the_organic_posts_the_answer_counts():
    """Exercise 0.4's answer counts the new customers last click credits to each platform's
    organic posts. Counting the paid ones too, another platform leads (Meta, Facebook's ads), so
    the CFO's question must ask about the organic posts, not about "our social platforms"."""
    import json
    from pathlib import Path

    from cmo_course import datasets
    from cmo_course.checks import m00_start_here as m00

    organic = m00.metrics_by_platform()["new customers"]
    customers = datasets.load("customers")
    new = customers[customers["first_order_date"].dt.year == 2025]
    social = new[new["acquisition_channel"].isin(["organic_social", "paid_social"])]
    both = social["acquisition_source"].replace({"meta": "facebook"}).value_counts()
    assert both.idxmax() != organic.idxmax()  # the question's basis changes the answer
    notebook = Path(__file__).resolve().parent.parent / "solutions" / "00_start_here"
    cells = json.loads((notebook / "00_start_here.ipynb").read_text(encoding="utf-8"))["cells"]
    (question,) = ["".join(c["source"]) for c in cells if c.get("id") == "ex0-4-text"]
    assert "organic posts bring us the most new customers?" in question
    assert "Which of our social platforms" not in question
    for metric in m00.CFO_METRICS[:-1]:  # what the check says of a wrong choice fits it too
        said = m00.ranking_consequence(metric)
        assert "organic posts" in said or "by luck" in said, metric


def test_m02_step_rates_with_session_start_still_in_are_told_to_drop_it():
    from cmo_course import funnels

    check = checker("02_funnels")

    def step_rates_by(events, column):  # every step's rate, session_start's 1.0 included
        rates = {value: funnels.funnel(part)["step_rate"] for value, part in events.groupby(column)}
        return pd.DataFrame(rates).T

    with pytest.raises(TryAgain, match="columns it should not: \\['session_start'\\]"):
        check("2.3", namespace={"step_rates_by": step_rates_by})


def test_m02_a_pooled_z_without_the_zero_guard_is_told_about_the_guard_not_pooling():
    def two_proportion_z(successes_a, trials_a, successes_b, trials_b):
        pooled = (successes_a + successes_b) / (trials_a + trials_b)
        se = (pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b)) ** 0.5
        return (successes_b / trials_b - successes_a / trials_a) / se

    with pytest.raises(TryAgain) as failure:
        checker("02_funnels")("2.7", namespace={"two_proportion_z": two_proportion_z})
    assert "return 0.0 when the standard error is 0" in str(failure.value)
    assert "separate standard error" not in str(failure.value)


def test_m05_a_shock_that_landed_on_revenue_itself_is_named_before_the_answer_is_judged():
    """shocked = revenue (no copy) can give the right moves once, but revenue is changed for
    every later cell; run twice, November is shocked twice. Either way the check says so."""
    from cmo_course.checks import m05_annual_planning as m05

    check = checker("05_annual_planning")
    right = check.exercises["5.5"].reference_namespace()
    revenue = m05.net_revenue_by_month().copy()
    check("5.5", namespace={**right, "revenue": revenue})  # an untouched revenue: it passes
    revenue.iloc[10] *= 1.10
    with pytest.raises(TryAgain, match="`revenue` itself has changed: shocked = revenue"):
        check("5.5", namespace={**right, "revenue": revenue})
    revenue.iloc[10] *= 1.10  # the cell run a second time
    with pytest.raises(TryAgain, match="1.21 times its own value"):
        check("5.5", namespace={**right, "revenue": revenue})


def test_m02_step_rates_on_their_side_are_told_to_turn_the_table():
    from cmo_course import funnels

    def step_rates_by(events, column):  # the loop's table without .T: a column per device
        rows = {v: funnels.funnel(part)["step_rate"].iloc[1:] for v, part in events.groupby(column)}
        return pd.DataFrame(rows)

    with pytest.raises(TryAgain, match="on its side") as failure:
        checker("02_funnels")("2.3", namespace={"step_rates_by": step_rates_by})
    assert "transpose" in str(failure.value)


@pytest.mark.parametrize(
    "slip,words",
    [
        ("orders", "counts repeat orders, not customers"),
        (">=", "includes each first order"),
        ("<", "stops a day short"),
        ("table", "first order from the orders table"),
    ],
)
def test_m02_repeat_rate_slips_are_named(slip, words):
    from cmo_course import datasets
    from cmo_course.checks import m02_funnels as m02

    def first_order_from_the_orders_table() -> float:
        # the pitfall 2.12 warns of, as a learner writes it: the earliest order in the table
        orders = datasets.load("orders")
        firsts = orders.groupby("customer_id", as_index=False)["order_date"].min()
        cohort = firsts[firsts["order_date"].dt.year == 2024]
        cohort = cohort.rename(columns={"order_date": "first"})
        theirs = orders.merge(cohort, on="customer_id")
        late = theirs["order_date"] - theirs["first"]
        back = theirs[(late > pd.Timedelta(0)) & (late <= pd.Timedelta(days=365))]
        return back["customer_id"].nunique() / len(cohort)

    wrong = {
        "orders": lambda: m02._repeat_in_window(count="orders"),
        ">=": lambda: m02._repeat_in_window(after=">="),
        "<": lambda: m02._repeat_in_window(within="<"),
        "table": first_order_from_the_orders_table,
    }[slip]()
    with pytest.raises(TryAgain, match=words):
        checker("02_funnels")("2.12", namespace={"repeat_rate_2024": wrong})
    assert m02._repeat_in_window() == pytest.approx(
        checker("02_funnels").exercises["2.12"].expected()
    )


def test_m02_leak_in_percentage_points_and_typed_series_are_named():
    from cmo_course.checks import m02_funnels as m02

    check = checker("02_funnels")
    assert m02._leak_with_rates() == pytest.approx(check.exercises["2.5"].expected())
    with pytest.raises(TryAgain, match="percentage points"):
        check("2.5", namespace={"weekly_revenue_at_stake": m02._leak_with_rates(0, 100)})
    typed = m02._orders_per("sends").round(2)
    with pytest.raises(TryAgain, match="look rounded to 2 decimals, as if typed in"):
        check("2.9", namespace={"orders_per_1000_sends": typed})


def test_m02_holdout_times_the_whole_audience_is_told_to_use_sends():
    from cmo_course.checks import m02_funnels as m02

    tests = m02._tests()
    check = checker("02_funnels")
    assert m02._holdout_times(tests["sends"]) == pytest.approx(check.exercises["2.10"].expected())
    with pytest.raises(TryAgain, match="whole audience"):
        check(
            "2.10",
            namespace={
                "incremental_orders": m02._holdout_times(tests["sends"] + tests["holdout_size"])
            },
        )


@pytest.mark.parametrize("choice", ["pixel conversions", "deflated pixel"])
def test_m03_the_pilot_counts_messages_write_dollars_as_a_person_does(choice):
    """-$6,506 and $141,463, never $-6,506, $+141,463 or a 255k commitment; the store's count's
    loss as the data has it."""
    from cmo_course.checks import m03_paid_media as m03

    with pytest.raises(TryAgain) as failure:
        checker("03_paid_media")("3.13", namespace={"pilot_count": choice})
    message = str(failure.value)
    assert "$-" not in message and "$+" not in message and "255k" not in message
    loss = m03.FACTS["commitment expected loss"].compute()
    assert "the $254,800 commitment" in message
    assert f"against -${loss:,.0f} on the store's count" in message


def test_m03_a_posterior_as_a_plain_average_fails_on_the_worked_example():
    """The worked example has unequal weights, so the plain average of prior and pilot is told
    apart on it, not only on the pilot's case; the pilot's prior mean is shown rounded."""
    from cmo_course.checks import m03_paid_media as m03

    check = checker("03_paid_media")
    first = check.exercises["3.12"].cases()[0]
    assert m03._posterior_reference(**first) == pytest.approx(10 / 300)

    def posterior_cvr(prior_mean, prior_weight, conversions, clicks):
        return (prior_mean + conversions / clicks) / 2

    with pytest.raises(TryAgain) as failure:
        check("3.12", namespace={"posterior_cvr": posterior_cvr})
    message = str(failure.value)
    assert "conversions=8, clicks=200" in message and "as if they weighed the same" in message
    assert check.exercises["3.12"].cases()[1]["prior_mean"] == round(m03.prior()[0], 4)


def test_m03_ctr_as_a_percentage_is_named_not_just_the_column():
    def metric_chain_table(paid):
        t = paid.groupby("platform")[
            ["spend", "impressions", "clicks", "platform_conversions", "platform_revenue"]
        ].sum()
        table = pd.DataFrame(index=t.index)
        table["cpm"] = t["spend"] / t["impressions"] * 1000
        table["ctr"] = t["clicks"] / t["impressions"] * 100  # as Ads Manager shows it
        table["cpc"] = t["spend"] / t["clicks"]
        table["cvr"] = t["platform_conversions"] / t["clicks"]
        table["cpa"] = t["spend"] / t["platform_conversions"]
        table["roas"] = t["platform_revenue"] / t["spend"]
        return table

    with pytest.raises(TryAgain, match="ctr is a percentage here"):
        checker("03_paid_media")("3.1", namespace={"metric_chain_table": metric_chain_table})


def test_m03_revenue_totals_one_break_even_and_profit_after_spend_get_their_own_messages():
    from cmo_course.checks import m03_paid_media as m03

    check = checker("03_paid_media")
    cells = m03.lift_cells()
    counts = (cells.loc["test", "revenue"] - cells.loc["holdout", "revenue"]) / cells.loc[
        "test", "spend"
    ]
    with pytest.raises(TryAgain, match="compares revenue totals"):
        check("3.7", namespace={"meta_iroas": float(counts)})
    shared = m03.chance_by_audience(shared_break_even=True)
    with pytest.raises(TryAgain, match="one break-even"):
        check("3.14", namespace={"chance_by_audience": shared})
    # 3.11 grades the $1 rule after spend: the fixed-total split's gain is named, with Meta's
    # next dollar below $1, and so is a gain in contribution that forgets the spend saved
    with pytest.raises(
        TryAgain, match=r"Meta's next dollar brings back about \$0\.\d\d, below \$1"
    ):
        check("3.11", namespace={"dollar_rule_gain": m03.reallocation_gain()})
    with pytest.raises(TryAgain, match="without the spend"):
        check("3.11", namespace={"dollar_rule_gain": m03.dollar_rule_gain(after_spend=False)})
    check("3.7", namespace={"meta_iroas": m03.lift().iroas})
    check("3.14", namespace={"chance_by_audience": m03.chance_by_audience()})
    check("3.11", namespace={"dollar_rule_gain": m03.dollar_rule_gain()})


def _m04_message(exercise_id: str, name: str, answer) -> str:
    with pytest.raises(TryAgain) as failure:
        checker("04_offline_channels")(exercise_id, namespace={name: answer})
    return str(failure.value)


def test_m04_frequency_from_the_rounded_grps_column_is_named():
    from cmo_course import datasets, offline

    mix = datasets.load("media_mix_weekly")
    mix_2025 = mix[mix["week_start"].dt.year == 2025]
    spring = mix_2025[(mix_2025["week_start"].dt.month < 7) & (mix_2025["tv_grps"] > 0)]
    grps = spring["tv_grps"].sum()  # the rounded column the text says not to add up
    message = _m04_message("4.4", "spring_frequency", grps / (offline.reach_curve(grps) * 100))
    assert "rounded" in message and "total impressions" in message


def test_m04_a_tbr_gap_that_returns_the_lift_is_told_to_return_the_gap():
    def tbr_gap(test_pre, control_pre, test_during, control_during):
        share = sum(test_pre) / sum(control_pre)
        predicted = share * sum(control_during)
        return (sum(test_during) - predicted) / predicted

    message = _m04_message("4.8", "tbr_gap", tbr_gap)
    assert "this is the lift" in message and "the gap itself" in message
    assert "The number is not right" not in message


def test_m04_a_bar_in_percent_is_told_break_even_is_already_a_fraction():
    from cmo_course import offline
    from cmo_course.checks import m04_offline_channels as m04

    weeks = m04.geo_period_weeks()
    answer = offline.minimum_detectable_lift(
        20, 20, 52, weeks, m04.planned_cv(), bar=m04.break_even() * 100
    )
    message = _m04_message("4.13", "lift_to_show", answer)
    assert "already a fraction" in message and "x 100" in message
    assert f"{answer:.2f}" not in message


def test_m04_messages_leave_the_amounts_to_the_learner_and_name_sections_ahead():
    from cmo_course.checks import m04_offline_channels as m04
    from cmo_course.plots import money

    airtime_only = m04.tv_cost_per_customer("media_only")
    message = _m04_message("4.11", "tv_cost_per_customer", airtime_only)
    assert "tv_production" in message and money(m04.autumn_production()) not in message
    # nor the production per customer: the learner's airtime-only answer plus it is the answer
    per_customer = m04.tv_cost_per_customer() - airtime_only
    assert money(per_customer) not in message and "cheaper than it was" in message
    for basis in ("first-order revenue", "first-order contribution"):
        message = _m04_message("4.12", "value_basis", basis)
        assert "break-even lift" in message and "Section 7" in message


def test_m04_adstock_messages_write_times_as_a_word_or_a_star():
    def adstock(spend, theta):
        out, last = [], 0.0
        for x in spend:
            out.append(x + theta * last)
            last = x
        return out

    message = _m04_message("4.5", "adstock", adstock)
    assert "theta x" not in message and "theta * A_(t-1)" in message


def test_m05_leads_without_brackets_or_rounded_up_are_told_so_not_within_one_percent():
    check = checker("05_annual_planning")

    def no_brackets(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
        return revenue / deal_size / win_rate - other_opportunities / lead_to_opportunity

    def rounded_up(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
        opportunities = max(0, revenue / deal_size / win_rate - other_opportunities)
        return math.ceil(opportunities / lead_to_opportunity)

    with pytest.raises(TryAgain, match="Put brackets round the subtraction"):
        check("5.3", namespace={"leads_needed": no_brackets})
    with pytest.raises(TryAgain, match="rounds the leads up") as failure:
        check("5.3", namespace={"leads_needed": rounded_up})
    assert "Within 1%" not in str(failure.value)


def test_m05_the_best_splits_total_and_the_plan_with_tv_are_named():
    from cmo_course import planning
    from cmo_course.checks import m05_annual_planning as m05

    check = checker("05_annual_planning")
    best = m05.best_outcome()["two_year_contribution"]
    with pytest.raises(TryAgain, match="best split's own two-year contribution"):
        check("5.6", namespace={"split_gain": best})
    model = m05.model()
    with_tv = model.evaluate(model.best_budget(), planning.SCENARIOS["downside"])["gap"]
    with pytest.raises(TryAgain, match="keeps TV") as failure:
        check("5.10", namespace={"downside_gap": with_tv})
    assert "Within 1%" not in str(failure.value)


def test_m03_chances_in_percent_are_named():
    check = checker("03_paid_media")
    exercise = check.exercises["3.14"]
    with pytest.raises(TryAgain, match="looks like a percentage"):
        check("3.14", namespace={exercise.answer: exercise.expected() * 100})


def test_2_9_passes_with_a_near_tie_said_as_one():
    """Credited orders per 1,000 sends within 5% of each other are not 'the most'."""
    from cmo_course.checks.m02_funnels import _credited_leaders

    near = _credited_leaders(pd.Series({"active_customers": 3.34, "lapsed_customers": 3.32}))
    assert "about as many" in near and "3.34 and 3.32" in near
    clear = _credited_leaders(pd.Series({"active_customers": 4.3, "lapsed_customers": 3.3}))
    assert clear == "Last click credits active customers with the most orders per email sent"


def test_m04_an_adstock_by_position_fails_on_a_series_as_mix_2025_holds_it():
    def adstock(spend, theta):
        out, carried = [], 0.0
        for i in range(len(spend)):
            carried = spend[i] + theta * carried
            out.append(carried)
        return out

    message = _m04_message("4.5", "adstock", adstock)
    assert "KeyError: 0" in message and "spend.iloc[i]" in message and "for x in spend" in message
    # the Series is named by its size and labels, not printed row by row
    assert "values, its rows labelled from" in message and "dtype" not in message


def _ltv_message(term) -> str:
    """The check's message on an ltv whose loop adds ``term(monthly_margin, retention, t)``."""

    def ltv(first_order_margin, monthly_margin, monthly_retention, horizon_months):
        total = first_order_margin
        for t in range(1, horizon_months):
            total += term(monthly_margin, monthly_retention, t)
        return total

    with pytest.raises(TryAgain) as failure:
        checker("01_finance")("1.5", namespace={"ltv": ltv})
    return str(failure.value)


def test_m01_an_ltv_without_the_power_is_named_not_called_within_one_percent():
    # on the worked example this lands within 1% of the answer: the named mistake must win
    message = _ltv_message(lambda margin, retention, t: margin * retention)
    assert "raised to the power t (`**t`)" in message and "retentionᵗ" in message
    assert "Within 1%" not in message


def test_m01_an_ltv_with_the_power_one_month_behind_is_named():
    message = _ltv_message(lambda margin, retention, t: margin * retention ** (t - 1))
    assert "one month behind" in message and "Month 0 is the month of the first order" in message
    assert "The number is not right" not in message


def test_m04_an_adstock_wrong_from_its_first_week_says_week_0_not_week_1():
    def adstock(spend, theta):
        out = []
        for x in spend:
            carried = x + theta * x
            out.append(carried)
        return out

    message = _m04_message("4.5", "adstock", adstock)
    assert "differ from the first week (week 0) on" in message and "week 1" not in message


@pytest.mark.parametrize("factor,words", [(100, "exactly 100 times"), (0.01, "divided by 100")])
@pytest.mark.parametrize(
    "module,exercise_id,unit",
    [("01_finance", "1.8", "Break-even ROAS is a ratio"), ("04_offline_channels", "4.2", "GRP")],
)
def test_a_number_off_by_exactly_100_is_named_with_its_unit(
    module, exercise_id, unit, factor, words
):
    check = checker(module)
    exercise = check.exercises[exercise_id]
    with pytest.raises(TryAgain) as failure:
        check(exercise_id, namespace={exercise.answer: exercise.expected() * factor})
    assert words in str(failure.value) and unit in str(failure.value)


def test_a_factor_of_100_is_not_claimed_for_counts_or_near_misses():
    from cmo_course.checks.exercises import generic_number_mistake

    assert "100" not in (generic_number_mistake(4_000, 40, False) or "")  # a count
    assert "100" not in (generic_number_mistake(302.5, 3.02, False) or "")  # not exactly 100x
    assert "exactly 100 times" in generic_number_mistake(302.0, 3.02, False)
    assert "divided by 100" in generic_number_mistake(0.0302, 3.02, False, computed_from_data=False)
    # where a percentage is the named slip, its own message stays
    assert "looks like a percentage" in generic_number_mistake(42.0, 0.42, True)


def test_nan_is_said_once():
    check = checker("01_finance")
    with pytest.raises(TryAgain) as failure:
        check("1.3", namespace={"blended_cac_2025": math.nan})
    assert str(failure.value).count("NaN") == 1 and "Your answer is nan" not in str(failure.value)

    def ltv(first_order_margin, monthly_margin, monthly_retention, horizon_months):
        return math.nan

    with pytest.raises(TryAgain) as failure:
        check("1.5", namespace={"ltv": ltv})
    assert str(failure.value).count("NaN") == 1 and "returned nan" not in str(failure.value)


def test_m00_engagements_without_shares_and_saves_are_named():
    from cmo_course.checks import m00_start_here as m00

    check = checker("00_start_here")

    posts = m00._posts()
    totals = posts.groupby("platform")[["likes", "comments", "reach"]].sum()
    answer = (totals["likes"] + totals["comments"]) / totals["reach"]
    with pytest.raises(TryAgain, match="Shares and saves are missing") as failure:
        check("0.2", namespace={"engagement_rate_by_platform": answer})
    assert "likes + comments + shares + saves" in str(failure.value)


@pytest.mark.parametrize("filled", [True, False])
def test_m02_an_overall_rate_that_repeats_the_step_rate_is_named(filled):
    from cmo_course.funnels import STEPS

    def funnel_table(events):
        one_per_session = events[["user_pseudo_id", "session_id", "event_name"]].drop_duplicates()
        sessions = one_per_session["event_name"].value_counts().reindex(STEPS, fill_value=0)
        table = pd.DataFrame({"sessions": sessions})
        table["step_rate"] = (sessions / sessions.shift(1)).fillna(1.0)
        overall = sessions / sessions.shift(1)
        table["overall_rate"] = overall.fillna(1.0) if filled else overall
        return table

    with pytest.raises(TryAgain, match="divides every step by the first step") as failure:
        checker("02_funnels")("2.2", namespace={"funnel_table": funnel_table})
    assert "overall_rate repeats step_rate" in str(failure.value)


def test_m03_a_peak_from_october_is_named():
    from cmo_course import datasets

    paid = datasets.load("paid_media_daily")
    meta = paid[(paid["platform"] == "meta") & (paid["date"].dt.year == 2024)]
    peak = meta["date"].dt.month.isin([10, 11, 12])
    cpm = meta.groupby(peak)[["spend", "impressions"]].sum()
    cpm = cpm["spend"] / cpm["impressions"]
    with pytest.raises(TryAgain, match="October to December as the peak"):
        checker("03_paid_media")("3.2", namespace={"meta_peak_premium": cpm[True] / cpm[False] - 1})


@pytest.mark.parametrize("margin", ["lesson", "module 01"])
def test_m04_an_iroas_times_the_first_order_margin_is_named(margin):
    from cmo_course import datasets, finance
    from cmo_course.checks import m04_offline_channels as m04

    orders, customers = datasets.load("orders"), datasets.load("customers")
    rate = (
        m04.first_order_contribution() / finance.first_order_value(orders, customers, 2025)
        if margin == "lesson"
        else finance.first_order_margin(orders, customers, 2025)
    )
    answer = m04.tv_iroas() * rate
    message = _m04_message("4.10", "tv_iroas", answer)
    assert "iROAS is revenue per dollar; margin comes in later (Exercise 4.12)" in message
