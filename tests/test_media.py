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
    # the iROAS's interval: the purchases' interval, each at 2.6 / 200 of iROAS
    low, high = media.iroas_interval(result)
    assert low == pytest.approx(2.6 * (200 - 1.96 * se) / 200)
    assert high == pytest.approx(2.6 * (200 + 1.96 * se) / 200)


def test_module_03_gives_the_lift_test_a_range_and_the_verdict_holds_across_it():
    from cmo_course.checks import m03_paid_media as m03

    low, high = m03.lift_interval()
    assert low < m03.lift().iroas < high
    assert high < 1 / m03.margin("first order")  # even the top of the interval loses money
    loss_low, loss_high = m03.lift_interval("loss")
    assert 0 < loss_low < 1 - m03.lift_contribution_per_dollar() < loss_high
    text = " ".join(_lesson_03().split())
    for fact in ("lift iROAS, low", "lift iROAS, high", "lift loss per dollar, high"):
        assert m03.FACTS[fact].render() in text, fact


def test_module_03_matches_linkedins_periods_and_quotes_the_range():
    """Exercise 3.4 (Module 01's basis) takes a lead's value from every settled lead and its cost
    from 2025 alone; with both from the same months the return runs from the closed 2024 leads'
    to the latest twelve months', and the lesson quotes that range."""
    from cmo_course.checks import m03_paid_media as m03

    low, high = sorted(m03.linkedin_return_matched(p) for p in m03.MATCHED_PERIODS)
    assert 1 < low < high
    text = " ".join(_lesson_03().split())
    assert "Quote the range, not one figure" in text
    for fact in ("LinkedIn return, leads of 2024", "LinkedIn return, latest settled year"):
        assert m03.FACTS[fact].render() in text, fact


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


def curve(name: str, first_dollar_return: float, half_sat: float) -> media.Curve:
    return media.Curve(
        name, a=first_dollar_return, half_sat=half_sat, incremental_share=1.0, value=1.0
    )


def test_allocate_by_hand():
    a, b = curve("a", 4, 100), curve("b", 1, 100)
    # $100: A alone reaches a marginal return of 4 / (1 + 1)^2 = 1, where B's first dollar is: B gets 0
    assert media.allocate([a, b], 100).to_dict() == pytest.approx({"a": 100, "b": 0}, abs=1e-6)
    # $300: 100 (2 / sqrt(m) - 1) + 100 (1 / sqrt(m) - 1) = 300 -> sqrt(m) = 0.6, m = 0.36
    plan = media.allocate([a, b], 300)
    assert plan["a"] == pytest.approx(100 * (2 / 0.6 - 1), rel=1e-6)
    assert plan["b"] == pytest.approx(100 * (1 / 0.6 - 1), rel=1e-6)
    assert a.marginal_return(plan["a"]) == pytest.approx(b.marginal_return(plan["b"]), rel=1e-6)


def test_allocate_equalises_marginal_returns_and_beats_every_other_split():
    curves = [curve("x", 3.0, 240), curve("y", 2.4, 120), curve("z", 1.2, 60), curve("w", 2.0, 300)]
    budget = 500.0
    plan = media.allocate(curves, budget)
    assert plan.sum() == pytest.approx(budget)
    funded = [c for c in curves if plan[c.name] > 1e-9]
    marginals = [c.marginal_return(plan[c.name]) for c in funded]
    assert max(marginals) - min(marginals) < 1e-6
    for c in curves:  # an unfunded channel's first dollar is worth less than the common margin
        if plan[c.name] <= 1e-9:
            assert c.first_dollar_return <= min(marginals) + 1e-9
    best = media.plan_outcome(curves, plan)["incremental_contribution"].sum()
    rng = np.random.default_rng(0)
    for _ in range(200):
        split = rng.dirichlet(np.ones(len(curves))) * budget
        other = media.plan_outcome(curves, dict(zip(plan.index, split, strict=True)))
        assert other["incremental_contribution"].sum() <= best + 1e-9
    assert media.allocate(curves, 0).sum() == 0
    with pytest.raises(ValueError, match="negative"):
        media.allocate(curves, -1)


def test_curve_values_the_customers_it_causes_over_two_years():
    # 1 recorded customer per $50 at first, 70% of them caused by the ads, each worth $180 of
    # two-year contribution out of $500 of revenue (a 36% margin)
    c = media.Curve(
        "meta", a=1 / 50, half_sat=200, incremental_share=0.7, value=180, revenue_per_customer=500
    )
    assert c.first_dollar_return == pytest.approx(2.52)
    assert c.margin == pytest.approx(0.36)
    assert c.contribution(200) == pytest.approx(2.52 * 200 / 2)
    assert c.revenue(200) == pytest.approx(2.52 * 200 / 2 / 0.36)
    assert c.marginal_return(200) == pytest.approx(2.52 / 4)
    assert c.marginal_roas(200) == pytest.approx(2.52 / 4 / 0.36)  # break-even: 1 / margin
    assert c.spend_at(2.52 / 4) == pytest.approx(200)


# -- the invariants of the course's response curves (on the shipped data) ---------------------


@pytest.fixture(scope="module")
def shipped_curves():
    from cmo_course import datasets

    return media.curves_from(datasets.truth("paid_media_daily"))


def test_marginal_return_is_the_slope_of_contribution(shipped_curves):
    h = 1e-3
    for c in shipped_curves:
        for x in (0.0 + h, 50.0, c.half_sat / 3, c.half_sat, 4 * c.half_sat):
            slope = (c.contribution(x + h) - c.contribution(x - h)) / (2 * h)
            assert float(c.marginal_return(x)) == pytest.approx(float(slope), rel=1e-6), c.name
            # and the revenue view is the same slope, in revenue
            slope = (c.revenue(x + h) - c.revenue(x - h)) / (2 * h)
            assert float(c.marginal_roas(x)) == pytest.approx(float(slope), rel=1e-6), c.name


def test_spend_at_inverts_marginal_return(shipped_curves):
    for c in shipped_curves:
        for x in (10.0, 250.0, c.half_sat, 3 * c.half_sat):
            assert c.spend_at(float(c.marginal_return(x))) == pytest.approx(x, rel=1e-9)
        assert c.spend_at(c.first_dollar_return * 1.01) == 0.0  # even the first dollar brings less


def test_best_budget_stops_each_channel_where_its_next_dollar_returns_one(shipped_curves):
    budget = media.best_budget(shipped_curves)
    for c in shipped_curves:
        if c.first_dollar_return > 1:
            assert budget[c.name] > 0
            assert float(c.marginal_return(budget[c.name])) == pytest.approx(1.0, rel=1e-9)
        else:  # LinkedIn's consumer curve: even its first dollar loses money
            assert budget[c.name] == 0
    # the outcome table agrees
    outcome = media.plan_outcome(shipped_curves, budget)
    funded = outcome[outcome["spend"] > 0]
    assert funded["marginal_return"].to_numpy() == pytest.approx(1.0)
    assert (funded["return"] > 1).all(), "on average the funded channels more than pay"


