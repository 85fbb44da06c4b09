"""Paid media: the metric chain, lift tests, response curves and budget allocation, and the
sums behind a pilot on a new network.

Plain functions on numbers, Series and DataFrames. The generators, the lessons, the checks and
the budget allocator all use these, so that there is one formula for each idea.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------------------------
# The metric chain: CPM -> CTR -> CPC -> CVR -> CPA -> ROAS
# --------------------------------------------------------------------------------------------


def _ratio(numerator, denominator, scale: float = 1.0):
    """numerator / denominator x scale, NaN where the denominator is 0 (for numbers and Series)."""
    if isinstance(numerator, pd.Series | np.ndarray) or isinstance(
        denominator, pd.Series | np.ndarray
    ):
        denominator = pd.Series(denominator) if isinstance(denominator, np.ndarray) else denominator
        return numerator / denominator.where(denominator != 0) * scale
    return numerator / denominator * scale if denominator else math.nan


def cpm(spend, impressions):
    """Cost per 1,000 impressions."""
    return _ratio(spend, impressions, 1000.0)


def ctr(clicks, impressions):
    """Click-through rate: clicks per impression."""
    return _ratio(clicks, impressions)


def cpc(spend, clicks):
    """Cost per click. Identity: CPC = CPM / (1000 x CTR)."""
    return _ratio(spend, clicks)


def cvr(conversions, clicks):
    """Conversion rate: conversions per click."""
    return _ratio(conversions, clicks)


def cpa(spend, conversions):
    """Cost per acquisition (per conversion). Identity: CPA = CPC / CVR."""
    return _ratio(spend, conversions)


CHAIN_INPUTS = ("spend", "impressions", "clicks")


def metric_chain(
    frame: pd.DataFrame,
    by: str | Sequence[str] = "platform",
    conversions: str = "platform_conversions",
    revenue: str = "platform_revenue",
) -> pd.DataFrame:
    """Totals and the chain of rates, one row per value of ``by``.

    Rates are computed from the summed totals (a total CPM is total spend over total
    impressions, never the average of daily CPMs).
    """
    needed = [*([by] if isinstance(by, str) else by), *CHAIN_INPUTS, conversions, revenue]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise KeyError(
            f"metric_chain needs the columns {needed}; missing {missing} (it has {list(frame.columns)})."
        )
    totals = frame.groupby(by)[[*CHAIN_INPUTS, conversions, revenue]].sum()
    totals = totals.rename(columns={conversions: "conversions", revenue: "revenue"})
    totals["cpm"] = cpm(totals["spend"], totals["impressions"])
    totals["ctr"] = ctr(totals["clicks"], totals["impressions"])
    totals["cpc"] = cpc(totals["spend"], totals["clicks"])
    totals["cvr"] = cvr(totals["conversions"], totals["clicks"])
    totals["cpa"] = cpa(totals["spend"], totals["conversions"])
    totals["roas"] = _ratio(totals["revenue"], totals["spend"])  # finance.roas, for a column
    return totals


def max_affordable_cpc(aov: float, conversion_rate: float, margin: float) -> float:
    """The most a click can cost before the order it brings loses money on its first purchase:
    AOV x CVR x contribution margin (the contribution a click earns on average)."""
    return aov * conversion_rate * margin


# --------------------------------------------------------------------------------------------
# Lift tests: what the ads caused
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lift:
    """The result of a holdout lift test. Conversions and revenue are for the test cell."""

    test_rate: float
    control_rate: float
    lift: float  # relative: test rate / control rate - 1
    incremental_conversions: float
    incremental_conversions_low: float  # 95% interval
    incremental_conversions_high: float
    incremental_revenue: float
    iroas: float  # incremental revenue per dollar
    cost_per_incremental_conversion: float


def lift_test(
    test_users: float,
    test_conversions: float,
    control_users: float,
    control_conversions: float,
    spend: float,
    test_revenue: float = math.nan,
    control_revenue: float = math.nan,
    z: float = 1.96,
) -> Lift:
    """Read a holdout test: the test cell saw the ads, the control cell (chosen at random) did not.

    incremental conversions = (test rate - control rate) x test users
    lift = test rate / control rate - 1
    iROAS = incremental revenue / spend; cost per incremental conversion = spend / incremental
    """
    if min(test_users, control_users) <= 0:
        raise ValueError("each cell needs at least one user")
    p_t = test_conversions / test_users
    p_c = control_conversions / control_users
    incremental = (p_t - p_c) * test_users
    se = test_users * math.sqrt(p_t * (1 - p_t) / test_users + p_c * (1 - p_c) / control_users)
    revenue = (test_revenue / test_users - control_revenue / control_users) * test_users
    return Lift(
        test_rate=p_t,
        control_rate=p_c,
        lift=p_t / p_c - 1 if p_c > 0 else math.nan,
        incremental_conversions=incremental,
        incremental_conversions_low=incremental - z * se,
        incremental_conversions_high=incremental + z * se,
        incremental_revenue=revenue,
        iroas=revenue / spend if spend else math.nan,
        cost_per_incremental_conversion=spend / incremental if incremental > 0 else math.inf,
    )


def iroas_interval(result: Lift) -> tuple[float, float]:
    """The iROAS's 95% interval from the incremental purchases' (``incremental_conversions_low``
    and ``_high``), each purchase at the test's incremental revenue per incremental purchase. The
    order values' own noise is not in it, so the true interval is a little wider."""
    per_purchase = result.iroas / result.incremental_conversions
    return (
        float(per_purchase * result.incremental_conversions_low),
        float(per_purchase * result.incremental_conversions_high),
    )


