"""Interactive explorers: ipywidgets controls wired to the domain models and a plotly FigureWidget.

The computation lives in the domain modules (``finance``); a widget only reads its controls,
asks the model, and redraws. Every explorer can be driven from code too (``set(...)``), which
is how the tests move its controls.
"""

from __future__ import annotations

from dataclasses import asdict, replace

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from cmo_course import plots
from cmo_course.finance import UnitEconomics

_RULE_LTV_CAC = 3.0
_RULE_PAYBACK = 12


def sync_figure(figure: go.FigureWidget) -> None:
    """Make a FigureWidget's synced state its current state.

    plotly sends changes made after a FigureWidget is created (a title, an explorer's first
    redraw) as messages, and syncs its full state only when the figure is displayed on its own.
    Inside a box, a page that builds its views after the notebook has run (Voila) would draw
    the figure as it was created: untitled and empty.
    """
    from copy import deepcopy

    figure._widget_layout = deepcopy(figure._layout_obj._props)
    figure._widget_data = deepcopy(figure._data)


class _Explorer:
    """What every explorer shares: controls that can be set from code with one redraw at the
    end, and display in a notebook. A subclass names its controls and how to redraw."""

    control_name = "control"
    _syncing = False

    def _controls(self) -> dict:
        raise NotImplementedError

    def update(self) -> None:
        raise NotImplementedError

    def set(self, **values: float) -> None:
        """Move controls from code, e.g. ``explorer.set(purchase=0.74)``; redraws once."""
        controls = self._controls()
        unknown = set(values) - set(controls)
        if unknown:
            raise KeyError(
                f"No {self.control_name} called {sorted(unknown)}; "
                f"{self.control_name}s: {sorted(controls)}."
            )
        self._syncing = True
        try:
            for name, value in values.items():
                numeric = not isinstance(controls[name], w.Dropdown | w.ToggleButtons)
                controls[name].value = float(value) if numeric else value
        finally:
            self._syncing = False
        self.update()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        sync_figure(self.figure)
        display(self.widget)

    def _assemble(self) -> None:
        """Redraw when any control moves, add a button back to ``self.start``, and lay out the
        controls and the button beside ``self.readout``, above ``self.figure``."""
        controls = list(self._controls().values())
        self.reset_button = w.Button(description="Back to the start", icon="undo")
        self.reset_button.on_click(lambda _: self.set(**self.start))
        for control in controls:
            control.observe(lambda _change: self.update(), names="value")
        self.widget = w.VBox(
            [w.HBox([w.VBox([*controls, self.reset_button]), self.readout]), self.figure]
        )


