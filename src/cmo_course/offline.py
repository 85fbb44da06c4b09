"""Offline channels: GRPs, reach and frequency, adstock and half-life, and reading and planning a
geo test with time-based regression.

Plain functions on numbers and arrays, shared by the generators, the lesson, the checks and the
explorers of module 04. Adstock itself lives in ``media`` (the paid-media generators use it too).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .media import adstock, response

__all__ = [
    "REACH_CEILING",
    "REACH_HALF_GRPS",
    "Flight",
    "GeoTestResult",
    "plan_flight",
    "regress",
    "adstock",
    "break_even_lift",
    "carryover_multiplier",
    "cost_per_point",
    "frequency",
    "geo_test_power",
    "minimum_detectable_lift",
    "grps",
    "grps_from_impressions",
    "market_cv",
    "half_life",
    "normal_cdf",
    "reach_curve",
    "reach_from_impressions",
    "t_quantile",
    "theta_from_half_life",
    "time_based_regression",
]

# --------------------------------------------------------------------------------------------
# GRPs, reach and frequency
# --------------------------------------------------------------------------------------------


def grps(reach_percent: float, average_frequency: float) -> float:
    """Gross rating points = reach (% of the target audience) x average frequency among those
    reached. 60% of the audience reached 3 times on average = 180 GRPs."""
    if reach_percent < 0 or reach_percent > 100 or average_frequency < 0:
        raise ValueError("reach is a percentage between 0 and 100; frequency cannot be negative")
    return reach_percent * average_frequency


def grps_from_impressions(impressions: float, population: float) -> float:
    """GRPs from delivery: impressions per person in the target audience x 100."""
    if population <= 0:
        raise ValueError("the target audience must have people in it")
    return impressions / population * 100


def reach_from_impressions(impressions_per_capita):
    """Share of the audience reached at least once if impressions landed at random on everyone:
    1 - exp(-impressions per person). One impression per person would reach about 63%.

    A ceiling, not an estimate: real schedules land on the same heavy viewers again and again,
    and some people barely watch, so real reach levels off well below it (``reach_curve``)."""
    ipc = np.asarray(impressions_per_capita, dtype=float)
    if np.any(ipc < 0):
        raise ValueError("impressions per person cannot be negative")
    reach = 1 - np.exp(-ipc)
    return float(reach) if reach.ndim == 0 else reach


REACH_CEILING = 0.85  # share of adults a TV schedule reaches at most in practice (70-85%)
REACH_HALF_GRPS = 120.0  # GRPs at which a schedule reaches half the ceiling


def reach_curve(grps_, ceiling: float = REACH_CEILING, half_grps: float = REACH_HALF_GRPS):
    """Share of the audience a schedule of ``grps_`` reaches at least once, as planners' reach
    curves run: ceiling x GRPs / (GRPs + half_grps). It rises more slowly than impressions
    landing at random would (``reach_from_impressions``) and levels off below the ceiling, at
    about 70-85% for TV however much is bought. The defaults give about 38% at 100 GRPs, 61%
    at 300 and 68% at 500."""
    g = np.asarray(grps_, dtype=float)
    if np.any(g < 0):
        raise ValueError("GRPs cannot be negative")
    if not 0 < ceiling <= 1 or half_grps <= 0:
        raise ValueError("the ceiling is a share of the audience, the half point a positive GRP")
    reach = ceiling * g / (g + half_grps)
    return float(reach) if reach.ndim == 0 else reach


def frequency(grps_: float, reach_percent: float) -> float:
    """Average frequency among the people reached: GRPs / reach %."""
    if reach_percent <= 0:
        raise ValueError("no one was reached, so there is no frequency")
    return grps_ / reach_percent


def cost_per_point(spend: float, grps_: float) -> float:
    """What one GRP costs: spend / GRPs (how TV and radio are priced)."""
    if grps_ <= 0:
        raise ValueError("cost per point needs some GRPs")
    return spend / grps_


# --------------------------------------------------------------------------------------------
# Adstock: advertising that keeps working
# --------------------------------------------------------------------------------------------


def half_life(theta: float) -> float:
    """Weeks until an advertising effect has halved: ln 0.5 / ln theta (weekly decay theta)."""
    if not 0 < theta < 1:
        raise ValueError("theta is a weekly decay between 0 and 1 (exclusive)")
    return math.log(0.5) / math.log(theta)


def theta_from_half_life(weeks: float) -> float:
    """The weekly decay with this half-life: 0.5 ** (1 / weeks)."""
    if weeks <= 0:
        raise ValueError("the half-life must be positive")
    return 0.5 ** (1 / weeks)


def carryover_multiplier(theta: float) -> float:
    """All the pressure one week of spend ever builds, in units of that week's: 1 / (1 - theta).
    With theta 0.6, a week's GRPs work 2.5 times as hard as the week alone shows."""
    if not 0 <= theta < 1:
        raise ValueError("theta is a weekly decay between 0 and 1")
    return 1 / (1 - theta)


