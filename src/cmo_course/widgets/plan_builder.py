"""Module 05's explorer: build next year's paid-media plan against the target."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from cmo_course import plots

from .base import Explorer, readout, slider


class PlanBuilder(Explorer):
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
            "budget": slider(
                budget, 0, round(budget * 3, -3), 1000, "Paid media ($ a year)", ",.0f"
            ),
            "brand_share": slider(brand_share, 0, 0.8, 0.01, "Brand share", ".0%"),
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
        self.readout.value = readout(
            f"<b>Paid media:</b> {plots.money(plan['spend'])} a year",
            f"<b>Revenue it brings</b> (first year): {plots.money(plan['incremental_revenue'])}",
            f"<b>Its profit</b> (first year, after spend): {plots.money(plan['profit'])}",
            f"<b>Expected net revenue:</b> {plots.money(plan['expected_revenue'])} against {plots.money(plan['target'])}",
            f"<b>Gap to target:</b> <span style='color:{colour}'>{plots.money(gap)}</span>",
        )


def plan_builder(model, budget: float, brand_share: float) -> PlanBuilder:
    """The plan builder of module 05: the plan model, and the budget and brand share to start from."""
    return PlanBuilder(model, budget, brand_share)
