"""Exercises of module 00 Start here. Expected values come from the loaded data."""

from __future__ import annotations

import pandas as pd

from .. import datasets, social
from ..plots import label
from .comparators import Number, SeriesOf
from .exercises import Mistake, ValueExercise

YEAR = 2025


def _orders_in(year: int) -> int:
    orders = datasets.load("orders")
    return int((orders["order_date"].dt.year == year).sum())


def _customers_ordering_in(year: int) -> int:
    orders = datasets.load("orders")
    return int(orders.loc[orders["order_date"].dt.year == year, "customer_id"].nunique())


def _posts() -> pd.DataFrame:
    return datasets.load("social_posts")


def _engagement_per(per: str) -> pd.Series:
    return social.engagement_rate(_posts(), per=per)


def _mean_of_post_rates() -> pd.Series:
    posts = _posts()
    return (social.engagements(posts) / posts["reach"]).groupby(posts["platform"]).mean()


def _likes_only() -> pd.Series:
    totals = _posts().groupby("platform")[["likes", "reach"]].sum()
    return totals["likes"] / totals["reach"]


def _per_thousand(**changes) -> pd.Series:
    options = {"year": YEAR, **changes}
    return social.customers_per_thousand_clicks(_posts(), datasets.load("customers"), **options)


def _customers_of_any_year_per_2025_clicks() -> pd.Series:
    posts, customers = _posts(), datasets.load("customers")
    clicks = posts[posts["date"].dt.year == YEAR].groupby("platform")["link_clicks"].sum()
    organic = customers[customers["acquisition_channel"] == "organic_social"]
    return (
        organic.groupby("acquisition_source").size().reindex(clicks.index, fill_value=0)
        / clicks
        * 1000
    )


EXERCISES = [
    ValueExercise(
        id="0.1",
        title="orders in 2025",
        answer="orders_2025",
        comparator=Number(integer=True, what="a whole number (a count of orders)"),
        expected=lambda: _orders_in(YEAR),
        mistakes=[
            Mistake(
                "That is every order in the table, across both years. Keep only the orders placed in 2025.",
                value=lambda: len(datasets.load("orders")),
            ),
            Mistake("That is the count for 2024, not 2025.", value=lambda: _orders_in(2024)),
            Mistake(
                "That counts customers who ordered in 2025, not orders: a customer can order more than once.",
                value=lambda: _customers_ordering_in(YEAR),
            ),
        ],
        hints=[
            "`orders` is already loaded: each row is one order, and its `order_date` column holds the day.",
            'orders["order_date"].dt.year gives the year of every order; == 2025 turns that into True or False.',
            'Adding up True values counts them: (orders["order_date"].dt.year == 2025).sum().',
        ],
        passed=lambda n: f"Alder & Wren took {int(n):,} orders in {YEAR}.",
    ),
    ValueExercise(
        id="0.2",
        title="engagement rate by platform",
        answer="engagement_rate_by_platform",
        comparator=SeriesOf(index_what="platform"),
        expected=lambda: _engagement_per("reach"),
        mistakes=[
            Mistake(
                "These are engagements per impression. The exercise asks per reach: per person who saw "
                "the post, not per view.",
                value=lambda: _engagement_per("impressions"),
            ),
            Mistake(
                "These are engagements per follower. The exercise asks per reach: followers who never "
                "saw a post cannot engage with it.",
                value=lambda: _engagement_per("followers"),
            ),
            Mistake(
                "This is the average of each post's rate, so a post seen by 500 people weighs as much as "
                "one seen by 500,000. Add up engagements and reach per platform first, then divide.",
                value=_mean_of_post_rates,
            ),
            Mistake(
                "Only likes are counted. Engagements are likes + comments + shares + saves.",
                value=_likes_only,
            ),
        ],
        percent_is_mistake=True,
        hints=[
            "Add a column of engagements per post: likes + comments + shares + saves.",
            'Group by "platform" and sum engagements and reach, so each platform has two totals.',
            "Divide total engagements by total reach: the result is a Series indexed by platform.",
        ],
        passed=lambda s: (
            f"Highest: {label(s.astype(float).idxmax())} at {s.astype(float).max():.1%}; lowest: "
            f"{label(s.astype(float).idxmin())} at {s.astype(float).min():.1%}."
        ),
    ),
    ValueExercise(
        id="0.3",
        title="new customers per 1,000 link clicks",
        answer="customers_per_1000_clicks",
        comparator=SeriesOf(index_what="platform"),
        expected=_per_thousand,
        mistakes=[
            Mistake(
                "This counts paid social customers too (their source is also instagram, tiktok or "
                "linkedin). Keep only customers whose acquisition_channel is organic_social.",
                value=lambda: _per_thousand(channels=None),
            ),
            Mistake(
                "These are customers per click. Multiply by 1,000 to get customers per 1,000 clicks.",
                value=lambda: _per_thousand(per_clicks=1),
            ),
            Mistake(
                "This uses both years. Keep only 2025: posts published in 2025 and customers whose "
                "first order was in 2025.",
                value=lambda: _per_thousand(year=None),
            ),
            Mistake(
                "The clicks are 2025's, but the customers are not: keep only customers whose "
                "first_order_date is in 2025.",
                value=_customers_of_any_year_per_2025_clicks,
            ),
        ],
        hints=[
            "You need two Series indexed by platform: 2025 link clicks, and 2025 new customers from organic social.",
            'New customers: customers whose first_order_date is in 2025 and acquisition_channel == "organic_social"; '
            "group them by acquisition_source and count.",
            "Divide customers by clicks and multiply by 1,000. Platforms line up by index.",
        ],
        passed=lambda s: (
            f"{label(s.astype(float).idxmax())} turns clicks into customers best: "
            f"{s.astype(float).max():.1f} per 1,000 clicks."
        ),
    ),
]
