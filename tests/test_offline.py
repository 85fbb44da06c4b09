"""The offline-channel formulas against hand-worked examples, and the geo-test reading against
simulated tests whose truth is known."""

from __future__ import annotations

import math

import numpy as np
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
    # CONTENT.md: weekly theta about 0.76 is a half-life of about 2.5 weeks
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
        test_pre, control_pre, test_during, control_during, spend=25
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
        offline.time_based_regression([1, 2, 3], [5, 5, 5], [3], [5])


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
    results = [offline.time_based_regression(*simulated_test(rng, 30.0)) for _ in range(400)]
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
