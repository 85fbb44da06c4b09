"""The unit-economics explorer reacts to every control, and the chart helpers label everything."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from cmo_course import finance, plots, widgets

# about the paid customer the ads truly caused in 2025 (module 01, Section 10)
BASE = finance.UnitEconomics(
    aov=105, contribution_margin=0.42, repeat_rate=0.06, monthly_churn=0.1, cac=66
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
    model = dataclasses.replace(BASE, monthly_churn=0.08, cac=45)
    summary = explorer.summary()
    assert summary["ltv"] == pytest.approx(model.ltv())
    assert summary["payback_month"] == model.payback_month()
    assert summary["trough"] == pytest.approx(model.cash_curve().min())
    assert summary["trough"] < 0
    # a negative amount reads as a person writes it: -$21.10, never $-21.10
    assert plots.money(summary["trough"], 2) in explorer.readout.value
    assert "$-" not in explorer.readout.value


def test_reset_returns_to_the_data():
    explorer = widgets.unit_economics_explorer(BASE)
    explorer.set(aov=200, cac=10)
    explorer.reset_button.click()
    assert explorer.economics == BASE


def test_module_01_demo_starts_from_the_customers_the_ads_truly_caused():
    """The facilitator's explorer prices a paid customer at the incremental CAC (consumer
    platforms' spend over the customers they truly caused), which last click understates."""
    from cmo_course.checks import m01_finance

    explorer = m01_finance.unit_economics_explorer()
    assert explorer.economics.cac == pytest.approx(m01_finance.incremental_paid_cac())
    assert explorer.economics.cac > m01_finance.paid_cac()
    assert explorer.summary()["ltv_to_cac"] < m01_finance.paid_ltv() / m01_finance.paid_cac()


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


def test_a_funnel_shows_what_its_bars_measure_without_misleading_ticks():
    # plotly.js hides a funnel's value axis (its title too); its ticks would run -n to n
    layout = plots.funnel(pd.Series({"view": 100.0, "buy": 10.0}), "T", "Takeaway.").layout
    assert layout.xaxis.visible is True and layout.xaxis.title.text == "Sessions"
    assert layout.xaxis.showticklabels is False


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


def test_funnel_explorer_with_the_online_margin_values_a_what_if_in_contribution():
    from cmo_course import datasets

    events = datasets.load("web_events")
    explorer = widgets.funnel_explorer(events, margin=0.345)
    assert "extra_contribution_per_year" not in widgets.funnel_explorer(events).summary()
    explorer.set(add_to_cart=0.2)
    summary = explorer.summary()
    assert summary["extra_contribution_per_year"] == pytest.approx(
        summary["extra_revenue_per_week"] * 52 * 0.345
    )
    assert "of contribution at the online margin (34.5%)" in explorer.readout.value


def test_funnel_explorer_turns_the_week_into_a_year_on_the_weeks_it_is_given():
    from cmo_course import datasets, funnels

    events = datasets.load("web_events")
    orders = datasets.load("orders")
    weeks = funnels.seasonal_weeks(orders, events["event_date"].min(), events["event_date"].max())
    assert weeks != pytest.approx(52, abs=0.5)  # the test week is not an average week
    plain = widgets.funnel_explorer(events)
    seasonal = widgets.funnel_explorer(events, weeks_per_year=weeks)
    for explorer in (plain, seasonal):
        explorer.set(add_to_cart=0.2)
    assert plain.summary()["extra_revenue_per_year"] == pytest.approx(
        plain.summary()["extra_revenue_per_week"] * 52
    )
    assert seasonal.summary()["extra_revenue_per_year"] == pytest.approx(
        seasonal.summary()["extra_revenue_per_week"] * weeks
    )


def allocator():
    from cmo_course import datasets, media

    # the consumer platforms (LinkedIn's budget buys gifting leads, judged on its pipeline)
    curves = [
        c for c in media.curves_from(datasets.truth("paid_media_daily")) if c.name != "linkedin"
    ]
    start = media.daily_spend(datasets.load("paid_media_daily"), 2025).drop("linkedin")
    return widgets.budget_allocator(curves, start), curves, start


