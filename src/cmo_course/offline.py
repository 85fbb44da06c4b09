"""Offline channels: GRPs, reach and frequency, adstock and half-life, and reading and planning a
geo test with time-based regression.

Plain functions on numbers and arrays, shared by the generators, the lesson, the checks and the
explorers of module 04. Adstock itself lives in ``media`` (the paid-media generators use it too).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .media import adstock

__all__ = [
    "GeoTestResult",
    "adstock",
    "carryover_multiplier",
    "cost_per_point",
    "frequency",
    "geo_test_power",
    "grps",
    "grps_from_impressions",
    "half_life",
    "normal_cdf",
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
    """Share of the audience reached at least once when impressions land at random:
    1 - exp(-impressions per person). One impression per person reaches about 63%."""
    ipc = np.asarray(impressions_per_capita, dtype=float)
    if np.any(ipc < 0):
        raise ValueError("impressions per person cannot be negative")
    reach = 1 - np.exp(-ipc)
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
) -> GeoTestResult:
    """Read a geo test: fit test = a + b x control on the weeks before the flight (least
    squares), predict the test markets from the control markets during it, and add up the gap.

    The standard error of the summed gap, for n_P weeks before and n_T during, with residual
    variance s^2 from the fit, is
        s x sqrt(n_T + n_T^2 / n_P + (sum of (x_t - mean x before))^2 / S_xx)
    (new noise in each test week, plus the uncertainty of a and b); the interval uses Student's
    t with n_P - 2 degrees of freedom. It assumes weeks are independent; real series are a little
    autocorrelated, so treat the interval as a minimum.
    """
    y_pre, x_pre = np.asarray(test_pre, float), np.asarray(control_pre, float)
    y_t, x_t = np.asarray(test_during, float), np.asarray(control_during, float)
    if len(y_pre) != len(x_pre) or len(y_t) != len(x_t):
        raise ValueError("test and control need the same weeks")
    n_p, n_t = len(y_pre), len(y_t)
    if n_p < 3 or n_t < 1:
        raise ValueError("time-based regression needs at least 3 weeks before and 1 during")
    x_mean = x_pre.mean()
    sxx = float(((x_pre - x_mean) ** 2).sum())
    if sxx == 0:
        raise ValueError("the control markets must vary before the test to predict anything")
    slope = float(((x_pre - x_mean) * (y_pre - y_pre.mean())).sum() / sxx)
    intercept = float(y_pre.mean() - slope * x_mean)
    residuals = y_pre - (intercept + slope * x_pre)
    s2 = float((residuals**2).sum() / (n_p - 2))
    predicted = intercept + slope * x_t
    incremental = float((y_t - predicted).sum())
    spread = float((x_t - x_mean).sum())
    se = math.sqrt(s2 * (n_t + n_t**2 / n_p + spread**2 / sxx))
    counterfactual = float(predicted.sum())
    t = t_quantile(z, n_p - 2)  # s^2 is itself estimated from n_P - 2 degrees of freedom
    return GeoTestResult(
        intercept=intercept,
        slope=slope,
        incremental=incremental,
        standard_error=se,
        low=incremental - t * se,
        high=incremental + t * se,
        counterfactual=counterfactual,
        lift=incremental / counterfactual if counterfactual else math.nan,
        iroas=incremental / spend if spend and not math.isnan(spend) else math.nan,
    )


def geo_test_power(
    lift: float,
    test_markets: int,
    control_markets: int,
    weeks_before: int,
    weeks_during: int,
    market_cv: float,
    z_alpha: float = 1.96,
) -> float:
    """The chance a planned geo test finds a true lift (two-sided, 5% by default).

    Assumes markets of similar size that share the national ups and downs (which the control
    markets predict) and vary independently around them with coefficient of variation
    ``market_cv``. The test markets' weekly total then varies with
    sd cv x sqrt(k_t) (in units of one market's sales), the control total's prediction adds
    cv x k_t / sqrt(k_c), and the effect over the flight is lift x k_t x weeks_during.
    """
    if min(test_markets, control_markets, weeks_before, weeks_during) < 1 or market_cv <= 0:
        raise ValueError("a test needs markets, weeks and some noise to plan against")
    k_t, k_c = test_markets, control_markets
    weekly_sd = market_cv * math.sqrt(k_t + k_t**2 / k_c)
    se = weekly_sd * math.sqrt(weeks_during + weeks_during**2 / weeks_before)
    effect = lift * k_t * weeks_during
    return normal_cdf(abs(effect) / se - z_alpha) + normal_cdf(-abs(effect) / se - z_alpha)