@dataclass(frozen=True)
class Flight:
    """A planned flight: the GRPs bought each week, the adstocked pressure they build, and what
    the flight delivers."""

    grps: np.ndarray  # by week, over the planning horizon
    pressure: np.ndarray  # adstocked GRPs by week
    total_grps: float
    reach: float  # share of the audience reached at least once
    frequency: float  # average times among those reached
    cost: float
    share_after: float  # share of the pressure (over the horizon) after the last week on air


def plan_flight(
    weekly_grps: float, weeks: int, theta: float, cost_per_point: float, horizon: int = 20
) -> Flight:
    """A flight of ``weeks`` weeks at ``weekly_grps`` a week, starting in week 1 of a
    ``horizon``-week plan: its pressure (adstock), reach and frequency, cost, and the share of its
    pressure that comes after it."""
    if weekly_grps < 0 or weeks < 0 or cost_per_point < 0:
        raise ValueError("GRPs, weeks and cost per point cannot be negative")
    if horizon < weeks:
        raise ValueError("the plan must be at least as long as the flight")
    grps_by_week = np.zeros(horizon)
    grps_by_week[: int(weeks)] = weekly_grps
    pressure = adstock(grps_by_week, theta)
    total = float(grps_by_week.sum())
    reach = reach_curve(total)
    total_pressure = float(pressure.sum())
    return Flight(
        grps=grps_by_week,
        pressure=pressure,
        total_grps=total,
        reach=reach,
        frequency=total / (reach * 100) if reach > 0 else 0.0,
        cost=total * cost_per_point,
        share_after=float(pressure[int(weeks) :].sum()) / total_pressure
        if total_pressure > 0
        else 0.0,
    )


# --------------------------------------------------------------------------------------------
# Geo tests: time-based regression
# --------------------------------------------------------------------------------------------


def normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def t_quantile(z: float, degrees_of_freedom: int) -> float:
    """The Student t quantile matching the normal quantile ``z`` (Cornish-Fisher expansion,
    within 0.01 of the exact value from 4 degrees of freedom up): a short pre-period makes the
    interval wider than 1.96 standard errors."""
    if degrees_of_freedom < 1:
        raise ValueError("at least one degree of freedom")
    n = degrees_of_freedom
    return (
        z
        + (z**3 + z) / (4 * n)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * n**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * n**3)
    )


@dataclass(frozen=True)
class GeoTestResult:
    """A geo test read with time-based regression, for the whole test period."""

    intercept: float
    slope: float
    incremental: float  # actual - predicted, summed over the test weeks
    standard_error: float
    low: float  # 95% interval
    high: float
    counterfactual: float  # what the test markets would have sold without the flight
    lift: float  # incremental / counterfactual
    iroas: float  # incremental / spend (NaN without spend)