def test_allocate_equalises_the_marginal_returns_of_the_funded_platforms(shipped_curves):
    from cmo_course import datasets

    spend = media.daily_spend(datasets.load("paid_media_daily"), 2025)
    consumer = [c for c in shipped_curves if c.name != "linkedin"]
    budget = float(spend[[c.name for c in consumer]].sum())
    plan = media.allocate(consumer, budget)
    assert plan.sum() == pytest.approx(budget)
    outcome = media.plan_outcome(consumer, plan)
    funded = outcome[outcome["spend"] > 1e-9]
    assert funded["marginal_return"].max() - funded["marginal_return"].min() < 1e-6
    unfunded = outcome[outcome["spend"] <= 1e-9]
    for name in unfunded.index:
        curve = next(c for c in consumer if c.name == name)
        assert curve.first_dollar_return <= funded["marginal_return"].min() + 1e-9
    before = media.plan_outcome(consumer, spend)["incremental_contribution"].sum()
    assert outcome["incremental_contribution"].sum() > before


def test_at_2025_spend_meta_instagram_and_search_lose_at_the_margin_tiktok_and_youtube_pay(
    shipped_curves,
):
    from cmo_course import datasets

    spend = media.daily_spend(datasets.load("paid_media_daily"), 2025)
    marginal = {c.name: float(c.marginal_return(spend[c.name])) for c in shipped_curves}
    assert max(marginal["meta"], marginal["instagram"], marginal["google_search"]) < 1
    assert min(marginal["tiktok"], marginal["youtube"]) > 1
    first = {c.name: c.first_dollar_return for c in shipped_curves}
    assert min(first["meta"], first["instagram"], first["google_search"]) > 1


# -- the pitch on one basis --------------------------------------------------------------------


def test_the_pilot_tagged_rate_is_on_the_prior_basis_and_the_pixel_over_counts():
    from cmo_course import datasets
    from cmo_course.checks import m03_paid_media as m03

    truth = datasets.truth("new_network_pilot")
    assert "store-credited" in truth["prior_cvr_basis"]
    table = m03.pilot_by_ad_set()
    # the tagged orders measure the store-credited rate the truth drew them from (binomial noise)
    for name, row in table.iterrows():
        p = truth["ad_sets"][name]["true_store_cvr"]
        se = math.sqrt(p * (1 - p) / row["clicks"])
        assert abs(row["tagged_orders"] / row["clicks"] - p) < 3.5 * se, name
    # the lesson's prior, built from the social platforms' store-credited rates, is the planner's
    assert m03.prior()[0] == pytest.approx(truth["prior_cvr_mean"], rel=0.1)
    # the pixel claims the recorded over-count of the tagged orders, within noise
    over = truth["pixel_over_report"]
    tagged = table["tagged_orders"].sum()
    se = math.sqrt(tagged * (over - 1)) / tagged  # the extra claims are Poisson
    assert m03.pixel_over_count() == pytest.approx(over, abs=3.5 * se)
    assert m03.pilot_rate("pixel") > m03.pilot_rate("tagged")


def test_the_pitch_turns_on_the_basis():
    from cmo_course.checks import m03_paid_media as m03

    # on the store's count the network as a whole does not pay and the commitment loses money;
    # on the pixel's it looks like a sure thing
    assert m03.chance_all("tagged") < 0.1 < 0.9 < m03.chance_all("pixel")
    assert m03.commitment_outcome("tagged", "pessimistic") < m03.commitment_outcome("tagged") < 0
    assert m03.commitment_outcome("pixel") > 0


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
    # numpy scalars are numbers; whole columns get a readable error, not pandas' "truth value"
    assert media.beta_update(np.float64(1), 1, np.int64(2), np.int64(10)) == (3, 9)
    with pytest.raises(TypeError, match="one ad set's numbers, not whole columns"):
        media.beta_update(1, 1, pd.Series([2, 3]), pd.Series([10, 20]))
    with pytest.raises(TypeError, match="one ad set's numbers"):
        media.beta_prob_above(3, 9, pd.Series([0.1, 0.2]))


def test_beta_quantile_inverts_the_tail():
    assert media.beta_quantile(1, 1, 0.3) == pytest.approx(0.3, abs=1e-4)  # uniform
    assert media.beta_quantile(2, 1, 0.25) == pytest.approx(0.5, abs=1e-4)  # F(x) = x^2
    alpha, beta = 344, 19_896  # a pilot's posterior: a narrow peak near 1.7%
    for q in (0.05, 0.1, 0.5, 0.9):
        rate = media.beta_quantile(alpha, beta, q)
        # (beta_prob_above sums a step on its grid: near a narrow peak it is good to a few tenths of a %)
        assert media.beta_prob_above(alpha, beta, rate) == pytest.approx(1 - q, abs=5e-3)
    with pytest.raises(ValueError, match="between 0 and 1"):
        media.beta_quantile(1, 1, 1.0)


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


# -- one reading of LinkedIn, and a split kept near the curves' data ------------------------------


def test_module_03_values_linkedin_as_module_01_does_before_sales_cost():
    from cmo_course.checks import m01_finance as m01
    from cmo_course.checks import m03_paid_media as m03

    pipe = m01.linkedin()
    assert m03.linkedin_pipeline_return() == pytest.approx(
        pipe["value_per_lead"] / pipe["cost_per_lead"]
    )
    funnel = m03.linkedin_funnel()
    assert funnel["contribution per lead"] == pytest.approx(pipe["value_per_lead"])
    # the late leads have not closed yet: counting them lowers the value of a lead
    assert m03.linkedin_return_on(settled=False) < m03.linkedin_pipeline_return()
    # a dollar comes back only if most leads are LinkedIn's doing
    assert 0.5 < m03.linkedin_incremental_share_to_break_even() < 1


def test_the_bounded_best_split_stays_within_half_of_2025_and_gains_less():
    from cmo_course.checks import m03_paid_media as m03

    spend = m03.spend_2025()
    best = m03.best_split()
    assert best.sum() == pytest.approx(spend.sum())
    assert (best >= spend * (1 - m03.BOUND) - 1e-6).all()
    assert (best <= spend * (1 + m03.BOUND) + 1e-6).all()
    assert 0 < m03.reallocation_gain() < m03.reallocation_gain(bounded=False)
    # the unbounded split takes YouTube far past any spend its curve was measured at
    assert m03.best_split(bounded=False)["youtube"] > 2 * spend["youtube"]


def test_best_budget_with_bounds_stops_at_the_one_dollar_point_or_a_bound():
    curves = [media.Curve("a", 4.0, 100.0, 1.0, 1.0), media.Curve("b", 1.0, 100.0, 1.0, 1.0)]
    assert media.best_budget(curves).tolist() == pytest.approx([100.0, 0.0])
    bounded = media.best_budget(curves, lower={"b": 20.0}, upper=pd.Series({"a": 60.0}))
    assert bounded.tolist() == pytest.approx([60.0, 20.0])  # a capped, b held at its floor
    with pytest.raises(ValueError, match="lower bound is above"):
        media.best_budget(curves, lower={"a": 50.0}, upper={"a": 40.0})


