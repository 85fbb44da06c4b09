"""Funnel, test and email formulas against examples worked by hand."""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
import pandas as pd
import pytest

from cmo_course import funnels
from cmo_course.checks.m02_funnels import DEVICE, hand_events
from cmo_course.validation import ColumnsError

from .conftest import ROOT


def test_sessions_are_counted_once_per_step_and_identified_with_the_user():
    # 4 sessions (u1/100, u2/100, u2/200, u3/300); u1 views twice; u1 and u2 share session id 100
    counts = funnels.sessions_by_step(hand_events())
    assert counts.tolist() == [4, 3, 2, 1, 1]
    assert list(counts.index) == list(funnels.STEPS)


def test_funnel_table_hand_example():
    table = funnels.funnel(hand_events())
    # step rates 3/4, 2/3, 1/2, 1/1; overall 1, 3/4, 2/4, 1/4, 1/4
    assert table["step_rate"].tolist() == pytest.approx([1.0, 0.75, 2 / 3, 0.5, 1.0])
    assert table["overall_rate"].tolist() == pytest.approx([1.0, 0.75, 0.5, 0.25, 0.25])


def test_funnel_of_a_segment_with_no_purchase_has_zero_not_an_error():
    table = funnels.funnel(hand_events().query("device_category == 'mobile'"))
    assert table.loc["purchase", "sessions"] == 0
    assert table.loc["begin_checkout", "step_rate"] == 0


def test_funnel_names_the_columns_it_needs():
    with pytest.raises(ColumnsError, match="user_pseudo_id"):
        funnels.funnel(hand_events().drop(columns="user_pseudo_id"))


def test_step_rates_by_device_hand_example_leaves_a_rate_nobody_could_reach_empty():
    rates = funnels.step_rates_by(hand_events(), "device_category")
    # desktop: u2/100 (all steps) and u2/200 (start only): view 1/2, cart 1/1, checkout 1/1, purchase 1/1
    assert rates.loc["desktop"].tolist() == pytest.approx([0.5, 1.0, 1.0, 1.0])
    # mobile: u1/100 (start, view, cart) and u3/300 (start, view): view 2/2, cart 1/2, checkout 0/1
    assert rates.loc[
        "mobile", ["view_item", "add_to_cart", "begin_checkout"]
    ].tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert np.isnan(rates.loc["mobile", "purchase"])  # 0 / 0: nobody reached checkout


def test_revenue_per_session_is_conversion_times_order_value():
    table = funnels.session_economics(hand_events())
    # 1 purchase of $150 in 4 sessions: CVR 0.25, AOV 150, revenue per session 37.5
    row = table.iloc[0]
    assert (row["conversion_rate"], row["average_order_value"], row["revenue_per_session"]) == (
        0.25,
        150,
        37.5,
    )
    assert funnels.revenue_per_session(hand_events()) == 37.5


def test_cart_abandonment_hand_example():
    # 2 sessions added to cart, 1 bought: half abandoned
    assert funnels.cart_abandonment(hand_events()) == 0.5


def test_revenue_at_stake_hand_example():
    events = pd.DataFrame(
        [
            ("a", i, step, "mobile")
            for i in range(10)
            for step in ("session_start", "begin_checkout")
        ]
        + [("a", i, "purchase", "mobile") for i in range(4)]
        + [
            ("b", i, step, "desktop")
            for i in range(10)
            for step in ("session_start", "begin_checkout")
        ]
        + [("b", i, "purchase", "desktop") for i in range(8)],
        columns=["user_pseudo_id", "session_id", "event_name", "device_category"],
    )
    events["value"] = np.where(events["event_name"] == "purchase", 100.0, np.nan)
    # 10 mobile checkouts x (0.8 - 0.4) = 4 extra purchases x $100
    assert funnels.revenue_at_stake(
        events, "device_category", "mobile", "desktop"
    ) == pytest.approx(400)


def events_from_counts(user: str, device: str, counts: list[int]) -> pd.DataFrame:
    """Sessions that stop at each step: counts[k] sessions reach step k (monotone)."""
    rows = [
        (user, session, step, device)
        for k, step in enumerate(funnels.STEPS)
        for session in range(counts[k])
    ]
    frame = pd.DataFrame(
        rows, columns=["user_pseudo_id", "session_id", "event_name", "device_category"]
    )
    frame["value"] = np.where(frame["event_name"] == "purchase", 100.0, np.nan)
    return frame


def test_revenue_at_stake_at_an_earlier_step_carries_the_later_rates():
    events = pd.concat(
        [
            events_from_counts("a", "mobile", [100, 50, 5, 2, 1]),
            events_from_counts("b", "desktop", [100, 50, 10, 5, 4]),
        ]
    )
    # mobile adds to cart at 5/50 = 0.1, desktop at 10/50 = 0.2: 50 x 0.1 = 5 more carts;
    # mobile's later rates 2/5 x 1/2 = 0.2 turn them into 1 purchase, worth $100
    assert funnels.revenue_at_stake(
        events, "device_category", "mobile", "desktop", step="add_to_cart"
    ) == pytest.approx(100)
    # at the last step: 2 checkouts x (4/5 - 1/2) = 0.6 purchases = $60
    assert funnels.revenue_at_stake(
        events, "device_category", "mobile", "desktop"
    ) == pytest.approx(60)
    with pytest.raises(ValueError, match="step should be one of"):
        funnels.revenue_at_stake(
            events, "device_category", "mobile", "desktop", step="session_start"
        )
    with pytest.raises(KeyError, match="No device_category called 'phone'"):
        funnels.revenue_at_stake(events, "device_category", "phone", "desktop")