def test_budget_allocator_starts_at_2025_and_keeps_the_total_when_a_slider_moves():
    explorer, curves, start = allocator()
    assert explorer.spend() == pytest.approx(start.to_dict())
    meta = next(c for c in curves if c.name == "meta")
    bars = np.array(explorer.figure.data[0].y)
    assert bars[explorer.names.index("meta")] == pytest.approx(
        float(meta.marginal_return(start["meta"])), abs=1e-3
    ), "the bars are marginal returns (two-year contribution of the next dollar)"
    before = dict(explorer.spend())
    explorer.sliders["meta"].value = before["meta"] + 40  # a learner drags Meta up
    after = explorer.spend()
    assert sum(after.values()) == pytest.approx(start.sum())
    assert after["meta"] == pytest.approx(before["meta"] + 40)
    others = [n for n in after if n != "meta"]
    shares_before = np.array([before[n] for n in others]) / sum(before[n] for n in others)
    shares_after = np.array([after[n] for n in others]) / sum(after[n] for n in others)
    assert shares_after == pytest.approx(shares_before), "the others make room in proportion"
    bars = np.array(explorer.figure.data[0].y)
    assert bars[explorer.names.index("meta")] < float(meta.marginal_return(before["meta"]))


def test_budget_allocator_draws_break_even_at_one():
    explorer, _, _ = allocator()
    lines = [s for s in explorer.figure.layout.shapes if s.type == "line"]
    assert any(s.y0 == 1.0 and s.y1 == 1.0 for s in lines), "a break-even line at a return of 1"


def test_budget_allocator_best_split_equalises_marginal_returns_and_closes_the_gap():
    explorer, curves, start = allocator()
    assert explorer.summary()["gap_to_best_per_year"] > 0
    explorer.best_button.click()
    summary = explorer.summary()
    assert summary["gap_to_best_per_year"] == pytest.approx(0, abs=1e-6)
    plan = summary["plan"]
    # each channel stays within 50% of 2025, where its curve was measured
    ratio = plan["spend"] / start.reindex(plan.index)
    assert ratio.min() >= 0.5 - 1e-6 and ratio.max() <= 1.5 + 1e-6
    # the channels no bound holds share one marginal return; a channel held at its upper bound
    # earns more at the margin (it would take more money), one at its lower bound less
    free = (ratio > 0.5 + 1e-6) & (ratio < 1.5 - 1e-6)
    level = plan.loc[free, "marginal_return"]
    assert free.sum() >= 2 and level.max() - level.min() < 1e-3
    assert (plan.loc[ratio >= 1.5 - 1e-6, "marginal_return"] > level.max()).all()
    assert (plan.loc[ratio <= 0.5 + 1e-6, "marginal_return"] < level.min()).all()
    assert "Left on the table vs the best split within 50%" in explorer.readout.value
    explorer.reset_button.click()
    assert explorer.spend() == pytest.approx(start.to_dict())
    with pytest.raises(KeyError, match="No channel called"):
        explorer.set(snapchat=10)


def test_budget_allocator_gap_is_the_lessons_figure_and_no_bounds_is_told_apart():
    from cmo_course.checks import m03_paid_media as m03

    explorer = widgets.budget_allocator(m03.curves(), m03.spend_2025())
    # at 2025's split the panel's gap is Exercise 3.11's answer: one best split in the module
    assert explorer.summary()["gap_to_best_per_year"] == pytest.approx(m03.reallocation_gain())
    explorer.unbounded_button.click()
    beyond = -explorer.summary()["gap_to_best_per_year"]
    assert beyond > 0, "with no bounds the curves promise more than the bounded best split"
    assert beyond == pytest.approx(m03.reallocation_gain(bounded=False) - m03.reallocation_gain())
    assert "never measured: test first" in explorer.readout.value
    assert "Left on the table" not in explorer.readout.value
    with pytest.raises(ValueError, match="bound is a share"):
        widgets.budget_allocator(m03.curves(), m03.spend_2025(), bound=0)


