"""Momentum: how much more the year brought than the year before, from the customers table.

The planning model carries two halves of it into next year: the new customers who came without
paid media (``non_paid_growth``) and what a dollar of paid digital brought (``paid_response_growth``).
Both count the customers the ads brought, not only those last click credits to them, when given
each platform's recorded share (``recorded_shares``: video ads' buyers mostly arrive by other
routes).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def recorded_shares(paid_truth: Mapping) -> dict[str, float]:
    """By acquisition source, the share of the new customers a paid platform's ads bring whose
    first order last click records on it (``paid_media_daily``'s truth; 1 where not given): the
    rest arrive recorded as direct or organic search."""
    from ..datasets.company import paid_source

    return {
        paid_source(name): float(c.get("recorded_share", 1.0))
        for name, c in paid_truth["response_curves"].items()
    }


def _paid_and_brought(
    customers: pd.DataFrame, recorded_share: Mapping[str, float] | None
) -> tuple[pd.Series, pd.Series]:
    """Whose last click was paid digital, and how many customers each stands for among those the
    ads brought (1 / the platform's recorded share: the others arrived by other routes)."""
    paid = customers["acquisition_channel"].str.startswith("paid_")
    share = customers["acquisition_source"].map(dict(recorded_share or {})).fillna(1.0)
    return paid, (1.0 / share).where(paid, 0.0)


def non_paid_growth(
    customers: pd.DataFrame, year: int, recorded_share: Mapping[str, float] | None = None
) -> float:
    """How much the new customers who came without paid media (acquisition channel not paid
    search, social or video) grew from ``year - 1`` to ``year``. With ``recorded_share`` (by
    acquisition source, ``recorded_shares``), less those the ads brought who arrived by another
    route (for each customer last click credits to a platform, 1 / its share - 1 of them)."""
    first = customers["first_order_date"].dt.year
    paid, brought = _paid_and_brought(customers, recorded_share)
    elsewhere = (brought - 1.0).where(paid, 0.0)

    def count(y: int) -> float:
        mine = first == y
        return float((~paid & mine).sum()) - float(elsewhere[mine].sum())

    return count(year) / max(count(year - 1), 1.0) - 1


def paid_response_growth(
    customers: pd.DataFrame,
    spend: pd.DataFrame,
    year: int,
    recorded_share: Mapping[str, float] | None = None,
) -> float:
    """How much what a dollar of paid digital brings grew from ``year - 1`` to ``year``: the new
    customers whose last click was a paid consumer ad (search, social or video; LinkedIn, which
    sells gifting, left out) per dollar of those channels' spend, this year against last. With
    ``recorded_share`` (by acquisition source, ``recorded_shares``), each such customer counts
    for 1 / its platform's share: the customers the ads brought, however they arrived."""
    first = customers["first_order_date"].dt.year
    paid, brought = _paid_and_brought(customers, recorded_share)
    brought = brought.where(paid & (customers["acquisition_source"] != "linkedin"), 0.0)
    digital = spend[(spend["channel_group"] == "paid_digital") & (spend["channel"] != "linkedin")]
    dollars = digital.groupby(digital["month"].dt.year)["actual"].sum()

    def per_dollar(y: int) -> float:
        return float(brought[first == y].sum()) / max(float(dollars.get(y, 0.0)), 1.0)

    return per_dollar(year) / max(per_dollar(year - 1), 1e-12) - 1