def test_two_proportion_z_hand_example():
    # pooled 0.125; se = sqrt(0.125 * 0.875 * 2 / 400) = 0.023385; z = 0.05 / 0.023385
    assert funnels.two_proportion_z(40, 400, 60, 400) == pytest.approx(
        0.05 / math.sqrt(0.125 * 0.875 / 200)
    )
    assert funnels.two_proportion_z(60, 400, 40, 400) == pytest.approx(-2.138, abs=1e-3)


def test_two_proportion_z_without_variation_is_zero():
    assert funnels.two_proportion_z(0, 50, 0, 80) == 0.0
    assert funnels.two_proportion_z(30, 300, 30, 300) == 0.0
    with pytest.raises(ValueError):
        funnels.two_proportion_z(1, 0, 1, 10)


def test_sample_ratio_z_hand_example():
    # 520 against 480 on a 50/50 split: 1,000 units, 500 expected, sd sqrt(1000 x 0.25) = 15.81
    assert funnels.sample_ratio_z(520, 480) == pytest.approx(20 / math.sqrt(250), abs=1e-9)
    assert funnels.sample_ratio_z(520, 480) == pytest.approx(1.265, abs=1e-3)
    assert funnels.sample_ratio_z(480, 520) == pytest.approx(-1.265, abs=1e-3)
    # a 90/10 design: 880 of 1,000 on A is 20 short of 900, sd sqrt(1000 x 0.09) = 9.49
    assert funnels.sample_ratio_z(880, 120, share_a=0.9) == pytest.approx(-2.108, abs=1e-3)
    assert funnels.sample_ratio_z(500, 500) == 0.0


def test_sample_ratio_z_rejects_what_it_cannot_read():
    with pytest.raises(ValueError, match="units counted"):
        funnels.sample_ratio_z(0, 0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        funnels.sample_ratio_z(10, 10, share_a=1.0)


def test_p_value_of_196_is_five_percent():
    assert funnels.p_value(1.959964) == pytest.approx(0.05, abs=1e-5)
    assert funnels.p_value(-1.959964) == pytest.approx(0.05, abs=1e-5)


def test_proportion_interval_hand_example():
    # 0.5 +- 1.96 * sqrt(0.25 / 100) = 0.5 +- 0.098
    assert funnels.proportion_interval(50, 100) == pytest.approx((0.402, 0.598))


def test_email_funnel_rates_hand_example():
    campaigns = pd.DataFrame(
        {
            "segment": ["a", "a", "b"],
            "sends": [1000, 1000, 500],
            "opens": [400, 500, 100],
            "clicks": [20, 30, 5],
            "orders": [2, 3, 1],
            "revenue": [200.0, 300.0, 120.0],
            "unsubscribes": [1, 2, 3],
        }
    )
    table = funnels.email_funnel(campaigns)
    # a: 2,000 sends, 900 opens, 50 clicks, 5 orders, $500
    assert table.loc["a", "open_rate"] == 0.45 and table.loc["a", "click_rate"] == 0.025
    assert table.loc["a", "click_to_open"] == pytest.approx(50 / 900)
    assert (
        table.loc["a", "orders_per_1000_sends"] == 2.5
        and table.loc["a", "revenue_per_send"] == 0.25
    )
    assert table.loc["b", "unsubscribe_rate"] == pytest.approx(0.006)


def test_holdout_incremental_orders_hand_example():
    campaigns = pd.DataFrame(
        {
            "sends": [8000, 5000],
            "orders": [100, 40],
            "holdout_size": [2000, 0],
            "orders_7d": pd.array([400, pd.NA], dtype="Int64"),
            "holdout_orders_7d": pd.array([80, pd.NA], dtype="Int64"),
        }
    )
    results = funnels.holdout_incremental_orders(campaigns)
    # (400 / 8000 - 80 / 2000) x 8000 = (0.05 - 0.04) x 8000 = 80; the untested row is left out
    assert len(results) == 1 and results["incremental_orders"].iloc[0] == pytest.approx(80)
    # se = 8000 x sqrt(0.05 x 0.95 / 8000 + 0.04 x 0.96 / 2000) = 8000 x 0.005141
    assert results["standard_error"].iloc[0] == pytest.approx(
        8000 * math.sqrt(0.05 * 0.95 / 8000 + 0.04 * 0.96 / 2000)
    )
    total, low, high = funnels.total_with_interval(results)
    assert total == pytest.approx(80) and high - total == pytest.approx(
        1.96 * results["standard_error"].iloc[0]
    )


def test_repeat_rate_counts_a_fixed_window_after_each_first_order():
    customers = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "first_order_date": pd.to_datetime(["2024-01-10", "2024-06-01", "2023-05-01"]),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "B", "C", "C"],
            "order_date": pd.to_datetime(
                ["2024-01-10", "2024-12-01", "2024-06-01", "2025-07-01", "2023-05-01", "2024-01-02"]
            ),
        }
    )
    # A came back within a year; B after 13 months (not counted); C is not a 2024 customer
    assert funnels.repeat_rate(orders, customers, 2024) == 0.5
    assert funnels.repeat_rate(orders, customers, 2024, within_days=400) == 1.0


def test_channel_group_of_a_medium():
    assert (
        funnels.channel_group("cpc") == "paid_search"
        and funnels.channel_group("(none)") == "direct"
    )
    assert funnels.channel_group("carrier-pigeon") == "unassigned"