class UnitEconomicsExplorer(_Explorer):
    """Move AOV, margin, repeat rate, churn, CAC and the horizon; watch LTV:CAC, payback and the
    cash curve of one acquired customer change, against the starting point (dashed)."""

    def _controls(self) -> dict:
        return self.controls

    def __init__(self, base: UnitEconomics, title: str = "Unit economics of one new customer"):
        self.base = base
        style = {"description_width": "170px"}
        layout = w.Layout(width="460px")
        self.controls = {
            "aov": w.FloatSlider(
                value=base.aov,
                min=40,
                max=300,
                step=1,
                description="Net revenue per order ($)",
                readout_format=".0f",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "contribution_margin": w.FloatSlider(
                value=base.contribution_margin,
                min=0.1,
                max=0.7,
                step=0.01,
                description="Contribution margin",
                readout_format=".0%",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "repeat_rate": w.FloatSlider(
                value=base.repeat_rate,
                min=0.0,
                max=0.25,
                step=0.002,
                description="Monthly repeat rate",
                readout_format=".1%",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "monthly_churn": w.FloatSlider(
                value=base.monthly_churn,
                min=0.01,
                max=0.4,
                step=0.005,
                description="Monthly churn",
                readout_format=".1%",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "cac": w.FloatSlider(
                value=base.cac,
                min=5,
                max=200,
                step=1,
                description="CAC ($)",
                readout_format=".0f",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "horizon_months": w.IntSlider(
                value=base.horizon_months,
                min=3,
                max=48,
                step=1,
                description="Horizon (months)",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
        }
        self.reset_button = w.Button(description="Back to the data", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.readout = w.HTML()
        base_curve = base.cash_curve()
        self.figure = go.FigureWidget(
            data=[
                go.Scatter(
                    x=np.arange(len(base_curve)),
                    y=base_curve,
                    name="starting point",
                    mode="lines",
                    line=dict(color=plots.MUTED, dash="dash"),
                ),
                go.Scatter(
                    x=np.arange(len(base_curve)),
                    y=base_curve,
                    name="your scenario",
                    mode="lines+markers",
                    line=dict(color=plots.NEUTRAL, width=3),
                ),
            ]
        )
        plots.finish(
            self.figure,
            title,
            "Cumulative cash of one customer: -CAC, then each month's contribution.",
            "Months since the first order",
            "Cumulative cash per customer ($)",
            widget=True,
        )
        self.figure.add_hline(y=0, line=dict(color=plots.MUTED, width=1))
        self.figure.update_yaxes(tickprefix="$", tickformat=",.0f")
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.widget = w.VBox(
            [
                w.HBox([w.VBox(list(self.controls.values()) + [self.reset_button]), self.readout]),
                self.figure,
            ]
        )
        self.update()

    # -- state --------------------------------------------------------------------------

    @property
    def economics(self) -> UnitEconomics:
        values = {name: control.value for name, control in self.controls.items()}
        values["horizon_months"] = int(values["horizon_months"])
        return replace(self.base, **values)

    def reset(self) -> None:
        self.set(**{k: v for k, v in asdict(self.base).items() if k in self.controls})

    # -- drawing ------------------------------------------------------------------------

    def _changed(self, change) -> None:
        self.update()

    def summary(self) -> dict:
        """The numbers the readout shows, for the current controls."""
        econ = self.economics
        curve = econ.cash_curve()
        return {
            "ltv": econ.ltv(),
            "ltv_to_cac": econ.ltv_to_cac(),
            "payback_month": econ.payback_month(),
            "trough": float(curve.min()),
        }

    def update(self) -> None:
        if self._syncing:
            return
        econ = self.economics
        curve = econ.cash_curve()
        base_curve = self.base.cash_curve()
        with self.figure.batch_update():
            self.figure.data[0].x = np.arange(len(base_curve))
            self.figure.data[0].y = base_curve
            self.figure.data[1].x = np.arange(len(curve))
            self.figure.data[1].y = curve
        numbers = self.summary()
        ratio = numbers["ltv_to_cac"]
        payback = numbers["payback_month"]
        ratio_colour = plots.POSITIVE if ratio >= _RULE_LTV_CAC else plots.NEGATIVE
        if payback is None:
            payback_text = f"not within {econ.horizon_months} months"
            payback_colour = plots.NEGATIVE
        else:
            payback_text = f"month {payback}"
            payback_colour = plots.POSITIVE if payback < _RULE_PAYBACK else plots.NEGATIVE
        self.readout.value = (
            "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
            f"<b>LTV ({econ.horizon_months} months):</b> ${numbers['ltv']:,.2f}<br>"
            f"<b>LTV : CAC:</b> <span style='color:{ratio_colour}'>{ratio:.2f}x</span> "
            f"<small>(rule of thumb: 3x or more)</small><br>"
            f"<b>Payback:</b> <span style='color:{payback_colour}'>{payback_text}</span> "
            f"<small>(rule of thumb: under 12 months)</small><br>"
            f"<b>Cash trough per customer:</b> ${numbers['trough']:,.2f}"
            "</div>"
        )


def unit_economics_explorer(base: UnitEconomics) -> UnitEconomicsExplorer:
    """The unit-economics explorer of module 01, starting from ``base``."""
    return UnitEconomicsExplorer(base)


class FunnelExplorer(_Explorer):
    """Pick a segment (device, traffic medium, checkout) and set what-if step rates; watch the
    funnel and the revenue at stake change against what the week's data shows."""

    ALL = "all"
    control_name = "step"

    def _controls(self) -> dict:
        return self.sliders

    def __init__(self, events, title: str = "The online store's funnel, one week"):
        from cmo_course import funnels

        self._funnels = funnels
        self.events = events
        self._observed: dict[tuple, dict] = {}
        self.weeks_per_year = 52
        style = {"description_width": "140px"}
        self.pickers = {
            "device_category": w.Dropdown(
                options=[self.ALL, *sorted(events["device_category"].unique())],
                description="Device",
                style=style,
            ),
            "session_medium": w.Dropdown(
                options=[self.ALL, *sorted(events["session_medium"].unique())],
                description="Medium",
                style=style,
            ),
            "checkout_version": w.Dropdown(
                options=[self.ALL, *sorted(events["checkout_version"].unique())],
                description="Checkout",
                style=style,
            ),
        }
        self.sliders = {
            step: w.FloatSlider(
                value=0.5,
                min=0.0,
                max=1.0,
                step=0.005,
                readout_format=".1%",
                description=f"→ {step}",
                style=style,
                layout=w.Layout(width="420px"),
                continuous_update=False,
            )
            for step in funnels.STEPS[1:]
        }
        self.reset_button = w.Button(description="Back to the data", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.readout = w.HTML()
        self.figure = go.FigureWidget(
            data=[
                go.Funnel(
                    name="this week",
                    y=list(funnels.STEPS),
                    x=[0] * 5,
                    marker_color=plots.MUTED,
                    textinfo="value+percent initial",
                ),
                go.Funnel(
                    name="what if",
                    y=list(funnels.STEPS),
                    x=[0] * 5,
                    marker_color=plots.NEUTRAL,
                    textinfo="value+percent initial",
                ),
            ]
        )
        plots.finish(
            self.figure,
            title,
            "Sessions reaching each step: this week's data (grey) and your what-if (blue).",
            "Sessions",
            "Step",
            widget=True,
        )
        plots.show_funnel_axis_title(self.figure)
        self._syncing = False
        for picker in self.pickers.values():
            picker.observe(lambda _: self.reset(), names="value")
        for slider in self.sliders.values():
            slider.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox(
                            list(self.pickers.values())
                            + list(self.sliders.values())
                            + [self.reset_button]
                        ),
                        self.readout,
                    ]
                ),
                self.figure,
            ]
        )
        self.reset()

    def segment(self):
        frame = self.events
        for column, picker in self.pickers.items():
            if picker.value != self.ALL:
                frame = frame[frame[column] == picker.value]
        return frame

    def observed(self) -> dict:
        """The segment's funnel and economics as the data shows them (computed once per
        segment: a slider move only redoes the what-if arithmetic)."""
        key = tuple(picker.value for picker in self.pickers.values())
        if key not in self._observed:
            part = self.segment()
            table = self._funnels.funnel(part)
            economics = self._funnels.session_economics(part).iloc[0]
            self._observed[key] = {
                "funnel": table,
                "aov": float(economics["average_order_value"]),
                "revenue": float(economics["revenue"]),
            }
        return self._observed[key]

    def reset(self) -> None:
        observed = self.observed()["funnel"]["step_rate"]
        self._syncing = True
        for step, slider in self.sliders.items():
            slider.value = float(0 if np.isnan(observed[step]) else observed[step])
        self._syncing = False
        self.update()

    def summary(self) -> dict:
        """This week's and the what-if's purchases and revenue, and the difference a year."""
        observed = self.observed()
        table = observed["funnel"]
        started = float(table["sessions"].iloc[0])
        rates = np.array([self.sliders[s].value for s in self._funnels.STEPS[1:]])
        what_if = started * np.concatenate([[1.0], np.cumprod(rates)])
        aov = observed["aov"] if observed["aov"] == observed["aov"] else 0.0
        extra_revenue = (what_if[-1] - table["sessions"].iloc[-1]) * aov
        return {
            "sessions": table["sessions"].to_numpy(dtype=float),
            "what_if_sessions": what_if,
            "purchases": float(table["sessions"].iloc[-1]),
            "what_if_purchases": float(what_if[-1]),
            "extra_revenue_per_week": float(extra_revenue),
            "extra_revenue_per_year": float(extra_revenue * self.weeks_per_year),
        }

    def update(self) -> None:
        if self._syncing:
            return
        numbers = self.summary()
        with self.figure.batch_update():
            self.figure.data[0].x = numbers["sessions"]
            self.figure.data[1].x = np.round(numbers["what_if_sessions"], 1)
        extra = numbers["extra_revenue_per_week"]
        colour = (
            plots.NEUTRAL if abs(extra) < 0.5 else plots.POSITIVE if extra > 0 else plots.NEGATIVE
        )
        self.readout.value = (
            "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
            f"<b>Purchases this week:</b> {numbers['purchases']:,.0f}<br>"
            f"<b>What-if purchases:</b> {numbers['what_if_purchases']:,.0f}<br>"
            f"<b>Revenue at stake:</b> <span style='color:{colour}'>{plots.money(numbers['extra_revenue_per_week'])} "
            f"a week</span><br><small>about {plots.money(numbers['extra_revenue_per_year'])} a year at this "
            "week's pace (October is close to an average month)</small></div>"
        )


def funnel_explorer(events) -> FunnelExplorer:
    """The funnel explorer of module 02, on a frame of web events."""
    return FunnelExplorer(events)


class BudgetAllocator(_Explorer):
    """Split a fixed daily paid-media budget across channels with one slider each; the other
    sliders make room so the total stays fixed. Watch incremental revenue and profit a year,
    each channel's marginal ROAS, and the gap to the best split of the same money."""

    control_name = "channel"

    def _controls(self) -> dict:
        return self.sliders

    def __init__(
        self,
        curves,
        start,
        margin: float,
        title: str = "Paid media: where should the next dollar go?",
    ):
        from cmo_course import media

        self._media = media
        self.curves = list(curves)
        self.names = [c.name for c in self.curves]
        self.start = {name: float(start.get(name, 0.0)) for name in self.names}
        self.total = float(sum(self.start.values()))
        self.margin = float(margin)
        self.days_per_year = 365
        self.optimum = media.allocate(self.curves, self.total)
        best = media.plan_outcome(self.curves, self.optimum)
        self._best = best["incremental_revenue"].sum()
        # the best split's common marginal ROAS, marked on the channels it funds
        self._best_marks = [
            round(float(m), 3) if self.optimum[n] > 1e-9 else None
            for n, m in zip(self.names, best["marginal_roas"], strict=True)
        ]
        style = {"description_width": "120px"}
        self.sliders = {
            name: w.FloatSlider(
                value=self.start[name],
                min=0.0,
                max=round(self.total, 2),
                step=1.0,
                description=f"{plots.label(name)} $/day",
                readout_format=",.0f",
                style=style,
                layout=w.Layout(width="430px"),
                continuous_update=False,
            )
            for name in self.names
        }
        self.reset_button = w.Button(description="Back to 2025", icon="undo")
        self.reset_button.on_click(lambda _: self.set(**self.start))
        self.best_button = w.Button(description="Best split", icon="star")
        self.best_button.on_click(lambda _: self.set(**self.optimum.to_dict()))
        self.readout = w.HTML()
        labels = [plots.label(n) for n in self.names]
        self.figure = go.FigureWidget(
            data=[
                go.Bar(
                    name="marginal ROAS of your split",
                    x=labels,
                    y=[0] * len(labels),
                    marker_color=plots.NEUTRAL,
                ),
                go.Scatter(
                    name="at the best split (the same for every channel it funds)",
                    x=labels,
                    y=[0] * len(labels),
                    mode="markers",
                    marker={
                        "color": plots.NEGATIVE,
                        "size": 12,
                        "symbol": "line-ew-open",
                        "line": {"width": 3},
                    },
                ),
            ]
        )
        plots.finish(
            self.figure,
            title,
            "Incremental revenue the next dollar brings in each channel: move money from low bars to high ones.",
            "Channel",
            "Marginal ROAS",
            widget=True,
        )
        self.figure.update_layout(height=460)
        self._syncing = False
        for name, slider in self.sliders.items():
            slider.observe(lambda change, name=name: self._moved(name, change), names="value")
        self.widget = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox(
                            [*self.sliders.values(), w.HBox([self.reset_button, self.best_button])]
                        ),
                        self.readout,
                    ]
                ),
                self.figure,
            ]
        )
        self.update()

    # -- state -------------------------------------------------------------------------------

    def spend(self) -> dict[str, float]:
        return {name: float(slider.value) for name, slider in self.sliders.items()}

    def _moved(self, name: str, change) -> None:
        """One slider moved: scale the others so that the total stays the same."""
        if self._syncing:
            return
        wanted = min(float(change["new"]), self.total)
        others = [n for n in self.names if n != name]
        rest = sum(self.sliders[n].value for n in others)
        room = self.total - wanted
        self._syncing = True
        for n in others:
            share = self.sliders[n].value / rest if rest > 0 else 1 / len(others)
            self.sliders[n].value = room * share
        self.sliders[name].value = wanted
        self._syncing = False
        self.update()

    def summary(self) -> dict:
        """What the current split earns a year, against the best split of the same budget."""
        plan = self._media.plan_outcome(self.curves, self.spend())
        revenue = float(plan["incremental_revenue"].sum())
        year = self.days_per_year
        spend = float(plan["spend"].sum())
        return {
            "plan": plan,
            "spend_per_year": spend * year,
            "incremental_revenue_per_year": revenue * year,
            "incremental_profit_per_year": (revenue * self.margin - spend) * year,
            "gap_to_best_per_year": (self._best - revenue) * year,
        }

    def update(self) -> None:
        if self._syncing:
            return
        numbers = self.summary()
        plan = numbers["plan"]
        with self.figure.batch_update():
            self.figure.data[0].y = plan["marginal_roas"].round(3).tolist()
            self.figure.data[1].y = self._best_marks
        gap = numbers["gap_to_best_per_year"]
        colour = plots.NEUTRAL if gap < 1 else plots.NEGATIVE
        profit = numbers["incremental_profit_per_year"]
        self.readout.value = (
            "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
            f"<b>Budget:</b> {plots.money(numbers['spend_per_year'])} a year<br>"
            f"<b>Incremental revenue:</b> {plots.money(numbers['incremental_revenue_per_year'])} a year<br>"
            f"<b>Incremental profit</b> (at {self.margin:.0%} margin, after spend): "
            f"<span style='color:{plots.POSITIVE if profit >= 0 else plots.NEGATIVE}'>{plots.money(profit)}</span> a year<br>"
            f"<b>Left on the table vs the best split:</b> <span style='color:{colour}'>{plots.money(gap)}</span> of revenue a year"
            "</div>"
        )