# --------------------------------------------------------------------------------------------
# Diminishing returns and allocation
# --------------------------------------------------------------------------------------------


def response(spend, a: float, half_sat: float):
    """Diminishing returns: a x / (1 + x / half_sat). ``a`` is the return of the first dollar;
    at ``half_sat`` the curve gives half of what a straight line would."""
    spend = np.asarray(spend, dtype=float)
    return a * spend / (1 + spend / half_sat)


def marginal_response(spend, a: float, half_sat: float):
    """The slope of :func:`response`: what one more dollar brings, a / (1 + x / half_sat)^2."""
    spend = np.asarray(spend, dtype=float)
    return a / (1 + spend / half_sat) ** 2


def spend_at_marginal(marginal: float, a: float, half_sat: float) -> float:
    """The spend at which one more dollar brings ``marginal``: half_sat (sqrt(a / m) - 1), or 0
    when even the first dollar brings less."""
    if marginal <= 0:
        return math.inf
    return max(0.0, half_sat * (math.sqrt(a / marginal) - 1))


def adstock(spend, theta: float) -> np.ndarray:
    """Geometric adstock: A_t = x_t + theta x A_(t-1)."""
    out = np.zeros(len(spend))
    carry = 0.0
    for i, x in enumerate(np.asarray(spend, dtype=float)):
        carry = x + theta * carry
        out[i] = carry
    return out