def test_p_text_reads_like_a_report():
    assert funnels.p_text(1.96) == "p = 0.050"
    assert funnels.p_text(-2.5) == "p = 0.012"
    assert funnels.p_text(4.4) == "p < 0.001"
    assert set(funnels.STEP_NAMES) == set(funnels.STEPS)


def test_by_visitor_counts_a_visitor_with_two_sessions_once():
    rows = [
        # v1 abandons checkout on Monday and buys on Thursday: one visitor, one who bought
        ("v1", 1, "begin_checkout", "old"),
        ("v1", 2, "begin_checkout", "old"),
        ("v1", 2, "purchase", "old"),
        # v2 abandons twice: one visitor who did not buy
        ("v2", 1, "begin_checkout", "old"),
        ("v2", 2, "begin_checkout", "old"),
        # v3 never reaches checkout: not a trial
        ("v3", 1, "view_item", "old"),
        # v4 and v5 on the new checkout: one buys, one does not
        ("v4", 1, "begin_checkout", "new"),
        ("v4", 1, "purchase", "new"),
        ("v5", 1, "begin_checkout", "new"),
    ]
    events = pd.DataFrame(
        rows, columns=["user_pseudo_id", "session_id", "event_name", "checkout_version"]
    )
    table = funnels.by_visitor(events)
    assert table.loc["old"].tolist() == [2, 1, 0.5]  # 4 checkout sessions, 2 visitors
    assert table.loc["new"].tolist() == [2, 1, 0.5]
    assert list(table.columns) == ["visitors", "converted", "rate"]
    # the same events counted per session: 4 trials and 1 purchase on the old checkout
    per_session = funnels.sessions_by_step(events.query("checkout_version == 'old'"))
    assert (per_session["begin_checkout"], per_session["purchase"]) == (4, 1)
    with pytest.raises(ColumnsError, match="checkout_version"):
        funnels.by_visitor(events.drop(columns="checkout_version"))


def test_by_visitor_of_other_steps_and_arms_matches_counting_visitors_by_hand():
    events = hand_events()
    # u1 (mobile, old) and u3 (mobile, new) viewed; u1 added to cart, u3 did not
    table = funnels.by_visitor(events, start="view_item", finish="add_to_cart", arm=DEVICE)
    assert table.loc["mobile"].tolist() == [2, 1, 0.5]
    assert table.loc["desktop"].tolist() == [1, 1, 1.0]  # u2's two sessions: one visitor


def test_the_checkout_test_per_session_counts_more_trials_than_it_randomised():
    from cmo_course.checks import m02_funnels as m02

    mobile = m02.mobile()
    per_visitor = funnels.by_visitor(mobile)
    per_session = mobile.drop_duplicates(list(funnels.SESSION_KEY) + ["event_name"])
    sessions = per_session.groupby(["checkout_version", "event_name"]).size().unstack()
    for arm in ("old", "new"):
        # every visitor who came back to checkout adds a trial when sessions are counted
        assert per_visitor.loc[arm, "visitors"] < sessions.loc[arm, "begin_checkout"]
        assert per_visitor.loc[arm, "converted"] <= sessions.loc[arm, "purchase"]
    # the same rates counted on the session trials give a larger z: the inflated trials alone
    # overstate the evidence (here few visitors returned, so the two z's are close; the
    # lesson reads the test per visitor and says so)
    rates = sessions["purchase"] / sessions["begin_checkout"]
    on_sessions = funnels.two_proportion_z(
        rates["old"] * sessions.loc["old", "begin_checkout"],
        sessions.loc["old", "begin_checkout"],
        rates["new"] * sessions.loc["new", "begin_checkout"],
        sessions.loc["new", "begin_checkout"],
    )
    on_visitors = funnels.two_proportion_z(
        rates["old"] * per_visitor.loc["old", "visitors"],
        per_visitor.loc["old", "visitors"],
        rates["new"] * per_visitor.loc["new", "visitors"],
        per_visitor.loc["new", "visitors"],
    )
    assert abs(on_visitors) < abs(on_sessions)
    assert m02.checkout_test_z() == pytest.approx(m02.visitor_test_z(per_visitor))


def test_the_share_of_the_gap_closed_is_one_figure_in_one_wording():
    import nbformat

    from cmo_course.checks import m02_funnels as m02

    rates = m02.checkout_rates()
    # the benchmark is desktop after the roll-out, on the new checkout too, not the week's blend
    assert m02.gap_closed() == pytest.approx(
        (rates["new"] - rates["old"]) / (rates["desktop new"] - rates["old"])
    )
    assert rates["desktop new"] == pytest.approx(
        m02.checkout_by_visitor("desktop").loc["new", "rate"]
    )
    notebook = nbformat.read(ROOT / "solutions" / "02_funnels" / "02_funnels.ipynb", as_version=4)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    stated = re.findall(r"(\d+% of the gap)", text)
    assert len(stated) >= 3 and set(stated) == {m02.FACTS["share of the gap closed"].render()}
    for other in ("a third of the gap", "half of the gap", "half the gap"):
        assert other not in text
    # the leak is Section 4's (Section 5 is cart abandonment), and the roll-out is not the share
    # of the gap closed applied to it
    flat = " ".join(text.split())
    assert "leak of Section 4" in flat and "leak of Section 5" not in flat
    assert f"not {m02.gap_closed():.0%} of that leak" in flat


