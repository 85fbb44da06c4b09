"""Module 03's explorer: split a fixed paid-media budget across channels by hand, against the
best split of the same money, kept near the spend the curves were measured at. It answers the
question of a frozen total; module 03's recommendation, the $1 rule (each channel to where its next
dollar returns $1), changes the total, which the explorer holds fixed: the break-even line shows it."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from cmo_course import media, plots

from .base import Explorer, readout, slider


class BudgetAllocator(Explorer):
    """Split a fixed daily paid-media budget across channels with one slider each; the other
    sliders make room so the total stays fixed. Watch the two-year contribution a year of the split
    buys and what it leaves once that year's spend is paid, each channel's marginal return (what its next dollar brings,
    against the break-even line at $1), and the gap to the best split of the same money.

    The best split keeps each channel within ``bound`` (a share, 0.5 for 50%) of its starting
    spend, where its curve was measured: module 03's best split of a frozen total, whose common
    marginal return may sit below $1 (money that loses; the $1 rule would spend less). "No bounds"
    shows where the curves point beyond that, a case for a test rather than a move to make."""

    control_name = "channel"
    reset_label = "Back to 2025"

    def __init__(
        self,
        curves,
        start,
        title: str = "Paid media: where should the next dollar go?",
        bound: float = 0.5,
    ):
        if not 0 < bound:
            raise ValueError(
                "bound is a share of each channel's starting spend, above 0 (0.5 for 50%)"
            )
        self.curves = list(curves)
        self.names = [c.name for c in self.curves]
        self.start = {name: float(start.get(name, 0.0)) for name in self.names}
        self.total = float(sum(self.start.values()))
        self.days_per_year = 365
        self.bound = float(bound)
        self.optimum = media.allocate(
            self.curves,
            self.total,
            lower={n: s * (1 - min(self.bound, 1.0)) for n, s in self.start.items()},
            upper={n: s * (1 + self.bound) for n, s in self.start.items()},
        )
        self.unbounded = media.allocate(self.curves, self.total)
        best = media.plan_outcome(self.curves, self.optimum)
        self._best = best["incremental_contribution"].sum()
        # each channel's marginal return at the best split: one common level where no bound
        # holds; a channel held at its bound keeps its own
        self._best_marks = [
            round(float(m), 3) if self.optimum[n] > 1e-9 else None
            for n, m in zip(self.names, best["marginal_return"], strict=True)
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
        within = f"{self.bound:.0%}"
        self.best_button = w.Button(
            description=f"Best split (±{within})",
            icon="star",
            tooltip=f"The best split with each channel within {within} of 2025's spend",
            layout=w.Layout(width="auto"),
        )
        self.best_button.on_click(lambda _: self.set(**self.optimum.to_dict()))
        self.unbounded_button = w.Button(
            description="No bounds",
            tooltip="Where the curves point with no bounds: outside the spend they were "
            "measured at, so a case for a test",
            layout=w.Layout(width="auto"),
        )
        self.unbounded_button.on_click(lambda _: self.set(**self.unbounded.to_dict()))
        self.readout = w.HTML()
        labels = [plots.label(n) for n in self.names]
        self.figure = go.FigureWidget(
            data=[
                go.Bar(
                    name="marginal return of your split",
                    x=labels,
                    y=[0] * len(labels),
                    marker_color=plots.NEUTRAL,
                ),
                go.Scatter(
                    name=f"at the best split within {within} of 2025 (one level where no bound holds)",
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
            "Two-year contribution the next dollar brings in each channel: below $1 it does not "
            "pay for itself. Move money from low bars to high ones.",
            "Channel",
            "Marginal return (contribution per extra dollar)",
            widget=True,
        )
        self.figure.add_hline(
            y=1.0,
            line={"color": plots.MUTED, "dash": "dash"},
            annotation_text="break-even",
            annotation_position="top left",
        )
        self.figure.update_layout(height=460)
        self._assemble(buttons=[self.best_button, self.unbounded_button])
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
        contribution = float(plan["incremental_contribution"].sum())
        year = self.days_per_year
        spend = float(plan["spend"].sum())
        return {
            "plan": plan,
            "spend_per_year": spend * year,
            "incremental_contribution_per_year": contribution * year,
            "incremental_profit_per_year": (contribution - spend) * year,
            "gap_to_best_per_year": (self._best - contribution) * year,
        }

    def update(self) -> None:
        if self._syncing:
            return
        numbers = self.summary()
        plan = numbers["plan"]
        with self.figure.batch_update():
            self.figure.data[0].y = plan["marginal_return"].round(3).tolist()
            self.figure.data[1].y = self._best_marks
        gap = numbers["gap_to_best_per_year"]
        colour = plots.NEUTRAL if gap < 1 else plots.NEGATIVE
        if gap < -1:  # beyond the bounds the curves were not measured: say so, not a "gain"
            versus = (
                f"<b>Beyond the best split within {self.bound:.0%} of 2025:</b> the curves say "
                f"{plots.money(-gap)} more a year, where they were never measured: test first"
            )
        else:
            versus = (
                f"<b>Left on the table vs the best split within {self.bound:.0%} of 2025:</b> "
                f"<span style='color:{colour}'>{plots.money(gap)}</span> of contribution a year"
            )
        profit = numbers["incremental_profit_per_year"]
        profit_colour = plots.POSITIVE if profit >= 0 else plots.NEGATIVE
        self.readout.value = readout(
            f"<b>Budget:</b> {plots.money(numbers['spend_per_year'])} a year",
            "<b>Two-year contribution it buys:</b> "
            f"{plots.money(numbers['incremental_contribution_per_year'])} for a year's spend",
            "<b>Less the year's spend:</b> "
            f"<span style='color:{profit_colour}'>{plots.money(profit)}</span> over the customers' "
            "two years",
            versus,
        )


def budget_allocator(curves, start, bound: float = 0.5) -> BudgetAllocator:
    """The budget allocator of module 03: the channels' response curves (valued in two-year
    contribution), the daily spend to start from, and how far (a share, 0.5 for 50%) the best
    split may move each channel from it."""
    return BudgetAllocator(curves, start, bound=bound)
