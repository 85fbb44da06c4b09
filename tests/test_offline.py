"""The offline-channel formulas against hand-worked examples, and the geo-test reading against
simulated tests whose truth is known."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cmo_course import offline


def test_grps_reach_and_frequency_by_hand():
    assert offline.grps(60, 3) == 180  # 60% reached 3 times on average
    assert offline.grps_from_impressions(3_000_000, 2_000_000) == 150
    assert offline.frequency(180, 60) == 3
    assert offline.cost_per_point(90_000, 180) == 500
    # one impression per person reaches 1 - 1/e of the audience; more reach comes slower
    assert offline.reach_from_impressions(1) == pytest.approx(0.6321, abs=1e-4)
    assert offline.reach_from_impressions(0) == 0
    curve = offline.reach_from_impressions(np.array([0.5, 1, 2, 4]))
    assert np.all(np.diff(curve) > 0) and np.all(np.diff(np.diff(curve)) < 0)
    with pytest.raises(ValueError, match="no one was reached"):
        offline.frequency(10, 0)
    with pytest.raises(ValueError, match="percentage"):
        offline.grps(120, 2)


def test_half_life_and_carryover_by_hand():
    assert offline.half_life(0.5) == pytest.approx(1)
    # by hand: ln 0.5 / ln 0.76 = 2.526 weeks (a weekly theta of about 0.76, the FMCG figure in
    # Meta Robyn's hyperparameter guidance, is a half-life of about 2.5 weeks)
    assert offline.half_life(0.76) == pytest.approx(2.526, abs=1e-3)
    assert offline.theta_from_half_life(offline.half_life(0.6)) == pytest.approx(0.6)
    assert offline.carryover_multiplier(0.6) == pytest.approx(2.5)
    # one week of pressure, followed for long enough, adds up to the multiplier
    pulse = offline.adstock([1.0] + [0.0] * 200, 0.6)
    assert pulse.sum() == pytest.approx(offline.carryover_multiplier(0.6))
    # after one half-life the pressure is half of the week it started
    assert offline.adstock([1.0, 0.0], 0.5)[1] == 0.5
    with pytest.raises(ValueError, match="between 0 and 1"):
        offline.half_life(1.0)


def test_time_based_regression_by_hand():
    control_pre = [100, 110, 120, 130]
    test_pre = [2 * x + 5 for x in control_pre]  # a perfect fit: a = 5, b = 2
    control_during = [140, 150]
    test_during = [2 * 140 + 5 + 20, 2 * 150 + 5 + 30]  # 20 and 30 more than predicted
    result = offline.time_based_regression(
        test_pre, control_pre, test_during, control_during, spend=25, intercept=True
    )
    assert result.intercept == pytest.approx(5) and result.slope == pytest.approx(2)
    assert result.incremental == pytest.approx(50)
    assert result.counterfactual == pytest.approx(285 + 305)
    assert result.lift == pytest.approx(50 / 590)
    assert result.iroas == pytest.approx(2)
    assert result.standard_error == pytest.approx(0, abs=1e-9)  # no noise, no doubt
    with pytest.raises(ValueError, match="at least 3 weeks"):
        offline.time_based_regression([1, 2], [1, 2], [3], [3])
    with pytest.raises(ValueError, match="must vary"):
        offline.time_based_regression([1, 2, 3], [5, 5, 5], [3], [5], intercept=True)


def test_time_based_regression_through_zero_by_hand():
    # the test markets sell half of what the controls sell, then 10 and 15 more in the flight
    result = offline.time_based_regression(
        [50, 60, 70], [100, 120, 140], [90, 95], [160, 160], spend=10
    )
    assert result.intercept == 0 and result.slope == pytest.approx(0.5)
    assert result.counterfactual == pytest.approx(160)
    assert result.incremental == pytest.approx(25)
    assert result.iroas == pytest.approx(2.5)
    assert result.standard_error == pytest.approx(0, abs=1e-9)
    # one noisy week before: b = 186 / 360; s^2 = sum (y - bx)^2 / x / (n_P - 1);
    # se = s sqrt(X_T + X_T^2 / X_P) with X_T = 320 and X_P = 360
    noisy = offline.time_based_regression([50, 66, 70], [100, 120, 140], [90, 95], [160, 160])
    b = 186 / 360
    s2 = ((50 - 100 * b) ** 2 / 100 + (66 - 120 * b) ** 2 / 120 + (70 - 140 * b) ** 2 / 140) / 2
    assert noisy.slope == pytest.approx(b)
    assert noisy.incremental == pytest.approx(185 - 320 * b)
    assert noisy.standard_error == pytest.approx(math.sqrt(s2 * (320 + 320**2 / 360)))
    with pytest.raises(ValueError, match="sold something every week"):
        offline.time_based_regression([0, 1, 1], [0, 1, 1], [1], [1])


def proportional_markets(rng, lift, weeks_before=40, weeks_during=12, level=30.0):
    """Test and control groups of equal size whose weekly sales are Poisson counts around a
    shared seasonal level: the controls are as noisy as the test markets."""
    weeks = np.arange(weeks_before + weeks_during)
    season = level * (1 + 0.35 * np.sin(weeks / 6)) * np.where(weeks % 13 == 0, 1.6, 1.0)
    control = rng.poisson(season).astype(float)
    test = rng.poisson(season * np.where(weeks >= weeks_before, 1 + lift, 1.0)).astype(float)
    planted = float((season[weeks_before:] * lift).sum())
    n = weeks_before
    return (test[:n], control[:n], test[n:], control[n:]), planted


def test_through_zero_stays_unbiased_where_noisy_controls_dilute_the_textbook_slope():
    rng = np.random.default_rng(11)
    runs = [proportional_markets(rng, 0.10) for _ in range(300)]
    zero = [offline.time_based_regression(*data) for data, _ in runs]
    textbook = [offline.time_based_regression(*data, intercept=True) for data, _ in runs]
    planted = np.array([p for _, p in runs])
    err_zero = np.array([r.incremental for r in zero]) - planted
    err_textbook = np.array([r.incremental for r in textbook]) - planted
    assert abs(err_zero.mean()) < 0.1 * planted.mean()
    assert np.mean([r.slope for r in textbook]) < 0.95  # diluted towards zero
    assert abs(err_textbook.mean()) > 2 * abs(err_zero.mean())
    covered = np.mean([r.low <= p <= r.high for r, p in zip(zero, planted, strict=True)])
    assert 0.90 <= covered <= 0.98, f"95% intervals cover the truth {covered:.0%} of the time"


def simulated_test(rng, effect_per_week, weeks_before=12, weeks_during=6, noise=20.0):
    control = (
        1_000
        + 40 * np.sin(np.arange(weeks_before + weeks_during) / 3)
        + rng.normal(0, noise, weeks_before + weeks_during)
    )
    test = 50 + 0.8 * control + rng.normal(0, noise, len(control))
    test[weeks_before:] += effect_per_week
    return test[:weeks_before], control[:weeks_before], test[weeks_before:], control[weeks_before:]


def test_time_based_regression_recovers_a_planted_effect_and_its_interval_covers_it():
    rng = np.random.default_rng(4)
    planted = 6 * 30.0
    results = [
        offline.time_based_regression(*simulated_test(rng, 30.0), intercept=True)
        for _ in range(400)
    ]
    estimates = np.array([r.incremental for r in results])
    covered = np.mean([r.low <= planted <= r.high for r in results])
    assert estimates.mean() == pytest.approx(planted, rel=0.05), "unbiased"
    assert 0.92 <= covered <= 0.98, f"95% intervals cover the truth {covered:.0%} of the time"
    # the stated error matches the spread of the estimates
    assert np.mean([r.standard_error for r in results]) == pytest.approx(estimates.std(), rel=0.15)


def test_geo_test_power_by_hand_and_at_the_minimum_detectable_effect():
    assert offline.geo_test_power(0.0, 10, 10, 12, 6, 0.1) == pytest.approx(0.05, abs=1e-5)
    base = offline.geo_test_power(0.03, 10, 10, 12, 6, 0.1)
    assert offline.geo_test_power(0.05, 10, 10, 12, 6, 0.1) > base  # bigger lift
    assert offline.geo_test_power(0.03, 20, 20, 12, 6, 0.1) > base  # more markets
    assert offline.geo_test_power(0.03, 10, 10, 12, 10, 0.1) > base  # longer flight
    assert offline.geo_test_power(0.03, 10, 10, 12, 6, 0.2) < base  # noisier markets
    # the lift at which power is 80%: (1.96 + 0.84) standard errors of the effect
    k_t, k_c, n_p, n_t, cv = 10, 10, 12, 6, 0.1
    se = cv * math.sqrt(k_t + k_t**2 / k_c) * math.sqrt(n_t + n_t**2 / n_p)
    mde = (1.96 + 0.8416) * se / (k_t * n_t)
    assert offline.geo_test_power(mde, k_t, k_c, n_p, n_t, cv) == pytest.approx(0.80, abs=0.005)
    with pytest.raises(ValueError, match="markets, weeks"):
        offline.geo_test_power(0.05, 0, 10, 12, 6, 0.1)


def test_a_bar_given_as_text_says_what_it_needs():
    # Exercise 4.13's slip: the variable's name in quotes. The message names the fix, not a
    # str + float error from inside the bisection.
    for call in (offline.minimum_detectable_lift, offline.geo_test_power):
        args = (
            (20, 20, 52, 12, 0.5)
            if call is offline.minimum_detectable_lift
            else (1.0, 20, 20, 52, 12, 0.5)
        )
        with pytest.raises(TypeError, match="without quotes: bar=break_even"):
            call(*args, bar="break_even")
    assert offline.minimum_detectable_lift(20, 20, 52, 12, 0.5, bar=1) > 1
    assert offline.minimum_detectable_lift(20, 20, 52, 12, 0.5, bar=np.float64(1.0)) > 1


def test_geo_test_power_agrees_with_simulated_tests():
    # 10 test and 10 control markets of about 100 a week each, cv 0.1, a 3% lift for 6 weeks
    rng = np.random.default_rng(9)
    k, cv, lift, n_p, n_t = 10, 0.1, 0.03, 12, 6
    found = 0
    runs = 600
    weeks = np.arange(n_p + n_t)
    for _ in range(runs):
        # every market shares the national ups and downs, which the control markets predict
        national = 1 + 0.25 * np.sin(weeks / 2) + rng.normal(0, 0.1, len(weeks))
        test = (100 * national[:, None] * (1 + rng.normal(0, cv, (len(weeks), k)))).sum(axis=1)
        control = (100 * national[:, None] * (1 + rng.normal(0, cv, (len(weeks), k)))).sum(axis=1)
        test[n_p:] *= 1 + lift
        result = offline.time_based_regression(test[:n_p], control[:n_p], test[n_p:], control[n_p:])
        found += result.low > 0 or result.high < 0
    planned = offline.geo_test_power(lift, k, k, n_p, n_t, cv)
    assert found / runs == pytest.approx(planned, abs=0.08)


def test_t_quantile_is_close_to_the_tables():
    # Student t, 97.5%: 2.776 (4 df), 2.228 (10 df), 2.042 (30 df)
    for df, exact in ((4, 2.776), (10, 2.228), (30, 2.042)):
        assert offline.t_quantile(1.96, df) == pytest.approx(exact, abs=0.01)


def test_a_planned_flight_by_hand():
    flight = offline.plan_flight(weekly_grps=50, weeks=2, theta=0.5, cost_per_point=40, horizon=4)
    assert list(flight.grps) == [50, 50, 0, 0]
    assert list(flight.pressure) == [50, 75, 37.5, 18.75]
    assert flight.total_grps == 100 and flight.cost == 4_000
    # reach from the planners' curve, not the at-random ceiling: 0.85 x 100 / (100 + 120)
    assert flight.reach == pytest.approx(0.85 * 100 / 220)
    assert flight.frequency == pytest.approx(100 / (100 * 0.85 * 100 / 220))
    assert flight.share_after == pytest.approx((37.5 + 18.75) / 181.25)
    nothing = offline.plan_flight(0, 3, 0.5, 40)
    assert nothing.reach == 0 and nothing.frequency == 0 and nothing.share_after == 0
    with pytest.raises(ValueError, match="at least as long"):
        offline.plan_flight(50, 10, 0.5, 40, horizon=5)


def test_reach_curve_by_hand_and_always_below_the_at_random_ceiling():
    # 100 GRPs with a ceiling of 85% and half the ceiling at 120 GRPs: 0.85 x 100 / 220
    assert offline.reach_curve(100, ceiling=0.85, half_grps=120) == pytest.approx(0.85 * 100 / 220)
    assert offline.reach_curve(100) == pytest.approx(0.386, abs=1e-3)  # the defaults
    assert offline.reach_curve(120) == pytest.approx(offline.REACH_CEILING / 2)
    assert offline.reach_curve(0) == 0
    assert offline.reach_curve(200, ceiling=0.7, half_grps=50) == pytest.approx(0.7 * 200 / 250)
    grps = np.linspace(1, 5_000, 500)
    curve = offline.reach_curve(grps)
    assert np.all(curve < offline.reach_from_impressions(grps / 100)), "below the at-random ceiling"
    assert np.all(curve < offline.REACH_CEILING), (
        "below the medium's ceiling, however much is bought"
    )
    assert np.all(np.diff(curve) > 0) and np.all(np.diff(np.diff(curve)) < 0), "rising ever slower"
    with pytest.raises(ValueError, match="cannot be negative"):
        offline.reach_curve(-1)
    with pytest.raises(ValueError, match="ceiling"):
        offline.reach_curve(100, ceiling=1.2)


def test_break_even_lift_by_hand():
    # $60,000 of TV over zones that would have brought 1,000 customers worth $75 each over two
    # years: the flight pays when it adds 800 customers, a lift of 80%
    assert offline.break_even_lift(60_000, 1_000, 75) == pytest.approx(0.8)
    assert offline.break_even_lift(0, 1_000, 75) == 0
    # twice the value, half the lift needed
    assert offline.break_even_lift(60_000, 1_000, 150) == pytest.approx(0.4)
    with pytest.raises(ValueError, match="positive"):
        offline.break_even_lift(60_000, 0, 75)


def test_power_against_a_bar_is_lower_than_against_zero_and_measured_from_the_bar():
    design = (20, 20, 52, 12, 0.5)
    for lift in (0.08, 0.12, 0.16, 0.2, 0.3):
        assert offline.geo_test_power(lift, *design, bar=0.05) < offline.geo_test_power(
            lift, *design
        )
    # a lift exactly at the bar is shown above it only as often as a false alarm (one-sided 2.5%)
    assert offline.geo_test_power(0.6, *design, bar=0.6) == pytest.approx(0.025, abs=1e-3)
    # by hand: the effect is measured from the bar, one-sided
    k_t, k_c, n_p, n_t, cv = design
    se = cv * math.sqrt(k_t + k_t**2 / k_c) * math.sqrt(n_t + n_t**2 / n_p)
    effect = (0.9 - 0.6) * k_t * n_t
    assert offline.geo_test_power(0.9, *design, bar=0.6) == pytest.approx(
        offline.normal_cdf(effect / se - 1.96)
    )


def test_minimum_detectable_lift_with_a_bar_exceeds_the_bar():
    design = (20, 20, 52, 12, 0.5)
    for bar in (0.1, 0.6, 3.0):
        mde = offline.minimum_detectable_lift(*design, bar=bar)
        assert mde > bar
        assert offline.geo_test_power(mde, *design, bar=bar) == pytest.approx(0.8, abs=1e-6)
    # a test planned against a bar needs a bigger lift than one planned against zero
    assert offline.minimum_detectable_lift(*design, bar=0.6) > offline.minimum_detectable_lift(
        *design
    )


def test_market_cv_recovers_the_noise_of_simulated_markets():
    rng = np.random.default_rng(3)
    k, cv, weeks = 20, 0.3, 400
    national = 1 + 0.3 * np.sin(np.arange(weeks) / 5)
    test = (100 * national[:, None] * (1 + rng.normal(0, cv, (weeks, k)))).sum(axis=1)
    control = (100 * national[:, None] * (1 + rng.normal(0, cv, (weeks, k)))).sum(axis=1)
    assert offline.market_cv(test, control, k, k) == pytest.approx(cv, rel=0.1)


def test_minimum_detectable_lift_is_where_power_reaches_eighty_percent():
    mde = offline.minimum_detectable_lift(10, 10, 12, 6, 0.1)
    assert offline.geo_test_power(mde, 10, 10, 12, 6, 0.1) == pytest.approx(0.8, abs=1e-6)
    assert offline.minimum_detectable_lift(40, 40, 12, 6, 0.1) < mde  # more markets, smaller MDE
    assert offline.minimum_detectable_lift(10, 10, 12, 6, 0.1, power=0.9) > mde
    with pytest.raises(ValueError, match="power is a probability"):
        offline.minimum_detectable_lift(10, 10, 12, 6, 0.1, power=0.01)


def test_regress_by_hand_and_with_the_wrong_columns():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "z": [0.0, 1.0, 0.0, 1.0]})
    frame["y"] = 2 + 3 * frame["x"] - frame["z"]  # an exact fit
    table = offline.regress(frame, "y", ["x", "z"])
    assert table.loc["constant", "coefficient"] == pytest.approx(2)
    assert table.loc["x", "coefficient"] == pytest.approx(3)
    assert table.loc["z", "coefficient"] == pytest.approx(-1)
    assert np.allclose(table["standard_error"], 0, atol=1e-9)
    # with noise: the textbook standard error of a slope, s / sqrt(S_xx)
    noisy = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 5.0], "y": [2.1, 3.9, 6.2, 7.8, 10.1]})
    fit = offline.regress(noisy, "y", ["x"]).loc["x"]
    b, a = np.polyfit(noisy["x"], noisy["y"], 1)
    s = math.sqrt(((noisy["y"] - a - b * noisy["x"]) ** 2).sum() / 3)
    assert fit["coefficient"] == pytest.approx(b)
    assert fit["standard_error"] == pytest.approx(s / math.sqrt(10))
    assert fit["high"] - fit["coefficient"] == pytest.approx(
        offline.t_quantile(1.96, 3) * s / math.sqrt(10)
    )
    with pytest.raises(KeyError, match="needs the columns \\['tv_adstock'\\]"):
        offline.regress(frame, "y", ["tv_adstock"])
    with pytest.raises(ValueError, match="more than 3 weeks"):
        offline.regress(frame.head(3), "y", ["x", "z"])


def test_module_04_explorers_read_as_the_lesson_does():
    from cmo_course.checks import m04_offline_channels as m04

    # the designer starts at the lesson's break-even bar, so its smallest lift is 4.13's answer
    designer = m04.geo_test_designer()
    assert designer.controls["bar"].value == m04.break_even()
    mde = designer.summary()["mde"]
    assert mde == pytest.approx(m04.lift_to_show())
    # a flight that reaches 99.97% at random is not said to reach everyone
    planner = m04.flight_planner()
    planner.set(weekly_grps=200, weeks=4)
    assert "at most nearly 100%" in planner.readout.value
    planner.set(weekly_grps=50, weeks=2)
    assert "nearly" not in planner.readout.value


def _solution_cells_04() -> list[dict]:
    """The cells of Module 04's solutions notebook, as JSON."""
    path = (
        Path(__file__).resolve().parent.parent
        / "solutions"
        / "04_offline_channels"
        / "04_offline_channels.ipynb"
    )
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_half_the_weight_halves_the_airtime_not_the_spot():
    """Section 6's caveat and the memo: a flight at half the weight, each airtime dollar bringing
    twice the customers, brings the same customers for half the airtime and the whole spot. The
    production is a fixed cost, so the cost per customer is not half the all-in cost."""
    from cmo_course.checks import m04_offline_channels as m04

    airtime, spot = m04.test_spend(), m04.autumn_production()
    customers = m04.incremental_customers()
    at_half = m04.tv_cost_at_half_weight()
    assert at_half == pytest.approx((airtime / 2 + spot) / customers)
    assert at_half > m04.tv_cost_per_customer() / 2 + 1  # not half the all-in cost
    assert at_half > m04.two_year_value()  # the conclusion stands
    fact = m04.FACTS[
        "cost per customer at half the weight, twice the customers per airtime dollar"
    ].render()
    cells = _solution_cells_04()
    for cell_id in ("s6-after", "ex4_14_answer"):
        (cell,) = [c for c in cells if c.get("id") == cell_id]
        text = " ".join("".join(cell["source"]).split())
        assert f"<span>&#36;</span>{fact}" in text, cell_id
        assert "the spot costs the same" in text, cell_id


