"""Exercises of module 00 Start here. Expected values come from the loaded data."""

from __future__ import annotations

import pandas as pd

from .. import datasets, finance, social
from ..plots import label
from .comparators import Choice, Number, SeriesOf
from .exercises import Mistake, ValueExercise
from .figures import Fact

YEAR = 2025
CFO_METRICS = (
    "followers",
    "reach",
    "engagement rate",
    "link clicks",
    "new customers per 1,000 link clicks",
    "new customers",
)


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


def _engagements_by_platform(posts: pd.DataFrame) -> pd.Series:
    return social.engagements(posts).groupby(posts["platform"]).sum()


def _over_all_reach() -> pd.Series:
    posts = _posts()
    return _engagements_by_platform(posts) / posts["reach"].sum()


def _without_saves() -> pd.Series:
    posts = _posts()
    totals = posts.groupby("platform")[["likes", "comments", "shares", "reach"]].sum()
    return (totals["likes"] + totals["comments"] + totals["shares"]) / totals["reach"]


def _without(*left_out: str) -> pd.Series:
    """Engagements with some of likes, comments, shares and saves left out."""
    kept = [c for c in ("likes", "comments", "shares", "saves") if c not in left_out]
    totals = _posts().groupby("platform")[[*kept, "reach"]].sum()
    return totals[kept].sum(axis=1) / totals["reach"]


def _with_link_clicks() -> pd.Series:
    posts = _posts()
    totals = posts.assign(engagements=social.engagements(posts) + posts["link_clicks"])
    totals = totals.groupby("platform")[["engagements", "reach"]].sum()
    return totals["engagements"] / totals["reach"]


def _reach_per_engagement() -> pd.Series:
    return 1 / _engagement_per("reach")


def _posts_of_one_year() -> pd.Series:
    posts = _posts()
    return social.engagement_rate(posts[posts["date"].dt.year == YEAR], per="reach")


def _customers_of_2025_per_clicks_of_both_years() -> pd.Series:
    both_years = _posts().groupby("platform")["link_clicks"].sum()
    customers_2025 = _per_thousand() * _posts_in_year().groupby("platform")["link_clicks"].sum()
    return customers_2025 / both_years


def _one_total_per_platform_clicks() -> pd.Series:
    clicks = _posts_in_year().groupby("platform")["link_clicks"].sum()
    customers = datasets.load("customers")
    organic = customers[
        (customers["first_order_date"].dt.year == YEAR)
        & (customers["acquisition_channel"] == "organic_social")
    ]
    return len(organic) / clicks * 1000


def _organic_orders_in_year() -> pd.DataFrame:
    """The orders of the year whose last click was an organic post."""
    orders = datasets.load("orders")
    return orders[
        (orders["order_date"].dt.year == YEAR) & (orders["last_click_channel"] == "organic_social")
    ]


def _per_2025_clicks(count: pd.Series) -> pd.Series:
    clicks = _posts_in_year().groupby("platform")["link_clicks"].sum()
    return count.reindex(clicks.index, fill_value=0) / clicks * 1000


def _buyers_per_thousand() -> pd.Series:
    orders = _organic_orders_in_year()
    return _per_2025_clicks(orders.groupby("last_click_source")["customer_id"].nunique())


def _orders_per_thousand() -> pd.Series:
    return _per_2025_clicks(_organic_orders_in_year().groupby("last_click_source").size())


def _buyers_and_new() -> tuple[int, int, int]:
    """The year's orders after an organic post's click, the people who placed them, and how many
    of those people were new customers that year (first order in the year)."""
    orders = _organic_orders_in_year()
    customers = datasets.load("customers")
    first = customers.set_index("customer_id")["first_order_date"]
    buyers = orders["customer_id"].unique()
    new = int((first.reindex(buyers).dt.year == YEAR).sum())
    return len(orders), len(buyers), new


def _buyers_not_new() -> str:
    _, buyers, new = _buyers_and_new()
    return (
        f"These are buyers, not new customers: of the {buyers:,} people who ordered in {YEAR} "
        f"after clicking an organic post, only {new / buyers:.0%} placed their first order that "
        "year; the others had bought before. Count new customers from the customers table "
        f"(first_order_date in {YEAR}, acquisition_channel organic_social), not from the orders."
    )


def _orders_not_new() -> str:
    orders, buyers, new = _buyers_and_new()
    return (
        f"These are orders, not new customers: {orders:,} orders in {YEAR} followed a click on an "
        f"organic post, placed by {buyers:,} people, and only {new / buyers:.0%} of those people "
        "were new that year. Count new customers from the customers table (first_order_date in "
        f"{YEAR}, acquisition_channel organic_social), one row per customer."
    )


def _posts_in_year() -> pd.DataFrame:
    posts = _posts()
    return posts[posts["date"].dt.year == YEAR]


