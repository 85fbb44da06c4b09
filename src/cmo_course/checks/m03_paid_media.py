"""Exercises of module 03 Paid media. Expected values come from the loaded data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import datasets, finance, media
from ..manifest import Demo
from ..plots import label
from .comparators import Frame, Number, SeriesOf
from .exercises import FunctionExercise, Mistake, ValueExercise

CHAIN = ("cpm", "ctr", "cpc", "cvr", "cpa", "roas")
YEAR = 2025


def paid() -> pd.DataFrame:
    return datasets.load("paid_media_daily")


def paid_in(year: int = YEAR) -> pd.DataFrame:
    frame = paid()
    return frame[frame["date"].dt.year == year]


def hand_paid() -> pd.DataFrame:
    """Two platforms over two days: the total CPM is not the mean of the daily CPMs."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-03-01", "2025-03-02", "2025-03-01", "2025-03-02"]),
            "platform": ["meta", "meta", "tiktok", "tiktok"],
            "campaign": ["prospecting", "prospecting", "spark_ads", "spark_ads"],
            "spend": [100.0, 300.0, 50.0, 50.0],
            "impressions": [10_000, 10_000, 10_000, 5_000],
            "reach": [8_000, 8_000, 9_000, 4_500],
            "clicks": [100, 300, 80, 70],
            "platform_conversions": [2, 10, 3, 3],
            "platform_revenue": [260.0, 1_300.0, 330.0, 390.0],
        }
    )


def margin() -> float:
    return finance.margin_before_refunds(datasets.load("pnl_monthly"), YEAR)


# -- 3.1 and 3.2: the chain and its seasons ------------------------------------------------------


def chain(paid: pd.DataFrame) -> pd.DataFrame:
    return media.metric_chain(paid)[list(CHAIN)]


def _chain_mean_of_days(paid: pd.DataFrame) -> pd.DataFrame:
    frame = paid
    rows = frame.assign(
        cpm=frame["spend"] / frame["impressions"] * 1000,
        ctr=frame["clicks"] / frame["impressions"],
        cpc=frame["spend"] / frame["clicks"],
        cvr=frame["platform_conversions"] / frame["clicks"],
        cpa=frame["spend"] / frame["platform_conversions"],
        roas=frame["platform_revenue"] / frame["spend"],
    ).replace([np.inf, -np.inf], np.nan)
    return rows.groupby("platform")[list(CHAIN)].mean()


def _chain_cpm_per_impression(paid: pd.DataFrame) -> pd.DataFrame:
    frame = paid
    table = chain(frame)
    table["cpm"] = table["cpm"] / 1000
    return table


def _chain_cvr_per_impression(paid: pd.DataFrame) -> pd.DataFrame:
    frame = paid
    table = chain(frame)
    totals = frame.groupby("platform")[["platform_conversions", "impressions"]].sum()
    table["cvr"] = totals["platform_conversions"] / totals["impressions"]
    return table


PREMIUM_YEAR = 2024  # the chart in the lesson shows 2025; the exercise asks for 2024


def _meta_cpm_by_quarter(
    years: tuple[int, ...] = (PREMIUM_YEAR,), mean_of_days: bool = False
) -> pd.Series:
    frame = paid()
    meta = frame[(frame["platform"] == "meta") & frame["date"].dt.year.isin(years)]
    quarter = meta["date"].dt.quarter
    if mean_of_days:
        return (meta["spend"] / meta["impressions"] * 1000).groupby(quarter).mean()
    return media.metric_chain(meta.assign(quarter=quarter), "quarter")["cpm"]


def _premium_of(platforms: list[str]) -> float:
    frame = paid_in(PREMIUM_YEAR)
    part = frame[frame["platform"].isin(platforms)]
    cpm = media.metric_chain(part.assign(quarter=part["date"].dt.quarter), "quarter")["cpm"]
    return float(cpm[4] / cpm[1] - 1)


def q4_premium(**kwargs) -> float:
    cpm = _meta_cpm_by_quarter(**kwargs)
    return float(cpm[4] / cpm[1] - 1)