def test_the_recommended_split_follows_the_one_dollar_rule_within_the_bounds():
    """Module 03 recommends the $1 rule within 50% of 2025: no funded dollar below $1 except
    where the floor stops a cut, none left unspent above $1 except where the cap stops it; and it
    beats both the best split of 2025's total and 2025's own split after spend."""
    from cmo_course.checks import m03_paid_media as m03

    spend = m03.spend_2025()
    split = m03.dollar_rule_split()
    lower, upper = spend * (1 - m03.BOUND), spend * (1 + m03.BOUND)
    for c in m03.curves():
        x, marginal = split[c.name], float(c.marginal_return(split[c.name]))
        assert lower[c.name] - 1e-6 <= x <= upper[c.name] + 1e-6
        if x >= upper[c.name] - 1e-6:
            assert marginal >= 1 - 1e-9, (c.name, marginal)
        elif x <= lower[c.name] + 1e-6:
            assert marginal <= 1 + 1e-9, (c.name, marginal)
        else:
            assert marginal == pytest.approx(1.0, rel=1e-9), (c.name, marginal)
    recommended = m03.profit_a_year(split)
    assert recommended > m03.profit_a_year(m03.best_split()) > m03.profit_a_year(spend)
    assert m03.dollar_rule_gain() == pytest.approx(recommended - m03.profit_a_year(spend))
    # the fixed-total split spends money below $1: the reason it is not the recommendation
    assert m03.next_dollar_at_best_split("meta") < 1
    # no split of the same bounds does better: nudging any platform up or down costs profit
    for c in m03.curves():
        for step in (-1.0, 1.0):
            nudged = split.copy()
            nudged[c.name] = min(max(nudged[c.name] + step, lower[c.name]), upper[c.name])
            assert m03.profit_a_year(nudged) <= recommended + 1e-6


def test_allocate_takes_bounds_as_a_series():
    curves = [media.Curve("a", 4.0, 100.0, 1.0, 1.0), media.Curve("b", 1.0, 100.0, 1.0, 1.0)]
    bounds = pd.Series({"a": 150.0, "b": 150.0})
    split = media.allocate(curves, 300, upper=bounds)
    assert split.tolist() == pytest.approx([150.0, 150.0])


def _lesson_03() -> str:
    import json
    from pathlib import Path

    path = Path(__file__).parents[1] / "solutions" / "03_paid_media" / "03_paid_media.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _shows_facts(text: str, *names: str) -> None:
    """Each of Module 03's facts ``names`` appears, as it renders, in ``text``."""
    from cmo_course.checks import m03_paid_media as m03

    for name in names:
        assert m03.FACTS[name].render() in text, name


def _lesson_03_between(start: str, end: str) -> str:
    """Module 03's lesson text on one line, from ``start`` up to the next ``end``."""
    text = " ".join(_lesson_03().split())
    at = text.index(start)
    return text[at : text.index(end, at)]


def test_search_is_cut_to_the_curves_floor_from_non_brand_first_and_brand_is_tested():
    """Brand terms take a fifth of Google Search's spend and the largest share of its reported
    conversions. The curve is drawn for the three campaigns together, and Google's own counts,
    which over-report and include repeat orders, cannot split it. So search's total follows the
    curve; inside it, non-brand goes first (it loses money even on Google's own count, over two
    years), shopping stays (its first orders repay it on that count), and brand is held while a
    holdout tests it: priced against an even cut, not against nothing."""
    from cmo_course.checks import m03_paid_media as m03

    search = m03.search_campaigns()
    brand, non_brand = search.loc["brand"], search.loc["non_brand"]
    shopping = search.loc["shopping"]
    assert 0.15 < brand["spend_share"] < 0.25
    assert brand["conversion_share"] == search["conversion_share"].max()
    assert brand["conversion_share"] > 2 * brand["spend_share"]
    assert brand["roas"] > shopping["roas"] > 1 / m03.margin("first order") > non_brand["roas"]
    # brand: cheap clicks, clicked often; non-brand: dear clicks, clicked less
    assert brand["ctr"] > non_brand["ctr"] > shopping["ctr"]
    assert brand["cpc"] < non_brand["cpc"] and shopping["cpc"] < non_brand["cpc"]
    curve = m03._curve("google_search")
    spend = float(m03.spend_2025()["google_search"])
    caused = m03.search_customers_on_the_curve()
    assert caused == pytest.approx(
        curve.incremental_share * curve.a * spend / (1 + spend / curve.half_sat) * 365
    )
    # the $1 rule takes search to its floor, and the headline's figures describe that plan
    assert m03.dollar_rule_split()["google_search"] == pytest.approx(spend * (1 - m03.BOUND))
    # holding brand at 2025's level on top of the floor loses money on the curve
    floor = spend * (1 - m03.BOUND)
    held = floor + brand["spend_a_day"]
    assert float(curve.contribution(held) - curve.contribution(floor)) < brand["spend_a_day"]
    # non-brand loses money on Google's own count, taken down to the store's, even over two years
    assert m03.search_over_count() > 1
    assert m03.non_brand_return() < m03.non_brand_return("two years") < 1
    # shopping's first orders repay its dollars on that count
    assert m03.non_brand_return(campaign="shopping") > 1
    # holding brand costs the gap between its 2025 level and its share of the floor
    in_plan = brand["spend_share"] * floor
    assert m03.brand_held_on_top() == pytest.approx((brand["spend_a_day"] - in_plan) * 365)
    assert m03.brand_held_on_top() < brand["spend"]
    section = _lesson_03_between("**Inside Google Search", "## 7.")
    for words in (
        "cannot tell brand dollars from non-brand ones",
        "where the cut goes first: **non-brand**",
        "Shopping is not next",
        m03.FACTS["shopping first-order contribution per dollar"].render(),
        "brand-search holdout",
        "inside search's floor that costs no extra spend",
        m03.FACTS["brand held on top of the plan a year"].render() + " a year",
        m03.FACTS["non-brand two-year contribution per dollar"].render(),
    ):
        assert words in section, words


def test_2025_as_spent_day_by_day_leaves_less_than_its_average_day():
    """Exercise 3.11 compares average days; 2025 as actually spent, day by day at each month's
    prices and demand, left less. The lesson says which it compares and gives both."""
    from cmo_course import datasets
    from cmo_course.checks import m03_paid_media as m03

    truth = datasets.truth("paid_media_daily")
    # each month's curve at its own prices and demand
    for month in (1, 11):
        conditions = truth["response_conditions"]
        ratio = (
            conditions["demand_factor_by_month_2025"][month - 1]
            / conditions["price_index_by_month_2025"][month - 1]
            / (
                conditions["average_2025"]["demand_factor"]
                / conditions["average_2025"]["price_index"]
            )
        )
        for avg, this in zip(
            media.curves_from(truth), media.curves_from(truth, month), strict=True
        ):
            assert this.first_dollar_return == pytest.approx(avg.first_dollar_return * ratio)
    # by hand on one month's curves: even days beat uneven days of the same money
    days = pd.date_range("2025-03-01", periods=2)
    even = pd.DataFrame({"meta": [1000.0, 1000.0]}, index=days)
    uneven = pd.DataFrame({"meta": [400.0, 1600.0]}, index=days)
    meta = next(c for c in media.curves_from(truth, 3) if c.name == "meta")
    assert media.profit_day_by_day(truth, even) == pytest.approx(
        2 * (float(meta.contribution(1000.0)) - 1000.0)
    )
    assert media.profit_day_by_day(truth, uneven) < media.profit_day_by_day(truth, even)
    as_spent, average_day = m03.profit_2025_day_by_day(), m03.profit_a_year(m03.spend_2025())
    assert 0 < as_spent < average_day
    # the $1 split spent level all year loses little to the seasons: the average-day figure holds
    level = m03.profit_level_days(m03.dollar_rule_split())
    assert level == pytest.approx(m03.profit_a_year(m03.dollar_rule_split()), rel=0.02)
    exercise = _lesson_03_between("### Exercise 3.11", "```python")
    assert "**average days**" in exercise and "not 2025 as it was spent day by day" in exercise