def time_based_regression(
    test_pre,
    control_pre,
    test_during,
    control_during,
    spend: float = math.nan,
    z: float = 1.96,
    intercept: bool = False,
) -> GeoTestResult:
    """Read a geo test: fit the test markets' weekly sales on the control markets' over the weeks
    before the flight (least squares), predict the test markets from the control markets during
    it, and add up the gap.

    By default the line goes through zero, test = b x control, with b the test markets' share of
    the controls' sales before the flight (b = sum of test / sum of control: least squares with
    weekly noise that grows with the size of the week, as counts of orders do). Pairing markets
    by size sets this up. With ``intercept=True`` it fits test = a + b x control by ordinary
    least squares, the textbook form; on small markets whose weekly sales are noisy, that slope
    is pulled towards zero (regression dilution) and the gap then grows with the season, so use
    it only where the controls' noise is small beside their ups and downs.

    The standard error of the summed gap, for n_P weeks before and n_T during, is
        through zero:   s x sqrt(X_T + X_T^2 / X_P), s^2 = sum of (y - b x)^2 / x / (n_P - 1),
                        X_P and X_T the controls' total before and during
        with intercept: s x sqrt(n_T + n_T^2 / n_P + (sum of (x_t - mean x before))^2 / S_xx),
                        s^2 = residual sum of squares / (n_P - 2)
    (new noise in each test week, plus the uncertainty of the fitted line); the interval uses
    Student's t with the fit's degrees of freedom. It assumes weeks are independent; real series
    are a little autocorrelated. It also takes the noise at its level before the test; counts
    lifted well above that level are noisier. For both reasons treat the interval as a minimum.
    """
    y_pre, x_pre = np.asarray(test_pre, float), np.asarray(control_pre, float)
    y_t, x_t = np.asarray(test_during, float), np.asarray(control_during, float)
    if len(y_pre) != len(x_pre) or len(y_t) != len(x_t):
        raise ValueError("test and control need the same weeks")
    n_p, n_t = len(y_pre), len(y_t)
    if n_p < 3 or n_t < 1:
        raise ValueError("time-based regression needs at least 3 weeks before and 1 during")
    if intercept:
        x_mean = x_pre.mean()
        sxx = float(((x_pre - x_mean) ** 2).sum())
        if sxx == 0:
            raise ValueError("the control markets must vary before the test to predict anything")
        slope = float(((x_pre - x_mean) * (y_pre - y_pre.mean())).sum() / sxx)
        a = float(y_pre.mean() - slope * x_mean)
        s2 = float(((y_pre - a - slope * x_pre) ** 2).sum() / (n_p - 2))
        variance = s2 * (n_t + n_t**2 / n_p + float((x_t - x_mean).sum()) ** 2 / sxx)
        dof = n_p - 2
    else:
        if np.any(x_pre <= 0) or np.any(x_t < 0):
            raise ValueError(
                "the control markets must have sold something every week before the test"
            )
        x_total, x_during = float(x_pre.sum()), float(x_t.sum())
        slope = float(y_pre.sum()) / x_total
        a = 0.0
        s2 = float(((y_pre - slope * x_pre) ** 2 / x_pre).sum() / (n_p - 1))
        variance = s2 * (x_during + x_during**2 / x_total)
        dof = n_p - 1
    predicted = a + slope * x_t
    incremental = float((y_t - predicted).sum())
    se = math.sqrt(variance)
    counterfactual = float(predicted.sum())
    t = t_quantile(z, dof)  # s^2 is itself estimated, from dof degrees of freedom
    return GeoTestResult(
        intercept=a,
        slope=slope,
        incremental=incremental,
        standard_error=se,
        low=incremental - t * se,
        high=incremental + t * se,
        counterfactual=counterfactual,
        lift=incremental / counterfactual if counterfactual else math.nan,
        iroas=incremental / spend if spend and not math.isnan(spend) else math.nan,
    )