@dataclass(frozen=True)
class Curve:
    """A channel's response to its spend: what the spend truly brings, valued over two years.

    customers(x) = a x / (1 + x / half_sat): new customers as the store's analytics records them
    (last click), ``incremental_share`` of whom the ads really caused. Each incremental customer
    is worth ``value``, the contribution they bring over 24 months (the course's LTV horizon),
    and ``revenue_per_customer``, the revenue behind it. So

        contribution(x) = value x incremental_share x a x / (1 + x / half_sat)

    and the marginal return, contribution per extra dollar, is a / (1 + x / half_sat)^2 scaled
    the same way: a channel pays at the margin while it is above 1. ``spend`` may be by day or by
    week, as long as ``half_sat`` is in the same unit.
    """

    name: str
    a: float
    half_sat: float
    incremental_share: float
    value: float  # contribution over 24 months of an incremental customer
    revenue_per_customer: float = math.nan  # the revenue behind it (before refunds)

    @property
    def first_dollar_return(self) -> float:
        """Two-year contribution brought by the first dollar."""
        return self.value * self.incremental_share * self.a

    @property
    def margin(self) -> float:
        """Contribution per dollar of the revenue these customers bring."""
        return self.value / self.revenue_per_customer

    def contribution(self, spend):
        return response(spend, self.first_dollar_return, self.half_sat)

    def marginal_return(self, spend):
        return marginal_response(spend, self.first_dollar_return, self.half_sat)

    def revenue(self, spend):
        """Incremental two-year revenue (for ROAS: revenue per dollar)."""
        return self.contribution(spend) / self.margin

    def marginal_roas(self, spend):
        return self.marginal_return(spend) / self.margin

    def spend_at(self, marginal_return: float) -> float:
        """The spend at which one more dollar brings ``marginal_return`` of contribution."""
        return spend_at_marginal(marginal_return, self.first_dollar_return, self.half_sat)

    def scaled(self, factor: float, unit: float = 1.0) -> Curve:
        """The same curve with the response multiplied by ``factor`` (a season, a price change:
        0.8 for ads 25% dearer) and spend counted in ``unit`` times the unit (7: by the week)."""
        return Curve(
            self.name,
            self.a * factor,
            self.half_sat * unit,
            self.incremental_share,
            self.value,
            self.revenue_per_customer,
        )


def allocate(
    curves: Sequence[Curve],
    budget: float,
    tolerance: float = 1e-9,
    lower: Mapping[str, float] | None = None,
    upper: Mapping[str, float] | None = None,
) -> pd.Series:
    """Split ``budget`` (a day) across the curves so that the last dollar in every funded
    channel brings the same return: the allocation that maximises their total contribution.

    Found by bisection on that common marginal return: at a given m each channel spends
    spend_at(m); the m whose spends add up to the budget is the answer. ``lower`` and ``upper``
    (by channel name) keep a channel's spend inside bounds, e.g. near the spend its curve was
    measured at; channels held at a bound may then earn more, or less, at the margin.
    """
    if budget < 0:
        raise ValueError("the budget cannot be negative")
    if not curves:
        raise ValueError("allocate needs at least one curve")
    names = [c.name for c in curves]
    lower = {} if lower is None else lower  # a dict or a Series of spend a day by channel
    upper = {} if upper is None else upper
    lo = np.array([float(lower.get(n, 0.0)) for n in names])
    hi = np.array([float(upper.get(n, np.inf)) for n in names])
    if np.any(lo > hi):
        raise ValueError("a lower bound is above its upper bound")
    if budget < lo.sum() - 1e-9 or budget > hi.sum() + 1e-9:
        raise ValueError(
            f"the budget {budget:,.2f} is outside what the bounds allow ({lo.sum():,.2f} to {hi.sum():,.2f})"
        )
    if budget == 0:
        return pd.Series(0.0, index=names)

    def spends(m: float) -> np.ndarray:
        return np.clip([c.spend_at(m) for c in curves], lo, hi)

    low, high = 0.0, max(c.first_dollar_return for c in curves)
    for _ in range(200):
        middle = (low + high) / 2
        if spends(middle).sum() > budget:
            low = middle
        else:
            high = middle
        if high - low < tolerance * max(1.0, high):
            break
    result = spends(high)
    free = (result > lo + 1e-12) & (result < hi - 1e-12)
    gap = budget - result.sum()
    if free.any() and result[free].sum() > 0:  # close the last rounding gap on the free channels
        result[free] += gap * result[free] / result[free].sum()
    elif result.sum() > 0:
        result = result * (budget / result.sum())
    return pd.Series(result, index=names)


