"""Annual planning: from the revenue target back to funnel and pipeline targets, seasonality and
trend, budget-setting methods, share of voice, response curves for the whole mix, phasing and
scenarios.

Plain functions on numbers and frames, shared by the generators, the lesson, the checks and the
plan builder of module 05. Response curves and allocation live in ``media``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .media import Curve, allocate

__all__ = [
    "BRAND_CHANNELS",
    "classical_decomposition",
    "esov",
    "funnel_targets",
    "mix_curves",
    "phase",
    "pipeline_targets",
    "share_growth_from_esov",
    "split_by_group",
]

# Channels whose main job is building the brand (reach, memory, fame) rather than harvesting
# demand that exists; the rest is activation.
BRAND_CHANNELS = ("tv", "out_of_home", "podcasts", "print", "youtube")
WEEKS_PER_YEAR = 52


# --------------------------------------------------------------------------------------------
# From targets back to the funnel
# --------------------------------------------------------------------------------------------


def funnel_targets(
    revenue: float, aov: float, conversion_rate: float, new_customer_share: float
) -> pd.Series:
    """The funnel a revenue target needs: orders = revenue / AOV; sessions = orders / conversion
    rate; new customers = orders x the share of orders that are first orders."""
    if aov <= 0 or not 0 < conversion_rate <= 1 or not 0 <= new_customer_share <= 1:
        raise ValueError(
            "AOV must be positive, and conversion rate and new-customer share fractions"
        )
    orders = revenue / aov
    return pd.Series(
        {
            "orders": orders,
            "sessions": orders / conversion_rate,
            "new_customers": orders * new_customer_share,
        }
    )


def pipeline_targets(
    revenue: float, deal_size: float, win_rate: float, lead_to_opportunity: float
) -> pd.Series:
    """A sales team's funnel for a revenue target: deals = revenue / deal size; opportunities =
    deals / win rate; pipeline (dollars of open opportunities) = revenue / win rate; leads =
    opportunities / lead-to-opportunity rate."""
    if deal_size <= 0 or not 0 < win_rate <= 1 or not 0 < lead_to_opportunity <= 1:
        raise ValueError("deal size must be positive, and the two rates fractions above zero")
    deals = revenue / deal_size
    opportunities = deals / win_rate
    return pd.Series(
        {
            "deals": deals,
            "opportunities": opportunities,
            "pipeline": revenue / win_rate,
            "leads": opportunities / lead_to_opportunity,
        }
    )


# --------------------------------------------------------------------------------------------
# Seasonality and trend
# --------------------------------------------------------------------------------------------


def classical_decomposition(monthly: pd.Series) -> pd.DataFrame:
    """Split a monthly series into trend x seasonal x residual (multiplicative).

    Trend: the centred 12-month moving average (the average of two 12-month windows, so that
    it is centred on a month). Seasonal: for each calendar month, the average of value / trend
    where the trend exists, scaled so the twelve indices average 1. Residual: what is left.
    With two years of data the trend exists for the middle twelve months only."""
    if len(monthly) < 24:
        raise ValueError("a classical decomposition needs at least 24 months")
    values = monthly.astype(float)
    trend = values.rolling(12, center=False).mean()
    trend = (trend + trend.shift(-1)) / 2  # centre the 12-month window on a month
    trend = trend.shift(-5)
    ratio = values / trend
    month = pd.Index(values.index).month
    raw = ratio.groupby(month).mean()
    seasonal_by_month = raw / raw.mean()
    seasonal = pd.Series(seasonal_by_month.reindex(month).to_numpy(), index=values.index)
    return pd.DataFrame(
        {
            "value": values,
            "trend": trend,
            "seasonal": seasonal,
            "residual": values / (trend * seasonal),
        }
    )


def trend_growth(decomposition: pd.DataFrame) -> float:
    """Annual growth of the trend: its last value over its first, per year between them."""
    trend = decomposition["trend"].dropna()
    months = len(trend) - 1
    return float((trend.iloc[-1] / trend.iloc[0]) ** (12 / months) - 1)


# --------------------------------------------------------------------------------------------
# Share of voice and share of market
# --------------------------------------------------------------------------------------------


def esov(our_media: float, competitors_media: float, our_revenue: float, market: float) -> float:
    """Excess share of voice = share of voice - share of market (both fractions).
    SOV = our media spend / all media spend in the category; SOM = our sales / category sales."""
    if our_media + competitors_media <= 0 or market <= 0:
        raise ValueError("the category needs some media spend and some sales")
    return our_media / (our_media + competitors_media) - our_revenue / market


def share_growth_from_esov(excess_share_of_voice: float, per_ten_points: float = 0.005) -> float:
    """The rule of thumb from the IPA's databank (Binet and Field): each 10 points of excess share
    of voice is worth about 0.5 points of market share growth a year. A rule of thumb from award
    entries, not a law."""
    return excess_share_of_voice / 0.10 * per_ten_points


# --------------------------------------------------------------------------------------------
# Response curves for the whole mix, and the plan
# --------------------------------------------------------------------------------------------


def mix_curves(paid_truth: Mapping, offline_truth: Mapping, offline_value: float) -> list[Curve]:
    """Every paid medium's response to steady weekly spend, in dollars a week.

    Digital curves are recorded by the day (``paid_media_daily``'s truth): a week at x is seven
    days at x / 7, so the first-dollar return stays and the half-saturation spend is 7 times the
    daily one. Offline curves act on adstocked spend: steady spend x builds adstock
    x / (1 - theta), so a = a_offline / (1 - theta) and half_sat = half_sat_offline x (1 - theta).
    ``offline_value`` is the first-year revenue of a customer offline media brings."""
    curves = []
    for name, c in paid_truth["response_curves"].items():
        curves.append(
            Curve(
                name=name,
                a=float(c["a"]),
                half_sat=float(c["half_sat"]) * 7,
                incremental_share=float(c["incremental_share"]),
                value=float(c["first_year_revenue_per_customer"]),
            )
        )
    for name, c in offline_truth.items():
        carry = 1 - float(c["weekly_adstock_theta"])
        curves.append(
            Curve(
                name=name,
                a=float(c["a"]) / carry,
                half_sat=float(c["half_sat_weekly"]) * carry,
                incremental_share=1.0,
                value=float(offline_value),
            )
        )
    return curves


def split_by_group(
    curves: Sequence[Curve],
    weekly_budget: float,
    brand_share: float,
    brand: Sequence[str] = BRAND_CHANNELS,
    reference: Mapping[str, float] | None = None,
    band: tuple[float, float] = (0.5, 2.0),
) -> pd.Series:
    """Spend a week by channel: ``brand_share`` of the budget to the brand channels and the rest
    to activation, each part split the best way (equal marginal return within the group).

    With a ``reference`` split (last year's), each channel stays within ``band`` times its
    reference share of its group's budget: curves are trusted only near the spend they were
    measured at, and a plan moves money a step at a time."""
    if not 0 <= brand_share <= 1:
        raise ValueError("the brand share is a fraction between 0 and 1")
    parts = []
    for in_group, share in ((True, brand_share), (False, 1 - brand_share)):
        group = [c for c in curves if (c.name in brand) == in_group]
        if not group:
            continue
        budget = weekly_budget * share
        lower = upper = None
        if reference is not None:
            base = pd.Series({c.name: float(reference.get(c.name, 0.0)) for c in group})
            if base.sum() > 0:
                scaled = base / base.sum() * budget
                lower, upper = (scaled * band[0]).to_dict(), (scaled * band[1]).to_dict()
        parts.append(allocate(group, budget, lower=lower, upper=upper))
    return pd.concat(parts).reindex([c.name for c in curves])


def phase(annual: float, weights: Sequence[float]) -> np.ndarray:
    """Split an annual amount over periods in proportion to ``weights``, to the cent, so that the
    periods add up to the annual amount exactly."""
    w = np.asarray(weights, dtype=float)
    if np.any(w < 0) or w.sum() == 0:
        raise ValueError("phasing weights must be non-negative and not all zero")
    cents = int(round(annual * 100))
    raw = w / w.sum() * cents
    parts = np.floor(raw).astype(np.int64)
    remainder = cents - int(parts.sum())
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[:remainder]] += 1
    return parts / 100.0


def scenario_multipliers(step: float = 0.2) -> dict[str, float]:
    """Budget scenarios around the plan: minus ``step``, the plan, plus ``step``."""
    return {f"-{step:.0%}": 1 - step, "base": 1.0, f"+{step:.0%}": 1 + step}


# Brand flights follow the media calendar of the last two years: spring, and September to
# November; activation follows demand (the seasonality index).
BRAND_PHASING = (0.0, 0.0, 3.0, 1.0, 0.5, 0.5, 0.5, 0.5, 1.5, 2.0, 2.5, 0.5)


class PlanModel:
    """Next year's plan as a function of its levers: the paid media budget, the share of it that
    goes to brand channels, how it is split across channels, and a budget scenario.

    Each month: brand spend (phased by ``BRAND_PHASING``) and activation spend (phased by
    ``activation_weights``, the season), split across channels; the first-year revenue the
    month's spend brings (response curves at the month's weekly spend, each new customer's
    first year counted in the month they arrive); and the revenue expected without paid media
    (last year's, less what last year's media brought, grown by ``baseline_growth``, an
    assumption). Everything is in net revenue: the curves count revenue before refunds, so
    their revenue is multiplied by ``net_share`` (net revenue per dollar before refunds).
    ``margin`` is contribution per dollar of net revenue. Expected revenue = baseline +
    incremental; the gap is the target minus it."""

    def __init__(
        self,
        curves: Sequence[Curve],
        inputs: pd.DataFrame,
        last_year_spend: pd.DataFrame,
        margin: float,
        baseline_growth: float,
        net_share: float = 1.0,
        activation_weights: Sequence[float] | None = None,
        brand: Sequence[str] = BRAND_CHANNELS,
    ):
        self.curves = list(curves)
        self.names = [c.name for c in self.curves]
        self.brand = [n for n in self.names if n in brand]
        self.margin = float(margin)
        self.net_share = float(net_share)
        self.baseline_growth = float(baseline_growth)
        months = pd.DatetimeIndex(inputs["month"])
        self.months = months
        self.weeks = np.asarray(months.days_in_month, dtype=float) / 7
        self.target = inputs["revenue_target"].to_numpy(dtype=float)
        weights = inputs["seasonality_index"] if activation_weights is None else activation_weights
        self.activation_weights = np.asarray(weights, dtype=float)
        self.brand_weights = np.asarray(BRAND_PHASING, dtype=float)
        self._a = np.array([c.first_dollar_roas for c in self.curves]) * self.net_share
        self._h = np.array([c.half_sat for c in self.curves])
        # last year's spend by month and channel (rows: 12 months) and what it brought
        spend = last_year_spend.reindex(columns=self.names, fill_value=0.0).to_numpy(dtype=float)
        self.last_year_spend = spend
        self.last_year_split = pd.Series(spend.sum(axis=0), index=self.names)
        self.last_year_incremental = self._incremental(spend)
        self.baseline = (
            inputs["ly_net_revenue"].to_numpy(dtype=float) - self.last_year_incremental
        ) * (1 + self.baseline_growth)

    def _incremental(self, spend_by_month: np.ndarray) -> np.ndarray:
        """Net first-year revenue brought by each month's spend (rows: months; columns: channels)."""
        weekly = spend_by_month / self.weeks[:, None]
        return (self.weeks[:, None] * self._a * weekly / (1 + weekly / self._h)).sum(axis=1)

    def split(self, budget: float, brand_share: float, mix: str = "best") -> pd.Series:
        """The year's budget by channel: the best split within brand and activation, or last
        year's split scaled to the budget and the brand share."""
        if mix == "best":
            weekly = split_by_group(
                self.curves,
                budget / WEEKS_PER_YEAR,
                brand_share,
                self.brand,
                reference=self.last_year_split.to_dict(),
            )
            return weekly * WEEKS_PER_YEAR
        if mix != "last year":
            raise ValueError("mix is 'best' or 'last year'")
        ly = self.last_year_split
        is_brand = ly.index.isin(self.brand)
        out = pd.Series(0.0, index=ly.index)
        for mask, share in ((is_brand, brand_share), (~is_brand, 1 - brand_share)):
            part = ly[mask]
            if part.sum() > 0:
                out[mask] = part / part.sum() * budget * share
        return out

    def evaluate(
        self, budget: float, brand_share: float, mix: str = "best", scenario: float = 1.0
    ) -> dict:
        """The plan at these levers: monthly table and yearly totals (net revenue)."""
        if budget < 0:
            raise ValueError("the budget cannot be negative")
        year = self.split(budget * scenario, brand_share, mix)
        is_brand = np.isin(self.names, self.brand)
        brand_months = phase(float(year[is_brand].sum()), self.brand_weights)
        activation_months = phase(float(year[~is_brand].sum()), self.activation_weights)
        # each channel follows its group's phasing
        brand_total, activation_total = year[is_brand].sum(), year[~is_brand].sum()
        shares = np.where(
            is_brand,
            year.to_numpy() / brand_total if brand_total > 0 else 0.0,
            year.to_numpy() / activation_total if activation_total > 0 else 0.0,
        )
        by_month = (
            np.where(is_brand[None, :], brand_months[:, None], activation_months[:, None])
            * shares[None, :]
        )
        incremental = self._incremental(by_month)
        expected = self.baseline + incremental
        table = pd.DataFrame(
            {
                "brand": brand_months,
                "activation": activation_months,
                "incremental_revenue": incremental,
                "baseline_revenue": self.baseline,
                "expected_revenue": expected,
                "target": self.target,
            },
            index=self.months,
        )
        spend = float(brand_months.sum() + activation_months.sum())
        revenue = float(incremental.sum())
        return {
            "months": table,
            "by_channel": year,
            "spend": spend,
            "incremental_revenue": revenue,
            "profit": revenue * self.margin - spend,
            "expected_revenue": float(expected.sum()),
            "target": float(self.target.sum()),
            "gap": float(self.target.sum() - expected.sum()),
        }

    def budget_for(
        self, gap: float, brand_share: float, mix: str = "best", high: float = 5e6
    ) -> float:
        """The budget at which the gap to target equals ``gap`` (0: the budget that closes it),
        by bisection; ``high`` if even that much does not get there."""
        low = 0.0
        if self.evaluate(high, brand_share, mix)["gap"] > gap:
            return high
        for _ in range(60):
            middle = (low + high) / 2
            if self.evaluate(middle, brand_share, mix)["gap"] > gap:
                low = middle
            else:
                high = middle
        return high


def model_from_data(
    inputs: pd.DataFrame,
    pnl: pd.DataFrame,
    spend: pd.DataFrame,
    paid_truth: Mapping,
    offline_truth: Mapping,
    year: int = 2025,
) -> PlanModel:
    """The plan model of module 05 from the course's tables: the mix's response curves (offline
    customers valued like the median digital one), last year's spend by month and channel,
    2025's contribution margin and refunds, the trend growth of the last two years, and
    activation phased by the decomposition's season."""
    values = [
        float(c["first_year_revenue_per_customer"]) for c in paid_truth["response_curves"].values()
    ]
    curves = mix_curves(paid_truth, offline_truth, float(np.median(values)))
    media = [c.name for c in curves]
    last = spend[(spend["month"].dt.year == year) & spend["channel"].isin(media)]
    last_year = last.pivot(index="month", columns="channel", values="actual")
    parts = classical_decomposition(pnl.set_index("month")["net_revenue"])
    in_year = pnl[pnl["month"].dt.year == year]
    net = float(in_year["net_revenue"].sum())
    return PlanModel(
        curves,
        inputs,
        last_year,
        margin=float(in_year["contribution"].sum()) / net,
        baseline_growth=trend_growth(parts),
        net_share=net / float(in_year["gross_sales"].sum() - in_year["discounts"].sum()),
        activation_weights=parts["seasonal"].iloc[:12].to_numpy(),
    )


def course_model() -> PlanModel:
    """The plan model from the course's own datasets (the loaded data, shipped or a variant)."""
    from . import datasets

    return model_from_data(
        datasets.load("planning_inputs"),
        datasets.load("pnl_monthly"),
        datasets.load("marketing_spend_monthly"),
        datasets.truth("paid_media_daily"),
        datasets.truth("media_mix_weekly")["offline_media"],
    )


QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def plan_revenue(model: PlanModel, plan: pd.DataFrame) -> float:
    """Net first-year revenue a quarterly plan (rows: channels; columns: Q1..Q4, dollars) brings,
    from the model's response curves: each quarter's spend spread evenly over its 13 weeks."""
    spend = (
        plan.reindex(index=model.names, columns=list(QUARTERS), fill_value=0.0)
        .to_numpy(dtype=float)
        .T
    )
    weekly = spend / 13
    a, h = model._a, model._h
    return float((13 * a * weekly / (1 + weekly / h)).sum())


def saturation_points(model: PlanModel) -> pd.Series:
    """For each channel, the spend in one quarter (spread over its 13 weeks) past which the next
    dollar brings less than a quarter of what the first dollar did: 13 weeks x the
    half-saturation spend a week. Past it, a plan should say why."""
    return pd.Series({c.name: 13 * c.half_sat for c in model.curves})


def plan_summary(
    model: PlanModel, plan: pd.DataFrame, second_year: float, uncertainty: float = 0.25
) -> pd.Series:
    """What a quarterly plan buys, for the memo and for whoever grades it: spend, first-year net
    revenue with a range (the curves known to within ``uncertainty`` either way, as Module 03's
    lift test knew Meta's), contribution over two years and per dollar, and the revenue expected
    against the target (the plan's first-year revenue on top of the model's baseline)."""
    spend = float(plan.reindex(columns=list(QUARTERS)).to_numpy(dtype=float).sum())
    first_year = plan_revenue(model, plan)
    two_years = first_year * model.margin * second_year
    expected = float(model.baseline.sum()) + first_year
    return pd.Series(
        {
            "spend": spend,
            "first-year net revenue": first_year,
            "first-year low": first_year * (1 - uncertainty),
            "first-year high": first_year * (1 + uncertainty),
            "two-year contribution": two_years,
            "two-year contribution per dollar": two_years / spend if spend else float("nan"),
            "expected net revenue": expected,
            "gap to target": float(model.target.sum()) - expected,
        }
    )


def first_dollar_payback(model: PlanModel, second_year: float) -> pd.Series:
    """Contribution over two years from each channel's first dollar: above 1, a channel's first
    dollars pay for themselves; below 1, not even those do."""
    return pd.Series(
        {
            c.name: c.first_dollar_roas * model.net_share * model.margin * second_year
            for c in model.curves
        }
    )


def last_year_by_quarter(model: PlanModel) -> pd.DataFrame:
    """Last year's paid media by channel (rows) and quarter (columns Q1..Q4): where a plan
    table starts."""
    spend = pd.DataFrame(model.last_year_spend, index=model.months, columns=model.names)
    table = spend.groupby(spend.index.quarter).sum().T
    table.columns = list(QUARTERS)
    return table
