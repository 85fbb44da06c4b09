"""Exercises of module 04 Offline channels, its explorers, and the figures its text states.
Expected values come from the loaded data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import datasets, finance, media, offline
from ..manifest import Demo
from ..plots import label, money
from .comparators import Choice, Number, Numbers, SeriesOf
from .exercises import FunctionExercise, Mistake, ValueExercise
from .figures import Fact

YEAR = 2025
WITH_IMPRESSIONS = (
    "meta",
    "instagram",
    "tiktok",
    "google_search",
    "youtube",
    "linkedin",
    "tv",
    "radio",
    "out_of_home",
    "print",
    "podcasts",
)
HALO_CONTROLS = ["orders", "promotion_days"]
PLANNED_ZONES = 20  # exercise 4.13: the next test repeats the autumn's design
PLANNED_WEEKS_BEFORE = 52
PLANNED_POWER = 0.8
VALUE_BASES = ("first-order revenue", "first-order contribution", "two-year contribution")


def mix() -> pd.DataFrame:
    return datasets.load("media_mix_weekly")


def mix_in(year: int = YEAR) -> pd.DataFrame:
    frame = mix()
    return frame[frame["week_start"].dt.year == year]


def full_weeks() -> pd.DataFrame:
    frame = mix()
    return frame[frame["days"] == 7].reset_index(drop=True)


def theta(medium: str) -> float:
    return float(
        datasets.truth("media_mix_weekly")["offline_media"][medium]["weekly_adstock_theta"]
    )


def home_adults() -> float:
    geo = datasets.load("geo_test")
    return float(geo.drop_duplicates("market")["adults"].sum())


def spend_line(channel: str, year: int = YEAR, months: tuple[int, int] = (1, 12)) -> float:
    """A line of marketing_spend_monthly: its actual spend over some months of a year."""
    lines = datasets.load("marketing_spend_monthly")
    month = lines["month"]
    keep = (lines["channel"] == channel) & (month.dt.year == year) & month.dt.month.between(*months)
    return float(lines.loc[keep, "actual"].sum())


def autumn_production() -> float:
    """What making the autumn 2025 spot cost: the tv_production line in the second half of 2025."""
    return spend_line("tv_production", months=(7, 12))


def average_spot() -> float:
    """What making one TV spot cost, on average over the spots of the two years (one bill a
    flight): the production the flight planner (Section 4) adds, which is not 4.11's autumn spot."""
    lines = datasets.load("marketing_spend_monthly")
    bills = lines.loc[lines["channel"] == "tv_production", "actual"]
    return float(bills[bills > 0].mean())


def tv_line(year: int = YEAR) -> dict[str, float]:
    """TV's year: airtime, production, GRPs, weeks on air and the heaviest week."""
    frame = mix_in(year)
    aired = frame[frame["tv_grps"] > 0]
    return {
        "airtime": float(frame["tv_spend"].sum()),
        "production": spend_line("tv_production", year),
        "grps": float(frame["tv_grps"].sum()),
        "weeks": float(len(aired)),
        "heaviest_week": float(aired["tv_grps"].max()),
    }


def offline_share_of_marketing(year: int = YEAR) -> float:
    lines = datasets.load("marketing_spend_monthly")
    in_year = lines[lines["month"].dt.year == year]
    offline_lines = in_year.loc[in_year["channel_group"] == "paid_offline", "actual"].sum()
    return float(offline_lines / in_year["actual"].sum())


# -- 4.1 and 4.2: what offline costs -------------------------------------------------------------


def cpm_by_medium(
    year: int | None = YEAR, mean_of_weeks: bool = False, per_impression: bool = False
) -> pd.Series:
    """CPM by medium over a year's weeks (both years' when ``year`` is None)."""
    frame = mix() if year is None else mix_in(year)
    out = {}
    for medium in WITH_IMPRESSIONS:
        spend, shown = frame[f"{medium}_spend"], frame[f"{medium}_impressions"]
        if mean_of_weeks:
            out[medium] = float((spend / shown.where(shown > 0) * 1000).mean())
        else:
            out[medium] = float(spend.sum() / shown.sum() * 1000)
    series = pd.Series(out)
    return series / 1000 if per_impression else series


def tv_cost_per_point(kind: str = "right") -> float:
    frame = mix_in()
    spend, grps = frame["tv_spend"].sum(), frame["tv_grps"].sum()
    if kind == "cpm":
        return float(spend / frame["tv_impressions"].sum() * 1000)
    if kind == "inverted":
        return float(grps / spend)
    if kind == "mean_of_weeks":
        aired = frame[frame["tv_grps"] > 0]
        return float((aired["tv_spend"] / aired["tv_grps"]).mean())
    return float(spend / grps)


# -- 4.3 and 4.4: reach and frequency ------------------------------------------------------------


def _reach_reference(impressions, adults):
    return 1 - math.exp(-impressions / adults)


def _reach_ipc(impressions, adults):
    return impressions / adults


def _reach_not_reached(impressions, adults):
    return math.exp(-impressions / adults)


def _reach_inverted(impressions, adults):
    return 1 - math.exp(-adults / impressions)


def _reach_grps_in_exponent(impressions, adults):
    return 1 - math.exp(-impressions / adults * 100)


def spring_flight() -> pd.DataFrame:
    frame = mix_in()
    return frame[(frame["week_start"].dt.month < 7) & (frame["tv_grps"] > 0)]


def spring_impressions() -> float:
    return float(spring_flight()["tv_impressions"].sum())


def spring_grps() -> float:
    return spring_impressions() / home_adults() * 100


def spring_frequency(kind: str = "right") -> float:
    grps = float(spring_flight()["tv_grps"].sum()) if kind == "rounded_grps" else spring_grps()
    reach = offline.reach_curve(grps)
    if kind == "at_random":
        reach = offline.reach_from_impressions(grps / 100)
    if kind == "per_adult":
        return grps / 100
    if kind == "reach_as_fraction":
        return grps / reach
    if kind == "reach":
        return reach * 100
    return grps / (reach * 100)


def _at_random_message() -> str:
    grps = spring_grps()
    ceiling, curve = offline.reach_from_impressions(grps / 100), offline.reach_curve(grps)
    return (
        f"This uses reach at random, a ceiling: it says the flight reached {ceiling:.0%} of adults, "
        f"where a planner's reach curve says about {curve:.0%}, so it spreads the GRPs over people "
        "who never saw the spot and understates how often the people reached saw it. Use "
        "offline.reach_curve(GRPs)."
    )


# -- 4.5 and 4.6: adstock ------------------------------------------------------------------------


def _adstock_reference(spend, theta):
    return list(media.adstock(spend, theta))


def _adstock_one_week(spend, theta):
    x = np.asarray(spend, dtype=float)
    out = x.copy()
    out[1:] += theta * x[:-1]
    return list(out)


def _adstock_normalised(spend, theta):
    out, carried = [], 0.0
    for x in spend:
        carried = (1 - theta) * float(x) + theta * carried
        out.append(carried)
    return out


def _adstock_decays_this_week(spend, theta):
    out, carried = [], 0.0
    for x in spend:
        carried = theta * (float(x) + carried)
        out.append(carried)
    return out


def _adstock_by_label(spend, theta):
    # spend[i] looks up the row labelled i: on a Series cut from a table, KeyError: 0
    out, carried = [], 0.0
    for i in range(len(spend)):
        carried = float(spend[i]) + theta * carried
        out.append(carried)
    return out


def first_half_2025() -> pd.DataFrame:
    return _half_of_year()


def first_half_spend() -> pd.Series:
    """TV's spend in the weeks of 2025 before July, as mix_2025 holds it: a Series whose rows
    keep mix's labels (they do not start at 0), as a learner passes it to adstock in 4.6."""
    frame = mix_in()
    return frame.loc[frame["week_start"].dt.month < 7, "tv_spend"]


def _half_of_year(year: int | None = YEAR, autumn: bool = False) -> pd.DataFrame:
    """The weeks before July of a year (both years' when ``year`` is None), or from July on
    (``autumn``): 4.6's wrong choices of weeks."""
    frame = mix() if year is None else mix_in(year)
    month = frame["week_start"].dt.month
    return frame[month >= 7 if autumn else month < 7].reset_index(drop=True)


