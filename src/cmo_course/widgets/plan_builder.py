"""Module 05's explorer: build next year's paid-media plan against the target."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from cmo_course import plots

from .base import Explorer, readout, slider

DIGITAL = ("google_search", "instagram", "meta", "tiktok", "youtube")


class PlanBuilder(Explorer):
    """Build next year's paid media plan: the budget, how it is split across channels and months
    (the best split, which equalises marginal returns, or last year's) and the scenario the plan
    meets drive the spend by month, the revenue expected against the target, the two-year
    contribution the plan's customers bring, the profit after the spend, and the gap.

    The plan is made for the base case; a scenario changes what the world does to it (growth,
    retention, conversion, order value, ad prices), not the plan. The best split leaves out the
    channels in ``leave_out`` (TV: its airtime does not earn back its production, so the
    lesson's plan has no TV), so that it matches the lesson's plan; last year's split keeps them."""

    SPLITS = ("best", "last year")

    def _controls(self) -> dict:
        return self.controls

    @staticmethod
    def _split_label(split: str, dropped: list[str]) -> str:
        if split == "best" and dropped:
            return f"best (without {', '.join(plots.label(c) for c in dropped)})"
        return split

    def __init__(
        self,
        model,
        budget: float,
        title: str = "Plan builder: next year's paid media",
        leave_out: tuple[str, ...] = ("tv",),
    ):
        from plotly.subplots import make_subplots

        from cmo_course import planning

        self.model = model
        dropped = [c for c in leave_out if c in model.names]
        self.best_model = model.without(*dropped) if dropped else model
        self.scenarios = planning.SCENARIOS
        self.start = {"budget": float(budget), "split": "best", "scenario": "base"}
        self.controls = {
            "budget": slider(
                budget, 0, round(budget * 2, -4), 10_000, "Paid media ($ a year)", ",.0f"
            ),
            "split": w.Dropdown(
                options=[(self._split_label(split, dropped), split) for split in self.SPLITS],
                value="best",
                description="Channel split",
                style={"description_width": "150px"},
            ),
            "scenario": w.ToggleButtons(
                options=list(self.scenarios),
                value="base",
                description="Scenario",
                style={"description_width": "150px", "button_width": "80px"},
            ),
        }
        self.readout = w.HTML()
        months = [m.strftime("%b") for m in model.months]
        base = make_subplots(
            rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, row_heights=[0.45, 0.55]
        )
        self.figure = go.FigureWidget(base)
        self.figure.add_bar(
            name="digital", x=months, y=[0] * 12, marker_color=plots.NEUTRAL, row=1, col=1
        )
        self.figure.add_bar(
            name="offline", x=months, y=[0] * 12, marker_color=plots.PALETTE[1], row=1, col=1
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
            "Top: what you spend each month. Bottom: the revenue the customers you have, the "
            "ones who come anyway and the plan's bring, against the target.",
            "",
            "Paid media (US dollars)",
            widget=True,
        )
        self.figure.update_xaxes(title_text="Month of the plan", row=2, col=1)
        self.figure.update_yaxes(title_text="Net revenue (US dollars)", row=2, col=1)
        self._assemble()
        self.update()

    def plan(self):
        """The plan the controls describe: spend by month (rows) and channel (columns)."""
        budget = float(self.controls["budget"].value)
        if self.controls["split"].value == "best":
            return self.best_model.best_plan(budget).reindex(
                columns=self.model.names, fill_value=0.0
            )
        return self.model.last_year_plan(budget)

    def _outcome(self) -> tuple:
        plan = self.plan()
        return plan, self.model.evaluate(plan, self.scenarios[self.controls["scenario"].value])

    @staticmethod
    def _totals(result: dict) -> dict:
        keys = ("spend", "media_customers", "two_year_contribution", "profit")
        out = {key: result[key] for key in keys}
        spend = result["by_channel"].sum()
        marginal = result["marginal_return"].fillna(0.0)
        out["marginal_return"] = (
            float((marginal * result["by_channel"]).sum() / spend) if spend > 0 else float("nan")
        )
        out.update({key: result[key] for key in ("expected_revenue", "target", "gap")})
        return out

    def summary(self) -> dict:
        """What the plan buys in the chosen scenario (``PlanModel.evaluate``'s totals), with the
        marginal return of its spend (spend-weighted; in a best split every funded channel-month
        returns the same)."""
        return self._totals(self._outcome()[1])

    def update(self) -> None:
        if self._syncing:
            return
        plan, result = self._outcome()
        outcome = self._totals(result)
        digital = plan[[c for c in plan.columns if c in DIGITAL]].sum(axis=1)
        offline = plan[[c for c in plan.columns if c not in DIGITAL]].sum(axis=1)
        with self.figure.batch_update():
            self.figure.data[0].y = digital.round(2).tolist()
            self.figure.data[1].y = offline.round(2).tolist()
            self.figure.data[2].y = result["months"]["expected_revenue"].round(0).tolist()
        gap = outcome["gap"]
        gap_colour = plots.NEGATIVE if gap > 0 else plots.POSITIVE
        profit_colour = plots.NEGATIVE if outcome["profit"] < 0 else plots.POSITIVE
        gap_words = "short of the target" if gap > 0 else "above the target"
        self.readout.value = readout(
            f"<b>Paid media:</b> {plots.money(outcome['spend'])} a year",
            f"<b>Two-year contribution</b> of the customers it buys: "
            f"{plots.money(outcome['two_year_contribution'])}",
            f"<b>Profit after the spend:</b> <span style='color:{profit_colour}'>"
            f"{plots.money(outcome['profit'])}</span>",
            "<b>The next dollar returns</b> (spend-weighted over the channels): "
            + (
                f"{outcome['marginal_return']:.2f}" + _next_dollar_words(outcome["marginal_return"])
                if outcome["spend"] > 0
                else "— (no paid media to read it from)"
            ),
            f"<b>Expected net revenue:</b> {plots.money(outcome['expected_revenue'])} against "
            f"{plots.money(outcome['target'])}",
            f"<b>Gap to target:</b> <span style='color:{gap_colour}'>"
            f"{plots.money(abs(gap))} {gap_words}</span>",
        )


def _next_dollar_words(value: float) -> str:
    """What a marginal return means, in words: a dollar pays for itself at 1."""
    if round(value, 2) > 1:
        return " (above 1: more spend would still pay)"
    if round(value, 2) < 1:
        return " (below 1: the last dollars lose money)"
    return " (1: break-even, where spending should stop)"


def plan_builder(model, budget: float, leave_out: tuple[str, ...] = ("tv",)) -> PlanBuilder:
    """The plan builder of module 05: the plan model, and the paid media budget to start from.
    The best split leaves out ``leave_out`` (TV, as the lesson's plan does)."""
    return PlanBuilder(model, budget, leave_out=leave_out)