def _as_bar(bar) -> float:
    """A bar is a lift, a number: refuse text (bar="break_even") with words a learner can act on."""
    if isinstance(bar, bool) or not isinstance(bar, int | float | np.number):
        raise TypeError(
            f"bar must be a lift, a number (0 for no lift, 1.5 for 150%); got {bar!r}. Pass the "
            "number, or the name of a variable that holds it, without quotes: bar=break_even, "
            "not bar='break_even'."
        )
    return float(bar)


def geo_test_power(
    lift: float,
    test_markets: int,
    control_markets: int,
    weeks_before: int,
    weeks_during: int,
    market_cv: float,
    z_alpha: float = 1.96,
    bar: float = 0.0,
) -> float:
    """The chance a planned geo test finds a true lift (two-sided, 5% by default).

    With ``bar`` (a lift, such as the break-even lift), the chance the test shows the lift is
    above the bar: one-sided, at the same false-alarm rate, effect measured from the bar. A test
    that can only tell a lift from zero may still be unable to tell a paying lift from a losing
    one.

    Assumes markets of similar size that share the national ups and downs (which the control
    markets predict) and vary independently around them with coefficient of variation
    ``market_cv``. The test markets' weekly total then varies with
    sd cv x sqrt(k_t) (in units of one market's sales), the control total's prediction adds
    cv x k_t / sqrt(k_c), and the effect over the flight is lift x k_t x weeks_during.
    """
    bar = _as_bar(bar)
    if min(test_markets, control_markets, weeks_before, weeks_during) < 1 or market_cv <= 0:
        raise ValueError("a test needs markets, weeks and some noise to plan against")
    k_t, k_c = test_markets, control_markets
    weekly_sd = market_cv * math.sqrt(k_t + k_t**2 / k_c)
    se = weekly_sd * math.sqrt(weeks_during + weeks_during**2 / weeks_before)
    if bar:
        effect = (lift - bar) * k_t * weeks_during
        return normal_cdf(effect / se - z_alpha)
    effect = lift * k_t * weeks_during
    return normal_cdf(abs(effect) / se - z_alpha) + normal_cdf(-abs(effect) / se - z_alpha)


def break_even_lift(spend: float, baseline: float, value: float) -> float:
    """The lift at which a test's spend pays for itself: spend / (baseline x value), where
    ``baseline`` is what the test markets would have done without it over the test (customers,
    say) and ``value`` what one more of them is worth (two-year contribution of a customer)."""
    if baseline <= 0 or value <= 0:
        raise ValueError("the baseline and the value must be positive")
    return spend / (baseline * value)


def market_cv(test_pre, control_pre, test_markets: int, control_markets: int) -> float:
    """How much one market's weekly sales wander around the shared pattern (a coefficient of
    variation), from the weeks before a test: the spread of the test group's gap from
    (its share x the control group), scaled back to one market. This is the noise
    ``geo_test_power`` plans against."""
    y, x = np.asarray(test_pre, float), np.asarray(control_pre, float)
    if len(y) != len(x) or len(y) < 3:
        raise ValueError("at least 3 weeks of test and control, the same weeks")
    share = y.sum() / x.sum()
    weekly_sd = float(np.std(y - share * x, ddof=1))
    per_market = float(y.mean()) / test_markets
    return weekly_sd / per_market / math.sqrt(test_markets + test_markets**2 / control_markets)


def minimum_detectable_lift(
    test_markets: int,
    control_markets: int,
    weeks_before: int,
    weeks_during: int,
    market_cv: float,
    power: float = 0.8,
    bar: float = 0.0,
) -> float:
    """The smallest lift a planned geo test finds with the given power (80% by default): the lift
    at which ``geo_test_power`` reaches it, found by bisection. With ``bar``, the smallest lift
    the test shows to be above the bar."""
    bar = _as_bar(bar)
    if not 0.05 < power < 1:
        raise ValueError("power is a probability above the 5% false-alarm rate and below 1")
    args = (test_markets, control_markets, weeks_before, weeks_during, market_cv)

    def reaches(lift: float) -> bool:
        return geo_test_power(lift, *args, bar=bar) >= power

    low, high = bar, bar + 1.0
    while not reaches(high):
        high = bar + 2 * (high - bar)
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (low, mid) if reaches(mid) else (mid, high)
    return high


