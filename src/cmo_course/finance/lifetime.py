"""Lifetime value, payback and the cash curve, and the unit economics of one customer."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cmo_course._kept import kept
from cmo_course.validation import require_columns, require_fraction

from .margins import ORDER_COLUMNS, contribution_margin, net_revenue, order_contribution

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

    LTV = first-order contribution + sum over months t = 1 .. H-1 of monthly margin x retention^t

    Month 0 is the month of the first order; ``first_order_margin`` is that order's contribution
    in dollars (not the ratio ``finance.first_order_margin`` measures); ``monthly_margin`` is the
    average contribution, in dollars, an *active* customer brings in a later month;
    ``monthly_retention`` (= 1 - monthly churn) is the share of customers still active from one
    month to the next. A horizon of 24 months
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

    Each month's new customers cost CAC up front and then earn the per-customer margins, every
    month of them: the curve runs, month by month from the first purchase, until the last
    month's customers have earned their last month of margins (months bought + months of
    margins - 1 points). No cohort is cut short, so the last point is what the whole plan earns
    over each customer's horizon: customers x (LTV - CAC). The lowest point is the cash trough:
    the money the plan ties up before it pays back.
    """
    margins = np.asarray(margins_by_month, dtype=float)
    acquired = np.asarray(new_customers_per_month, dtype=float)
    if margins.ndim != 1 or acquired.ndim != 1:
        raise TypeError(
            "margins_by_month and new_customers_per_month must each be a list with one number per "
            "month, e.g. new_customers_per_month=[300] * 12 for 300 customers a month for a year."
        )
    flow = np.zeros(max(len(acquired) + max(len(margins), 1) - 1, len(margins)))
    for start, n in enumerate(acquired):
        flow[start] -= n * cac
        flow[start : start + len(margins)] += n * margins
    return np.cumsum(flow)


def cash_trough(curve: Sequence[float]) -> tuple[float, int]:
    """The deepest point of a cash curve and the month it happens: (cash, month)."""
    values = np.asarray(curve, dtype=float)
    month = int(np.argmin(values))
    return float(values[month]), month


# Joining every order to its customer (hashing 525,000 customer ids) is the slow part of a
# cohort curve, and a lesson draws one curve per channel from the same two tables, its checks
# more. So which customer row each order belongs to is kept per content of the two id columns
# (cmo_course._kept: Python-string ids are compared in full before a kept answer is used).
_CUSTOMER_ROWS: OrderedDict[tuple, tuple[list, object]] = OrderedDict()
_CUSTOMER_ROWS_MAX = 4
# and so is each curve, per content of the columns it reads and its arguments
_CURVES: OrderedDict[tuple, tuple[list, object]] = OrderedDict()
_CURVES_MAX = 16


def _find_customer_rows(order_ids: pd.Series, customer_ids: pd.Series) -> np.ndarray | None:
    """The position in ``customer_ids`` of each order's customer (-1 if it has none), or None
    if the ids are not a key to look up by: of different types, not text or integers, missing
    or repeated (a join of the tables then gives what a join gives)."""
    kinds = {order_ids.dtype.kind, customer_ids.dtype.kind}
    text = isinstance(order_ids.dtype, pd.StringDtype) and isinstance(
        customer_ids.dtype, pd.StringDtype
    )
    if not (text or (order_ids.dtype == customer_ids.dtype and kinds <= set("iu"))):
        return None
    if order_ids.isna().any() or customer_ids.isna().any():
        return None
    index = pd.Index(customer_ids)
    if not index.is_unique:
        return None
    rows = _text_rows(order_ids, customer_ids) if text else None
    if rows is None:
        rows = index.get_indexer(order_ids)
    rows.flags.writeable = False  # shared by every caller
    return rows


