"""Annual planning: from the revenue target back to funnel and pipeline targets, seasonality and
trend, budget-setting methods, share of voice, response curves for the whole mix, phasing and
scenarios.

Plain functions on numbers and frames, shared by the generators, the lesson, the checks and the
plan builder of module 05. Response curves and allocation live in ``media``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .media import Curve, allocate, curves_from

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
# Seasonality from all the data: a regression on trend and month
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeasonalFit:
    """log(value) = level + growth x years + the month's effect: every year informs every month."""

    growth: float  # annual growth of the trend
    month_effects: pd.Series  # 12 multipliers, averaging 1 (1.45: a month 45% above the trend)
    fitted: pd.Series


def seasonal_regression(monthly: pd.Series) -> SeasonalFit:
    """Fit a log-linear trend and a multiplier for each calendar month to a monthly series by
    least squares. Unlike a classical decomposition, which reads each month's effect from the
    months where its moving average exists (one year of two), every observation of a month
    informs its effect."""
    if len(monthly) < 13:
        raise ValueError("a trend and twelve month effects need more than twelve months")
    index = pd.DatetimeIndex(monthly.index)
    years = np.asarray((index - index[0]).days, dtype=float) / 365.25
    dummies = np.zeros((len(index), 12))
    dummies[np.arange(len(index)), index.month.to_numpy() - 1] = 1.0
    design = np.column_stack([years, dummies])  # the twelve dummies carry the level
    coef, *_ = np.linalg.lstsq(design, np.log(monthly.to_numpy(dtype=float)), rcond=None)
    effects = np.exp(coef[1:] - coef[1:].mean())
    fitted = pd.Series(np.exp(design @ coef), index=monthly.index)
    return SeasonalFit(
        growth=float(np.exp(coef[0]) - 1),
        month_effects=pd.Series(effects, index=range(1, 13)),
        fitted=fitted,
    )


# --------------------------------------------------------------------------------------------
# Revenue built from the customers: the base you have, and the new customers you add
# --------------------------------------------------------------------------------------------


