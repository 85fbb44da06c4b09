"""The unit-economics explorer reacts to every control, and the chart helpers label everything."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from cmo_course import finance, plots, widgets

BASE = finance.UnitEconomics(
    aov=105, contribution_margin=0.42, repeat_rate=0.05, monthly_churn=0.11, cac=59
)


def test_explorer_starts_from_the_base_case():
    explorer = widgets.unit_economics_explorer(BASE)
    assert np.allclose(explorer.figure.data[1].y, BASE.cash_curve())
    assert explorer.summary()["ltv_to_cac"] == pytest.approx(BASE.ltv_to_cac())
    assert f"{BASE.ltv_to_cac():.2f}x" in explorer.readout.value


@pytest.mark.parametrize(
    "control,value",
    [
        ("aov", 150),
        ("contribution_margin", 0.5),
        ("repeat_rate", 0.1),
        ("monthly_churn", 0.05),
        ("cac", 30),
        ("horizon_months", 36),
    ],
)
def test_every_control_moves_the_curve_and_the_numbers(control, value):
    explorer = widgets.unit_economics_explorer(BASE)
    before_curve, before_text = np.array(explorer.figure.data[1].y), explorer.readout.value
    explorer.controls[control].value = value  # as a learner dragging the slider
    after = np.array(explorer.figure.data[1].y)
    assert len(after) != len(before_curve) or not np.allclose(after, before_curve)
    assert explorer.readout.value != before_text
    assert np.allclose(explorer.figure.data[0].y, BASE.cash_curve()), (
        "the dashed starting point stays put"
    )


def test_explorer_numbers_agree_with_the_finance_model():
    explorer = widgets.unit_economics_explorer(BASE)
    explorer.set(cac=45, monthly_churn=0.08)
    model = finance.UnitEconomics(
        aov=105, contribution_margin=0.42, repeat_rate=0.05, monthly_churn=0.08, cac=45
    )
    summary = explorer.summary()
    assert summary["ltv"] == pytest.approx(model.ltv())
    assert summary["payback_month"] == model.payback_month()
    assert summary["trough"] == pytest.approx(model.cash_curve().min())


def test_reset_returns_to_the_data():
    explorer = widgets.unit_economics_explorer(BASE)
    explorer.set(aov=200, cac=10)
    explorer.reset_button.click()
    assert explorer.economics == BASE


def test_an_unknown_control_is_named():
    with pytest.raises(KeyError, match="price"):
        widgets.unit_economics_explorer(BASE).set(price=3)


def test_course_template_is_the_default_and_colour_blind_safe():
    assert "cmo" in pio.templates.default
    assert pio.templates["cmo"].layout.colorway[:3] == ("#0072B2", "#E69F00", "#009E73")


@pytest.mark.parametrize(
    "make",
    [
        lambda: plots.bar(pd.Series({"a": 1.0}), "T", "Takeaway.", "X (unit)", "Y (unit)"),
        lambda: plots.grouped_bar(
            pd.DataFrame({"a": [1.0]}, index=["x"]), "T", "Takeaway.", "X", "Y"
        ),
        lambda: plots.lines(pd.DataFrame({"a": [1.0, 2.0]}), "T", "Takeaway.", "X", "Y"),
        lambda: plots.waterfall(
            pd.Series({"Sales": 10.0, "- Costs": 4.0, "= Profit": 6.0}), "T", "Takeaway."
        ),
        lambda: plots.cash_curve([-5.0, -2.0, 1.0], "T", "Takeaway."),
    ],
    ids=["bar", "grouped_bar", "lines", "waterfall", "cash_curve"],
)
def test_every_chart_helper_sets_title_takeaway_and_axis_titles(make):
    layout = make().layout
    assert layout.title.text and layout.title.subtitle.text
    assert layout.xaxis.title.text and layout.yaxis.title.text


def test_money_is_written_the_way_people_write_it():
    assert plots.money(-32964.4) == "-$32,964" and plots.money(1234.5, 2) == "$1,234.50"


def test_labels_read_like_names():
    assert plots.label("tiktok") == "TikTok" and plots.label("paid_social") == "Paid social"


def test_funnel_explorer_starts_at_the_data_and_values_a_what_if():
    from cmo_course import datasets, funnels

    events = datasets.load("web_events")
    explorer = widgets.funnel_explorer(events)
    assert explorer.summary()["extra_revenue_per_week"] == pytest.approx(0, abs=1e-6)
    assert list(explorer.figure.data[0].x) == funnels.sessions_by_step(events).tolist()
    explorer.pickers["device_category"].value = "mobile"  # a learner picks a segment
    mobile = events[events["device_category"] == "mobile"]
    assert explorer.summary()["purchases"] == funnels.sessions_by_step(mobile)["purchase"]
    desktop_rate = funnels.step_rates_by(events, "device_category").loc["desktop", "purchase"]
    explorer.sliders["purchase"].value = desktop_rate  # and drags the purchase step to desktop's
    expected = funnels.revenue_at_stake(events, "device_category", "mobile", "desktop")
    assert explorer.summary()["extra_revenue_per_week"] == pytest.approx(expected, rel=0.01)
    assert (
        "a week" in explorer.readout.value
        and np.array(explorer.figure.data[1].x)[-1] > explorer.summary()["purchases"]
    )
    explorer.reset()  # the same what-if at an earlier step: add to cart as desktop does
    explorer.set(
        add_to_cart=funnels.step_rates_by(events, "device_category").loc["desktop", "add_to_cart"]
    )
    expected = funnels.revenue_at_stake(
        events, "device_category", "mobile", "desktop", step="add_to_cart"
    )
    assert explorer.summary()["extra_revenue_per_week"] == pytest.approx(expected, rel=0.01)


def test_funnel_explorer_reset_and_unknown_step():
    from cmo_course import datasets

    explorer = widgets.funnel_explorer(datasets.load("web_events"))
    explorer.set(add_to_cart=0.2)
    assert explorer.summary()["extra_revenue_per_week"] > 0
    explorer.reset_button.click()
    assert explorer.summary()["extra_revenue_per_week"] == pytest.approx(0, abs=1e-6)
    with pytest.raises(KeyError, match="checkout"):
        explorer.set(checkout=0.5)