# --------------------------------------------------------------------------------------------
# Regression on weekly data: the halo and a first media-mix model
# --------------------------------------------------------------------------------------------


def regress(frame: pd.DataFrame, outcome: str, drivers: list[str]) -> pd.DataFrame:
    """Ordinary least squares of ``outcome`` on ``drivers`` (plus a constant), one row per
    driver: the coefficient (what one more unit of the driver adds to the outcome), its
    standard error, and a 95% interval. Weeks are treated as independent, so read the interval
    as a minimum."""
    missing = [c for c in [outcome, *drivers] if c not in frame.columns]
    if missing:
        raise KeyError(
            f"regress needs the columns {missing}, which the table does not have. "
            f"It has: {list(frame.columns)}."
        )
    data = frame[[outcome, *drivers]].astype(float)
    if data.isna().any().any():
        raise ValueError("drop or fill the missing values first: regress needs every week complete")
    X = np.column_stack([np.ones(len(data)), data[drivers].to_numpy()])
    y = data[outcome].to_numpy()
    n, k = X.shape
    if n <= k:
        raise ValueError(f"{len(drivers)} drivers need more than {k} weeks of data; there are {n}")
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    residuals = y - X @ coef
    s2 = float(residuals @ residuals) / (n - k)
    covariance = s2 * np.linalg.pinv(X.T @ X)
    se = np.sqrt(np.diag(covariance))
    t = t_quantile(1.96, n - k)
    table = pd.DataFrame(
        {"coefficient": coef, "standard_error": se, "low": coef - t * se, "high": coef + t * se},
        index=["constant", *drivers],
    )
    table.index.name = "driver"
    return table


def list_memory(list_weeks: float) -> float:
    """The weekly decay of a mailing list's memory, 1 - 1 / ``list_weeks``: steady spend x builds
    a depth of ``list_weeks`` x x, and a piece mailed k weeks ago still counts (1 - 1/weeks)^k."""
    return 1 - 1 / float(list_weeks)


def offline_response(
    spend,
    theta: float,
    a: float,
    half_sat: float,
    list_weeks: float = 0,
    demand=1.0,
    unit_cost=1.0,
):
    """New customers an offline medium brings each week from its weekly ``spend``.

    A week's dollars buy 1 / ``unit_cost`` of what they bought at the base prices (Q4 airtime and
    print cost more, like digital impressions), and the people they reach are as in-market as the
    week's ``demand`` (1 = an average week; both may be one figure or one per week). With
    x = spend / unit_cost and A its adstock (``adstock``: when the responses arrive):

    - most media saturate within the week, demand x a x A / (1 + A / half_sat): a week's audience
      hears the same message again;
    - direct mail saturates on its list (``list_weeks`` > 0): a catalogue reaches the households it
      is mailed to, and the more pieces went out lately, the deeper into the rented lists and the
      more often to the same homes each piece goes, so demand x a x A / (1 + L / half_sat), L the
      list's depth: the pieces mailed before, each counting less as weeks pass
      (``adstock(x, list_memory(list_weeks))``: steady spend x builds L = list_weeks x x). Drops
      close together saturate each other, the more the closer, with no cliff at any gap; drops a
      quarter apart find somewhat fewer than the same money mailed evenly, as the list still
      remembers the last drop's households."""
    reach = np.asarray(spend, dtype=float) / np.asarray(unit_cost, dtype=float)
    stocked = adstock(reach, theta)
    if not list_weeks:
        return np.asarray(demand, dtype=float) * response(stocked, a, half_sat)
    depth = adstock(reach, list_memory(list_weeks))
    return np.asarray(demand, dtype=float) * a * stocked / (1 + depth / half_sat)
