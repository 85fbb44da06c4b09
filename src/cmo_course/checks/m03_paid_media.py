"""Exercises of module 03 Paid media. Expected values come from the loaded data.

Each decision is judged on its own basis, and each ratio on the margin of the orders being valued: a
platform's ROAS and a lift test's iROAS on the first-order margin (the orders the store credits to a
paid platform are mostly first orders; a lift test cannot tell first purchases from repeat ones, so
those Meta's ads caused are assumed to mix the same way), what a click may cost to win a customer on
the first-order margin, the response curves in two-year contribution (above 1 at the
margin, a dollar pays) with the best split kept near the spend the curves were measured at, LinkedIn
on the gifting pipeline it feeds (Module 01's settled leads, before business development's cost),
and the new network's pilot on the store's tagged orders, the count its prior was built on.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from .. import datasets, finance, media
from ..manifest import Demo
from ..plots import label, money
from . import m01_finance
from .comparators import Choice, Frame, Number, SeriesOf
from .exercises import FunctionExercise, Mistake, ValueExercise
from .figures import Fact

CHAIN = ("cpm", "ctr", "cpc", "cvr", "cpa", "roas")
YEAR = 2025
GIFTING_PLATFORM = "linkedin"  # its one campaign sells corporate gifts: judged on leads
# the established social platforms behind the prior: those whose buyers click through (most of
# TikTok's arrive later by another route, so its clicks undercount the orders they lead to)
SOCIAL = ("meta", "instagram")
NEW_NETWORK_SHARE = 0.5  # the team expects a new network to convert half as well at first
PRIOR_WEIGHT = 400  # and holds that view as loosely as 400 clicks of evidence
SCALE_RULE, STOP_RULE = 0.9, 0.3  # scale an audience above a 90% chance it pays, stop below 30%
PESSIMISTIC = 0.1  # a bad case: one chance in ten of a lower click-to-order rate
PEAK_MONTHS = (11, 12)  # November and December
SETTLED_BEFORE = m01_finance.SETTLED_BEFORE  # gifting leads old enough to have become deals
BOUND = 0.5  # the best split keeps each platform within 50% of its 2025 spend a day


def paid() -> pd.DataFrame:
    return datasets.load("paid_media_daily")


def paid_in(year: int = YEAR) -> pd.DataFrame:
    frame = paid()
    return frame[frame["date"].dt.year == year]


@datasets.cached
def _orders() -> pd.DataFrame:
    """Every order, with ``is_first_order`` (a customer's first purchase). Shared: read only."""
    orders = datasets.load("orders")
    first = orders[["customer_id"]].merge(datasets.load("customers"), on="customer_id", how="left")
    orders["is_first_order"] = orders["order_date"].eq(first["first_order_date"].to_numpy())
    return orders


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


@datasets.cached
def margins() -> dict[str, float]:
    """The three margins the setup cell gives, 2025: contribution per dollar of revenue before
    refunds of the online orders, of new customers' first orders, and of the whole P&L."""
    orders = _orders()
    return {
        "online": finance.online_margin(orders, YEAR),
        "first order": finance.first_order_margin(orders, datasets.load("customers"), YEAR),
        "P&L": finance.margin_before_refunds(datasets.load("pnl_monthly"), YEAR),
    }


def margin(basis: str = "online") -> float:
    return margins()[basis]


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
    table = chain(paid)
    table["cpm"] = table["cpm"] / 1000
    return table


def _chain_ctr_in_percent(paid: pd.DataFrame) -> pd.DataFrame:
    table = chain(paid)
    table["ctr"] = table["ctr"] * 100
    return table


def _chain_rates_in_percent(paid: pd.DataFrame) -> pd.DataFrame:
    table = _chain_ctr_in_percent(paid)
    table["cvr"] = table["cvr"] * 100
    return table


def _chain_cvr_per_impression(paid: pd.DataFrame) -> pd.DataFrame:
    table = chain(paid)
    totals = paid.groupby("platform")[["platform_conversions", "impressions"]].sum()
    table["cvr"] = totals["platform_conversions"] / totals["impressions"]
    return table


PREMIUM_YEAR = 2024  # the chart in the lesson shows 2025; the exercise asks for 2024


def peak_premium(
    years: tuple[int, ...] = (PREMIUM_YEAR,),
    platforms: tuple[str, ...] = ("meta",),
    mean_of_days: bool = False,
    quarters: bool = False,
    peak_months: tuple[int, ...] = PEAK_MONTHS,
) -> float:
    """How much dearer a thousand impressions were in November and December than in the rest of
    the year (or, with ``quarters``, in Q4 than in Q1; ``peak_months`` moves the peak)."""
    frame = paid()
    part = frame[frame["platform"].isin(platforms) & frame["date"].dt.year.isin(years)]
    if quarters:
        period = part["date"].dt.quarter.map({1: "low", 4: "peak"})
    else:
        period = np.where(part["date"].dt.month.isin(peak_months), "peak", "low")
        period = pd.Series(period, index=part.index)
    if mean_of_days:
        cpm = (part["spend"] / part["impressions"] * 1000).groupby(period).mean()
    else:
        totals = part.groupby(period)[["spend", "impressions"]].sum()
        cpm = totals["spend"] / totals["impressions"] * 1000
    return float(cpm["peak"] / cpm["low"] - 1)


def cpm_by_month(year: int = YEAR) -> pd.DataFrame:
    """CPM by month and platform (the social and video platforms)."""
    frame = paid_in(year)
    frame = frame[frame["platform"] != "google_search"]
    table = media.metric_chain(frame.assign(month=frame["date"].dt.month), ["month", "platform"])
    return table["cpm"].unstack()


def peak_premium_all(year: int = YEAR) -> float:
    """The November-December premium of the social and video platforms, on average."""
    platforms = ("meta", "instagram", "tiktok", "youtube", "linkedin")
    return float(np.mean([peak_premium(years=(year,), platforms=(p,)) for p in platforms]))


# -- 3.3: what a click may cost to win a customer -------------------------------------------------


def _search_orders(all_years: bool = False) -> pd.DataFrame:
    orders = _orders()
    search = orders["last_click_channel"] == "paid_search"
    if not all_years:
        search &= orders["order_date"].dt.year == YEAR
    return orders[search]


def search_clicks() -> float:
    frame = paid_in()
    return float(frame.loc[frame["platform"] == "google_search", "clicks"].sum())


def max_cpc_search(
    basis: str = "first order",
    first_orders_only: bool = True,
    platform_counts: bool = False,
    all_years: bool = False,
    net_of_refunds: bool = False,
    with_margin: bool = True,
) -> float:
    """The most a search click may cost before the first order of the customer it wins loses
    money: new customers per click x their first order's value x the first-order margin."""
    rate = margin(basis) if with_margin else 1.0
    clicks = search_clicks()
    if platform_counts:
        frame = paid_in()
        google = frame[frame["platform"] == "google_search"]
        conversions = google["platform_conversions"].sum()
        revenue = google["platform_revenue"].sum()
        return media.max_affordable_cpc(revenue / conversions, conversions / clicks, rate)
    orders = _search_orders(all_years)
    if first_orders_only:
        orders = orders[orders["is_first_order"]]
    value = orders["revenue"] - (orders["refund"] if net_of_refunds else 0)
    return media.max_affordable_cpc(value.mean(), len(orders) / clicks, rate)


def _cpc_basis_message(basis: str, why: str) -> str:
    right, wrong = max_cpc_search(), max_cpc_search(basis)
    gap = wrong - right
    return (
        f"This uses the {basis} margin ({margin(basis):.1%}). {why} On it the ceiling would be "
        f"${wrong:.2f} a click, ${gap:.2f} above what a first order repays: across 2025's "
        f"{search_clicks():,.0f} search clicks, bids at that cap could spend ${gap * search_clicks():,.0f} "
        "a year that new customers' first orders never pay back. Use first_order_margin."
    )


def _search_rates() -> dict[str, float]:
    """Conversions per search click, 2025: on Google's own count and on the store's first
    orders whose last click was paid search (new customers per click)."""
    frame = paid_in()
    google = frame[frame["platform"] == "google_search"]
    orders = _search_orders()
    return {
        "google": float(google["platform_conversions"].sum() / search_clicks()),
        "store": float(orders["is_first_order"].sum() / search_clicks()),
    }


def max_cpc_search_on_googles_rate() -> float:
    """The slip of taking new customers per click from Google's own conversion count (the
    store's first-order value and the first-order margin otherwise right)."""
    orders = _search_orders()
    value = orders.loc[orders["is_first_order"], "revenue"].mean()
    return media.max_affordable_cpc(value, _search_rates()["google"], margin("first order"))


def repeat_search_orders() -> int:
    orders = _search_orders()
    return int((~orders["is_first_order"]).sum())


# -- 3.4: LinkedIn on the pipeline it feeds -------------------------------------------------------


def linkedin_spend() -> float:
    frame = paid()
    return float(frame.loc[frame["platform"] == GIFTING_PLATFORM, "spend"].sum())


def linkedin_leads(year: int | None = None) -> pd.DataFrame:
    leads = datasets.load("gifting_leads")
    mine = leads[leads["source"] == "linkedin_ads"]
    if year is not None:
        mine = mine[mine["created_date"].dt.year == year]
    return mine


def linkedin() -> dict[str, float]:
    """Module 01's reading of LinkedIn's gifting pipeline (``m01_finance.linkedin``), reused so
    the two modules give one value per lead: contribution per lead of the leads old enough to
    close, against what a lead cost in 2025, before business development's cost."""
    return m01_finance.linkedin(YEAR)


def linkedin_pipeline_return() -> float:
    """Gifting contribution per LinkedIn dollar: contribution per settled lead / cost per lead in
    2025 (before business development's cost, and crediting LinkedIn with every lead it tagged)."""
    pipe = linkedin()
    return float(pipe["value_per_lead"] / pipe["cost_per_lead"])


def linkedin_incremental_share_to_break_even() -> float:
    """The share of LinkedIn's leads that must be ones it caused for a dollar to come back."""
    return 1 / linkedin_pipeline_return()


MATCHED_PERIODS = {  # settled leads whose cost and value come from the same months
    "2024": ("2024-01-01", "2025-01-01"),  # the oldest, fully closed year
    "latest": ("2024-10-01", SETTLED_BEFORE),  # the last twelve months of settled leads
}


def linkedin_return_matched(period: str = "2024") -> float:
    """Contribution per LinkedIn lead over cost per lead, both from the leads created in one
    period and LinkedIn's spend in the same months (the exercise's basis, Module 01's, takes the
    value from every settled lead and the cost from 2025 alone)."""
    start, end = MATCHED_PERIODS[period]
    leads = linkedin_leads()
    leads = leads[(leads["created_date"] >= start) & (leads["created_date"] < end)]
    frame = paid()
    spend = frame.loc[
        (frame["platform"] == GIFTING_PLATFORM) & (frame["date"] >= start) & (frame["date"] < end),
        "spend",
    ].sum()
    return float(leads["deal_contribution"].sum() / spend)


def linkedin_return_on(
    measure: str = "deal_contribution", every_source: bool = False, settled: bool = True
) -> float:
    """Variants of the pipeline return (the named mistakes of Exercise 3.4): a measure of the
    settled leads' deals per LinkedIn lead, over the 2025 cost per lead."""
    leads = datasets.load("gifting_leads") if every_source else linkedin_leads()
    mine = linkedin_leads()
    if settled:
        leads = leads[leads["created_date"] < SETTLED_BEFORE]
        mine = mine[mine["created_date"] < SETTLED_BEFORE]
    return float(leads[measure].sum() / len(mine) / linkedin()["cost_per_lead"])


def linkedin_slip(per_deal: bool = False, every_years_leads: bool = False) -> float:
    """Exercise 3.4's two commonest slips: ``.mean()`` of deal_contribution (it skips the leads
    with no deal: contribution per deal, not per lead), and 2025's spend over the LinkedIn leads
    of every year (the cost per lead too low)."""
    leads = linkedin_leads()
    settled = leads[leads["created_date"] < SETTLED_BEFORE]["deal_contribution"]
    value = settled.mean() if per_deal else settled.sum() / len(settled)
    cost = linkedin()["spend"] / len(leads) if every_years_leads else linkedin()["cost_per_lead"]
    return float(value / cost)


def _matched_returns() -> tuple[float, float]:
    return tuple(linkedin_return_matched(period) for period in MATCHED_PERIODS)


def linkedin_two_year_return() -> float:
    """Every LinkedIn lead's closed deals over both years' spend, the late leads included."""
    return float(linkedin_leads()["deal_contribution"].sum() / linkedin_spend())


def linkedin_consumer_return() -> float:
    """LinkedIn judged as a consumer channel: the store orders whose last click it was, at the
    online margin, per dollar."""
    credited = media.credited_orders(_orders(), GIFTING_PLATFORM)
    return float(credited["revenue"].sum() * margin("online") / linkedin_spend())


def linkedin_funnel() -> pd.Series:
    """LinkedIn's gifting funnel on the leads old enough to close (Module 01's basis): lead to
    opportunity, win rate, contribution per deal and per lead, and the 2025 cost per lead."""
    leads = linkedin_leads()
    settled = leads[leads["created_date"] < SETTLED_BEFORE]
    opportunities = settled["opportunity_date"].notna().sum()
    won = settled["won_date"].notna().sum()
    return pd.Series(
        {
            "leads": len(settled),
            "cost per lead": linkedin()["cost_per_lead"],
            "lead to opportunity": opportunities / len(settled),
            "win rate": won / opportunities,
            "contribution per deal": settled["deal_contribution"].sum() / won,
            "contribution per lead": settled["deal_contribution"].sum() / len(settled),
        }
    )


def linkedin_consumer_cac(year: int = YEAR) -> float:
    table = finance.paid_cac_by_platform(
        datasets.load("marketing_spend_monthly"), datasets.load("customers"), year
    )
    return float(table.loc[GIFTING_PLATFORM, "cac"])


# -- 3.5 to 3.8: the lift study ------------------------------------------------------------------


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


def lift_interval(measure: str = "iroas") -> tuple[float, float]:
    """The lift test's 95% interval (the purchases' uncertainty, order values' not counted) on
    the iROAS, or (``"contribution"``) on the contribution per dollar at the first-order margin,
    or (``"loss"``) on what each dollar lost."""
    low, high = media.iroas_interval(lift())
    if measure == "iroas":
        return low, high
    low, high = low * margin("first order"), high * margin("first order")
    return (low, high) if measure == "contribution" else (1 - high, 1 - low)


def lift_weeks() -> int:
    return int(datasets.load("meta_lift_test")["week_start"].nunique())


def _count_lift() -> float:
    """The slip the text warns about: purchase counts compared, not purchase rates."""
    cells = lift_cells()
    return float(cells.loc["test", "conversions"] / cells.loc["holdout", "conversions"] - 1)


def _rates_reminder() -> str:
    """What the two per-person rates should be: summing users over the weeks gives rates too
    small by the number of weeks, and the error cancels out in the lift and in 3.6."""
    weeks = lift_weeks()
    return (
        f"Check your two rates as well: purchases per person over the study, {lift().test_rate:.2%} in "
        f"the test cell and {lift().control_rate:.2%} in the holdout. If yours are about {weeks} times "
        f"smaller, you added up users over the {weeks} weeks: the answer comes out the same, because the "
        "error cancels, but the rates are wrong. Take one week's users."
    )


EXAMPLE_ROAS = 2.80  # Section 2's campaign: above the P&L's bar, below the first-order margin's


def first_order_loss_per_dollar(roas: float = EXAMPLE_ROAS) -> float:
    """What each dollar of a campaign at ``roas`` loses, on average over its orders, valued on
    the first-order margin: 1 - ROAS x margin (negative: it makes money)."""
    return 1 - roas * margin("first order")


def lift_contribution_per_dollar() -> float:
    """What each Meta dollar left in contribution on the purchases it caused in the study's
    weeks: iROAS x the first-order margin, the margin of the orders being valued (below 1, it
    lost money in those weeks)."""
    return float(lift().iroas * margin("first order"))


def study_days() -> tuple[pd.Timestamp, pd.Timestamp]:
    """The lift study's first and last day (Monday of its first week, Sunday of its last)."""
    study = datasets.load("meta_lift_test")
    return study["week_start"].min(), study["week_start"].max() + pd.Timedelta(days=6)


def meta_delivery(window: str = "study") -> dict[str, float]:
    """How Meta's ads were delivered: spend, ads a day per person reached (impressions over the
    people reached, day by day added up: reach does not add across days) and people reached a
    day (both campaigns' reach added), in the lift study's weeks (``"study"``), in 2025 before
    them (``"before"``) or in the same weeks a year earlier (``"a year before"``, 52 weeks back).
    The study's weeks are the test cell's alone: all of Meta's spend went to it."""
    first, last = study_days()
    year = pd.Timedelta(weeks=52)
    frame = paid()
    meta = frame[frame["platform"] == "meta"]
    rows = {
        "study": meta["date"].between(first, last),
        "before": meta["date"].between(
            pd.Timestamp(f"{first.year}-01-01"), first, inclusive="left"
        ),
        "a year before": meta["date"].between(first - year, last - year),
    }[window]
    days = meta[rows]
    return {
        "spend": float(days["spend"].sum()),
        "frequency": float(days["impressions"].sum() / days["reach"].sum()),
        "reach a day": float(days.groupby("date")["reach"].sum().mean()),
        "person-days reached": float(days["reach"].sum()),
    }


def test_cell_spend_share() -> float:
    """The test cell's spend over all of Meta's spend in the study's weeks (1: the whole budget
    went to the 60% of the audience in the test cell)."""
    return float(lift_cells().loc["test", "spend"] / meta_delivery()["spend"])


def days_reached(cell: str = "test") -> float:
    """The days, on average over the study, each person of the test cell (``"test"``) was
    reached by a Meta ad, or (``"all"``) each person of the whole audience had the same ads run
    across it: the study's person-days reached (daily reach added up) over the people."""
    cells = lift_cells()
    people = cells.loc["test", "users"] if cell == "test" else cells["users"].sum()
    return float(meta_delivery()["person-days reached"] / people)


def lift_against_truth() -> float:
    """How far the study's incremental purchases sit from the ones the data records the ads
    caused (``truth``), as a share of the truth: + above, - below."""
    truth = datasets.truth("meta_lift_test")["true_incremental_conversions"]
    return float(lift().incremental_conversions / truth - 1)


def _meta_credited_in_study() -> pd.DataFrame:
    """The orders the store credits to Meta (last click) in the lift study's weeks."""
    first, last = study_days()
    orders = _orders()
    return media.credited_orders(orders[orders["order_date"].between(first, last)], "meta")


def meta_claims_per_credited_order(window: str = "study") -> float:
    """Meta's claims over the orders the store credits to Meta by last click, in the study's
    weeks (``"study"``) or in 2025 (``"2025"``, Section 9's ``meta_over_count``): how far Meta's
    count runs above the store's, not above what its ads caused (Exercise 3.8)."""
    if window == "2025":
        return meta_over_count()
    reported = lift_cells().loc["test", "platform_reported_conversions"]
    return float(reported / len(_meta_credited_in_study()))


def _store_credited_message(when: str) -> str:
    window = "study" if "study" in when else "2025"
    credited = (
        len(_meta_credited_in_study())
        if window == "study"
        else len(media.credited_orders(_orders()[_orders()["order_date"].dt.year == YEAR], "meta"))
    )
    return (
        f"This divides Meta's claims by the {credited:,} orders the store credits to Meta by last click "
        f"{when}: how far Meta's count runs above the store's (the ratio Section 9 uses), not above what "
        "its ads caused. Last click credits Meta with purchases that would have happened anyway: divide "
        "Meta's claims by the incremental purchases of Exercise 3.6."
    )


def meta_first_order_share_in_study() -> float:
    """The share of the orders the store credits to Meta (last click) in the study's weeks that
    are customers' first orders: the mix of the purchases Meta's ads are judged on."""
    return float(_meta_credited_in_study()["is_first_order"].mean())


def meta_caused_share() -> float:
    """The share of the purchases last click credited to Meta in the lift study's weeks that its
    ads caused (the lift test's incremental purchases over them): Section 4's measured deflator."""
    return float(lift().incremental_conversions / len(_meta_credited_in_study()))


def lift_squeeze(holdout_share: float | None = None) -> dict[str, float]:
    """A design lesson for a real lift test, not a correction of this one: where the ads already
    reach most of an audience day after day, the whole budget on the test cell shows each person
    in it more ads, and were Meta's own curve (Section 5, at its 2025 spend a day) bent only by
    that, the same spend on a share s of the audience is a curve with its half-saturation at s
    times h, so the average return r0 / (1 + x / (s h)) falls below business as usual's
    r0 / (1 + x / h). ``holdout_share`` (the study's own by default, or 0.1) sets
    s = 1 - holdout share; ``shortfall`` is how much lower the test would read. This study put
    the whole budget on the test cell, yet its ads ran at their usual frequency to a small share
    of the cell a day (``meta_delivery``): the dose a day per person did not rise, and the
    generator draws its caused purchases from Meta's normal running, so its lift measures
    business as usual. The squeeze is the reason to check the test cell's frequency against
    normal running, as the lesson does, or to hold out less."""
    cells = lift_cells()
    if holdout_share is None:
        holdout_share = float(cells.loc["holdout", "users"] / cells["users"].sum())
    curve, spend = _curve("meta"), float(spend_2025()["meta"])
    as_usual = float(curve.contribution(spend)) / spend
    squeezed = float(
        media.response(spend, curve.first_dollar_return, curve.half_sat * (1 - holdout_share))
    )
    squeezed /= spend
    return {
        "as usual": as_usual,
        "squeezed": squeezed,
        "shortfall": 1 - squeezed / as_usual,
    }


def _meta_platform_roas_in_study() -> float:
    first, last = study_days()
    frame = paid()
    meta = frame[(frame["platform"] == "meta") & frame["date"].between(first, last)]
    return float(meta["platform_revenue"].sum() / meta["spend"].sum())


# -- 3.9 to 3.11: response curves in two-year contribution ----------------------------------------


@datasets.cached
def _all_curves() -> tuple[media.Curve, ...]:
    return tuple(media.curves_from(datasets.truth("paid_media_daily")))


def curves(with_gifting: bool = False) -> list[media.Curve]:
    """The consumer platforms' curves (LinkedIn's budget buys gifting leads, not consumers)."""
    return [c for c in _all_curves() if with_gifting or c.name != GIFTING_PLATFORM]


def _curve(name: str) -> media.Curve:
    return next(c for c in _all_curves() if c.name == name)


def spend_2025(year: int = YEAR, with_gifting: bool = False) -> pd.Series:
    spend = media.daily_spend(paid(), year)
    return spend.loc[[c.name for c in curves(with_gifting)]]


def _marginal_return_reference(spend, first_dollar_return, half_sat):
    return float(media.marginal_response(spend, first_dollar_return, half_sat))


def _average_return(spend, first_dollar_return, half_sat):
    return first_dollar_return / (1 + spend / half_sat)


def _total_contribution(spend, first_dollar_return, half_sat):
    return first_dollar_return * spend / (1 + spend / half_sat)


def _marginal_less_the_dollar(spend, first_dollar_return, half_sat):
    """The slip of taking the dollar itself off: what the next dollar gains or loses."""
    return _marginal_return_reference(spend, first_dollar_return, half_sat) - 1


def _marginal_sign_flipped(spend, first_dollar_return, half_sat):
    return -_marginal_return_reference(spend, first_dollar_return, half_sat)


def _next_whole_dollar(spend, first_dollar_return, half_sat):
    return _total_contribution(spend + 1, first_dollar_return, half_sat) - _total_contribution(
        spend, first_dollar_return, half_sat
    )


def average_with_content(platform: str) -> float:
    """A platform's average two-year return per dollar (``by_platform``) once its share of the
    content its ads run on is counted (Module 01's rule: ``m01.loaded_platform_cac`` over the
    media-only CAC is what each media dollar costs with its content)."""
    from . import m01_finance as m01

    media_only = m01.platform_table().loc[platform, "true incremental CAC"]
    loaded = m01.loaded_platform_cac(platform) / media_only
    return float(by_platform("average")[platform] / loaded)


def by_platform(kind: str, year: int = YEAR) -> pd.Series:
    """Marginal, average or first-dollar return (two-year contribution per dollar) of each
    consumer curve at the platform's spend a day, or the marginal ROAS (revenue per dollar)."""
    spend = media.daily_spend(paid(), year)
    values = {}
    for c in curves():
        x = float(spend[c.name])
        values[c.name] = {
            "marginal": lambda c=c, x=x: float(c.marginal_return(x)),
            "average": lambda c=c, x=x: float(c.contribution(x)) / x,
            "first": lambda c=c, x=x: c.first_dollar_return,
            "marginal roas": lambda c=c, x=x: float(c.marginal_roas(x)),
        }[kind]()
    return pd.Series(values)


def _outcome(split, with_gifting: bool = False) -> pd.DataFrame:
    return media.plan_outcome(curves(with_gifting), dict(split))


def best_split(with_gifting: bool = False, bounded: bool = True) -> pd.Series:
    """The best split of 2025's budget a day; ``bounded`` keeps each platform within ``BOUND``
    (50%) of its 2025 spend, near where its curve was measured."""
    spend = spend_2025(with_gifting=with_gifting)
    if not bounded:
        return media.allocate(curves(with_gifting), float(spend.sum()))
    return media.allocate(
        curves(with_gifting),
        float(spend.sum()),
        lower=spend * (1 - BOUND),
        upper=spend * (1 + BOUND),
    )


def reallocation_gain(
    days: int = 365,
    measure: str = "incremental_contribution",
    with_gifting: bool = False,
    bounded: bool = True,
) -> float:
    """Two-year contribution a year that the best split of 2025's consumer budget adds, each
    platform kept within 50% of its 2025 spend (or, with ``bounded=False``, anywhere)."""
    spend = spend_2025(with_gifting=with_gifting)
    best = best_split(with_gifting, bounded)
    gain = (
        _outcome(best, with_gifting)[measure].sum() - _outcome(spend, with_gifting)[measure].sum()
    )
    return float(gain * days)


def profit_a_year(
    split, with_gifting: bool = False, measure: str = "incremental_contribution"
) -> float:
    """A year of a split of spend a day: the two-year contribution of the customers that year's
    spend buys, less the year's spend (not a year's profit: the contribution arrives over two
    years, undiscounted)."""
    outcome = _outcome(split, with_gifting)
    return float((outcome[measure].sum() - outcome["spend"].sum()) * 365)


def best_budget() -> pd.Series:
    return media.best_budget(curves())


def dollar_rule_split(with_gifting: bool = False, bounded: bool = True) -> pd.Series:
    """The $1 rule: each platform's spend a day where its next dollar brings back $1 of two-year
    contribution, kept within ``BOUND`` (50%) of its 2025 spend: cut to its floor where even
    there the next dollar returns less, filled to its cap where it still returns more. The
    recommended split: no total is fixed, each platform stops where money stops paying."""
    if not bounded:
        return media.best_budget(curves(with_gifting))
    spend = spend_2025(with_gifting=with_gifting)
    return media.best_budget(
        curves(with_gifting), lower=spend * (1 - BOUND), upper=spend * (1 + BOUND)
    )


def spend_seen() -> pd.Series:
    """The most each platform has spent a day, on average over a calendar month, so far: as far
    as its curve has been seen. Module 01's measure (``m01_finance.observed_ceiling``), so both
    modules draw the same line. The $1 rule's caps (``BOUND``) stay inside it: a plan for a year
    of average days keeps closer to 2025's average than a peak month went."""
    return m01_finance.observed_ceiling()


def spend_seen_low() -> pd.Series:
    """The least each platform has spent a day, on average over a calendar month, so far: as far
    down as its curve has been seen (Module 01's ``observed_floor``). A cut below it is as much a
    guess as a raise above ``spend_seen``."""
    return m01_finance.observed_floor()


def first_step_split() -> pd.Series:
    """The $1 rule's first step: each platform toward its $1 point within ``BOUND`` (50%) of its
    2025 spend, and within the spend seen both ways: no cut below its lowest month so far, no
    raise above its highest. Where the $1 point lies below the lowest month, the cut stops there
    and a spend-down test (a geo or time holdout) reads the next dollar before the next step."""
    spend = spend_2025()
    low, high = spend_seen_low()[spend.index], spend_seen()[spend.index]
    lower = np.maximum(low, spend * (1 - BOUND))
    upper = np.minimum(high, spend * (1 + BOUND))
    return media.best_budget(curves(), lower=lower, upper=upper)


def first_step_next_dollar() -> pd.Series:
    """What the next dollar brings, on the curves, on each platform the first step cuts to its
    lowest month so far: still below $1, the case for reading it with a spend-down test."""
    split, low = first_step_split(), spend_seen_low()
    cut = [name for name in split.index if split[name] <= low[name] + 1e-6]
    return pd.Series({name: float(_curve(name).marginal_return(split[name])) for name in cut})


def unbounded_against_seen(platform: str) -> dict[str, float]:
    """A platform's $1 point with no bounds, against its 2025 spend a day and the spend seen, and
    the months whose spend a day reached it."""
    point = float(dollar_rule_split(bounded=False)[platform])
    paid_days = datasets.load("paid_media_daily")
    by_day = paid_days.groupby(["date", "platform"])["spend"].sum().unstack()[platform]
    months = by_day.resample("MS").mean()
    return {
        "point": point,
        "times_2025": point / float(spend_2025()[platform]),
        "seen": float(spend_seen()[platform]),
        "months_at_or_above": [m.strftime("%Y-%m") for m in months.index[months >= point]],
    }


def dollar_rule_gain(
    days: int = 365,
    measure: str = "incremental_contribution",
    with_gifting: bool = False,
    bounded: bool = True,
    after_spend: bool = True,
) -> float:
    """What a year of the $1-rule split adds over a year of the 2025 split: the two-year
    contribution of the customers a year's spend buys, less that year's spend, minus the same
    for 2025 (``after_spend=False``: contribution alone, blind to the money the $1 split no
    longer spends). Not one year's profit: the contribution comes in over the customers' two
    years, undiscounted, against one year's spend."""
    best = _outcome(dollar_rule_split(with_gifting, bounded), with_gifting)
    now = _outcome(spend_2025(with_gifting=with_gifting), with_gifting)
    gain = best[measure].sum() - now[measure].sum()
    if after_spend:
        gain -= best["spend"].sum() - now["spend"].sum()
    return float(gain * days)


def profit_2025_day_by_day() -> float:
    """2025 as actually spent: each day's spend on the curves of its month (its ad prices and
    demand), two-year contribution minus spend. Below the flat average day of ``profit_a_year``
    because the spend swung from day to day on curves that bend."""
    daily = paid_in().groupby(["date", "platform"])["spend"].sum().unstack()
    daily = daily[[c.name for c in curves()]]
    return media.profit_day_by_day(datasets.truth("paid_media_daily"), daily)


def profit_level_days(split) -> float:
    """A split of spend a day spent level all year, each day at its month's prices and demand."""
    days = paid_in()["date"].drop_duplicates()
    level = pd.DataFrame([dict(split)] * len(days), index=pd.DatetimeIndex(days))
    level = level[[c.name for c in curves()]]
    return media.profit_day_by_day(datasets.truth("paid_media_daily"), level)


def search_campaigns() -> pd.DataFrame:
    """Google Search's campaigns in 2025: their shares of its spend and of the conversions Google
    reports, and Google's own ROAS for each. Brand terms are people already searching for the
    brand: cheap clicks that convert, most of whom would have come anyway."""
    frame = paid_in()
    table = media.metric_chain(frame[frame["platform"] == "google_search"], by="campaign")
    table["spend_share"] = table["spend"] / table["spend"].sum()
    table["conversion_share"] = table["conversions"] / table["conversions"].sum()
    table["spend_a_day"] = table["spend"] / frame["date"].nunique()
    return table


def search_over_count() -> float:
    """Google's own revenue for its three campaigns over the revenue the store credits to Google
    Search (last click), 2025: how far Google's count runs above the store's."""
    orders = _orders()
    credited = media.credited_orders(orders[orders["order_date"].dt.year == YEAR], "google_search")
    return float(search_campaigns()["revenue"].sum() / credited["revenue"].sum())


def non_brand_return(horizon: str = "first order", campaign: str = "non_brand") -> float:
    """What a non-brand dollar (or one of ``campaign``'s) brings in contribution on Google's own
    ROAS, taken down to the store's count: on the first order (first-order margin), or
    (``"two years"``) as if every buyer were a new customer worth the search curve's two-year
    contribution. Generous both ways: nothing is taken off for the buyers who would have come
    anyway."""
    first_order = (
        search_campaigns().loc[campaign, "roas"] / search_over_count() * margin("first order")
    )
    if horizon == "first order":
        return float(first_order)
    won = _search_orders()
    won = won[won["is_first_order"]]
    first_contribution = won["revenue"].mean() * margin("first order")
    return float(first_order * _curve("google_search").value / first_contribution)


def brand_in_the_plan() -> float:
    """Brand terms' spend a day if the $1 rule's cut of Google Search fell evenly on its three
    campaigns (brand keeps its 2025 share of the floor)."""
    share = search_campaigns().loc["brand", "spend_share"]
    return float(share * dollar_rule_split()["google_search"])


def brand_held_on_top() -> float:
    """What holding brand at its 2025 level costs a year against the plan, if the rest of search
    is cut as planned and brand's money comes on top of search's floor. Kept inside search's
    floor (the cut taken from non-brand and shopping), it costs no extra spend."""
    return float((search_campaigns().loc["brand", "spend_a_day"] - brand_in_the_plan()) * 365)


def search_customers_on_the_curve() -> float:
    """New customers a year Google Search's curve says its 2025 spend caused, all campaigns
    together (two-year contribution / each customer's value)."""
    curve = _curve("google_search")
    return float(curve.contribution(float(spend_2025()["google_search"])) / curve.value * 365)


def next_dollar_at_best_split(platform: str = "meta") -> float:
    """What a platform's next dollar brings at the best split of 2025's total (within 50%)."""
    return float(_curve(platform).marginal_return(best_split()[platform]))


# -- 3.12 to 3.14: the pilot ---------------------------------------------------------------------


WEEKLY_CAP = 3  # the lesson's example of a frequency cap: 3 ads a week


def retargeting_frequency() -> float:
    """Meta retargeting's average daily frequency, 2025: impressions over the sum of daily reach."""
    frame = paid_in()
    meta = frame[(frame["platform"] == "meta") & (frame["campaign"] == "retargeting")]
    return float(meta["impressions"].sum() / meta["reach"].sum())


def retargeting_share() -> pd.Series:
    """The share of Meta's and Instagram's 2025 spend that went to retargeting, by platform."""
    frame = paid_in()
    social = frame[frame["platform"].isin(SOCIAL)]
    retargeting = social[social["campaign"].str.contains("retargeting")]
    return (
        retargeting.groupby("platform")["spend"].sum() / social.groupby("platform")["spend"].sum()
    )


def _social_campaigns() -> pd.DataFrame:
    frame = paid_in()
    return media.metric_chain(frame[frame["platform"].isin(SOCIAL)], by=["platform", "campaign"])


def retargeting() -> dict[str, float]:
    """Meta's and Instagram's retargeting campaigns (people who have already visited), 2025: their
    spend, its share of the consumer platforms' spend and its size against brand search's."""
    frame = paid_in()
    table = _social_campaigns()
    spend = float(
        table.loc[
            table.index.get_level_values("campaign").str.contains("retargeting"), "spend"
        ].sum()
    )
    consumer = float(frame.loc[frame["platform"] != GIFTING_PLATFORM, "spend"].sum())
    return {
        "spend": spend,
        "share_of_consumer_spend": spend / consumer,
        "times_brand_search": spend / float(search_campaigns().loc["brand", "spend"]),
    }


def campaign_roas(platform: str, kind: str) -> float:
    """A platform's own ROAS, 2025, for its retargeting or its prospecting campaign."""
    table = _social_campaigns().loc[platform]
    return float(table.loc[table.index.str.contains(kind), "roas"].iloc[0])


def social_store_rate(first_orders: bool = False) -> float:
    """Orders the store credits (last click) per click on the established social platforms, 2025
    (with ``first_orders``, new customers' first orders only)."""
    orders = _orders()
    orders = orders[orders["order_date"].dt.year == YEAR]
    if first_orders:
        orders = orders[orders["is_first_order"]]
    credited = sum(len(media.credited_orders(orders, p)) for p in SOCIAL)
    frame = paid_in()
    return credited / float(frame.loc[frame["platform"].isin(SOCIAL), "clicks"].sum())


def prior() -> tuple[float, float]:
    return social_store_rate() * NEW_NETWORK_SHARE, PRIOR_WEIGHT


def _posterior_reference(prior_mean, prior_weight, conversions, clicks):
    alpha, beta = media.beta_update(
        *media.beta_prior(prior_mean, prior_weight), conversions, clicks
    )
    return media.beta_mean(alpha, beta)


def _pilot_rate_only(prior_mean, prior_weight, conversions, clicks):
    return conversions / clicks


def _prior_rate_as_orders(prior_mean, prior_weight, conversions, clicks):
    """3.12's slip: the prior's rate added to the pilot's orders as if it were a count."""
    return (prior_mean + conversions) / (prior_weight + clicks)


def _plain_average(prior_mean, prior_weight, conversions, clicks):
    return (prior_mean + conversions / clicks) / 2


def _bottom_without_parentheses(prior_mean, prior_weight, conversions, clicks):
    return (prior_mean * prior_weight + conversions) / prior_weight + clicks


def _top_without_parentheses(prior_mean, prior_weight, conversions, clicks):
    return prior_mean * prior_weight + conversions / (prior_weight + clicks)


PARENTHESES = (
    "Python divides before it adds, so a / b + c means (a / b) + c. Put the whole top and the whole "
    "bottom each in parentheses: (prior_mean * prior_weight + conversions) / (prior_weight + clicks). "
    "The worked example (prior 2% worth 100 clicks, 8 orders in 200 clicks) gives 0.0333."
)


COUNTS = {  # the pilot's two counts: (orders column, revenue column)
    "tagged": ("tagged_orders", "tagged_revenue"),
    "pixel": ("pixel_conversions", "pixel_revenue"),
}


def pilot_by_ad_set() -> pd.DataFrame:
    pilot = datasets.load("new_network_pilot")
    columns = ["spend", "clicks", *COUNTS["tagged"], *COUNTS["pixel"]]
    table = pilot.groupby("ad_set")[columns].sum()
    table["cpc"] = table["spend"] / table["clicks"]
    return table


def pilot_totals() -> pd.Series:
    table = pilot_by_ad_set().drop(columns="cpc").sum()
    table["cpc"] = table["spend"] / table["clicks"]
    return table


def pilot_aov(count: str = "tagged") -> float:
    orders, revenue = COUNTS[count]
    totals = pilot_totals()
    return float(totals[revenue] / totals[orders])


def pilot_rate(count: str = "tagged") -> float:
    return float(pilot_totals()[COUNTS[count][0]] / pilot_totals()["clicks"])


def pixel_over_count() -> float:
    return float(pilot_totals()["pixel_conversions"] / pilot_totals()["tagged_orders"])


def meta_over_count() -> float:
    """Meta's claims per order the store credits to it, 2025 (a factor to deflate a pixel by)."""
    orders = _orders()
    credited = len(media.credited_orders(orders[orders["order_date"].dt.year == YEAR], "meta"))
    frame = paid_in()
    return float(frame.loc[frame["platform"] == "meta", "platform_conversions"].sum() / credited)


def _counted(count: str) -> pd.Series:
    """Each ad set's orders on a basis (the order value is always the store's: ``pilot_aov``)."""
    table = pilot_by_ad_set()
    if count == "deflated":
        return table["pixel_conversions"] / meta_over_count()
    return table[COUNTS[count][0]]


def chance_by_audience(
    count: str = "tagged",
    basis: str = "first order",
    use_prior: bool = True,
    use_pilot: bool = True,
    own_aov: bool = False,
    shared_break_even: bool = False,
) -> pd.Series:
    """The chance each audience's click-to-order rate clears break-even: the prior updated with
    the pilot's counts, against CPC / (AOV x margin) at the pilot's overall order value (the
    store's: revenue of the tagged orders per tagged order). ``shared_break_even`` judges every
    audience against the pilot's overall break-even (a named mistake: each has its own CPC)."""
    table = pilot_by_ad_set()
    orders, aov = _counted(count), pilot_aov()
    if own_aov:
        aov = table[COUNTS[count][1]] / table[COUNTS[count][0]]
    break_even = media.break_even_cvr(table["cpc"], aov, margin(basis))
    if shared_break_even:
        break_even = pd.Series(break_even_all(basis), index=table.index)
    start = media.beta_prior(*prior()) if use_prior else (0.0, 0.0)
    values = {}
    for name in table.index:
        alpha, beta = start
        if use_pilot:
            alpha, beta = media.beta_update(
                alpha, beta, float(orders[name]), float(table.loc[name, "clicks"])
            )
        values[name] = media.beta_prob_above(alpha, beta, float(break_even[name]))
    return pd.Series(values)


def posterior_all(count: str = "tagged") -> tuple[float, float]:
    totals = pilot_totals()
    orders = (
        totals["pixel_conversions"] / meta_over_count()
        if count == "deflated"
        else totals[COUNTS[count][0]]
    )
    return media.beta_update(*media.beta_prior(*prior()), float(orders), float(totals["clicks"]))


def break_even_all(basis: str = "first order") -> float:
    return media.break_even_cvr(pilot_totals()["cpc"], pilot_aov(), margin(basis))


def chance_all(count: str = "tagged", basis: str = "first order") -> float:
    return media.beta_prob_above(*posterior_all(count), break_even_all(basis))


def commitment() -> float:
    offer = datasets.truth("new_network_pilot")["scale_up"]
    return float(offer["daily_budget"] * offer["days"])


def pilot_order_two_year_value() -> float:
    """The platforms' basis for one of the pilot's orders: a Meta customer's two-year
    contribution (Section 5's curve), scaled from the first order of the customers last click
    credits to Meta in 2025 to the pilot's order value (as ``non_brand_return`` scales search's)."""
    orders = _orders()
    credited = media.credited_orders(orders[orders["order_date"].dt.year == YEAR], "meta")
    first_order_value = credited.loc[credited["is_first_order"], "revenue"].mean()
    return float(_curve("meta").value * pilot_aov() / first_order_value)


def tiktok_caused_per_credited() -> float:
    """Customers TikTok's ads truly caused for each one last click credits to it (Module 01's
    ground truth): above 1, because most of its buyers come back later by another route. The
    closest analogue the data has for a cold-prospecting network's tagged orders."""
    platforms = datasets.truth("customers")["paid_platforms"]
    return float(platforms["tiktok"]["true_incremental_share_of_recorded_customers"])


def commitment_outcome(
    count: str = "tagged", case: str = "expected", value: str = "first order"
) -> float:
    """Contribution minus spend of the scale-up at the pilot's CPC, at the posterior's mean
    click-to-order rate or at a pessimistic one. Each order is valued on the first-order margin
    (the cash check), or (``value="two years, caused"``) on the platforms' basis: the two-year
    contribution of a customer (``pilot_order_two_year_value``) times the share of last-click
    purchases Meta's ads caused in the lift study (``meta_caused_share``); or (``value="two
    years, caused as on TikTok"``) times the customers TikTok's ads caused per one last click
    credits (``tiktok_caused_per_credited``). Which share holds for Driftwood, only a holdout
    can tell."""
    alpha, beta = posterior_all(count)
    rate = (
        media.beta_mean(alpha, beta)
        if case == "expected"
        else media.beta_quantile(alpha, beta, PESSIMISTIC)
    )
    cpc = float(pilot_totals()["cpc"])
    clicks = commitment() / cpc
    if value.startswith("two years, caused"):
        share = tiktok_caused_per_credited() if value.endswith("TikTok") else meta_caused_share()
        per_order = pilot_order_two_year_value() * share
        return float(clicks * (rate * per_order - cpc))
    return float(clicks * media.profit_per_click(rate, cpc, pilot_aov(), margin("first order")))


def commitment_contribution() -> float:
    return commitment() + commitment_outcome()


def scale_vs_pilot() -> float:
    """How many times the pilot's spend a day the commitment asks for."""
    daily = datasets.truth("new_network_pilot")["scale_up"]["daily_budget"]
    pilot = datasets.load("new_network_pilot")
    return float(daily / (pilot["spend"].sum() / pilot["date"].nunique()))


POWER = 0.8  # the test's chance of ending clearly on one side of break-even, if the gap is real


def sizing_z() -> tuple[float, float]:
    """The two distances on the bell curve the test is sized with: the rule's bar (a 90% chance
    it pays: one-sided, about 1.28) and the power (80%: about 0.84)."""
    normal = NormalDist()
    return normal.inv_cdf(SCALE_RULE), normal.inv_cdf(POWER)


def test_plan() -> pd.DataFrame:
    """Each audience's clicks still needed to settle which side of break-even it is on, sized to
    the rule that reads the test (a 90% chance it pays, one-sided) with 80% power, on the store's
    tagged orders; their cost at today's CPC and the weeks at the pilot's pace. The rule reads
    tagged orders, so no audience is held out of this test."""
    table = pilot_by_ad_set()
    break_even = media.break_even_cvr(table["cpc"], pilot_aov(), margin("first order"))
    start = media.beta_prior(*prior())
    rate = pd.Series(
        {
            name: media.beta_mean(
                *media.beta_update(*start, float(row["tagged_orders"]), float(row["clicks"]))
            )
            for name, row in table.iterrows()
        }
    )
    needed = (
        rate * (1 - rate) * (sum(sizing_z()) / (rate - break_even).abs()) ** 2
        - table["clicks"]
        - PRIOR_WEIGHT
    ).clip(lower=0)
    days = datasets.load("new_network_pilot")["date"].nunique()
    return pd.DataFrame(
        {
            "clicks": needed,
            "budget": needed * table["cpc"],
            "weeks": needed / (table["clicks"] / days) / 7,
        }
    )


def best_audience() -> str:
    return str(chance_by_audience().idxmax())


def peak_first_orders(
    platforms: tuple[str, ...] = SOCIAL, year: int = YEAR
) -> dict[str, dict[str, float]]:
    """The first orders the store credits to the established social platforms (last click), in
    November and December (``"peak"``) and January to October (``"low"``): their contribution
    margin (contribution per dollar of revenue before refunds) and contribution per order. Peak
    first orders are smaller and more deeply discounted, so each leaves less than its order value
    alone says."""
    orders = _orders()
    orders = orders[orders["order_date"].dt.year == year]
    values = {}
    for period, is_peak in (("peak", True), ("low", False)):
        in_period = orders[orders["order_date"].dt.month.isin(PEAK_MONTHS) == is_peak]
        credited = pd.concat([media.credited_orders(in_period, p) for p in platforms])
        first = credited[credited["is_first_order"]]
        contribution = finance.order_contribution(first)
        values[period] = {
            "margin": float(contribution.sum() / first["revenue"].sum()),
            "contribution": float(contribution.mean()),
        }
    return values


def peak_change(platforms: tuple[str, ...] = SOCIAL, year: int = YEAR) -> dict[str, float]:
    """How November and December differ from January to October on the established social
    platforms (the prior's basis), each as a relative change: the CPC (``"cpc"``), the orders
    the store credits per click (``"rate"``), their order value (``"aov"``) and the contribution
    each first order leaves (``"contribution"``, ``peak_first_orders``). Peak clicks cost more,
    and peak shoppers buy more often, in smaller, more discounted baskets: a peak break-even is
    judged on the peak's contribution per order against a peak rate, never an off-peak one."""
    orders = _orders()
    orders = orders[orders["order_date"].dt.year == year]
    frame = paid()
    frame = frame[(frame["date"].dt.year == year) & frame["platform"].isin(platforms)]
    values = {}
    for period, is_peak in (("peak", True), ("low", False)):
        in_orders = orders["order_date"].dt.month.isin(PEAK_MONTHS) == is_peak
        in_paid = frame[frame["date"].dt.month.isin(PEAK_MONTHS) == is_peak]
        credited = pd.concat([media.credited_orders(orders[in_orders], p) for p in platforms])
        clicks = float(in_paid["clicks"].sum())
        values[period] = {
            "cpc": float(in_paid["spend"].sum()) / clicks,
            "rate": len(credited) / clicks,
            "aov": float(credited["revenue"].mean()),
        }
    change = {k: values["peak"][k] / values["low"][k] - 1 for k in values["peak"]}
    first = peak_first_orders(platforms, year)
    change["contribution"] = first["peak"]["contribution"] / first["low"]["contribution"] - 1
    return change


def best_audience_rate(kind: str = "estimate") -> float:
    """The best audience's estimated click-to-order rate (the prior updated with its tagged
    orders) and its break-even at the pilot's CPC; or the same two at the peak, like with like:
    ``"peak estimate"`` scales the estimate by the social platforms' peak rise in orders per
    click, ``"peak break-even"`` the break-even by their peak CPC over the peak's contribution
    per first order (``peak_change``: dearer clicks, and each first order leaves less)."""
    row = pilot_by_ad_set().loc[best_audience()]
    peak = peak_change()
    if kind in ("estimate", "peak estimate"):
        start = media.beta_prior(*prior())
        rate = media.beta_mean(
            *media.beta_update(*start, float(row["tagged_orders"]), float(row["clicks"]))
        )
        return float(rate * (1 + peak["rate"] if kind == "peak estimate" else 1))
    even = float(media.break_even_cvr(float(row["cpc"]), pilot_aov(), margin("first order")))
    if kind == "peak break-even":
        even *= (1 + peak["cpc"]) / (1 + peak["contribution"])
    return even


def best_audience_peak_chance() -> float:
    """The chance the best audience pays at the peak: its posterior rate, scaled by the peak's
    rise in orders per click, above its peak break-even; the same as the off-peak rate clearing
    the peak break-even over that rise."""
    row = pilot_by_ad_set().loc[best_audience()]
    alpha, beta = media.beta_update(
        *media.beta_prior(*prior()), float(row["tagged_orders"]), float(row["clicks"])
    )
    bar = best_audience_rate("peak break-even") / (1 + peak_change()["rate"])
    return float(media.beta_prob_above(alpha, beta, bar))


def _basis_consequence(count: str) -> str:
    return (
        f"the network as a whole would look {chance_all(count):.0%} likely to pay on first orders "
        f"(on the store's count: {chance_all():.0%}), and the {money(commitment())} commitment "
        f"would look like {money(commitment_outcome(count))} of contribution after its cost, "
        f"against {money(commitment_outcome())} on the store's count"
    )


def _margin_consequence(basis: str) -> str:
    right, wrong = chance_by_audience(), chance_by_audience(basis=basis)
    moved = (wrong - right).idxmax()
    return (
        f"On it break-even falls to {break_even_all(basis=basis):.2%} of clicks (from "
        f"{break_even_all():.2%}), and {label(moved)} would look {wrong[moved]:.0%} likely to pay "
        f"instead of {right[moved]:.0%}."
    )


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
            Mistake(
                "ctr is a percentage here (x 100), as Ads Manager and GA4 show it. In the table it is a "
                "fraction: 0.015 for 1.5%. Leave out the x 100: the table's format adds the % sign.",
                function=_chain_ctr_in_percent,
            ),
            Mistake(
                "ctr and cvr are percentages here (x 100), as Ads Manager and GA4 show them. In the table "
                "they are fractions: 0.015 for 1.5%. Leave out the x 100.",
                function=_chain_rates_in_percent,
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
        title="Meta's November-December premium in 2024",
        answer="meta_peak_premium",
        comparator=Number(what="a number: a fraction such as 0.2"),
        expected=peak_premium,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This averages daily CPMs. Divide each period's total spend by its total impressions (x 1,000).",
                value=lambda: peak_premium(mean_of_days=True),
            ),
            Mistake(
                "This uses both years. Keep 2024.", value=lambda: peak_premium(years=(2024, 2025))
            ),
            Mistake(
                "This is 2025 (the year in the chart). The exercise asks about 2024.",
                value=lambda: peak_premium(years=(2025,)),
            ),
            Mistake(
                "This adds Instagram to Meta. In this data `meta` is Facebook's placements; Instagram has its "
                "own rows.",
                value=lambda: peak_premium(platforms=("meta", "instagram")),
            ),
            Mistake(
                "This is Q4 against Q1. The peak is November and December (October is priced much like the "
                "months before it): compare them with January to October.",
                value=lambda: peak_premium(quarters=True),
            ),
            Mistake(
                "This takes October to December as the peak. The peak is November and December "
                "only (October is priced much like the months before it): .dt.month.isin([11, 12]), "
                "against January to October.",
                value=lambda: peak_premium(peak_months=(10, 11, 12)),
            ),
            Mistake(
                "This is how much cheaper the rest of the year is. The premium is the peak's CPM over the "
                "rest of the year's, minus 1.",
                value=lambda: float(1 / (1 + peak_premium()) - 1),
            ),
            Mistake(
                "This is the ratio of the two CPMs. The premium is that ratio minus 1.",
                value=lambda: 1 + peak_premium(),
            ),
        ],
        hints=[
            "Keep the rows of platform 'meta' in 2024; the month of a date is .dt.month, and "
            ".dt.month.isin([11, 12]) marks November and December.",
            "For each of the two periods: total spend / total impressions x 1,000.",
            "Premium = CPM in November-December / CPM in January-October - 1.",
        ],
        passed=lambda v: (
            f"Meta's impressions cost {float(v):.0%} more in November and December 2024: the same budget "
            "buys fewer of them at the peak."
        ),
    ),
    ValueExercise(
        id="3.3",
        title="the most a search click may cost to win a customer",
        answer="max_cpc_search",
        comparator=Number(what="a number of dollars"),
        expected=max_cpc_search,
        mistakes=[
            Mistake(
                lambda: _cpc_basis_message(
                    "online",
                    "That is the margin of all online orders, new and repeat customers' alike; a first "
                    f"order earns less ({margin('first order'):.1%}: the welcome discount, more shipping per "
                    "dollar of a first basket).",
                ),
                value=lambda: max_cpc_search("online"),
            ),
            Mistake(
                lambda: _cpc_basis_message(
                    "P&L",
                    "The P&L's margin includes the shops, which earn more per dollar because their rent and "
                    "staff sit below contribution; the orders a search click brings are all online.",
                ),
                value=lambda: max_cpc_search("P&L"),
            ),
            Mistake(
                lambda: (
                    f"This counts every order whose last click was paid search, including {repeat_search_orders():,} "
                    "repeat orders by existing customers (people searching the brand to buy again). A click "
                    "that brings them wins no new customer: keep the rows where is_first_order is True."
                ),
                value=lambda: max_cpc_search(first_orders_only=False),
            ),
            Mistake(
                lambda: (
                    "This is what a click earns on every order it brings, at the online margin: a fair cap for a "
                    "campaign that sells to everyone, not what a click may cost to win a new customer. Keep the "
                    "first orders and use first_order_margin."
                ),
                value=lambda: max_cpc_search("online", first_orders_only=False),
            ),
            Mistake(
                "This uses Google's own conversion count and revenue, which include conversions the store does "
                "not credit to search. Use the store's orders whose last click was paid search.",
                value=lambda: max_cpc_search(platform_counts=True),
            ),
            Mistake(
                lambda: (
                    "This takes new customers per click from Google's own conversion count "
                    f"(platform_conversions / clicks: {_search_rates()['google']:.1%} of clicks), which "
                    "includes view-through and modelled conversions and repeat buyers. The store credits a "
                    f"customer's first order to {_search_rates()['store']:.1%} of search clicks: take the "
                    "rate from the same first orders as the order value."
                ),
                value=max_cpc_search_on_googles_rate,
            ),
            Mistake(
                "This is the revenue a click brings. A click can only cost what it earns in contribution: "
                "multiply by the margin.",
                value=lambda: max_cpc_search(with_margin=False),
            ),
            Mistake(
                "This takes the orders of both years against 2025's clicks. Keep the 2025 orders.",
                value=lambda: max_cpc_search(all_years=True),
            ),
            Mistake(
                "This takes refunds off the order value. The margins of the setup cell are on revenue before "
                "refunds (they already allow for them): use the revenue column as it is.",
                value=lambda: max_cpc_search(net_of_refunds=True),
            ),
        ],
        hints=[
            'Orders: 2025, last_click_channel == "paid_search" and is_first_order. Clicks: the 2025 '
            "google_search rows of paid.",
            "New customers per click = those orders / clicks; first-order value = their mean revenue.",
            "Max CPC = first-order value x new customers per click x the margin that goes with a first order.",
        ],
        passed=lambda v: (
            f"A search click may cost up to ${float(v):.2f} if the customer's first order must pay for it; "
            "compare it with the CPC you pay."
        ),
    ),
    ValueExercise(
        id="3.4",
        title="what a LinkedIn dollar brings",
        answer="linkedin_return",
        comparator=Number(what="a number (dollars of contribution per dollar)", rel_tol=1e-4),
        expected=linkedin_pipeline_return,
        mistakes=[
            Mistake(
                "The contribution per lead is right, but the cost per lead is both years' spend "
                "over both years' leads. The exercise asks for 2025's: LinkedIn's 2025 spend over "
                "the leads created in 2025 (the reading barely moves, but the basis is the year "
                "you are judging).",
                value=lambda: float(
                    linkedin()["value_per_lead"] / (linkedin_spend() / len(linkedin_leads()))
                ),
            ),
            Mistake(
                ".mean() of deal_contribution skips the leads with no deal (their value is blank), "
                "so this is the contribution per deal won, not per lead. Add the contribution up and "
                "divide by the number of settled leads, deals or not.",
                value=lambda: linkedin_slip(per_deal=True),
            ),
            Mistake(
                "The contribution per lead is right, but the cost per lead divides 2025's spend by "
                "LinkedIn's leads of every year, so a lead looks cheaper than it was. Count only the "
                "leads created in 2025.",
                value=lambda: linkedin_slip(every_years_leads=True),
            ),
            Mistake(
                "Two slips: .mean() of deal_contribution skips the leads with no deal (that is per "
                "deal, not per lead), and the cost per lead divides 2025's spend by the leads of "
                "every year. Use the sum over all settled leads, and 2025's leads for the cost.",
                value=lambda: linkedin_slip(per_deal=True, every_years_leads=True),
            ),
            Mistake(
                lambda: (
                    "This is LinkedIn's platform ROAS: the store revenue its ads were credited with, "
                    "per dollar. On it you would stop LinkedIn, but its one campaign sells corporate "
                    "gifts, which never reach the store. Judge it on the deals its leads close."
                ),
                value=lambda: float(linkedin()["platform_roas"]),
            ),
            Mistake(
                lambda: (
                    f"This judges LinkedIn as a consumer channel: the store orders whose last click it was, "
                    f"{linkedin_consumer_return():.2f} of contribution per dollar, so you would stop it. Its one "
                    "campaign sells corporate gifts: stopping it would give up the gifting leads, about "
                    f"${linkedin()['value_per_lead']:,.0f} of deal contribution each, and the leads the "
                    "gifting plan needs. Judge it on the deals its leads close."
                ),
                value=linkedin_consumer_return,
            ),
            Mistake(
                lambda: (
                    "This is deal revenue per dollar. A gifting deal keeps only its contribution "
                    f"(about {linkedin_leads()['deal_contribution'].sum() / linkedin_leads()['deal_value'].sum():.0%} "
                    f"of its value): on revenue LinkedIn looks {linkedin_return_on('deal_value') / linkedin_pipeline_return():.1f} "
                    "times as good as it is. Use deal_contribution."
                ),
                value=lambda: linkedin_return_on("deal_value"),
            ),
            Mistake(
                lambda: (
                    "This counts the deals of every source (referrals, trade shows, the website's form): it "
                    "credits LinkedIn with contribution it did not bring. Keep the leads whose source is "
                    '"linkedin_ads".'
                ),
                value=lambda: linkedin_return_on(every_source=True),
            ),
            *[
                Mistake(
                    lambda: (
                        "This counts every LinkedIn lead, the ones from the last quarter of 2025 too. "
                        "Those have not had time to become deals, so they pull the value of a lead down "
                        f"(to {linkedin_return_on(settled=False) * linkedin()['cost_per_lead']:,.0f} "
                        f"dollars from {linkedin()['value_per_lead']:,.0f}). Keep the leads created before "
                        f"{pd.Timestamp(SETTLED_BEFORE):%B %Y}, as Module 01 does."
                    ),
                    value=value,
                )
                for value in (lambda: linkedin_return_on(settled=False), linkedin_two_year_return)
            ],
        ],
        hints=[
            'Leads: the rows of gifting_leads with source == "linkedin_ads" and created_date before '
            f'"{SETTLED_BEFORE}". Contribution per lead = the sum of their deal_contribution / the number '
            "of those leads (open and lost leads have none).",
            'Cost per lead: the 2025 spend of the "linkedin" rows of paid / the LinkedIn leads created in 2025.',
            "linkedin_return = contribution per lead / cost per lead.",
        ],
        passed=lambda v: (
            f"Each LinkedIn dollar brings about ${float(v):.2f} of gifting contribution, before business "
            "development's cost of working the leads and before asking how many would have come anyway: "
            f"it pays only if an opportunity costs BD less than about ${linkedin()['sales_cost_break_even']:,.0f} "
            f"to work and at least {linkedin_incremental_share_to_break_even():.0%} of the leads are ones "
            "LinkedIn caused. (Value and cost here come from different months; matched, the return runs "
            f"from ${min(_matched_returns()):.2f} to ${max(_matched_returns()):.2f}.)"
        ),
    ),
    ValueExercise(
        id="3.5",
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
            Mistake(
                lambda: (
                    "This compares purchase counts. The cells are not the same size (the test cell has "
                    f"{lift_cells().loc['test', 'users'] / lift_cells().loc['holdout', 'users']:.1f} times "
                    "the holdout's people), so it would buy more even with no ads. Divide each cell's "
                    "purchases by its users first, then compare the two rates."
                ),
                value=_count_lift,
            ),
        ],
        hints=[
            "Add up each cell's conversions over the weeks; users are the same people every week (take one week's value).",
            "Rate = conversions / users for each cell.",
            "Lift = test rate / holdout rate - 1.",
        ],
        passed=lambda v: (
            f"People who could see Meta's ads bought {float(v):.0%} more than people who could not. "
            + _rates_reminder()
        ),
    ),
    ValueExercise(
        id="3.6",
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
            Mistake(
                lambda: (
                    f"This is about {lift_weeks()} times too small: your rates divide by users added "
                    f"up over the {lift_weeks()} weeks, but they are the same people every week. Take "
                    "one week's users for each cell's rate."
                ),
                value=lambda: float(lift().incremental_conversions / lift_weeks()),
            ),
            Mistake(
                "This multiplies the difference in rates by the people of both cells. The holdout "
                "never saw the ads, so only the test cell's people could buy because of them: "
                "multiply by the test cell's users.",
                value=lambda: float(
                    (lift().test_rate - lift().control_rate)
                    * (lift_cells().loc["test", "users"] + lift_cells().loc["holdout", "users"])
                ),
            ),
        ],
        hints=[
            "Incremental purchases = (test rate - holdout rate) x test users.",
            "Use the totals over the weeks for conversions, and one week's users for each cell.",
        ],
        passed=lambda v: (
            f"About {float(v):,.0f} purchases happened because of the ads: compare that with what Meta "
            "reported. " + _rates_reminder()
        ),
    ),
    ValueExercise(
        id="3.7",
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
                lambda: (
                    "This compares revenue totals: test revenue minus holdout revenue. The cells are not "
                    f"the same size (the test cell has {lift_cells().loc['test', 'users'] / lift_cells().loc['holdout', 'users']:.1f} "
                    "times the holdout's people), so it would spend more even with no ads. Divide each "
                    "cell's revenue by its users first, as you did with purchases in Exercise 3.5, then "
                    "multiply the difference by the test cell's users."
                ),
                value=lambda: float(
                    (lift_cells().loc["test", "revenue"] - lift_cells().loc["holdout", "revenue"])
                    / lift_cells().loc["test", "spend"]
                ),
            ),
            Mistake(
                "This is Meta's own ROAS for the weeks of the study. iROAS counts only the revenue the ads caused.",
                value=_meta_platform_roas_in_study,
            ),
            Mistake(
                "This values the incremental purchases at the test cell's average order: a fair approximation "
                "(the extra buyers may not spend like the rest), but the exercise asks for the revenue "
                "itself, computed the way you computed purchases: revenue per person, test minus holdout, "
                "times test users.",
                value=lambda: float(
                    lift().incremental_conversions
                    * lift_cells().loc["test", "revenue"]
                    / lift_cells().loc["test", "conversions"]
                    / lift_cells().loc["test", "spend"]
                ),
            ),
            Mistake(
                lambda: (
                    "This is contribution per dollar (iROAS x margin): the right next step, "
                    f"{lift_contribution_per_dollar():.2f} on the first-order margin. The exercise asks for "
                    "the iROAS itself, revenue per dollar."
                ),
                value=lift_contribution_per_dollar,
            ),
        ],
        hints=[
            "Incremental revenue = (test revenue / test users - holdout revenue / holdout users) x test users.",
            "iROAS = incremental revenue / spend (the test cell's spend).",
        ],
        passed=lambda v: (
            f"Each Meta dollar caused ${float(v):.2f} of revenue in the study's weeks: "
            f"${float(v) * margin('first order'):.2f} of contribution at the first-order margin (the "
            "orders the store credits to Meta are nearly all first orders; the test cannot tell "
            "first purchases from repeat ones: this margin assumes the caused ones mix the same way)."
        ),
    ),
    ValueExercise(
        id="3.8",
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
                lambda: _store_credited_message("in the study's weeks"),
                value=lambda: meta_claims_per_credited_order("study"),
            ),
            Mistake(
                lambda: _store_credited_message("in 2025"),
                value=lambda: meta_claims_per_credited_order("2025"),
            ),
            Mistake(
                "This compares Meta's claim with every purchase by the test cell. Compare it with the incremental "
                "purchases of Exercise 3.6.",
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
        id="3.9",
        title="marginal_return(spend, first_dollar_return, half_sat)",
        answer="marginal_return",
        comparator=Number(what="a number (dollars of contribution per dollar)"),
        reference=_marginal_return_reference,
        # a spend of 0 first: on the worked example (0.5) the next dollar less the dollar itself
        # (0.5 - 1) and a flipped sign (-0.5) are the same number; at 0 they differ
        cases=lambda: [
            {"spend": 0, "first_dollar_return": 2.5, "half_sat": 200},
            {"spend": 100, "first_dollar_return": 2.0, "half_sat": 100},
            {
                "spend": float(spend_2025()["meta"]),
                "first_dollar_return": _curve("meta").first_dollar_return,
                "half_sat": _curve("meta").half_sat,
            },
        ],
        hidden_cases=lambda: [
            {"spend": 1_000, "first_dollar_return": 3.0, "half_sat": 50},
            {"spend": 25.5, "first_dollar_return": 1.2, "half_sat": 300},
            {"spend": 60, "first_dollar_return": 0.9, "half_sat": 60},
        ],
        mistakes=[
            Mistake(
                "this is the average return of all the spend (contribution / spend). The marginal return is what "
                "the next dollar brings: first_dollar_return / (1 + spend / half_sat) squared.",
                function=_average_return,
            ),
            Mistake(
                "this is the contribution the spend brings in total. The marginal return is its slope: "
                "first_dollar_return / (1 + spend / half_sat) ** 2.",
                function=_total_contribution,
            ),
            Mistake(
                "close: contribution(spend + 1) - contribution(spend) is what the next whole dollar brings. The "
                "marginal return is the slope at the spend itself: first_dollar_return / (1 + spend / half_sat) ** 2.",
                function=_next_whole_dollar,
            ),
            Mistake(
                "this is what the next dollar brings less the dollar itself (marginal return - 1: its gain "
                "or loss). The exercise asks for what it brings back, first_dollar_return / (1 + spend / "
                "half_sat) ** 2, with nothing taken off: compare that with 1 afterwards.",
                function=_marginal_less_the_dollar,
            ),
            Mistake(
                "the size is right but the sign is flipped: a dollar of spend never brings back less than "
                "nothing on these curves. Drop the minus: first_dollar_return / (1 + spend / half_sat) ** 2.",
                function=_marginal_sign_flipped,
            ),
        ],
        hints=[
            "The curve is contribution = first_dollar_return x spend / (1 + spend / half_sat).",
            "Its slope (what one more dollar brings) is first_dollar_return / (1 + spend / half_sat) ** 2.",
        ],
        passed="At spend 0 the next dollar brings the first-dollar return; at half_sat it brings a quarter of it.",
    ),
    ValueExercise(
        id="3.10",
        title="what the next dollar brings, platform by platform",
        answer="marginal_by_platform",
        comparator=SeriesOf(index_what="platform"),
        expected=lambda: by_platform("marginal"),
        mistakes=[
            Mistake(
                "These are average returns (contribution / spend at that spend): what all the dollars brought "
                "together. The next dollar brings less: use the marginal return.",
                value=lambda: by_platform("average"),
            ),
            Mistake(
                "These are the first-dollar returns (what the curve gives at a spend of 0). Evaluate the marginal "
                "return at each platform's 2025 spend a day.",
                value=lambda: by_platform("first"),
            ),
            Mistake(
                lambda: (
                    "These are marginal ROAS: the two-year revenue of the next dollar, to compare with a "
                    f"break-even near {1 / _curve('meta').margin:.2f}. The question is contribution, to compare "
                    "with 1: use marginal_return with first_dollar_return."
                ),
                value=lambda: by_platform("marginal roas"),
            ),
            Mistake(
                "These are at 2024's spend. Use spend_2025.",
                value=lambda: by_platform("marginal", 2024),
            ),
            Mistake(
                "The values are right, but the rows are numbered 0, 1, 2... instead of named by platform: "
                "pd.Series of a list numbers its rows. Fill a dict with the platform's name as the key "
                "(values[c.name] = ...) and make the Series from the dict, as in the example after the "
                "curves table.",
                value=lambda: pd.Series([by_platform("marginal")[c.name] for c in curves()]),
            ),
        ],
        hints=[
            "The idea: one number per platform, labelled with the platform's name. Fill a dict in a loop "
            "over curves (name -> marginal return), then turn it into a Series, as in the example after the "
            "curves table. A list would number the rows 0, 1, 2... instead.",
            "For a curve c: its name is c.name, its spend spend_2025[c.name], and marginal_return takes that "
            "spend, c.first_dollar_return and c.half_sat.",
            "Fill in the blanks:\n"
            "marginal = {}\n"
            "for c in curves:\n"
            "    marginal[___] = marginal_return(spend_2025[___], ___, ___)\n"
            "marginal_by_platform = pd.Series(marginal)",
            "pd.Series({c.name: marginal_return(spend_2025[c.name], c.first_dollar_return, c.half_sat) for c in curves})",
        ],
        passed=lambda s: (
            f"The next dollar brings most on {label(s.astype(float).idxmax())} "
            f"and least on {label(s.astype(float).idxmin())}: below 1 it loses money, so that is where money "
            "should come from."
        ),
    ),
    ValueExercise(
        id="3.11",
        title="what the $1 rule is worth",
        answer="dollar_rule_gain",
        comparator=Number(what="a number of dollars a year", rel_tol=1e-4),
        expected=dollar_rule_gain,
        mistakes=[
            Mistake(
                "This is a day's gain. Multiply by 365 for a year.",
                value=lambda: dollar_rule_gain(days=1),
            ),
            Mistake(
                "One side is a year and the other a day: the $1 split's result has * 365 and the "
                "2025 split's does not. Multiply both by 365 before you subtract.",
                value=lambda: (
                    profit_a_year(dollar_rule_split()) - profit_a_year(spend_2025()) / 365
                ),
            ),
            Mistake(
                "One side is a year and the other a day: the 2025 split's result has * 365 and the "
                "$1 split's does not. Multiply both by 365 before you subtract.",
                value=lambda: (
                    profit_a_year(dollar_rule_split()) / 365 - profit_a_year(spend_2025())
                ),
            ),
            Mistake(
                lambda: (
                    "This is the gain of the best split of 2025's total (media.allocate): it keeps "
                    "spending the same money, so it moves dollars into Meta until Meta's next dollar "
                    f"brings back about ${next_dollar_at_best_split():.2f}, below $1: money that loses. "
                    "The $1 rule stops each platform where its next dollar returns $1: use "
                    "media.best_budget(curves, lower=spend_2025 * 0.5, upper=spend_2025 * 1.5)."
                ),
                value=reallocation_gain,
            ),
            Mistake(
                "This compares two-year contribution only, without the spend. The $1 split spends "
                "less than 2025, so it brings less contribution, and saves more money than it "
                "gives up. Take each split's year of spend off the two-year contribution it buys, "
                "then subtract the 2025 split's result from the $1 split's.",
                value=lambda: dollar_rule_gain(after_spend=False),
            ),
            Mistake(
                "This is the $1 split's own two-year contribution less a year's spend, not its "
                "gain: subtract the same for the 2025 split (the same sum with spend_2025).",
                value=lambda: profit_a_year(dollar_rule_split()),
            ),
            Mistake(
                "This is the $1 split's two-year contribution a year, not its gain: take off its "
                "spend, then subtract the 2025 split's contribution after its spend.",
                value=lambda: float(
                    _outcome(dollar_rule_split())["incremental_contribution"].sum() * 365
                ),
            ),
            Mistake(
                "This is the 2025 split's own two-year contribution less a year's spend: it is the "
                "baseline. Work out the same for the $1 split (media.best_budget with the bounds) "
                "and subtract this from it.",
                value=lambda: profit_a_year(spend_2025()),
            ),
            Mistake(
                lambda: (
                    "This is the $1 rule without bounds: it takes YouTube to "
                    f"{dollar_rule_split(bounded=False)['youtube'] / spend_2025()['youtube']:.1f} times "
                    "its 2025 spend, far beyond any spend its curve was measured at. That is a case for "
                    "a capped step-up test on TikTok and YouTube, not next year's budget: keep each "
                    "platform between lower=spend_2025 * 0.5 and upper=spend_2025 * 1.5."
                ),
                value=lambda: dollar_rule_gain(bounded=False),
            ),
            Mistake(
                "This uses two-year revenue. A dollar of revenue is not a dollar of profit: the "
                "$1 rule weighs what the next dollar leaves behind, so use incremental_contribution.",
                value=lambda: dollar_rule_gain(measure="incremental_revenue"),
            ),
            Mistake(
                lambda: (
                    "This moves LinkedIn's budget too, judged by its consumer curve. LinkedIn's money buys "
                    f"gifting leads, which bring about {linkedin_pipeline_return():.2f} a dollar before business "
                    "development's cost (Exercise 3.4), a case judged on the pipeline: keep it out, and use "
                    "the consumer platforms' curves and spend_2025 of the lesson."
                ),
                value=lambda: dollar_rule_gain(with_gifting=True),
            ),
        ],
        hints=[
            "dollar_split = media.best_budget(curves, lower=spend_2025 * 0.5, upper=spend_2025 * 1.5) "
            "takes each platform to where its next dollar returns $1, within 50% of its 2025 spend.",
            "outcome = media.plan_outcome(curves, split); (outcome['incremental_contribution'] - "
            "outcome['spend']).sum() * 365 is what a year of a split leaves: the two-year "
            "contribution of the customers that year buys, less the year's spend.",
            "Gain = the $1 split's two-year contribution less its year of spend - the same for the "
            "2025 split.",
        ],
        passed=lambda v: (
            f"Stopping each platform where its next dollar returns $1, within 50% of its 2025 "
            f"spend, is worth about ${float(v):,.0f} for each year of spend: the two-year "
            "contribution of the customers a year buys, less that year's spend, above 2025's "
            "(not one year's profit: the contribution comes in over two years). More than any "
            "split of 2025's total. The cuts go below any month so far, so step them down and read a "
            "spend-down test; going further on TikTok and YouTube needs a test first."
        ),
    ),
    FunctionExercise(
        id="3.12",
        title="posterior_cvr(prior_mean, prior_weight, conversions, clicks)",
        answer="posterior_cvr",
        comparator=Number(what="a number: a conversion rate such as 0.02"),
        reference=_posterior_reference,
        cases=lambda: [
            {"prior_mean": 0.02, "prior_weight": 100, "conversions": 8, "clicks": 200},
            {
                "prior_mean": round(prior()[0], 4),
                "prior_weight": prior()[1],
                "conversions": int(pilot_totals()["tagged_orders"]),
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
            Mistake(
                "this adds prior_mean, a rate, to the pilot's conversions, a count. The prior is "
                "worth prior_weight clicks, so its conversions are prior_mean x prior_weight: add "
                "those on top.",
                function=_prior_rate_as_orders,
            ),
            Mistake(
                "the division stops before the bottom's '+ clicks': " + PARENTHESES,
                function=_bottom_without_parentheses,
            ),
            Mistake(
                "the division starts after the top's 'prior_mean * prior_weight +': " + PARENTHESES,
                function=_top_without_parentheses,
            ),
        ],
        hints=[
            "The prior is worth prior_weight clicks with prior_mean x prior_weight conversions: add those "
            "conversions to the pilot's on top, and prior_weight to its clicks underneath.",
            "Python divides before it adds: a + b / c + d is a + (b / c) + d. Put the whole top and the whole "
            "bottom in parentheses. The worked example (0.02, 100, 8, 200) should return 0.0333.",
            "Posterior = (prior_mean x prior_weight + conversions) / (prior_weight + clicks).",
        ],
        passed="With few clicks the prior dominates; with many, the pilot does.",
    ),
    ValueExercise(
        id="3.13",
        title="which count goes beside the prior",
        answer="pilot_count",
        comparator=Choice(("tagged orders", "pixel conversions", "deflated pixel")),
        expected=lambda: "tagged orders",
        mistakes=[
            Mistake(
                lambda: (
                    f"Driftwood's pixel claims {pilot_rate('pixel'):.1%} of clicks, {pixel_over_count():.1f} times "
                    "the orders the store credits to it: it counts views and modelled purchases, as every "
                    f"platform does, while the prior ({prior()[0]:.1%}) is a store-credited rate. On the pixel, "
                    f"{_basis_consequence('pixel')}."
                ),
                value=lambda: "pixel conversions",
            ),
            Mistake(
                lambda: (
                    f"Dividing the pixel by Meta's over-count ({meta_over_count():.2f}) borrows another "
                    f"platform's ratio; Driftwood's own is {pixel_over_count():.2f}, and the store counted its "
                    f"orders directly. Deflated, the pilot converts {pilot_rate('pixel') / meta_over_count():.2%} "
                    f"of clicks against the store's {pilot_rate():.2%}: {_basis_consequence('deflated')}."
                ),
                value=lambda: "deflated pixel",
            ),
        ],
        hints=[
            "The prior was built from the orders the store credits to Meta and Instagram per click.",
            "Which of the pilot's counts is made the same way?",
        ],
        passed=lambda v: (
            f"The store's tagged orders are the prior's basis: the pilot converts {pilot_rate():.2%} of clicks "
            f"on it, against {pilot_rate('pixel'):.2%} on the pixel."
        ),
    ),
    ValueExercise(
        id="3.14",
        title="the chance each audience pays",
        answer="chance_by_audience",
        comparator=SeriesOf(index_what="ad set", rel_tol=1e-3),
        expected=chance_by_audience,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                lambda: (
                    "These use the pixel's count, which is not the prior's basis (Exercise 3.13): "
                    f"{_basis_consequence('pixel')}. Use tagged_orders."
                ),
                value=lambda: chance_by_audience("pixel"),
            ),
            Mistake(
                lambda: (
                    f"These use the online margin ({margin('online'):.1%}), the margin of all online orders. A "
                    "pilot's buyers are new customers on their first order, which earns "
                    f"{margin('first order'):.1%}: use first_order_margin. {_margin_consequence('online')}"
                ),
                value=lambda: chance_by_audience(basis="online"),
            ),
            Mistake(
                lambda: (
                    f"These use the P&L's margin ({margin('P&L'):.1%}), which the shops pull up; Driftwood's "
                    f"tagged orders are all online. Use first_order_margin. {_margin_consequence('P&L')}"
                ),
                value=lambda: chance_by_audience(basis="P&L"),
            ),
            Mistake(
                "Your Series has the 'all ad sets' row too, the pilot's total. Keep the four audiences only: "
                "loop over by_ad_set.index.drop('all ad sets').",
                value=lambda: pd.concat(
                    [chance_by_audience(), pd.Series({"all ad sets": chance_all()})]
                ),
            ),
            Mistake(
                lambda: (
                    "These judge every audience against one break-even, the pilot's overall "
                    f"{break_even_all():.2%}. Each audience pays its own CPC, so each has its own "
                    "break-even rate: read it for each name from by_ad_set.loc[name, 'break-even rate']."
                ),
                value=lambda: chance_by_audience(shared_break_even=True),
            ),
            Mistake(
                "These ignore the prior: start from the prior and add each audience's pilot counts.",
                value=lambda: chance_by_audience(use_prior=False),
            ),
            Mistake(
                "These use the prior alone: update it with each audience's tagged orders and clicks.",
                value=lambda: chance_by_audience(use_pilot=False),
            ),
            Mistake(
                lambda: (
                    "These use each audience's own order value: a judgment call, not an error, but a few "
                    "dozen orders make it noisy, and here it would move lookalike customers from "
                    f"{chance_by_audience()['lookalike_customers']:.0%} to "
                    f"{chance_by_audience(own_aov=True)['lookalike_customers']:.0%}. The exercise asks for "
                    "the pilot's overall order value (all tagged revenue / all tagged orders) for every "
                    "audience."
                ),
                value=lambda: chance_by_audience(own_aov=True),
            ),
        ],
        hints=[
            "The idea: media's functions take one ad set's numbers, not whole columns. Loop over the four "
            "ad sets, as the posterior-rate example above the exercise does, work out one chance per ad "
            "set, and collect them in a dict.",
            "The move, for one ad set `name`: update the prior with by_ad_set.loc[name, 'tagged_orders'] and "
            "by_ad_set.loc[name, 'clicks'], then media.beta_prob_above(alpha, beta, its break-even rate), "
            "read from the 'break-even rate' column. Leave out 'all ad sets'.",
            "Fill in the blanks:\n"
            "chance = {}\n"
            "for name in by_ad_set.index.drop('all ad sets'):\n"
            "    alpha, beta = media.beta_update(*media.beta_prior(PRIOR_MEAN, PRIOR_WEIGHT), ___, ___)\n"
            "    chance[name] = media.beta_prob_above(alpha, beta, ___)\n"
            "chance_by_audience = pd.Series(chance)",
            "The blanks are by_ad_set.loc[name, 'tagged_orders'], by_ad_set.loc[name, 'clicks'] and "
            "by_ad_set.loc[name, 'break-even rate'].",
        ],
        passed=lambda s: (
            f"{label(s.astype(float).idxmax())} is the best bet ({s.astype(float).max():.0%}); an audience "
            f"scales only above {SCALE_RULE:.0%} and stops below {STOP_RULE:.0%}."
        ),
    ),
]