def after_flight_share(kind: str = "right", theta_value: float | None = None) -> float:
    frame = {
        "autumn": lambda: _half_of_year(autumn=True),
        "other_year": lambda: _half_of_year(YEAR - 1),
        "no_year": lambda: _half_of_year(None),
        "flight_only": spring_flight,
    }.get(kind, first_half_2025)()
    spend = frame["tv_spend"].to_numpy()
    pressure = media.adstock(spend, theta("tv") if theta_value is None else theta_value)
    aired = np.flatnonzero(spend > 0)
    last, first = int(aired.max()), int(aired.min())
    if kind == "including_last_week":
        return float(pressure[last:].sum() / pressure.sum())
    if kind == "after_first_week":
        return float(pressure[first + 1 :].sum() / pressure.sum())
    if kind == "after_over_during":
        return float(pressure[last + 1 :].sum() / pressure[: last + 1].sum())
    if kind == "over_spend":  # the pressure after, over the spend rather than the pressure
        return float(pressure[last + 1 :].sum() / spend.sum())
    return float(pressure[last + 1 :].sum() / pressure.sum())


# -- 4.7: the halo -------------------------------------------------------------------------------


def halo(kind: str = "right") -> float:
    frame = mix() if kind == "all_weeks" else full_weeks()
    driver = (
        frame["tv_spend"] if kind == "raw_spend" else media.adstock(frame["tv_spend"], theta("tv"))
    )
    frame = frame.assign(tv_adstock=np.asarray(driver, dtype=float))
    controls = [] if kind == "no_controls" else HALO_CONTROLS
    if kind.startswith("without_"):  # one control left out
        controls = [c for c in HALO_CONTROLS if c != kind.removeprefix("without_")]
    table = offline.regress(frame, "branded_search_clicks", ["tv_adstock", *controls])
    return float(table.loc["tv_adstock", "coefficient"])


def halo_fit(controls: tuple[str, ...] = tuple(HALO_CONTROLS)) -> pd.Series:
    """TV's row of the halo regression on the full weeks: coefficient, low and high."""
    frame = full_weeks()
    frame = frame.assign(
        tv_adstock=np.asarray(media.adstock(frame["tv_spend"], theta("tv")), dtype=float)
    )
    table = offline.regress(frame, "branded_search_clicks", ["tv_adstock", *controls])
    return table.loc["tv_adstock"]


def halo_truth() -> float:
    """The generator's halo: brand-search clicks per adstocked TV dollar, beyond those that come
    with the week's orders."""
    truth = datasets.truth("media_mix_weekly")["branded_search"]
    return float(truth["halo_clicks_per_adstocked_dollar"]["tv"])


def halo_share(per_dollar: float) -> float:
    """The share of all brand searches over the two years that a halo of per_dollar implies."""
    frame = full_weeks()
    pressure = media.adstock(frame["tv_spend"], theta("tv")).sum()
    return float(per_dollar * pressure / frame["branded_search_clicks"].sum())


# -- 4.8 to 4.10: the geo test -------------------------------------------------------------------


def _tbr_reference(test_pre, control_pre, test_during, control_during):
    return offline.time_based_regression(
        test_pre, control_pre, test_during, control_during
    ).incremental


def _tbr_difference(test_pre, control_pre, test_during, control_during):
    return float(np.sum(test_during) - np.sum(control_during))


def _tbr_intercept(test_pre, control_pre, test_during, control_during):
    return offline.time_based_regression(
        test_pre, control_pre, test_during, control_during, intercept=True
    ).incremental


def _tbr_lift(test_pre, control_pre, test_during, control_during):
    share = float(np.sum(test_pre)) / float(np.sum(control_pre))
    predicted = share * float(np.sum(control_during))
    return (float(np.sum(test_during)) - predicted) / predicted


def _tbr_mean_of_ratios(test_pre, control_pre, test_during, control_during):
    share = float(np.mean([t / c for t, c in zip(test_pre, control_pre, strict=True)]))
    return float(np.sum(test_during) - share * np.sum(control_during))


def _tbr_least_squares_share(test_pre, control_pre, test_during, control_during):
    y, x = np.asarray(test_pre, float), np.asarray(control_pre, float)
    share = (x * y).sum() / (x * x).sum()
    return float(np.sum(test_during) - share * np.sum(control_during))


@datasets.cached
def geo_weekly(outcome: str = "new_customers") -> pd.DataFrame:
    geo = datasets.load("geo_test")
    weekly = geo.pivot_table(
        index=["week_start", "period"], columns="group", values=outcome, aggfunc="sum"
    )
    return weekly.reset_index()


@datasets.cached
def geo_read(
    outcome: str = "new_customers", during: tuple[str, ...] = ("flight", "after"), **kwargs
):
    weekly = geo_weekly(outcome)
    pre = weekly[weekly["period"] == "pre"]
    test = weekly[weekly["period"].isin(during)]
    return offline.time_based_regression(
        pre["test"], pre["control"], test["test"], test["control"], **kwargs
    )


def incremental_customers(kind: str = "right") -> float:
    if kind == "flight_only":
        return geo_read(during=("flight",)).incremental
    if kind == "difference":
        weekly = geo_weekly()
        test = weekly[weekly["period"] != "pre"]
        return float(test["test"].sum() - test["control"].sum())
    if kind == "sales":
        return geo_read("sales").incremental
    if kind == "intercept":
        return geo_read(intercept=True).incremental
    if kind in ("test_control_swapped", "pre_during_swapped", "during_first"):
        weekly = geo_weekly()
        pre, test = weekly[weekly["period"] == "pre"], weekly[weekly["period"] != "pre"]
        if kind == "test_control_swapped":  # control where test goes, and test where control goes
            args = (pre["control"], pre["test"], test["control"], test["test"])
        elif kind == "during_first":  # the test's weeks where the weeks before go
            args = (test["test"], test["control"], pre["test"], pre["control"])
        else:  # test_pre, test_during, control_pre, control_during
            args = (pre["test"], test["test"], pre["control"], test["control"])
        share = float(np.sum(args[0])) / float(np.sum(args[1]))  # tbr_gap's own arithmetic
        return float(np.sum(args[2]) - share * np.sum(args[3]))
    return geo_read().incremental


def test_spend() -> float:
    geo = datasets.load("geo_test")
    return float(geo.loc[geo["period"] != "pre", "tv_spend"].sum())


@datasets.cached
def first_orders() -> pd.DataFrame:
    """The first order of every customer who first bought in 2025 (as finance.first_order_value
    picks them)."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    new = customers[customers["first_order_date"].dt.year == YEAR]
    first_day = orders["customer_id"].map(new.set_index("customer_id")["first_order_date"])
    # a first order falls on the customer's first day: sort only those
    mine = orders[orders["order_date"] == first_day]
    return mine.sort_values(["order_date", "order_id"], kind="stable").drop_duplicates(
        "customer_id"
    )


def first_order_value() -> float:
    """finance.first_order_value for 2025, from the cached first orders."""
    first = first_orders()
    return finance.net_revenue(first) / len(first)


def module_03_first_order_margin() -> float:
    """Modules 03 and 05's first-order margin: contribution of the first online orders per dollar
    of their revenue before refunds (what ad platforms report), not per dollar of net revenue."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    return finance.first_order_margin(orders, customers, YEAR)


def first_order_refund_share() -> float:
    """What 2025's first orders refunded, over their revenue before refunds."""
    first = first_orders()
    return float(first["refund"].sum() / first["revenue"].sum())


def tv_iroas(kind: str = "right") -> float:
    if kind == "sales":  # Section 6's read of sales: every order in the test zones
        return geo_read("sales").incremental / test_spend()
    if kind == "percent":
        return tv_iroas() * 100
    if kind == "times_margin":  # the first orders' contribution per dollar, not revenue
        return tv_iroas() * first_order_contribution() / first_order_value()
    if kind == "times_module_01_margin":  # Module 01's first-order margin (before refunds)
        return tv_iroas() * module_03_first_order_margin()
    customers = incremental_customers("flight_only" if kind == "flight_only" else "right")
    spend = {
        "with_production": lambda: test_spend() + autumn_production(),
        "year_spend": lambda: float(mix_in()["tv_spend"].sum()),
        "all_geo_spend": lambda: float(datasets.load("geo_test")["tv_spend"].sum()),
    }.get(kind, test_spend)()
    if kind == "no_value":
        return customers / spend
    if kind == "flipped":
        return spend / (customers * first_order_value())
    return customers * first_order_value() / spend


