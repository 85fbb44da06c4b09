"""Module 03's explorer: split a fixed paid-media budget across channels by hand, against the
best split of the same money."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from cmo_course import media, plots

from .base import Explorer, readout, slider


class BudgetAllocator(Explorer):
    """Split a fixed daily paid-media budget across channels with one slider each; the other
    sliders make room so the total stays fixed. Watch incremental revenue and profit a year,
    each channel's marginal ROAS, and the gap to the best split of the same money."""

    control_name = "channel"
    reset_label = "Back to 2025"

    def __init__(
        self,
        curves,
        start,
        margin: float,
        title: str = "Paid media: where should the next dollar go?",
    ):
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
        self.sliders = {
            name: slider(
                self.start[name],
                0.0,
                round(self.total, 2),
                1.0,
                f"{plots.label(name)} $/day",
                ",.0f",
                label_width="120px",
            )
            for name in self.names
        }
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
        self._assemble(buttons=[self.best_button])
        self.update()

    def _controls(self) -> dict:
        return self.sliders

    def spend(self) -> dict[str, float]:
        return {name: float(s.value) for name, s in self.sliders.items()}

    def _changed(self, name: str, change: dict) -> None:
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
        plan = media.plan_outcome(self.curves, self.spend())
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
        profit_colour = plots.POSITIVE if profit >= 0 else plots.NEGATIVE
        self.readout.value = readout(
            f"<b>Budget:</b> {plots.money(numbers['spend_per_year'])} a year",
            f"<b>Incremental revenue:</b> {plots.money(numbers['incremental_revenue_per_year'])} a year",
            f"<b>Incremental profit</b> (at {self.margin:.0%} margin, after spend): "
            f"<span style='color:{profit_colour}'>{plots.money(profit)}</span> a year",
            "<b>Left on the table vs the best split:</b> "
            f"<span style='color:{colour}'>{plots.money(gap)}</span> of revenue a year",
        )


def budget_allocator(curves, start, margin: float) -> BudgetAllocator:
    """The budget allocator of module 03: response curves, the daily spend to start from, and
    the contribution margin that turns revenue into profit."""
    return BudgetAllocator(curves, start, margin)