def allocate_in_units(
    curves: Sequence[Curve],
    budget: float,
    minimum: Mapping[str, float],
    tolerance: float = 1e-9,
    maximum: Mapping[str, float] | None = None,
) -> pd.Series:
    """``allocate``, where some curves are bought in units: each gets nothing or at least its
    ``minimum`` (by curve name; a print insertion, a posting of posters, a week of radio), and
    never more than its ``maximum`` where one is given (what there is to buy: the stands a month's
    fairs sell); a curve whose maximum is below its minimum gets nothing.

    A curve the split would fund below its minimum is judged whole: it gets its minimum if the
    minimum's average return (contribution / minimum) is at least what the funded curves earn
    at the margin, and nothing if not; the rest is split again, until no curve sits between
    nothing and its minimum. A curve held at its minimum whose average no longer reaches the
    margin is let go, and one let go stays out (a greedy rule, not a search of every
    combination)."""
    cap = {} if maximum is None else {k: float(v) for k, v in maximum.items()}
    held: dict[str, float] = {}  # bought at least their minimum
    dropped: dict[str, float] = {  # bought not at all: less to buy than a unit
        c.name: 0.0 for c in curves if cap.get(c.name, np.inf) < minimum.get(c.name, 0.0) - 1e-9
    }
    result = allocate(curves, budget, tolerance, upper={**cap, **dropped})
    for _ in range(2 * len(curves)):
        undecided = [c for c in curves if c.name not in held and c.name not in dropped]
        short = [c for c in undecided if 0 < result[c.name] < minimum.get(c.name, 0.0) - 1e-9]
        funded = [c for c in undecided if result[c.name] > 0 and c not in short]
        margin = max((float(c.marginal_return(result[c.name])) for c in funded), default=0.0)
        # a buy held at its minimum whose average no longer reaches the margin is let go
        weak = [
            c
            for c in curves
            if c.name in held
            and abs(result[c.name] - held[c.name]) < 1e-6
            and float(c.contribution(held[c.name])) < margin * held[c.name] * (1 - 1e-9)
        ]
        if not short and not weak:
            break
        for c in weak:
            del held[c.name]
            dropped[c.name] = 0.0
        for c in sorted(short, key=lambda c: -float(c.contribution(minimum[c.name]))):
            unit = float(minimum[c.name])
            if float(c.contribution(unit)) >= margin * unit and sum(held.values()) + unit <= budget:
                held[c.name] = unit
            else:
                dropped[c.name] = 0.0
        result = allocate(curves, budget, tolerance, lower=held, upper={**cap, **dropped})
    return result


def spend_in_units(curve: Curve, spend: float, minimum: float, bar: float) -> float:
    """A spend rounded to what can be bought: ``spend`` if it reaches ``minimum``; below it, the
    minimum if the minimum as a whole returns ``bar`` or more a dollar (contribution / minimum),
    else nothing."""
    if spend <= 0 or spend >= minimum:
        return float(spend)
    return float(minimum) if float(curve.contribution(minimum)) >= bar * minimum else 0.0


def plan_outcome(curves: Sequence[Curve], spend: Mapping[str, float]) -> pd.DataFrame:
    """One row per channel: spend, incremental two-year contribution and revenue, the return
    (contribution per dollar) and the marginal return (what the next dollar brings)."""
    rows = {}
    for curve in curves:
        x = float(spend.get(curve.name, 0.0))
        contribution = float(curve.contribution(x))
        rows[curve.name] = {
            "spend": x,
            "incremental_contribution": contribution,
            "incremental_revenue": float(curve.revenue(x)),
            "return": contribution / x if x > 0 else math.nan,
            "marginal_return": float(curve.marginal_return(x)),
        }
    return pd.DataFrame(rows).T