def test_the_rollout_is_valued_from_the_old_checkout_not_the_tests_mix():
    from cmo_course.checks import m02_funnels as m02

    test = funnels.by_visitor(m02.mobile())
    visitors = test["visitors"].sum()
    old, new = test.loc["old", "rate"], test.loc["new", "rate"]
    week = test["converted"].sum() / visitors  # the test's 50/50 mix of the two checkouts
    # the roll-out moves every mobile checkout visitor from the old checkout to the new one
    assert m02.rollout_per_week() == pytest.approx(visitors * (new - old) * m02.mobile_aov())
    # half the test's visitors already had the new checkout: its mix sits between the two
    # rates, so valuing the roll-out from it understates the gain (here by about half)
    assert old < week < new
    from_the_mix = m02.rollout_per_week_from_the_test_mix()
    assert from_the_mix == pytest.approx(visitors * (new - week) * m02.mobile_aov())
    assert m02.rollout_per_week() > 1.5 * from_the_mix
    # on the old checkout's basis, the roll-out's share of the old gap is the share of the gap
    # closed that the lesson states
    rates = m02.checkout_rates()
    old_gap = visitors * (rates["desktop new"] - old) * m02.mobile_aov()
    assert m02.rollout_per_week() / old_gap == pytest.approx(m02.gap_closed())


def test_difference_interval_hand_example():
    # 40/400 against 60/400: 0.05, standard error sqrt(0.1 x 0.9 / 400 + 0.15 x 0.85 / 400)
    difference, low, high = funnels.difference_interval(40, 400, 60, 400)
    half = 1.96 * math.sqrt(0.1 * 0.9 / 400 + 0.15 * 0.85 / 400)
    assert difference == pytest.approx(0.05)
    assert (low, high) == pytest.approx((0.05 - half, 0.05 + half))
    with pytest.raises(ValueError):
        funnels.difference_interval(1, 0, 1, 10)


def _online_year(busy_week_factor: float = 1.0) -> pd.DataFrame:
    """A year of one online order a day at 100 dollars (the first week of March at
    ``busy_week_factor`` times that), and shop orders that a web test never moves."""
    days = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    revenue = np.where((days >= "2025-03-03") & (days <= "2025-03-09"), 100 * busy_week_factor, 100)
    online = pd.DataFrame({"order_date": days, "sales_channel": "online", "revenue": revenue})
    shops = online.assign(sales_channel="retail", revenue=5000.0)
    return pd.concat([online, shops], ignore_index=True)


def test_seasonal_weeks_is_the_years_online_revenue_over_the_weeks():
    flat = funnels.seasonal_weeks(_online_year(), "2025-03-03", "2025-03-09")
    assert flat == pytest.approx(365 / 7)  # a flat year: every week is an average week
    busy = funnels.seasonal_weeks(_online_year(2.0), "2025-03-03", "2025-03-09")
    assert busy == pytest.approx((358 * 100 + 7 * 200) / 1400)  # a busy week: fewer make a year
    assert busy < 52
    # a two-week window: a per-week figure still needs the year's weeks, not its fortnights
    two = funnels.seasonal_weeks(_online_year(), "2025-03-03", "2025-03-16")
    assert two == pytest.approx(365 / 7)
    with pytest.raises(ValueError, match="no online revenue"):
        funnels.seasonal_weeks(_online_year(), "2026-01-01", "2026-01-07")


def test_rollout_value_range_values_the_ends_of_the_difference_interval():
    test = pd.DataFrame({"visitors": [400, 400], "converted": [40, 60]}, index=["old", "new"])
    value = funnels.rollout_value_range(test, 100.0, weeks=10)
    difference, low, high = funnels.difference_interval(40, 400, 60, 400)
    # every visitor of both arms moves: 800 x the gain x AOV x weeks
    assert value["estimate"] == pytest.approx(800 * 0.05 * 100 * 10)
    assert value["low"] == pytest.approx(800 * low * 100 * 10)
    assert value["high"] == pytest.approx(800 * high * 100 * 10)
    assert (value["difference_low"], value["difference_high"]) == pytest.approx((low, high))
    assert funnels.rollout_value_range(test, 100.0)["estimate"] == pytest.approx(800 * 5 * 52)


