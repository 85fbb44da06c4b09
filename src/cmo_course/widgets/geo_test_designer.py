"""Module 04's explorer: design a geo test and see how likely it is to find the lift, against
zero or against the lift that would pay for the flight."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from cmo_course import offline, plots

from .base import Explorer, readout, slider

LIFT_MAX = 6.0  # the sliders reach 600%: TV's break-even lift can be several times its lift


class GeoTestDesigner(Explorer):
    """Design a geo test: zones per group, weeks read and the lift you expect drive the test's
    power, against a bar (zero: does TV do anything? the break-even lift: does it pay?), with
    the curve of power by lift and the smallest lift the design shows beyond the bar."""

    def _controls(self) -> dict:
        return self.controls

    def __init__(
        self,
        market_cv: float,
        weeks_before: int = 52,
        zones: int = 20,
        weeks: int = 13,
        lift: float = 0.4,
        bar: float = 0.0,
        title: str = "Geo-test designer: how likely is the test to find the lift?",
    ):
        self.weeks_before = int(weeks_before)
        # the counts and the expected lift start rounded to their sliders' precision; the bar and
        # the zones' noise start exactly as given (a slider keeps a value between its steps until
        # it is moved), so the smallest lift the designer first reads is the lesson's own
        self.controls = {
            "zones": slider(zones, 2, 50, 1, "Zones in each group", ".0f"),
            "weeks": slider(weeks, 1, 26, 1, "Weeks read", ".0f"),
            "lift": slider(round(lift, 2), 0.01, LIFT_MAX, 0.01, "Expected lift", ".0%"),
            "bar": slider(bar, 0.0, LIFT_MAX, 0.001, "Lift to beat (bar)", ".1%"),
            "market_cv": slider(market_cv, 0.05, 3.0, 0.01, "Noise of one zone (cv)", ".2f"),
        }
        self.start = {name: float(control.value) for name, control in self.controls.items()}
        self.readout = w.HTML()
        self.figure = go.FigureWidget(
            data=[
                go.Scatter(
                    name="power by true lift",
                    x=[0.0],
                    y=[0.0],
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
                go.Scatter(
                    name="the bar",
                    x=[0, 0],
                    y=[0, 100],
                    mode="lines",
                    line={"color": plots.POSITIVE, "dash": "dot"},
                ),
            ]
        )
        plots.finish(
            self.figure,
            title,
            "Below the dashed line the test will miss a lift beyond the bar more than one time in five.",
            "True lift (%)",
            "Power (%)",
            widget=True,
        )
        self.figure.update_layout(height=420, yaxis_range=[0, 102])
        self._assemble()
        self.update()

    def lifts(self) -> np.ndarray:
        """The lifts the curve is drawn over: from zero to well past the bar and the lift."""
        c = self.controls
        top = max(1.0, float(c["bar"].value) + 1.0, float(c["lift"].value) * 1.2)
        return np.linspace(0, min(top, LIFT_MAX), 121)

    def summary(self) -> dict:
        c = self.controls
        zones, weeks, cv = int(c["zones"].value), int(c["weeks"].value), float(c["market_cv"].value)
        bar = float(c["bar"].value)
        design = (zones, zones, self.weeks_before, weeks, cv)
        power = offline.geo_test_power
        lifts = self.lifts()
        return {
            "power": power(float(c["lift"].value), *design, bar=bar),
            "mde": offline.minimum_detectable_lift(*design, bar=bar),
            "mde_against_zero": offline.minimum_detectable_lift(*design),
            "lifts": lifts,
            "curve": np.array([power(x, *design, bar=bar) for x in lifts]),
        }

    def update(self) -> None:
        if self._syncing:
            return
        numbers = self.summary()
        lift, bar = float(self.controls["lift"].value), float(self.controls["bar"].value)
        with self.figure.batch_update():
            self.figure.data[0].x = (numbers["lifts"] * 100).round(2).tolist()
            self.figure.data[0].y = (numbers["curve"] * 100).round(2).tolist()
            self.figure.data[1].x = [lift * 100]
            self.figure.data[1].y = [round(numbers["power"] * 100, 2)]
            self.figure.data[2].x = [0, float(numbers["lifts"][-1] * 100)]
            self.figure.data[3].x = [bar * 100, bar * 100]
        colour = plots.POSITIVE if numbers["power"] >= 0.8 else plots.NEGATIVE
        zones, weeks = int(self.controls["zones"].value), int(self.controls["weeks"].value)
        against = "zero" if bar == 0 else f"a bar of {bar:.0%}"
        self.readout.value = readout(
            f"<b>Power at a {lift:.0%} lift, against {against}:</b> "
            f"<span style='color:{colour}'>{numbers['power']:.0%}</span>",
            f"<b>Smallest lift shown beyond the bar 80% of the time:</b> {numbers['mde']:.0%}",
            f"<b>The same against zero:</b> {numbers['mde_against_zero']:.0%}",
            f"<b>Design:</b> {zones} test and {zones} control zones, {weeks} weeks read, "
            f"{self.weeks_before} weeks before",
        )


def geo_test_designer(
    market_cv: float,
    weeks_before: int = 52,
    weeks: int = 13,
    lift: float = 0.4,
    bar: float = 0.0,
) -> GeoTestDesigner:
    """The geo-test designer of module 04: the noise of one market's week (from the weeks before a
    test), the weeks of history to fit on, and where to start: the weeks read, the lift expected
    and the bar the lift must beat (0: any effect; the break-even lift: an effect that pays)."""
    return GeoTestDesigner(market_cv, weeks_before, weeks=weeks, lift=lift, bar=bar)