def best_budget(
    curves: Sequence[Curve],
    bar: float = 1.0,
    lower: Mapping[str, float] | None = None,
    upper: Mapping[str, float] | None = None,
) -> pd.Series:
    """Each channel's spend where its next dollar brings exactly ``bar`` of contribution (1: it
    just pays for itself): the most worth spending on it, channel by channel. A channel whose
    first dollar brings less gets nothing.

    ``lower`` and ``upper`` (by channel name, a dict or a Series, as in :func:`allocate`) keep
    each channel within bounds, e.g. near the spend its curve was measured at: a channel whose
    point lies beyond a bound stops at it, its next dollar still above ``bar`` at a cap, below it
    at a floor (cut as far as the floor allows)."""
    lower = {} if lower is None else lower
    upper = {} if upper is None else upper
    spends = {}
    for c in curves:
        lo, hi = float(lower.get(c.name, 0.0)), float(upper.get(c.name, math.inf))
        if lo > hi:
            raise ValueError(f"{c.name}: its lower bound is above its upper bound")
        spends[c.name] = min(max(c.spend_at(bar), lo), hi)
    return pd.Series(spends)


# --------------------------------------------------------------------------------------------
# A pilot on a new network: a prior on the conversion rate, updated by what the pilot shows
# --------------------------------------------------------------------------------------------


def beta_prior(mean: float, weight: float) -> tuple[float, float]:
    """A Beta prior with this mean, worth ``weight`` clicks of evidence: (alpha, beta)."""
    if not 0 < mean < 1 or weight <= 0:
        raise ValueError("the prior needs a mean between 0 and 1 and a positive weight")
    return mean * weight, (1 - mean) * weight


def _one_number(function: str, **values: object) -> None:
    """Raise a readable error when a function that takes one ad set's numbers gets whole columns."""
    for name, value in values.items():
        if np.ndim(value) != 0:
            raise TypeError(
                f"media.{function} takes one ad set's numbers, not whole columns: {name} is "
                f"{type(value).__name__} of {np.size(value)} values. Loop over the ad sets "
                "(for name in table.index: ...) and call it once per ad set, with "
                "table.loc[name, 'clicks'] and the like."
            )


def beta_update(
    alpha: float, beta: float, conversions: float, clicks: float
) -> tuple[float, float]:
    """The posterior after ``conversions`` out of ``clicks``: (alpha + conversions,
    beta + clicks - conversions). Takes one ad set's numbers: loop to do several."""
    _one_number("beta_update", alpha=alpha, beta=beta, conversions=conversions, clicks=clicks)
    if conversions < 0 or clicks < conversions:
        raise ValueError("conversions must be between 0 and the number of clicks")
    return alpha + conversions, beta + clicks - conversions


def beta_mean(alpha: float, beta: float) -> float:
    return alpha / (alpha + beta)


def beta_sd(alpha: float, beta: float) -> float:
    total = alpha + beta
    return math.sqrt(alpha * beta / (total**2 * (total + 1)))


def beta_prob_above(alpha: float, beta: float, threshold: float, points: int = 20_001) -> float:
    """P(rate > threshold) under a Beta(alpha, beta), by integrating its density on a fine grid."""
    _one_number("beta_prob_above", alpha=alpha, beta=beta, threshold=threshold)
    if threshold <= 0:
        return 1.0
    if threshold >= 1:
        return 0.0
    grid = np.linspace(0.0, 1.0, points)[1:-1]
    log_norm = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    density = np.exp(log_norm + (alpha - 1) * np.log(grid) + (beta - 1) * np.log1p(-grid))
    above = grid > threshold
    return float(np.trapezoid(density * above, grid) / np.trapezoid(density, grid))


def beta_quantile(alpha: float, beta: float, q: float, points: int = 20_001) -> float:
    """The rate below which a Beta(alpha, beta) puts a share ``q`` of its weight (0.1: a
    pessimistic case, one chance in ten of being worse), by integrating its density on a fine
    grid: the inverse of 1 - :func:`beta_prob_above`."""
    if not 0 < q < 1:
        raise ValueError("q must be between 0 and 1")
    grid = np.linspace(0.0, 1.0, points)[1:-1]
    log_norm = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    density = np.exp(log_norm + (alpha - 1) * np.log(grid) + (beta - 1) * np.log1p(-grid))
    steps = (density[1:] + density[:-1]) / 2 * np.diff(grid)
    below = np.concatenate([[0.0], np.cumsum(steps)])
    return float(np.interp(q * below[-1], below, grid))