# -- 3.3: what a click may cost ------------------------------------------------------------------


def _search_orders() -> pd.DataFrame:
    orders = datasets.load("orders")
    return orders[
        (orders["last_click_channel"] == "paid_search") & (orders["order_date"].dt.year == YEAR)
    ]


def _search_clicks() -> float:
    frame = paid_in()
    return float(frame.loc[frame["platform"] == "google_search", "clicks"].sum())


def max_cpc_search(
    with_margin: bool = True,
    platform_counts: bool = False,
    all_years: bool = False,
    net_of_refunds: bool = False,
) -> float:
    if all_years or net_of_refunds:
        orders = datasets.load("orders") if all_years else _search_orders()
        orders = orders[orders["last_click_channel"] == "paid_search"]
        value = orders["revenue"] - (orders["refund"] if net_of_refunds else 0)
        return media.max_affordable_cpc(
            value.sum() / len(orders), len(orders) / _search_clicks(), margin()
        )
    if platform_counts:
        frame = paid_in()
        google = frame[frame["platform"] == "google_search"]
        conversions, revenue = (
            google["platform_conversions"].sum(),
            google["platform_revenue"].sum(),
        )
    else:
        orders = _search_orders()
        conversions, revenue = len(orders), orders["revenue"].sum()
    clicks = _search_clicks()
    return media.max_affordable_cpc(
        revenue / conversions, conversions / clicks, margin() if with_margin else 1.0
    )


# -- 3.4 to 3.7: the lift study ------------------------------------------------------------------


def lift_cells() -> pd.DataFrame:
    """Totals by cell over the study's weeks; users are the same people every week."""
    study = datasets.load("meta_lift_test")
    totals = study.groupby("cell")[
        ["conversions", "revenue", "spend", "platform_reported_conversions"]
    ].sum()
    totals["users"] = study.groupby("cell")["users"].max()
    return totals


def lift() -> media.Lift:
    cells = lift_cells()
    return media.lift_test(
        cells.loc["test", "users"],
        cells.loc["test", "conversions"],
        cells.loc["holdout", "users"],
        cells.loc["holdout", "conversions"],
        cells.loc["test", "spend"],
        cells.loc["test", "revenue"],
        cells.loc["holdout", "revenue"],
    )


def _meta_platform_roas_in_study() -> float:
    study = datasets.load("meta_lift_test")
    first, last = study["week_start"].min(), study["week_start"].max() + pd.Timedelta(days=6)
    frame = paid()
    meta = frame[(frame["platform"] == "meta") & frame["date"].between(first, last)]
    return float(meta["platform_revenue"].sum() / meta["spend"].sum())


# -- 3.8 to 3.10: response curves ----------------------------------------------------------------


def curves() -> list[media.Curve]:
    return media.curves_from(datasets.truth("paid_media_daily"))


def _curve(name: str) -> media.Curve:
    return next(c for c in curves() if c.name == name)


def spend_2025() -> pd.Series:
    return media.daily_spend(paid(), YEAR)


def _marginal_roas_reference(spend, first_dollar_roas, half_sat):
    return float(media.marginal_response(spend, first_dollar_roas, half_sat))


def _average_roas(spend, first_dollar_roas, half_sat):
    return first_dollar_roas / (1 + spend / half_sat)


def _next_whole_dollar(spend, first_dollar_roas, half_sat):
    return _total_revenue(spend + 1, first_dollar_roas, half_sat) - _total_revenue(
        spend, first_dollar_roas, half_sat
    )


def _total_revenue(spend, first_dollar_roas, half_sat):
    return first_dollar_roas * spend / (1 + spend / half_sat)


def by_platform(kind: str, year: int = YEAR) -> pd.Series:
    """Marginal, average or first-dollar ROAS of each curve at the platform's spend a day."""
    spend = media.daily_spend(paid(), year)
    values = {}
    for c in curves():
        x = float(spend[c.name])
        values[c.name] = {
            "marginal": float(c.marginal_roas(x)),
            "average": float(c.revenue(x)) / x,
            "first": c.first_dollar_roas,
        }[kind]
    return pd.Series(values)