def budget_allocator(curves, start, margin: float) -> BudgetAllocator:
    """The budget allocator of module 03: response curves, the daily spend to start from, and
    the contribution margin that turns revenue into profit."""
    return BudgetAllocator(curves, start, margin)


def _slider(value, low, high, step, description, fmt, width="430px"):
    return w.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        style={"description_width": "150px"},
        layout=w.Layout(width=width),
        continuous_update=False,
    )


class FlightPlanner(_Explorer):
    """Plan a flight: weekly GRPs, weeks on air and the weekly decay theta drive the adstocked
    pressure week by week, and the flight's reach, frequency and cost."""

    def _controls(self) -> dict:
        return self.controls

    def __init__(
        self,
        adults: float,
        cost_per_point: float,
        theta: float,
        weekly_grps: float = 25.0,
        weeks: int = 3,
        horizon: int = 20,
        title: str = "Flight planner: what a flight builds, week by week",
    ):
        from cmo_course import offline

        self._offline = offline
        self.adults = float(adults)
        self.cost_per_point = float(cost_per_point)
        self.horizon = int(horizon)
        self.start = {
            "weekly_grps": float(weekly_grps),
            "weeks": float(weeks),
            "theta": float(theta),
        }
        self.controls = {
            "weekly_grps": _slider(weekly_grps, 0, 200, 5, "GRPs a week", ".0f"),
            "weeks": _slider(weeks, 1, 12, 1, "Weeks on air", ".0f"),
            "theta": _slider(theta, 0, 0.9, 0.05, "Weekly decay θ", ".2f"),
        }
        self.readout = w.HTML()
        week_labels = list(range(1, self.horizon + 1))
        self.figure = go.FigureWidget(
            data=[
                go.Bar(
                    name="GRPs bought",
                    x=week_labels,
                    y=[0] * self.horizon,
                    marker_color=plots.NEUTRAL,
                ),
                go.Scatter(
                    name="adstocked pressure",
                    x=week_labels,
                    y=[0] * self.horizon,
                    mode="lines+markers",
                    line={"color": plots.NEGATIVE, "width": 3},
                ),
            ]
        )
        plots.finish(
            self.figure,
            title,
            "The bars stop when the flight does; the pressure they built fades at the rate θ.",
            "Week of the plan",
            "GRPs (bought; adstocked)",
            widget=True,
        )
        self.figure.update_layout(height=420)
        self._assemble()
        self.update()

    def summary(self):
        c = self.controls
        return self._offline.plan_flight(
            c["weekly_grps"].value,
            int(c["weeks"].value),
            c["theta"].value,
            self.cost_per_point,
            self.horizon,
        )

    def update(self) -> None:
        if self._syncing:
            return
        flight = self.summary()
        with self.figure.batch_update():
            self.figure.data[0].y = flight.grps.round(1).tolist()
            self.figure.data[1].y = flight.pressure.round(1).tolist()
        people = flight.reach * self.adults
        self.readout.value = (
            "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
            f"<b>Weight:</b> {flight.total_grps:,.0f} GRPs<br>"
            f"<b>Reach:</b> {flight.reach:.0%} of adults ({people:,.0f} people)<br>"
            f"<b>Average frequency:</b> {flight.frequency:.1f} times<br>"
            f"<b>Cost:</b> {plots.money(flight.cost)} at {plots.money(self.cost_per_point)} a point<br>"
            f"<b>Pressure after the flight:</b> {flight.share_after:.0%} of the total"
            "</div>"
        )


