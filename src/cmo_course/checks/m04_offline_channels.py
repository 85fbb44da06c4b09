"""Exercises of module 04 Offline channels. Expected values come from the loaded data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import datasets, finance, media, offline
from ..manifest import Demo
from ..plots import label
from .comparators import Number, Numbers, SeriesOf
from .exercises import FunctionExercise, Mistake, ValueExercise

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
PLANNED_LIFT = 0.40  # exercise 4.11: the lift in new customers a planned test should find
PLANNED_WEEKS_BEFORE = 52


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


# -- 4.1 and 4.2: what offline costs -------------------------------------------------------------


def cpm_by_medium(
    year: int = YEAR, mean_of_weeks: bool = False, per_impression: bool = False
) -> pd.Series:
    frame = mix_in(year)
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


def spring_flight() -> pd.DataFrame:
    frame = mix_in()
    return frame[(frame["week_start"].dt.month < 7) & (frame["tv_grps"] > 0)]


def spring_impressions() -> float:
    return float(spring_flight()["tv_impressions"].sum())


def spring_frequency(kind: str = "right") -> float:
    per_adult = spring_impressions() / home_adults()
    reach = 1 - math.exp(-per_adult)
    if kind == "per_adult":
        return per_adult
    if kind == "reach_as_fraction":
        return per_adult * 100 / reach
    if kind == "reach":
        return reach * 100
    return per_adult / reach


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


def first_half_2025() -> pd.DataFrame:
    frame = mix_in()
    return frame[frame["week_start"].dt.month < 7].reset_index(drop=True)


def after_flight_share(kind: str = "right", theta_value: float | None = None) -> float:
    frame = first_half_2025()
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
    return float(pressure[last + 1 :].sum() / pressure.sum())


# -- 4.7: the halo -------------------------------------------------------------------------------


def halo(kind: str = "right") -> float:
    frame = mix() if kind == "all_weeks" else full_weeks()
    driver = (
        frame["tv_spend"] if kind == "raw_spend" else media.adstock(frame["tv_spend"], theta("tv"))
    )
    frame = frame.assign(tv_adstock=np.asarray(driver, dtype=float))
    controls = [] if kind == "no_controls" else HALO_CONTROLS
    table = offline.regress(frame, "branded_search_clicks", ["tv_adstock", *controls])
    return float(table.loc["tv_adstock", "coefficient"])


# -- 4.8 to 4.11: the geo test -------------------------------------------------------------------


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


def _tbr_least_squares_share(test_pre, control_pre, test_during, control_during):
    y, x = np.asarray(test_pre, float), np.asarray(control_pre, float)
    share = (x * y).sum() / (x * x).sum()
    return float(np.sum(test_during) - share * np.sum(control_during))


def geo_weekly(outcome: str = "new_customers") -> pd.DataFrame:
    geo = datasets.load("geo_test")
    weekly = geo.pivot_table(
        index=["week_start", "period"], columns="group", values=outcome, aggfunc="sum"
    )
    return weekly.reset_index()


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
    return geo_read().incremental


def test_spend() -> float:
    geo = datasets.load("geo_test")
    return float(geo.loc[geo["period"] != "pre", "tv_spend"].sum())


def first_order_value() -> float:
    return finance.first_order_value(datasets.load("orders"), datasets.load("customers"), YEAR)


def tv_iroas(kind: str = "right") -> float:
    customers = incremental_customers("flight_only" if kind == "flight_only" else "right")
    spend = float(mix_in()["tv_spend"].sum()) if kind == "year_spend" else test_spend()
    if kind == "no_value":
        return customers / spend
    return customers * first_order_value() / spend


def planned_cv() -> float:
    weekly = geo_weekly()
    pre = weekly[weekly["period"] == "pre"]
    return offline.market_cv(pre["test"], pre["control"], 20, 20)


def weeks_needed(kind: str = "right") -> float:
    markets = 10 if kind == "ten_zones" else 20
    target = 0.5 if kind == "half_power" else 0.8
    cv = planned_cv()
    for weeks in range(1, 53):
        power = offline.geo_test_power(
            PLANNED_LIFT, markets, markets, PLANNED_WEEKS_BEFORE, weeks, cv
        )
        if power >= target:
            return float(weeks - 1 if kind == "last_below" else weeks)
    return math.nan


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
        ],
        hints=[
            "mix_2025 = mix[mix['week_start'].dt.year == 2025]",
            "For each medium m in WITH_IMPRESSIONS: mix_2025[f'{m}_spend'].sum() / mix_2025[f'{m}_impressions'].sum() * 1000",
            "pd.Series({m: ... for m in WITH_IMPRESSIONS})",
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
        title="reach(impressions, adults)",
        answer="reach",
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
                "not at all. Reach = 1 - exp(-impressions / adults).",
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
        ],
        hints=[
            "Impressions per adult = impressions / adults.",
            "Reach = 1 - exp(-impressions per adult): use math.exp or np.exp.",
        ],
        passed="One impression per adult reaches about 63% of them; doubling the weight takes it to 86%, not 100%.",
    ),
    ValueExercise(
        id="4.4",
        title="how often the spring flight reached each person",
        answer="spring_frequency",
        comparator=Number(what="a number of times (e.g. 1.4)", rel_tol=1e-2),
        expected=spring_frequency,
        mistakes=[
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
            "Its reach = reach(its impressions, HOME_ADULTS), a fraction.",
            "Average frequency = GRPs / (reach x 100).",
        ],
        passed=lambda v: (
            f"The people the flight reached saw it {float(v):.1f} times on average: light for TV, where planners "
            "aim for about 3."
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
            {"spend": [float(x) for x in first_half_2025()["tv_spend"]], "theta": theta("tv")},
        ],
        hidden_cases=lambda: [
            {"spend": [0, 0, 50, 50, 50, 0, 0, 0], "theta": 0.9},
            {"spend": [1_000], "theta": 0.3},
            {"spend": [5, 0, 5, 0, 5, 0], "theta": 0.75},
        ],
        mistakes=[
            Mistake(
                "this carries only last week's spend forward (x_t + theta x x_{t-1}). Adstock carries the whole "
                "stock: A_t = x_t + theta x A_{t-1}.",
                function=_adstock_one_week,
            ),
            Mistake(
                "this is the normalised form, (1 - theta) x x_t + theta x A_{t-1}, which some tools use. This course "
                "keeps the spend in dollars: A_t = x_t + theta x A_{t-1}.",
                function=_adstock_normalised,
            ),
            Mistake(
                "this decays this week's spend too: theta x (x_t + A_{t-1}). A week's spend counts in full that "
                "week: A_t = x_t + theta x A_{t-1}.",
                function=_adstock_decays_this_week,
            ),
        ],
        hints=[
            "Keep a running total: carried = 0; for each week, carried = x + theta * carried; append it.",
            "Return one value per week, in order: a list or an array.",
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
                "This is after / during. The question asks for a share of the total: after / (during + after).",
                value=lambda: after_flight_share("after_over_during"),
            ),
        ],
        hints=[
            "spring = mix_2025[mix_2025['week_start'].dt.month < 7]; pressure = adstock(spring['tv_spend'], THETA['tv']).",
            "The flight's last week is the last one with tv_spend > 0 (np.flatnonzero(spend > 0).max()).",
            "Share = pressure in the weeks after it / all the pressure.",
        ],
        passed=lambda v: (
            f"{float(v):.0%} of the flight's pressure came after the last spot aired: judge a flight on the weeks "
            "after it too."
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
                "This uses the week's raw spend. A flight's effect builds and lingers: use adstocked spend.",
                value=lambda: halo("raw_spend"),
            ),
            Mistake(
                "This keeps the last week, which has only 3 days. Use full weeks (days == 7).",
                value=lambda: halo("all_weeks"),
            ),
        ],
        hints=[
            "weeks = mix[mix['days'] == 7].copy(); weeks['tv_adstock'] = adstock(weeks['tv_spend'], THETA['tv'])",
            "fit = offline.regress(weeks, 'branded_search_clicks', ['tv_adstock', 'orders', 'promotion_days'])",
            "halo_per_dollar = fit.loc['tv_adstock', 'coefficient']",
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
                "this fits test = a + b x control with an intercept (the textbook form). On small markets the noise "
                "pulls b towards 0; this course fits the line through zero: share = sum(test_pre) / sum(control_pre).",
                function=_tbr_intercept,
            ),
            Mistake(
                "close: this fits the share by least squares (sum of x*y / sum of x^2). Use the ratio of the totals, "
                "sum(test_pre) / sum(control_pre), which does not let the biggest weeks dominate.",
                function=_tbr_least_squares_share,
            ),
        ],
        hints=[
            "share = sum(test_pre) / sum(control_pre): what the test markets sell for each unit the controls sell.",
            "Predicted test sales during the flight = share x each week's control sales.",
            "Return sum(test_during) - share x sum(control_during).",
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
                "This fits with an intercept. Use tbr_gap's line through zero.",
                value=lambda: incremental_customers("intercept"),
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
        mistakes=[
            Mistake(
                "This divides by all of 2025's TV spend. The test's spend is what aired in its weeks "
                "(geo['tv_spend'] outside the 'pre' period).",
                value=lambda: tv_iroas("year_spend"),
            ),
            Mistake(
                "This is new customers per dollar. Value each one at FIRST_ORDER_VALUE to get revenue per dollar.",
                value=lambda: tv_iroas("no_value"),
            ),
            Mistake(
                "This counts the flight weeks only. Use incremental_customers from Exercise 4.9 (flight and after).",
                value=lambda: tv_iroas("flight_only"),
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
        title="how long the next test must run",
        answer="weeks_needed",
        comparator=Number(what="a whole number of weeks", integer=True),
        expected=weeks_needed,
        mistakes=[
            Mistake(
                "This is the last length that falls short of 80%: take the first that reaches it.",
                value=lambda: weeks_needed("last_below"),
            ),
            Mistake(
                "This reaches 50% power, a coin toss. Plan for 80%.",
                value=lambda: weeks_needed("half_power"),
            ),
            Mistake(
                "This plans 10 test and 10 control zones. The home market has 20 of each.",
                value=lambda: weeks_needed("ten_zones"),
            ),
        ],
        hints=[
            "offline.geo_test_power(0.40, 20, 20, 52, weeks, market_cv) is the power of a test that runs `weeks` weeks.",
            "Try weeks = 1, 2, 3, ... and stop at the first with power >= 0.8.",
        ],
        passed=lambda v: (
            f"{int(v)} weeks of TV in 20 zones give an 80% chance of seeing a 40% lift in new customers."
        ),
    ),
]


def flight_planner():
    from .. import widgets

    return widgets.flight_planner(
        adults=home_adults(), cost_per_point=tv_cost_per_point(), theta=theta("tv")
    )


def geo_test_designer():
    from .. import widgets

    return widgets.geo_test_designer(market_cv=planned_cv(), weeks_before=PLANNED_WEEKS_BEFORE)


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
        "Set the lift you hope TV brings and the weeks you can afford. Ask: how many weeks "
        "would you need before a null result means anything?",
        geo_test_designer,
    ),
)