def revenue_by_cohort(orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Net revenue by order year (rows) and the year customers first bought (columns; earlier
    years together under the first year of the data minus one)."""
    first_year = customers.set_index("customer_id")["first_order_date"].dt.year
    start = int(orders["order_date"].dt.year.min())
    cohort = orders["customer_id"].map(first_year).clip(lower=start - 1)
    net = orders["revenue"] - orders["refund"]
    table = net.groupby([orders["order_date"].dt.year, cohort]).sum().unstack()
    table.index.name, table.columns.name = "order_year", "first_year"
    return table


def revenue_curve(orders: pd.DataFrame, customers: pd.DataFrame, year: int) -> pd.Series:
    """Net revenue per new customer of ``year``, by month since the first order (0 = the month
    of the first order), over twelve months: what a new customer brings, month by month. The
    orders must run at least a year past ``year`` (every customer observed twelve months)."""
    if orders["order_date"].max() < pd.Timestamp(year + 1, 11, 30):
        raise ValueError(f"new customers of {year} are not yet observed for twelve months")
    cohort = customers[customers["first_order_date"].dt.year == year]
    joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
    months = (joined["order_date"].dt.year - joined["first_order_date"].dt.year) * 12 + (
        joined["order_date"].dt.month - joined["first_order_date"].dt.month
    )
    net = (joined["revenue"] - joined["refund"]).groupby(months).sum()
    curve = net.reindex(range(12), fill_value=0.0) / len(cohort)
    curve.index.name = "months_since_first_order"
    return curve


def base_revenue_next_year(
    orders: pd.DataFrame, customers: pd.DataFrame, year: int, retention: float = 1.0
) -> pd.Series:
    """Next year's net revenue, by month, from the customers the company already has.

    Customers from before ``year`` kept buying next year at the rate the base did this year
    (revenue next year / this year of the customers from before the data's first year, the base
    that has settled). ``year``'s own new customers bring their second year, at the rate last
    year's new customers did (second-year / first-year revenue). ``retention`` scales both (1.1:
    a tenth more of the base stays). Months follow this year's pattern of the base's revenue."""
    table = revenue_by_cohort(orders, customers)
    start = int(table.index.min())
    if year - 1 < start:
        raise ValueError(f"a base forecast needs {year - 1} and {year} in the orders")
    keep = table.loc[year, start - 1] / table.loc[year - 1, start - 1]
    second = table.loc[year, year - 1] / table.loc[year - 1, year - 1]
    old = table.loc[year, table.columns < year].sum()
    total = (old * keep + table.loc[year, year] * second) * retention
    first_year = customers.set_index("customer_id")["first_order_date"].dt.year
    in_year = orders[orders["order_date"].dt.year == year]
    existing = in_year[in_year["customer_id"].map(first_year) < year]
    by_month = (existing["revenue"] - existing["refund"]).groupby(existing["order_date"].dt.month)
    pattern = by_month.sum().reindex(range(1, 13), fill_value=0.0)
    return pd.Series(total * pattern / pattern.sum(), index=range(1, 13), name="base_revenue")


# --------------------------------------------------------------------------------------------
# Response curves for the whole mix
# --------------------------------------------------------------------------------------------


def mix_curves(
    paid_truth: Mapping, offline_truth: Mapping, offline_value: float, offline_revenue: float
) -> list[Curve]:
    """Every paid medium's response to steady weekly spend, valued in two-year contribution.

    Digital curves are recorded by the day (``media.curves_from``): a week at x is seven days at
    x / 7, so the first-dollar return stays and the half-saturation spend is 7 times the daily
    one. Offline curves act on adstocked spend: steady spend x builds adstock x / (1 - theta), so
    a = a_offline / (1 - theta) and half_sat = half_sat_offline x (1 - theta); every customer an
    offline medium brings is incremental and worth ``offline_value`` over two years."""
    curves = [c.scaled(1.0, unit=7) for c in curves_from(paid_truth)]
    for name, c in offline_truth.items():
        carry = 1 - float(c["weekly_adstock_theta"])
        curves.append(
            Curve(
                name=name,
                a=float(c["a"]) / carry,
                half_sat=float(c["half_sat_weekly"]) * carry,
                incremental_share=1.0,
                value=float(offline_value),
                revenue_per_customer=float(offline_revenue),
            )
        )
    return curves


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


# --------------------------------------------------------------------------------------------
# The plan model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assumptions:
    """What a plan assumes, as multipliers on last year (1.0: as last year). A scenario changes
    the assumptions, not only the budget."""

    organic_growth: float = 0.0  # change in new customers who come without paid media (+0.1: 10%)
    retention: float = 1.0  # revenue the existing customers bring
    conversion: float = 1.0  # customers a dollar of media brings at the same reach
    order_value: float = 1.0  # revenue (and contribution) per customer
    ad_prices: float = 1.0  # what reach costs (1.1: 10% dearer)


SCENARIOS = {
    "downside": Assumptions(
        organic_growth=-0.05, retention=0.95, conversion=0.9, order_value=0.97, ad_prices=1.1
    ),
    "base": Assumptions(),
    "upside": Assumptions(
        organic_growth=0.05, retention=1.03, conversion=1.1, order_value=1.02, ad_prices=0.95
    ),
}


class PlanModel:
    """Next year's plan, month by month, built from the customers:

    expected net revenue = the existing customers' revenue (``base``, from the cohorts)
                         + the new customers who come without paid media (``organic``)
                         + the new customers the plan's media brings,
    each new customer bringing, in the months left in the year, what ``revenue_curve`` says a new
    customer brings by month since the first order.

    Media responds month by month: a dollar in month m buys reach at that month's ad prices
    (``prices``, 1 = last year's average) and finds people as in-market as that month's demand
    (``demand``). So each channel in each month is a curve of its own, and the best plan for a
    budget spends where the next dollar returns most, channel by channel and month by month, until
    every funded (channel, month) returns the same: spend follows demand over price, computed.
    Returns are two-year contribution per dollar (``media.Curve``); a plan pays at the margin while
    its marginal return is above 1."""

    def __init__(
        self,
        curves: Sequence[Curve],
        months: pd.DatetimeIndex,
        target: Sequence[float],
        base: Sequence[float],
        organic_customers: Sequence[float],
        new_customer_revenue: Sequence[float],
        demand: Sequence[float],
        prices: Sequence[float],
        last_year_spend: pd.DataFrame,
        net_share: float = 1.0,
    ):
        self.curves = list(curves)
        self.names = [c.name for c in self.curves]
        self.months = pd.DatetimeIndex(months)
        self.weeks = np.asarray(self.months.days_in_month, dtype=float) / 7
        self.target = np.asarray(target, dtype=float)
        self.base = np.asarray(base, dtype=float)
        self.organic_customers = np.asarray(organic_customers, dtype=float)
        self.new_customer_revenue = np.asarray(new_customer_revenue, dtype=float)
        self.demand = np.asarray(demand, dtype=float)
        self.prices = np.asarray(prices, dtype=float)
        self.net_share = float(net_share)
        self.last_year_spend = last_year_spend.reindex(columns=self.names, fill_value=0.0)
        self.last_year_split = self.last_year_spend.sum()

    # -- the curves of one month --------------------------------------------------------------

    def month_curves(self, m: int, assumptions: Assumptions = Assumptions()) -> list[Curve]:
        """Each channel's response to a month's spend in month ``m`` (0 = January)."""
        price = self.prices[m] * assumptions.ad_prices
        factor = self.demand[m] * assumptions.conversion / price
        out = []
        for c in self.curves:
            scaled = c.scaled(factor, unit=self.weeks[m] * price)
            out.append(
                Curve(
                    f"{c.name}|{m}",
                    scaled.a,
                    scaled.half_sat,
                    c.incremental_share,
                    c.value * assumptions.order_value,
                    c.revenue_per_customer * assumptions.order_value,
                )
            )
        return out

    def _grid(self, assumptions: Assumptions) -> list[Curve]:
        return [c for m in range(12) for c in self.month_curves(m, assumptions)]

    def _table(self, flat: pd.Series) -> pd.DataFrame:
        values = flat.to_numpy().reshape(12, len(self.names))
        return pd.DataFrame(values, index=self.months, columns=self.names)

    # -- plans ---------------------------------------------------------------------------------

    def best_plan(self, budget: float, assumptions: Assumptions = Assumptions()) -> pd.DataFrame:
        """The year's ``budget`` split by month (rows) and channel (columns) so that every funded
        (channel, month) returns the same at the margin: the plan that buys the most two-year
        contribution for the money."""
        return self._table(allocate(self._grid(assumptions), budget))

    def best_budget(
        self, assumptions: Assumptions = Assumptions(), bar: float = 1.0
    ) -> pd.DataFrame:
        """Spend each channel, each month, until its next dollar returns ``bar`` (1: it just pays
        for itself): the model-based budget, channel by channel."""
        grid = self._grid(assumptions)
        return self._table(pd.Series({c.name: c.spend_at(bar) for c in grid}))

    def last_year_plan(self, budget: float) -> pd.DataFrame:
        """Last year's spend by month and channel, scaled to ``budget``."""
        ly = self.last_year_spend.to_numpy(dtype=float)
        scaled = ly / ly.sum() * budget if ly.sum() > 0 else ly
        return pd.DataFrame(scaled, index=self.months, columns=self.names)

    def evaluate(self, plan: pd.DataFrame, assumptions: Assumptions = Assumptions()) -> dict:
        """What a plan (spend by month and channel) buys: monthly table and totals."""
        plan = plan.reindex(index=self.months, columns=self.names, fill_value=0.0)
        if (plan.to_numpy() < 0).any():
            raise ValueError("a plan cannot spend less than nothing")
        customers = np.zeros(12)
        contribution = np.zeros(12)
        marginal = pd.DataFrame(np.nan, index=self.months, columns=self.names)
        for m in range(12):
            for curve, name in zip(self.month_curves(m, assumptions), self.names, strict=True):
                x = float(plan.iloc[m][name])
                gained = float(curve.contribution(x))
                contribution[m] += gained
                customers[m] += gained / curve.value
                marginal.iloc[m, self.names.index(name)] = float(curve.marginal_return(x))
        organic = self.organic_customers * (1 + assumptions.organic_growth)
        # revenue in each month from the new customers of every month so far
        curve = self.new_customer_revenue * assumptions.order_value
        lags = np.subtract.outer(np.arange(12), np.arange(12))  # month - arrival month
        weights = np.where(lags >= 0, curve[np.clip(lags, 0, 11)], 0.0)
        media_revenue = weights @ customers
        organic_revenue = weights @ organic
        base = self.base * assumptions.retention
        expected = base + organic_revenue + media_revenue
        spend = plan.sum(axis=1).to_numpy()
        table = pd.DataFrame(
            {
                "spend": spend,
                "media_customers": customers,
                "base_revenue": base,
                "organic_revenue": organic_revenue,
                "media_revenue": media_revenue,
                "expected_revenue": expected,
                "target": self.target,
            },
            index=self.months,
        )
        by_channel = plan.sum()
        weighted = (marginal * plan).sum() / by_channel.where(by_channel > 0)
        return {
            "months": table,
            "plan": plan,
            "by_channel": by_channel,
            "marginal_return": weighted,  # spend-weighted over the months each channel runs
            "spend": float(spend.sum()),
            "media_customers": float(customers.sum()),
            "media_revenue": float(media_revenue.sum()),
            "two_year_contribution": float(contribution.sum()),
            "profit": float(contribution.sum() - spend.sum()),
            "expected_revenue": float(expected.sum()),
            "target": float(self.target.sum()),
            "gap": float(self.target.sum() - expected.sum()),
        }

    def budget_for(
        self, gap: float = 0.0, assumptions: Assumptions = Assumptions(), high: float = 5e7
    ) -> float:
        """The budget whose best plan leaves ``gap`` of revenue to the target (0: closes it), by
        bisection; ``high`` if even that much does not get there."""

        def left(budget: float) -> float:
            return self.evaluate(self.best_plan(budget, assumptions), assumptions)["gap"]

        if left(high) > gap:
            return high
        low = 0.0
        for _ in range(50):
            middle = (low + high) / 2
            if left(middle) > gap:
                low = middle
            else:
                high = middle
        return high


def model_from_data(
    inputs: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    spend: pd.DataFrame,
    paid_truth: Mapping,
    offline_truth: Mapping,
    orders_truth: Mapping,
    year: int = 2025,
) -> PlanModel:
    """The plan model of module 05 from the course's tables.

    - curves: the mix's response curves (digital from ``paid_media_daily``'s truth, offline from
      the media mix's), offline customers valued like a direct customer (they arrive direct, by
      branded search or in the shops);
    - base: next year's revenue from the customers the company has (``base_revenue_next_year``);
    - organic customers: last year's new customers by month, less those last year's media
      brought (the model's own estimate), grown as the non-media customers grew;
    - the revenue a new customer brings by month since arrival (``revenue_curve``, last year's);
    - demand and ad prices by month relative to their average (``paid_media_daily``'s truth);
    - last year's media spend by month and channel."""
    value = float(orders_truth["expected_24_month_contribution_ltv_by_channel"]["direct"])
    revenue = float(orders_truth["expected_24_month_revenue_by_channel"]["direct"])
    curves = mix_curves(paid_truth, offline_truth, value, revenue)
    curves = [c for c in curves if c.name != "linkedin"]  # judged on gifting leads instead
    names = [c.name for c in curves]
    in_year = spend[(spend["month"].dt.year == year) & spend["channel"].isin(names)]
    last_year = in_year.pivot(index="month", columns="channel", values="actual").reindex(
        columns=names, fill_value=0.0
    )
    conditions = paid_truth["response_conditions"]
    prices = np.array(conditions["price_index_by_month_2025"])
    demand = np.array(conditions["demand_factor_by_month_2025"])
    prices, demand = prices / prices.mean(), demand / demand.mean()
    months = pd.DatetimeIndex(inputs["month"])
    skeleton = PlanModel(
        curves,
        months,
        inputs["revenue_target"],
        np.zeros(12),
        np.zeros(12),
        np.zeros(12),
        demand,
        prices,
        last_year,
    )
    media_customers = skeleton.evaluate(last_year.set_axis(months, axis=0))["months"][
        "media_customers"
    ].to_numpy()
    new = customers[customers["first_order_date"].dt.year == year]
    ly_new = (
        new.groupby(new["first_order_date"].dt.month).size().reindex(range(1, 13), fill_value=0)
    )
    before = customers[customers["first_order_date"].dt.year == year - 1]
    organic_growth = len(new) / max(len(before), 1) - 1
    organic = np.clip(ly_new.to_numpy(dtype=float) - media_customers, 0, None) * (
        1 + organic_growth
    )
    return PlanModel(
        curves,
        months,
        inputs["revenue_target"],
        base_revenue_next_year(orders, customers, year).to_numpy(),
        organic,
        revenue_curve(orders, customers, year - 1).to_numpy(),
        demand,
        prices,
        last_year.set_axis(months, axis=0),
    )


def course_model() -> PlanModel:
    """The plan model from the course's own datasets (the loaded data, shipped or a variant)."""
    from . import datasets

    return model_from_data(
        datasets.load("planning_inputs"),
        datasets.load("orders"),
        datasets.load("customers"),
        datasets.load("marketing_spend_monthly"),
        datasets.truth("paid_media_daily"),
        datasets.truth("media_mix_weekly")["offline_media"],
        datasets.truth("orders"),
    )


def gifting_leads_needed(
    revenue: float,
    deal_size: float,
    win_rate: float,
    lead_to_opportunity: float,
    other_opportunities: float = 0.0,
) -> float:
    """The leads marketing must bring for a gifting revenue target: the opportunities the target
    needs (revenue / deal size / win rate), less those business development's own sources bring,
    over the share of leads that become opportunities."""
    opportunities = revenue / deal_size / win_rate
    return max(0.0, opportunities - other_opportunities) / lead_to_opportunity