def _lesson_text() -> str:
    import nbformat

    notebook = nbformat.read(ROOT / "solutions" / "02_funnels" / "02_funnels.ipynb", as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_the_rollout_is_annualised_on_the_years_seasons_not_the_week_x_52():
    from cmo_course import datasets
    from cmo_course.checks import m02_funnels as m02

    weeks = m02.seasonal_weeks()
    # the October test week runs above the year's average week: x 52 overstates the year
    assert 0.03 < 52 / weeks - 1 < 0.10
    orders = datasets.load("orders")
    online = orders[(orders["sales_channel"] == "online") & (orders["order_date"].dt.year == 2025)]
    days = m02.events()["event_date"]
    in_week = online["order_date"].dt.normalize().between(days.min(), days.max())
    average_week = online["revenue"].sum() / 365 * 7
    # fewer than 52 test weeks make the year because the test week ran above an average week
    # (a busy November-December would push the multiple up, not down)
    ratio = online.loc[in_week, "revenue"].sum() / average_week
    assert ratio > 1 and m02.week_over_average_week() == pytest.approx(ratio)
    assert weeks == pytest.approx(365 / 7 / ratio)
    assert m02.rollout_range()["estimate"] == pytest.approx(m02.rollout_per_week() * weeks)
    facts = m02.FACTS
    assert facts["rolling out the new checkout, a year"].compute() == pytest.approx(
        m02.rollout_per_week() * weeks
    )
    assert facts["the leak a year"].compute() == pytest.approx(m02.leak_per_week() * weeks)
    assert "October week × 52 is" not in _lesson_text()


def test_the_rollout_is_a_range_not_a_figure_to_bank():
    from cmo_course.checks import m02_funnels as m02

    value = m02.rollout_range()
    assert 0 < value["low"] < value["estimate"] < value["high"]
    # the planted truth lies inside the interval the lesson values
    assert value["difference_low"] < m02.planted_lift() < value["difference_high"]
    text = _lesson_text()
    assert "bank" not in text.lower()
    for said in ("winner's", "Per browser, not per person", "**holdback**", "a sure figure"):
        assert said in text, said
    for fact in ("roll-out, low end a year", "roll-out, high end a year"):
        # the range is in the hook, the lesson, the model answer and the mark scheme
        assert text.count(m02.FACTS[fact].render()) >= 4, fact


def _cell(cell_id: str) -> str:
    import nbformat

    notebook = nbformat.read(ROOT / "solutions" / "02_funnels" / "02_funnels.ipynb", as_version=4)
    return next(c.source for c in notebook.cells if c.get("id") == cell_id)


def test_a_year_is_2025s_level_and_seasons_before_growth_and_says_so():
    from cmo_course.checks import m02_funnels as m02

    # online revenue grew in 2025: the next twelve months at that pace are more test weeks
    assert 0.05 < m02.online_growth_2025() < 0.30
    assert m02.next_year_in_test_weeks() > m02.seasonal_weeks() * 1.05
    # the reason given is the week's own level, computed; not November and December
    reason = _cell("s5-cfo")
    assert m02.FACTS["the test week over an average week of 2025"].render() in reason
    assert "November and December run far above an average week" not in reason
    figures = [
        m02.FACTS[f].render()
        for f in (
            "the leak a year",
            "rolling out the new checkout, a year",
            "roll-out, low end a year",
        )
    ]
    import nbformat

    notebook = nbformat.read(ROOT / "solutions" / "02_funnels" / "02_funnels.ipynb", as_version=4)
    stated = [
        c
        for c in notebook.cells
        if c.cell_type == "markdown" and any(f in c.source for f in figures)
    ]
    assert len(stated) >= 4  # the hook, the roll-out, its range, the model answer
    for cell in stated:  # every cell that gives a year's figure labels its basis
        flat = " ".join(cell.source.split())
        assert "2025's level and seasons" in flat and "before growth" in flat, cell.get("id")


def test_a_clear_win_is_only_mildly_exposed_to_the_winners_curse():
    from cmo_course.checks import m02_funnels as m02

    # at z = 3.0 the test would win most times it is run (its power at the measured gain is
    # above 80%, below 99%): picking it for winning adds a little bias, which the text says
    z = m02.checkout_test_z()
    power = 1 - statistics.NormalDist().cdf(1.96 - z)
    assert 0.8 < power < 0.99
    value = m02.rollout_range()
    standard_error = (value["difference_high"] - value["difference"]) / 1.96
    # the planted gain is ordinary noise away from the estimate (for instructors; not in the text)
    assert abs(value["difference"] - m02.planted_lift()) / standard_error < 2
    text = " ".join(_lesson_text().split())
    assert "one test tends to overstate" not in text and "The generator here planted" not in text
    assert "likelier the lower half: shoppers who switched devices" in text
    assert "The lower half is likelier for another reason" in text
    assert "close wins" in text and "many variants" in text
    assert "a mild worry" in text and "adds little bias" in text and "adds no bias" not in text


def test_sample_size_and_holdback_width_by_hand():
    # the textbook case: 50% -> 60% at 5% two-sided and 80% power needs about 385 per arm
    assert funnels.visitors_per_arm(0.5, 0.1) == pytest.approx(
        (1.96 + 0.8416) ** 2 * (0.25 + 0.24) / 0.01, rel=1e-3
    )
    assert funnels.detectable_difference(0.5, funnels.visitors_per_arm(0.5, 0.1)) == pytest.approx(
        0.1, abs=1e-6
    )
    # 1,000 users, 10% held back, sd 10: 1.96 x 10 x sqrt(1/100 + 1/900)
    assert funnels.holdback_half_width(1000, 0.1, 10.0) == pytest.approx(
        1.96 * 10 * math.sqrt(1 / 100 + 1 / 900)
    )
    with pytest.raises(ValueError):
        funnels.holdback_half_width(1000, 0.0, 10.0)
    with pytest.raises(ValueError):
        funnels.visitors_per_arm(0.5, 0.0)


def test_the_holdback_is_priced_and_sized_and_does_not_claim_to_place_the_gain():
    from cmo_course.checks import m02_funnels as m02

    hold = m02.holdback()
    # it confirms the gain is real, at the measured gain (well past 1.96 standard errors) ...
    assert hold["gain per user"] / (hold["half width"] / 1.96) > 2.5
    # ... but reads about as wide as the range it would have to place the gain in
    range_half = (hold["high per user"] - hold["low per user"]) / 2
    assert 0.7 < hold["half width"] / range_half < 1.4
    weeks = hold["weeks"]  # the period in test weeks
    assert 13 < weeks < 13 * 1.3  # 13 weeks after October's, on 2025's seasons, busier than it
    # sized on the unit it assigns: unique shoppers over the period, not shopper-weeks
    assert hold["weeks a buyer orders in"] > 1
    assert hold["users"] == pytest.approx(
        hold["users a week"] * weeks / hold["weeks a buyer orders in"]
    )
    assert hold["held back"] == pytest.approx(m02.HOLDBACK_SHARE * hold["users"])
    assert hold["half width"] == pytest.approx(
        funnels.holdback_half_width(hold["users"], m02.HOLDBACK_SHARE, hold["sd per user"])
    )
    # the gain per shopper is the period's, every phone shopper's gain over the unique shoppers
    assert hold["gain per user"] == pytest.approx(m02.rollout_per_week() * weeks / hold["users"])
    assert hold["cost"] == pytest.approx(m02.HOLDBACK_SHARE * m02.rollout_per_week() * weeks)
    assert hold["cost in contribution"] == pytest.approx(hold["cost"] * m02.online_margin_2025())
    text = " ".join(_lesson_text().split())
    assert (
        "a holdback will tell us where" not in text and "and shows where in the range" not in text
    )
    assert "cannot tell where in the range" in text
    # by shopper: an account, or a guest's checkout email (by account alone, guests fall outside)
    assert "assign the holdback by shopper" in text and "By account alone, guests" in text
    assert "shopper-weeks" not in text and "a shopper a week" not in text
    for fact in (
        "the holdback's cost in revenue",
        "the holdback's cost in contribution",
        "the holdback's margin of error",
    ):
        assert m02.FACTS[fact].render() in text, fact


def test_a_tablet_retest_is_sized_before_it_is_promised():
    from cmo_course.checks import m02_funnels as m02

    retest = m02.tablet_retest()
    # eight weeks find only a gain about twice the one worth finding; that one takes most of a year
    assert retest["detectable"] > 2 * m02.RETEST_GAIN
    assert retest["weeks needed"] > 26
    text = " ".join(_lesson_text().split())
    for fact in (
        "a tablet retest's detectable gain in 8 weeks",
        "tablet visitors a 2-point gain needs",
        "weeks a 2-point tablet test needs",
    ):
        assert m02.FACTS[fact].render() in text, fact
    assert "what running two checkouts costs" in text
    assert "until a bigger test says otherwise" not in text


def test_tablets_are_read_as_the_data_has_them_and_the_rollout_counts_nothing_from_them():
    from cmo_course.checks import m02_funnels as m02

    tablets = m02.checkout_device_test("tablet")
    on_tablets = m02.rollout_range("tablet")
    text = " ".join(_lesson_text().split())
    # the interval and the p-value agree: the range leaves out no gain exactly when p < 0.05
    assert (tablets["p"] < 0.05) == (on_tablets["low"] > 0)
    if tablets["p"] < 0.05:  # significant, on few visitors: said so, and not booked
        assert "clears the usual 5% bar, but only just" in text
        assert "not significant" not in text
    else:  # the range runs from a loss to a gain: said so, and not booked
        assert "not significant" in text
        assert m02.FACTS["tablets, the range's low end (a loss)"].render() in text
        assert "the test cannot tell a gain from a loss" in text
    # the roll-out's value is the phones' alone: it does not net the tablets in or out
    phones = m02.rollout_range("mobile")
    assert m02.FACTS["rolling out the new checkout, a year"].compute() == phones["estimate"]
    # the lesson and the model answer say which way the tablets went, as the data has it
    if tablets["new"] > tablets["old"]:
        assert "the new checkout did better" in text and "Tablets looked better" in text
        assert "Move them too" in text
    else:
        assert "the new checkout did *worse*" in text and "Tablets did worse" in text
        assert "Move them too" not in text
    assert "roll out on phones" in text and "count no gain from tablets" in text


def test_every_basis_keeps_the_email_the_lesson_says_and_the_lapsed_weekly_verdict_holds():
    from cmo_course.checks import m02_funnels as m02

    bases = m02.email_bases()
    text = " ".join(_lesson_text().split())
    kept = set(bases.idxmax())
    if kept == {"active"}:
        assert "here all four keep the same email: the one to active customers" in text
    else:
        assert "here all four keep the same email" not in text
    assert bases["incremental orders"].idxmax() == "active"
    weekly = m02.lapsed_weekly()
    # caused orders and unsubscribes are read on the same sends, the lapsed test emails
    tests = funnels.holdout_incremental_orders(m02.datasets.load("email_campaigns"))
    lapsed = tests[tests["segment"] == "lapsed"]
    assert weekly["orders"] == pytest.approx(
        lapsed["incremental_orders"].sum() / lapsed["sends"].sum() * 1000
    )
    assert weekly["unsubscribes"] == pytest.approx(
        lapsed["unsubscribes"].sum() / lapsed["sends"].sum() * 1000
    )
    # worked by hand: 0.0044 of an address unsubscribes at each of 52 sends
    assert 1 - (1 - 0.0044) ** 52 == pytest.approx(0.205, abs=0.001)
    assert weekly["lost a year"] == pytest.approx(
        1 - (1 - weekly["unsubscribes"] / 1000) ** weekly["sends a year"]
    )
    # a held-out address misses its email: an address gets fewer sends than there were emails
    assert weekly["sends a year"] < (m02.emails_2025()["segment"] == "lapsed").sum()
    # what an address earns before it leaves: contribution per send over the chance of leaving
    assert weekly["address value"] == pytest.approx(
        (weekly["contribution"] / 1000) / (weekly["unsubscribes"] / 1000)
    )
    assert "these figures cannot say that weekly is too often" in text


def test_revenue_at_stake_by_step_is_revenue_at_stake_at_each_step():
    events = pd.concat(
        [
            events_from_counts("a", "mobile", [100, 50, 5, 2, 1]),
            events_from_counts("b", "desktop", [100, 50, 10, 5, 4]),
        ]
    )
    by_step = funnels.revenue_at_stake_by_step(events, "device_category", "mobile", "desktop")
    assert list(by_step.index) == list(funnels.STEPS[1:])
    for step in funnels.STEPS[1:]:
        assert by_step[step] == pytest.approx(
            funnels.revenue_at_stake(events, "device_category", "mobile", "desktop", step=step)
        )
    assert by_step["add_to_cart"] == pytest.approx(100) and by_step["purchase"] == pytest.approx(60)


def test_repeat_rate_by_group_is_repeat_rate_of_each_group():
    customers = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D"],
            "first_order_date": pd.to_datetime(
                ["2024-01-10", "2024-06-01", "2024-03-01", "2023-05-01"]
            ),
            "acquisition_channel": ["email", "email", "paid_social", "email"],
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "B", "C", "D", "D"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-10",
                    "2024-12-01",
                    "2024-06-01",
                    "2025-07-01",
                    "2024-03-01",
                    "2023-05-01",
                    "2023-06-01",
                ]
            ),
        }
    )
    rates = funnels.repeat_rate_by(orders, customers, 2024)
    # email: A came back within a year, B after 13 months; paid social: C never; D is 2023's
    assert rates.to_dict() == {"email": 0.5, "paid_social": 0.0}
    for channel, rate in rates.items():
        group = customers[customers["acquisition_channel"] == channel]
        assert rate == funnels.repeat_rate(orders, group, 2024)