def test_budget_allocator_profit_is_two_year_contribution_after_spend():
    explorer, _, _ = allocator()
    s = explorer.summary()
    assert s["incremental_profit_per_year"] == pytest.approx(
        s["incremental_contribution_per_year"] - s["spend_per_year"]
    )
    assert s["spend_per_year"] == pytest.approx(float(s["plan"]["spend"].sum()) * 365)


def test_explorer_figures_carry_the_takeaway_under_the_title():
    from cmo_course import datasets

    explorer = widgets.funnel_explorer(datasets.load("web_events"))
    title = explorer.figure.layout.title
    assert "<br>" in title.text and "this week's data" in title.text and not title.subtitle.text


def test_an_explorer_syncs_its_figure_when_shown_so_late_views_draw_it_titled_and_full():
    # plotly sends a FigureWidget's later changes as messages; a page that builds its views
    # after the notebook ran (Voila) reads only the synced state
    explorer = widgets.flight_planner(adults=1_000_000, cost_per_point=50.0, theta=0.5)
    assert not explorer.figure._widget_layout.get("title")
    explorer._ipython_display_()
    assert "Flight planner" in explorer.figure._widget_layout["title"]["text"]
    synced = explorer.figure._widget_data[1]["y"]
    assert list(synced) == list(explorer.figure.data[1].y) and max(synced) > 0


def test_every_demo_builds_the_explorer_its_module_shows():
    from cmo_course.instructor import explore

    for module in explore.modules_with_explorers():
        demos = explore.demos(module)
        notebook = explore.notebook(module)
        code = [c.source for c in notebook.cells if c.cell_type == "code"]
        assert code == [
            f"from cmo_course.instructor import explore\n\nexplore.show({module!r}, {n})"
            for n in range(len(demos))
        ]
        for demo in demos:
            built = demo.build()
            assert isinstance(built, widgets.Explorer) and built.summary()
    with pytest.raises(KeyError, match="06_capstone has no explorers to show. Modules with"):
        explore.demos("06_capstone")


def test_a_chart_does_not_import_the_widget_machinery():
    import subprocess
    import sys

    code = (
        "import sys, pandas as pd\n"
        "from cmo_course import plots\n"
        "plots.bar(pd.Series({'a': 1.0}), 'T', 'K', 'x', 'y')\n"
        "print('anywidget' in sys.modules, 'ipywidgets' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"], "a plain chart should stay cheap to draw"


def test_flight_planner_redraws_the_pressure_and_the_numbers_when_a_control_moves():
    from cmo_course import offline

    planner = widgets.flight_planner(adults=320_000, cost_per_point=58.0, theta=0.75)
    start = offline.plan_flight(100, 4, 0.75, 58.0)
    assert np.allclose(planner.figure.data[1].y, start.pressure.round(1))
    assert "400 GRPs" in planner.readout.value and "$23,200" in planner.readout.value
    # reach from the planners' curve, with the at-random ceiling beside it
    assert f"{offline.reach_curve(400):.0%} of adults" in planner.readout.value
    assert f"at most {offline.reach_from_impressions(4):.0%}" in planner.readout.value
    planner.controls["weekly_grps"].value = 50  # as a learner dragging the slider
    assert "200 GRPs" in planner.readout.value and max(planner.figure.data[0].y) == 50
    before = list(planner.figure.data[1].y)
    planner.set(theta=0.3)
    assert planner.figure.data[1].y != before and planner.figure.data[1].y[4] < before[4]
    planner.set(weeks=8)
    assert planner.summary().share_after < start.share_after
    planner.reset_button.click()
    assert np.allclose(planner.figure.data[1].y, start.pressure.round(1))
    with pytest.raises(KeyError, match="control"):
        planner.set(budget=1)