def geo_period_weeks() -> int:
    """The weeks the autumn test was read over: the flight and the weeks after it."""
    weekly = geo_weekly()
    return int((weekly["period"] != "pre").sum())


def planned_cv() -> float:
    weekly = geo_weekly()
    pre = weekly[weekly["period"] == "pre"]
    return offline.market_cv(pre["test"], pre["control"], 20, 20)


def home_market_share_of_sales(year: int = YEAR) -> float:
    """The net revenue of the customers who live in the home market (online and in the shops), as
    a share of the year's net revenue."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    orders = orders[orders["order_date"].dt.year == year]
    local = orders["customer_id"].map(customers.set_index("customer_id")["market"]).notna()
    return float(finance.net_revenue(orders[local]) / finance.net_revenue(orders))


def tv_share_of_home_new_customers() -> float:
    """The generator's new customers from TV over the two years, as a share of every new
    customer in the home market's 40 zones."""
    drawn = datasets.truth("media_mix_weekly")["offline_media"]["tv"]["new_customers_drawn"]
    return float(drawn / datasets.load("geo_test")["new_customers"].sum())


def autumn_pressure(part: str = "after") -> float:
    """The autumn flight's adstocked pressure in the test zones, its tail past the data's end
    included: the share after its last week ("after"), or past the data's end ("beyond_data")."""
    geo = datasets.load("geo_test")
    weekly = geo[geo["group"] == "test"].groupby(["week_start", "period"])["tv_spend"].sum()
    weekly = weekly.reset_index()
    spend = np.where(weekly["period"] != "pre", weekly["tv_spend"], 0.0)
    pressure = media.adstock(spend, theta("tv"))
    beyond = float(pressure[-1]) * theta("tv") / (1 - theta("tv"))  # the geometric tail
    total = float(pressure.sum()) + beyond
    if part == "beyond_data":
        return beyond / total
    last = int(np.flatnonzero(spend > 0).max())
    return (float(pressure[last + 1 :].sum()) + beyond) / total


# -- 4.14: what a simple media-mix model says ----------------------------------------------------

DIGITAL = ("meta", "instagram", "tiktok", "google_search", "youtube", "linkedin")


@datasets.cached
def mmm_per_dollar(medium: str = "tv") -> dict[str, float]:
    """The lesson's simple MMM (Section 8): a medium's revenue per dollar spent, with its 95%
    interval, and the generator's truth (net revenue of its customers' orders over the two years,
    per dollar)."""
    weeks = full_weeks()
    offline_media = datasets.truth("media_mix_weekly")["offline_media"]
    t = np.arange(len(weeks))
    data = weeks.assign(
        trend=t / 52,
        season_sin=np.sin(2 * np.pi * t / 52),
        season_cos=np.cos(2 * np.pi * t / 52),
        half_sin=np.sin(4 * np.pi * t / 52),
        half_cos=np.cos(4 * np.pi * t / 52),
        holiday_week=weeks["holiday"].astype(float),
        digital=weeks[[f"{p}_spend" for p in DIGITAL]].sum(axis=1),
    )
    for name in offline_media:
        data[f"{name}_adstock"] = offline.adstock(data[f"{name}_spend"], theta(name))
    drivers = ["trend", "season_sin", "season_cos", "half_sin", "half_cos"]
    drivers += ["promotion_days", "holiday_week", "digital"]
    drivers += [f"{name}_adstock" for name in offline_media]
    row = offline.regress(data, "net_revenue", drivers).loc[f"{medium}_adstock"]
    per = data[f"{medium}_adstock"].sum() / data[f"{medium}_spend"].sum()
    truth = offline_media[medium]
    return {
        "estimate": float(row["coefficient"] * per),
        "low": float(row["low"] * per),
        "high": float(row["high"] * per),
        "truth": truth["net_revenue_of_its_customers_in_calendar"] / truth["spend_two_years"],
    }


def spend_correlation(a: str = "tv", b: str = "radio") -> float:
    weeks = full_weeks()
    return float(weeks[f"{a}_spend"].corr(weeks[f"{b}_spend"]))


# -- 4.11 to 4.13: does TV pay, and what the next test must show ------------------------------


def flight_cost(kind: str = "right") -> float:
    """What the autumn flight cost: its airtime in the test's weeks and its spot's production
    (or, for the mistakes, airtime alone, with the whole year's production, or the whole
    year's tv line of spend_lines for the airtime)."""
    year_line = {  # the whole tv line of spend_lines, the spring flight's airtime included
        "year_airtime": autumn_production(),
        "year_airtime_only": 0.0,
        "whole_line": spend_line("tv_production"),
    }
    if kind in year_line:
        return spend_line("tv") + year_line[kind]
    production = {
        "media_only": 0.0,
        "year_production": spend_line("tv_production"),
        "two_years_production": spend_line("tv_production", 2024) + spend_line("tv_production"),
        "no_year_production": spend_line("tv_production", YEAR - 1, months=(7, 12))
        + autumn_production(),
    }.get(kind, autumn_production())
    return test_spend() + production


def tv_cost_per_customer(kind: str = "right") -> float:
    """What each new customer the autumn flight brought cost: its airtime and its spot's
    production, over the incremental new customers (flight and after)."""
    customers = incremental_customers("flight_only" if kind == "flight_only" else "right")
    return flight_cost(kind) / customers


def tv_line_margin_back() -> float:
    """What cutting TV gives up: the two-year contribution of the customers the year's TV line
    (airtime and production) brings at the autumn test's all-in cost per customer."""
    line = tv_line()
    return (line["airtime"] + line["production"]) / tv_cost_per_customer() * two_year_value()


def tv_cost_at_half_weight() -> float:
    """Section 6's caveat at its most generous: the flight aired at half the weight and each
    airtime dollar brought twice the customers, so the same customers came. Halving the weight
    halves the airtime only; the spot costs the same to make (a fixed cost), so it is
    (airtime / 2 + production) / customers, not half the cost per customer."""
    return (test_spend() / 2 + autumn_production()) / incremental_customers()