def _week_by_hand() -> pd.DataFrame:
    """The hand events, repeated with new users so a change can move the counts."""
    parts = []
    for copy_number in range(20):
        part = hand_events()
        part["user_pseudo_id"] = part["user_pseudo_id"] + f"-{copy_number}"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _counted_afresh(events: pd.DataFrame) -> pd.DataFrame:
    # object columns are never kept, so this is computed from scratch
    return events.astype(object).astype({"session_id": "int64", "value": "float64"})


def test_kept_session_counts_are_never_stale_after_a_frame_changes():
    events = _week_by_hand()
    funnels.funnel(events), funnels.step_rates_by(events, DEVICE)
    funnels.session_economics(events, DEVICE)

    def replace_a_name(frame):
        frame["event_name"] = frame["event_name"].replace("view_item", "purchase")

    def merge_sessions(frame):  # an integer key changed in place
        frame.loc[frame.index[:40], "session_id"] = 100

    def rename_users(frame):  # a text key changed in place
        frame.loc[frame.index[5:60], "user_pseudo_id"] = "u1-0"

    def move_devices(frame):
        frame.loc[frame.index[::3], DEVICE] = "tablet"

    changes = [replace_a_name, merge_sessions, rename_users, move_devices]
    for change in changes:
        change(events)
        fresh = _counted_afresh(events)
        pd.testing.assert_frame_equal(funnels.funnel(events), funnels.funnel(fresh))
        pd.testing.assert_frame_equal(
            funnels.step_rates_by(events, DEVICE), funnels.step_rates_by(fresh, DEVICE)
        )
        pd.testing.assert_frame_equal(
            funnels.session_economics(events, DEVICE), funnels.session_economics(fresh, DEVICE)
        )


