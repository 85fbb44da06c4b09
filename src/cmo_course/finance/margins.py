"""Margins: what the company keeps of a dollar of revenue, on the basis each question needs."""

from __future__ import annotations

from collections import OrderedDict

import pandas as pd

from cmo_course._kept import kept
from cmo_course.validation import require_columns

ORDER_COLUMNS = ("revenue", "refund", "cogs", "shipping_cost", "payment_fee")

# A margin of the online orders reads every order (and the first-order margin joins them to the
# customers): a lesson and its checks ask for the same margins of the same tables several times,
# so each is kept per content of the columns it reads (cmo_course._kept: every value compared in
# full before a kept margin is used). The margins are computed on those columns alone.
_MARGINS: OrderedDict[tuple, tuple[list, object]] = OrderedDict()
_MARGINS_MAX = 8


def _kept_margin(what: tuple, tables: dict[str, tuple[pd.DataFrame, tuple]], compute) -> float:
    """``compute`` of the ``tables`` (name: (frame, the columns it reads)) narrowed to those
    columns, kept per their content (computed on the tables as given if a name is repeated)."""
    if any(frame.columns.duplicated().any() for frame, _ in tables.values()):
        return compute(**{name: frame for name, (frame, _) in tables.items()})
    narrow = {name: frame[list(columns)] for name, (frame, columns) in tables.items()}
    read = [frame[c] for frame in narrow.values() for c in frame.columns]
    return kept(_MARGINS, what, read, lambda: compute(**narrow), _MARGINS_MAX)


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


def margin_before_refunds(pnl: pd.DataFrame, year: int) -> float:
    """The P&L's contribution as a share of revenue before refunds (gross sales - discounts):
    every order, the shops' included. Not the margin behind an ad platform's ROAS: platforms
    see only online orders, which earn less per dollar than the shops (use ``online_margin``)."""
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

    The margin must describe the same orders and revenue the ROAS counts. An ad platform counts
    online orders before returns: take ``online_margin`` when those orders are a mix of new and
    returning customers, and ``first_order_margin`` when nearly all are new customers' first
    orders, as with Meta's prospecting (Module 01, Exercise 1.8; Module 03).
    """
    if contribution_margin <= 0:
        raise ValueError("break-even ROAS needs a positive contribution margin")
    return 1 / contribution_margin


def online_margin(orders: pd.DataFrame, year: int | None = None) -> float:
    """Contribution of the online orders per dollar of their revenue before refunds: the margin
    behind an ad platform's or GA4's revenue, which count online orders before returns.

    (The P&L's margin is higher: the shops earn more per dollar, because their rent and staff
    sit below contribution. An ad platform never sees a shop order.)"""
    read = ("order_date", "sales_channel", *ORDER_COLUMNS)
    require_columns(orders, read, "online margin")
    return _kept_margin(
        ("online margin", type(year), year),
        {"orders": (orders, read)},
        lambda orders: _online(orders, year),
    )


def _online(orders: pd.DataFrame, year: int | None) -> float:
    online = orders[orders["sales_channel"] == "online"]
    if year is not None:
        online = online[online["order_date"].dt.year == year]
    if online.empty:
        raise ValueError("there are no online orders to measure")
    return float(order_contribution(online).sum() / online["revenue"].sum())


def first_order_margin(
    orders: pd.DataFrame, customers: pd.DataFrame, year: int | None = None
) -> float:
    """Contribution of new customers' first online orders per dollar of their revenue before
    refunds: the margin that pays for acquiring a customer on the first order alone (lower than
    the online margin: the welcome discount, and more shipping per dollar on a first basket)."""
    read = ("customer_id", "order_date", "sales_channel", *ORDER_COLUMNS)
    require_columns(orders, read, "first-order margin")
    require_columns(customers, ("customer_id", "first_order_date"), "first-order margin")
    if "first_order_date" in orders.columns:  # the join then names it twice: as it always did
        return _first_orders(orders, customers, year)
    return _kept_margin(
        ("first-order margin", type(year), year),
        {"orders": (orders, read), "customers": (customers, ("customer_id", "first_order_date"))},
        lambda orders, customers: _first_orders(orders, customers, year),
    )


def _first_orders(orders: pd.DataFrame, customers: pd.DataFrame, year: int | None) -> float:
    # each customer's earliest order in the table, kept when it is their first order ever
    # (customers from before the data began are already past theirs) and was placed online
    from .lifetime import _customer_rows  # (lifetime reads this module)

    rows = _customer_rows(orders["customer_id"], customers["customer_id"])
    if rows is None or "first_order_date" in orders.columns:
        earliest = orders.sort_values("order_date", kind="stable").drop_duplicates("customer_id")
        if year is not None:
            earliest = earliest[earliest["order_date"].dt.year == year]
        joined = earliest.merge(
            customers[["customer_id", "first_order_date"]], on="customer_id", how="inner"
        )
    else:  # the same rows, in the same order, found by the customer rows kept for the tables
        by_date = orders["order_date"].reset_index(drop=True).sort_values(kind="stable").index
        found = rows[by_date]  # each order's customer row, -1 for an order of no customer
        taken = by_date[~pd.Series(found).duplicated().to_numpy() & (found >= 0)].to_numpy()
        if year is not None:
            taken = taken[(orders["order_date"].take(taken).dt.year == year).to_numpy()]
        firsts = customers["first_order_date"].array.take(rows[taken])
        joined = orders.take(taken).assign(first_order_date=firsts)
    first = joined[
        (joined["order_date"] == joined["first_order_date"]) & (joined["sales_channel"] == "online")
    ]
    if first.empty:
        raise ValueError("there are no first online orders to measure")
    return float(order_contribution(first).sum() / first["revenue"].sum())