def flight_planner(adults: float, cost_per_point: float, theta: float) -> FlightPlanner:
    """The flight planner of module 04: the market's adults, what a rating point costs there, and
    the medium's weekly decay to start from."""
    return FlightPlanner(adults, cost_per_point, theta)


class GeoTestDesigner(_Explorer):
    """Design a geo test: zones per group, weeks of flight and the lift you expect drive the
    test's power, against the curve of power by lift and the minimum detectable effect."""

    def _controls(self) -> dict:
        return self.controls

    def __init__(
        self,
        market_cv: float,
        weeks_before: int = 52,
        zones: int = 20,
        weeks: int = 13,
        lift: float = 0.4,
        title: str = "Geo-test designer: how likely is the test to find the lift?",
    ):
        from cmo_course import offline

        self._offline = offline
        self.weeks_before = int(weeks_before)
        self.controls = {
            "zones": _slider(zones, 2, 50, 1, "Zones in each group", ".0f"),
            "weeks": _slider(weeks, 1, 26, 1, "Weeks of flight", ".0f"),
            "lift": _slider(lift, 0.01, 1.0, 0.01, "Expected lift", ".0%"),
            # to the slider's own precision, so the start is a value the slider can show
            "market_cv": _slider(
                round(market_cv, 2), 0.05, 3.0, 0.01, "Noise of one zone (cv)", ".2f"
            ),
        }
        self.start = {name: float(control.value) for name, control in self.controls.items()}
        self.readout = w.HTML()
        self.lifts = np.linspace(0, 1.0, 101)
        self.figure = go.FigureWidget(
            data=[
                go.Scatter(
                    name="power by true lift",
                    x=(self.lifts * 100).tolist(),
                    y=[0] * len(self.lifts),
                    mode="lines",
                    line={"color": plots.NEUTRAL, "width": 3},
                ),
                go.Scatter(
                    name="your expected lift",
                    x=[0],
                    y=[0],
                    mode="markers",
                    marker={"color": plots.NEGATIVE, "size": 14},
                ),
                go.Scatter(
                    name="80% power",
                    x=[0, 100],
                    y=[80, 80],
                    mode="lines",
                    line={"color": "#777777", "dash": "dash"},
                ),
            ]
        )
        plots.finish(
            self.figure,
            title,
            "Below the dashed line the test will miss a real effect more than one time in five.",
            "True lift (%)",
            "Power (% chance of a significant result)",
            widget=True,
        )
        self.figure.update_layout(height=420, yaxis_range=[0, 102])
        self._assemble()
        self.update()

    def summary(self) -> dict:
        c = self.controls
        zones, weeks, cv = int(c["zones"].value), int(c["weeks"].value), float(c["market_cv"].value)
        power = self._offline.geo_test_power
        return {
            "power": power(c["lift"].value, zones, zones, self.weeks_before, weeks, cv),
            "mde": self._offline.minimum_detectable_lift(
                zones, zones, self.weeks_before, weeks, cv
            ),
            "curve": np.array(
                [power(x, zones, zones, self.weeks_before, weeks, cv) for x in self.lifts]
            ),
        }

    def update(self) -> None:
        if self._syncing:
            return
        numbers = self.summary()
        lift = float(self.controls["lift"].value)
        with self.figure.batch_update():
            self.figure.data[0].y = (numbers["curve"] * 100).round(2).tolist()
            self.figure.data[1].x = [lift * 100]
            self.figure.data[1].y = [round(numbers["power"] * 100, 2)]
        colour = plots.POSITIVE if numbers["power"] >= 0.8 else plots.NEGATIVE
        self.readout.value = (
            "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
            f"<b>Power at a {lift:.0%} lift:</b> <span style='color:{colour}'>{numbers['power']:.0%}</span><br>"
            f"<b>Smallest lift found 80% of the time:</b> {numbers['mde']:.0%}<br>"
            f"<b>Design:</b> {int(self.controls['zones'].value)} test and {int(self.controls['zones'].value)} control zones, "
            f"{int(self.controls['weeks'].value)} weeks, {self.weeks_before} weeks before"
            "</div>"
        )