def test_the_driftwood_test_is_sized_to_the_rule_that_reads_it():
    """The rule scales at a 90% chance it pays (one-sided), so the test is sized at that bar
    (about 1.28 standard errors) with 80% power (0.84), not at a textbook 95%."""
    from cmo_course.checks import m03_paid_media as m03

    z_rule, z_power = m03.sizing_z()
    assert z_rule == pytest.approx(1.2816, abs=1e-4) and z_power == pytest.approx(0.8416, abs=1e-4)
    best = m03.best_audience()
    row = m03.pilot_by_ad_set().loc[best]
    rate, even = m03.best_audience_rate(), m03.best_audience_rate("break-even")
    clicks = rate * (1 - rate) * ((z_rule + z_power) / (rate - even)) ** 2
    assert m03.test_plan().loc[best, "clicks"] == pytest.approx(
        clicks - row["clicks"] - m03.PRIOR_WEIGHT
    )
    text = " ".join(_lesson_03().split())
    assert "((1.28 + 0.84) / gap)²" in text and "at the bar the rule below acts on" in text


def test_the_driftwood_test_holds_nobody_out_and_reads_the_peak_apart():
    """The rule reads tagged orders, so the test is sized for them and takes the pilot's pace;
    a go is read for its season, like with like: peak clicks against peak buyers."""
    import re

    from cmo_course.checks import m03_paid_media as m03

    best = m03.best_audience()
    plan = m03.test_plan()
    row = m03.pilot_by_ad_set().loc[best]
    days = m03.datasets.load("new_network_pilot")["date"].nunique()
    assert plan.loc[best, "weeks"] == pytest.approx(
        plan.loc[best, "clicks"] / row["clicks"] * days / 7
    )
    estimate, even = m03.best_audience_rate(), m03.best_audience_rate("break-even")
    assert even < estimate
    memo = " ".join(_lesson_03().split("**Model answer**")[1].split("**Mark scheme")[0].split())
    weeks = re.search(r"over (\d+) weeks", memo)
    assert weeks and int(weeks.group(1)) == round(plan.loc[best, "weeks"])
    # the decision follows the test: from early March (2 March 2026), its weeks and one more
    # for late orders
    end = pd.Timestamp("2026-03-02") + pd.Timedelta(weeks=round(plan.loc[best, "weeks"]) + 1)
    when = (
        f"early {end:%B}"
        if end.day <= 10
        else f"mid-{end:%B}"
        if end.day <= 20
        else f"late {end:%B}"
    )
    assert "held out" not in memo and f"decide in {when}" in memo
    for fact in (
        "peak fall in contribution per first order, Meta and Instagram",
        "best audience break-even at the peak",
        "best audience estimate at the peak",
        "best audience chance at the peak",
    ):
        assert m03.FACTS[fact].render() in memo, fact
    # the peak's chance is under the stop rule, so the memo spends nothing there, test or launch
    assert m03.best_audience_peak_chance() < m03.STOP_RULE
    assert "no peak spend" in memo and "test it apart" not in memo


def test_the_peak_break_even_is_judged_against_a_peak_rate_not_an_off_peak_one():
    """At the peak clicks cost more, but the store credits an order to more of them (in smaller,
    more discounted baskets): the peak break-even is scaled by the CPC's rise over the fall in
    contribution per first order (not order value alone), the estimate by the rise in orders per
    click, both measured on Meta and Instagram (the prior's basis). Like with like, the best
    audience's peak chance falls under the stop rule: the peak gets no test."""
    from cmo_course import finance, media
    from cmo_course.checks import m03_paid_media as m03

    rise = m03.peak_change()
    paid = m03.paid_in()
    social = paid[paid["platform"].isin(m03.SOCIAL)]
    is_peak = social["date"].dt.month.isin([11, 12])
    cpc = [social[p]["spend"].sum() / social[p]["clicks"].sum() for p in (is_peak, ~is_peak)]
    assert rise["cpc"] == pytest.approx(cpc[0] / cpc[1] - 1)
    orders = m03._orders()
    orders = orders[orders["order_date"].dt.year == m03.YEAR]
    credited = m03.pd.concat([media.credited_orders(orders, p) for p in m03.SOCIAL])
    at_peak = credited["order_date"].dt.month.isin([11, 12])
    rate = [
        at_peak.sum() / social.loc[is_peak, "clicks"].sum(),
        (~at_peak).sum() / social.loc[~is_peak, "clicks"].sum(),
    ]
    assert rise["rate"] == pytest.approx(rate[0] / rate[1] - 1)
    assert rise["cpc"] > 0.3 and rise["rate"] > 0.2  # dearer clicks, and more buyers per click
    estimate, even = m03.best_audience_rate(), m03.best_audience_rate("break-even")
    peak_estimate = m03.best_audience_rate("peak estimate")
    peak_even = m03.best_audience_rate("peak break-even")
    # contribution per first order credited to Meta and Instagram, peak against the rest of 2025
    first = credited[credited["is_first_order"]]
    per_order = finance.order_contribution(first).groupby(
        first["order_date"].dt.month.isin([11, 12])
    )
    assert rise["contribution"] == pytest.approx(
        per_order.mean()[True] / per_order.mean()[False] - 1
    )
    margins = (
        per_order.sum()
        / first["revenue"].groupby(first["order_date"].dt.month.isin([11, 12])).sum()
    )
    first_orders = m03.peak_first_orders()
    assert first_orders["peak"]["margin"] == pytest.approx(margins[True])
    assert first_orders["low"]["margin"] == pytest.approx(margins[False])
    # deeper peak discounts: the margin falls too, so contribution falls by more than order value
    assert margins[True] < margins[False] and rise["contribution"] < rise["aov"] - 0.05
    assert peak_estimate == pytest.approx(estimate * (1 + rise["rate"]))
    assert peak_even == pytest.approx(even * (1 + rise["cpc"]) / (1 + rise["contribution"]))
    # the old reading, peak CPC against the off-peak estimate, would call it clearly below
    assert even * (1 + m03.peak_premium_all()) > estimate * 1.2
    # like with like it is below break-even, under the stop rule, not the 86% of spring; so too on
    # all first online orders (not only those credited to the two platforms)
    chance, spring = m03.best_audience_peak_chance(), m03.chance_by_audience().max()
    assert chance < m03.STOP_RULE < 0.7 < spring
    assert peak_estimate < peak_even
    online_first = orders[orders["is_first_order"] & (orders["sales_channel"] == "online")]
    contribution = finance.order_contribution(online_first).groupby(
        online_first["order_date"].dt.month.isin([11, 12])
    )
    on_all = even * (1 + rise["cpc"]) * contribution.mean()[False] / contribution.mean()[True]
    row = m03.pilot_by_ad_set().loc[m03.best_audience()]
    posterior = media.beta_update(
        *media.beta_prior(*m03.prior()), float(row["tagged_orders"]), float(row["clicks"])
    )
    assert media.beta_prob_above(*posterior, on_all / (1 + rise["rate"])) < m03.STOP_RULE
    paragraph = _lesson_03_between("Read the table from the rule.", "A go/no-go memo")
    for fact in (
        "peak CPC rise, Meta and Instagram",
        "peak rise in orders per click, Meta and Instagram",
        "peak fall in order value, Meta and Instagram",
        "peak fall in contribution per first order, Meta and Instagram",
        "first-order margin at the peak, Meta and Instagram",
        "first-order margin off the peak, Meta and Instagram",
        "best audience break-even",
        "best audience break-even at the peak",
        "best audience estimate",
        "best audience estimate at the peak",
        "best audience chance at the peak",
    ):
        assert m03.FACTS[fact].render() in paragraph, fact
    # the CPM's premium is named as the CPM's, beside the CPC's rise the break-even uses
    assert m03.FACTS[
        "Nov-Dec premium 2025"
    ].render() + " is the price of a thousand impressions" in (paragraph)
    assert "the peak gets no test" in paragraph and "per click" in paragraph
    assert "a peak price against a peak rate" in _lesson_03_between("**Seasonality.**", "## 9.")