@datasets.cached
def two_year_value() -> float:
    """Two-year contribution of a new customer: Module 01's LTV (the 2024 cohort, 24 months)."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    first = customers["first_order_date"]
    cohort = customers[(first >= "2024-01-01") & (first <= "2024-12-31")]
    # the same answer as on every order, sooner: only the cohort's orders (a hash lookup)
    theirs = orders[pd.Index(cohort["customer_id"]).get_indexer(orders["customer_id"]) >= 0]
    return finance.unit_economics_from_data(theirs, cohort, cac=1.0).ltv()


def first_order_contribution() -> float:
    """Contribution of the first order of the customers who first bought in 2025."""
    return float(finance.order_contribution(first_orders()).mean())


def customer_value(basis: str = "two-year contribution") -> float:
    return {
        "first-order revenue": first_order_value,
        "first-order contribution": first_order_contribution,
        "two-year contribution": two_year_value,
    }[basis]()


def value_basis() -> str:
    return "two-year contribution"


def break_even(cost: str = "right", basis: str = "two-year contribution") -> float:
    """The lift in new customers at which the autumn flight would have paid for itself: its
    cost over (the customers the test zones would have had without it x a customer's value)."""
    return offline.break_even_lift(
        flight_cost(cost), geo_read().counterfactual, customer_value(basis)
    )


def flight_loss(basis: str = "two-year contribution") -> float:
    """What the autumn flight lost on its customers' value: cost - customers x value."""
    return flight_cost() - incremental_customers() * customer_value(basis)


def autumn_weeks_before() -> int:
    """The weeks the autumn test had before its flight (len(pre) in the lesson)."""
    weekly = geo_weekly()
    return int((weekly["period"] == "pre").sum())


def lift_to_show(kind: str = "right") -> float:
    """The smallest true lift a repeat of the autumn test shows beyond its bar with 80% power."""
    bars = {
        "zero": 0.0,
        "media_only": break_even(cost="media_only"),
        "revenue": break_even(basis="first-order revenue"),
    }
    bar = bars.get(kind, break_even())
    if kind == "bar_in_percent":
        bar = break_even() * 100
    power = 0.5 if kind == "half_power" else PLANNED_POWER
    weeks_before = autumn_weeks_before() if kind == "autumn_weeks_before" else PLANNED_WEEKS_BEFORE
    return offline.minimum_detectable_lift(
        PLANNED_ZONES,
        PLANNED_ZONES,
        weeks_before,
        geo_period_weeks(),
        planned_cv(),
        power=power,
        bar=bar,
    )


# -- what the wrong bases would do, in money -----------------------------------------------------


def _media_only_message() -> str:
    return (
        "This leaves out the production of the spot (the tv_production line of spend_lines). The "
        "flight could not air without it and the P&L pays it: "
        "without it each new customer looks cheaper than it was, by the spot's cost spread over "
        "the customers, and the flight's loss looks smaller by the whole production bill."
    )


def _value_message(basis: str) -> str:
    cost, n = tv_cost_per_customer(), incremental_customers()
    if basis == "first-order revenue":
        return (
            f"Revenue is not what pays for TV: at {money(first_order_value())} of first-order revenue "
            f"each customer seems to repay {first_order_value() / cost:.0%} of the {money(cost)} they "
            "cost, and the lift in new customers the flight would need to pay for itself (Section 7 "
            "calls it the break-even lift) falls to "
            f"{break_even(basis=basis):.0%} from {break_even():.0%}. A test judged on revenue would "
            "call a lift between the two a success, and every customer it brought would still lose "
            "money once the goods, shipping and fees are paid."
        )
    return (
        f"The first order's contribution ({money(first_order_contribution())}) leaves out every order "
        "a customer places afterwards. It values the autumn's "
        f"{n:,.0f} new customers {money(n * (two_year_value() - first_order_contribution()))} below "
        "what they leave over two years, and sets the lift in new customers the flight would need "
        f"to pay for itself (Section 7's break-even lift) at {break_even(basis=basis):.0%} instead of {break_even():.0%}. The "
        "first order is the basis "
        "for paying back an acquisition at once; whether a channel pays is judged on the customer's "
        "two years."
    )


def _zero_message() -> str:
    return (
        f"This is the smallest lift the test tells from zero ({lift_to_show('zero'):.0%}). The autumn "
        f"already showed a lift far above zero ({geo_read().lift:.0%}), and at that lift the flight "
        f"lost {money(flight_loss())} of two-year contribution. Powered against zero the test "
        f"'succeeds' at any lift above {lift_to_show('zero'):.0%}, while every lift below "
        f"{break_even():.0%} loses money: it would renew a channel that does not pay. The board's "
        "question is whether TV pays, so the bar is the break-even lift."
    )


EXERCISES = [
    ValueExercise(
        id="4.1",
        title="CPM by medium, offline and digital",
        answer="cpm_2025",
        comparator=SeriesOf(index_what="medium (tv, radio, ..., meta, ...)", rel_tol=1e-4),
        expected=cpm_by_medium,
        mistakes=[
            Mistake(
                "These are averages of weekly CPMs: a light week counts as much as a heavy one. Add up spend and "
                "impressions over the year first, then divide.",
                value=lambda: cpm_by_medium(mean_of_weeks=True),
            ),
            Mistake(
                "These are costs per impression. CPM is the cost per thousand: spend / impressions x 1,000.",
                value=lambda: cpm_by_medium(per_impression=True),
            ),
            Mistake(
                "These are 2024's CPMs. Keep the weeks that start in 2025.",
                value=lambda: cpm_by_medium(2024),
            ),
            Mistake(
                "These CPMs cover both years (every row of mix). Keep the weeks that start in 2025: "
                "use mix_2025.",
                value=lambda: cpm_by_medium(None),
            ),
        ],
        hints=[
            "The idea: for one medium, add up 2025's spend and 2025's impressions, divide, and "
            "multiply by 1,000. Its columns are named after it: 'tv_spend' and 'tv_impressions', "
            "'meta_spend' and 'meta_impressions', and so on.",
            "The Python move: loop over the names in WITH_IMPRESSIONS, keep each CPM in a dict under "
            "its name (out[m] = ...), then turn the dict into a Series: pd.Series(out). "
            "f'{m}_spend' builds the column's name from m.",
            "A skeleton to fill in:\n"
            "    out = {}\n"
            "    for m in WITH_IMPRESSIONS:\n"
            "        out[m] = mix_2025[f'{m}_spend'].sum() / ... * 1000\n"
            "    cpm_2025 = pd.Series(out)",
        ],
        passed=lambda s: (
            f"The cheapest thousand impressions: {label(s.astype(float).idxmin())}; the dearest: "
            f"{label(s.astype(float).idxmax())}. Cheap is not the same as good: ask what each impression does."
        ),
    ),
    ValueExercise(
        id="4.2",
        title="what a TV rating point costs",
        answer="tv_cost_per_point",
        comparator=Number(what="a number of dollars per GRP", rel_tol=1e-4),
        expected=tv_cost_per_point,
        hundredfold=(
            "A rating point (GRP) is already 1% of the adults: cost per point = the year's "
            "tv_spend / its tv_grps, both as the table holds them."
        ),
        mistakes=[
            Mistake(
                "This is TV's CPM (per thousand impressions). The cost per point divides spend by GRPs.",
                value=lambda: tv_cost_per_point("cpm"),
            ),
            Mistake(
                "This is GRPs per dollar: turn it over (spend / GRPs).",
                value=lambda: tv_cost_per_point("inverted"),
            ),
            Mistake(
                "This averages the weekly costs per point. Add up the year's spend and GRPs first.",
                value=lambda: tv_cost_per_point("mean_of_weeks"),
            ),
        ],
        hints=[
            "Keep the weeks that start in 2025.",
            "Cost per point = the year's tv_spend / the year's tv_grps.",
        ],
        passed=lambda v: (
            f"One rating point in the home market cost ${float(v):,.0f}: reaching 1% of its adults once."
        ),
    ),
    FunctionExercise(
        id="4.3",
        title="the most a schedule could reach",
        answer="reach_at_random",
        comparator=Number(what="a share of the audience between 0 and 1"),
        reference=_reach_reference,
        cases=lambda: [
            {"impressions": spring_impressions(), "adults": home_adults()},
            {"impressions": 320_000, "adults": 320_000},
            {"impressions": 0, "adults": 1_000},
        ],
        hidden_cases=lambda: [
            {"impressions": 48_000, "adults": 160_000},
            {"impressions": 2_000_000, "adults": 400_000},
            {"impressions": 1, "adults": 3},
        ],
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "this is impressions per adult (GRPs / 100), not reach: some people see the ad twice and others "
                "not at all. Reach at random = 1 - exp(-impressions / adults).",
                function=_reach_ipc,
            ),
            Mistake(
                "this is the share NOT reached, exp(-impressions / adults). Reach is 1 minus it.",
                function=_reach_not_reached,
            ),
            Mistake(
                "the ratio is upside down: impressions per adult is impressions / adults.",
                function=_reach_inverted,
            ),
            Mistake(
                "this puts GRPs (impressions per 100 adults, x 100) in the exponent. Reach at random uses "
                "impressions per adult: 1 - exp(-impressions / adults), without the x 100.",
                function=_reach_grps_in_exponent,
            ),
        ],
        hints=[
            "Impressions per adult = impressions / adults.",
            "Reach at random = 1 - exp(-impressions per adult): use math.exp or np.exp.",
        ],
        passed=(
            "One impression per adult could reach at most about 63% of them, if it landed at random. "
            "Real TV reaches fewer: plan with a reach curve."
        ),
    ),
    ValueExercise(
        id="4.4",
        title="how often the spring flight reached each person",
        answer="spring_frequency",
        comparator=Number(what="a number of times (e.g. 4.2)", rel_tol=1e-4),
        expected=spring_frequency,
        mistakes=[
            Mistake(
                "This adds up the tv_grps column, whose weekly GRPs are rounded to one decimal: the "
                "rounding adds up over the flight's weeks. Compute the GRPs from the flight's total "
                "impressions instead: impressions / HOME_ADULTS x 100.",
                value=lambda: spring_frequency("rounded_grps"),
            ),
            Mistake(_at_random_message, value=lambda: spring_frequency("at_random")),
            Mistake(
                "This is impressions per adult (GRPs / 100): it counts the people never reached too. Divide GRPs by "
                "reach in percent instead.",
                value=lambda: spring_frequency("per_adult"),
            ),
            Mistake(
                "This divides GRPs by reach as a fraction. GRPs are per hundred people: divide by reach in percent "
                "(reach x 100).",
                value=lambda: spring_frequency("reach_as_fraction"),
            ),
            Mistake(
                "This is the reach in percent. Frequency = GRPs / reach %.",
                value=lambda: spring_frequency("reach"),
            ),
        ],
        hints=[
            "The flight's GRPs = its impressions / HOME_ADULTS x 100.",
            "Its reach = offline.reach_curve(its GRPs), a fraction: what a planner expects, not the ceiling.",
            "Average frequency = GRPs / (reach x 100).",
        ],
        passed=lambda v: (
            f"The people the flight reached saw it {float(v):.1f} times on average: beyond the three or so "
            "that planners aim for, so more weight would mostly buy frequency, not reach."
        ),
    ),
    FunctionExercise(
        id="4.5",
        title="adstock(spend, theta)",
        answer="adstock",
        comparator=Numbers(what="week"),
        reference=_adstock_reference,
        cases=lambda: [
            {"spend": [100, 0, 0, 0], "theta": 0.6},
            {"spend": [10, 20, 0, 5], "theta": 0.0},
            {"spend": first_half_spend(), "theta": theta("tv")},
        ],
        hidden_cases=lambda: [
            {"spend": [0, 0, 50, 50, 50, 0, 0, 0], "theta": 0.9},
            {"spend": [1_000], "theta": 0.3},
            {"spend": [5, 0, 5, 0, 5, 0], "theta": 0.75},
        ],
        mistakes=[
            Mistake(
                "this carries only last week's spend forward: this week's spend plus theta times last week's "
                "spend. Adstock carries the whole stock: this week's spend plus theta times last week's "
                "pressure, A_t = x_t + theta * A_(t-1).",
                function=_adstock_one_week,
            ),
            Mistake(
                "this is the normalised form, (1 - theta) * x_t + theta * A_(t-1), which some tools use. This "
                "course keeps the spend in dollars: A_t = x_t + theta * A_(t-1).",
                function=_adstock_normalised,
            ),
            Mistake(
                "this decays this week's spend too: theta * (x_t + A_(t-1)). A week's spend counts in full "
                "that week: A_t = x_t + theta * A_(t-1).",
                function=_adstock_decays_this_week,
            ),
            Mistake(
                "this loops over positions, spend[i], which works on a list but not on a pandas "
                "Series: spend[i] looks up the row labelled i, and a column cut from a table keeps "
                "the table's labels (the weeks of mix_2025 are not labelled from 0). Loop over the "
                "values themselves, for x in spend:, or take the i-th value with spend.iloc[i].",
                function=_adstock_by_label,
            ),
        ],
        hints=[
            "The idea: walk through the weeks in order, carrying last week's pressure. Each week's "
            "pressure is this week's spend plus theta times last week's pressure (0 before the first "
            "week). Keep every week's pressure, not only the last one.",
            "The Python move: start an empty list, out = [], and add each week's value to its end "
            "with out.append(value), as in the example above the exercise. A running total alone "
            "keeps only the last week. Loop over the values themselves (for x in spend:), which "
            "works on a list and on a pandas Series alike; spend[i] on a Series looks up a row's "
            "label, not its position (spend.iloc[i] is the i-th value).",
            "A skeleton to fill in:\n"
            "    out = []\n"
            "    carried = 0.0\n"
            "    for x in spend:\n"
            "        carried = ...   # this week's spend + theta x last week's pressure\n"
            "        out.append(...)\n"
            "    return out",
        ],
        passed="One week of spend keeps working: with theta 0.6 the next weeks carry 60%, 36%, 21.6% of it.",
    ),
    ValueExercise(
        id="4.6",
        title="the share of the flight's pressure that comes after it",
        answer="after_flight_share",
        comparator=Number(what="a share between 0 and 1", rel_tol=1e-4),
        expected=after_flight_share,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This counts the flight's last week as 'after'. Start the count the week after the last week with "
                "TV spend.",
                value=lambda: after_flight_share("including_last_week"),
            ),
            Mistake(
                "This counts from the week after the flight's first week. The flight runs until its last week with "
                "spend; count what comes after that.",
                value=lambda: after_flight_share("after_first_week"),
            ),
            Mistake(
                "This divides the pressure after the flight by the spend. Adstock turns each "
                "week's spend into pressure that keeps working, so the pressure adds up to more "
                "than the spend (a share above 1 says so). Divide by all the pressure: "
                "pressure.sum(), not spend.sum().",
                value=lambda: after_flight_share("over_spend"),
            ),
            Mistake(
                "This is after / during. The question asks for a share of the total: after / (during + after).",
                value=lambda: after_flight_share("after_over_during"),
            ),
            Mistake(
                "These are the weeks from July: the autumn flight. The exercise asks about the spring "
                "flight: the weeks of 2025 that start before July (month < 7).",
                value=lambda: after_flight_share("autumn"),
            ),
            Mistake(
                f"These are {YEAR - 1}'s weeks. Keep the weeks of {YEAR} that start before July: "
                "filter mix_2025, not mix.",
                value=lambda: after_flight_share("other_year"),
            ),
            Mistake(
                f"This uses both years: mix holds {YEAR - 1} and {YEAR}, so month < 7 alone keeps "
                f"the first half of each. Keep only {YEAR}'s: filter mix_2025, not mix.",
                value=lambda: after_flight_share("no_year"),
            ),
            Mistake(
                "No pressure comes after the flight in the weeks you adstocked: they end with its "
                "last week (`spring` holds only the weeks on air). Adstock every week of 2025 that "
                "starts before July, the weeks after the flight included.",
                value=lambda: after_flight_share("flight_only"),
            ),
        ],
        hints=[
            "Give the first half of 2025 a new name, so that `spring` keeps the flight's weeks: "
            "first_half = mix_2025[mix_2025['week_start'].dt.month < 7]; "
            "spend = first_half['tv_spend'].to_numpy(); pressure = np.asarray(adstock(spend, THETA['tv'])).",
            "The flight's last week is the last one with spend: last = np.flatnonzero(spend > 0).max(), "
            "its position in the list.",
            "pressure[last + 1:] is every week after that one (pressure[last:] would count the last "
            "week too). Share = the pressure after the flight / all the pressure.",
        ],
        passed=lambda v: (
            f"{float(v):.0%} of the spring flight's pressure came after its last spot aired: judge a flight on "
            "the weeks after it too."
        ),
    ),
    ValueExercise(
        id="4.7",
        title="TV's halo on branded search",
        answer="halo_per_dollar",
        comparator=Number(what="a number of clicks per adstocked dollar", rel_tol=1e-4),
        expected=halo,
        mistakes=[
            Mistake(
                "This regresses on TV alone. TV flights run when demand is high (spring and Q4), so TV takes credit "
                "for the season: add orders and promotion_days as controls.",
                value=lambda: halo("no_controls"),
            ),
            Mistake(
                "This leaves out one control, promotion_days: promotions lift searches too, and "
                "without them TV takes their credit. Regress on all three: tv_adstock, orders and "
                "promotion_days.",
                value=lambda: halo("without_promotion_days"),
            ),
            Mistake(
                "This leaves out one control, orders: the week's orders carry the season, and "
                "without them TV takes the season's credit. Regress on all three: tv_adstock, "
                "orders and promotion_days.",
                value=lambda: halo("without_orders"),
            ),
            Mistake(
                "This uses the week's raw spend. A flight's effect builds and lingers: use adstocked spend.",
                value=lambda: halo("raw_spend"),
            ),
            Mistake(
                "This keeps the last week, which has only 3 days. Use full weeks (days == 7).",
                value=lambda: halo("all_weeks"),
            ),
        ],
        hints=[
            "The idea: fit the regression with the controls (Section 5's `naive` fit, with orders and "
            "promotion_days added to its drivers), then take one number from its table: TV's "
            "coefficient.",
            "The pandas move: offline.regress returns a table with one row per driver. "
            "table.loc[row, column] takes one cell of it, as naive.loc['tv_adstock', 'coefficient'] "
            "did above the exercise. A whole column (fit['coefficient']) is 4 numbers, not one.",
            "A skeleton to fill in:\n"
            "    fit = offline.regress(weeks, 'branded_search_clicks', ['tv_adstock', ..., ...])\n"
            "    halo_per_dollar = fit.loc[..., ...]",
            "halo_per_dollar = fit.loc['tv_adstock', 'coefficient'], with fit from the skeleton.",
        ],
        passed=lambda v: (
            f"Each adstocked TV dollar brought about {float(v):.2f} extra clicks on brand searches: TV's work shows up "
            "in search's numbers."
        ),
    ),
    FunctionExercise(
        id="4.8",
        title="tbr_gap(test_pre, control_pre, test_during, control_during)",
        answer="tbr_gap",
        comparator=Number(what="a number (the summed gap)", rel_tol=1e-6, abs_tol=1e-6),
        reference=_tbr_reference,
        cases=lambda: [
            {
                "test_pre": [50, 60, 70],
                "control_pre": [100, 120, 140],
                "test_during": [90, 95],
                "control_during": [160, 160],
            },
            {
                "test_pre": [10, 12, 9, 11],
                "control_pre": [20, 25, 19, 21],
                "test_during": [15, 14],
                "control_during": [22, 18],
            },
        ],
        hidden_cases=lambda: [
            {
                "test_pre": [30.0, 41.0, 35.5, 38.0, 29.0],
                "control_pre": [60.0, 80.0, 70.0, 77.0, 61.0],
                "test_during": [52.0, 50.0, 47.0],
                "control_during": [81.0, 79.0, 70.0],
            },
            {
                "test_pre": [5, 7, 6],
                "control_pre": [10, 14, 12],
                "test_during": [6],
                "control_during": [12],
            },
        ],
        mistakes=[
            Mistake(
                "this compares the test markets with the controls during the test, as if they were the same size. "
                "First learn their usual ratio before the flight: share = sum(test_pre) / sum(control_pre).",
                function=_tbr_difference,
            ),
            Mistake(
                "not the method asked: this fits test = a + b x control with an intercept (the textbook form). "
                "This exercise fits the line through zero (Section 6): share = sum(test_pre) / sum(control_pre).",
                function=_tbr_intercept,
            ),
            Mistake(
                "not the method asked: this fits the share by least squares (sum of x*y / sum of x^2). This "
                "exercise uses the ratio of the totals (Section 6): sum(test_pre) / sum(control_pre).",
                function=_tbr_least_squares_share,
            ),
            Mistake(
                "this is the average of the weekly ratios (test / control week by week), so a quiet "
                "week weighs as much as a busy one. Add up each group's weeks first, then divide: "
                "share = sum(test_pre) / sum(control_pre).",
                function=_tbr_mean_of_ratios,
            ),
            Mistake(
                "this is the lift, the gap as a share of what the test markets would have done "
                "(gap / predicted). tbr_gap returns the gap itself, a number of customers: return the "
                "line before you divide.",
                function=_tbr_lift,
            ),
        ],
        hints=[
            "The idea: learn the share from the weeks before (what the test markets sell for each "
            "unit the controls sell); the test markets' total during the flight, minus share x the "
            "controls' total during it, is the gap. Work with totals, as the worked example does.",
            "The Python move: the inputs may be plain lists. sum(a_list) adds one up and works on "
            "lists and Series alike; share * a_list fails on a list (TypeError), so multiply the "
            "share by a sum, not by the list.",
            "A skeleton to fill in:\n"
            "    share = sum(...) / sum(...)\n"
            "    predicted = share * sum(...)\n"
            "    return sum(...) - predicted",
            "share = sum(test_pre) / sum(control_pre); return sum(test_during) - share * sum(control_during).",
        ],
        passed="The controls tell you what the test markets would have done; the gap is what the flight did.",
    ),
    ValueExercise(
        id="4.9",
        title="the new customers the flight brought",
        answer="incremental_customers",
        comparator=Number(what="a number of customers", rel_tol=1e-4),
        expected=incremental_customers,
        mistakes=[
            Mistake(
                "This stops when the flight stops. Adstock says TV keeps working: include the 'after' weeks.",
                value=lambda: incremental_customers("flight_only"),
            ),
            Mistake(
                "This subtracts the control zones from the test zones during the test. They were not equal before "
                "it either: use tbr_gap, which learns their usual ratio from the weeks before.",
                value=lambda: incremental_customers("difference"),
            ),
            Mistake(
                "This is the gap in sales (dollars). The test's primary metric is new customers.",
                value=lambda: incremental_customers("sales"),
            ),
            Mistake(
                "Not the method asked: this fits with an intercept. This exercise uses tbr_gap's line through "
                "zero (Section 6).",
                value=lambda: incremental_customers("intercept"),
            ),
            Mistake(
                "The test and control zones are the other way round: this measures the controls "
                "against the test zones. tbr_gap takes test before control in each pair: the weeks "
                "before (pre['test'], pre['control']), then the test's weeks in the same order.",
                value=lambda: incremental_customers("test_control_swapped"),
            ),
            Mistake(
                "The arguments are in another order than tbr_gap's: Python matches them by "
                "position, not by name. tbr_gap takes the weeks before first, test then control "
                "(pre['test'], pre['control']), then the test's weeks in the same order.",
                value=lambda: incremental_customers("pre_during_swapped"),
            ),
            Mistake(
                "The test's weeks come first here and the weeks before last: tbr_gap learns the "
                "share from its first two arguments, so they must be the weeks before "
                "(pre['test'], pre['control']); the test's weeks come third and fourth.",
                value=lambda: incremental_customers("during_first"),
            ),
        ],
        hints=[
            "weekly = geo.pivot_table(index=['week_start', 'period'], columns='group', values='new_customers', aggfunc='sum').reset_index()",
            "pre = weekly[weekly['period'] == 'pre']; test = weekly[weekly['period'] != 'pre'] (flight and after).",
            "tbr_gap(pre['test'], pre['control'], test['test'], test['control'])",
        ],
        passed=lambda v: (
            f"The flight brought about {float(v):,.0f} new customers to the test zones."
        ),
    ),
    ValueExercise(
        id="4.10",
        title="TV's iROAS on first orders",
        answer="tv_iroas",
        comparator=Number(what="a number (dollars of revenue per dollar of TV)", rel_tol=1e-4),
        expected=tv_iroas,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This divides by all of 2025's TV spend. The test's spend is what aired in its weeks "
                "(geo['tv_spend'] outside the 'pre' period).",
                value=lambda: tv_iroas("year_spend"),
            ),
            Mistake(
                "This divides by the airtime and the autumn spot's production. An iROAS, like a "
                "platform's ROAS, is revenue per dollar of media: the test's TV spend (geo's "
                "tv_spend outside 'pre') alone. The production comes in with the cost per new "
                "customer, all in (Exercise 4.11).",
                value=lambda: tv_iroas("with_production"),
            ),
            Mistake(
                "This is new customers per dollar. Value each one at FIRST_ORDER_VALUE to get revenue per dollar.",
                value=lambda: tv_iroas("no_value"),
            ),
            Mistake(
                "This counts the flight weeks only. Use incremental_customers from Exercise 4.9 (flight and after).",
                value=lambda: tv_iroas("flight_only"),
            ),
            Mistake(
                "This divides by all of geo's TV spend, the spring flights in the 'pre' weeks included. "
                "The test's spend is what aired in its weeks: geo['tv_spend'] in every period but 'pre'.",
                value=lambda: tv_iroas("all_geo_spend"),
            ),
            Mistake(
                "This is TV dollars per dollar of revenue: the ratio is upside down. iROAS is the revenue "
                "over the spend (incremental_customers x FIRST_ORDER_VALUE / the test's TV spend).",
                value=lambda: tv_iroas("flipped"),
            ),
            Mistake(
                "This is the iROAS on sales, every order in the test zones (Section 6's sales read), "
                "existing customers' included. The exercise asks for revenue on first orders: "
                "incremental_customers x FIRST_ORDER_VALUE, over the test's TV spend.",
                value=lambda: tv_iroas("sales"),
            ),
            Mistake(
                "This is in percent (x 100). iROAS is dollars of revenue per dollar of TV, a plain "
                "ratio (0.8 means 80 cents back for each dollar): leave out the x 100.",
                value=lambda: tv_iroas("percent"),
            ),
            Mistake(
                "This multiplies by the first order's margin: it is contribution per dollar. "
                "iROAS is revenue per dollar; margin comes in later (Exercise 4.12). Leave the "
                "margin out: incremental_customers x FIRST_ORDER_VALUE / the test's TV spend.",
                value=lambda: tv_iroas("times_margin"),
            ),
            Mistake(
                "This multiplies by Module 01's first-order margin: it is contribution per dollar. "
                "iROAS is revenue per dollar; margin comes in later (Exercise 4.12). Leave the "
                "margin out: incremental_customers x FIRST_ORDER_VALUE / the test's TV spend.",
                value=lambda: tv_iroas("times_module_01_margin"),
            ),
        ],
        hints=[
            "The test's TV spend: geo.loc[geo['period'] != 'pre', 'tv_spend'].sum().",
            "Incremental revenue on first orders = incremental_customers x FIRST_ORDER_VALUE.",
            "iROAS = that revenue / the test's TV spend.",
        ],
        passed=lambda v: (
            f"On first orders alone each TV dollar brought back ${float(v):.2f}: the customers' later orders are "
            "where TV has to earn its keep."
        ),
    ),
    ValueExercise(
        id="4.11",
        title="TV's cost per new customer, all in",
        answer="tv_cost_per_customer",
        comparator=Number(what="a number of dollars per new customer", rel_tol=1e-4),
        expected=tv_cost_per_customer,
        mistakes=[
            Mistake(_media_only_message, value=lambda: tv_cost_per_customer("media_only")),
            Mistake(
                "This charges the whole year's production to the autumn flight, the spring's spot included. "
                "Take the production of the spot the autumn aired: the tv_production line in the second half "
                "of 2025.",
                value=lambda: tv_cost_per_customer("year_production"),
            ),
            Mistake(
                "This charges both years' production to the autumn flight: every spot made in 2024 and "
                "2025. Keep only the spot the autumn aired: the tv_production rows of 2025 with a month "
                "from July on.",
                value=lambda: tv_cost_per_customer("two_years_production"),
            ),
            Mistake(
                f"This production has no year: month >= 7 keeps the second half of both years, the "
                f"spot made for the autumn of {YEAR - 1} too. Keep only the spot the autumn test "
                f"aired: the tv_production rows of {YEAR} with a month from July on.",
                value=lambda: tv_cost_per_customer("no_year_production"),
            ),
            Mistake(
                f"This takes the whole {YEAR} tv line of spend_lines, the spring flight's airtime "
                "included, with the autumn spot. The test's customers came from the autumn "
                "test's airtime: geo.loc[geo['period'] != 'pre', 'tv_spend'].sum(), plus the spot "
                f"made for it (tv_production, July-December {YEAR}).",
                value=lambda: tv_cost_per_customer("year_airtime"),
            ),
            Mistake(
                f"This takes the whole {YEAR} TV line, airtime and production, the spring "
                "flight and its spot included. The test's customers came from the autumn test "
                "alone: its airtime (geo.loc[geo['period'] != 'pre', 'tv_spend'].sum()) and the "
                f"spot made for it (tv_production, July-December {YEAR}).",
                value=lambda: tv_cost_per_customer("whole_line"),
            ),
            Mistake(
                f"This takes the whole {YEAR} tv line of spend_lines, the spring flight's airtime "
                "included, and no production. Take the autumn test's airtime from geo (outside "
                f"'pre') and add the spot made for it (tv_production, July-December {YEAR}).",
                value=lambda: tv_cost_per_customer("year_airtime_only"),
            ),
            Mistake(
                "This counts the new customers of the flight's weeks only. TV keeps working after the flight: "
                "use incremental_customers from Exercise 4.9 (flight and after).",
                value=lambda: tv_cost_per_customer("flight_only"),
            ),
        ],
        hints=[
            "What did the flight cost the company? Its airtime, and the spot it aired, which had to be made.",
            "Airtime: geo.loc[geo['period'] != 'pre', 'tv_spend'].sum(). Production: spend_lines rows with "
            "channel 'tv_production' and a month from July to December 2025, column 'actual'.",
            "tv_cost_per_customer = (airtime + production) / incremental_customers",
        ],
        passed=lambda v: (
            f"Each new customer the flight brought cost {money(float(v))}, production included: the "
            "number to set against what a customer is worth."
        ),
    ),
    ValueExercise(
        id="4.12",
        title="what a new customer from TV is worth",
        answer="value_basis",
        comparator=Choice(VALUE_BASES),
        expected=value_basis,
        mistakes=[
            Mistake(
                lambda: _value_message("first-order revenue"), value=lambda: "first-order revenue"
            ),
            Mistake(
                lambda: _value_message("first-order contribution"),
                value=lambda: "first-order contribution",
            ),
        ],
        hints=[
            "Does the CFO ask what TV's customers spend, or what they leave the company after the goods, "
            "shipping and fees?",
            "TV is bought to bring customers who come back, not one basket: over how long does the course "
            "judge a customer (Module 01)?",
        ],
        passed=lambda v: (
            f"Two years of contribution, {money(two_year_value())} a customer, against "
            f"{money(tv_cost_per_customer())} each: the autumn flight lost about {money(flight_loss())}."
        ),
    ),
    ValueExercise(
        id="4.13",
        title="the lift the next test must be able to show",
        answer="lift_to_show",
        comparator=Number(what="a lift (a fraction: 0.5 for 50%)", rel_tol=1e-3),
        expected=lift_to_show,
        percent_is_mistake=True,
        mistakes=[
            Mistake(_zero_message, value=lambda: lift_to_show("zero")),
            Mistake(
                "This bar leaves out the spot's production: the lift that pays for the airtime alone. The "
                "break-even lift counts everything the flight cost (Exercise 4.11).",
                value=lambda: lift_to_show("media_only"),
            ),
            Mistake(
                "This bar values a customer at first-order revenue. Break-even is where the customers' "
                "two-year contribution covers the cost: use break_even.",
                value=lambda: lift_to_show("revenue"),
            ),
            Mistake(
                "This is the lift found half the time, a coin toss. Plan for 80% power.",
                value=lambda: lift_to_show("half_power"),
            ),
            Mistake(
                lambda: (
                    f"This plans with the autumn test's {autumn_weeks_before()} weeks before the "
                    f"flight (len(pre)). The spring repeat has {PLANNED_WEEKS_BEFORE} weeks before "
                    f"it: pass {PLANNED_WEEKS_BEFORE} as the third argument."
                ),
                value=lambda: lift_to_show("autumn_weeks_before"),
            ),
            Mistake(
                "This bar is in percent: break_even is already a fraction (1.5 for 150%), as "
                "minimum_detectable_lift expects. Pass bar=break_even as it is, without x 100.",
                value=lambda: lift_to_show("bar_in_percent"),
            ),
            Mistake(
                "This is the bar itself, break_even: the lift at which the flight would just pay. "
                "The exercise asks for the smallest true lift a repeat would show beyond that bar "
                "80% of the time: pass break_even as the bar, "
                "offline.minimum_detectable_lift(..., bar=break_even), and store what it returns.",
                value=lambda: break_even(),
            ),
        ],
        hints=[
            "The autumn test already told TV's lift from zero. What does the board need to know before "
            "keeping TV: that it does something, or that it pays?",
            "offline.minimum_detectable_lift(20, 20, 52, len(during), market_cv, bar=...) gives the "
            "smallest lift the test shows beyond `bar` 80% of the time, as a fraction (1.5 for 150%). "
            "'No lift' is bar=0 (or no bar at all); the other choice is the variable break_even from "
            "Section 7's cell, without quotes.",
            "bar=break_even: the lift at which the customers' two-year contribution covers the flight's "
            "whole cost.",
        ],
        passed=lambda v: (
            f"A repeat of the autumn test proves TV pays only if the lift is about {float(v):.0%}, "
            f"{float(v) / geo_read().lift:.1f} times the autumn's {geo_read().lift:.0%}."
        ),
    ),
]