def test_the_simple_mmm_is_narrow_and_wrong_on_tv_and_direct_mail_as_the_lesson_says():
    """Section 8: the simple MMM's intervals for TV and direct mail are narrow and miss the truth,
    both above it; the lesson names both, and does not call the catalogue the one channel the
    model gets right."""
    from cmo_course.checks import m04_offline_channels as m04

    for medium in ("tv", "direct_mail"):
        read = m04.mmm_per_dollar(medium)
        assert read["truth"] < read["low"] < read["estimate"] < read["high"], medium
    cells = _solution_cells_04()
    (cell,) = [c for c in cells if c.get("id") == "s8-read"]
    text = " ".join("".join(cell["source"]).split())
    assert "Direct mail makes the same mistake" in text
    assert "Apart from direct mail" not in text
    for fact in (
        "MMM, direct mail's revenue per dollar",
        "MMM, direct mail's interval, low",
        "MMM, direct mail's interval, high",
        "direct mail's revenue per dollar, the truth",
    ):
        assert m04.FACTS[fact].render() in text, fact


def _text_04(cell_id: str) -> str:
    """One markdown cell of Module 04's solutions, dollars plain and whitespace single."""
    (cell,) = [c for c in _solution_cells_04() if c.get("id") == cell_id]
    return " ".join("".join(cell["source"]).replace("<span>&#36;</span>", "$").split())