def test_the_lift_test_measures_business_as_usual_and_the_squeeze_is_a_design_lesson():
    """The test cell ran as usual (the generator draws its caused purchases from Meta's normal
    running), so the lift measures business as usual: its estimate agrees with the truth. The
    squeeze of all spend onto a smaller cell is priced on Meta's curve as a design lesson for a
    real test, never as a correction of this one: one reading of Meta, no range, no "floor"."""
    from cmo_course import datasets
    from cmo_course.checks import m03_paid_media as m03

    lift = m03.lift()
    truth = datasets.truth("meta_lift_test")["true_incremental_conversions"]
    assert lift.incremental_conversions_low < truth < lift.incremental_conversions_high
    assert abs(lift.incremental_conversions / truth - 1) < 0.1
    curve, spend = m03._curve("meta"), float(m03.spend_2025()["meta"])
    share = m03.lift_cells().loc["test", "users"] / m03.lift_cells()["users"].sum()
    squeeze = m03.lift_squeeze()
    ratio = (1 + spend / curve.half_sat) / (1 + spend / (curve.half_sat * share))
    assert squeeze["shortfall"] == pytest.approx(1 - ratio)
    assert squeeze["as usual"] == pytest.approx(m03.by_platform("average")["meta"])
    assert "iroas as usual" not in squeeze
    assert m03.lift_squeeze(holdout_share=0.1)["shortfall"] < squeeze["shortfall"] / 3
    caveat = _lesson_03_between("Alder & Wren ran one on Meta", "### Exercise 3.5")
    assert "business as usual" in caveat and "floor" not in caveat
    # the squeeze is priced only for an audience the ads already reach day after day
    assert "on Meta's response curve (Section 5), about 13% low" in caveat
    assert "half-saturates" not in caveat  # Section 5 defines half-saturation, later
    _shows_facts(
        caveat, "a squeeze's shortfall at the study's holdout", "the shortfall with a 10% holdout"
    )
    reading = _lesson_03_between(
        "Put the printed figures together", "Two things the test does *not* say"
    )
    assert "floor" not in reading and "2.27" not in reading and "low end" not in reading
    # which figures are revenue in the test's weeks, which two-year contribution per dollar
    assert "revenue within the test's weeks" in reading
    assert "two-year contribution per dollar" in reading
    _shows_facts(
        reading,
        "lift iROAS",
        "Meta's two-year bar (Module 01)",
        "Meta's average return over two years",
        "Meta's next dollar over two years",
        "Meta's average return over two years, with its content",
    )
    # the test's 1.97 against the two-year bar says what the curve's average says: break-even
    bar = m03.m01_finance.two_year_bar("meta")
    assert lift.iroas / bar == pytest.approx(m03.by_platform("average")["meta"], abs=0.05)


def test_a_years_spend_is_booked_against_the_two_year_contribution_it_buys():
    """Exercise 3.11 and Section 6 compare the two-year contribution of the customers a year's
    spend buys, less that year's spend: never called a year's profit or "a year after spend"."""
    from cmo_course.checks import m03_paid_media as m03

    text = " ".join(_lesson_03().split())
    assert "a year after spend" not in text and "after spend a year" not in text
    assert "two years of contribution less one year's spend, not a year's profit" in text
    exercise = next(e for e in m03.EXERCISES if e.id == "3.11")
    passed = exercise.passed(m03.dollar_rule_gain())
    assert "a year after spend" not in passed and "less that year's spend" in passed
    messages = " ".join(m.text for m in exercise.mistakes) + " ".join(exercise.hints)
    assert "profit after spend" not in messages


def test_3_11_names_the_slip_of_a_year_on_one_side_and_a_day_on_the_other():
    """Leaving * 365 off one split's result gets its own message, either way round; the
    skeleton's names do not call a two-year surplus a year's profit."""
    from cmo_course.checks import Checker, TryAgain
    from cmo_course.checks import m03_paid_media as m03

    exercise = next(e for e in m03.EXERCISES if e.id == "3.11")
    year_dollar, year_2025 = (
        m03.profit_a_year(m03.dollar_rule_split()),
        m03.profit_a_year(m03.spend_2025()),
    )
    for slip in (year_dollar - year_2025 / 365, year_dollar / 365 - year_2025):
        named = [
            m for m in exercise.mistakes if m.value is not None and m.value() == pytest.approx(slip)
        ]
        assert len(named) == 1 and "One side is a year and the other a day" in named[0].text
        # and the check says so to a learner who makes the slip
        with pytest.raises(TryAgain, match="One side is a year and the other a day"):
            Checker("03_paid_media")("3.11", namespace={"dollar_rule_gain": slip})
    skeleton = _lesson_03_between("### Exercise 3.11", "dollar_rule_gain = ...")
    assert "profit_dollar" not in skeleton and "surplus_dollar" in skeleton


def test_uneven_days_cost_an_upper_bound_without_carry_over():
    paragraph = _lesson_03_between("**Two average days.**", "**If finance freezes")
    assert "carry nothing over from one day to the next" in paragraph and "upper bound" in paragraph


def test_the_platforms_own_roas_ranks_youtube_last_though_its_next_dollar_pays_most():
    """Module 03 says so in Sections 1 and 5: last click and the platforms' own counts miss most
    of video's buyers, so the reported ranking runs against the margin's."""
    import json
    from pathlib import Path

    from cmo_course.checks import m03_paid_media as m03

    root = Path(__file__).resolve().parent.parent
    paid = m03.paid_in()
    paid = paid[paid["platform"] != "linkedin"].groupby("platform")[["spend", "platform_revenue"]]
    own = paid.sum()["platform_revenue"] / paid.sum()["spend"]
    assert own.idxmax() == "meta" and own.idxmin() == "youtube"
    below = sorted(own[own < m03.margins()["first order"] ** -1].index)
    assert m03.by_platform("marginal").idxmax() == "youtube"
    notebook = json.loads(
        (root / "solutions" / "03_paid_media" / "03_paid_media.ipynb").read_text()
    )
    text = " ".join(
        " ".join(
            "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
        ).split()
    )
    assert "Meta the most and YouTube the least" in text
    # what the own counts would have you do, as the data has it
    if not below:
        assert "every one above break-even" in text
        assert "would rank YouTube last: the platform whose next dollar pays the most" in text
    else:
        assert below == ["youtube"]
        assert "all but YouTube's above break-even" in text
        assert "it misses break-even even there" in text
        assert "and to cut YouTube: the platform whose next dollar pays the most" in text


