"""Module 01's explorer: the unit economics of one acquired customer."""

from __future__ import annotations

from dataclasses import asdict, replace

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from cmo_course import plots
from cmo_course.finance import UnitEconomics

from .base import Explorer, readout, slider

RULE_LTV_CAC = 3.0
RULE_PAYBACK = 12


class UnitEconomicsExplorer(Explorer):
    """Move AOV, margin, repeat rate, churn, CAC and the horizon; watch LTV:CAC, payback and the
    cash curve of one acquired customer change, against the starting point (dashed)."""

    reset_label = "Back to the data"

    def __init__(self, base: UnitEconomics, title: str = "Unit economics of one new customer"):
        self.base = base
        wide = {"width": "460px", "label_width": "170px"}
        self.controls = {
            "aov": slider(base.aov, 40, 300, 1, "Net revenue per order ($)", ".0f", **wide),
            "contribution_margin": slider(
                base.contribution_margin, 0.1, 0.7, 0.01, "Contribution margin", ".0%", **wide
            ),
            "repeat_rate": slider(
                base.repeat_rate, 0.0, 0.25, 0.002, "Monthly repeat rate", ".1%", **wide
            ),
            "monthly_churn": slider(
                base.monthly_churn, 0.01, 0.4, 0.005, "Monthly churn", ".1%", **wide
            ),
            "cac": slider(base.cac, 5, 200, 1, "CAC ($)", ".0f", **wide),
            "horizon_months": slider(
                base.horizon_months, 3, 48, 1, "Horizon (months)", "d", whole=True, **wide
            ),
        }
        self.start = {k: v for k, v in asdict(base).items() if k in self.controls}
        self.readout = w.HTML()
        base_curve = base.cash_curve()
        months = np.arange(len(base_curve))
        self.figure = go.FigureWidget(
            data=[
                go.Scatter(
                    x=months,
                    y=base_curve,
                    name="starting point",
                    mode="lines",
                    line=dict(color=plots.MUTED, dash="dash"),
                ),
                go.Scatter(
                    x=months,
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
        self._assemble()
        self.update()

    def _controls(self) -> dict:
        return self.controls

    @property
    def economics(self) -> UnitEconomics:
        values = {name: control.value for name, control in self.controls.items()}
        values["horizon_months"] = int(values["horizon_months"])
        return replace(self.base, **values)

    def summary(self) -> dict:
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
        ratio_colour = plots.POSITIVE if ratio >= RULE_LTV_CAC else plots.NEGATIVE
        if payback is None:
            payback_text = f"not within {econ.horizon_months} months"
            payback_colour = plots.NEGATIVE
        else:
            payback_text = f"month {payback}"
            payback_colour = plots.POSITIVE if payback < RULE_PAYBACK else plots.NEGATIVE
        self.readout.value = readout(
            f"<b>LTV ({econ.horizon_months} months):</b> {plots.money(numbers['ltv'], 2)}",
            f"<b>LTV : CAC:</b> <span style='color:{ratio_colour}'>{ratio:.2f}x</span> "
            "<small>(rule of thumb: 3x or more)</small>",
            f"<b>Payback:</b> <span style='color:{payback_colour}'>{payback_text}</span> "
            "<small>(rule of thumb: under 12 months)</small>",
            f"<b>Cash trough per customer:</b> {plots.money(numbers['trough'], 2)}",
        )


def unit_economics_explorer(base: UnitEconomics) -> UnitEconomicsExplorer:
    """The unit-economics explorer of module 01, starting from ``base``."""
    return UnitEconomicsExplorer(base)