def test_flight_planner_adds_the_spot_to_the_cost_of_airtime():
    planner = widgets.flight_planner(320_000, 58.0, 0.75, production=40_000)
    assert "$23,200 of airtime" in planner.readout.value
    assert "$40,000 to make the spot: $63,200" in planner.readout.value
    planner.set(weekly_grps=0)  # no flight, no spot
    assert "to make the spot" not in planner.readout.value


def test_geo_test_designer_moves_power_with_zones_weeks_and_lift():
    from cmo_course import offline

    designer = widgets.geo_test_designer(market_cv=1.4, weeks_before=52)
    power = offline.geo_test_power(0.4, 20, 20, 52, 13, 1.4)
    assert designer.summary()["power"] == pytest.approx(power)
    assert f"{power:.0%}" in designer.readout.value and "against zero" in designer.readout.value
    assert designer.figure.data[1].y[0] == pytest.approx(round(power * 100, 2))
    designer.set(zones=5)
    assert designer.summary()["power"] < power and designer.summary()[
        "mde"
    ] > offline.minimum_detectable_lift(20, 20, 52, 13, 1.4)
    designer.set(zones=20, weeks=26)
    assert designer.summary()["power"] > power
    curve = np.array(designer.figure.data[0].y)
    assert np.all(np.diff(curve) >= -1e-9), "power grows with the true lift"
    designer.controls["lift"].value = 0.1
    assert designer.figure.data[1].x == (10.0,)


def test_geo_test_designer_measures_power_from_the_bar():
    from cmo_course import offline

    designer = widgets.geo_test_designer(
        market_cv=0.5, weeks_before=52, weeks=12, lift=1.2, bar=3.8
    )
    summary = designer.summary()
    # the lift is below the bar: the test cannot show it pays, however well it tells it from zero
    assert summary["power"] == pytest.approx(
        offline.geo_test_power(1.2, 20, 20, 52, 12, 0.5, bar=3.8)
    )
    assert summary["power"] < 0.01 < 0.99 < offline.geo_test_power(1.2, 20, 20, 52, 12, 0.5)
    assert summary["mde"] == pytest.approx(
        offline.minimum_detectable_lift(20, 20, 52, 12, 0.5, bar=3.8)
    )
    assert summary["mde"] > 3.8 > summary["mde_against_zero"]
    assert "a bar of 380%" in designer.readout.value
    assert max(designer.figure.data[0].x) > 380 and designer.figure.data[3].x == (380.0, 380.0)
    designer.set(bar=0)
    assert designer.summary()["power"] > 0.99 and "against zero" in designer.readout.value


def test_module_04_explorers_carry_their_takeaway_under_the_title():
    for explorer in (widgets.flight_planner(320_000, 58.0, 0.75), widgets.geo_test_designer(1.4)):
        title = explorer.figure.layout.title.text
        assert (
            "<br>" in title
            and explorer.figure.layout.xaxis.title.text
            and explorer.figure.layout.yaxis.title.text
        )


def test_plan_builder_redraws_spend_revenue_and_gap_when_a_lever_moves():
    from cmo_course import planning

    model = planning.course_model()
    budget = float(model.last_year_spend.to_numpy().sum())
    builder = widgets.plan_builder(model, budget)
    # the best split leaves TV out, as the lesson's plan does (its airtime does not earn back
    # its production); the full model evaluates it
    best = model.evaluate(model.without("tv").best_plan(budget))
    assert builder.plan()["tv"].sum() == 0
    assert sum(builder.figure.data[0].y) + sum(builder.figure.data[1].y) == pytest.approx(
        budget, abs=0.5
    )
    assert builder.summary()["two_year_contribution"] == pytest.approx(
        best["two_year_contribution"]
    )
    assert plots.money(abs(best["gap"])) in builder.readout.value
    assert plots.money(best["profit"]) in builder.readout.value
    builder.controls["budget"].value = 2_000_000  # as a learner dragging the slider
    assert sum(builder.figure.data[0].y) + sum(builder.figure.data[1].y) == pytest.approx(
        2_000_000, abs=0.5
    )
    smaller = builder.summary()
    assert smaller["marginal_return"] > best["marginal_return"].min() - 1e-9
    # a scenario changes what the world does to the same plan, not the plan
    builder.set(scenario="downside")
    downside = builder.summary()
    assert downside["spend"] == pytest.approx(2_000_000)
    assert downside["gap"] > smaller["gap"] and downside["profit"] < smaller["profit"]
    # last year's split of the same money buys less
    builder.set(split="last year", scenario="base")
    assert builder.summary()["two_year_contribution"] < smaller["two_year_contribution"]
    builder.reset_button.click()
    assert builder.summary()["profit"] == pytest.approx(best["profit"])
    assert "<br>" in builder.figure.layout.title.text and builder.figure.layout.yaxis2.title.text