def test_the_lift_tests_window_loss_and_the_two_year_break_even_agree():
    """Section 4 values the lift test's purchases at the first order's margin within the test
    window: a loss. Section 5 (and Module 01) count the new customers' repeat orders over two
    years: Meta's average dollar about breaks even, its next dollar loses. The lesson says both,
    each on its basis, and does not call the window's loss the verdict."""
    from cmo_course.checks import m03_paid_media as m03

    assert m03.lift_contribution_per_dollar() < 1  # within the window, a loss
    average, marginal = m03.by_platform("average")["meta"], m03.by_platform("marginal")["meta"]
    assert 0.95 < average < 1.1 and marginal < 1  # break-even on average, a loss at the margin
    paragraph = _lesson_03_between(
        "Put the printed figures together", "Two things the test does *not* say"
    )
    assert "the verdict holds" not in paragraph
    assert "within the test window" in paragraph
    assert "break-even on average on media alone, a loss at the margin" in paragraph
    # with its share of the content its ads run on (Module 01's rule), Meta loses on average too
    with_content = m03.average_with_content("meta")
    assert with_content < 1 < average * 1.1 and with_content < average
    assert "a loss on average too" in paragraph
    _shows_facts(
        paragraph,
        "lift contribution per dollar",
        "lift contribution per dollar, online margin",
        "Meta's average return over two years",
        "Meta's next dollar over two years",
        "Meta's average return over two years, with its content",
    )


def test_the_driftwood_commitment_is_cross_checked_on_the_platforms_basis():
    """The pilot's cash check is the first order; the platforms are judged on the two-year
    contribution of the customers their ads caused. On that basis (a Meta customer's two years at
    the pilot's order value, times the share of its tagged orders the ads caused) the answer turns
    on a share nobody has measured for Driftwood: on Meta's (the lift study's) the commitment
    loses about as much as on the first order; on TikTok's (more customers caused than last click
    credits: the closest analogue for a cold-prospecting network) it gains. The text shows both,
    leaves the two-year verdict to a holdout, and keeps the decision on the cash check."""
    from cmo_course import media
    from cmo_course.checks import m03_paid_media as m03

    share = m03.meta_caused_share()
    assert 0 < share < 1
    study = m03.datasets.load("meta_lift_test")
    first = study["week_start"].min()
    last = study["week_start"].max() + m03.pd.Timedelta(days=6)
    orders = m03._orders()
    in_study = orders[orders["order_date"].between(first, last)]
    assert share == pytest.approx(
        m03.lift().incremental_conversions / len(media.credited_orders(in_study, "meta"))
    )
    credited = media.credited_orders(orders[orders["order_date"].dt.year == m03.YEAR], "meta")
    first_value = credited.loc[credited["is_first_order"], "revenue"].mean()
    per_order = m03._curve("meta").value * m03.pilot_aov() / first_value
    assert m03.pilot_order_two_year_value() == pytest.approx(per_order)
    rate = media.beta_mean(*m03.posterior_all())
    cpc = float(m03.pilot_totals()["cpc"])
    two_years = m03.commitment_outcome(value="two years, caused")
    assert two_years == pytest.approx(m03.commitment() / cpc * (rate * per_order * share - cpc))
    first_order = m03.commitment_outcome()
    assert two_years < 0 and first_order < 0  # a loss on both bases at Meta's share
    # TikTok's ratio: more customers caused than last click credits, from Module 01's truth
    ratio = m03.tiktok_caused_per_credited()
    tiktok = m03.datasets.truth("customers")["paid_platforms"]["tiktok"]
    assert ratio == tiktok["true_incremental_share_of_recorded_customers"] > 1
    as_on_tiktok = m03.commitment_outcome(value="two years, caused as on TikTok")
    assert as_on_tiktok == pytest.approx(m03.commitment() / cpc * (rate * per_order * ratio - cpc))
    assert as_on_tiktok > 0  # the two-year verdict turns on the share: it cannot be known yet
    paragraph = _lesson_03_between("Two things a first-order test leaves out", "**How big a test")
    _shows_facts(
        paragraph,
        "pilot order's two-year contribution",
        "Meta's caused share of its last-click purchases",
        "commitment expected loss, two years caused",
        "commitment expected loss",
        "TikTok's caused customers per credited one",
        "commitment expected gain, two years caused as on TikTok",
    )
    assert "roughly cancel" not in paragraph and "cash check" in paragraph
    assert "cannot be known until a holdout runs" in paragraph
    answer = " ".join(_lesson_03().split()).split("**Model answer**")[1]
    memo, scheme = answer.split("**Mark scheme")
    assert "do not sign" in memo and "holdout" in memo
    assert m03.FACTS["commitment expected loss, two years caused"].render() in memo
    assert m03.FACTS["commitment expected gain, two years caused as on TikTok"].render() in memo
    point_2 = scheme[scheme.index(" 2. ") : scheme.index(" 3. ")]
    assert "two-year contribution" in point_2 and "really caused" in point_2
    assert "TikTok" in point_2 and "holdout" in point_2


def test_the_dollar_rules_caps_and_unbounded_points_against_the_spend_seen():
    """Module 03 and Module 01 measure the spend seen alike: the most a platform has spent a day
    in a calendar month so far. Every cap of the $1 rule stays within it; without bounds, YouTube's
    $1 point lies beyond any month it has had, while TikTok's was reached in one month only, its
    November scale-up, both platforms' highest month. Its floors do not stay within the spend seen
    (the least each has spent a day in a month): the cuts are the subject of the next test."""
    from cmo_course import datasets
    from cmo_course.checks import m01_finance as m01
    from cmo_course.checks import m03_paid_media as m03

    seen, spend = m03.spend_seen(), m03.spend_2025()
    assert seen.equals(m01.observed_ceiling())
    for c in m03.curves():
        assert spend[c.name] * (1 + m03.BOUND) <= seen[c.name], c.name
    youtube, tiktok = m03.unbounded_against_seen("youtube"), m03.unbounded_against_seen("tiktok")
    assert youtube["point"] > 1.25 * youtube["seen"] and youtube["months_at_or_above"] == []
    assert spend["tiktok"] * (1 + m03.BOUND) < tiktok["point"] < tiktok["seen"]
    assert tiktok["months_at_or_above"] == ["2025-11"]
    paid = datasets.load("paid_media_daily")
    by_month = paid.groupby(["date", "platform"])["spend"].sum().unstack().resample("MS").mean()
    for platform in ("tiktok", "youtube"):
        assert by_month[platform].idxmax() == pd.Timestamp("2025-11-01"), platform
    paragraph = _lesson_03_between("**Where the curves point:", "That does not settle the budget")
    assert "Nobody has spent that much" not in paragraph
    assert "TikTok has spent that much, but only in November" in paragraph
    _shows_facts(
        paragraph,
        "tiktok: the most spent a day in a month so far",
        "youtube: the most spent a day in a month so far",
        "tiktok: the $1 point without bounds, against 2025",
        "youtube: the $1 point without bounds, against 2025",
        "tiktok: the $1 point without bounds, a day",
        "youtube: the $1 point without bounds, a day",
    )


