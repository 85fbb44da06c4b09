"""A marketing plan in the company's P&L: last year's actuals against next year's plan, down to
EBITDA, on stated assumptions (a CFO's first view of a plan, not a forecast of the P&L)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .lines import FIXED_LINES, QUARTERS, month_weights, phase, quarterly
from .model import Assumptions, PlanModel
from .targets import linkedin_leads_for

PNL_ROWS = (
    "net revenue",
    "contribution",
    "marketing",
    "operating expenses",
    "EBITDA",
    "EBITDA margin",
)


def pnl_bridge(
    pnl: pd.DataFrame,
    revenue: float,
    marketing: float,
    reserve: float = 0.0,
    year: int = 2025,
    released_revenue: float | None = None,
    new_ratio: float | None = None,
    opex_growth: float = 0.0,
) -> pd.DataFrame:
    """``year``'s P&L (``pnl_monthly``'s months of that year, summed) against the next year's
    plan, by row (``PNL_ROWS``) and column: ``year`` actual, the plan, and the plan with
    ``reserve`` of marketing released too, bringing ``released_revenue`` (the plan's revenue if
    not given: money spent for nothing). The plan's assumptions: net revenue is ``revenue``;
    contribution is ``year``'s plus the revenue above ``year``'s at ``new_ratio`` (the
    contribution ratio of the new customers who bring it: first orders and online, leaner than the
    P&L's mix; ``year``'s own ratio if not given); marketing is ``marketing``; operating expenses
    are ``year``'s grown by ``opex_growth`` (0.05: 5%). EBITDA is contribution less marketing
    less operating expenses; its margin is over net revenue."""
    in_year = pnl[pd.DatetimeIndex(pnl["month"]).year == year]
    if in_year.empty:
        raise ValueError(f"the P&L has no months of {year}")
    actual = in_year[["net_revenue", "contribution", "marketing_total", "operating_expenses"]]
    net_revenue, contribution, spent, opex = (float(v) for v in actual.sum())
    ratio = contribution / net_revenue if new_ratio is None else float(new_ratio)
    grown = opex * (1 + float(opex_growth))

    def column(revenue: float, marketing: float, costs: float) -> list[float]:
        made = contribution + (revenue - net_revenue) * ratio
        ebitda = made - marketing - costs
        return [revenue, made, marketing, costs, ebitda, ebitda / revenue]

    more = revenue if released_revenue is None else released_revenue
    return pd.DataFrame(
        {
            f"{year} actual": column(net_revenue, spent, opex),
            f"{year + 1} plan": column(float(revenue), float(marketing), grown),
            f"{year + 1}, reserve released": column(
                float(more), float(marketing) + float(reserve), grown
            ),
        },
        index=list(PNL_ROWS),
    )


def plan_problem(plan: object, lines: pd.Index) -> str | None:
    """Why ``plan`` (lines as rows, Q1 to Q4 as columns) cannot be read as a plan in dollars, or
    None: every line of ``lines`` in its index, numbers, none empty or negative."""
    if not isinstance(plan, pd.DataFrame):
        return (
            f"`plan` should be a DataFrame (a row per line, Q1 to Q4); it is {type(plan).__name__}."
        )
    missing = [q for q in QUARTERS if q not in plan.columns]
    if missing:
        return f"`plan` has no columns {missing}."
    absent = [line for line in lines if line not in plan.index]
    if absent:
        return f"`plan`'s index lacks the lines {absent[:3]} (name them as in `last_year`)."
    values = plan.loc[list(lines), list(QUARTERS)]
    if not all(pd.api.types.is_numeric_dtype(values[q]) for q in QUARTERS):
        return "every cell of `plan` should be a number of dollars."
    numbers = values.to_numpy(dtype=float)
    if not np.isfinite(numbers).all() or (numbers < 0).any():
        return "`plan` has empty, infinite or negative cells."
    return None


def by_month(
    model: PlanModel, plan: pd.DataFrame, weights: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A plan by line and quarter phased into months, to the cent, as ``weights`` (by month and
    line) split each quarter: by default ``month_weights`` (a consumer channel as the model's
    optimum does, the other lines evenly)."""
    weights = month_weights(model, plan.index) if weights is None else weights
    return pd.DataFrame(
        {
            line: np.concatenate(
                [
                    phase(float(plan.loc[line, q]), weights[line].to_numpy()[3 * i : 3 * i + 3])
                    for i, q in enumerate(QUARTERS)
                ]
            )
            for line in plan.index
        },
        index=model.months,
    )


# a quarter more than this multiple of the most its channel was seen at (``step_ceilings``) is a
# step-up: within a tenth, the plan stays near the spend its curve was seen at
STEP_FROM = 1.1


