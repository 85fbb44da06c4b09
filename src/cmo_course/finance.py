"""Finance for marketers: the formulas module 01 teaches, as plain functions.

Every function states its business meaning and its formula, takes numbers, Series or
DataFrames, and is tested against a hand-worked example. Margins and rates are fractions
(0.42 means 42%); money is in dollars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .validation import require_columns, require_fraction

ORDER_COLUMNS = ("revenue", "refund", "cogs", "shipping_cost", "payment_fee")

# --------------------------------------------------------------------------------------------
# Margins
# --------------------------------------------------------------------------------------------


def gross_margin(net_revenue: float, cogs: float) -> float:
    """Gross margin: the share of net revenue left after the cost of the goods sold.

    gross margin = (net revenue - COGS) / net revenue
    """
    if net_revenue == 0:
        raise ZeroDivisionError("gross margin is undefined when net revenue is 0")
    return (net_revenue - cogs) / net_revenue


def order_contribution(orders: pd.DataFrame) -> pd.Series:
    """Contribution of each order: what is left after every cost the order itself causes.

    contribution = revenue - refund - COGS - shipping cost - payment fee
    (revenue is after discounts; COGS is the cost of the goods the customer kept; shipping
    includes return shipping and handling.)
    """
    require_columns(orders, ORDER_COLUMNS, "order contribution")
    return (
        orders["revenue"]
        - orders["refund"]
        - orders["cogs"]
        - orders["shipping_cost"]
        - orders["payment_fee"]
    )


def net_revenue(orders: pd.DataFrame) -> float:
    """Net revenue of a set of orders: revenue after discounts, minus refunds."""
    require_columns(orders, ("revenue", "refund"), "net revenue")
    return float(orders["revenue"].sum() - orders["refund"].sum())


def first_order_value(orders: pd.DataFrame, customers: pd.DataFrame, year: int) -> float:
    """Average net revenue of the first orders of the customers who first bought in ``year``:
    what a new customer is worth on the day they arrive, before any repeat order."""
    require_columns(
        orders, ("order_id", "order_date", "customer_id", "revenue", "refund"), "first-order value"
    )
    require_columns(customers, ("customer_id", "first_order_date"), "first-order value")
    new = customers.loc[customers["first_order_date"].dt.year == year, "customer_id"]
    mine = orders[orders["customer_id"].isin(new)].sort_values(
        ["order_date", "order_id"], kind="stable"
    )
    first = mine.drop_duplicates("customer_id")
    if first.empty:
        raise ValueError(f"no customer first bought in {year}")
    return net_revenue(first) / len(first)


def second_year_multiplier(
    orders: pd.DataFrame, customers: pd.DataFrame, cohort_year: int = 2024
) -> float:
    """How much a cohort's contribution over 24 months exceeds its first 12 months': what repeat
    orders in the second year add to a first-year return."""
    curve = cohort_contribution_curve(
        orders, customers, f"{cohort_year}-01-01", f"{cohort_year}-12-31", 24
    )
    cumulative = curve["cumulative_contribution"]
    return float(cumulative.iloc[-1] / cumulative.iloc[11])


def contribution_margin(orders: pd.DataFrame) -> float:
    """Contribution margin of a set of orders, as a share of net revenue.

    contribution margin = sum of order contribution / (sum of revenue - sum of refunds)
    It is a ratio of totals, not an average of each order's margin.
    """
    require_columns(orders, ORDER_COLUMNS, "contribution margin")
    revenue = net_revenue(orders)
    if revenue == 0:
        raise ZeroDivisionError("contribution margin is undefined when net revenue is 0")
    return float(order_contribution(orders).sum()) / revenue


# --------------------------------------------------------------------------------------------
# Acquisition cost
# --------------------------------------------------------------------------------------------


def cac(spend: float, new_customers: float) -> float:
    """Customer acquisition cost: spend divided by the new customers it is credited with.

    Blended CAC divides all marketing cost by all new customers; paid CAC divides paid media
    spend by the new customers recorded as coming from paid channels.
    """
    if new_customers <= 0:
        raise ZeroDivisionError("CAC is undefined without new customers")
    return spend / new_customers


def new_customers(
    customers: pd.DataFrame,
    year: int | None = None,
    channels: Sequence[str] | None = None,
) -> int:
    """Count customers whose first order falls in ``year`` (and, optionally, in ``channels``)."""
    require_columns(customers, ("first_order_date", "acquisition_channel"), "new customers")
    mask = pd.Series(True, index=customers.index)
    if year is not None:
        mask &= customers["first_order_date"].dt.year == year
    if channels is not None:
        mask &= customers["acquisition_channel"].isin(list(channels))
    return int(mask.sum())


# --------------------------------------------------------------------------------------------
# Lifetime value, payback and the cash curve
# --------------------------------------------------------------------------------------------


def ltv(
    first_order_margin: float,
    monthly_margin: float,
    monthly_retention: float,
    horizon_months: int,
) -> float:
    """Margin-based lifetime value of one new customer over a capped horizon (undiscounted).

    LTV = first-order margin + sum over months t = 1 .. H-1 of monthly margin x retention^t

    Month 0 is the month of the first order; ``monthly_margin`` is the average contribution an
    *active* customer brings in a later month; ``monthly_retention`` (= 1 - monthly churn) is
    the share of customers still active from one month to the next. A horizon of 24 months
    counts month 0 to month 23.
    """
    require_fraction(monthly_retention, "monthly retention")
    if horizon_months < 1:
        raise ValueError("the horizon must be at least 1 month (the month of the first order)")
    later = sum(monthly_margin * monthly_retention**t for t in range(1, int(horizon_months)))
    return float(first_order_margin + later)


def monthly_margins(
    first_order_margin: float,
    monthly_margin: float,
    monthly_retention: float,
    horizon_months: int,
) -> np.ndarray:
    """Expected contribution of one new customer in each month 0 .. H-1 (sums to ``ltv``)."""
    t = np.arange(int(horizon_months))
    margins = monthly_margin * monthly_retention**t
    margins[0] = first_order_margin
    return margins


def cash_curve(cac: float, margins_by_month: Sequence[float]) -> np.ndarray:
    """Cumulative cash of one new customer: -CAC, plus each month's contribution as it comes in.

    cash[t] = -CAC + sum of margins[0..t]
    """
    return -float(cac) + np.cumsum(np.asarray(margins_by_month, dtype=float))


def payback_month(cac: float, margins_by_month: Sequence[float]) -> int | None:
    """The first month (0 = month of the first order) in which cumulative contribution covers
    CAC, or ``None`` if it never does within the months given."""
    cash = cash_curve(cac, margins_by_month)
    paid_back = np.nonzero(cash >= -1e-9)[0]
    return int(paid_back[0]) if len(paid_back) else None


def cohort_cash_curve(
    cac: float,
    margins_by_month: Sequence[float],
    new_customers_per_month: Sequence[float],
) -> np.ndarray:
    """The company's cumulative cash from acquiring customers month after month.

    Each month's new customers cost CAC up front and then earn the per-customer margins.
    The lowest point is the cash trough: the money the plan ties up before it pays back.
    """
    margins = np.asarray(margins_by_month, dtype=float)
    acquired = np.asarray(new_customers_per_month, dtype=float)
    if margins.ndim != 1 or acquired.ndim != 1:
        raise TypeError(
            "margins_by_month and new_customers_per_month must each be a list with one number per "
            "month, e.g. new_customers_per_month=[300] * 12 for 300 customers a month for a year."
        )
    months = len(margins)
    flow = np.zeros(months)
    for start, n in enumerate(acquired):
        if start >= months:
            break
        flow[start] -= n * cac
        flow[start:] += n * margins[: months - start]
    return np.cumsum(flow)


def cash_trough(curve: Sequence[float]) -> tuple[float, int]:
    """The deepest point of a cash curve and the month it happens: (cash, month)."""
    values = np.asarray(curve, dtype=float)
    month = int(np.argmin(values))
    return float(values[month]), month


def cohort_contribution_curve(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    first_order_from: str | pd.Timestamp,
    first_order_to: str | pd.Timestamp,
    horizon_months: int = 12,
    channels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Average contribution per new customer by months since the first order, from the data.

    Takes the customers whose first order falls between the two dates (inclusive), optionally
    only those from ``channels``, and returns one row per month since first order (0 .. H-1):
    the contribution per acquired customer that month, its running total (the observed LTV),
    and the share of the cohort that ordered that month. Customers who could not yet be
    observed for a month are left out of that month's average.
    """
    require_columns(
        customers, ("customer_id", "first_order_date", "acquisition_channel"), "cohort curve"
    )
    require_columns(orders, ("customer_id", "order_date", *ORDER_COLUMNS), "cohort curve")
    start, end = pd.Timestamp(first_order_from), pd.Timestamp(first_order_to)
    cohort = customers[
        (customers["first_order_date"] >= start) & (customers["first_order_date"] <= end)
    ]
    if channels is not None:
        cohort = cohort[cohort["acquisition_channel"].isin(list(channels))]
    if cohort.empty:
        raise ValueError("no customers had their first order in that period")
    month_number = lambda s: s.dt.year * 12 + s.dt.month  # noqa: E731
    joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
    months_since = month_number(joined["order_date"]) - month_number(joined["first_order_date"])
    per_month = (
        joined.assign(
            months_since_first_order=months_since, contribution=order_contribution(joined)
        )
        .groupby("months_since_first_order")
        .agg(contribution=("contribution", "sum"), buyers=("customer_id", "nunique"))
    )
    # A customer can be observed t months after their first order only if the data reaches that
    # month; every order in the data is, by construction, from an observable month.
    last_month = month_number(orders["order_date"]).max()
    cohort_months = np.sort(month_number(cohort["first_order_date"]).to_numpy())
    rows = []
    for t in range(int(horizon_months)):
        observed = int(np.searchsorted(cohort_months, last_month - t, side="right"))
        if observed == 0:
            break
        contribution = per_month["contribution"].get(t, 0.0)
        buyers = per_month["buyers"].get(t, 0)
        rows.append(
            {
                "months_since_first_order": t,
                "customers_observed": observed,
                "contribution_per_customer": float(contribution) / observed,
                "share_ordering": buyers / observed,
            }
        )
    curve = pd.DataFrame(rows)
    curve["cumulative_contribution"] = curve["contribution_per_customer"].cumsum()
    return curve