def test_the_recommendation_cuts_within_the_spend_seen_and_reads_the_next_dollar_with_a_test():
    """The $1 rule within 50% cuts Google Search, Instagram and Meta below the least each has
    spent a day in any month, where its curve is a guess, as it would be above the most. So the
    recommendation bounds a cut as a raise is bounded: the first step stops at the lowest month
    (every floor and cap within the spend seen), where the next dollar still loses on the curves,
    and a spend-down test reads it before the next step. The first step keeps most of the $1
    rule's gain and still beats the best split of 2025's total, on less money."""
    from cmo_course.checks import m01_finance as m01
    from cmo_course.checks import m03_paid_media as m03

    low, high, spend = m03.spend_seen_low(), m03.spend_seen(), m03.spend_2025()
    assert low.equals(m01.observed_floor())
    plan, step = m03.dollar_rule_split(), m03.first_step_split()
    for platform in ("google_search", "instagram", "meta"):
        assert plan[platform] < low[platform] < spend[platform], platform
        assert step[platform] == pytest.approx(low[platform]), platform
    for c in m03.curves():
        assert low[c.name] - 1e-6 <= step[c.name] <= high[c.name] + 1e-6, c.name
    assert (m03.first_step_next_dollar() < 1).all()
    assert set(m03.first_step_next_dollar().index) == {"google_search", "instagram", "meta"}
    first = m03.profit_a_year(step)
    assert m03.profit_a_year(m03.best_split()) < first < m03.profit_a_year(plan)
    assert step.sum() < spend.sum()
    assert first - m03.profit_a_year(spend) > 0.5 * m03.dollar_rule_gain()  # most of the gain
    paragraph = _lesson_03_between("**The recommendation:", "That does not settle the budget")
    assert "spend-down test" in paragraph
    _shows_facts(
        paragraph,
        *(
            f"{p}: the least spent a day in a month so far"
            for p in ("google_search", "instagram", "meta")
        ),
        *(f"{p}: the $1 rule within 50%, a day" for p in ("google_search", "instagram", "meta")),
        "first step: next dollar at the lowest month, low",
        "first step: next dollar at the lowest month, high",
        "first step budget a year",
        "first step profit",
        "first step gain",
    )
    curves_point = _lesson_03_between("**Where the curves point:", "**Two average days")
    assert "The floors do not stay within the spend seen" in curves_point


def test_retargeting_is_questioned_as_brand_search_is():
    """Meta's and Instagram's retargeting: a fifth of the consumer platforms' spend, several times
    brand search's, with the best reported ROAS of social, above each platform's prospecting. The
    lesson applies brand search's logic to it and asks for a retargeting holdout, beside the
    brand-search one; the figures come from the campaign column of paid_media_daily."""
    from cmo_course.checks import m03_paid_media as m03

    paid = m03.paid_in()
    consumer = paid[paid["platform"] != "linkedin"]
    is_retargeting = consumer["campaign"].str.contains("retargeting")
    assert set(consumer.loc[is_retargeting, "platform"]) == {"meta", "instagram"}
    facts = m03.retargeting()
    assert facts["spend"] == pytest.approx(consumer.loc[is_retargeting, "spend"].sum())
    assert 0.15 < facts["share_of_consumer_spend"] < 0.3
    assert facts["times_brand_search"] > 3
    for platform in ("meta", "instagram"):
        assert m03.campaign_roas(platform, "retargeting") > m03.campaign_roas(
            platform, "prospecting"
        ), platform
    paragraph = _lesson_03_between("**Retargeting: the same question", "## 7.")
    assert "retargeting holdout" in paragraph and "brand search" in paragraph
    _shows_facts(
        paragraph,
        "retargeting spend 2025",
        "retargeting share of consumer spend",
        "retargeting against brand search",
        "meta's own ROAS on retargeting",
        "instagram's own ROAS on retargeting",
        "meta's own ROAS on prospecting",
        "instagram's own ROAS on prospecting",
    )


def test_a_roas_between_the_pnl_bar_and_the_first_order_bar_loses_cents_on_the_dollar():
    """Section 2's campaign at a ROAS of 2.80 clears the P&L's bar and misses the first-order
    margin's: on average over its orders each dollar loses a few cents, not money on every
    order (order values vary)."""
    from cmo_course.checks import m03_paid_media as m03

    roas = m03.EXAMPLE_ROAS
    assert 1 / m03.margin("P&L") < roas < 1 / m03.margin("first order")
    loss = m03.first_order_loss_per_dollar()
    assert loss == pytest.approx(1 - roas * m03.margin("first order")) and 0 < loss < 0.15
    paragraph = _lesson_03_between("## 2. What may a click cost?", "When the click's job")
    assert "loses money on every order" not in paragraph
    _shows_facts(paragraph, "a ROAS of 2.80: loss per dollar on the first-order margin")


def test_the_lift_tests_purchases_are_valued_on_the_mix_of_metas_credited_orders():
    """The lift test counts purchases, first or repeat, and cannot tell them apart; Section 4
    values them on the margin of the orders the store credits to Meta in the study's weeks,
    nearly all first orders, and says so. On the online margin the window still loses."""
    from cmo_course.checks import m03_paid_media as m03

    assert m03.meta_first_order_share_in_study() > 0.9
    assert m03.lift().iroas * m03.margin("online") < 1
    paragraph = _lesson_03_between("Put the printed figures together", "That is what the response")
    assert "cannot tell which is which" in paragraph
    assert "mix as the orders credited to Meta do" in paragraph
    _shows_facts(paragraph, "first orders among Meta's credited orders in the study")
    # nowhere is it said as a fact that the purchases the ads caused are first orders
    key_points = _lesson_03_between("## Key points", "## Further reading")
    assert "caused are mostly first orders" not in key_points
    assert "cannot tell first purchases from repeat ones" in key_points
    exercise = next(e for e in m03.EXERCISES if e.id == "3.7")
    message = " ".join(exercise.passed(m03.lift().iroas).split())
    assert "Meta causes are mostly first orders" not in message
    assert "cannot tell first purchases from repeat ones" in message


def test_allocate_in_units_never_buys_more_than_there_is_to_buy():
    # two equal curves and $1,000: unbounded each takes $500; with one capped at $300 it takes the
    # cap and the other the rest; with a cap below its unit it gets nothing at all
    curves = [
        media.Curve(n, a=0.1, half_sat=400.0, incremental_share=1.0, value=30.0) for n in "ab"
    ]
    free = media.allocate_in_units(curves, 1_000.0, {})
    assert free["a"] == pytest.approx(500.0) and free["b"] == pytest.approx(500.0)
    capped = media.allocate_in_units(curves, 1_000.0, {}, maximum={"a": 300.0})
    assert capped["a"] == pytest.approx(300.0) and capped["b"] == pytest.approx(700.0)
    none = media.allocate_in_units(curves, 1_000.0, {"a": 350.0}, maximum={"a": 300.0})
    assert none["a"] == 0.0 and none["b"] == pytest.approx(1_000.0)


def _message_03(exercise_id: str, namespace: dict, hidden: bool = False) -> str:
    from cmo_course.checks import Checker, TryAgain

    with pytest.raises(TryAgain) as failure:
        Checker("03_paid_media")(exercise_id, namespace=namespace, hidden=hidden)
    return " ".join(str(failure.value).split())