def month_prices(model: PlanModel, rise: bool = True) -> pd.DataFrame:
    """What a dollar of reach costs in each month (rows) and channel (columns), against last
    year's average: the ad market's season for media bought by impressions, 1 for those bought by
    the piece or the head, times the base case's rise in digital prices for paid digital (``rise``;
    last year's own months without it). The model's curves saturate in reach, not dollars."""
    table = {}
    for name in model.names:
        season = np.ones(12) if name in model.flat_price_channels else model.prices
        grown = rise and name in model.momentum_channels
        table[name] = season * (1 + model.price_growth if grown else 1.0)
    return pd.DataFrame(table, index=model.months)


def reach_seen(model: PlanModel) -> pd.DataFrame:
    """What each channel (columns) was bought at a day in each month of last year (rows) while on
    air (``PlanModel.on_air``), in reach: over that month's price (``month_prices`` without the
    rise). Empty where it did not air."""
    seen = model.on_air.set_axis(model.months, axis=0)
    return seen / month_prices(model, rise=False)


def _in_dollars(model: PlanModel, per_day: pd.Series) -> pd.DataFrame:
    """A reach a day by channel (``per_day``), bought in each month of the plan: dollars by month
    (rows) and channel (columns), at the month's prices and days."""
    days = np.asarray(model.months.days_in_month, dtype=float)
    prices = month_prices(model)[list(per_day.index)]
    return prices.mul(per_day, axis=1).mul(days, axis=0)


def _by_quarter(monthly: pd.DataFrame) -> pd.DataFrame:
    """Months (rows) by channel, summed into quarters: rows by channel, columns Q1-Q4."""
    quarters = monthly.groupby(pd.DatetimeIndex(monthly.index).quarter).sum()
    return quarters.T.set_axis(list(QUARTERS), axis=1)


def month_ceilings(model: PlanModel) -> pd.DataFrame:
    """By month (rows) and consumer channel (columns, TV left out): the most reach a day its curve
    was seen at last year (``reach_seen``: its busiest month, a medium bought in flights at its
    flights' weight), bought at the month's prices and days. A month above it raises the channel
    where its curve was never measured: more weeks at a weight already seen is not a step up."""
    most = reach_seen(model).drop(columns="tv", errors="ignore").max().fillna(0.0)
    return _in_dollars(model, most)


def step_ceilings(model: PlanModel) -> pd.DataFrame:
    """``month_ceilings`` by quarter: rows by consumer channel, columns Q1-Q4."""
    return _by_quarter(month_ceilings(model))


def step_ups(model: PlanModel, above: float = STEP_FROM) -> list[str]:
    """The consumer channels whose model-based budget (TV stopped) is, in some quarter, more than
    ``above`` times ``step_ceilings``: the plan raises them where their curves are least sure."""
    based = quarterly(model.without("tv").best_budget())
    ceilings = step_ceilings(model)
    return [c for c in ceilings.index if (based.loc[c] > above * ceilings.loc[c] + 0.5).any()]


# The quarters a cut is held at last year's lowest month before it goes further (a cut in steps).
CUT_HELD = ("Q1", "Q2")


def cut_steps(cap: float) -> np.ndarray:
    """By quarter Q1-Q4, the share of its floor (``cut_floors``) a cut in steps keeps: all of it
    in ``CUT_HELD``, then one step of ``cap`` further (1 / cap), as a step-up rises at most
    ``cap`` times the most reach seen until a read at that level."""
    return np.array([1.0 if q in CUT_HELD else 1.0 / cap for q in QUARTERS])


def month_floors(model: PlanModel) -> pd.DataFrame:
    """By month (rows) and paid digital channel (columns): the least reach a day its curve was
    seen at last year (``reach_seen``: its lowest month), bought at the month's prices and days."""
    least = reach_seen(model)[list(model.momentum_channels)].min().fillna(0.0)
    return _in_dollars(model, least)


def cut_floors(model: PlanModel) -> pd.DataFrame:
    """``month_floors`` by quarter: rows by paid digital channel, columns Q1-Q4. A cut below it
    goes where the curve has not been measured (Modules 01 and 03: cut first to the lowest month,
    and further only once the lower spend holds up)."""
    return _by_quarter(month_floors(model))


def step_downs(model: PlanModel) -> list[str]:
    """The paid digital channels whose model-based budget (TV stopped) falls, in some quarter,
    below their lowest month of last year (``cut_floors``): the plan cuts them past the spend
    their curves were seen at."""
    based = quarterly(model.without("tv").best_budget())
    floors = cut_floors(model)
    return [c for c in floors.index if (based.loc[c] < floors.loc[c] - 0.5).any()]