def break_even_cvr(cost_per_click: float, aov: float, margin: float) -> float:
    """The conversion rate at which a click pays for itself: CPC / (AOV x margin)."""
    return cost_per_click / (aov * margin)


def profit_per_click(conversion_rate, cost_per_click: float, aov: float, margin: float):
    """Contribution a click earns minus what it costs: CVR x AOV x margin - CPC."""
    return np.asarray(conversion_rate, dtype=float) * aov * margin - cost_per_click


def curves_from(truth: Mapping, month: int | None = None) -> list[Curve]:
    """The platforms' response curves recorded with ``paid_media_daily`` (its truth), by the day,
    on an average day of 2025: at that year's average ad prices (a dollar buys 1 / price index
    of January 2024's reach) and demand. With ``month`` (1-12), a day of that month of 2025, at
    its own ad prices and demand (November's dear clicks, January's quiet shoppers)."""
    recorded = truth["response_curves"]
    conditions = truth["response_conditions"]
    if month is None:
        price = float(conditions["average_2025"]["price_index"])
        demand = float(conditions["average_2025"]["demand_factor"])
    else:
        price = float(conditions["price_index_by_month_2025"][month - 1])
        demand = float(conditions["demand_factor_by_month_2025"][month - 1])
    return [
        Curve(
            name=name,
            a=float(c["a"]) * demand / price,
            half_sat=float(c["half_sat"]) * price,
            incremental_share=float(c["incremental_share"]),
            value=float(c["two_year_contribution_per_customer"]),
            revenue_per_customer=float(c["two_year_revenue_per_customer"]),
        )
        for name, c in recorded.items()
    ]


def daily_spend(paid: pd.DataFrame, year: int) -> pd.Series:
    """Average spend a day by platform in ``year``."""
    in_year = paid[paid["date"].dt.year == year]
    days = in_year["date"].nunique()
    return in_year.groupby("platform")["spend"].sum() / days


def profit_day_by_day(truth: Mapping, spend: pd.DataFrame) -> float:
    """Two-year contribution minus spend of spend as it was actually laid out, day by day: each
    day's spend by platform (``spend``: a row per date, a column per platform, of 2025) on the
    curves of that day's month (``curves_from(truth, month)``). On a curve that bends, uneven
    days buy less than the same money spread evenly, so this is below a flat average day's."""
    total = 0.0
    by_month = spend.groupby(pd.DatetimeIndex(spend.index).month)
    for month, days in by_month:
        for curve in curves_from(truth, int(month)):
            if curve.name in days.columns:
                x = days[curve.name].to_numpy(dtype=float)
                total += float((curve.contribution(x) - x).sum())
    return total


def last_click_of_platform() -> dict[str, tuple[str, str]]:
    """The (last_click_channel, last_click_source) the store's analytics records for each paid
    platform. (Read from the company's parameters when called: the generators import this
    module, so it cannot import the datasets package at the top.)"""
    from .datasets.company import PAID_PLATFORMS, paid_source

    return {
        platform: (p["channel"], paid_source(platform)) for platform, p in PAID_PLATFORMS.items()
    }


def credited_orders(orders: pd.DataFrame, platform: str) -> pd.DataFrame:
    """The orders the store's analytics credits to a paid platform (its last click)."""
    mapping = last_click_of_platform()
    if platform not in mapping:
        raise KeyError(f"No platform called {platform!r}; platforms: {sorted(mapping)}.")
    channel, source = mapping[platform]
    return orders[
        (orders["last_click_channel"] == channel) & (orders["last_click_source"] == source)
    ]