def test_kept_session_counts_are_shared_by_copies_and_never_changed_by_a_caller():
    events = _week_by_hand()
    first = funnels.sessions_by_step(events)
    kept = len(funnels._KEPT)
    first.iloc[:] = 0  # a caller's change to its result stays its own
    again = funnels.sessions_by_step(events.copy())
    assert len(funnels._KEPT) == kept  # the copy found the counts kept for the original
    assert again.tolist() == [80, 60, 40, 20, 20]


def test_the_holdback_is_read_on_the_shoppers_who_begin_checkout_where_it_can_place_the_gain():
    # read on every phone shopper the holdback is about as wide as the roll-out's range, and a
    # gain near the range's low end could go unseen; read on the shoppers who begin checkout
    # (assignment comes first, so the comparison stays random) it is narrow enough to tell the
    # range's low end from its high end
    from cmo_course.checks import m02_funnels as m02

    hold, triggered, value = m02.holdback(), m02.triggered_holdback(), m02.rollout_range()
    assert hold["low per user"] < hold["half width"]  # the low end is within the noise
    assert triggered["half width"] < 0.5 * (value["difference_high"] - value["difference_low"])
    assert triggered["starters"] < hold["users"] and triggered["held back"] == pytest.approx(
        m02.HOLDBACK_SHARE * triggered["starters"]
    )
    text = " ".join(_lesson_text().split())
    assert "holdback confirms it is real" not in text and "will confirm the gain" not in text
    assert "a gain near the low end could go unseen" in text
    assert "read it on the shoppers the checkout can change" in text
    for fact in (
        "the triggered holdback: phone checkout starters over the period",
        "the triggered holdback: held back",
        "the triggered holdback: its margin in points",
        "the gain's low end, the holdback's bar",
    ):
        assert m02.FACTS[fact].render() in text, fact
    # the model answer's success bar is the holdback's difference, not an absolute rate
    assert "completion above" not in text and "less often than the rest" in text


