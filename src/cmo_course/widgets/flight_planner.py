"""Module 04's explorer: plan a TV flight and watch the pressure it builds, week by week."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from cmo_course import offline, plots

from .base import Explorer, readout, slider


class FlightPlanner(Explorer):
    """Plan a flight: weekly GRPs, weeks on air and the weekly decay theta drive the adstocked
    pressure week by week, and the flight's reach (from a planner's reach curve, beside the
    ceiling that impressions landing at random would give), frequency and cost (airtime, and the
    spot's production when it is given)."""

    def _controls(self) -> dict:
        return self.controls

    def __init__(
        self,
        adults: float,
        cost_per_point: float,
        theta: float,
        weekly_grps: float = 100.0,
        weeks: int = 4,
        horizon: int = 20,
        production: float = 0.0,
        title: str = "Flight planner: what a flight builds, week by week",
    ):
        self.adults = float(adults)
        self.cost_per_point = float(cost_per_point)
        self.production = float(production)
        self.horizon = int(horizon)
        self.start = {
            "weekly_grps": float(weekly_grps),
            "weeks": float(weeks),
            "theta": float(theta),
        }
        self.controls = {
            "weekly_grps": slider(weekly_grps, 0, 200, 5, "GRPs a week", ".0f"),
            "weeks": slider(weeks, 1, 12, 1, "Weeks on air", ".0f"),
            "theta": slider(theta, 0, 0.9, 0.05, "Weekly decay θ", ".2f"),
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
        return offline.plan_flight(
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
        ceiling = offline.reach_from_impressions(flight.total_grps / 100)
        cost = f"<b>Cost:</b> {plots.money(flight.cost)} of airtime at {plots.money(self.cost_per_point)} a point"
        if self.production and flight.total_grps > 0:
            cost += (
                f", plus {plots.money(self.production)} to make the spot: "
                f"{plots.money(flight.cost + self.production)}"
            )
        self.readout.value = readout(
            f"<b>Weight:</b> {flight.total_grps:,.0f} GRPs",
            f"<b>Reach:</b> {flight.reach:.0%} of adults ({people:,.0f} people); "
            f"at random it could be at most {_share(ceiling)}",
            f"<b>Average frequency:</b> {flight.frequency:.1f} times",
            cost,
            f"<b>Pressure after the flight:</b> {flight.share_after:.0%} of the total",
        )


def _share(value: float) -> str:
    """A share to the percent, but never 100% for one short of everyone."""
    if value < 1 and round(value, 2) >= 1:
        return "nearly 100%"
    return f"{value:.0%}"


def flight_planner(
    adults: float, cost_per_point: float, theta: float, production: float = 0.0
) -> FlightPlanner:
    """The flight planner of module 04: the market's adults, what a rating point costs there,
    the medium's weekly decay to start from, and what making the spot costs (added to the
    flight's airtime)."""
    return FlightPlanner(adults, cost_per_point, theta, production=production)
