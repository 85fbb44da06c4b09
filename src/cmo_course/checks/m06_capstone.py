"""Exercises of module 06 Capstone. The plan is the learner's own, so most checks are rules the
plan must keep (within budget, phasing that adds up, saturation with reasons, a consistent KPI
tree) and arithmetic computed from the learner's plan with the course's response curves."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import pandas as pd

from .. import datasets, finance, planning
from ..plots import label
from .exercises import RuleExercise

BOARD_CAP = 200_000.0  # paid media the board allows for 2026
QUARTERS = list(planning.QUARTERS)
KPI_KEYS = (
    "revenue_target",
    "aov",
    "orders",
    "conversion_rate",
    "sessions",
    "new_customer_share",
    "new_customers",
)
MIN_REASON_WORDS = 6


def model() -> planning.PlanModel:
    return planning.course_model()


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))


def normalised(plan) -> pd.DataFrame | None:
    """The plan as the rules read it: channels in the index (from a 'channel' column if the
    learner kept one), the course's channel names (display names such as 'Google Search' are
    mapped back), and numbers (text that holds numbers is converted). None if it is no table."""
    if not isinstance(plan, pd.DataFrame):
        return None
    table = plan.copy()
    if "channel" in table.columns:
        table = table.set_index("channel")
    names = {label(n): n for n in model().names}
    table.index = [names.get(str(i), str(i)) for i in table.index]
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            converted = pd.to_numeric(table[column], errors="coerce")
            if converted.notna().equals(table[column].notna()):
                table[column] = converted
    return table


def _plan(namespace: dict) -> pd.DataFrame | None:
    plan = namespace.get("plan")
    if plan_problems(plan, namespace):
        return None
    return normalised(plan)


# -- 6.1 the plan table ----------------------------------------------------------------------------


SLACK = 0.005  # half a cent: spend is money


def plan_problems(plan, namespace: dict, strict: bool = False) -> str | None:
    if not isinstance(plan, pd.DataFrame):
        return f"`plan` should be a pandas DataFrame (channels as rows, Q1..Q4 as columns); it is {type(plan).__name__}."
    table = normalised(plan)
    channels = model().names
    missing_cols = [q for q in QUARTERS if q not in table.columns]
    if missing_cols:
        return f"`plan` needs the columns {QUARTERS}; missing {missing_cols}. It has {list(table.columns)}."
    duplicated = sorted(set(table.index[table.index.duplicated()]))
    if duplicated:
        return f"`plan` has more than one row for {duplicated}: one row per channel."
    missing = sorted(set(channels) - set(table.index))
    extra = sorted(set(table.index) - set(channels))
    if missing or extra:
        parts = [f"missing {missing}" if missing else "", f"unknown {extra}" if extra else ""]
        return (
            f"`plan` needs one row per channel, named as in `last_year`'s index ({', '.join(channels)}): "
            f"{'; '.join(p for p in parts if p)}. Keep the channels in the index "
            "(plan.set_index('channel') if they are in a column)."
        )
    values = table[QUARTERS]
    if not all(pd.api.types.is_numeric_dtype(values[q]) for q in QUARTERS):
        return "Every cell of `plan` should be a number of dollars."
    numbers = values.to_numpy(dtype=float)
    if not np.isfinite(numbers).all():
        return "`plan` has empty or infinite cells: put 0 where a channel gets nothing."
    if (numbers < 0).any():
        return "`plan` has negative spend. Put 0 where a channel gets nothing."
    total = float(numbers.sum())
    if total <= 0:
        return "`plan` spends nothing. The board asked for a plan."
    if total > BOARD_CAP + SLACK:
        return f"`plan` spends ${total:,.2f}, over the board's cap of ${BOARD_CAP:,.0f}."
    if strict:
        funded = int((values.sum(axis=1) >= 0.01 * total).sum())
        if funded < 3:
            return (
                f"`plan` puts 1% or more of its money in {funded} channel(s); a plan for the mix funds "
                "at least 3 (the brief)."
            )
    return None


def plan_hidden_problems(plan, namespace: dict) -> str | None:
    return plan_problems(plan, namespace, strict=True)


# -- 6.2 phasing -------------------------------------------------------------------------------------

LABEL_COLUMNS = ("month", "quarter", "year", "month_number")


def month_totals(monthly) -> pd.Series | None:
    """Spend by month from what the learner gave: a Series, or a DataFrame whose 'spend' or
    'total' column is the month's spend (otherwise the sum of its money columns, leaving out
    labels such as 'month' or 'quarter'); put in calendar order when indexed by date."""
    if isinstance(monthly, pd.Series):
        totals = monthly
    elif isinstance(monthly, pd.DataFrame):
        named = [c for c in monthly.columns if str(c).lower() in ("spend", "total")]
        if named:
            totals = monthly[named[0]]
        else:
            money = [
                c
                for c in monthly.select_dtypes("number").columns
                if str(c).lower() not in LABEL_COLUMNS
            ]
            totals = monthly[money].sum(axis=1)
    else:
        return None
    if isinstance(totals.index, pd.DatetimeIndex):
        totals = totals.sort_index()
    return totals


def monthly_problems(monthly, namespace: dict, tolerance: float = 1.0) -> str | None:
    plan = _plan(namespace)
    if plan is None:
        return "Fix `plan` (Exercise 6.1) first: the phasing is checked against it."
    totals = month_totals(monthly)
    if totals is None:
        return f"`monthly` should be a pandas Series (or DataFrame) with one row per month; it is {type(monthly).__name__}."
    if len(totals) != 12:
        return f"`monthly` should have 12 rows, one per month of 2026; it has {len(totals)}."
    values = pd.to_numeric(totals, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        return "`monthly` has empty, infinite or negative months."
    quarter_totals = plan[QUARTERS].sum().to_numpy(dtype=float)
    by_quarter = values.reshape(4, 3).sum(axis=1)
    for q, got, want in zip(QUARTERS, by_quarter, quarter_totals, strict=True):
        if abs(got - want) > tolerance:
            return f"The months of {q} add up to ${got:,.2f}, but `plan` puts ${want:,.2f} in {q}."
    return None


def monthly_hidden_problems(monthly, namespace: dict) -> str | None:
    # ten cents: a plan's cells may hold fractions of a cent that phasing rounds month by month
    return monthly_problems(monthly, namespace, tolerance=0.10)


# -- 6.3 saturation ----------------------------------------------------------------------------------


def reasons_problems(reasons, namespace: dict) -> str | None:
    plan = _plan(namespace)
    if plan is None:
        return "Fix `plan` (Exercise 6.1) first: saturation is checked against it."
    if not isinstance(reasons, dict):
        return f"`reasons` should be a dict, channel -> why it goes past its saturation point; it is {type(reasons).__name__}."
    points = planning.saturation_points(model())
    for channel in points.index:
        for q in QUARTERS:
            if plan.loc[channel, q] > points[channel]:
                reason = reasons.get(channel)
                if not isinstance(reason, str) or len(reason.split()) < MIN_REASON_WORDS:
                    return (
                        f"`plan` spends ${plan.loc[channel, q]:,.0f} on {channel} in {q}, past its "
                        f"saturation point (${points[channel]:,.0f} a quarter): give the reason in "
                        f"reasons['{channel}'] (a sentence of at least {MIN_REASON_WORDS} words), or spend less."
                    )
    return None


def reasons_hidden_problems(reasons, namespace: dict) -> str | None:
    broken = reasons_problems(reasons, namespace)
    if broken:
        return broken
    unknown = sorted(set(reasons) - set(model().names))
    if unknown:
        return f"`reasons` names channels that are not in the plan: {unknown} (use the names of plan's index)."
    return None


# -- 6.4 the KPI tree --------------------------------------------------------------------------------


def kpi_problems(tree, namespace: dict, plausible: bool = False) -> str | None:
    if not isinstance(tree, dict):
        return f"`kpi_tree` should be a dict with the keys {list(KPI_KEYS)}; it is {type(tree).__name__}."
    missing = [k for k in KPI_KEYS if k not in tree]
    if missing:
        return f"`kpi_tree` is missing {missing}."
    bad = [k for k in KPI_KEYS if not _is_number(tree[k]) or float(tree[k]) < 0]
    if bad:
        return f"These entries of `kpi_tree` should be positive numbers: {bad}."
    t = {k: float(tree[k]) for k in KPI_KEYS}
    target = float(datasets.load("planning_inputs")["revenue_target"].sum())
    checks = [
        (
            "revenue_target",
            t["revenue_target"],
            target,
            "the 2026 revenue target (planning_inputs)",
        ),
        (
            "orders",
            t["orders"] * t["aov"],
            t["revenue_target"],
            "orders x aov should give the revenue target",
        ),
        (
            "sessions",
            t["sessions"] * t["conversion_rate"],
            t["orders"],
            "sessions x conversion_rate should give the orders",
        ),
        (
            "new_customers",
            t["new_customers"],
            t["orders"] * t["new_customer_share"],
            "new_customers should be orders x new_customer_share",
        ),
    ]
    for key, got, want, why in checks:
        if not math.isclose(got, want, rel_tol=0.01):
            return f"The tree does not hold together at `{key}`: {why} (within 1%)."
    if not 0 < t["conversion_rate"] < 1 or not 0 < t["new_customer_share"] < 1:
        return "conversion_rate and new_customer_share are fractions between 0 and 1."
    if plausible:
        inputs = datasets.load("planning_inputs")
        aov = inputs["ly_net_revenue"].sum() / inputs["ly_orders"].sum()
        cvr = inputs["ly_orders"].sum() / inputs["ly_sessions"].sum()
        share = inputs["ly_new_customers"].sum() / inputs["ly_orders"].sum()
        for key, last in (("aov", aov), ("conversion_rate", cvr), ("new_customer_share", share)):
            if not 0.75 * last <= t[key] <= 1.25 * last:
                return f"The tree's {key} is more than 25% away from last year's: plausible targets start from the data."
    return None


def kpi_hidden_problems(tree, namespace: dict) -> str | None:
    return kpi_problems(tree, namespace, plausible=True)


# -- 6.5 and 6.6: the return of the plan -------------------------------------------------------------


def first_year_return_of(plan: pd.DataFrame) -> float:
    return planning.plan_revenue(model(), plan)


def two_year_contribution_of(plan: pd.DataFrame) -> float:
    m = model()
    multiplier = finance.second_year_multiplier(datasets.load("orders"), datasets.load("customers"))
    return first_year_return_of(plan) * m.margin * multiplier


def _return_problems(answer, namespace: dict, compute, what: str) -> str | None:
    plan = _plan(namespace)
    if plan is None:
        return f"Fix `plan` (Exercise 6.1) first: {what} is computed from it."
    if not _is_number(answer):
        return f"Your answer should be a number of dollars; it is {type(answer).__name__}."
    expected = compute(plan)
    if not math.isclose(float(answer), expected, rel_tol=1e-3):
        first_year = first_year_return_of(plan)
        if math.isclose(float(answer), first_year * model().margin, rel_tol=1e-3):
            return "This is the first year's contribution. Multiply by SECOND_YEAR (repeat orders in year two)."
        if math.isclose(float(answer), first_year, rel_tol=1e-3):
            return "This is revenue. Contribution = revenue x the contribution margin (MARGIN), then x SECOND_YEAR."
        return f"That is not what the course's curves give for your `plan`. Use planning.plan_revenue(model, plan) for {what}."
    return None


def first_year_problems(answer, namespace: dict) -> str | None:
    return _return_problems(answer, namespace, first_year_return_of, "the first-year return")


def two_year_problems(answer, namespace: dict) -> str | None:
    return _return_problems(
        answer, namespace, two_year_contribution_of, "the two-year contribution"
    )


def last_year_by_quarter() -> pd.DataFrame:
    return planning.last_year_by_quarter(model())


def reference_namespace() -> dict:
    """A plan that keeps every rule (the solution notebook's): last year's table with more TV in
    spring, more catalogues in Q4 and half of LinkedIn, at last year's total; phased by the
    season; its KPI tree and returns."""
    plan = last_year_by_quarter()
    plan.loc["tv", "Q1"] += 3_000
    plan.loc["direct_mail", "Q4"] += 2_000
    plan.loc["linkedin"] *= 0.5
    plan = plan * (last_year_by_quarter().to_numpy().sum() / plan.to_numpy().sum())
    season = planning.classical_decomposition(
        datasets.load("pnl_monthly").set_index("month")["net_revenue"]
    )
    weights = season["seasonal"].iloc[:12].to_numpy()
    monthly = pd.Series(
        np.concatenate(
            [
                planning.phase(float(plan[q].sum()), weights[3 * i : 3 * i + 3])
                for i, q in enumerate(QUARTERS)
            ]
        ),
        index=pd.date_range("2026-01-01", periods=12, freq="MS"),
    )
    inputs = datasets.load("planning_inputs")
    aov = inputs["ly_net_revenue"].sum() / inputs["ly_orders"].sum()
    cvr = inputs["ly_orders"].sum() / inputs["ly_sessions"].sum()
    share = inputs["ly_new_customers"].sum() / inputs["ly_orders"].sum()
    target = float(inputs["revenue_target"].sum())
    orders = target / aov
    kpi_tree = {
        "revenue_target": target,
        "aov": aov,
        "orders": orders,
        "conversion_rate": cvr,
        "sessions": orders / cvr,
        "new_customer_share": share,
        "new_customers": orders * share,
    }
    return {
        "plan": plan,
        "monthly": monthly,
        "reasons": {},
        "kpi_tree": kpi_tree,
        "first_year_return": first_year_return_of(plan),
        "two_year_contribution": two_year_contribution_of(plan),
    }


EXERCISES = [
    RuleExercise(
        id="6.1",
        title="the plan table",
        answer="plan",
        rules=plan_problems,
        hidden_rules=plan_hidden_problems,
        example=reference_namespace,
        hints=[
            "Start from `last_year` (2025 by channel and quarter) and change it: plan = last_year.copy(), then edit cells.",
            "plan.loc['tv', 'Q1'] = 6000 sets one cell; plan[QUARTERS].sum().sum() is the total.",
            "Stay within BOARD_CAP, and put at least 1% of the money in each of three channels or more.",
        ],
        passed=lambda p: (
            f"Your plan spends ${float(normalised(p)[QUARTERS].to_numpy(dtype=float).sum()):,.0f} of the "
            f"${BOARD_CAP:,.0f} the board allows."
        ),
    ),
    RuleExercise(
        id="6.2",
        title="the months add up",
        answer="monthly",
        rules=monthly_problems,
        hidden_rules=monthly_hidden_problems,
        example=reference_namespace,
        hints=[
            "planning.phase(amount, weights) splits an amount over months to the cent.",
            "Phase each quarter's total over its three months, e.g. with the season's weights for those months.",
        ],
        passed="Every quarter's months add up to the plan: finance can load it as it is.",
    ),
    RuleExercise(
        id="6.3",
        title="saturation, with reasons",
        answer="reasons",
        rules=reasons_problems,
        hidden_rules=reasons_hidden_problems,
        example=reference_namespace,
        hints=[
            "SATURATION gives each channel's saturation point (dollars in one quarter).",
            "For every channel your plan takes past it, add reasons['channel'] = 'a sentence saying why'. An empty dict is fine if none goes past.",
        ],
        passed="No channel goes past its saturation point without a stated reason.",
    ),
    RuleExercise(
        id="6.4",
        title="the KPI tree",
        answer="kpi_tree",
        rules=kpi_problems,
        hidden_rules=kpi_hidden_problems,
        example=reference_namespace,
        hints=[
            "Start from the target: orders = revenue_target / aov; sessions = orders / conversion_rate.",
            "new_customers = orders x new_customer_share. Take the rates from last year (Module 05, Section 1).",
        ],
        passed="The KPI tree adds up from the revenue target down to sessions and new customers.",
    ),
    RuleExercise(
        id="6.5",
        title="the plan's first-year return",
        answer="first_year_return",
        rules=first_year_problems,
        example=reference_namespace,
        hints=[
            "first_year_return = planning.plan_revenue(model, plan): net revenue the plan's media brings in a year."
        ],
        passed=lambda v: (
            f"Your media plan brings about ${float(v):,.0f} of net revenue in its first year."
        ),
    ),
    RuleExercise(
        id="6.6",
        title="the plan's two-year contribution",
        answer="two_year_contribution",
        rules=two_year_problems,
        example=reference_namespace,
        hints=[
            "Contribution = first_year_return x MARGIN.",
            "Two years = that x SECOND_YEAR (what repeat orders add in the second year).",
        ],
        passed=lambda v: (
            f"Over two years the plan's customers leave about ${float(v):,.0f} of contribution: compare it with the spend."
        ),
    ),
]