def test_the_checkout_test_checks_its_trigger_before_reading_among_those_who_began():
    # completion is read among the visitors who began checkout; that is fair only if the version
    # did not change who begins (it cannot: the checkouts look alike until then), and the lesson
    # checks it on the data
    from cmo_course.checks import m02_funnels as m02

    began = m02.began_checkout()
    phones = m02.mobile()
    visitors = phones.groupby("checkout_version")["user_pseudo_id"].nunique()
    starters = m02.checkout_by_visitor("mobile")["visitors"]
    assert began["old"] == pytest.approx(starters["old"] / visitors["old"])
    assert began["new"] == pytest.approx(starters["new"] / visitors["new"])
    assert abs(began["z"]) < 1.96
    text = " ".join(_lesson_text().split())
    assert "Two checks before you trust it." in text
    for fact in (
        "began checkout, old checkout",
        "began checkout, new checkout",
        "began checkout, z",
    ):
        assert m02.FACTS[fact].render() in text, fact


def test_paid_socials_lifetime_value_is_the_lowest_of_module_01s_table_and_placed_against_video():
    """Section 11 says paid social's customers come back least (of every channel) and that their
    LTV was the lowest in Module 01's table, and says where paid video, which the table leaves
    out, stands against it. The table's channels are read from Module 01's own cell."""
    import nbformat

    from cmo_course import datasets, finance

    orders, customers = datasets.load("orders"), datasets.load("customers")
    rates = funnels.repeat_rate_by(orders, customers, 2024, "acquisition_channel")
    assert rates.idxmin() == "paid_social"
    lesson_01 = nbformat.read(ROOT / "solutions" / "01_finance" / "01_finance.ipynb", as_version=4)
    source = next(c.source for c in lesson_01.cells if c.get("id") == "s4-truth")
    table = re.findall(r'"([a-z_]+)",', source.split("for channel in [")[1].split("]")[0])
    assert "paid_social" in table and "paid_video" not in table

    def ltv(channel: str) -> float:
        curve = finance.cohort_contribution_curve(
            orders, customers, "2024-01-01", "2024-12-31", horizon_months=24, channels=[channel]
        )
        return float(curve["cumulative_contribution"].iloc[-1])

    values = {channel: ltv(channel) for channel in [*table, "paid_video"]}
    assert min(table, key=values.get) == "paid_social"
    text = " ".join(_cell("s11-after").split())
    assert "the lowest in Module 01's table of channels" in text
    if abs(values["paid_video"] / values["paid_social"] - 1) < 0.05:
        assert "about level with paid video's, which that table leaves out" in text
    elif values["paid_video"] < values["paid_social"]:
        assert "paid video, whose customers' is lower still" in text
    else:
        assert "below paid video's too" in text


def test_the_spam_rate_target_is_googles_not_its_ceiling():
    """Google's sender guidelines: keep the spam rate below 0.10% and never reach 0.30%. The
    lesson gives both, and does not call 0.3% the level to stay below."""
    text = " ".join(_cell("s10-keep-after").split())
    assert "below 0.1%" in text and "never to let it reach 0.3%" in text
    assert "below 0.3%" not in text


def test_the_checkout_test_checks_its_split_before_it_is_read():
    # the sample-ratio check: the lesson reads the test, so the split must not raise the alarm it
    # teaches (p below 0.001), and its figures are the data's
    from cmo_course.checks import m02_funnels as m02

    split = m02.assignment_split()
    phones = m02.mobile()
    assigned = phones.groupby("checkout_version")["user_pseudo_id"].nunique()
    assert (split["old"], split["new"]) == (assigned["old"], assigned["new"])
    n = assigned.sum()
    assert split["z"] == pytest.approx((assigned["old"] - n / 2) / math.sqrt(n / 4))
    assert split["p"] > 0.001, "the split would raise the sample-ratio alarm the lesson teaches"
    text = " ".join(_lesson_text().split())
    assert "sample ratio mismatch" in text and "below p = 0.001" in text
    for fact in (
        "the split, phone visitors on the old checkout",
        "the split, phone visitors on the new checkout",
        "the split's p-value",
    ):
        assert m02.FACTS[fact].render() in text, fact


def test_the_email_to_keep_is_also_the_one_that_caused_the_most_orders_over_the_year():
    # per 1,000 sends compares emails; the year's loss is the rate times the sends: the lapsed list
    # gets the most sends yet caused the fewest orders, as the lesson says
    from cmo_course.checks import m02_funnels as m02

    year = m02.caused_in_2025()
    assert year["sends"].idxmax() == "lapsed" and year["caused"].idxmin() == "lapsed"
    assert year["caused"].idxmax() == "active"
    text = " ".join(_lesson_text().split())
    assert "its weekly email caused the fewest orders over the year" in text
    for fact in ("2025 sends, lapsed", "caused in 2025, lapsed", "caused in 2025, active"):
        assert m02.FACTS[fact].render() in text, fact


def test_the_repeat_rate_is_set_against_apparels_and_the_lesson_says_to_check_it():
    """Section 11 after the exercise: 2024's new customers came back at a rate the lesson calls
    well above apparel's about 26% (Metrilo), as the data has it, and says to check it before
    leaning on the lifetime values built on it."""
    from cmo_course import datasets
    from cmo_course.checks import m02_funnels as m02

    rate = funnels.repeat_rate(datasets.load("orders"), datasets.load("customers"), 2024)
    assert rate > 0.26 + 0.05  # "well above"
    text = " ".join(_cell("s11-after").split())
    assert m02.FACTS["2024's new customers' repeat rate within a year"].render() in text
    assert "apparel's about 26%" in text and "check how the rate is counted" in text