def estimate_retention(curve: pd.DataFrame, first_month: int = 1) -> tuple[float, float]:
    """Estimate (monthly repeat-order share, monthly retention) from a cohort curve.

    Fits share_ordering[t] = p x retention^t on months >= ``first_month`` by least squares on
    the logarithm. ``p`` is the share of still-active customers who order in a month. Only the
    months in which *every* customer of the cohort could be observed are used: later months
    rest on the earliest customers alone, and a changing mix of customers (and of calendar
    months) would bias the fit.
    """
    require_columns(
        curve,
        ("months_since_first_order", "share_ordering", "customers_observed"),
        "retention estimate",
    )
    full = curve[curve["customers_observed"] == curve["customers_observed"].max()]
    part = full[(full["months_since_first_order"] >= first_month) & (full["share_ordering"] > 0)]
    if len(part) < 3:
        raise ValueError(
            "need at least three fully observed months of repeat orders to estimate retention"
        )
    slope, intercept = np.polyfit(
        part["months_since_first_order"], np.log(part["share_ordering"]), 1
    )
    return float(math.exp(intercept)), float(min(1.0, math.exp(slope)))


# --------------------------------------------------------------------------------------------
# Returns on marketing
# --------------------------------------------------------------------------------------------


def roas(revenue: float, spend: float) -> float:
    """Return on ad spend: revenue credited to the ads per dollar of ad spend (a ratio)."""
    if spend == 0:
        raise ZeroDivisionError("ROAS is undefined without spend")
    return revenue / spend