def geo_test_designer(market_cv: float, weeks_before: int = 52) -> GeoTestDesigner:
    """The geo-test designer of module 04: the noise of one market's week (from the weeks before a
    test) and the weeks of history to fit on."""
    return GeoTestDesigner(market_cv, weeks_before)


class PlanBuilder(_Explorer):
    """Build next year's paid media plan: the budget, the brand share, how channels are split and
    a budget scenario drive the monthly phasing, the revenue expected against the target, and
    the gap."""

    def _controls(self) -> dict:
        return self.controls

    def __init__(
        self,
        model,
        budget: float,
        brand_share: float,
        title: str = "Plan builder: next year's paid media",
    ):
        from plotly.subplots import make_subplots

        self.model = model
        self.start = {
            "budget": float(budget),
            "brand_share": float(brand_share),
            "mix": "best",
            "scenario": "base",
        }
        self.scenarios = {"-20%": 0.8, "base": 1.0, "+20%": 1.2}
        self.controls = {
            "budget": _slider(
                budget, 0, round(budget * 3, -3), 1000, "Paid media ($ a year)", ",.0f"
            ),
            "brand_share": _slider(brand_share, 0, 0.8, 0.01, "Brand share", ".0%"),
            "mix": w.Dropdown(
                options=["best", "last year"],
                value="best",
                description="Channel split",
                style={"description_width": "150px"},
            ),
            "scenario": w.ToggleButtons(
                options=list(self.scenarios),
                value="base",
                description="Scenario",
                style={"description_width": "150px", "button_width": "70px"},
            ),
        }
        self.readout = w.HTML()
        months = [m.strftime("%b") for m in model.months]
        base = make_subplots(
            rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, row_heights=[0.45, 0.55]
        )
        self.figure = go.FigureWidget(base)
        self.figure.add_bar(
            name="brand", x=months, y=[0] * 12, marker_color=plots.PALETTE[1], row=1, col=1
        )
        self.figure.add_bar(
            name="activation", x=months, y=[0] * 12, marker_color=plots.NEUTRAL, row=1, col=1
        )
        self.figure.add_scatter(
            name="expected revenue",
            x=months,
            y=[0] * 12,
            mode="lines+markers",
            line={"color": plots.NEUTRAL, "width": 3},
            row=2,
            col=1,
        )
        self.figure.add_scatter(
            name="target",
            x=months,
            y=list(model.target),
            mode="lines",
            line={"color": plots.NEGATIVE, "dash": "dash"},
            row=2,
            col=1,
        )
        self.figure.update_layout(barmode="stack", height=560)
        plots.finish(
            self.figure,
            title,
            "Top: what you spend each month. Bottom: the revenue it and the baseline are expected to bring, against the target.",
            "",
            "Paid media (US dollars)",
            widget=True,
        )
        self.figure.update_xaxes(title_text="Month of the plan", row=2, col=1)
        self.figure.update_yaxes(title_text="Net revenue (US dollars)", row=2, col=1)
        self._assemble()
        self.update()

    def summary(self) -> dict:
        c = self.controls
        return self.model.evaluate(
            float(c["budget"].value),
            float(c["brand_share"].value),
            c["mix"].value,
            self.scenarios[c["scenario"].value],
        )

    def update(self) -> None:
        if self._syncing:
            return
        plan = self.summary()
        months = plan["months"]
        with self.figure.batch_update():
            self.figure.data[0].y = months["brand"].round(2).tolist()
            self.figure.data[1].y = months["activation"].round(2).tolist()
            self.figure.data[2].y = months["expected_revenue"].round(0).tolist()
        gap = plan["gap"]
        colour = plots.NEGATIVE if gap > 0 else plots.POSITIVE
        self.readout.value = (
            "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
            f"<b>Paid media:</b> {plots.money(plan['spend'])} a year<br>"
            f"<b>Revenue it brings</b> (first year): {plots.money(plan['incremental_revenue'])}<br>"
            f"<b>Its profit</b> (first year, after spend): {plots.money(plan['profit'])}<br>"
            f"<b>Expected net revenue:</b> {plots.money(plan['expected_revenue'])} against {plots.money(plan['target'])}<br>"
            f"<b>Gap to target:</b> <span style='color:{colour}'>{plots.money(gap)}</span>"
            "</div>"
        )


def plan_builder(model, budget: float, brand_share: float) -> PlanBuilder:
    """The plan builder of module 05: the plan model, and the budget and brand share to start from."""
    return PlanBuilder(model, budget, brand_share)
