"""The plan model: every consumer channel's response curve in every month of next year (demand and
ad prices by month), the customers the company has and those it adds, plans that spend where the
next dollar returns most, the model-based budget, and scenarios on the assumptions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..media import Curve, allocate_in_units, spend_in_units
from .assumptions import Assumptions, _checked
from .cadence import (
    calendar_from,
    minimum_buys_from,
    offline_as_bought,
    offline_customers_by_month,
    on_air_rates,
)
from .curves import mix_curves
from .momentum import non_paid_growth, paid_response_growth, recorded_shares
from .targets import base_revenue_next_year, first_order_shift, revenue_curve

# Channels whose main job is building the brand (reach, memory, fame) rather than harvesting
# demand that exists; the rest is activation.
BRAND_CHANNELS = ("tv", "out_of_home", "podcasts", "print", "youtube")

# --------------------------------------------------------------------------------------------
# The plan model
# --------------------------------------------------------------------------------------------


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
    every funded (channel, month) returns the same: the months are computed, not read off a ratio.
    Returns are two-year contribution per dollar (``media.Curve``); a plan pays at the margin while
    its marginal return is above 1. Each month's spend is treated as steady spend over its weeks
    (no carry-over from one month to the next)."""

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
        organic_momentum: float = 0.0,
        paid_momentum: float = 0.0,
        momentum_channels: Sequence[str] = (),
        flat_price_channels: Sequence[str] = (),
        first_order_shift: pd.DataFrame | None = None,
        last_year_as_bought: pd.DataFrame | None = None,
        minimum_buys: Mapping[str, float] | None = None,
        price_growth: float = 0.0,
        calendar: Mapping[str, Mapping[int, float]] | None = None,
        on_air: pd.DataFrame | None = None,
    ):
        self.curves = list(curves)
        # the months (1-12) in which a medium has something to buy, with the most there is to buy
        # in each (``calendar_from``: the fairs and markets the events go to, and the stands
        # they sell); a channel not named can be bought in any month, as much as it likes
        known = {c.name for c in self.curves}
        self.calendar = {
            name: {int(m): float(most) for m, most in sorted(months.items())}
            for name, months in ({} if calendar is None else calendar).items()
            if name in known
        }
        # the least a month of a medium sold in units can hold (``minimum_buys_from``: a print
        # insertion, a posting of posters); a month of it gets nothing or at least this much
        units = {} if minimum_buys is None else dict(minimum_buys)
        self.minimum_buys = pd.Series({c.name: float(units.get(c.name, 0.0)) for c in self.curves})
        # how much dearer the ``momentum_channels``' auctions are than last year's in the base
        # case (0.04: 4%), on top of the months' prices; ``Assumptions.ad_prices`` multiplies it
        self.price_growth = float(price_growth)
        # the offline media's last year read week by week as bought (``offline_as_bought``):
        # their spend, customers and next dollar at the weight they were bought at
        self.last_year_as_bought = last_year_as_bought
        # channels bought by the piece or the head (direct mail, events), whose cost does not
        # follow the ad market's season: their reach costs the same every month
        self.flat_price_channels = tuple(flat_price_channels)
        # what a customer won in each month leaves on the first order beyond the year's average
        # first order (a sale month's first orders are discounted): ``contribution`` shifts her
        # two-year value, ``revenue`` her first month's revenue (a row per month, 0 = January)
        shift = (
            pd.DataFrame(0.0, index=range(12), columns=["contribution", "revenue"])
            if first_order_shift is None
            else first_order_shift.reindex(columns=["contribution", "revenue"])
        )
        if len(shift) != 12 or shift.isna().to_numpy().any():
            raise ValueError("first_order_shift needs a contribution and a revenue for each month")
        self.first_order_shift = shift.reset_index(drop=True).astype(float)
        # the momentum the base case carries: ``organic_customers`` have grown by
        # ``organic_momentum`` on last year's, and the curves of ``momentum_channels`` respond
        # ``paid_momentum`` more than last year's (``Assumptions.momentum`` scales both)
        self.organic_momentum = float(organic_momentum)
        self.paid_momentum = float(paid_momentum)
        self.momentum_channels = tuple(momentum_channels)
        self.names = [c.name for c in self.curves]
        self.months = pd.DatetimeIndex(months)
        self.weeks = np.asarray(self.months.days_in_month, dtype=float) / 7
        self.target = np.asarray(target, dtype=float)
        self.base = np.asarray(base, dtype=float)
        self.organic_customers = np.asarray(organic_customers, dtype=float)
        self.new_customer_revenue = np.asarray(new_customer_revenue, dtype=float)
        self.demand = np.asarray(demand, dtype=float)
        self.prices = np.asarray(prices, dtype=float)
        self.last_year_spend = last_year_spend.reindex(columns=self.names, fill_value=0.0)
        self.last_year_split = self.last_year_spend.sum()
        # what each channel was bought at a day in each month of last year while on air (rows
        # 0-11; ``on_air_rates``: a flight at its own weight), empty where it did not air; if not
        # given, each month's spend over its days
        days = np.asarray(self.months.days_in_month, dtype=float)
        daily = self.last_year_spend.div(days, axis=0).reset_index(drop=True)
        fallback = daily.where(daily > 0)
        given = fallback if on_air is None else on_air.reset_index(drop=True)
        self.on_air = pd.DataFrame(
            {n: (given[n] if n in given else fallback[n]).to_numpy(dtype=float) for n in self.names}
        )

    def without(self, *channels: str) -> PlanModel:
        """The same model with ``channels`` left out of the mix (a channel whose fixed cost, such
        as TV's production, its airtime does not earn back)."""
        unknown = sorted(set(channels) - set(self.names))
        if unknown:
            raise KeyError(f"No channel called {unknown}; channels: {self.names}.")
        kept = [c for c in self.curves if c.name not in channels]
        return PlanModel(
            kept,
            self.months,
            self.target,
            self.base,
            self.organic_customers,
            self.new_customer_revenue,
            self.demand,
            self.prices,
            self.last_year_spend[[c.name for c in kept]],
            self.organic_momentum,
            self.paid_momentum,
            tuple(c for c in self.momentum_channels if c not in channels),
            tuple(c for c in self.flat_price_channels if c not in channels),
            self.first_order_shift,
            self.last_year_as_bought,
            self.minimum_buys.drop(list(channels)),
            self.price_growth,
            self.calendar,
            self.on_air.drop(columns=list(channels)),
        )

    def momentum_factors(self, assumptions: Assumptions = Assumptions()) -> tuple[float, float]:
        """What ``assumptions.momentum`` does to the base case: the multipliers on the new
        customers who come without paid media and on paid digital's response (1.0 and 1.0 when
        momentum carries on as last year's, the base case)."""
        share = _checked(assumptions).momentum
        organic = (1 + share * self.organic_momentum) / (1 + self.organic_momentum)
        paid = (1 + share * self.paid_momentum) / (1 + self.paid_momentum)
        return organic, paid

    @property
    def new_customer_margin(self) -> float:
        """A new customer's two-year contribution over the revenue she brings before refunds,
        across the channels (their curves' values and revenue)."""
        value = sum(c.value for c in self.curves)
        revenue = sum(c.revenue_per_customer for c in self.curves)
        return float(value / revenue) if revenue > 0 else 0.0

    @property
    def demand_over_price(self) -> pd.Series:
        """What a dollar finds each month: demand over ad prices (1 = an average month). It sets
        what a month's first dollars return; it does not set the month's spend. Dearer reach also
        means more dollars for the same customers, so where the first dollars return well above
        1 a dear month can deserve more money: the plan's months come from ``best_budget``."""
        return pd.Series(self.demand / self.prices, index=self.months, name="demand_over_price")

    @property
    def customer_worth(self) -> pd.Series:
        """What a customer won each month is worth over two years against an average month's
        customer (1 = average), across the channels: a sale month's new customers start on a
        discounted first order (``first_order_shift``)."""
        value = float(np.mean([c.value for c in self.curves])) if self.curves else 1.0
        shift = self.first_order_shift["contribution"].to_numpy()
        return pd.Series(1 + shift / value, index=self.months, name="customer_worth")

    # -- the curves of one month --------------------------------------------------------------

    def month_curves(self, m: int, assumptions: Assumptions = Assumptions()) -> list[Curve]:
        """Each channel's response to a month's spend in month ``m`` (0 = January)."""
        assumptions = _checked(assumptions)
        paid = self.momentum_factors(assumptions)[1]
        value_shift = float(self.first_order_shift.at[m, "contribution"])
        revenue_shift = float(self.first_order_shift.at[m, "revenue"])
        out = []
        for c in self.curves:
            season = 1.0 if c.name in self.flat_price_channels else self.prices[m]
            rise = 1 + self.price_growth if c.name in self.momentum_channels else 1.0
            price = season * rise * assumptions.ad_prices
            factor = self.demand[m] * assumptions.conversion / price
            momentum = paid if c.name in self.momentum_channels else 1.0
            # a calendar medium with nothing to buy that month: no dollar of it finds anyone
            on_sale = c.name not in self.calendar or self.calendar[c.name].get(m + 1, 0.0) > 0
            scaled = c.scaled(factor * momentum * on_sale, unit=self.weeks[m] * price)
            out.append(
                Curve(
                    f"{c.name}|{m}",
                    scaled.a,
                    scaled.half_sat,
                    c.incremental_share,
                    (c.value + value_shift) * assumptions.order_value,
                    (c.revenue_per_customer + revenue_shift) * assumptions.order_value,
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
        contribution for the money. A medium sold in units gets nothing in a month or at least
        its minimum buy (``minimum_buys``; ``media.allocate_in_units``)."""
        if isinstance(budget, bool) or not isinstance(budget, int | float | np.number):
            raise TypeError(
                "best_plan(budget) needs the year's paid media budget as a number of dollars, "
                f"such as LY_MEDIA; it got {type(budget).__name__}."
            )
        grid = self._grid(assumptions)
        return self._table(
            allocate_in_units(grid, budget, self._units(grid), maximum=self._most(grid))
        )

    def _units(self, grid: list[Curve]) -> dict[str, float]:
        """Each (channel, month) curve's minimum buy, by the curve's name ("print|3")."""
        return {c.name: self.minimum_buys[c.name.split("|")[0]] for c in grid}

    def _most(self, grid: list[Curve]) -> dict[str, float]:
        """The most each (channel, month) curve of a ``calendar`` channel can buy (0 in a month
        with nothing to buy), by the curve's name; other channels are not named."""
        most = {}
        for c in grid:
            name, month = c.name.split("|")
            if name in self.calendar:
                most[c.name] = self.calendar[name].get(int(month) + 1, 0.0)
        return most

    def best_budget(
        self, assumptions: Assumptions = Assumptions(), bar: float = 1.0
    ) -> pd.DataFrame:
        """Spend each channel, each month, until its next dollar returns ``bar`` (1: it just pays
        for itself): the model-based budget, channel by channel. Where that is less than a
        month's minimum buy, the month gets the minimum if the minimum as a whole returns ``bar``
        a dollar, else nothing."""
        grid = self._grid(assumptions)
        units, most = self._units(grid), self._most(grid)
        spend = {}
        for c in grid:
            cap = most.get(c.name, np.inf)
            wanted = spend_in_units(c, min(c.spend_at(bar), cap), units[c.name], bar)
            spend[c.name] = wanted if wanted <= cap + 1e-9 else 0.0  # no whole unit to buy
        return self._table(pd.Series(spend))

    def between_bars(
        self,
        high: float = 1.05,
        low: float = 1.0,
        assumptions: Assumptions = Assumptions(),
        plan_at: Callable[[float], pd.DataFrame] | None = None,
    ) -> dict:
        """What moving the cut-off from ``high`` down to ``low`` buys: the plan at each bar (by
        default the model-based budget, ``best_budget``; ``plan_at(bar)`` gives another plan
        built to a bar, such as one with some months held), and between them the extra spend,
        the extra two-year contribution, the contribution after media they add (``profit``:
        contribution less spend), their average return, the revenue gap they close and the new
        customers they bring. The last dollars before a bar of 1 return just over 1, so they add
        almost nothing after media; a hurdle above 1 (cost of capital, and error in the curves)
        keeps them back."""
        if not 0 < low < high:
            raise ValueError("the cut-offs must be positive, the lower one first to fall to")
        if plan_at is None:

            def plan_at(bar: float) -> pd.DataFrame:
                return self.best_budget(assumptions, bar)

        upper = self.evaluate(plan_at(high), assumptions)
        lower = self.evaluate(plan_at(low), assumptions)
        spend = lower["spend"] - upper["spend"]
        contribution = lower["two_year_contribution"] - upper["two_year_contribution"]
        return {
            "spend": spend,
            "two_year_contribution": contribution,
            "profit": contribution - spend,
            "return": contribution / spend if spend > 0 else float("nan"),
            "gap_closed": upper["gap"] - lower["gap"],
            "customers": lower["media_customers"] - upper["media_customers"],
        }

    def last_year_plan(self, budget: float) -> pd.DataFrame:
        """Last year's spend by month and channel, scaled to ``budget``."""
        ly = self.last_year_spend.to_numpy(dtype=float)
        scaled = ly / ly.sum() * budget if ly.sum() > 0 else ly
        return pd.DataFrame(scaled, index=self.months, columns=self.names)

    def marginal_returns(
        self, plan: pd.DataFrame, assumptions: Assumptions = Assumptions()
    ) -> pd.DataFrame:
        """What the next dollar brings in each month (rows) and channel (columns) of a plan."""
        plan = self._aligned(plan)
        out = np.zeros((12, len(self.names)))
        for m in range(12):
            for j, curve in enumerate(self.month_curves(m, assumptions)):
                out[m, j] = float(curve.marginal_return(plan.iat[m, j]))
        return pd.DataFrame(out, index=self.months, columns=self.names)

    def _aligned(self, plan: pd.DataFrame) -> pd.DataFrame:
        """A plan by month and channel in the model's order: lines the model does not price
        (LinkedIn, the fixed lines) are left out, and channels it lacks count as zero."""
        if not isinstance(plan, pd.DataFrame):
            raise TypeError(
                "The model needs a plan: a table of spend with one row per month and one column "
                "per channel, such as model.best_plan(budget) or model.last_year_spend; it got "
                f"{type(plan).__name__}. Index a result after the call, not inside it: "
                "model.evaluate(plan)['two_year_contribution']."
            )
        if len(plan) != 12:
            raise ValueError(f"a plan has one row per month of the year, not {len(plan)}")
        plan = plan.set_axis(self.months, axis=0).reindex(columns=self.names, fill_value=0.0)
        if (plan.to_numpy(dtype=float) < 0).any():
            raise ValueError("a plan cannot spend less than nothing")
        return plan.astype(float)

    def read_last_year(self, assumptions: Assumptions | None = None) -> dict:
        """Last year's paid media on last year's own response and prices (momentum 0 unless
        ``assumptions`` say otherwise): the digital channels on their curves, the offline media
        week by week as they were bought (``last_year_as_bought``; without it, on their curves
        too). Its spend, its customers' two-year contribution, and each channel's next dollar."""
        assumptions = Assumptions(momentum=0.0) if assumptions is None else assumptions
        bought = self.last_year_as_bought
        offline = [] if bought is None else [n for n in self.names if n in bought.index]
        digital = self.without(*offline)
        digital.price_growth = 0.0  # last year at last year's prices
        if bought is None:
            return digital.evaluate(self.last_year_spend, assumptions)
        read = digital.evaluate(self.last_year_spend[digital.names], assumptions)
        value = {c.name: c.value for c in self.curves}
        spend = read["spend"] + float(bought.loc[offline, "spend"].sum())
        contribution = read["two_year_contribution"] + sum(
            float(bought.at[n, "new_customers"]) * value[n] for n in offline
        )
        return {
            "spend": spend,
            "two_year_contribution": contribution,
            "profit": contribution - spend,
            "marginal_return": pd.concat(
                [read["marginal_return"], bought.loc[offline, "marginal_return"].astype(float)]
            ).reindex(self.names),
        }

    def evaluate(self, plan: pd.DataFrame, assumptions: Assumptions = Assumptions()) -> dict:
        """What a plan (spend by month and channel, one row per month in calendar order) buys:
        the monthly table and the year's totals. ``profit`` is the two-year contribution the
        plan's customers bring less the plan's spend; ``gap`` is the target less the expected
        net revenue (negative: above the target)."""
        plan = self._aligned(plan)
        customers = np.zeros(12)
        contribution = np.zeros(12)
        for m in range(12):
            for j, curve in enumerate(self.month_curves(m, assumptions)):
                gained = float(curve.contribution(plan.iat[m, j]))
                contribution[m] += gained
                customers[m] += gained / curve.value
        marginal = self.marginal_returns(plan, assumptions)
        organic_momentum = self.momentum_factors(assumptions)[0]
        organic = self.organic_customers * (1 + assumptions.organic_growth) * organic_momentum
        # revenue in each month from the new customers of every month so far
        curve = self.new_customer_revenue * assumptions.order_value
        lags = np.subtract.outer(np.arange(12), np.arange(12))  # month - arrival month
        weights = np.where(lags >= 0, curve[np.clip(lags, 0, 11)], 0.0)
        # a customer's first month also carries her first order's shift from the average
        first = self.first_order_shift["revenue"].to_numpy() * assumptions.order_value
        media_revenue = weights @ customers + first * customers
        organic_revenue = weights @ organic + first * organic
        base = self.base * assumptions.retention
        expected = base + organic_revenue + media_revenue
        spend = plan.sum(axis=1).to_numpy()
        table = pd.DataFrame(
            {
                "spend": spend,
                "media_customers": customers,
                "organic_customers": organic,
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
        bisection to the dollar; ``high`` if even that much does not get there."""

        def left(budget: float) -> float:
            return self.evaluate(self.best_plan(budget, assumptions), assumptions)["gap"]

        if left(high) > gap:
            return high
        low = 0.0
        while high - low > 1.0:
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
    weekly: pd.DataFrame | None = None,
) -> PlanModel:
    """The plan model of module 05 from the course's tables.

    - curves: the mix's response curves (digital from ``paid_media_daily``'s truth, offline from
      the media mix's), offline customers valued like a direct customer (they arrive direct, by
      branded search or in the shops); LinkedIn is left out (it sells corporate gifting, judged on
      the leads it brings: ``gifting_funnel``);
    - base: next year's revenue from the customers the company has (``base_revenue_next_year``);
    - momentum, on one footing: the organic customers are last year's new customers by month,
      less those last year's media brought (the model's own estimate), grown as the new customers
      who came without paid media grew last year (``non_paid_growth``); and paid digital's curves
      respond as much more as a dollar of it brought more last year (``paid_response_growth``).
      Both count the customers the ads brought, not only those last click credits to them
      (``recorded_shares``: video ads' buyers mostly arrive by other routes).
      Offline media keep last year's response (no data shows a change in what a dollar brings);
    - the revenue a new customer brings by month since arrival (``revenue_curve``, the year
      before's, the last cohort observed for twelve months);
    - demand and ad prices by month relative to their average (``paid_media_daily``'s truth);
    - last year's media spend by month and channel;
    - each offline medium's minimum buy in a month (``minimum_buys_from``, from ``weekly``), and
      the months the events can be bought in and the most in each (``calendar_from``), and what
      each offline medium was bought at a day in each month while on air (``on_air_rates``);
    - the base case's rise in digital ad prices: last year's (``cpm_inflation_<year>`` of
      ``paid_media_daily``'s truth, the platforms' prices over the year before's)."""
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
    prices = np.array(conditions[f"price_index_by_month_{year}"])
    demand = np.array(conditions[f"demand_factor_by_month_{year}"])
    prices, demand = prices / prices.mean(), demand / demand.mean()
    months = pd.DatetimeIndex(inputs["month"])
    last_year = last_year.set_axis(months, axis=0)
    zeros = np.zeros(12)
    # media bought by the piece or the head; those bought by impressions pay the ad market's season
    flat = tuple(
        name
        for name, medium in offline_truth.items()
        if "impressions" not in str(medium.get("unit", "impressions"))
    )
    shift = first_order_shift(orders, customers, year)
    units = {} if weekly is None else minimum_buys_from(weekly, year)
    rise = float(paid_truth.get(f"cpm_inflation_{year}", 1.0)) - 1
    extra = {"flat_price_channels": flat, "first_order_shift": shift, "minimum_buys": units}
    extra["calendar"] = None if weekly is None else calendar_from(weekly)
    # offline media read week by week (flights at their weight); paid digital, on every day, at
    # its calendar months' spend a day
    offline_names = [n for n in names if n in offline_truth]
    extra["on_air"] = None if weekly is None else on_air_rates(weekly, year)[offline_names]
    skeleton = PlanModel(curves, months, *[zeros] * 4, demand, prices, last_year, **extra)
    media_customers = skeleton.evaluate(last_year)["months"]["media_customers"].to_numpy()
    if weekly is not None:  # offline read as bought, week by week; digital on its curves
        offline = [n for n in names if n in offline_truth]
        value = {c.name: c.value for c in curves}
        extra["last_year_as_bought"] = offline_as_bought(offline_truth, weekly, year, value)
        digital_only = skeleton.without(*offline).evaluate(
            last_year[[n for n in names if n not in offline]]
        )
        by_month = offline_customers_by_month(offline_truth, weekly, year)[offline]
        media_customers = (
            digital_only["months"]["media_customers"].to_numpy() + by_month.sum(axis=1).to_numpy()
        )
    new = customers[customers["first_order_date"].dt.year == year]
    ly_new = new.groupby(new["first_order_date"].dt.month).size()
    ly_new = ly_new.reindex(range(1, 13), fill_value=0).to_numpy(dtype=float)
    recorded = recorded_shares(paid_truth)
    organic_momentum = non_paid_growth(customers, year, recorded)
    organic = np.clip(ly_new - media_customers, 0, None) * (1 + organic_momentum)
    paid_momentum = paid_response_growth(customers, spend, year, recorded)
    digital = tuple(paid_truth["response_curves"])
    curves = [c.scaled(1 + paid_momentum) if c.name in digital else c for c in curves]
    return PlanModel(
        curves,
        months,
        inputs["revenue_target"],
        base_revenue_next_year(orders, customers, year).to_numpy(),
        organic,
        revenue_curve(orders, customers, year - 1).to_numpy(),
        demand,
        prices,
        last_year,
        organic_momentum,
        paid_momentum,
        tuple(n for n in names if n in digital),
        **extra,
        price_growth=rise,
    )


def _course_model() -> PlanModel:
    from .. import datasets

    return model_from_data(
        datasets.load("planning_inputs"),
        datasets.load("orders"),
        datasets.load("customers"),
        datasets.load("marketing_spend_monthly"),
        datasets.truth("paid_media_daily"),
        datasets.truth("media_mix_weekly")["offline_media"],
        datasets.truth("orders"),
        weekly=datasets.load("media_mix_weekly"),
    )


def course_model() -> PlanModel:
    """The plan model from the course's own datasets (the loaded data, shipped or a variant),
    built once per data folder (do not change it in place)."""
    from .. import datasets

    global _cached_course_model
    if _cached_course_model is None:
        _cached_course_model = datasets.cached(_course_model)
    return _cached_course_model()


_cached_course_model = None
