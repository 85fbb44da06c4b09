"""Funnel, test and email formulas against examples worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cmo_course import funnels
from cmo_course.checks.m02_funnels import hand_events
from cmo_course.validation import ColumnsError


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
