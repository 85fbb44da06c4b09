"""Acquisition cost and the returns on marketing: CAC, ROAS, ROI, ROMI and marginal ROI."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cmo_course.validation import require_columns

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


def paid_cac_by_platform(spend: pd.DataFrame, customers: pd.DataFrame, year: int) -> pd.DataFrame:
    """Paid CAC of each paid platform in one year: the platform's spend over the new customers
    recorded as coming from it (last click)."""
    from cmo_course.datasets.company import PAID_PLATFORMS, paid_source

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