def _clicks_per_customer_times_1000() -> pd.Series:
    return 1_000_000 / _per_thousand()


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


def metrics_by_platform(year: int = YEAR) -> pd.DataFrame:
    """Each metric of Exercise 0.4, by platform, for one year (followers at its end)."""
    posts, customers = _posts(), datasets.load("customers")
    in_year = posts[posts["date"].dt.year == year]
    audience = datasets.load("social_audience")
    last = audience[audience["quarter_end"].dt.year == year]
    last = last[last["quarter_end"] == last["quarter_end"].max()]
    new = customers[
        (customers["first_order_date"].dt.year == year)
        & (customers["acquisition_channel"] == "organic_social")
    ]
    table = pd.DataFrame(
        {
            "followers": last.groupby("platform")["followers"].sum(),
            "reach": in_year.groupby("platform")["reach"].sum(),
            "engagement rate": social.engagement_rate(in_year, per="reach"),
            "link clicks": in_year.groupby("platform")["link_clicks"].sum(),
            "new customers per 1,000 link clicks": _per_thousand(year=year),
        }
    )
    table["new customers"] = new.groupby("acquisition_source").size().reindex(table.index)
    return table.fillna(0)


# what each wrong metric counts, in the CFO's words
_COUNTS = {
    "followers": "Followers count people who could see a post, not people who bought",
    "reach": (
        "Reach, added up post by post, counts views by people reached (one person again on every "
        "post), not distinct people, and not people who bought"
    ),
    "engagement rate": "An engagement rate says how much people liked a post, not whether they bought",
    "link clicks": "Clicks count visits to the store, and each platform's visitors buy at a different rate",
    "new customers per 1,000 link clicks": (
        "A rate says how well clicks turn into customers, not how many customers came"
    ),
}
# the question the CFO did not ask, which a ranking on attention or on a rate is often taken to
# answer: where the content team's next hour should go
NEXT_HOUR = (
    " Where the content team's next hour should go is another question, which neither this ranking "
    "nor the count answers: it turns on what one more post would add, not on the average. And last "
    "click errs both ways: it under-credits a platform where people discover the brand and buy later "
    "by another route, and credits posts with people who clicked on their way to buying anyway."
)