def roi(contribution: float, spend: float) -> float:
    """Return on investment of a campaign: profit after the spend, per dollar spent.

    ROI = (contribution earned - spend) / spend        (0 = break-even)
    """
    if spend == 0:
        raise ZeroDivisionError("ROI is undefined without spend")
    return (contribution - spend) / spend


def romi(incremental_revenue: float, contribution_margin: float, marketing_cost: float) -> float:
    """Return on marketing investment: the same profit test, on *incremental* revenue only.

    ROMI = (incremental revenue x contribution margin - marketing cost) / marketing cost
    """
    return roi(incremental_revenue * contribution_margin, marketing_cost)


def marginal_roi(
    spend_before: float,
    spend_after: float,
    revenue_before: float,
    revenue_after: float,
    contribution_margin: float,
) -> float:
    """Return on the *extra* spend when a budget moves from one level to another.

    marginal ROI = (change in revenue x contribution margin - change in spend) / change in spend
    """
    extra = spend_after - spend_before
    if extra == 0:
        raise ZeroDivisionError("marginal ROI needs two different spend levels")
    return ((revenue_after - revenue_before) * contribution_margin - extra) / extra


def margin_before_refunds(pnl: pd.DataFrame, year: int) -> float:
    """Contribution as a share of revenue before refunds (gross sales - discounts): the margin
    to apply to revenue as a purchase event or an ad platform records it."""
    require_columns(
        pnl, ("month", "gross_sales", "discounts", "contribution"), "margin before refunds"
    )
    in_year = pnl[pnl["month"].dt.year == year]
    if in_year.empty:
        raise ValueError(f"the P&L has no months in {year}")
    return float(
        in_year["contribution"].sum() / (in_year["gross_sales"].sum() - in_year["discounts"].sum())
    )


def break_even_roas(contribution_margin: float) -> float:
    """The ROAS at which ad-driven revenue exactly pays for the ads: 1 / contribution margin.

    The margin must be measured on the same revenue the ROAS counts: ad platforms count revenue
    before returns, so use contribution / revenue before refunds to judge a platform's ROAS.
    """
    if contribution_margin <= 0:
        raise ValueError("break-even ROAS needs a positive contribution margin")
    return 1 / contribution_margin


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