BASIS_RULE = (
    "P&L margins divide by net revenue; the margins that set a break-even ROAS divide by revenue "
    "before refunds, because platforms report revenue before refunds."
)


def test_the_first_orders_43_percent_is_on_net_revenue_and_reconciled_with_module_03s_margin():
    """Section 6 values a first order at about 43% contribution on its net revenue (after
    refunds); Modules 03 and 05 quote 32.9% on online first orders' revenue before refunds (a
    break-even ROAS of 3.04). One label, two bases: the lesson says which is which."""
    from cmo_course import datasets, finance
    from cmo_course.checks import m04_offline_channels as m04

    first = m04.first_orders()
    net_margin = m04.first_order_contribution() / m04.first_order_value()
    assert net_margin == pytest.approx(
        finance.order_contribution(first).sum() / (first["revenue"] - first["refund"]).sum()
    )
    before_refunds = finance.first_order_margin(
        datasets.load("orders"), datasets.load("customers"), 2025
    )
    assert m04.module_03_first_order_margin() == before_refunds
    # the same contribution over the bigger figure (revenue before refunds) is the smaller share
    assert before_refunds < net_margin * (1 - m04.first_order_refund_share()) < net_margin
    text = _text_04("s6-value")
    assert "of net revenue (after refunds), about 43%" in text
    assert BASIS_RULE in text
    for name in (
        "first order's contribution per dollar",
        "Modules 03 and 05's first-order margin, online and before refunds",
        "its break-even ROAS",
        "first orders' refunds, a share of their revenue before refunds",
        "break-even iROAS on first orders",
    ):
        assert m04.FACTS[name].render() in text, name
    assert "after refunds" in _text_04("s6-worth")