def flight_planner():
    from .. import widgets

    return widgets.flight_planner(
        adults=home_adults(),
        cost_per_point=tv_cost_per_point(),
        theta=theta("tv"),
        production=average_spot(),
    )


def geo_test_designer():
    from .. import widgets

    return widgets.geo_test_designer(
        market_cv=planned_cv(),
        weeks_before=PLANNED_WEEKS_BEFORE,
        weeks=geo_period_weeks(),
        lift=geo_read().lift,
        bar=break_even(),
    )


EXPLORERS = (
    Demo(
        "planner",
        "Plan a TV flight",
        "Change the weekly GRPs and the weeks on air. Ask: why does the pressure keep going "
        "after the last week, and what do reach and frequency say about wasted money?",
        flight_planner,
    ),
    Demo(
        "designer",
        "Design a geo test",
        "It starts at the autumn's lift, against the lift at which TV would pay. Ask: what "
        "would the same test need against zero, and what lift would a cheaper buy have to beat?",
        geo_test_designer,
    ),
)


# -- every figure of the lesson's text ---------------------------------------------------------


def _geo_interval(end: str) -> float:
    return float(getattr(geo_read(), end))


FACTS = {
    "offline share of marketing, 2025": Fact(offline_share_of_marketing, "{:.0%}"),
    "home market's share of net revenue, 2025": Fact(home_market_share_of_sales, "{:.0%}"),
    "adults in the home market": Fact(home_adults, "{:.1f} million", scale=1e6),
    "impressions in one GRP": Fact(lambda: home_adults() / 100, "{:,.0f}"),
    "TV GRPs in 2025, to the ten": Fact(lambda: round(tv_line()["grps"], -1), "{:,.0f}"),
    "TV's heaviest week, to the ten": Fact(
        lambda: round(tv_line()["heaviest_week"], -1), "{:,.0f}"
    ),
    "TV cost per point, 2025": Fact(tv_cost_per_point, "{:,.0f}"),
    "TV airtime and production, 2025": Fact(
        lambda: tv_line()["airtime"] + tv_line()["production"], "{:,.0f}k", scale=1e3
    ),
    "TV's 2025 line: its customers' two-year margin at the test's rate": Fact(
        lambda: tv_line_margin_back(), "{:.0f}k (", scale=1e3
    ),
    "TV's 2025 line: the share of it that comes back as margin": Fact(
        lambda: tv_line_margin_back() / (tv_line()["airtime"] + tv_line()["production"]),
        "({:.0%}) of it",
    ),
    "TV production, 2025": Fact(lambda: tv_line()["production"], "{:,.0f}k", scale=1e3),
    "spring flight's reach": Fact(lambda: offline.reach_curve(spring_grps()), "{:.0%}"),
    "geo lift in new customers": Fact(lambda: geo_read().lift, "{:.0%}"),
    "incremental new customers": Fact(incremental_customers, "{:,.0f}"),
    "their interval, low": Fact(lambda: _geo_interval("low"), "{:,.0f}"),
    "their interval, high": Fact(lambda: _geo_interval("high"), "{:,.0f}"),
    "geo lift in sales": Fact(lambda: geo_read("sales").lift, "{:.0%}"),
    "first-order revenue": Fact(first_order_value, "{:,.0f}"),
    "first-order contribution": Fact(first_order_contribution, "{:,.0f}"),
    "first order's contribution per dollar": Fact(
        lambda: first_order_contribution() / first_order_value(), "{:.0%}"
    ),
    "Modules 03 and 05's first-order margin, online and before refunds": Fact(
        module_03_first_order_margin, "first-order margin of {:.1%}", scale=1.0
    ),
    "its break-even ROAS": Fact(
        lambda: 1 / module_03_first_order_margin(), "(break-even ROAS {:.2f})"
    ),
    "first orders' refunds, a share of their revenue before refunds": Fact(
        first_order_refund_share, "send back about {:.0%} of it"
    ),
    "break-even iROAS on first orders": Fact(
        lambda: first_order_value() / first_order_contribution(), "{:.1f}"
    ),
    "TV cost per customer, all in": Fact(tv_cost_per_customer, "{:,.0f}"),
    "two-year contribution of a customer": Fact(two_year_value, "{:,.0f}"),
    "cost over value, times": Fact(
        lambda: tv_cost_per_customer() / two_year_value(), "about {:.1f} times"
    ),
    "the autumn flight's loss": Fact(flight_loss, "{:,.0f}k", scale=1e3),
    "cost per customer at half the weight, twice the customers per airtime dollar": Fact(
        tv_cost_at_half_weight, "{:,.0f}"
    ),
    "spring flight's pressure after its last week": Fact(after_flight_share, "{:.0%}"),
    "autumn flight's pressure after its last week": Fact(autumn_pressure, "{:.0%}"),
    "autumn flight's pressure past the data's end": Fact(
        lambda: autumn_pressure("beyond_data"), "{:.0%}"
    ),
    "the intercept fit's gap from the line through zero": Fact(
        lambda: abs(incremental_customers("intercept") / incremental_customers() - 1), "{:.0%}"
    ),
    "halo, TV alone": Fact(lambda: halo_fit(())["coefficient"], "{:.3f}"),
    "halo, with controls": Fact(lambda: halo_fit()["coefficient"], "{:.3f}"),
    "halo, with controls, low": Fact(lambda: halo_fit()["low"], "{:.3f}"),
    "halo, with controls, high": Fact(lambda: halo_fit()["high"], "{:.3f}"),
    "halo, the truth": Fact(halo_truth, "{:.2f}"),
    "brand searches from TV, TV alone": Fact(
        lambda: halo_share(halo_fit(())["coefficient"]), "{:.0%}"
    ),
    "brand searches from TV, with controls": Fact(
        lambda: halo_share(halo_fit()["coefficient"]), "{:.0%}"
    ),
    "brand searches from TV, the truth": Fact(lambda: halo_share(halo_truth()), "{:.0%}"),
    "TV's share of the home market's new customers": Fact(tv_share_of_home_new_customers, "{:.0%}"),
    "MMM, TV's revenue per dollar": Fact(lambda: mmm_per_dollar()["estimate"], "{:.2f}"),
    "MMM, its interval, low": Fact(lambda: mmm_per_dollar()["low"], "{:.2f}"),
    "MMM, its interval, high": Fact(lambda: mmm_per_dollar()["high"], "{:.2f}"),
    "TV's revenue per dollar, the truth": Fact(lambda: mmm_per_dollar()["truth"], "{:.2f}"),
    "MMM, direct mail's revenue per dollar": Fact(
        lambda: mmm_per_dollar("direct_mail")["estimate"], "same mistake: {:.2f}"
    ),
    "MMM, direct mail's interval, low": Fact(
        lambda: mmm_per_dollar("direct_mail")["low"], "interval of {:.2f} to"
    ),
    "MMM, direct mail's interval, high": Fact(
        lambda: mmm_per_dollar("direct_mail")["high"], "to {:.2f}, against"
    ),
    "direct mail's revenue per dollar, the truth": Fact(
        lambda: mmm_per_dollar("direct_mail")["truth"], "a truth of {:.2f} (its drops"
    ),
    "correlation of TV's and radio's weekly spend": Fact(spend_correlation, "{:.2f}"),
    "break-even lift": Fact(break_even, "{:.0%}"),
    "lift the next test must show": Fact(lift_to_show, "{:.0%}"),
    "smallest lift the next test finds against zero": Fact(lambda: lift_to_show("zero"), "{:.0%}"),
}