def test_the_lift_test_put_the_whole_budget_on_the_test_cell_at_the_usual_frequency():
    """All of Meta's spend in the study's weeks went to the test cell, 60% of the audience. The
    lesson says so plainly, and calls the study business as usual only because the ad data shows
    the dose a day did not rise: Meta's ads a day per person reached in the study match 2025
    before it and the same weeks of 2024, and a day's reach is a small share of the test cell.
    Were the data to show a higher frequency, or the text to drop the figures, this fails: "as
    they normally run" must rest on the figures, not on the design."""
    from cmo_course.checks import m03_paid_media as m03

    assert m03.test_cell_spend_share() == pytest.approx(1.0)
    study = m03.meta_delivery()
    for window in ("before", "a year before"):
        assert study["frequency"] == pytest.approx(m03.meta_delivery(window)["frequency"], rel=0.02)
    share_a_day = study["reach a day"] / m03.lift_cells().loc["test", "users"]
    assert share_a_day < 0.05  # far from reaching the whole cell on a day
    # over the weeks each person in the cell was reached on more days than the ads spread over the
    # whole audience would give (1 / 0.6 as many), and the text says so
    assert m03.days_reached() / m03.days_reached("all") == pytest.approx(
        m03.lift_cells()["users"].sum() / m03.lift_cells().loc["test", "users"]
    )
    # the study reads its cell accurately: within 4% of what the data records the ads caused
    assert abs(m03.lift_against_truth()) < 0.05
    section = _lesson_03_between("Alder & Wren ran one on Meta", "### Exercise 3.5")
    assert "went on the test cell: 60% of the audience carried the whole budget" in section
    assert "saw Meta's ads as they normally run" not in section
    assert "if a platform put the whole budget" not in section
    assert "piled no more ads a day on anyone" in section
    assert (
        "more days than usual, but never more ads on any one day, and a light dose either way"
        in section
    )
    _shows_facts(
        section,
        "Meta's spend in the study's weeks",
        "Meta's ads a day per person reached in the study",
        "Meta's ads a day per person reached in 2025 before the study",
        "Meta's ads a day per person reached in the same weeks of 2024",
        "people Meta reached a day in the study",
        "share of the test cell reached a day",
        "people in the test cell",
        "days each person in the test cell was reached",
        "days each person was reached, ads across the whole audience",
        "lift incremental purchases",
        "recorded truth: purchases the ads caused",
        "the lift's count against the recorded truth",
    )
    # the reading of 1.97 as Meta's normal running says why, and the two-year check agrees
    reading = _lesson_03_between(
        "Put the printed figures together", "Two things the test does *not* say"
    )
    assert "ran at their usual frequency" in reading
    assert "The test cell ran as usual, so" not in reading
    assert "a test squeezed low would fall short of them" in reading


def test_the_pnl_margin_is_labelled_before_refunds_beside_module_01s_on_net_revenue():
    """The 36.9% is the P&L's contribution over revenue before refunds; Module 01's P&L
    contribution margin is over net revenue. One label, one value: the table says which, gives
    both, and says once why ROAS break-evens use revenue before refunds."""
    import json
    from pathlib import Path

    from cmo_course.checks import m03_paid_media as m03

    assert m03.margin("P&L") == pytest.approx(m03.m01_finance.contribution_margin_on_sales())
    assert m03.m01_finance.contribution_margin_rate() > m03.margin("P&L")
    section = _lesson_03_between("## 2. What may a click cost?", "When the click's job")
    assert "| **P&L margin** |" not in section
    assert "| **P&L margin on revenue before refunds** |" in section
    assert "never hears of a refund" in section
    _shows_facts(section, "P&L margin", "P&L margin on net revenue (Module 01)")
    path = Path(__file__).parents[1] / "solutions" / "03_paid_media" / "03_paid_media.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    setup = "".join(next(c for c in cells if c.get("id") == "setup")["source"])
    assert "P&L margin on revenue before refunds {pnl_margin:.1%}" in setup


def test_last_click_over_credits_here_is_this_brands_finding_not_a_rule():
    """Last click over-credits Meta, Instagram and search and under-credits TikTok and YouTube
    in this data; the lesson says it is this brand's finding, with the caveat that lift studies
    often find the opposite for social prospecting, and that Meta's own ROAS is high."""
    from cmo_course import datasets
    from cmo_course.checks import m03_paid_media as m03

    curves = datasets.truth("paid_media_daily")["response_curves"]
    caused_per_credited = {
        p: c["incremental_share"] / c["recorded_share"] for p, c in curves.items()
    }
    assert all(caused_per_credited[p] < 1 for p in ("meta", "instagram", "google_search"))
    assert all(caused_per_credited[p] > 1 for p in ("tiktok", "youtube"))
    key_points = _lesson_03_between("## Key points", "## Further reading")
    assert "last click over-credits most platforms" not in key_points
    assert "this brand's finding" in key_points and "not a rule" in key_points
    assert "under-credits social prospecting" in key_points
    chain_read = _lesson_03_between("Read it down the columns.", "**CPMs move with the season.**")
    assert "this brand's count, not a benchmark" in chain_read
    assert m03.chain(m03.paid_in()).loc["meta", "roas"] > 3  # above the range quoted for apparel
    _shows_facts(
        chain_read,
        "Meta's own ROAS, 2025",
        "meta's own ROAS on prospecting",
        "meta's own ROAS on retargeting",
    )


def test_3_3_names_googles_conversions_taken_as_new_customers_per_click():
    from cmo_course.checks import m03_paid_media as m03

    wrong = m03.max_cpc_search_on_googles_rate()
    assert wrong > m03.max_cpc_search() * 1.2
    message = _message_03("3.3", {"max_cpc_search": wrong})
    assert "new customers per click from Google's own conversion count" in message
    assert f"{m03._search_rates()['store']:.1%} of search clicks" in message
    # Google's count and revenue together keep their own message
    both = _message_03("3.3", {"max_cpc_search": m03.max_cpc_search(platform_counts=True)})
    assert "conversion count and revenue" in both and "new customers per click from" not in both


@pytest.mark.parametrize("window", ["study", "2025"])
def test_3_8_names_metas_claims_over_the_stores_count(window):
    from cmo_course.checks import m03_paid_media as m03

    wrong = m03.meta_claims_per_credited_order(window)
    assert 1.3 < wrong < 2.0  # the store-credited ratio, far from the 2.6 the ads caused
    message = _message_03("3.8", {"over_attribution": wrong})
    assert "orders the store credits to Meta by last click" in message
    assert "the ratio Section 9 uses" in message


@pytest.mark.parametrize("hidden", [False, True])
def test_3_9_tells_the_dollar_taken_off_from_a_flipped_sign(hidden):
    """On the worked example (a next dollar of 0.5) marginal - 1 and a flipped sign are both
    -0.5: the check must tell them apart and name each, in the visible check and the hidden."""

    def less_the_dollar(spend, first_dollar_return, half_sat):
        return first_dollar_return / (1 + spend / half_sat) ** 2 - 1

    def flipped(spend, first_dollar_return, half_sat):
        return -first_dollar_return / (1 + spend / half_sat) ** 2

    dollar = _message_03("3.9", {"marginal_return": less_the_dollar}, hidden=hidden)
    assert "less the dollar itself" in dollar and "sign is flipped" not in dollar
    sign = _message_03("3.9", {"marginal_return": flipped}, hidden=hidden)
    assert "sign is flipped" in sign and "less the dollar itself" not in sign
