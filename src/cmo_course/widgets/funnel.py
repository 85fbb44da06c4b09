"""Module 02's explorer: the store's funnel by segment, and what a better step is worth."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from cmo_course import funnels, plots

from .base import Explorer, readout, slider


class FunnelExplorer(Explorer):
    """Pick a segment (device, traffic medium, checkout) and set what-if step rates; watch the
    funnel and the revenue at stake change against what the week's data shows (and, given the
    online margin, the contribution: what the company keeps of that revenue)."""

    ALL = "all"
    control_name = "step"
    reset_label = "Back to the data"

    def __init__(
        self,
        events,
        title: str = "The online store's funnel, one week",
        margin: float | None = None,
        weeks_per_year: float = 52.0,
    ):
        self.events = events
        self.margin = margin  # contribution per dollar of online revenue before refunds
        self._observed: dict[tuple, dict] = {}
        # what turns the week into a year: 52 treats every week alike; the year's revenue over the
        # week's (funnels.seasonal_weeks) keeps its seasons
        self.weeks_per_year = float(weeks_per_year)
        style = {"description_width": "140px"}
        self.pickers = {
            column: w.Dropdown(
                options=[
                    (self.ALL, self.ALL),
                    *[(shown(value), value) for value in sorted(events[column].unique())],
                ],
                description=label,
                style=style,
            )
            for column, label, shown in (
                ("device_category", "Device", str),
                ("session_medium", "Medium", self.medium_label),
                ("checkout_version", "Checkout", str),
            )
        }
        self.sliders = {
            step: slider(
                0.5,
                0.0,
                1.0,
                0.005,
                f"→ {plots.label(step)}",
                ".1%",
                width="420px",
                label_width="140px",
            )
            for step in funnels.STEPS[1:]
        }
        self.readout = w.HTML()
        self.figure = go.FigureWidget(
            data=[
                go.Funnel(
                    name=name,
                    y=[plots.label(step) for step in funnels.STEPS],  # "View item"
                    x=[0] * len(funnels.STEPS),
                    marker_color=colour,
                    textinfo="value+percent initial",
                )
                for name, colour in (("this week", plots.MUTED), ("what if", plots.NEUTRAL))
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
        for picker in self.pickers.values():
            picker.observe(lambda _: self.reset(), names="value")
        self._assemble(above=self.pickers.values())
        self.reset()

    @staticmethod
    def medium_label(medium: str) -> str:
        """A raw GA4 medium with the channel it belongs to: 'cpv' -> 'cpv (paid video)'."""
        channel = plots.label(funnels.channel_group(medium)).lower()
        return medium if channel == medium.replace("_", " ") else f"{medium} ({channel})"

    def _controls(self) -> dict:
        return self.sliders

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
            economics = funnels.session_economics(part).iloc[0]
            self._observed[key] = {
                "funnel": funnels.funnel(part),
                "aov": float(economics["average_order_value"]),
                "revenue": float(economics["revenue"]),
            }
        return self._observed[key]

    @property
    def start(self) -> dict[str, float]:  # type: ignore[override]
        """The segment's observed step rates (a step no session reached starts at 0)."""
        rates = self.observed()["funnel"]["step_rate"]
        return {step: float(0 if np.isnan(rates[step]) else rates[step]) for step in self.sliders}

    def summary(self) -> dict:
        """This week's and the what-if's purchases and revenue, and the difference a year."""
        observed = self.observed()
        table = observed["funnel"]
        started = float(table["sessions"].iloc[0])
        rates = np.array([self.sliders[s].value for s in funnels.STEPS[1:]])
        what_if = started * np.concatenate([[1.0], np.cumprod(rates)])
        aov = observed["aov"] if observed["aov"] == observed["aov"] else 0.0
        extra_revenue = (what_if[-1] - table["sessions"].iloc[-1]) * aov
        numbers = {
            "sessions": table["sessions"].to_numpy(dtype=float),
            "what_if_sessions": what_if,
            "purchases": float(table["sessions"].iloc[-1]),
            "what_if_purchases": float(what_if[-1]),
            "extra_revenue_per_week": float(extra_revenue),
            "extra_revenue_per_year": float(extra_revenue * self.weeks_per_year),
        }
        if self.margin is not None:
            numbers["extra_contribution_per_year"] = float(
                extra_revenue * self.weeks_per_year * self.margin
            )
        return numbers

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
        year = f"about {plots.money(numbers['extra_revenue_per_year'])} a year"
        if "extra_contribution_per_year" in numbers:
            year += (
                f", {plots.money(numbers['extra_contribution_per_year'])} of contribution at the "
                f"online margin ({self.margin:.1%})"
            )
        self.readout.value = readout(
            f"<b>Purchases this week:</b> {numbers['purchases']:,.0f}",
            f"<b>What-if purchases:</b> {numbers['what_if_purchases']:,.0f}",
            f"<b>Revenue at stake:</b> <span style='color:{colour}'>"
            f"{plots.money(numbers['extra_revenue_per_week'])} a week</span>",
            f"<small>{year}, at this week's pace (October runs a little above an average "
            "month)</small>",
        )


def funnel_explorer(
    events, margin: float | None = None, weeks_per_year: float = 52.0
) -> FunnelExplorer:
    """The funnel explorer of module 02, on a frame of web events; with ``margin`` (the online
    margin) it also values a what-if in contribution; ``weeks_per_year`` turns the week into a
    year (``funnels.seasonal_weeks`` for one with its seasons)."""
    return FunnelExplorer(events, margin=margin, weeks_per_year=weeks_per_year)
