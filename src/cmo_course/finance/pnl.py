"""The P&L in reading order, and budget against actual."""

from __future__ import annotations

import pandas as pd

from cmo_course.validation import require_columns

# --------------------------------------------------------------------------------------------
# Budget vs actual
# --------------------------------------------------------------------------------------------


def variance(actual: float, budget: float) -> float:
    """Variance = actual - budget. For a cost line, positive means overspent (unfavourable)."""
    return actual - budget


def variance_pct(actual: float, budget: float) -> float:
    """Variance as a share of the budget: (actual - budget) / budget."""
    if budget == 0:
        raise ZeroDivisionError("variance % is undefined for a zero budget")
    return (actual - budget) / budget


def budget_variance(spend: pd.DataFrame, year: int) -> pd.DataFrame:
    """Budget vs actual by channel for one year, largest overspend first.

    Returns a DataFrame indexed by channel with columns budget, actual, variance
    (actual - budget) and variance_pct (variance / budget).
    """
    require_columns(spend, ("month", "channel", "budget", "actual"), "budget variance")
    rows = spend[spend["month"].dt.year == year]
    table = rows.groupby("channel")[["budget", "actual"]].sum()
    table["variance"] = table["actual"] - table["budget"]
    table["variance_pct"] = table["variance"] / table["budget"]
    return table.sort_values("variance", ascending=False)


# --------------------------------------------------------------------------------------------
# The P&L
# --------------------------------------------------------------------------------------------

PNL_ORDER = (
    ("gross_sales", "Gross sales"),
    ("discounts", "- Discounts"),
    ("returns", "- Returns (refunds)"),
    ("net_revenue", "= Net revenue"),
    ("cogs", "- Cost of goods sold"),
    ("gross_profit", "= Gross profit"),
    ("fulfilment_and_shipping", "- Fulfilment and shipping"),
    ("payment_fees", "- Payment fees"),
    ("contribution", "= Contribution"),
    ("marketing_total", "- Marketing"),
    ("contribution_after_marketing", "= Contribution after marketing"),
    ("operating_expenses", "- Operating expenses"),
    ("ebitda", "= EBITDA"),
)


def annual_pnl(pnl: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year's P&L in reading order, with each line as a share of net revenue."""
    require_columns(pnl, ("month", *[k for k, _ in PNL_ORDER]), "annual P&L")
    year_rows = pnl[pnl["month"].dt.year == year]
    if year_rows.empty:
        raise ValueError(f"the P&L has no months in {year}")
    totals = year_rows[[k for k, _ in PNL_ORDER]].sum()
    table = pd.DataFrame(
        {
            "line": [label for _, label in PNL_ORDER],
            "amount": [float(totals[k]) for k, _ in PNL_ORDER],
        },
        index=[k for k, _ in PNL_ORDER],
    )
    table["share_of_net_revenue"] = table["amount"] / float(totals["net_revenue"])
    return table