def _message_04(exercise_id: str, name: str, answer, hidden: bool = False) -> str:
    """Module 04's check on one answer: it must fail, and this is its message."""
    from cmo_course.checks import Checker, TryAgain

    with pytest.raises(TryAgain) as failure:
        Checker("04_offline_channels")(exercise_id, namespace={name: answer}, hidden=hidden)
    return str(failure.value)


def test_named_slips_of_4_6_4_10_and_4_11_get_their_own_messages():
    """The slips the exercises invite: 4.6's pressure over the spend, 4.10's production in the
    iROAS's denominator, 4.11's whole 2025 TV line. Each wrong value is computed from the data
    here, as a learner would, and the reference still passes."""
    from cmo_course import datasets, media
    from cmo_course.checks import Checker
    from cmo_course.checks import m04_offline_channels as m04

    mix = datasets.load("media_mix_weekly")
    mix_2025 = mix[mix["week_start"].dt.year == 2025]
    spend = mix_2025.loc[mix_2025["week_start"].dt.month < 7, "tv_spend"].to_numpy()
    pressure = np.asarray(media.adstock(spend, m04.theta("tv")))
    last = np.flatnonzero(spend > 0).max()
    over_spend = pressure[last + 1 :].sum() / spend.sum()
    assert over_spend > 1  # more pressure than spend: no share
    lines = datasets.load("marketing_spend_monthly")
    in_2025 = lines[lines["month"].dt.year == 2025]
    tv_2025 = in_2025.loc[in_2025["channel"] == "tv", "actual"].sum()
    production_2025 = in_2025.loc[in_2025["channel"] == "tv_production", "actual"].sum()
    autumn = in_2025.loc[
        (in_2025["channel"] == "tv_production") & (in_2025["month"].dt.month >= 7), "actual"
    ].sum()
    customers = m04.incremental_customers()
    geo = datasets.load("geo_test")
    airtime = geo.loc[geo["period"] != "pre", "tv_spend"].sum()
    slips = [
        ("4.6", "after_flight_share", over_spend, "by the spend"),
        (
            "4.10",
            "tv_iroas",
            customers * m04.first_order_value() / (airtime + autumn),
            "the autumn spot's production",
        ),
        (
            "4.11",
            "tv_cost_per_customer",
            (tv_2025 + autumn) / customers,
            "the whole 2025 tv line of spend_lines",
        ),
        (
            "4.11",
            "tv_cost_per_customer",
            (tv_2025 + production_2025) / customers,
            "the whole 2025 TV line, airtime and production",
        ),
        (
            "4.11",
            "tv_cost_per_customer",
            tv_2025 / customers,
            "included, and no production",
        ),
    ]
    check = Checker("04_offline_channels")
    for exercise_id, name, wrong, words in slips:
        for hidden in (False, True):
            message = " ".join(_message_04(exercise_id, name, wrong, hidden).split())
            assert words in message, (exercise_id, words)
        check(exercise_id, namespace={name: check.exercises[exercise_id].expected()})


