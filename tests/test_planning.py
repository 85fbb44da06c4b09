"""Annual planning: the funnel and pipeline back-solved from targets, the decomposition, share of
voice, the mix's curves, the allocation, phasing and the plan model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cmo_course import datasets, media, planning


def test_funnel_targets_by_hand_and_back_to_the_revenue():
    funnel = planning.funnel_targets(100_000, aov=100, conversion_rate=0.02, new_customer_share=0.6)
    assert funnel.to_dict() == pytest.approx(
        {"orders": 1_000, "sessions": 50_000, "new_customers": 600}
    )
    # back-solved targets reproduce the target: sessions x conversion x AOV = revenue
    for revenue, aov, cvr in ((6_470_000, 108.2, 0.0263), (792_140.88, 108.24, 0.0292)):
        f = planning.funnel_targets(revenue, aov, cvr, 0.63)
        assert f["sessions"] * cvr * aov == pytest.approx(revenue)
    with pytest.raises(ValueError, match="fractions"):
        planning.funnel_targets(1_000, 100, 2.0, 0.5)


def test_pipeline_targets_by_hand():
    p = planning.pipeline_targets(240_000, deal_size=4_800, win_rate=0.25, lead_to_opportunity=0.2)
    assert p.to_dict() == pytest.approx(
        {"deals": 50, "opportunities": 200, "pipeline": 960_000, "leads": 1_000}
    )
    assert p["opportunities"] * 0.25 * 4_800 == pytest.approx(240_000)


def test_the_gifting_pipeline_target_ties_to_the_revenue_target():
    inputs = datasets.load("planning_inputs")
    truth = datasets.truth("planning_inputs")["gifting"]
    year = planning.pipeline_targets(
        inputs["gifting_revenue_target"].sum(),
        truth["deal_size"],
        truth["win_rate"],
        truth["lead_to_opportunity"],
    )
    assert inputs["gifting_pipeline_target"].sum() == pytest.approx(year["pipeline"])


def test_classical_decomposition_recovers_a_planted_trend_and_season():
    months = pd.date_range("2024-01-01", periods=36, freq="MS")
    season = np.array([0.8, 0.75, 0.95, 1.0, 1.02, 0.95, 0.9, 0.9, 0.98, 1.05, 1.45, 1.25])
    season = season / season.mean()
    trend = 100 * 1.01 ** np.arange(36)  # 1% a month: 12.7% a year
    series = pd.Series(trend * np.tile(season, 3), index=months)
    parts = planning.classical_decomposition(series)
    assert np.allclose(
        parts["seasonal"].iloc[:12], season, rtol=5e-3
    )  # a moving average bends a curved trend a little
    assert planning.trend_growth(parts) == pytest.approx(1.01**12 - 1, rel=1e-3)
    assert parts["trend"].isna().sum() == 12  # six months at each end
    # the centred average by hand for July of the first year: half weights at both ends
    weights = np.r_[0.5, np.ones(11), 0.5] / 12
    assert parts["trend"].iloc[6] == pytest.approx((series.iloc[0:13] * weights).sum())
    with pytest.raises(ValueError, match="24 months"):
        planning.classical_decomposition(series.iloc[:20])


def test_esov_by_hand():
    # 1.5M of media among 10M in the category is 15% SOV; 5M of 50M sales is 10% SOM
    assert planning.esov(1.5e6, 8.5e6, 5e6, 5e7) == pytest.approx(0.05)
    assert planning.share_growth_from_esov(0.10) == pytest.approx(0.005)


def test_phasing_adds_up_to_the_budget_to_the_cent():
    weights = datasets.load("planning_inputs")["seasonality_index"]
    for annual in (177_674.07, 1_000_000.0, 0.01):
        months = planning.phase(annual, weights)
        assert round(months.sum(), 2) == round(annual, 2) and np.all(months >= 0)
    assert list(planning.phase(100, [1, 1, 2])) == [25, 25, 50]
    with pytest.raises(ValueError, match="not all zero"):
        planning.phase(100, [0, 0])


def model():
    return planning.course_model()


def test_offline_curves_are_the_steady_state_of_adstock():
    truth = datasets.truth("media_mix_weekly")["offline_media"]["tv"]
    curve = next(c for c in model().curves if c.name == "tv")
    weekly = 1_000.0
    steady = weekly / (1 - truth["weekly_adstock_theta"])  # adstock of steady spend
    customers = truth["a"] * steady / (1 + steady / truth["half_sat_weekly"])
    assert curve.revenue(weekly) == pytest.approx(customers * curve.value)
    # and a simulated long run of steady spend converges to it
    stocked = media.adstock([weekly] * 200, truth["weekly_adstock_theta"])[-1]
    assert stocked == pytest.approx(steady)


def test_the_best_split_equalises_marginal_returns_among_channels_free_to_move():
    m = model()
    weekly = planning.split_by_group(m.curves, 3_400, 0.25, reference=m.last_year_split.to_dict())
    assert weekly.sum() == pytest.approx(3_400)
    for in_brand in (True, False):
        group = [c for c in m.curves if (c.name in planning.BRAND_CHANNELS) == in_brand]
        base = pd.Series({c.name: m.last_year_split[c.name] for c in group})
        budget = weekly[[c.name for c in group]].sum()
        scaled = base / base.sum() * budget
        free = [
            c
            for c in group
            if 0.5 * scaled[c.name] + 1e-6 < weekly[c.name] < 2 * scaled[c.name] - 1e-6
        ]
        assert len(free) >= 2
        returns = [float(c.marginal_roas(weekly[c.name])) for c in free]
        assert max(returns) - min(returns) < 1e-6 * max(returns)
        for c in group:  # a channel at its upper bound would earn more; at its lower bound, less
            r = float(c.marginal_roas(weekly[c.name]))
            if weekly[c.name] >= 2 * scaled[c.name] - 1e-6:
                assert r >= returns[0] - 1e-9
            if weekly[c.name] <= 0.5 * scaled[c.name] + 1e-6:
                assert r <= returns[0] + 1e-9
    # without bounds every funded channel ends at the same marginal return
    unbounded = media.allocate(m.curves, 3_400)
    funded = [c for c in m.curves if unbounded[c.name] > 1e-9]
    returns = [float(c.marginal_roas(unbounded[c.name])) for c in funded]
    assert max(returns) - min(returns) < 1e-6 * max(returns)


def test_the_plan_adds_up_and_more_budget_brings_more_revenue_for_less_each():
    m = model()
    budget = 177_674.07
    plans = {s: m.evaluate(budget, 0.25, "best", s) for s in (0.8, 1.0, 1.2)}
    base = plans[1.0]
    months = base["months"]
    assert (months["brand"] + months["activation"]).sum() == pytest.approx(budget)
    assert base["by_channel"].sum() == pytest.approx(budget)
    assert base["expected_revenue"] == pytest.approx(
        (months["baseline_revenue"] + months["incremental_revenue"]).sum()
    )
    assert base["gap"] == pytest.approx(base["target"] - base["expected_revenue"])
    assert (
        months.loc[months.index.quarter == 4, "activation"].sum() > months["activation"].sum() / 4
    )  # Q4 weighs
    up = plans[1.2]["incremental_revenue"] - base["incremental_revenue"]
    down = base["incremental_revenue"] - plans[0.8]["incremental_revenue"]
    assert 0 < up < down, "diminishing returns: the extra 20% buys less than the last 20% saved"
    assert (
        m.evaluate(budget, 0.25, "best")["incremental_revenue"]
        >= m.evaluate(budget, 0.25, "last year")["incremental_revenue"]
    )
    with pytest.raises(ValueError, match="mix is"):
        m.evaluate(budget, 0.25, "random")