def _text_rows(order_ids: pd.Series, customer_ids: pd.Series) -> np.ndarray | None:
    """What ``Index.get_indexer`` finds for text ids (no missing, no repeated customer),
    looked up by Arrow: hashing the ids' UTF-8 bytes takes about two thirds of the time of
    hashing 525,000 Python strings, and two texts are equal exactly when their bytes are.
    None if a text cannot be written as UTF-8 (a lone surrogate): look them up by pandas."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        wanted, keys = (
            pa.array(ids.to_numpy(dtype=object), type=pa.large_string())
            for ids in (order_ids, customer_ids)
        )
    except (pa.ArrowException, UnicodeError):
        return None
    found = pc.index_in(wanted, value_set=keys).fill_null(-1)
    return found.to_numpy(zero_copy_only=False).astype(np.intp)


def _customer_rows(order_ids: pd.Series, customer_ids: pd.Series) -> np.ndarray | None:
    """``_find_customer_rows``, kept per content of the two columns."""
    return kept(
        _CUSTOMER_ROWS,
        "customer rows",
        [order_ids, customer_ids],
        lambda: _find_customer_rows(order_ids, customer_ids),
        _CUSTOMER_ROWS_MAX,
    )


def came_back_within(
    orders: pd.DataFrame, customers: pd.DataFrame, chosen, within_days: int
) -> np.ndarray | None:
    """For each customer, whether one of their orders falls after their first order and within
    ``within_days`` of it, for the ``chosen`` customers (a boolean per customer; the rest are
    False), found by the customer rows kept for the two tables: what a join of the orders with
    the chosen customers finds. None when the ids are no key to look up by, the dates are not
    datetimes, or a join would name a column twice: join the tables then."""
    if "first_order_date" in orders.columns or orders.columns.duplicated().any():
        return None
    dates, firsts = orders["order_date"], customers["first_order_date"]
    rows = _customer_rows(orders["customer_id"], customers["customer_id"])
    if rows is None or dates.dtype.kind != "M" or firsts.dtype.kind != "M":
        return None
    in_chosen = np.zeros(len(customers) + 1, dtype=bool)  # the last one: no customer
    in_chosen[:-1] = chosen
    taken = np.flatnonzero(in_chosen[rows])
    dates = dates.take(taken).reset_index(drop=True)
    firsts = firsts.take(rows[taken]).reset_index(drop=True)
    later = ((dates > firsts) & (dates <= firsts + pd.Timedelta(days=within_days))).to_numpy()
    back = np.zeros(len(customers), dtype=bool)
    back[rows[taken][later]] = True
    return back


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
    channels = None if channels is None else list(channels)
    args = (start, end, horizon_months, channels)
    if "first_order_date" in orders.columns or orders.columns.duplicated().any():
        return _cohort_curve(orders, customers, *args)  # a join of these names its columns twice
    read = [orders[c] for c in ("customer_id", "order_date", *ORDER_COLUMNS)]
    read += [customers[c] for c in ("customer_id", "first_order_date")]
    if channels is not None:
        read.append(customers["acquisition_channel"])
    what = (
        "cohort curve",
        start,
        end,
        (type(horizon_months), horizon_months),
        None if channels is None else tuple((type(c), c) for c in channels),
    )
    curve = kept(_CURVES, what, read, lambda: _cohort_curve(orders, customers, *args), _CURVES_MAX)
    return curve.copy()


def _cohort_curve(orders, customers, start, end, horizon_months, channels) -> pd.DataFrame:
    chosen = (customers["first_order_date"] >= start) & (customers["first_order_date"] <= end)
    if channels is not None:
        chosen &= customers["acquisition_channel"].isin(channels)
    cohort = customers[chosen]
    if cohort.empty:
        raise ValueError("no customers had their first order in that period")
    month_number = lambda s: s.dt.year * 12 + s.dt.month  # noqa: E731
    rows_of = _customer_rows(orders["customer_id"], customers["customer_id"])
    if rows_of is None:  # no unique, complete key to look customers up by: join them
        joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
        months_since = month_number(joined["order_date"]) - month_number(joined["first_order_date"])
        contribution, buyer = order_contribution(joined), joined["customer_id"]
    else:
        # the same orders, in the same order, as the join of the orders with the cohort
        in_cohort = np.zeros(len(customers) + 1, dtype=bool)  # the last one: no customer
        in_cohort[:-1] = chosen.to_numpy()
        taken = np.flatnonzero(in_cohort[rows_of])
        buyer = pd.Series(rows_of[taken])
        first_dates = customers["first_order_date"].take(rows_of[taken]).reset_index(drop=True)
        order_dates = orders["order_date"].take(taken).reset_index(drop=True)
        months_since = month_number(order_dates) - month_number(first_dates)
        contribution = order_contribution(
            orders[list(ORDER_COLUMNS)].take(taken).reset_index(drop=True)
        )
    per_month = (
        pd.DataFrame(
            {
                "months_since_first_order": months_since,
                "contribution": contribution,
                "customer_id": buyer,
            }
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
