"""Social metrics and how they bridge to business ones (module 00)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .validation import require_columns

ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves")


def engagements(posts: pd.DataFrame) -> pd.Series:
    """Engagements of each post: likes + comments + shares + saves."""
    require_columns(posts, ENGAGEMENT_COLUMNS, "engagements")
    return posts[list(ENGAGEMENT_COLUMNS)].sum(axis=1)


def engagement_rate(posts: pd.DataFrame, by: str = "platform", per: str = "reach") -> pd.Series:
    """Engagement rate by group: total engagements / total ``per`` (reach, impressions or
    followers). A ratio of totals, so a big post counts for more than a small one."""
    require_columns(posts, (by, per, *ENGAGEMENT_COLUMNS), "engagement rate")
    totals = posts.assign(engagements=engagements(posts)).groupby(by)[["engagements", per]].sum()
    return totals["engagements"] / totals[per]


def customers_per_thousand_clicks(
    posts: pd.DataFrame,
    customers: pd.DataFrame,
    year: int | None,
    channels: Sequence[str] | None = ("organic_social",),
    per_clicks: float = 1000,
) -> pd.Series:
    """New customers whose first order came from an organic post, per 1,000 link clicks, by
    platform: the bridge from a social metric to a business one.

    ``year`` None takes every post and every customer first seen since the first post;
    ``channels`` None counts customers from any channel whose source is the platform.
    """
    require_columns(posts, ("date", "platform", "link_clicks"), "customers per 1,000 clicks")
    require_columns(
        customers,
        ("first_order_date", "acquisition_channel", "acquisition_source"),
        "customers per 1,000 clicks",
    )
    if year is None:
        in_posts = posts
        new = customers[customers["first_order_date"] >= posts["date"].min()]
    else:
        in_posts = posts[posts["date"].dt.year == year]
        new = customers[customers["first_order_date"].dt.year == year]
    if channels is not None:
        new = new[new["acquisition_channel"].isin(list(channels))]
    clicks = in_posts.groupby("platform")["link_clicks"].sum()
    count = new.groupby("acquisition_source").size().reindex(clicks.index, fill_value=0)
    return count / clicks * per_clicks
