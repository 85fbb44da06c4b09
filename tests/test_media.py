"""The paid-media formulas against hand-worked examples."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cmo_course import finance, media


def test_the_metric_chain_by_hand_and_its_identities():
    # $500 buys 25,000 impressions (CPM $20); 375 clicks (CTR 1.5%); 15 purchases worth $1,950
    assert media.cpm(500, 25_000) == 20
    assert media.ctr(375, 25_000) == 0.015
    assert media.cpc(500, 375) == pytest.approx(1.3333, abs=1e-4)
    assert media.cvr(15, 375) == 0.04
    assert media.cpa(500, 15) == pytest.approx(33.333, abs=1e-3)
    assert finance.roas(1_950, 500) == 3.9
    # CPC = CPM / (1000 x CTR) and CPA = CPC / CVR
    assert media.cpc(500, 375) == pytest.approx(media.cpm(500, 25_000) / (1000 * 0.015))
    assert media.cpa(500, 15) == pytest.approx(media.cpc(500, 375) / 0.04)
    assert math.isnan(media.cpc(100, 0))


def test_metric_chain_sums_before_it_divides_and_names_missing_columns():
    days = pd.DataFrame(
        {
            "platform": ["meta", "meta"],
            "spend": [100.0, 300.0],
            "impressions": [
                10_000,
                10_000,
            ],  # CPM $10 and $30: the total is $20, not the mean of days
            "clicks": [100, 300],
            "platform_conversions": [2, 10],
            "platform_revenue": [260.0, 1300.0],
        }
    )
    chain = media.metric_chain(days).loc["meta"]
    assert chain["cpm"] == 20 and chain["ctr"] == 0.02 and chain["cpc"] == 1.0
    assert (
        chain["cvr"] == 0.03
        and chain["cpa"] == pytest.approx(33.333, abs=1e-3)
        and chain["roas"] == 3.9
    )
    with pytest.raises(KeyError, match="missing \\['clicks'\\]"):
        media.metric_chain(days.drop(columns="clicks"))


def test_max_affordable_cpc_by_hand():
    # a $130 order, 3% of clicks buy, 40% contribution margin: a click earns $1.56
    assert media.max_affordable_cpc(130, 0.03, 0.40) == pytest.approx(1.56)


def test_lift_test_by_hand():
    result = media.lift_test(100_000, 600, 100_000, 400, 10_000, 78_000, 52_000)
    assert result.test_rate == 0.006 and result.control_rate == 0.004
    assert result.lift == pytest.approx(0.5)
    assert result.incremental_conversions == pytest.approx(200)
    assert result.iroas == pytest.approx(2.6)
    assert result.cost_per_incremental_conversion == pytest.approx(50)
    se = 100_000 * math.sqrt(0.006 * 0.994 / 100_000 + 0.004 * 0.996 / 100_000)
    assert result.incremental_conversions_low == pytest.approx(200 - 1.96 * se)
    # unequal cells: 1,000 of 50,000 in test, 150 of 10,000 in control -> (0.02 - 0.015) x 50,000
    assert media.lift_test(50_000, 1_000, 10_000, 150, 1).incremental_conversions == pytest.approx(
        250
    )
    with pytest.raises(ValueError, match="at least one user"):
        media.lift_test(0, 0, 10, 1, 1)


def test_response_curve_by_hand():
    # a = 2, half_sat = 100: at $100 the curve gives 100 (half of the straight line's 200)
    assert media.response(100, 2, 100) == pytest.approx(100)
    assert media.marginal_response(100, 2, 100) == pytest.approx(0.5)
    assert media.spend_at_marginal(0.5, 2, 100) == pytest.approx(100)
    assert media.spend_at_marginal(3, 2, 100) == 0.0  # even the first dollar brings less than 3
    h = 1e-4
    slope = (media.response(150 + h, 2, 100) - media.response(150 - h, 2, 100)) / (2 * h)
    assert slope == pytest.approx(media.marginal_response(150, 2, 100), rel=1e-6)


def test_adstock_by_hand():
    assert media.adstock([100, 0, 0, 50], 0.5).tolist() == [100, 50, 25, 62.5]


def curve(name: str, first_dollar_roas: float, half_sat: float) -> media.Curve:
    return media.Curve(
        name, a=first_dollar_roas, half_sat=half_sat, incremental_share=1.0, value=1.0
    )


def test_allocate_by_hand():
    a, b = curve("a", 4, 100), curve("b", 1, 100)
    # $100: A alone reaches a marginal ROAS of 4 / (1 + 1)^2 = 1, where B's first dollar is: B gets 0
    assert media.allocate([a, b], 100).to_dict() == pytest.approx({"a": 100, "b": 0}, abs=1e-6)
    # $300: 100 (2 / sqrt(m) - 1) + 100 (1 / sqrt(m) - 1) = 300 -> sqrt(m) = 0.6, m = 0.36
    plan = media.allocate([a, b], 300)
    assert plan["a"] == pytest.approx(100 * (2 / 0.6 - 1), rel=1e-6)
    assert plan["b"] == pytest.approx(100 * (1 / 0.6 - 1), rel=1e-6)
    assert a.marginal_roas(plan["a"]) == pytest.approx(b.marginal_roas(plan["b"]), rel=1e-6)


def test_allocate_equalises_marginal_returns_and_beats_every_other_split():
    curves = [curve("x", 3.0, 240), curve("y", 2.4, 120), curve("z", 1.2, 60), curve("w", 2.0, 300)]
    budget = 500.0
    plan = media.allocate(curves, budget)
    assert plan.sum() == pytest.approx(budget)
    funded = [c for c in curves if plan[c.name] > 1e-9]
    marginals = [c.marginal_roas(plan[c.name]) for c in funded]
    assert max(marginals) - min(marginals) < 1e-6
    for c in curves:  # an unfunded channel's first dollar is worth less than the common margin
        if plan[c.name] <= 1e-9:
            assert c.first_dollar_roas <= min(marginals) + 1e-9
    best = media.plan_outcome(curves, plan)["incremental_revenue"].sum()
    rng = np.random.default_rng(0)
    for _ in range(200):
        split = rng.dirichlet(np.ones(len(curves))) * budget
        other = media.plan_outcome(curves, dict(zip(plan.index, split, strict=True)))
        assert other["incremental_revenue"].sum() <= best + 1e-9
    assert media.allocate(curves, 0).sum() == 0
    with pytest.raises(ValueError, match="negative"):
        media.allocate(curves, -1)


def test_curve_turns_customers_into_incremental_revenue():
    # 1 recorded customer per $50 at first, 70% of them caused by the ads, each worth $180
    c = media.Curve("meta", a=1 / 50, half_sat=200, incremental_share=0.7, value=180)
    assert c.first_dollar_roas == pytest.approx(2.52)
    assert c.revenue(200) == pytest.approx(2.52 * 200 / 2)
    assert c.marginal_roas(200) == pytest.approx(2.52 / 4)
    assert c.spend_at(2.52 / 4) == pytest.approx(200)


def test_beta_prior_update_and_tail_by_hand():
    alpha, beta = media.beta_prior(0.015, 400)
    assert (alpha, beta) == pytest.approx((6, 394))
    alpha, beta = media.beta_update(alpha, beta, 103, 4_954)
    assert (alpha, beta) == pytest.approx((109, 5_245))
    assert media.beta_mean(alpha, beta) == pytest.approx(109 / 5_354)
    assert media.beta_sd(1, 1) == pytest.approx(math.sqrt(1 / 12))
    assert media.beta_prob_above(1, 1, 0.3) == pytest.approx(0.7, abs=1e-4)  # uniform
    assert media.beta_prob_above(2, 1, 0.5) == pytest.approx(0.75, abs=1e-4)  # density 2x
    assert media.beta_prob_above(109, 5_245, 0.0) == 1.0
    with pytest.raises(ValueError, match="between 0 and the number of clicks"):
        media.beta_update(1, 1, 5, 3)


def test_break_even_and_profit_per_click_by_hand():
    # a click costs $0.85; an order is $118 at 37% margin, $43.66: break-even at 1.95% of clicks
    assert media.break_even_cvr(0.85, 118, 0.37) == pytest.approx(0.85 / 43.66)
    assert media.profit_per_click(0.03, 0.85, 118, 0.37) == pytest.approx(0.03 * 43.66 - 0.85)
    assert media.profit_per_click(
        media.break_even_cvr(0.85, 118, 0.37), 0.85, 118, 0.37
    ) == pytest.approx(0)


def test_credited_orders_picks_the_platforms_last_click_channel_and_source():
    orders = pd.DataFrame(
        {
            "last_click_channel": ["paid_social", "paid_social", "paid_search", "organic_search"],
            "last_click_source": ["meta", "instagram", "google", "google"],
        }
    )
    assert media.credited_orders(orders, "meta").index.tolist() == [0]
    assert media.credited_orders(orders, "google_search").index.tolist() == [2]  # not organic
    with pytest.raises(KeyError, match="No platform called 'snapchat'"):
        media.credited_orders(orders, "snapchat")