# --------------------------------------------------------------------------------------------
# Unit economics: one model for the explorer, the sensitivity table and the checks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitEconomics:
    """The unit economics of acquiring one customer.

    aov: average order value after discounts and refunds ($ of net revenue per order)
    contribution_margin: contribution / net revenue (fraction)
    repeat_rate: share of active customers who order in a given later month (fraction)
    monthly_churn: share of active customers lost each month (fraction)
    cac: acquisition cost per new customer ($)
    horizon_months: months counted in LTV (month 0 = the first order)
    """

    aov: float
    contribution_margin: float
    repeat_rate: float
    monthly_churn: float
    cac: float
    horizon_months: int = 24

    @property
    def margin_per_order(self) -> float:
        return self.aov * self.contribution_margin

    def margins_by_month(self) -> np.ndarray:
        return monthly_margins(
            self.margin_per_order,
            self.margin_per_order * self.repeat_rate,
            1 - self.monthly_churn,
            self.horizon_months,
        )

    def ltv(self) -> float:
        return float(self.margins_by_month().sum())

    def ltv_to_cac(self) -> float:
        return self.ltv() / self.cac

    def payback_month(self) -> int | None:
        return payback_month(self.cac, self.margins_by_month())

    def cash_curve(self) -> np.ndarray:
        return cash_curve(self.cac, self.margins_by_month())


SENSITIVITY_LEVERS = {
    "aov": "Average order value +10%",
    "contribution_margin": "Contribution margin +10%",
    "repeat_rate": "Repeat rate +10%",
    "monthly_churn": "Monthly churn -10%",
    "cac": "CAC -10%",
}


def sensitivity(base: UnitEconomics, change: float = 0.10) -> pd.DataFrame:
    """LTV:CAC after improving each lever by ``change`` (10% by default), one at a time.

    Improving means up for AOV, margin and repeat rate, and down for churn and CAC. Returns
    one row per lever, sorted with the biggest gain first.
    """
    rows = []
    base_ratio = base.ltv_to_cac()
    for lever, label in SENSITIVITY_LEVERS.items():
        factor = 1 - change if lever in ("monthly_churn", "cac") else 1 + change
        changed = replace(base, **{lever: getattr(base, lever) * factor})
        rows.append(
            {
                "lever": lever,
                "change": label,
                "ltv_to_cac": changed.ltv_to_cac(),
                "gain": changed.ltv_to_cac() - base_ratio,
            }
        )
    return pd.DataFrame(rows).sort_values("gain", ascending=False).reset_index(drop=True)


def unit_economics_from_data(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    cac: float,
    channels: Sequence[str] | None = None,
    first_order_from: str = "2024-01-01",
    first_order_to: str = "2024-12-31",
    horizon_months: int = 24,
) -> UnitEconomics:
    """Estimate a cohort's unit economics from the data: AOV and contribution margin of its
    orders, repeat rate and churn fitted on its cohort curve, and the CAC you give."""
    curve = cohort_contribution_curve(
        orders, customers, first_order_from, first_order_to, horizon_months, channels
    )
    cohort = customers[
        (customers["first_order_date"] >= pd.Timestamp(first_order_from))
        & (customers["first_order_date"] <= pd.Timestamp(first_order_to))
    ]
    if channels is not None:
        cohort = cohort[cohort["acquisition_channel"].isin(list(channels))]
    their_orders = orders[orders["customer_id"].isin(cohort["customer_id"])]
    repeat_rate, retention = estimate_retention(curve)
    return UnitEconomics(
        aov=net_revenue(their_orders) / len(their_orders),
        contribution_margin=contribution_margin(their_orders),
        repeat_rate=repeat_rate,
        monthly_churn=1 - retention,
        cac=float(cac),
        horizon_months=horizon_months,
    )


def paid_cac_by_platform(spend: pd.DataFrame, customers: pd.DataFrame, year: int) -> pd.DataFrame:
    """Paid CAC of each paid platform in one year: the platform's spend over the new customers
    recorded as coming from it (last click)."""
    from .datasets.company import PAID_PLATFORMS, paid_source

    require_columns(spend, ("month", "channel", "actual"), "paid CAC by platform")
    require_columns(
        customers,
        ("first_order_date", "acquisition_channel", "acquisition_source"),
        "paid CAC by platform",
    )
    in_year = spend[spend["month"].dt.year == year]
    new = customers[customers["first_order_date"].dt.year == year]
    rows = []
    for platform, details in PAID_PLATFORMS.items():
        platform_spend = float(in_year.loc[in_year["channel"] == platform, "actual"].sum())
        count = int(
            (
                (new["acquisition_channel"] == details["channel"])
                & (new["acquisition_source"] == paid_source(platform))
            ).sum()
        )
        rows.append(
            {
                "platform": platform,
                "spend": platform_spend,
                "new_customers": count,
                "cac": platform_spend / count if count else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("platform").sort_values("cac")