def _revenue_a_day(spend) -> float:
    return float(media.plan_outcome(curves(), dict(spend))["incremental_revenue"].sum())


def reallocation_gain(days: int = 365) -> float:
    spend = spend_2025()
    best = media.allocate(curves(), float(spend.sum()))
    return (_revenue_a_day(best) - _revenue_a_day(spend)) * days


# -- 3.11 and 3.12: the pilot --------------------------------------------------------------------


def prior() -> tuple[float, float]:
    truth = datasets.truth("new_network_pilot")
    return truth["prior_cvr_mean"], truth["prior_weight_clicks"]


def _posterior_reference(prior_mean, prior_weight, conversions, clicks):
    alpha, beta = media.beta_update(
        *media.beta_prior(prior_mean, prior_weight), conversions, clicks
    )
    return media.beta_mean(alpha, beta)


def _pilot_rate_only(prior_mean, prior_weight, conversions, clicks):
    return conversions / clicks


def _plain_average(prior_mean, prior_weight, conversions, clicks):
    return (prior_mean + conversions / clicks) / 2


def pilot_totals() -> pd.Series:
    return datasets.load("new_network_pilot")[["spend", "clicks", "conversions", "revenue"]].sum()


def break_even(with_margin: bool = True) -> float:
    t = pilot_totals()
    return media.break_even_cvr(
        t["spend"] / t["clicks"], t["revenue"] / t["conversions"], margin() if with_margin else 1.0
    )


def prob_profitable(
    use_prior: bool = True, use_pilot: bool = True, with_margin: bool = True
) -> float:
    t = pilot_totals()
    alpha, beta = media.beta_prior(*prior()) if use_prior else (0.0, 0.0)
    if use_pilot:
        alpha, beta = media.beta_update(alpha, beta, t["conversions"], t["clicks"])
    return media.beta_prob_above(alpha, beta, break_even(with_margin))


