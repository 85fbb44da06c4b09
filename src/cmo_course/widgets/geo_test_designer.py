"""Module 04's explorer: design a geo test and see how likely it is to find the lift."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from cmo_course import offline, plots

from .base import Explorer, readout, slider


class GeoTestDesigner(Explorer):
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
        self.weeks_before = int(weeks_before)
        self.controls = {
            "zones": slider(zones, 2, 50, 1, "Zones in each group", ".0f"),
            "weeks": slider(weeks, 1, 26, 1, "Weeks of flight", ".0f"),
            "lift": slider(lift, 0.01, 1.0, 0.01, "Expected lift", ".0%"),
            # to the slider's own precision, so the start is a value the slider can show
            "market_cv": slider(
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
        power = offline.geo_test_power
        return {
            "power": power(c["lift"].value, zones, zones, self.weeks_before, weeks, cv),
            "mde": offline.minimum_detectable_lift(zones, zones, self.weeks_before, weeks, cv),
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
        zones, weeks = int(self.controls["zones"].value), int(self.controls["weeks"].value)
        self.readout.value = readout(
            f"<b>Power at a {lift:.0%} lift:</b> <span style='color:{colour}'>{numbers['power']:.0%}</span>",
            f"<b>Smallest lift found 80% of the time:</b> {numbers['mde']:.0%}",
            f"<b>Design:</b> {zones} test and {zones} control zones, {weeks} weeks, "
            f"{self.weeks_before} weeks before",
        )


def geo_test_designer(market_cv: float, weeks_before: int = 52) -> GeoTestDesigner:
    """The geo-test designer of module 04: the noise of one market's week (from the weeks before a
    test) and the weeks of history to fit on."""
    return GeoTestDesigner(market_cv, weeks_before)