def spread_within(shape, amount: float, low, high) -> np.ndarray:
    """``amount`` spread over periods in proportion to ``shape`` as far as each period's bounds
    (``low``, ``high``) allow: clip(k x shape, low, high), with k such that the periods add up to
    the amount (found by bisection). Equal periods if ``shape`` is all 0. Raises ValueError if the
    bounds cannot hold the amount."""
    shape = np.asarray(shape, dtype=float)
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    if np.any(shape < 0) or np.any(low > high):
        raise ValueError("the shape must be non-negative and each low at most its high")
    if shape.sum() <= 0:
        shape = np.ones_like(shape)
    reachable = np.where(shape > 0, high, low).sum()
    if not low.sum() - 0.005 <= amount <= reachable + 0.005:
        raise ValueError(f"{amount:,.2f} cannot be spread within the bounds")
    total = lambda k: float(np.clip(k * shape, low, high).sum())  # noqa: E731
    below, above = 0.0, 1.0
    while total(above) < amount and above < 1e12:
        above *= 2
    for _ in range(200):
        middle = (below + above) / 2
        below, above = (middle, above) if total(middle) < amount else (below, middle)
    return np.clip(above * shape, low, high)


def within_reach_seen(
    model: PlanModel,
    months: pd.DataFrame,
    cap: float,
    hold: bool = True,
    ups: bool = True,
    downs: bool = True,
) -> pd.DataFrame:
    """``months`` (a budget by month and consumer channel, such as ``best_budget``'s) kept month
    by month within the reach each curve was seen at, as a staged plan keeps it: a step-up
    (``step_ups``; if ``ups``) at most its ``month_ceilings`` in Q1 and ``cap`` times them from
    Q2, a step-down (``step_downs``; if ``downs``) at least its ``month_floors`` in ``CUT_HELD``
    and that over ``cap`` after (``cut_steps``).

    ``hold``: a quarter past a limit is held to the limits' total (a budget staged). Without it,
    a quarter keeps its total (a plan's quarters phased into months), kept within the limits only
    where that total fits them. Either way such a quarter is split like ``months`` as far as every
    month stays within the limits (``spread_within``): no month goes where the quarter may not."""
    out = months.astype(float)
    quarter = np.asarray(pd.DatetimeIndex(model.months).quarter)
    ceilings, floors = month_ceilings(model), month_floors(model)
    for channel in [c for c in step_ups(model) if ups and c in out.columns]:
        for k in range(1, 5):
            rows = quarter == k
            high = ceilings.loc[rows, channel].to_numpy() * (1.0 if k == 1 else cap)
            now = out.loc[rows, channel].to_numpy()
            fits = hold or now.sum() <= high.sum() + 0.005
            if fits and (now > high + 0.005).any():
                amount = min(now.sum(), high.sum())
                out.loc[rows, channel] = spread_within(now, amount, np.zeros(len(now)), high)
    for channel in [c for c in step_downs(model) if downs and c in out.columns]:
        for k, share in enumerate(cut_steps(cap), start=1):
            rows = quarter == k
            low = floors.loc[rows, channel].to_numpy() * share
            now = out.loc[rows, channel].to_numpy()
            fits = hold or now.sum() >= low.sum() - 0.005
            if fits and (now < low - 0.005).any():
                amount = max(now.sum(), low.sum())
                out.loc[rows, channel] = spread_within(now, amount, low, np.full(len(now), np.inf))
    return out


def plan_weights(model: PlanModel, plan: pd.DataFrame, cap: float) -> pd.DataFrame:
    """Weights to phase ``plan`` (by line and quarter) into months, by month and line: its
    quarters as the model splits them (``month_weights``), but where that would take a step-up's
    or a step-down's month past the reach seen while the quarter's total fits within it, that
    quarter as ``within_reach_seen`` spreads it (no month goes where the quarter may not). A plan
    that goes past a limit is phased as the model phases it."""
    weights = month_weights(model, plan.index)
    months = by_month(model, plan, weights)
    kept = within_reach_seen(model, months, cap, hold=False)
    quarter = np.asarray(pd.DatetimeIndex(model.months).quarter)
    for line in kept.columns:
        for k in range(1, 5):
            rows = quarter == k
            ours = kept.loc[rows, line].to_numpy()
            if not np.allclose(ours, months.loc[rows, line].to_numpy(), rtol=0, atol=0.005):
                weights.loc[rows, line] = ours
    return weights


def _held_by_quarter(model: PlanModel, plan: pd.DataFrame) -> pd.DataFrame:
    """By step-up (rows, ``step_ups``) and quarter Q2 to Q4 (columns), what ``plan`` holds back
    from it: the model-based budget less the plan's, never below 0."""
    based = quarterly(model.without("tv").best_budget())
    later = list(QUARTERS[1:])
    steps = step_ups(model)
    gaps = based.loc[steps, later] - plan.loc[steps, later].astype(float)
    return gaps.clip(lower=0.0)