def budget_allocator():
    from .. import widgets

    return widgets.budget_allocator(curves(), spend_2025())


EXPLORERS = (
    Demo(
        "allocator",
        "Where should the next dollar of paid media go?",
        "The consumer platforms' daily budget at 2025's total, split by hand: the question when "
        "finance freezes the total. Bars below the dashed line lose money at the margin. Move money "
        "from a low bar to a high one, then press Best split (±50%). Ask: which bars still sit below "
        "the line, and what would the $1 rule (stop each platform where its next dollar returns $1) "
        "do to the total?",
        budget_allocator,
    ),
)


FACTS = {
    "Google Search's and Instagram's average dollar: what each loses": Fact(
        lambda: 100 * (1 - float(by_platform("average")[["google_search", "instagram"]].mean())),
        "lose about {:.0f} cents each",
    ),
    # margins and break-evens
    "online margin": Fact(lambda: margin("online"), "{:.1%}"),
    "first-order margin": Fact(lambda: margin("first order"), "{:.1%}"),
    "P&L margin": Fact(lambda: margin("P&L"), "{:.1%}"),
    # the same P&L's contribution on net revenue (after refunds): Module 01's contribution margin
    "P&L margin on net revenue (Module 01)": Fact(
        m01_finance.contribution_margin_rate, "{:.1%} on net revenue"
    ),
    "break-even ROAS online": Fact(lambda: 1 / margin("online"), "{:.2f}"),
    "break-even ROAS first order": Fact(lambda: 1 / margin("first order"), "{:.2f}"),
    "break-even ROAS P&L": Fact(lambda: 1 / margin("P&L"), "{:.2f}"),
    "a ROAS of 2.80: loss per dollar on the first-order margin": Fact(
        first_order_loss_per_dollar, "{:.0f} cents", 0.01
    ),
    "Nov-Dec premium 2025": Fact(peak_premium_all, "{:.0%}"),
    # the lift study, read honestly
    "test share": Fact(
        lambda: lift_cells().loc["test", "users"] / lift_cells()["users"].sum(), "{:.0%}"
    ),
    "holdout share": Fact(
        lambda: lift_cells().loc["holdout", "users"] / lift_cells()["users"].sum(), "{:.0%}"
    ),
    "Meta's own ROAS in the study": Fact(_meta_platform_roas_in_study, "about {:.0f}"),
    # the whole budget on the test cell, and how it was delivered against normal running
    "Meta's spend in the study's weeks": Fact(lambda: meta_delivery()["spend"], "{:,.0f}"),
    "Meta's ads a day per person reached in the study": Fact(
        lambda: meta_delivery()["frequency"], "{:.2f} ads a day"
    ),
    "Meta's ads a day per person reached in 2025 before the study": Fact(
        lambda: meta_delivery("before")["frequency"], "before the study ({:.2f})"
    ),
    "Meta's ads a day per person reached in the same weeks of 2024": Fact(
        lambda: meta_delivery("a year before")["frequency"], "same weeks of 2024 ({:.2f})"
    ),
    "people Meta reached a day in the study": Fact(
        lambda: meta_delivery()["reach a day"], "about {:,.0f},000 people a day", 1000
    ),
    "share of the test cell reached a day": Fact(
        lambda: meta_delivery()["reach a day"] / lift_cells().loc["test", "users"],
        "{:.1%} of the test cell",
    ),
    "people in the test cell": Fact(
        lambda: lift_cells().loc["test", "users"], "{:.1f} million", 1e6
    ),
    "days each person in the test cell was reached": Fact(days_reached, "{:.1f} days"),
    "days each person was reached, ads across the whole audience": Fact(
        lambda: days_reached("all"), "({:.1f} had"
    ),
    "lift incremental purchases": Fact(lambda: lift().incremental_conversions, "{:,.0f} purchases"),
    "recorded truth: purchases the ads caused": Fact(
        lambda: datasets.truth("meta_lift_test")["true_incremental_conversions"], "{:,.0f} the data"
    ),
    "the lift's count against the recorded truth": Fact(
        lambda: np.ceil(abs(lift_against_truth()) * 100), "within {:.0f}%"
    ),
    "lift iROAS": Fact(lambda: lift().iroas, "{:.2f}"),
    "lift iROAS, low": Fact(lambda: lift_interval()[0], "{:.2f}"),
    "lift iROAS, high": Fact(lambda: lift_interval()[1], "{:.2f}"),
    "lift loss per dollar, low": Fact(lambda: lift_interval("loss")[0], "{:.0f}", 0.01),
    "lift loss per dollar, high": Fact(lambda: lift_interval("loss")[1], "{:.0f} cents", 0.01),
    "lift contribution per dollar": Fact(lift_contribution_per_dollar, "{:.0f} cents", 0.01),
    "first orders among Meta's credited orders in the study": Fact(
        meta_first_order_share_in_study, "{:.0%}"
    ),
    "lift contribution per dollar, online margin": Fact(
        lambda: lift().iroas * margin("online"), "{:.0f} cents", 0.01
    ),
    "lift loss per dollar": Fact(lambda: 1 - lift_contribution_per_dollar(), "{:.0f} cents", 0.01),
    # the same dollars once the new customers' repeat orders count: Section 5's curve at 2025's spend
    "Meta's average return over two years": Fact(lambda: by_platform("average")["meta"], "{:.2f}"),
    "Meta's next dollar over two years": Fact(lambda: by_platform("marginal")["meta"], "{:.2f}"),
    "Meta's average return over two years, with its content": Fact(
        lambda: average_with_content("meta"), "{:.2f} a dollar spent with its content"
    ),
    "Meta over-attribution in the study": Fact(
        lambda: (
            lift_cells().loc["test", "platform_reported_conversions"]
            / lift().incremental_conversions
        ),
        "{:.1f} of Exercise 3.8",
    ),
    "cost per incremental purchase": Fact(lambda: lift().cost_per_incremental_conversion, "{:.2f}"),
    # a design lesson for a real test: all of Meta's spend squeezed onto the test cell, priced
    # on Meta's own curve (this study's test cell ran as usual, so it measures business as usual)
    "a squeeze's shortfall at the study's holdout": Fact(
        lambda: lift_squeeze()["shortfall"], "about {:.0%}"
    ),
    "the shortfall with a 10% holdout": Fact(
        lambda: lift_squeeze(holdout_share=0.1)["shortfall"], "about {:.0%}"
    ),
    "Meta's two-year bar (Module 01)": Fact(
        lambda: m01_finance.two_year_bar("meta"), "two-year bar of {:.1f}"
    ),
    # curves and the budget
    "dollar rule gain": Fact(dollar_rule_gain, "{:,.0f}k", 1000),
    "dollar rule profit": Fact(lambda: profit_a_year(dollar_rule_split()), "{:,.0f}k", 1000),
    "dollar rule budget a year": Fact(lambda: dollar_rule_split().sum() * 365, "{:.1f}M", 1e6),
    "2025 profit": Fact(lambda: profit_a_year(spend_2025()), "{:,.0f}k", 1000),
    "best split profit": Fact(lambda: profit_a_year(best_split()), "{:,.0f}k", 1000),
    "reallocation gain": Fact(reallocation_gain, "{:,.0f}k", 1000),
    "dollar rule over the best split": Fact(
        lambda: profit_a_year(dollar_rule_split()) - profit_a_year(best_split()), "{:,.0f}k", 1000
    ),
    "Meta's next dollar at the best split": Fact(next_dollar_at_best_split, "{:.2f}"),
    # the $1 rule's caps and its unbounded points against the spend seen (Module 01's measure)
    **{
        f"{platform}: the most spent a day in a month so far": Fact(
            lambda p=platform: spend_seen()[p], "{:,.0f}"
        )
        for platform in ("tiktok", "youtube")
    },
    **{
        f"{platform}: the $1 point without bounds, against 2025": Fact(
            lambda p=platform: unbounded_against_seen(p)["times_2025"], "{:.1f} times"
        )
        for platform in ("tiktok", "youtube")
    },
    **{
        f"{platform}: the $1 point without bounds, a day": Fact(
            lambda p=platform: unbounded_against_seen(p)["point"], "{:,.0f} a day"
        )
        for platform in ("tiktok", "youtube")
    },
    # the cuts against the spend seen: the $1 rule within 50% goes below the lowest month so far;
    # the first step stops there, and a spend-down test reads the next dollar before going on
    **{
        f"{platform}: the least spent a day in a month so far": Fact(
            lambda p=platform: spend_seen_low()[p], "{:,.0f}"
        )
        for platform in ("google_search", "instagram", "meta")
    },
    **{
        f"{platform}: the $1 rule within 50%, a day": Fact(
            lambda p=platform: dollar_rule_split()[p], "{:,.0f}"
        )
        for platform in ("google_search", "instagram", "meta")
    },
    "first step: next dollar at the lowest month, low": Fact(
        lambda: first_step_next_dollar().min(), "{:.0f}", 0.01
    ),
    "first step: next dollar at the lowest month, high": Fact(
        lambda: first_step_next_dollar().max(), "{:.0f} cents", 0.01
    ),
    "first step budget a year": Fact(lambda: first_step_split().sum() * 365, "{:.1f}M", 1e6),
    "first step profit": Fact(lambda: profit_a_year(first_step_split()), "{:,.0f}k", 1000),
    "first step gain": Fact(
        lambda: profit_a_year(first_step_split()) - profit_a_year(spend_2025()), "{:,.0f}k", 1000
    ),
    # 2025 as actually spent, day by day, against the average day of Exercise 3.11
    "2025 profit day by day": Fact(profit_2025_day_by_day, "{:,.0f}k", 1000),
    "dollar rule profit, every day the same": Fact(
        lambda: profit_level_days(dollar_rule_split()), "{:,.0f}k", 1000
    ),
    "dollar rule gain over 2025 as spent": Fact(
        lambda: profit_level_days(dollar_rule_split()) - profit_2025_day_by_day(), "{:,.0f}k", 1000
    ),
    # Google Search: brand terms against the rest
    "brand share of search spend": Fact(
        lambda: search_campaigns().loc["brand", "spend_share"], "{:.0%}"
    ),
    "brand share of search's reported conversions": Fact(
        lambda: search_campaigns().loc["brand", "conversion_share"], "{:.0%}"
    ),
    "non-brand share of search spend": Fact(
        lambda: search_campaigns().loc["non_brand", "spend_share"], "{:.0%}"
    ),
    "shopping share of search spend": Fact(
        lambda: search_campaigns().loc["shopping", "spend_share"], "{:.0%}"
    ),
    "shopping's own ROAS": Fact(lambda: search_campaigns().loc["shopping", "roas"], "{:.1f}"),
    "brand search's own ROAS": Fact(lambda: search_campaigns().loc["brand", "roas"], "{:.0f}"),
    "non-brand search's own ROAS": Fact(
        lambda: search_campaigns().loc["non_brand", "roas"], "{:.1f}"
    ),
    "brand search a day": Fact(lambda: search_campaigns().loc["brand", "spend_a_day"], "{:,.0f}"),
    "brand search in the plan a day": Fact(brand_in_the_plan, "{:,.0f}"),
    "brand held on top of the plan a year": Fact(brand_held_on_top, "{:,.0f}k", 1000),
    # retargeting: the same pattern as brand search, on Meta and Instagram
    "retargeting spend 2025": Fact(lambda: retargeting()["spend"], "{:,.0f}k", 1000),
    "retargeting share of consumer spend": Fact(
        lambda: retargeting()["share_of_consumer_spend"], "{:.0%}"
    ),
    "retargeting against brand search": Fact(
        lambda: retargeting()["times_brand_search"], "{:.1f} times"
    ),
    **{
        f"{platform}'s own ROAS on {kind}": Fact(
            lambda p=platform, k=kind: campaign_roas(p, k), "{:.1f}"
        )
        for platform in SOCIAL
        for kind in ("retargeting", "prospecting")
    },
    "Google's over-count": Fact(search_over_count, "{:.2f} times"),
    "non-brand first-order contribution per dollar": Fact(non_brand_return, "{:.0f} cents", 0.01),
    "non-brand two-year contribution per dollar": Fact(
        lambda: non_brand_return("two years"), "{:.0f} cents", 0.01
    ),
    "shopping first-order contribution per dollar": Fact(
        lambda: non_brand_return(campaign="shopping"), "{:.2f}"
    ),
    "search's new customers a year on the curve": Fact(search_customers_on_the_curve, "{:,.0f}"),
    "non-brand and shopping's reported conversions": Fact(
        lambda: search_campaigns().drop("brand")["conversions"].sum(), "{:,.0f}"
    ),
    "YouTube at its $1 point vs 2025": Fact(
        lambda: best_budget()["youtube"] / spend_2025()["youtube"], "{:.1f} times"
    ),
    "TikTok at its $1 point vs 2025": Fact(
        lambda: best_budget()["tiktok"] / spend_2025()["tiktok"], "{:.1f} times"
    ),
    "consumer spend 2025": Fact(lambda: spend_2025().sum() * 365, "{:.1f}M", 1e6),
    # LinkedIn
    "Meta retargeting ads a day": Fact(lambda: retargeting_frequency(), "{:.1f} ads a day"),
    "Meta retargeting a week if reached daily": Fact(
        lambda: retargeting_frequency() * 7, "about {:.0f}"
    ),
    "Meta retargeting against a weekly cap": Fact(
        lambda: retargeting_frequency() * 7 / WEEKLY_CAP, "{:.1f} times the cap"
    ),
    "LinkedIn consumer CAC": Fact(linkedin_consumer_cac, "{:,.0f}"),
    "LinkedIn cost per lead": Fact(lambda: linkedin()["cost_per_lead"], "{:,.0f}"),
    "LinkedIn contribution per lead": Fact(lambda: linkedin()["value_per_lead"], "{:,.0f}"),
    "LinkedIn margin per lead": Fact(lambda: linkedin()["margin_per_lead"], "{:,.0f}"),
    "LinkedIn return": Fact(linkedin_pipeline_return, "{:.2f}"),
    "LinkedIn BD break-even per opportunity": Fact(
        lambda: linkedin()["sales_cost_break_even"], "{:,.0f}"
    ),
    "LinkedIn incremental share to break even": Fact(
        linkedin_incremental_share_to_break_even, "{:.0%}"
    ),
    "LinkedIn return, leads of 2024": Fact(lambda: linkedin_return_matched("2024"), "{:.2f}"),
    "LinkedIn return, latest settled year": Fact(
        lambda: linkedin_return_matched("latest"), "{:.2f}"
    ),
    "LinkedIn incremental share to break even, 2024": Fact(
        lambda: 1 / linkedin_return_matched("2024"), "{:.0%}"
    ),
    "LinkedIn incremental share to break even, latest year": Fact(
        lambda: 1 / linkedin_return_matched("latest"), "{:.0%}"
    ),
    # the pilot
    "prior mean": Fact(lambda: prior()[0], "{:.1%}"),
    "social first-order rate": Fact(lambda: social_store_rate(first_orders=True), "{:.1%}"),
    "retargeting share of social spend, low": Fact(lambda: retargeting_share().min(), "{:.0%}"),
    "retargeting share of social spend, high": Fact(lambda: retargeting_share().max(), "{:.0%}"),
    "social store rate": Fact(social_store_rate, "{:.1%}"),
    "pilot spend": Fact(lambda: pilot_totals()["spend"], "{:,.0f}"),
    "pilot clicks": Fact(lambda: pilot_totals()["clicks"], "{:,.0f}"),
    "pilot CPC": Fact(lambda: pilot_totals()["cpc"], "{:.2f}"),
    "pilot tagged rate": Fact(pilot_rate, "{:.1%}"),
    "pilot pixel rate": Fact(lambda: pilot_rate("pixel"), "{:.1%}"),
    "pixel over-count": Fact(pixel_over_count, "{:.1f} times"),
    "Meta over-count": Fact(meta_over_count, "about {:.1f} times"),
    "Meta's own ROAS, 2025": Fact(lambda: chain(paid_in()).loc["meta", "roas"], "{:.1f}"),
    "pilot AOV": Fact(pilot_aov, "{:.0f}"),
    "break-even rate": Fact(break_even_all, "{:.1%}"),
    "posterior mean": Fact(lambda: media.beta_mean(*posterior_all()), "{:.1%}"),
    "chance on the store's count": Fact(chance_all, "{:.0%}"),
    "commitment": Fact(commitment, "{:,.0f}"),
    "commitment a day": Fact(
        lambda: datasets.truth("new_network_pilot")["scale_up"]["daily_budget"], "{:,.0f}"
    ),
    "commitment days": Fact(
        lambda: datasets.truth("new_network_pilot")["scale_up"]["days"], "{:.0f} days"
    ),
    "commitment contribution": Fact(commitment_contribution, "{:,.0f}k", 1000),
    "commitment expected loss": Fact(lambda: -commitment_outcome(), "{:,.0f}k", 1000),
    "commitment pessimistic loss": Fact(
        lambda: -commitment_outcome(case="pessimistic"), "{:,.0f}k", 1000
    ),
    "commitment on the pixel": Fact(lambda: commitment_outcome("pixel"), "{:,.0f}k", 1000),
    "Meta's caused share of its last-click purchases": Fact(meta_caused_share, "{:.0%}"),
    "pilot order's two-year contribution": Fact(pilot_order_two_year_value, "{:,.0f}"),
    "commitment expected loss, two years caused": Fact(
        lambda: -commitment_outcome(value="two years, caused"), "{:,.0f}k", 1000
    ),
    "TikTok's caused customers per credited one": Fact(
        tiktok_caused_per_credited, "about {:.1f} customers"
    ),
    "commitment expected gain, two years caused as on TikTok": Fact(
        lambda: commitment_outcome(value="two years, caused as on TikTok"), "{:,.0f}k gain", 1000
    ),
    "scale vs pilot": Fact(scale_vs_pilot, "{:.1f} times the pilot"),
    "best audience chance": Fact(lambda: chance_by_audience().max(), "{:.0%} chance"),
    "lookalike chance": Fact(lambda: chance_by_audience()["lookalike_customers"], "{:.0%}"),
    "best audience test budget": Fact(
        lambda: test_plan().loc[best_audience(), "budget"], "{:,.0f}k", 1000
    ),
    "best audience test weeks": Fact(
        lambda: test_plan().loc[best_audience(), "weeks"], "{:.0f} weeks"
    ),
    "best audience estimate": Fact(best_audience_rate, "{:.2%}"),
    "best audience break-even": Fact(lambda: best_audience_rate("break-even"), "{:.2%}"),
    # the peak, like with like: peak clicks against peak orders per click and order value
    "peak CPC rise, Meta and Instagram": Fact(lambda: peak_change()["cpc"], "{:.0%} dearer"),
    "peak rise in orders per click, Meta and Instagram": Fact(
        lambda: peak_change()["rate"], "{:.0%} more often"
    ),
    "peak fall in order value, Meta and Instagram": Fact(
        lambda: -peak_change()["aov"], "{:.0%} smaller"
    ),
    "peak fall in contribution per first order, Meta and Instagram": Fact(
        lambda: -peak_change()["contribution"], "{:.0%} less"
    ),
    "first-order margin at the peak, Meta and Instagram": Fact(
        lambda: peak_first_orders()["peak"]["margin"], "{:.1%}"
    ),
    "first-order margin off the peak, Meta and Instagram": Fact(
        lambda: peak_first_orders()["low"]["margin"], "{:.1%}"
    ),
    "best audience estimate at the peak": Fact(
        lambda: best_audience_rate("peak estimate"), "{:.2%}"
    ),
    "best audience break-even at the peak": Fact(
        lambda: best_audience_rate("peak break-even"), "{:.2%}"
    ),
    "best audience chance at the peak": Fact(best_audience_peak_chance, "{:.0%}"),
}

# numbers of the text that are not data: worked examples, rules of thumb, the inputs of a hand
# calculation, list and table numbers (and the 36 of <span>&#36;</span>, the dollar sign)
TEXT_CONSTANTS = (
    *"1 2 3 4 5 6 7 8 9 10 11 15 20 24 30 36 40 50 67 80 90 95 100 150 200 233 250 300".split(),
    *"365 375 400 500 600 1,000 1,500 1,950 10,000 25,000 26,000 52,000 78,000 100,000".split(),
    *"0.002 0.015 0.03 0.04 0.2 0.36 0.4 0.40 0.50 0.6 0.70 1.0 0.84 1.30 1.33 1.56 1.28 1.64".split(),
    *"1.5 2.5 2.6 2.80 3.33 3.9 33.33 64 130".split(),  # 1.5: the worked example's CTR
)
