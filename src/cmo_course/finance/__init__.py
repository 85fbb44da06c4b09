"""Finance for marketers: the formulas module 01 teaches, as plain functions.

Every function states its business meaning and its formula, takes numbers, Series or
DataFrames, and is tested against a hand-worked example. Margins and rates are fractions
(0.42 means 42%); money is in dollars. Use them as ``finance.ltv(...)``; they live in
``margins`` (what the company keeps, on each basis), ``acquisition`` (CAC and the returns on
marketing), ``lifetime`` (LTV, payback, the cash curve, unit economics) and ``pnl`` (the P&L
and budget against actual).
"""

from __future__ import annotations

from .acquisition import cac, marginal_roi, new_customers, paid_cac_by_platform, roas, roi, romi
from .lifetime import (
    SENSITIVITY_LEVERS,
    UnitEconomics,
    cash_curve,
    cash_trough,
    cohort_cash_curve,
    cohort_contribution_curve,
    estimate_retention,
    ltv,
    monthly_margins,
    payback_month,
    second_year_multiplier,
    sensitivity,
    unit_economics_from_data,
)
from .margins import (
    ORDER_COLUMNS,
    break_even_roas,
    contribution_margin,
    first_order_margin,
    first_order_value,
    gross_margin,
    margin_before_refunds,
    net_revenue,
    online_margin,
    order_contribution,
)
from .pnl import PNL_ORDER, annual_pnl, budget_variance, variance, variance_pct

__all__ = [
    "ORDER_COLUMNS",
    "PNL_ORDER",
    "SENSITIVITY_LEVERS",
    "UnitEconomics",
    "annual_pnl",
    "break_even_roas",
    "budget_variance",
    "cac",
    "cash_curve",
    "cash_trough",
    "cohort_cash_curve",
    "cohort_contribution_curve",
    "contribution_margin",
    "estimate_retention",
    "first_order_margin",
    "first_order_value",
    "gross_margin",
    "ltv",
    "margin_before_refunds",
    "marginal_roi",
    "monthly_margins",
    "net_revenue",
    "new_customers",
    "online_margin",
    "order_contribution",
    "paid_cac_by_platform",
    "payback_month",
    "roas",
    "roi",
    "romi",
    "second_year_multiplier",
    "sensitivity",
    "unit_economics_from_data",
    "variance",
    "variance_pct",
]