def test_the_memo_the_mmm_print_and_the_zone_test_say_what_the_data_and_the_market_say():
    """The memo gives what cutting TV gives up in dollars and as a share (38%, not "about a
    third"); Section 8 calls leaving out saturation a simplification, not a flattery; print at a
    few thousand dollars an insertion is a niche or regional title; the zone test is priced at the
    broadcast cost per point, which a zoned buy would exceed."""
    from cmo_course.checks import m04_offline_channels as m04

    line = m04.tv_line()
    total = line["airtime"] + line["production"]
    back = m04.tv_line_margin_back()
    customers = total / m04.tv_cost_per_customer()
    assert back == pytest.approx(customers * m04.two_year_value())
    assert 0.35 < back / total < 0.4  # more than a third
    memo = _text_04("ex4_14_answer")
    assert "about a third" not in memo
    for name in (
        "TV's 2025 line: its customers' two-year margin at the test's rate",
        "TV's 2025 line: the share of it that comes back as margin",
        "TV airtime and production, 2025",
    ):
        assert m04.FACTS[name].render() in memo, name
    mmm = _text_04("s8-concepts")
    assert "two ways that flatter it" not in mmm and "two simplifications" in mmm
    assert "niche and regional titles" in _text_04("s1-concepts")
    geo = _text_04("s6-concepts")
    assert f"broadcast cost per point (${m04.FACTS['TV cost per point, 2025'].render()}" in geo
    assert "zoned buy" in geo and "costs more a point" in geo