def test_dollar_signs_in_chart_text_are_not_read_as_latex():
    # plotly.js treats text between two dollar signs as LaTeX and, without MathJax, draws nothing
    fig = plots.bar(
        pd.Series({"a": 1.0}), "From $5 to $8", "Gap: $3 on $5", "Cost ($)", "Value ($)"
    )
    layout = fig.layout
    for text in (
        layout.title.text,
        layout.title.subtitle.text,
        layout.xaxis.title.text,
        layout.yaxis.title.text,
    ):
        assert "$" not in text and "&#36;" in text
    assert layout.title.text == "From &#36;5 to &#36;8"


def test_a_static_chart_refuses_a_takeaway_longer_than_one_line():
    # counted as shown: the escaped dollar is one character, the tags none
    fits = "$" * plots.TAKEAWAY_MAX_CHARS
    assert plots.shown_length(plots.plotly_text(fits)) == plots.TAKEAWAY_MAX_CHARS
    plots.bar(pd.Series([1.0, 2.0], index=["a", "b"]), "Title", fits, "x ($)", "y ($)")
    with pytest.raises(ValueError, match="161 characters; one line under the title holds 160"):
        plots.bar(pd.Series([1.0, 2.0], index=["a", "b"]), "Title", fits + "!", "x ($)", "y ($)")


def test_plan_builder_at_no_budget_shows_no_next_dollar_return_not_nan():
    from cmo_course import planning

    builder = widgets.plan_builder(planning.course_model(), 1_000_000)
    builder.controls["budget"].value = 0
    assert "nan" not in builder.readout.value
    assert "no paid media" in builder.readout.value


def test_the_plan_builders_next_dollar_reads_as_paying_only_above_one():
    from cmo_course.widgets.plan_builder import _next_dollar_words

    assert "lose money" in _next_dollar_words(0.60)
    assert "still pay" in _next_dollar_words(1.2)
    assert "break-even" in _next_dollar_words(1.001)


def test_a_lesson_kernel_draws_its_first_chart_without_compiling_the_iri_grammars():
    """In a real kernel, the first chart no longer imports rfc3987-syntax (about 1.5 s of
    grammars, measured in benchmarks/notebook_floor.py), jsonschema still validates a notebook
    there, and a process that is not a kernel keeps jsonschema's IRI check."""
    import subprocess
    import sys

    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(source)
        for source in (
            "import sys\nfrom cmo_course import plots\nimport pandas as pd",
            "plots.bar(pd.Series([1.0, 2.0], index=['a', 'b']), 'T', 'Takeaway.', 'x', 'y').show()",
            "import nbformat\nnbformat.validate(nbformat.v4.new_notebook())\n"
            "print('validated', 'rfc3987_syntax' in sys.modules)",
        )
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert "validated False" in printed
    assert any(
        "application/vnd.plotly.v1+json" in o.get("data", {}) for o in notebook.cells[1].outputs
    )
    outside = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cmo_course.plots, jsonschema, sys; print('rfc3987_syntax' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert outside.stdout.strip() == "True"