def held_back(model: PlanModel, plan: pd.DataFrame) -> float:
    """What ``plan`` holds back from its step-ups in Q2 to Q4 (``_held_by_quarter``, summed).
    Module 06's reserve, released only where a test confirms the channel's curve."""
    return float(_held_by_quarter(model, plan).to_numpy().sum())


def released(model: PlanModel, plan: pd.DataFrame, reserve: float) -> pd.DataFrame:
    """``plan`` with ``reserve`` released to its step-ups in Q2 to Q4, as if every test confirmed
    its curve: each held amount (``_held_by_quarter``) added back, all scaled down together if the
    reserve is less than what is held."""
    held = _held_by_quarter(model, plan)
    total = float(held.to_numpy().sum())
    out = plan.astype(float).copy()
    if total > 0:
        out.loc[held.index, held.columns] += held * (min(reserve, total) / total)
    return out


def plan_pnl(
    model: PlanModel,
    plan: pd.DataFrame,
    pnl: pd.DataFrame,
    last_year: pd.DataFrame,
    cap: float = math.inf,
    year: int = 2025,
    opex_growth: float = 0.0,
    refunded: float = 0.0,
    assumptions: Assumptions | None = None,
    step_cap: float | None = None,
) -> pd.DataFrame:
    """``pnl_bridge`` for a plan by line and quarter: its net revenue is the model's expected
    revenue for the plan (phased by ``by_month``; with ``step_cap``, kept within the reach seen
    where a quarter fits, as ``within_reach_seen`` keeps a plan's months), its marketing every line's spend, its reserve
    what it holds back from its step-ups (``held_back``) within what ``cap`` leaves, and the
    reserve's column the revenue of the plan with it released (``released``); the net revenue
    above ``year``'s at the contribution ratio of the model's new customers (their margin on
    revenue before refunds, ``PlanModel.new_customer_margin``, over the share of it kept,
    1 - ``refunded``), operating expenses grown by ``opex_growth``; the model's revenue read on
    ``assumptions`` (``Assumptions(momentum=0)``: if 2025's momentum stops). Raises
    ValueError if ``plan`` cannot be read as a plan (``plan_problem``)."""
    assumptions = Assumptions() if assumptions is None else assumptions
    problem = plan_problem(plan, last_year.index)
    if problem is not None:
        raise ValueError(problem)
    plan = plan.loc[list(last_year.index), list(QUARTERS)].astype(float)
    total = float(plan.to_numpy().sum())

    def months(quarters: pd.DataFrame) -> pd.DataFrame:
        phased = by_month(model, quarters)
        if step_cap is None:
            return phased
        return within_reach_seen(model, phased, step_cap, hold=False)

    revenue = model.evaluate(months(plan), assumptions)["expected_revenue"]
    reserve = min(held_back(model, plan), max(0.0, cap - total))
    more = model.evaluate(months(released(model, plan, reserve)), assumptions)
    return pnl_bridge(
        pnl,
        revenue,
        total,
        reserve,
        year,
        more["expected_revenue"],
        new_ratio=model.new_customer_margin / (1 - refunded),
        opex_growth=opex_growth,
    )


def budget_summary(model: PlanModel, monthly: pd.DataFrame, gifting: pd.Series) -> pd.Series:
    """What a whole marketing plan buys, from its spend by month (rows, in calendar order) and line
    (columns: the consumer channels the model prices, LinkedIn, the fixed lines): the consumer
    channels' two-year contribution, profit and gap to the target (``PlanModel.evaluate``); the
    gifting leads LinkedIn's money buys on its lead curve (``gifting_funnel``,
    ``linkedin_leads_for``), against the leads gifting needs, and their contribution before and
    after selling costs; the fixed lines; and the total."""
    monthly = monthly.fillna(0.0)
    result = model.evaluate(monthly)
    linkedin = float(monthly["linkedin"].sum()) if "linkedin" in monthly else 0.0
    leads = linkedin_leads_for(linkedin, gifting)
    fixed = float(sum(monthly[line].sum() for line in FIXED_LINES if line in monthly))
    return pd.Series(
        {
            "paid media, consumer channels": result["spend"],
            "two-year contribution of its customers": result["two_year_contribution"],
            "profit after that paid media": result["profit"],
            "expected net revenue": result["expected_revenue"],
            "gap to the revenue target": result["gap"],
            "LinkedIn": linkedin,
            "LinkedIn leads": leads,
            "leads gifting needs": float(gifting["leads_needed"]),
            "gifting contribution of the leads": leads * float(gifting["contribution_per_lead"]),
            "gifting contribution after selling costs": leads * float(gifting["worth_per_lead"]),
            "fixed lines": fixed,
            "total marketing": float(monthly.to_numpy(dtype=float).sum()),
        }
    )