EXERCISES = [
    FunctionExercise(
        id="3.1",
        title="metric_chain_table(paid)",
        answer="metric_chain_table",
        comparator=Frame(columns=CHAIN, index_what="platform", index_column="platform"),
        reference=chain,
        cases=lambda: [{"paid": hand_paid()}, {"paid": paid_in()}],
        hidden_cases=lambda: [
            {"paid": paid_in(2024)},
            {"paid": paid()[paid()["campaign"].isin(["prospecting", "non_brand", "spark_ads"])]},
            {"paid": paid()[paid()["date"].dt.quarter == 4]},
            {"paid": hand_paid().iloc[::-1]},
        ],
        mistakes=[
            Mistake(
                "this averages the daily rates, so a quiet day counts as much as a busy one. Add up spend, "
                "impressions, clicks, conversions and revenue first, then divide the totals.",
                function=_chain_mean_of_days,
            ),
            Mistake(
                "CPM is the cost per thousand impressions: spend / impressions x 1,000.",
                function=_chain_cpm_per_impression,
            ),
            Mistake(
                "conversion rate is conversions per click, not per impression.",
                function=_chain_cvr_per_impression,
            ),
        ],
        hints=[
            'Sum the columns by platform first: paid.groupby("platform")[["spend", "impressions", "clicks", '
            '"platform_conversions", "platform_revenue"]].sum().',
            "Then each rate from the totals: cpm = spend / impressions x 1000, ctr = clicks / impressions, cpc = spend / clicks.",
            "cvr = platform_conversions / clicks, cpa = spend / platform_conversions, roas = platform_revenue / spend; "
            "keep those six columns.",
        ],
        passed="Every rate in the chain comes from totals, so it can be checked against the identities.",
    ),
    ValueExercise(
        id="3.2",
        title="Meta's Q4 CPM premium in 2024",
        answer="meta_q4_premium",
        comparator=Number(what="a number: a fraction such as 0.2"),
        expected=q4_premium,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This averages daily CPMs. Divide each quarter's total spend by its total impressions (x 1,000).",
                value=lambda: q4_premium(mean_of_days=True),
            ),
            Mistake(
                "This uses both years. Keep 2024.", value=lambda: q4_premium(years=(2024, 2025))
            ),
            Mistake(
                "This is 2025 (the year in the chart). The exercise asks about 2024.",
                value=lambda: q4_premium(years=(2025,)),
            ),
            Mistake(
                "This adds Instagram to Meta. In this data `meta` is Facebook's placements; Instagram has its "
                "own rows.",
                value=lambda: _premium_of(["meta", "instagram"]),
            ),
            Mistake(
                "This is how much cheaper Q1 is than Q4. The premium is Q4's CPM over Q1's, minus 1.",
                value=lambda: float(1 / (1 + q4_premium()) - 1),
            ),
            Mistake(
                "This is the ratio of the two CPMs. The premium is that ratio minus 1.",
                value=lambda: 1 + q4_premium(),
            ),
        ],
        hints=[
            "Keep the rows of platform 'meta' in 2024; the quarter of a date is .dt.quarter.",
            "For each quarter: total spend / total impressions x 1,000.",
            "Premium = CPM in Q4 / CPM in Q1 - 1.",
        ],
        passed=lambda v: (
            f"Meta's auction was {float(v):.0%} dearer in Q4 2024: the same budget buys fewer impressions at peak."
        ),
    ),
    ValueExercise(
        id="3.3",
        title="the most a search click may cost",
        answer="max_cpc_search",
        comparator=Number(what="a number of dollars"),
        expected=max_cpc_search,
        mistakes=[
            Mistake(
                "This uses Google's own conversion count and revenue, which include conversions the store does "
                "not credit to search. Use the orders whose last click was paid search.",
                value=lambda: max_cpc_search(platform_counts=True),
            ),
            Mistake(
                "This is the revenue a click brings. A click can only cost what it earns in contribution: "
                "multiply by the margin.",
                value=lambda: max_cpc_search(with_margin=False),
            ),
            Mistake(
                "This uses Google's own counts and leaves out the margin.",
                value=lambda: max_cpc_search(with_margin=False, platform_counts=True),
            ),
            Mistake(
                "This takes the orders of both years against 2025's clicks. Keep the 2025 orders.",
                value=lambda: max_cpc_search(all_years=True),
            ),
            Mistake(
                "This takes refunds off the order value. The margin from the setup cell is on revenue before "
                "refunds (it already allows for them): use the revenue column as it is.",
                value=lambda: max_cpc_search(net_of_refunds=True),
            ),
        ],
        hints=[
            'Orders: the 2025 orders with last_click_channel == "paid_search". Clicks: the 2025 google_search rows of paid.',
            "AOV = their revenue / their number; CVR = their number / clicks.",
            "Max CPC = AOV x CVR x margin (the margin from the setup cell).",
        ],
        passed=lambda v: (
            f"A search click may cost up to ${float(v):.2f} before its first order loses money; compare it with the "
            "CPC you pay."
        ),
    ),
    ValueExercise(
        id="3.4",
        title="the lift Meta's ads caused",
        answer="meta_lift",
        comparator=Number(what="a number: a fraction such as 0.3"),
        expected=lambda: lift().lift,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This is the difference in purchase rates (per person). Lift is relative: the test cell's rate over "
                "the holdout's, minus 1.",
                value=lambda: lift().test_rate - lift().control_rate,
            ),
            Mistake(
                "This is the ratio of the rates. Lift is that ratio minus 1.",
                value=lambda: lift().lift + 1,
            ),
            Mistake(
                "This compares the other way round (1 - holdout / test). Lift is test / holdout - 1.",
                value=lambda: 1 - lift().control_rate / lift().test_rate,
            ),
        ],
        hints=[
            "Add up each cell's conversions over the weeks; users are the same people every week (take one week's value).",
            "Rate = conversions / users for each cell.",
            "Lift = test rate / holdout rate - 1.",
        ],
        passed=lambda v: (
            f"People who could see Meta's ads bought {float(v):.0%} more than people who could not."
        ),
    ),
    ValueExercise(
        id="3.5",
        title="the purchases Meta's ads caused",
        answer="incremental_purchases",
        comparator=Number(what="a number of purchases", rel_tol=1e-4),
        expected=lambda: lift().incremental_conversions,
        mistakes=[
            Mistake(
                "This is what Meta reported. The study's point is to measure what the ads caused: compare the test "
                "cell with the holdout.",
                value=lambda: float(lift_cells().loc["test", "platform_reported_conversions"]),
            ),
            Mistake(
                "This subtracts the holdout's purchases from the test cell's. The cells are not the same size: "
                "compare purchase rates (per person), then multiply by the people in the test cell.",
                value=lambda: float(
                    lift_cells().loc["test", "conversions"]
                    - lift_cells().loc["holdout", "conversions"]
                ),
            ),
            Mistake(
                "This is every purchase by the test cell, including those people who would have bought anyway. "
                "Subtract what the holdout's rate says they would have done.",
                value=lambda: float(lift_cells().loc["test", "conversions"]),
            ),
        ],
        hints=[
            "Incremental purchases = (test rate - holdout rate) x test users.",
            "Use the totals over the weeks for conversions, and one week's users for each cell.",
        ],
        passed=lambda v: (
            f"About {float(v):,.0f} purchases happened because of the ads: compare that with what Meta reported."
        ),
    ),
    ValueExercise(
        id="3.6",
        title="Meta's incremental ROAS",
        answer="meta_iroas",
        comparator=Number(what="a number (dollars of revenue per dollar)", rel_tol=1e-4),
        expected=lambda: lift().iroas,
        mistakes=[
            Mistake(
                "This is all the revenue of the people who could see the ads, per dollar. Take away what the "
                "holdout shows they would have spent anyway.",
                value=lambda: float(
                    lift_cells().loc["test", "revenue"] / lift_cells().loc["test", "spend"]
                ),
            ),
            Mistake(
                "This is Meta's own ROAS for the weeks of the study. iROAS counts only the revenue the ads caused.",
                value=_meta_platform_roas_in_study,
            ),
            Mistake(
                "This values the incremental purchases at the test cell's average order. Compute incremental "
                "revenue the way you computed purchases: revenue per person, test minus holdout, times test users.",
                value=lambda: float(
                    lift().incremental_conversions
                    * lift_cells().loc["test", "revenue"]
                    / lift_cells().loc["test", "conversions"]
                    / lift_cells().loc["test", "spend"]
                ),
            ),
        ],
        hints=[
            "Incremental revenue = (test revenue / test users - holdout revenue / holdout users) x test users.",
            "iROAS = incremental revenue / spend (the test cell's spend).",
        ],
        passed=lambda v: (
            f"Each Meta dollar caused ${float(v):.2f} of revenue in the study's weeks."
        ),
    ),
    ValueExercise(
        id="3.7",
        title="how far Meta over-reports",
        answer="over_attribution",
        comparator=Number(what="a number (a ratio such as 2.5)", rel_tol=1e-4),
        expected=lambda: float(
            lift_cells().loc["test", "platform_reported_conversions"]
            / lift().incremental_conversions
        ),
        mistakes=[
            Mistake(
                "This is incremental over reported. The factor is reported / incremental (how many Meta claims for "
                "each one it caused).",
                value=lambda: float(
                    lift().incremental_conversions
                    / lift_cells().loc["test", "platform_reported_conversions"]
                ),
            ),
            Mistake(
                "This compares Meta's claim with every purchase by the test cell. Compare it with the incremental "
                "purchases of Exercise 3.5.",
                value=lambda: float(
                    lift_cells().loc["test", "platform_reported_conversions"]
                    / lift_cells().loc["test", "conversions"]
                ),
            ),
        ],
        hints=[
            "Over-attribution = the conversions Meta reported during the study / the incremental purchases."
        ],
        passed=lambda v: (
            f"Meta claims about {float(v):.1f} purchases for every one its ads caused."
        ),
    ),
    FunctionExercise(
        id="3.8",
        title="marginal_roas(spend, first_dollar_roas, half_sat)",
        answer="marginal_roas",
        comparator=Number(what="a number (dollars per dollar)"),
        reference=_marginal_roas_reference,
        cases=lambda: [
            {"spend": 100, "first_dollar_roas": 2.0, "half_sat": 100},
            {"spend": 0, "first_dollar_roas": 2.5, "half_sat": 200},
            {
                "spend": float(spend_2025()["meta"]),
                "first_dollar_roas": _curve("meta").first_dollar_roas,
                "half_sat": _curve("meta").half_sat,
            },
        ],
        hidden_cases=lambda: [
            {"spend": 1_000, "first_dollar_roas": 3.0, "half_sat": 50},
            {"spend": 25.5, "first_dollar_roas": 1.2, "half_sat": 300},
            {"spend": 60, "first_dollar_roas": 0.9, "half_sat": 60},
        ],
        mistakes=[
            Mistake(
                "this is the average ROAS of all the spend (revenue / spend). The marginal ROAS is what the next "
                "dollar brings: first_dollar_roas / (1 + spend / half_sat) squared.",
                function=_average_roas,
            ),
            Mistake(
                "this is the revenue the spend brings in total. The marginal ROAS is its slope: "
                "first_dollar_roas / (1 + spend / half_sat) ** 2.",
                function=_total_revenue,
            ),
            Mistake(
                "close: revenue(spend + 1) - revenue(spend) is what the next whole dollar brings. The marginal "
                "ROAS is the slope at the spend itself: first_dollar_roas / (1 + spend / half_sat) ** 2.",
                function=_next_whole_dollar,
            ),
        ],
        hints=[
            "The curve is revenue = first_dollar_roas x spend / (1 + spend / half_sat).",
            "Its slope (what one more dollar brings) is first_dollar_roas / (1 + spend / half_sat) ** 2.",
        ],
        passed="At spend 0 the next dollar earns the first-dollar ROAS; at half_sat it earns a quarter of it.",
    ),
    ValueExercise(
        id="3.9",
        title="what the next dollar earns, platform by platform",
        answer="marginal_by_platform",
        comparator=SeriesOf(index_what="platform"),
        expected=lambda: by_platform("marginal"),
        mistakes=[
            Mistake(
                "These are average ROAS (revenue / spend at that spend): what all the dollars earned together. "
                "The next dollar earns less: use the marginal ROAS.",
                value=lambda: by_platform("average"),
            ),
            Mistake(
                "These are the first-dollar ROAS (what the curve gives at a spend of 0). Evaluate the marginal "
                "ROAS at each platform's 2025 spend a day.",
                value=lambda: by_platform("first"),
            ),
            Mistake(
                "These are at 2024's spend. Use spend_2025.",
                value=lambda: by_platform("marginal", 2024),
            ),
        ],
        hints=[
            "For each curve c in curves: c.name, c.first_dollar_roas and c.half_sat; its spend is spend_2025[c.name].",
            "pd.Series({c.name: marginal_roas(spend_2025[c.name], c.first_dollar_roas, c.half_sat) for c in curves})",
        ],
        passed=lambda s: (
            f"The next dollar earns most on {label(s.astype(float).idxmax())} "
            f"and least on {label(s.astype(float).idxmin())}: that is where money should move."
        ),
    ),
    ValueExercise(
        id="3.10",
        title="what the best split is worth",
        answer="reallocation_gain",
        comparator=Number(what="a number of dollars a year", rel_tol=1e-4),
        expected=reallocation_gain,
        mistakes=[
            Mistake(
                "This is a day's gain. Multiply by 365 for a year.",
                value=lambda: reallocation_gain(days=1),
            ),
            Mistake(
                "This is the revenue of the best split, not the gain: subtract what the 2025 split brings.",
                value=lambda: (
                    _revenue_a_day(media.allocate(curves(), float(spend_2025().sum()))) * 365
                ),
            ),
        ],
        hints=[
            "best = media.allocate(curves, spend_2025.sum()) splits the same money a day.",
            "media.plan_outcome(curves, split)['incremental_revenue'].sum() is the revenue a day of a split.",
            "Gain a year = (best split's revenue - 2025 split's revenue) x 365.",
        ],
        passed=lambda v: (
            f"Moving the same budget is worth about ${float(v):,.0f} of revenue a year."
        ),
    ),
    FunctionExercise(
        id="3.11",
        title="posterior_cvr(prior_mean, prior_weight, conversions, clicks)",
        answer="posterior_cvr",
        comparator=Number(what="a number: a conversion rate such as 0.02"),
        reference=_posterior_reference,
        cases=lambda: [
            {"prior_mean": 0.02, "prior_weight": 100, "conversions": 4, "clicks": 100},
            {
                "prior_mean": 0.015,
                "prior_weight": 400,
                "conversions": int(pilot_totals()["conversions"]),
                "clicks": int(pilot_totals()["clicks"]),
            },
        ],
        hidden_cases=lambda: [
            {"prior_mean": 0.03, "prior_weight": 50, "conversions": 0, "clicks": 0},
            {"prior_mean": 0.01, "prior_weight": 1_000, "conversions": 50, "clicks": 1_000},
            {"prior_mean": 0.2, "prior_weight": 10, "conversions": 3, "clicks": 90},
        ],
        mistakes=[
            Mistake(
                "this is the pilot's rate alone: it ignores what you knew before. Add the prior's clicks and "
                "conversions to the pilot's.",
                function=_pilot_rate_only,
            ),
            Mistake(
                "this averages the prior and the pilot as if they weighed the same. Weight each by its clicks.",
                function=_plain_average,
            ),
        ],
        hints=[
            "The prior is worth prior_weight clicks with prior_mean x prior_weight conversions.",
            "Posterior = (prior_mean x prior_weight + conversions) / (prior_weight + clicks).",
        ],
        passed="With few clicks the prior dominates; with many, the pilot does.",
    ),
    ValueExercise(
        id="3.12",
        title="the chance the network pays",
        answer="prob_profitable",
        comparator=Number(what="a probability between 0 and 1", rel_tol=1e-3),
        expected=prob_profitable,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This ignores the prior: start from the prior and add the pilot.",
                value=lambda: prob_profitable(use_prior=False),
            ),
            Mistake(
                "This uses the prior alone: update it with the pilot's conversions and clicks.",
                value=lambda: prob_profitable(use_pilot=False),
            ),
            Mistake(
                "A probability of about 1 means the break-even sits far below the conversion rate: did you "
                "leave out the margin (a click pays when CVR x AOV x margin covers the CPC), or store a yes/no "
                "instead of media.beta_prob_above(...)?",
                value=lambda: prob_profitable(with_margin=False),
            ),
        ],
        hints=[
            "Break-even CVR = media.break_even_cvr(pilot CPC, pilot AOV, margin).",
            "Posterior: media.beta_update(*media.beta_prior(PRIOR_MEAN, PRIOR_WEIGHT), conversions, clicks).",
            "Probability = media.beta_prob_above(alpha, beta, break_even).",
        ],
        passed=lambda v: (
            f"A {float(v):.0%} chance that the network's clicks pay for themselves on first orders."
        ),
    ),
]


def budget_allocator():
    from .. import widgets

    return widgets.budget_allocator(curves(), spend_2025(), margin())


EXPLORERS = (
    Demo(
        "allocator",
        "Where should the next dollar of paid media go?",
        "The same daily budget, split by hand. Move money from a channel with a low bar to one "
        "with a high bar, then press Best split. Ask: what did last year's split leave on the "
        "table?",
        budget_allocator,
    ),
)