TEXT_CONSTANTS = (
    # the HTML entity that writes a dollar sign: <span>&#36;</span>
    "36",
    # the table of sections, list numbers, and rules of the course (80% power, 95% intervals)
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "80",
    "95",
    # published CPMs (Solomon Partners for OAAA, 2022) and CPM's own definition
    "1,000",
    "20",
    "12",
    "19",
    "6.75",
    "47",
    "7.50",
    "23",
    # the agency's claim in the hook
    "400",
    # GRPs and reach: the identity's example, the at-random ceiling, TV's reach curve
    "100",
    "50",
    "25",
    "63",
    "70",
    "85",
    "0.85",
    "120",
    "220",
    "38.6",
    "39",
    # the worked radio example by hand
    "480,000",
    "320,000",
    "1.5",
    "150",
    "0.223",
    "77.7",
    "270",
    "47.2",
    "3.18",
    "1.93",
    "40",
    "6,000",
    # adstock: the worked examples and Robyn's published ranges
    "0.5",
    "12.5",
    "0.75",
    "2.4",
    "0.3",
    "0.8",
    "0.6",
    "3.1",
    "0.1",
    "0.4",
    "0",
    "0.71",
    "0.87",
    "175",
    "75",
    "131.25",
    "98.44",
    "229.7",
    "504.7",
    "45.5",
    "56",
    # the geo test's worked examples (the ATT, time-based regression by hand)
    "60",
    "10",
    "70",
    "140",
    "180",
    "360",
    "160",
    "80",
    "90",
    "15.6",
    "320",
    # the next test's design, the memo's length and its mark scheme
    "52",
    "250",
    "300",
    "283",
)