def ranking_consequence(metric: str) -> str:
    """What ranking the platforms on ``metric`` would tell the CFO, against the new customers
    each is credited with (last click), in words computed from the data."""
    table = metrics_by_platform()
    new = table["new customers"].astype(int)
    order = table[metric].sort_values(ascending=False).index
    top, best = order[0], new.idxmax()
    counts = _COUNTS[metric]
    if metric == "new customers per 1,000 link clicks":
        clicks = table["link clicks"].astype(int)
        counts += (
            f": {label(top)}'s rate rests on {clicks[top]:,} link clicks, {label(best)}'s on "
            f"{clicks[best]:,}"
        )
    if top != best:
        return (
            f"Ranked on {metric}, {label(top)} comes first, yet last click credits {label(best)}'s "
            f"organic posts with more first-time buyers in {YEAR}. {counts}. Read the CFO's question again: which metric "
            "counts what they asked about?"
        )
    for upper, lower in zip(order, order[1:], strict=False):
        if new[lower] > new[upper]:
            return (
                f"Ranked on {metric}, {label(upper)} comes above {label(lower)}, yet "
                f"last click credits {label(lower)}'s organic posts with more first-time buyers in {YEAR}. {counts}. Read the CFO's "
                "question again: which metric counts what they asked about?"
            )
    return (
        f"Ranked on {metric} the platforms fall in the same order as their new customers this "
        f"year, but by luck. {counts}, and next quarter the two orders can part."
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
                "one seen by 500,000. Add up engagements and reach per platform first, then divide (the "
                "Google Search example at the end of Section 2 shows the difference).",
                value=_mean_of_post_rates,
            ),
            Mistake(
                "Only likes are counted. Engagements are likes + comments + shares + saves.",
                value=_likes_only,
            ),
            Mistake(
                "Each platform's engagements are divided by the reach of all platforms together. "
                "Divide by each platform's own reach: add up both columns per platform, then divide.",
                value=_over_all_reach,
            ),
            Mistake(
                "Saves are missing: engagements are likes + comments + shares + saves.",
                value=_without_saves,
            ),
            Mistake(
                "Shares and saves are missing. Engagements are likes + comments + shares + saves.",
                value=lambda: _without("shares", "saves"),
            ),
            Mistake(
                "Shares are missing. Engagements are likes + comments + shares + saves.",
                value=lambda: _without("shares"),
            ),
            Mistake(
                "Link clicks are counted as engagements. Engagements are likes + comments + shares "
                "+ saves; a link click is the next step of the chain (Section 4), a visit to the "
                "store, and the course counts it on its own.",
                value=_with_link_clicks,
            ),
            Mistake(
                "Upside down: this is reach per engagement. Put engagements on top, reach below.",
                value=_reach_per_engagement,
            ),
            Mistake(
                f"This keeps only {YEAR}'s posts. The exercise asks for every post in the table, "
                "both years.",
                value=_posts_of_one_year,
            ),
        ],
        percent_is_mistake=True,
        hints=[
            "Picture a pivot table with one row per platform and two totals in it: all the "
            "platform's engagements and all its reach. The rate is the first total over the second.",
            "Add an engagements column to posts, the way Section 2 added net_revenue to orders. Then "
            'group by "platform" and sum two columns at once, as in "Group, then add up or average '
            'several columns" at the end of Section 2.',
            'Skeleton: posts["engagements"] = posts["likes"] + ___ + ___ + ___, then '
            'totals = posts.groupby("platform")[["engagements", ___]].sum(), then '
            'engagement_rate_by_platform = totals["engagements"] / totals[___].',
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
        comparator=SeriesOf(
            index_what="platform",
            unexpected=(
                "Those labels are where customers of other channels came from (a search engine, "
                "a shop, a friend). Keep only the customers whose acquisition_channel is "
                '"organic_social" before you group them: combine it with the year in one filter, '
                "each condition in parentheses, joined by &."
            ),
        ),
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
            Mistake(
                "The customers are 2025's, but the clicks are from both years: keep only the posts "
                "published in 2025 before you add up their link clicks.",
                value=_customers_of_2025_per_clicks_of_both_years,
            ),
            Mistake(
                "Upside down: this is clicks per customer (x 1,000). Put the customers on top and "
                "the clicks below, then multiply by 1,000.",
                value=_clicks_per_customer_times_1000,
            ),
            Mistake(
                "Every platform has the same number on top: the organic customers of all platforms "
                "together. Count them per platform first (group by acquisition_source, then "
                ".size()), so each platform's customers sit over its own clicks.",
                value=_one_total_per_platform_clicks,
            ),
            Mistake(_buyers_not_new, value=_buyers_per_thousand),
            Mistake(_orders_not_new, value=_orders_per_thousand),
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
    ValueExercise(
        id="0.4",
        title="the metric that answers the CFO",
        answer="metric_for_the_cfo",
        comparator=Choice(CFO_METRICS),
        expected=lambda: "new customers",
        mistakes=[
            Mistake(lambda m=metric: ranking_consequence(m), value=lambda m=metric: m)
            for metric in CFO_METRICS
            if metric != "new customers"
        ],
        hints=[
            "Read the question again: what does the CFO want counted?",
            "Followers, reach, engagement and clicks all come before the purchase in the chain of "
            "Section 4. Which metric is at the end of it?",
            "A rate (per 1,000 clicks) says how well; the CFO asked how many.",
        ],
        passed=lambda v: (
            f"{label(metrics_by_platform()['new customers'].idxmax())} is credited with the most new "
            f"customers from organic posts in {YEAR} (last click), whichever platform wins on "
            f"attention.{NEXT_HOUR}"
        ),
    ),
]


# --------------------------------------------------------------------------------------------
# Figures of the lesson's text (checked against the data by authoring.figures)
# --------------------------------------------------------------------------------------------


def _annual_net_revenue(year: int) -> float:
    pnl = datasets.load("pnl_monthly")
    return float(pnl.loc[pnl["month"].dt.year == year, "net_revenue"].sum())


def _followers_at_end(year: int = YEAR) -> float:
    return float(metrics_by_platform(year)["followers"].sum())


def _online_share(year: int = YEAR) -> float:
    orders = datasets.load("orders")
    orders = orders[orders["order_date"].dt.year == year]
    online = orders[orders["sales_channel"] == "online"]
    return finance.net_revenue(online) / finance.net_revenue(orders)


FACTS = {
    "net revenue 2025 ($M)": Fact(lambda: _annual_net_revenue(YEAR), "{:.1f}", scale=1e6),
    "net revenue growth 2025": Fact(
        lambda: _annual_net_revenue(YEAR) / _annual_net_revenue(YEAR - 1) - 1, "{:.0%}"
    ),
    "online share of net revenue 2025": Fact(_online_share, "{:.0%}"),
    "followers at the end of 2025 (millions)": Fact(_followers_at_end, "{:.1f}", scale=1e6),
}

# numbers of the text that are not data: module numbers in the hook's table, the dollar sign's
# HTML entity, the loop's example, a fraction's example, the exercises' units, a book title
TEXT_CONSTANTS = (
    "00", "01", "02", "03", "04", "05", "06", "36", "0", "1", "10", "100", "0.042", "4.2", "1,000",
)  # fmt: skip
