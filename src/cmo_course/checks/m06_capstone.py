"""Exercises of module 06 Capstone. The plan is the learner's own, so most checks are rules the
plan must keep (the whole budget within the board's cap, months that add up, a reason wherever it
spends past the point where the next dollar pays, a customer tree that adds up), and two exercises
ask the learner to choose the basis of a judgment, naming what each wrong basis would cost."""

from __future__ import annotations

import math
import re
from numbers import Real

import numpy as np
import pandas as pd

from .. import datasets, finance, media, planning
from ..plots import label, money
from .comparators import Choice
from .exercises import Mistake, RuleExercise, ValueExercise
from .figures import Fact
from .m05_annual_planning import OPEX_GROWTH, pr_retainer

YEAR = 2025
BOARD_CAP = 5_000_000.0  # what the board allows for all of marketing in 2026
QUARTERS = list(planning.QUARTERS)
TREE_KEYS = (
    "revenue_target",
    "base_revenue",
    "new_customer_revenue",
    "revenue_per_new_customer",
    "new_customers",
)
MIN_REASON_WORDS = 6
# A reason says what the money buys or tests: a test and its read, customers, leads or the gap it
# buys at a known cost, or a limit it keeps (a floor, the reach its curve has seen, production).
# Word stems, matched in lower case; a liking or engagement alone is not a reason a board accepts.
REASON_TERMS = (
    "test", "read", "lift", "holdout", "hold out", "pilot", "measur", "learn", "experiment",
    "weight", "step", "floor", "lowest", "reach", "seen", "shown", "show", "curve", "fit", "gap",
    "target", "customer", "lead", "pipeline", "deal", "opportunit", "commission", "gifting",
    "business development", "brand", "production", "halo", "contract", "commit", "season",
    "peak", "holiday", "black friday", "demand", "launch", "loss", "margin", "contribution",
    "revenue", "profit", "sale", "order", "purchase", "conversion", "increment", "roas", "cac",
    "return", "payback", "referral", "region", "geo", "market", "data", "evidence", "proof",
)  # fmt: skip
SLACK = 0.005  # half a cent: spend is money
ABOVE_MODEL = 0.01  # a channel-quarter more than 1% (and $100) above its model-based budget
LINKEDIN_BAND = 0.25  # LinkedIn within 25% of what the gifting leads need
# a tree's revenue per new customer within 10% of 2025's in-year figure: the first order's value
# (19% under it) and the twelve-month figure (18% over) fall outside, each with its own message
TREE_BAND = 0.10


def model() -> planning.PlanModel:
    return planning.course_model()


def inputs() -> pd.DataFrame:
    return datasets.load("planning_inputs")


@datasets.cached
def last_year() -> pd.DataFrame:
    return planning.last_year_lines(datasets.load("marketing_spend_monthly"), YEAR)


def lines() -> list[str]:
    return list(last_year().index)


@datasets.cached
def model_based() -> pd.DataFrame:
    """Each consumer channel's spend by quarter where its next dollar returns 1."""
    return planning.quarterly(model().best_budget())


def module_05_whole_budget() -> float:
    """Module 05's model-based plan with every line: its paid media (no TV), LinkedIn for the
    gifting leads, and the fixed lines at 2025's level (no TV production)."""
    from . import m05_annual_planning

    spend = datasets.load("marketing_spend_monthly")
    fixed = planning.last_year_lines(spend, YEAR).loc[list(planning.FIXED_LINES)].sum(axis=1)
    return float(
        m05_annual_planning.plan_outcome()["spend"]
        + gifting()["budget"]
        + fixed.drop("tv_production").sum()
    )


@datasets.cached
def gifting() -> pd.Series:
    return planning.gifting_funnel(
        datasets.load("gifting_leads"), datasets.load("marketing_spend_monthly"), inputs(), YEAR
    )


@datasets.cached
def tv_at_model_based() -> dict:
    """TV's airtime at its model-based budget, and what it earns over its own cost (the plan's
    profit with it, less without it), against 2025's production."""
    m = model()
    best = m.best_budget()
    without = best.copy()
    without["tv"] = 0.0
    return {
        "airtime": float(best["tv"].sum()),
        "earns": float(m.evaluate(best)["profit"] - m.evaluate(without)["profit"]),
        "production": float(last_year().loc["tv_production"].sum()),
    }


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))


def normalised(plan) -> pd.DataFrame | None:
    """The plan as the rules read it: lines in the index (from a 'channel' or 'line' column if
    the learner kept one), the course's names (display names such as 'Google Search' are mapped
    back), and numbers (text that holds numbers is converted). None if it is no table."""
    if not isinstance(plan, pd.DataFrame):
        return None
    table = plan.copy()
    for column in ("channel", "line"):
        if column in table.columns:
            table = table.set_index(column)
            break
    names = {label(n): n for n in lines()}
    table.index = [names.get(str(i), str(i)) for i in table.index]
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            converted = pd.to_numeric(table[column], errors="coerce")
            if converted.notna().equals(table[column].notna()):
                table[column] = converted
    return table


def _row_names(plan: pd.DataFrame) -> list[str]:
    """The plan's row names as the learner wrote them (from a 'channel' or 'line' column if any)."""
    for column in ("channel", "line"):
        if column in plan.columns:
            return [str(n) for n in plan[column]]
    return [str(n) for n in plan.index]


def _plan(namespace: dict) -> pd.DataFrame | None:
    plan = namespace.get("plan")
    if plan_problems(plan, namespace, strict=True):  # names as shown are read, not refused
        return None
    return normalised(plan)


# -- 6.1 the plan table ----------------------------------------------------------------------------


def plan_problems(plan, namespace: dict, strict: bool = False) -> str | None:
    if not isinstance(plan, pd.DataFrame):
        return (
            "`plan` should be a pandas DataFrame (a row per marketing line, Q1..Q4 as columns); "
            f"it is {type(plan).__name__}."
        )
    table = normalised(plan)
    missing_cols = [q for q in QUARTERS if q not in table.columns]
    if missing_cols:
        return f"`plan` needs the columns {QUARTERS}; missing {missing_cols}. It has {list(table.columns)}."
    duplicated = sorted(set(table.index[table.index.duplicated()]))
    if duplicated:
        return f"`plan` has more than one row for {duplicated}: one row per line."
    missing = sorted(set(lines()) - set(table.index))
    extra = sorted(set(table.index) - set(lines()))
    if missing or extra:
        parts = [f"missing {missing}" if missing else "", f"unknown {extra}" if extra else ""]
        return (
            "`plan` needs one row per marketing line, named as in `last_year`'s index (paid media, "
            f"LinkedIn and the fixed lines): {'; '.join(p for p in parts if p)}. Put 0 in a line you "
            "stop; keep the lines in the index (plan.set_index('channel') if they are in a column)."
        )
    shown = [name for name in _row_names(plan) if name not in lines()]
    if shown and not strict:
        names = {label(n): n for n in lines()}
        return (
            f"`plan`'s rows are named as tables show them ({', '.join(repr(n) for n in shown[:3])}"
            f", ...), not as in `last_year`'s index ({', '.join(repr(names[n]) for n in shown[:3])}"
            ", ...). PHASING, MODEL_BASED and the next exercises use those names: start from "
            "plan = last_year.copy() and keep its index."
        )
    in_column = [c for c in ("channel", "line") if c in plan.columns]
    if in_column and not strict:
        return (
            f"`plan`'s lines are in a column ('{in_column[0]}'), not in its index: the loop of "
            "6.2 and PHASING look lines up by the index (plan.loc['meta', 'Q1']). Put them back: "
            f"plan = plan.set_index('{in_column[0]}')."
        )
    text = [
        (line, q, plan_value)
        for q in QUARTERS
        if q in plan.columns and not pd.api.types.is_numeric_dtype(plan[q])
        for line, plan_value in zip(_row_names(plan), plan[q], strict=True)
        if isinstance(plan_value, str)
    ]
    if text and not strict:
        line, q, plan_value = text[0]
        return (
            f"`plan`'s {line} row holds text in {q} ({plan_value!r}): a number typed in quotes. "
            "planning.phase and the model need numbers: type it without quotes (and without "
            "commas or $)."
        )
    values = table[QUARTERS]
    if not all(pd.api.types.is_numeric_dtype(values[q]) for q in QUARTERS):
        return "Every cell of `plan` should be a number of dollars."
    numbers = values.to_numpy(dtype=float)
    if not np.isfinite(numbers).all():
        return "`plan` has empty or infinite cells: put 0 where a line gets nothing."
    if (numbers < 0).any():
        return "`plan` has negative spend. Put 0 where a line gets nothing."
    total = float(numbers.sum())
    if total <= 0:
        return "`plan` spends nothing. The board asked for a plan."
    # named before the cap: this slip alone can push a plan over it
    if not strict and "linkedin" in values.index:
        linkedin = values.loc["linkedin"]
        budget = float(gifting()["budget"])
        if all(math.isclose(float(v), budget, rel_tol=0.01) for v in linkedin):
            return (
                f"`plan` gives LinkedIn ${budget:,.0f} in every quarter, "
                f"${float(linkedin.sum()):,.0f} in the year: GIFTING['budget'] is the whole "
                "year's money for the leads. Split it over the four quarters."
            )
    if total > BOARD_CAP + SLACK:
        return (
            f"`plan` spends ${total:,.2f} on marketing, over the board's cap of "
            f"${BOARD_CAP:,.0f} (every line counts: paid media, LinkedIn and the fixed lines). "
            "Ways down: stop TV and its production if its airtime does not earn them back; stage "
            "and cap the step-ups (Q1 within STEP_CEILINGS, later quarters within STEP_CAP "
            "times it); "
            "question the fixed lines."
        )
    if values.loc["tv"].sum() > 0 and values.loc["tv_production"].sum() <= 0:
        return (
            "`plan` airs TV but carries no tv_production: the ads must be made before they air "
            f"(2025: ${last_year().loc['tv_production'].sum():,.0f}). Carry it, or stop TV."
        )
    channels = list(model().names)
    media_total = float(values.loc[channels].to_numpy().sum())
    funded = int((values.loc[channels].sum(axis=1) >= 0.01 * media_total).sum())
    if media_total <= 0 or funded < 3:
        return (
            f"`plan` puts 1% or more of its paid media in {funded} consumer "
            f"{'channel' if funded == 1 else 'channels'}; the brief "
            "asks for a mix: at least 3 consumer channels with 1% or more of the paid media each. "
            "Start the consumer channels from MODEL_BASED."
        )
    return None


def plan_hidden_problems(plan, namespace: dict) -> str | None:
    return plan_problems(plan, namespace, strict=True)


# -- 6.2 phasing -------------------------------------------------------------------------------------


def by_month(monthly) -> pd.DataFrame | None:
    """The learner's months as a table: a row per month (in calendar order when dated) and a
    column per line; a table with the lines as rows and twelve month columns is turned round."""
    if not isinstance(monthly, pd.DataFrame):
        return None
    table = monthly.copy()
    for column in ("month", "date"):
        if column in table.columns:
            table = table.set_index(column)
            break
    if len(table) != 12 and len(table.columns) == 12:
        table = table.T
    names = {label(n): n for n in lines()}
    table.columns = [names.get(str(c), str(c)) for c in table.columns]
    if isinstance(table.index, pd.DatetimeIndex):
        table = table.sort_index()
    return table


def monthly_problems(
    monthly, namespace: dict, tolerance: float = 1.0, visible: bool = True
) -> str | None:
    plan = _plan(namespace)
    if plan is None:
        return "Fix `plan` (Exercise 6.1) first: the phasing is checked against it."
    if isinstance(monthly, pd.Series):
        return (
            "`monthly` should be a DataFrame with a row per month and a column per line (the plan "
            "by month and line), so that the model can read each channel's months; it is a Series."
        )
    table = by_month(monthly)
    if (
        visible
        and table is not None
        and isinstance(monthly, pd.DataFrame)
        and len(monthly) != 12
        and len(monthly.columns) == 12
    ):
        return (
            "`monthly` has a row per line and a column per month: the model reads a row per "
            "month and a column per line (as `PHASING`). Turn it round with monthly = monthly.T, "
            "or build it with index=model.months and a column per line."
        )
    if table is None:
        return f"`monthly` should be a pandas DataFrame, a row per month and a column per line; it is {type(monthly).__name__}."
    pieces = [v for v in table.to_numpy().ravel() if isinstance(v, list | tuple | np.ndarray)]
    if pieces:
        return (
            f"Some cells of `monthly` hold a list or an array of {len(pieces[0])} numbers, not one "
            "month's number: each line's column needs 12 numbers, one per month. Join the four "
            "quarters' pieces into one: np.concatenate([q1, q2, q3, q4]), or q1 + q2 + q3 + q4 "
            "with lists, or values.extend(piece) instead of values.append(piece) in a loop."
        )
    if len(table) == 4:
        return (
            "`monthly` has 4 rows, one per quarter: it should have 12, one per month. Each "
            "line's column is its four quarters' three months joined into 12 numbers "
            "(np.concatenate([q1, q2, q3, q4]), or values.extend(piece) in a loop)."
        )
    if len(table) != 12:
        return f"`monthly` should have 12 rows, one per month of 2026; it has {len(table)}."
    missing = [line for line in plan.index if line not in table.columns]
    if missing and len(missing) == len(plan.index):
        return (
            f"`monthly` has 12 rows but no column named after a line of `plan` (it has "
            f"{list(table.columns)[:5]}). If your loop stopped with an error such as 'Length of "
            "values (4) does not match length of index (12)', a column got 4 pieces of 3 months: "
            "join them into 12 numbers first (np.concatenate, or values.extend(piece)), then "
            "monthly[line] = values."
        )
    if missing:
        return f"`monthly` needs a column for every line of `plan`; missing {missing}."
    values = table[list(plan.index)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        return "`monthly` has empty, infinite or negative months."
    quarters = values.reshape(4, 3, -1).sum(axis=1)  # quarter x line
    for i, q in enumerate(QUARTERS):
        for j, line in enumerate(plan.index):
            got, want = quarters[i, j], float(plan.loc[line, q])
            if abs(got - want) > tolerance:
                message = (
                    f"The months of {q} add up to ${got:,.2f} for {line}, but `plan` puts "
                    f"${want:,.2f} there."
                )
                weights = phasing(plan)[line].to_numpy()
                scaled = want * weights[3 * i : 3 * i + 3]
                if want > 0 and np.abs(values[3 * i : 3 * i + 3, j] - scaled).max() <= 1.0:
                    message += (
                        " The months are the quarter multiplied by PHASING's weights, but the "
                        "weights are not fractions that add up to 1: multiplying scales the "
                        "quarter. Split it with planning.phase(amount, weights)."
                    )
                return message
    return _split_problem(values, plan)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTH_NAMES += ("September", "October", "November", "December")


def _split_problem(values: np.ndarray, plan: pd.DataFrame) -> str | None:
    """The months add up to the quarters; are they split as PHASING says? A month more than $1 and
    1% of its quarter away from PHASING's split (a slice of the wrong rows, equal thirds) is named."""
    weights = phasing(plan)
    for i, q in enumerate(QUARTERS):
        for j, line in enumerate(plan.index):
            amount = float(plan.loc[line, q])
            quarter_weights = weights[line].to_numpy()[3 * i : 3 * i + 3]
            want = planning.phase(amount, quarter_weights) if quarter_weights.sum() > 0 else 0.0
            got = values[3 * i : 3 * i + 3, j]
            if np.abs(got - want).max() > 1.0 + 0.01 * abs(amount):
                first = 3 * i
                start = (
                    f"`monthly` adds up to the quarters, but {line}'s {q} is not split as "
                    "PHASING says"
                )
                plain = planning.month_weights(model(), [line])[line].to_numpy()[3 * i : 3 * i + 3]
                if np.abs(got - planning.phase(amount, plain)).max() <= 1.0:
                    return (
                        f"{start}: its months follow the model's own months "
                        "(planning.month_weights), not PHASING as rebuilt for your plan, which "
                        f"keeps a staged or held quarter within the reach seen. Run the cell "
                        "above Exercise 6.2 that sets PHASING, and split with its rows."
                    )
                if np.abs(got - amount / 3).max() <= 1.0:
                    return (
                        f"{start}: its three months are equal thirds. A consumer channel's months "
                        f"follow its weights: phase each quarter with the rows of PHASING['{line}'] "
                        "for that quarter's months, as in the worked example."
                    )
                return (
                    f"{start}: its months are {MONTH_NAMES[first]} to {MONTH_NAMES[first + 2]}, "
                    f"rows {first} to {first + 2} of PHASING['{line}']. Check the slice in your "
                    "loop: the quarter numbered i (0 for Q1) starts at row 3 * i, not at row i."
                )
    return None


def monthly_hidden_problems(monthly, namespace: dict) -> str | None:
    # ten cents: a plan's cells may hold fractions of a cent that phasing rounds month by month
    return monthly_problems(monthly, namespace, tolerance=0.10, visible=False)


# -- 6.3 where the plan spends past the point where the next dollar pays ------------------------


def reason_needed(plan: pd.DataFrame) -> list[tuple[str, str]]:
    """(line, why) for every line whose spend needs a stated reason: a consumer channel above its
    model-based budget in a quarter (its next dollar returns less than 1 there), TV on air (its
    airtime must earn back its production), TV production with no TV on air in the year,
    LinkedIn far from what the gifting leads need."""
    needed = []
    limits = model_based()
    for channel in model().names:
        for q in QUARTERS:
            spend, limit = float(plan.loc[channel, q]), float(limits.loc[channel, q])
            if spend > limit * (1 + ABOVE_MODEL) + 100:
                needed.append(
                    (
                        channel,
                        f"`plan` spends ${spend:,.0f} on {channel} in {q}, above the "
                        f"${limit:,.0f} where its next dollar returns 1 (MODEL_BASED): past it, "
                        "each dollar buys less than it costs",
                    )
                )
                break
    if plan.loc["tv"].sum() > 0 and "tv" not in dict(needed):
        needed.append(
            (
                "tv",
                f"`plan` airs TV: its airtime must earn back "
                f"${plan.loc['tv_production'].sum():,.0f} of production (at its model-based "
                f"budget, {money(tv_at_model_based()['airtime'])}, TV's airtime earns about "
                f"{money(tv_at_model_based()['earns'])} over its own cost)",
            )
        )
    if plan.loc["tv"].sum() <= 0 and plan.loc["tv_production"].sum() > 0:
        needed.append(
            (
                "tv_production",
                f"`plan` carries ${plan.loc['tv_production'].sum():,.0f} of tv_production but "
                "puts no money on TV airtime: ads made that never air",
            )
        )
    linkedin, budget = float(plan.loc["linkedin"].sum()), float(gifting()["budget"])
    if abs(linkedin - budget) > LINKEDIN_BAND * budget:
        needed.append(
            (
                "linkedin",
                f"`plan` gives LinkedIn ${linkedin:,.0f}, far from the ${budget:,.0f} the "
                f"{gifting()['leads_needed']:,.0f} gifting leads need at last year's cost per lead",
            )
        )
    elif linkedin > 0 and gifting()["worth_per_lead"] < gifting()["marginal_cost"]:
        needed.append(
            (
                "linkedin",
                f"`plan` gives LinkedIn ${linkedin:,.0f} for gifting leads worth about "
                f"${gifting()['worth_per_lead']:,.0f} each after selling costs, less than the "
                f"${gifting()['marginal_cost']:,.0f} the last of them costs (the first costs "
                f"${gifting()['first_lead_cost']:,.0f}): the next dollar does not pay, "
                "so say whose call it is and what it buys",
            )
        )
    return needed


def _says_what_it_buys(reason: str) -> bool:
    """A reason names what the money buys or tests: one of REASON_TERMS at the start of a word
    ("test" in "tested", not in "greatest")."""
    return (
        re.search(r"\b(?:" + "|".join(map(re.escape, REASON_TERMS)) + ")", reason.lower())
        is not None
    )


def reasons_problems(reasons, namespace: dict) -> str | None:
    plan = _plan(namespace)
    if plan is None:
        return "Fix `plan` (Exercise 6.1) first: the reasons are checked against it."
    if not isinstance(reasons, dict):
        return f"`reasons` should be a dict, line -> why; it is {type(reasons).__name__}."
    for line, why in reason_needed(plan):
        reason = reasons.get(line)
        if isinstance(reason, str) and len(reason.split()) < MIN_REASON_WORDS:
            return (
                f"{why}. Your reasons['{line}'] has {len(reason.split())} word(s): say why in a "
                f"sentence of at least {MIN_REASON_WORDS} words (what it buys, or what it tests)."
            )
        if isinstance(reason, str) and not _says_what_it_buys(reason):
            return (
                f"{why}. Your reasons['{line}'] does not say what the money buys or tests: name "
                "the test that needs it and when it reads, the customers, leads or gap it buys at "
                "a known cost, or the limit it keeps (a floor, the reach its curve has seen)."
            )
        if reason is not None and not isinstance(reason, str):
            return (
                f"{why}. reasons['{line}'] holds a {type(reason).__name__}: write the reason as "
                'text in quotes, reasons["' + line + '"] = "...".'
            )
        if reason is None:
            near = [k for k in reasons if str(k).strip().lower() in (line, label(line).lower())]
            if near:
                return (
                    f"{why}. Your reason is under {near[0]!r}, which is not a line's name: use "
                    f"'{line}', as in plan's index (reasons['{line}'] = ...)."
                )
            return (
                f"{why}. Give the reason in reasons['{line}'] (a sentence of at least "
                f"{MIN_REASON_WORDS} words), or change the plan."
            )
    unknown = sorted(str(k) for k in set(reasons) - set(lines()))
    if unknown:
        return f"`reasons` names lines that are not in the plan: {unknown} (use the names of plan's index)."
    return None


def reasons_hidden_problems(reasons, namespace: dict) -> str | None:
    return reasons_problems(reasons, namespace)


# -- 6.4 the customer tree ---------------------------------------------------------------------------


def base_2026() -> float:
    return float(model().base.sum())


@datasets.cached
def in_year_revenue_per_new_customer() -> float:
    customers = datasets.load("customers")
    cohorts = planning.revenue_by_cohort(datasets.load("orders"), customers)
    new = int((customers["first_order_date"].dt.year == YEAR).sum())
    return float(cohorts.loc[YEAR, YEAR]) / new


def first_order_value(before_refunds: bool = False) -> float:
    """What 2025's new customers spent on their first order, net (Module 04's FIRST_ORDER_VALUE)
    or before refunds: the 6.4 slips that leave out the orders they place again before December."""
    from .m04_offline_channels import first_order_value as module_04s
    from .m04_offline_channels import first_orders

    if before_refunds:
        return float(first_orders()["revenue"].mean())
    return module_04s()


@datasets.cached
def orders_mean_revenue() -> tuple[float, float]:
    """An order's average revenue, over every year and over 2025: revenue per order, not per
    new customer."""
    orders = datasets.load("orders")
    in_year = orders[orders["order_date"].dt.year == YEAR]
    return float(orders["revenue"].mean()), float(in_year["revenue"].mean())


def tree_problems(tree, namespace: dict, plausible: bool = False) -> str | None:
    if not isinstance(tree, dict):
        return f"`customer_tree` should be a dict with the keys {list(TREE_KEYS)}; it is {type(tree).__name__}."
    missing = [k for k in TREE_KEYS if k not in tree]
    if missing:
        return f"`customer_tree` is missing {missing}."
    several = [k for k in TREE_KEYS if isinstance(tree[k], list | tuple | np.ndarray | pd.Series)]
    if several:
        key = several[0]
        if len(tree[key]) == 1:
            return (
                f"customer_tree['{key}'] is a {type(tree[key]).__name__} of one value, not a "
                "number: take the number out of it with .iloc[0] (a Series) or float(...)."
            )
        return (
            f"customer_tree['{key}'] holds {len(tree[key])} numbers (a month each, or a row each), "
            "not one: add them up to one number for the year with .sum()."
        )
    quoted = [k for k in TREE_KEYS if isinstance(tree[k], str)]
    if quoted:
        key = quoted[0]
        return (
            f"customer_tree['{key}'] is text ({tree[key]!r}), a number typed in quotes: drop the "
            "quotes (and any commas or $), or use the variable that holds the number."
        )
    bad = [k for k in TREE_KEYS if not _is_number(tree[k]) or float(tree[k]) < 0]
    if bad:
        return f"These entries of `customer_tree` should be positive numbers: {bad}."
    t = {k: float(tree[k]) for k in TREE_KEYS}
    target = float(inputs()["revenue_target"].sum())
    checks = [
        (
            "revenue_target",
            t["revenue_target"],
            target,
            "the 2026 revenue target (planning_inputs)",
        ),
        (
            "new_customer_revenue",
            t["base_revenue"] + t["new_customer_revenue"],
            t["revenue_target"],
            "base_revenue + new_customer_revenue should give the revenue target",
        ),
        (
            "new_customers",
            t["new_customers"] * t["revenue_per_new_customer"],
            t["new_customer_revenue"],
            "new_customers x revenue_per_new_customer should give new_customer_revenue",
        ),
    ]
    if not math.isclose(t["revenue_target"], target, rel_tol=0.01):
        return (
            f"The tree's revenue_target is ${t['revenue_target']:,.0f}, not the 2026 revenue "
            f"target: use TARGET (the sum of planning_inputs' revenue_target), with nothing added to it."
        )
    for key, got, want, why in checks:
        if not math.isclose(got, want, rel_tol=0.01):
            return f"The tree does not hold together at `{key}`: {why} (within 1%)."
    if plausible:
        if not math.isclose(t["base_revenue"], base_2026(), rel_tol=0.10):
            last_revenue = float(inputs()["ly_net_revenue"].sum())
            if math.isclose(t["base_revenue"], last_revenue, rel_tol=0.03):
                return (
                    f"The tree's base_revenue is ${t['base_revenue']:,.0f}, about 2025's net revenue "
                    "from every customer, the new ones of 2025 included. The base is what the "
                    "customers you already have will bring in 2026: the sum of model.base (the "
                    "base by month, as in Module 05)."
                )
            return (
                "The tree's base_revenue is more than 10% away from what the customers you "
                "already have will bring in 2026 (the sum of model.base, Module 05's "
                "planning.base_revenue_next_year): a plausible base starts from the data."
            )
        per_order = [float(v) for v in orders_mean_revenue()]
        if any(
            math.isclose(t["revenue_per_new_customer"], v, rel_tol=0.005) for v in per_order
        ) and not math.isclose(
            t["revenue_per_new_customer"], in_year_revenue_per_new_customer(), rel_tol=0.005
        ):
            return (
                f"The tree's revenue_per_new_customer, ${t['revenue_per_new_customer']:,.2f}, is "
                "the average order's revenue: revenue per order, not per customer. A new customer "
                "may order more than once in her first year: divide what the customers who first "
                "bought in 2025 spent in 2025 (the cohort table) by how many they were."
            )
        last = in_year_revenue_per_new_customer()
        twelve = _module_05().twelve_month_revenue_per_new_customer()
        if math.isclose(t["revenue_per_new_customer"], twelve, rel_tol=0.005):
            return (
                f"The tree's revenue_per_new_customer, ${t['revenue_per_new_customer']:,.2f}, is "
                "what a new customer brings in her first twelve months (Module 05's mistake in "
                "5.2). A customer who arrives in the autumn brings only part of that before "
                f"December: 2025's new customers brought ${last:,.2f} each in the calendar year. "
                "On twelve months the tree asks for too few new customers, and the plan would "
                "seem to find more than it needs while the gap stays open."
            )
        first, before_refunds = first_order_value(), first_order_value(before_refunds=True)
        if math.isclose(t["revenue_per_new_customer"], before_refunds, rel_tol=0.002):
            return (
                f"The tree's revenue_per_new_customer, ${t['revenue_per_new_customer']:,.2f}, is "
                "a new customer's first order before refunds: one order, and revenue the P&L "
                "does not keep. What the target counts is net revenue over her whole first "
                f"calendar year, ${last:,.2f} for 2025's new customers: read it from the cohort "
                "table, as in Exercise 5.2."
            )
        if math.isclose(t["revenue_per_new_customer"], first, rel_tol=0.005):
            return (
                f"The tree's revenue_per_new_customer, ${t['revenue_per_new_customer']:,.2f}, is "
                "what a new customer spends on her first order (Module 04's FIRST_ORDER_VALUE). "
                "Many order again before December: 2025's new customers brought "
                f"${last:,.2f} each in the calendar year. On the first order alone the tree asks "
                "for too many new customers."
            )
        if not (1 - TREE_BAND) * last <= t["revenue_per_new_customer"] <= (1 + TREE_BAND) * last:
            return (
                f"The tree's revenue_per_new_customer, ${t['revenue_per_new_customer']:,.2f}, is "
                f"more than {TREE_BAND:.0%} away from what 2025's new customers brought in their "
                "first calendar year. Read it from the cohort table: what the customers who first "
                "bought in 2025 spent in 2025, divided by how many they were."
            )
    return None


def tree_hidden_problems(tree, namespace: dict) -> str | None:
    return tree_problems(tree, namespace, plausible=True)


# -- the example plan (the solution notebook's) -----------------------------------------------------


def phasing(plan: pd.DataFrame) -> pd.DataFrame:
    """The notebook's ``PHASING`` for ``plan`` (the provided cell before Exercise 6.2): each quarter split
    as the model's optimum splits it, a step-up's or step-down's kept within the reach seen where
    its quarter fits (``planning.plan_weights``, with ``STEP_CAP``), the other lines evenly."""
    return planning.plan_weights(model(), plan.astype(float), STEP_CAP)


def phased(plan: pd.DataFrame, ups: bool = True, downs: bool = True) -> pd.DataFrame:
    """A plan by quarter phased by month: each quarter split as the model's optimum splits it
    (``planning.by_month``), a step-up's (if ``ups``) and a step-down's (if ``downs``) within the
    reach seen wherever its quarter's total fits (``planning.within_reach_seen`` without holding):
    the example plan's months as ``PHASING`` splits them, and a plan that goes past a limit (the
    model-based budget from January) phased as the model phases it."""
    months = planning.by_month(model(), plan)
    return planning.within_reach_seen(model(), months, STEP_CAP, hold=False, ups=ups, downs=downs)


def as_phasing_splits(plan: pd.DataFrame) -> pd.DataFrame:
    """A plan by quarter phased by month, to the cent, as ``PHASING`` (``phasing``) splits each
    quarter: what Exercise 6.2's loop gives."""
    return planning.by_month(model(), plan, phasing(plan))


def unstaged_media() -> pd.DataFrame:
    """Module 05's model-based paid media without TV, by channel and quarter: every channel-quarter
    funded to where its next dollar returns 1, from January."""
    return planning.quarterly(model().without("tv").best_budget())


def staged_channels() -> list[str]:
    """The step-ups: the consumer channels the model-based plan raises, in some quarter, more than
    a tenth past the most reach a day they were bought at in 2025 (``planning.step_ups``). Their curves
    are least sure there, past the spend they were measured at, so the example plan stages them
    (``staged``)."""
    return planning.step_ups(model())


def step_limits() -> pd.DataFrame:
    """By step-up (rows) and quarter, the most the example plan gives it until a read confirms its
    curve: in Q1 the most reach a day its curve was seen at, at the quarter's prices and days
    (``planning.step_ceilings``: 2025's busiest month in reach), from Q2 ``STEP_CAP`` times that."""
    ceilings = planning.step_ceilings(model()).loc[staged_channels(), QUARTERS]
    return ceilings * np.array([1.0] + [STEP_CAP] * 3)


def held_channels() -> list[str]:
    """The step-ups whose model-based budget passes ``step_limits`` in some quarter: those the
    example plan holds back (the others rise within the cap, and are funded as the model has
    them)."""
    limits = step_limits()
    based = unstaged_media().loc[limits.index, QUARTERS]
    return [c for c in limits.index if (based.loc[c] > limits.loc[c] + 0.5).any()]


# The example plan's staging (``staged``), as its risk answer, CFO answer and memo state it: in Q1 each step-up
# buys at most the most reach a day it was seen at in 2025 (or its model-based budget, if lower)
# while a test whose heavier cell runs at the model's April rate (the spend the reserve would buy)
# reads its next dollar; from Q2 it is funded to the model-based budget, capped at ``STEP_CAP``
# times that reach (``step_limits``); the money the caps hold back is a reserve, released where a
# read confirms the curve: each step-up is funded to where its next dollar, on the curve re-fitted
# with that read, returns 1, raised in steps and re-read. The rule is not a go/stop.
# Until a read at two spend levels comes in, a step-up rises at most to this multiple of the most
# reach a day it was bought at in 2025: near spend already seen, where Modules 03 and 04 trust a
# curve, not at the two or three times the fitted curves would fund.
STEP_CAP = 1.5
# 2025's response: the plan model's curves before the momentum it carries into 2026 (a dollar of
# paid digital brings more in 2026 than it did in 2025). What 2025's spend "returned" is read on it.
AS_IN_2025 = planning.Assumptions(momentum=0.0)
# How much weaker than fitted the step-ups' curves might be, for what staging gains or loses.
WEAKER = (0.3, 0.5)
# A hurdle above 1 that cost of capital and model error argue for; the plan funds to 1.
HURDLE = 1.05


def step_downs() -> list[str]:
    """The cuts past spend seen: the paid digital channels the model-based plan takes below their
    lowest month of 2025 (``planning.step_downs``)."""
    return planning.step_downs(model())


def cut_limits() -> pd.DataFrame:
    """By step-down (rows) and quarter, the least the example plan gives it: in
    ``planning.CUT_HELD`` (Q1 and Q2) its lowest month of 2025's rate over the quarter
    (``planning.cut_floors``, in reach), from Q3 that over ``STEP_CAP`` (``planning.cut_steps``):
    a cut, like a raise, goes one step past the reach seen at a time."""
    floors = planning.cut_floors(model()).loc[step_downs(), QUARTERS]
    return floors * planning.cut_steps(STEP_CAP)


def deepest_cut() -> tuple[str, pd.Timestamp, float]:
    """Where the model-based budget (TV stopped) cuts a step-down deepest below its floor, in
    reach: (channel, month, that month's budget over its ``planning.month_floors``)."""
    based = model().without("tv").best_budget()[step_downs()]
    share = (based / planning.month_floors(model())[step_downs()]).stack()
    month, channel = share.idxmin()
    return channel, month, float(share.min())


def floored(plan: pd.DataFrame) -> pd.DataFrame:
    """``plan`` with each step-down cut in steps (``cut_limits``): through Q2 at least at its
    lowest month of 2025's rate over the quarter (the step is too small for a regional test to
    read; the curve is re-fitted with the months at the floor), from Q3 to the model's $1 point
    on the re-fitted curve, but at least that rate over ``STEP_CAP``: the re-fit reads the
    curve's level, not how it bends further below. A cut, like a raise, starts within the spend
    seen (Modules 01 and 03)."""
    plan = plan.copy()
    limits = cut_limits()
    rows = list(limits.index)
    plan.loc[rows, QUARTERS] = np.maximum(
        plan.loc[rows, QUARTERS].to_numpy(dtype=float), limits.to_numpy()
    )
    return plan


def staged(plan: pd.DataFrame) -> pd.DataFrame:
    """``plan`` with each step-up staged and capped: each quarter at most its ``step_limits`` (Q1
    within the most reach seen, from Q2 ``STEP_CAP`` times it), never above the plan's own."""
    plan = plan.copy()
    limits = step_limits()
    rows = list(limits.index)
    plan.loc[rows, QUARTERS] = np.minimum(
        plan.loc[rows, QUARTERS].to_numpy(dtype=float), limits.to_numpy()
    )
    return plan


def agency_fees_2026() -> float:
    """The example plan's agency fees for the year: 2025's flat fee (2025's line less its half-year
    of the PR retainer) held, since it is the same every month whatever the media, plus the PR
    retainer renewed for six months with a break clause (judged on extra branded search, net of
    TV's share, and direct traffic against a baseline, not coverage), as a decision: the line
    stays at 2025's level."""
    flat = float(last_year().loc["agency_fees"].sum()) - pr_retainer()
    return flat + pr_retainer()


def _unstaged_plan() -> pd.DataFrame:
    """The example plan before staging: every channel at its model-based budget from January, TV
    stopped with its production, LinkedIn at what the gifting leads need (phased like business
    development's pipeline), the PR retainer renewed for six months in the agency fees, the
    other fixed lines at 2025's level."""
    plan = last_year().copy()
    # the flat fee evenly; the PR retainer's six months in Q1 and Q2
    flat = agency_fees_2026() - pr_retainer()
    plan.loc["agency_fees", QUARTERS] = flat / 4 + pr_retainer() * np.array([0.5, 0.5, 0.0, 0.0])
    media_plan = unstaged_media()
    plan.loc[media_plan.index, QUARTERS] = media_plan[QUARTERS].to_numpy()
    plan.loc[["tv", "tv_production"], QUARTERS] = 0.0
    pipeline = inputs().set_index("month")["gifting_pipeline_target"]
    by_quarter = pipeline.groupby(pipeline.index.quarter).sum().to_numpy()
    plan.loc["linkedin", QUARTERS] = gifting()["budget"] * by_quarter / by_quarter.sum()
    return plan


@datasets.cached
def example_plan() -> pd.DataFrame:
    """The model answer's plan: each consumer channel at its model-based budget by quarter, except
    the step-ups, staged and capped (``staged``: Q1 within the most reach seen in 2025 until a
    test reads their next dollar, then at most ``STEP_CAP`` times it), and the cuts held;
    TV stopped with its production (its airtime does not earn back its making); LinkedIn at what
    the gifting leads need; the PR retainer renewed for six months; the other fixed lines at
    2025's level."""
    return staged(floored(_unstaged_plan()))


def _unstaged_steps() -> pd.DataFrame:
    """The example plan with its step-ups funded to the model-based budget from January (its
    cuts held as in the plan): what staging and capping the step-ups are judged against."""
    return floored(_unstaged_plan())


def _months(which: str) -> pd.DataFrame:
    """The months of the example plan (``"example"``), of it with its step-ups unstaged
    (``"steps"``: ``_unstaged_steps``, the step-ups as the model phases them) and of it with
    nothing staged (``"unstaged"``: ``_unstaged_plan``, Module 05's months)."""
    if which == "example":
        return phased(example_plan())
    if which == "steps":
        return phased(_unstaged_steps(), ups=False)
    return phased(_unstaged_plan(), ups=False, downs=False)


@datasets.cached
def staging_cost() -> dict:
    """What staging and capping the step-ups cost if the curves are right (the example plan against
    the same plan with its step-ups funded to the model-based budget from January: contribution
    after paid media, gap, new customers), the spend they hold back over the year, and of it the
    reserve (``reserve``: Q2 to Q4, released where a read confirms the curve)."""
    return {**_given_up("example", "steps"), "reserve": reserve()}


def _given_up(plan: str, baseline: str, scenario: str = "base") -> dict:
    """What the months ``plan`` give up against ``baseline`` (``_months``), on the model's
    curves, in ``scenario``: the spend they hold back, the contribution after paid media they
    lose, the gap they widen, the new customers they lose (negative where they gain)."""
    m, assumptions = model(), planning.SCENARIOS[scenario]
    ours = m.evaluate(_months(plan), assumptions)
    theirs = m.evaluate(_months(baseline), assumptions)
    return {
        "spend": theirs["spend"] - ours["spend"],
        "profit": theirs["profit"] - ours["profit"],
        "gap": ours["gap"] - theirs["gap"],
        "customers": theirs["media_customers"] - ours["media_customers"],
    }


def weakened(factor: float, channels: tuple[str, ...] | None = None) -> planning.PlanModel:
    """The plan model with the curves of ``channels`` (the step-ups unless given) ``factor`` as
    strong as fitted (0.7: 30% weaker; 1.1: 10% stronger)."""
    import copy

    m = copy.copy(model())
    steps = staged_channels() if channels is None else channels
    m.curves = [c.scaled(factor) if c.name in steps else c for c in model().curves]
    return m


@datasets.cached
def staging_gain(weaker: float) -> float:
    """What staging gains in contribution after paid media (negative: what it costs) if the
    step-ups' curves are ``weaker`` (0.3: 30%) below what was fitted: the staged plan against the
    same plan funded from January, both read on the weakened curves. One basis: contribution."""
    m = weakened(1 - weaker)
    staged_plan, unstaged = (
        m.evaluate(_months("example")),
        m.evaluate(_months("steps")),
    )
    return staged_plan["profit"] - unstaged["profit"]


@datasets.cached
def floor_cost(scenario: str = "base") -> dict:
    """What holding the step-downs at 2025's lowest month through Q2, and within a step of it after
    (``cut_limits``), costs if the curves are right
    (``floored`` against the model-based cuts from January), in ``scenario`` (the downside: the
    held dollars find less): the extra spend, the contribution after paid media it gives up, the
    gap it closes and the new customers it adds."""
    cut = _given_up("unstaged", "steps", scenario)  # cutting from January
    return {
        "spend": cut["spend"],
        "profit": -cut["profit"],
        "gap": cut["gap"],
        "customers": cut["customers"],
    }


@datasets.cached
def floor_gain(stronger: float) -> float:
    """What holding the step-downs at their floors (``cut_limits``) gains in contribution after paid media
    (negative: what it costs) if their curves are ``stronger`` (0.1: 10%) than fitted: cutting in
    steps against cutting from January, both read on the strengthened curves."""
    m = weakened(1 + stronger, tuple(step_downs()))
    return m.evaluate(_months("steps"))["profit"] - m.evaluate(_months("unstaged"))["profit"]


def _root(gain, high: float) -> float:
    """Where ``gain`` crosses 0 between 0 (a cost) and ``high`` (a gain), by bisection."""
    low = 0.0
    assert gain(low) < 0 < gain(high)
    while high - low > 1e-4:
        middle = (low + high) / 2
        low, high = (middle, high) if gain(middle) < 0 else (low, middle)
    return (low + high) / 2


@datasets.cached
def floor_break_even() -> float:
    """How much stronger than fitted the step-downs' curves must be for holding them at their
    floors (``cut_limits``) to pay: below it the hold is a premium for caution."""
    return _root(floor_gain, 0.9)


@datasets.cached
def staging_break_even() -> float:
    """How much weaker than fitted the step-ups' curves must be for staging to pay (its gain is
    0): a root of ``staging_gain`` by bisection. Below it, staging is a premium paid for nothing."""
    return _root(staging_gain, 0.9)


@datasets.cached
def read_worth(weaker: float) -> float:
    """What the Q1 reads are worth if the step-ups' curves are ``weaker`` than fitted: contribution
    after paid media, on the weakened curves, of funding the step-ups they read
    (``read_channels``) from Q2 to the re-fitted curves' $1 point rather than as the example plan
    does."""
    m = weakened(1 - weaker)
    refitted = planning.quarterly(m.without("tv").best_budget())
    plan, steps, later = example_plan().copy(), read_channels(), ["Q2", "Q3", "Q4"]
    plan.loc[steps, later] = refitted.loc[steps, later].to_numpy()
    return m.evaluate(phased(plan))["profit"] - m.evaluate(phased(example_plan()))["profit"]


def media_months(bar: float = 1.0) -> pd.DataFrame:
    """The example plan's paid media by month had it funded every channel-month to where its next
    dollar returns ``bar`` (TV stopped, the step-ups staged and capped and the cuts held at 2025's
    least reach through Q2, month by month: ``planning.within_reach_seen``): at 1, the example
    plan's."""
    best = model().without("tv").best_budget(bar=bar)
    return planning.within_reach_seen(model(), best, STEP_CAP)


@datasets.cached
def hurdle_cost() -> dict:
    """What funding to a next dollar of 1 rather than ``HURDLE`` adds (Module 05's
    ``between_bars`` on the example plan's months): paid media, and the contribution after that
    media it buys (almost nothing: the last dollars return about 1), and what cutting them would
    cost the target: the gap it widens (``gap_closed``), the new customers it loses."""
    return model().between_bars(HURDLE, 1.0, plan_at=media_months)


def example_tree() -> dict:
    target = float(inputs()["revenue_target"].sum())
    per_customer = in_year_revenue_per_new_customer()
    return {
        "revenue_target": target,
        "base_revenue": base_2026(),
        "new_customer_revenue": target - base_2026(),
        "revenue_per_new_customer": per_customer,
        "new_customers": (target - base_2026()) / per_customer,
    }


# The example plan's reasons (6.3), as its answer cell gives them: the cuts are held at 2025's lowest
# month through Q2 and within a step of it after, above their $1 point; LinkedIn is funded for the gifting leads, each worth less than it costs after selling
# costs; every other consumer channel is at or below its model-based budget.
EXAMPLE_REASONS = {
    **{
        channel: "Cut in steps: through Q2 at its lowest month of 2025's rate over each quarter, "
        "near spend its curve has seen; from Q3 to its $1 point on the curve re-fitted with those "
        "months, but not below two-thirds of that rate until the lower spend is read."
        for channel in ("meta", "instagram", "google_search")
    },
    "linkedin": "Business development's call: after selling costs each gifting lead brings less "
    "than it costs, so we fund the leads their pipeline target needs at an expected loss, release "
    "the second half only if they confirm a commission at which that half's own leads pay their "
    "media (its leads cost more than the average lead), and read cost per opportunity monthly.",
}


def reference_namespace() -> dict:
    """A plan that keeps every rule (the solution notebook's), its months, reasons and tree."""
    plan = example_plan().copy()
    return {
        "plan": plan,
        "monthly": as_phasing_splits(plan),
        "reasons": dict(EXAMPLE_REASONS),
        "customer_tree": example_tree(),
    }


@datasets.cached
def example_summary() -> pd.Series:
    return planning.budget_summary(model(), phased(example_plan()), gifting())


def pnl_bridge(plan, assumptions: planning.Assumptions | None = None) -> pd.DataFrame:
    """The plan in the P&L (``planning.plan_pnl``): 2025's actuals against the plan's 2026 and
    against it with its reserve released, down to EBITDA, for a plan that keeps 6.1's rules (a
    ValueError that says what to fix otherwise)."""
    problem = plan_problems(plan, {}, strict=True)
    if problem is not None:
        raise ValueError(f"Fix `plan` (Exercise 6.1) first: {problem}")
    return planning.plan_pnl(
        model(),
        normalised(plan),
        datasets.load("pnl_monthly"),
        last_year(),
        BOARD_CAP,
        YEAR,
        opex_growth=OPEX_GROWTH,
        refunded=online_refund_share(),
        assumptions=assumptions,
        step_cap=STEP_CAP,
    )


# -- 6.5 and 6.6: choose the basis --------------------------------------------------------------------

VALUE_BASES = ("two-year contribution", "first-year contribution", "first-order contribution")


@datasets.cached
def horizon_ratio(basis: str) -> float:
    """A new customer's contribution on ``basis`` over her two-year contribution (the cohort of
    2024, Module 01's curve)."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    curve = finance.cohort_contribution_curve(orders, customers, "2024-01-01", "2024-12-31", 24)
    cumulative = curve["cumulative_contribution"]
    month = {"first-order contribution": 0, "first-year contribution": 11}[basis]
    return float(cumulative.iloc[month] / cumulative.iloc[-1])


@datasets.cached
def budget_on(basis: str) -> dict:
    """The model-based plan if customers were valued on ``basis``, and what it really buys."""
    ratio = 1.0 if basis == "two-year contribution" else horizon_ratio(basis)
    plan = model().without("tv").best_budget(planning.Assumptions(order_value=ratio))
    return model().evaluate(plan)


def _fewer(basis: str) -> float:
    return (
        budget_on("two-year contribution")["media_customers"] - budget_on(basis)["media_customers"]
    )


def _horizon_message(basis: str) -> str:
    right, wrong = budget_on("two-year contribution"), budget_on(basis)
    return (
        f"On the {basis} a new customer looks worth {horizon_ratio(basis):.0%} of what she "
        f"leaves over two years, so the model-based paid media (without TV, which does not earn "
        f"back its production) falls from {money(right['spend'])} "
        f"to {money(wrong['spend'])}: about {right['media_customers'] - wrong['media_customers']:,.0f} "
        f"fewer new customers a year whose repeat orders would have paid for them, "
        f"{money(right['profit'] - wrong['profit'])} less two-year profit and "
        f"{money(wrong['gap'] - right['gap'])} more gap to the target."
    )


CFO_BASES = ("marginal return", "platform ROAS", "last-click ROAS")


@datasets.cached
def meta_numbers() -> dict:
    paid = datasets.load("paid_media_daily")
    chain = media.metric_chain(paid[paid["date"].dt.year == YEAR])
    orders = datasets.load("orders")
    credited = media.credited_orders(orders, "meta")
    credited = credited[credited["order_date"].dt.year == YEAR]
    spend = float(chain.loc["meta", "spend"])
    m = model()
    alone = m.last_year_spend.copy()
    alone.loc[:, [c for c in alone.columns if c != "meta"]] = 0.0
    best = m.best_budget()
    best.loc[:, [c for c in best.columns if c != "meta"]] = 0.0
    at_last_year, at_best = m.evaluate(alone), m.evaluate(best)
    return {
        "platform ROAS": float(chain.loc["meta", "roas"]),
        "last-click ROAS": float(credited["revenue"].sum()) / spend,
        # Module 03's bars: a platform's ROAS against the first-order margin (what it counts is
        # mostly new customers' first orders); last click, which credits repeat orders too,
        # against the online margin
        "platform ROAS break-even": 1
        / finance.first_order_margin(orders, datasets.load("customers"), YEAR),
        "last-click ROAS break-even": 1 / finance.online_margin(orders, YEAR),
        "spend": at_last_year["spend"],
        "model-based": at_best["spend"],
        "marginal": float(m.read_last_year(AS_IN_2025)["marginal_return"]["meta"]),
        "lost": at_best["profit"] - at_last_year["profit"],
    }


def _cfo_message(basis: str, counted: str) -> str:
    n = meta_numbers()
    bar = n[f"{basis} break-even"]
    margin = "first-order" if basis == "platform ROAS" else "online"
    if n[basis] >= bar:
        verdict = (
            f"above the break-even of {bar:.2f} on the {margin} margin, so you would tell "
            f"the CFO that Meta pays and keep all {money(n['spend'])}"
        )
    else:
        verdict = (
            f"below the break-even of {bar:.2f} on the {margin} margin, so you would tell "
            f"the CFO to cut Meta, dollars that pay included"
        )
    return (
        f"Meta's {basis} for 2025 is {n[basis]:.2f}, {verdict}. But {counted}, and it is an "
        f"average over every dollar. On the curves (incremental customers, two-year contribution) "
        f"Meta's last dollars returned {n['marginal']:.2f} in 2025; in 2026's market the "
        f"{money(n['spend'] - n['model-based'])} above its model-based budget would lose about "
        f"{money(n['lost'])} a year, and the dollars below it pay."
    )


EXERCISES = [
    RuleExercise(
        id="6.1",
        title="the plan table",
        answer="plan",
        rules=plan_problems,
        hidden_rules=plan_hidden_problems,
        example=reference_namespace,
        hints=[
            "Start from `last_year` (2025 by line and quarter) and change it: plan = last_year.copy(), "
            "then edit cells; MODEL_BASED has each consumer channel's model-based budget by quarter.",
            "plan.loc['meta', QUARTERS] = MODEL_BASED.loc['meta', QUARTERS] sets a row; "
            "plan[QUARTERS].to_numpy().sum() is the total.",
            "Stay within BOARD_CAP for every line together; TV needs tv_production to air; put "
            "1% or more of the paid media in at least 3 consumer channels; GIFTING['budget'] is "
            "for the whole year, so split it over the quarters.",
        ],
        passed=lambda p: (
            f"Your plan spends ${float(normalised(p)[QUARTERS].to_numpy(dtype=float).sum()):,.0f} "
            f"of the ${BOARD_CAP:,.0f} the board allows."
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
            "The idea: split each quarter of each line over its own three months, then put the "
            "line's four quarters one after the other: 12 months. PHASING[line] says how the "
            "model spreads that line's money over the months; rows 0-2 are Q1's months, 3-5 "
            "Q2's, 6-8 Q3's, 9-11 Q4's.",
            "The move, for one line and one quarter: planning.phase(plan.loc['meta', 'Q2'], "
            "PHASING['meta'].iloc[3:6]) gives Q2's three months for Meta. Do it for Q1 to Q4 and "
            "join the four pieces into one list of 12 with values.extend(piece) (append would "
            "make a list of 4 pieces). Then monthly[line] = values.",
            "Fill in the blanks (____):\n"
            "    monthly = pd.DataFrame(index=model.months)\n"
            "    for line in plan.index:\n"
            "        values = []\n"
            "        for i, q in enumerate(QUARTERS):  # i is 0, 1, 2, 3\n"
            "            weights = PHASING[line].iloc[____ : ____]  # the quarter's 3 months\n"
            "            values.extend(planning.phase(plan.loc[line, q], ____))\n"
            "        monthly[line] = values",
            "The blanks: 3 * i and 3 * i + 3 (Q1 is months 0 to 2), then weights.",
        ],
        passed="Every line's months add up to its quarters: finance can load the plan as it is.",
    ),
    RuleExercise(
        id="6.3",
        title="reasons where the plan goes past what pays",
        answer="reasons",
        rules=reasons_problems,
        hidden_rules=reasons_hidden_problems,
        example=reference_namespace,
        hints=[
            "Compare each consumer channel's quarters with MODEL_BASED: above it, the next dollar "
            "returns less than 1.",
            "TV on air needs a reason (its production); so does tv_production with no TV on air; "
            "so does LinkedIn, at GIFTING['budget'] or far from it: after selling costs a lead is "
            "worth GIFTING['worth_per_lead'], less than the last one costs "
            "(GIFTING['marginal_cost']).",
            "reasons['meta'] = 'a sentence saying why: what the money buys (customers, leads, the "
            "gap closed at a known cost) or what it tests'. An empty dict is fine if nothing needs "
            "one.",
        ],
        passed="Every dollar past the point where it pays has a stated reason. The check sees "
        "only that each names what the money buys or tests; whether it holds is for your "
        "instructor, and the board, to judge.",
    ),
    RuleExercise(
        id="6.4",
        title="the customer tree",
        answer="customer_tree",
        rules=tree_hidden_problems,
        hidden_rules=tree_hidden_problems,
        example=reference_namespace,
        hints=[
            "The idea: the target splits in two, what the customers you already have will bring "
            "(the base) and what new customers must bring. Divide the second by what one new "
            "customer brings in the calendar year she arrives: that is how many you must win.",
            "The moves: base_revenue = model.base.sum(). For one new customer, cohorts.loc[2025, "
            "2025] is what the customers who first bought in 2025 spent in 2025; divide it by how "
            "many they were, (customers['first_order_date'].dt.year == 2025).sum().",
            "Fill in the blanks (____):\n"
            "    new_2025 = (customers['first_order_date'].dt.year == ____).sum()\n"
            "    per_new = cohorts.loc[____, ____] / new_2025\n"
            "    customer_tree = {\n"
            '        "revenue_target": TARGET,\n'
            '        "base_revenue": ____,\n'
            '        "new_customer_revenue": TARGET - ____,\n'
            '        "revenue_per_new_customer": per_new,\n'
            '        "new_customers": (TARGET - ____) / ____,\n'
            "    }",
        ],
        passed="The target hangs from the customers: the base you have and the new customers you must win.",
    ),
    ValueExercise(
        id="6.5",
        title="choose the horizon a customer is valued on",
        answer="value_basis",
        comparator=Choice(VALUE_BASES),
        expected=lambda: "two-year contribution",
        mistakes=[
            Mistake(
                lambda: _horizon_message("first-year contribution"),
                value=lambda: "first-year contribution",
            ),
            Mistake(
                lambda: _horizon_message("first-order contribution"),
                value=lambda: "first-order contribution",
            ),
        ],
        hints=[
            "A new customer keeps ordering after her first order, and after her first year.",
            "The course values customers over the horizon of Module 01's LTV.",
        ],
        passed=lambda v: (
            "Valued over two years, the plan's customers pay for their media: valued on the first "
            f"year the plan would buy {_fewer('first-year contribution'):,.0f} fewer of them, on "
            f"the first order {_fewer('first-order contribution'):,.0f} fewer."
        ),
    ),
    ValueExercise(
        id="6.6",
        title="choose the number that answers the CFO on Meta",
        answer="cfo_basis",
        comparator=Choice(CFO_BASES),
        expected=lambda: "marginal return",
        mistakes=[
            Mistake(
                lambda: _cfo_message(
                    "platform ROAS",
                    "the platform counts view-throughs and modelled conversions (Module 03's lift "
                    "test found it claims more than twice the purchases its ads cause)",
                ),
                value=lambda: "platform ROAS",
            ),
            Mistake(
                lambda: _cfo_message(
                    "last-click ROAS",
                    "last click credits Meta with orders that would have happened anyway",
                ),
                value=lambda: "last-click ROAS",
            ),
        ],
        hints=[
            "The CFO asks about the next dollar, and about what Meta causes, not what it claims.",
            "Which number counts incremental customers, and describes the next dollar?",
        ],
        passed=lambda v: (
            f"Meta's next dollar returned {meta_numbers()['marginal']:.2f} at last year's spend: "
            "spent back to where it returns 1 (MODEL_BASED), Meta keeps the dollars that pay, and "
            "a dollar your plan puts above that needs its reason in 6.3."
        ),
    ),
]


# -- the figures of the text ---------------------------------------------------------------------------


def _zero() -> dict:
    m = model()
    return m.evaluate(m.last_year_spend * 0.0)


def _example() -> dict:
    return model().evaluate(phased(example_plan()))


def ads_content(plan: pd.DataFrame | None = None) -> float:
    """The content a plan's ads run on, by Module 01's rule (``m01_finance.ADS_CONTENT_SHARE``:
    the creators, half of social content, none of the agency fees) applied to the plan's own
    lines. Flat lines, so they judge paid media's average, never its next dollar."""
    from .m01_finance import ADS_CONTENT_SHARE

    plan = example_plan() if plan is None else plan
    return float(sum(plan.loc[line].sum() * share for line, share in ADS_CONTENT_SHARE.items()))


def profit_after_ads_content(plan: pd.DataFrame | None = None) -> float:
    """What a plan's paid media brings over its cost once it carries the content its ads run on:
    its customers' two-year contribution less the media and ``ads_content``."""
    plan = example_plan() if plan is None else plan
    return float(model().evaluate(phased(plan))["profit"]) - ads_content(plan)


@datasets.cached
def as_bought_2025() -> dict:
    """2025's paid media on 2025's own response, offline as it was bought (``read_last_year``)."""
    return model().read_last_year(AS_IN_2025)


def _cut_below_one() -> int:
    """The channels below 1 at the margin at 2025's spend that the example plan cuts (by more than
    5%); the others were below 1 only because they ran in flights, and keep or grow their money."""
    returns = as_bought_2025()["marginal_return"]
    below = returns[returns < 1].index
    plan, last = example_plan().loc[below].sum(axis=1), last_year().loc[below].sum(axis=1)
    return int((plan < 0.95 * last).sum())


def checkout_rollout() -> dict:
    """Module 02's roll-out of the new checkout on phones, a year of revenue before returns on the
    year's seasons (``m02_funnels.rollout_range``: the test week x the year's online revenue over
    the week's, not x 52), and its range on the test's 95% interval for the difference in
    completion (new less old). Phones only: tablets move too (the new checkout did better there,
    far from significantly, and on the odds), but their gain is too small and unsure to count. Not
    in the plan's forecast: the base and the new customers are read from 2025, before the
    roll-out, and the memo banks none of it before the holdback reads."""
    from . import m02_funnels

    rollout = m02_funnels.rollout_range("mobile")
    return {
        "a year": rollout["estimate"],
        "low": rollout["low"],
        "high": rollout["high"],
    }


FACTS = {
    "example: paid media": Fact(lambda: _example()["spend"], "{:.2f}M", scale=1e6),
    "example: total marketing": Fact(
        lambda: example_summary()["total marketing"], "{:.2f}M", scale=1e6
    ),
    "2025 marketing": Fact(
        lambda: float(inputs()["ly_marketing_total"].sum()), "{:.2f}M", scale=1e6
    ),
    "example: two-year contribution": Fact(
        lambda: _example()["two_year_contribution"], "{:.2f}M", scale=1e6
    ),
    "example: profit": Fact(lambda: _example()["profit"], "{:.2f}M", scale=1e6),
    "example: profit after the content its ads run on": Fact(
        lambda: profit_after_ads_content(), "{:.2f}M after", scale=1e6
    ),
    "example: profit at 2025's response after the content its ads run on": Fact(
        lambda: model().evaluate(phased(example_plan()), AS_IN_2025)["profit"] - ads_content(),
        "{:.2f}M with both",
        scale=1e6,
    ),
    "example: expected revenue": Fact(lambda: _example()["expected_revenue"], "{:.1f}M", 1e6),
    "example: gap": Fact(lambda: _example()["gap"], "{:.2f}M", scale=1e6),
    "example: media customers": Fact(lambda: round(_example()["media_customers"], -2), "{:,.0f}"),
    "example: cut in paid media": Fact(
        lambda: 1 - _example()["spend"] / float(model().last_year_spend.to_numpy().sum()),
        "{:.0%}",
    ),
    "example: fixed lines": Fact(lambda: example_summary()["fixed lines"], "{:.2f}M", 1e6),
    "target": Fact(lambda: float(inputs()["revenue_target"].sum()), "{:.2f}M", scale=1e6),
    "target growth": Fact(
        lambda: float(inputs()["revenue_target"].sum() / inputs()["ly_net_revenue"].sum()) - 1,
        "{:.0%} growth",
    ),
    "new customers the target needs": Fact(
        lambda: round(example_tree()["new_customers"], -2), "{:,.0f}"
    ),
    "their growth on 2025": Fact(
        lambda: example_tree()["new_customers"] / _new_customers_2025() - 1, "{:.0%} more"
    ),
    "zero: gap": Fact(lambda: _zero()["gap"], "{:.1f}M", scale=1e6),
    "channels below 1 at the margin in 2025": Fact(
        lambda: int((as_bought_2025()["marginal_return"] < 1).sum()),
        "{:.0f} of",
    ),
    "Module 05's plan, every line": Fact(lambda: module_05_whole_budget(), "{:.2f}M, under", 1e6),
    "2025's paid media: its spend": Fact(
        lambda: as_bought_2025()["spend"],
        "{:.2f}M bought",
        1e6,
    ),
    "2025's paid media: its two-year contribution": Fact(
        lambda: as_bought_2025()["two_year_contribution"],
        "{:.2f}M of two-year contribution",
        1e6,
    ),
    "Meta at the margin in 2025": Fact(lambda: 100 * meta_numbers()["marginal"], "{:.0f} cents"),
    "gifting: LinkedIn leads": Fact(lambda: round(gifting()["leads_needed"], -2), "{:,.0f}"),
    "gifting: LinkedIn budget": Fact(lambda: gifting()["budget"], "{:.0f}k", scale=1e3),
    "momentum's worth": Fact(lambda: _momentum_worth(), "{:.1f}M", scale=1e6),
    "momentum's worth to the example plan, in the lesson": Fact(
        lambda: _momentum_worth(), "about ${:.2f}M of revenue to", scale=1e6
    ),
    "momentum's worth: the example plan's over Module 05's plan's": Fact(
        lambda: _momentum_worth() - _module_05().momentum_worth(),
        "{:.0f}k more than to Module 05's",
        scale=1e3,
    ),
    "example: new customers it finds": Fact(
        lambda: round(float(_example_new_customers()), -2), "we find {:,.0f}"
    ),
    "example: profit at 2025's response": Fact(
        lambda: model().evaluate(phased(example_plan()), AS_IN_2025)["profit"],
        "{:.2f}M at 2025's response",
        1e6,
    ),
    "example: growth it delivers": Fact(
        lambda: _example()["expected_revenue"] / float(inputs()["ly_net_revenue"].sum()) - 1,
        "+{:.1%}",
    ),
    "channels below 1 the plan cuts": Fact(_cut_below_one, "cuts {:.0f} of them"),
    "checkout roll-out, high after returns": Fact(
        lambda: rollout_after_returns("high"), "{:.1f}M after returns", 1e6
    ),
    "step-ups: how far the model takes TikTok past the most it has seen": Fact(
        lambda: step_past_seen("tiktok"), "TikTok to {:.1f}"
    ),
    "step-ups: how far the model takes YouTube past the most it has seen": Fact(
        lambda: step_past_seen("youtube"), "YouTube to {:.1f} times"
    ),
    "checkout roll-out, a year after returns": Fact(
        lambda: rollout_after_returns("a year"), "centrally ${:.1f}M", 1e6
    ),
    "checkout roll-out, a year after returns, against the gap": Fact(
        lambda: rollout_after_returns("a year") / _example()["gap"], "closes {:.0%} of the gap"
    ),
    "checkout roll-out, low after returns": Fact(
        lambda: rollout_after_returns("low"), "{:.1f}M to", 1e6
    ),
    "gifting: a lead's worth after selling costs": Fact(
        lambda: gifting()["worth_per_lead"], "{:.0f}, less than"
    ),
    "example: LinkedIn": Fact(lambda: example_summary()["LinkedIn"], "{:.0f}k of LinkedIn", 1e3),
    "the model alone: the deepest cut below the floor": Fact(
        lambda: deepest_cut()[2], "would fall to {:.2f} of the floor"
    ),
    "cuts held at 2025's lowest month: profit given up if the curves are right": Fact(
        lambda: floor_cost()["profit"], "{:.0f}k of profit", 1e3
    ),
    "cuts held at 2025's lowest month: what the held dollars return": Fact(
        lambda: 100 * (1 - floor_cost()["profit"] / floor_cost()["spend"]), "{:.0f} cents"
    ),
    "cuts held at 2025's lowest month: profit given up in the downside": Fact(
        lambda: floor_cost("downside")["profit"], "{:.0f}k in the downside", 1e3
    ),
    "cuts held at 2025's lowest month: how much stronger the curves must be for it to pay": Fact(
        floor_break_even, "{:.0%} stronger"
    ),
    "cuts held at 2025's lowest month: the gap they close": Fact(
        lambda: floor_cost()["gap"], "{:.2f}M of the gap closed", 1e6
    ),
    "staging: its cost if the curves are right": Fact(
        lambda: staging_cost()["profit"], "{:.0f}k of profit if", 1e3
    ),
    "staging: the gap it costs if the curves are right": Fact(
        lambda: staging_cost()["gap"], "{:.2f}M of the", 1e6
    ),
    "staging: how much weaker the curves must be for it to pay": Fact(
        staging_break_even, "{:.0%} weaker"
    ),
    "the read: its worth if the step-ups' curves are 30% weaker": Fact(
        lambda: read_worth(WEAKER[0]), "{:.0f}k if 30%", 1e3
    ),
    "the read: its worth if the step-ups' curves are 50% weaker": Fact(
        lambda: read_worth(WEAKER[1]), "{:.0f}k if 50%", 1e3
    ),
    "hurdle: paid media from 1.05 down to 1": Fact(
        lambda: hurdle_cost()["spend"], "{:.2f}M less", 1e6
    ),
    "hurdle: the contribution those dollars add after their cost": Fact(
        lambda: hurdle_cost()["profit"], "{:.0f}k of profit,", 1e3
    ),
    "hurdle: the gap it widens": Fact(
        lambda: hurdle_cost()["gap_closed"], "{:.2f}M to the gap", 1e6
    ),
    "hurdle: the new customers it loses": Fact(
        lambda: round(hurdle_cost()["customers"], -2), "{:,.0f} new customers"
    ),
    "PR retainer, six months": Fact(pr_retainer, "{:.0f}k for six months", 1e3),
    "agency fees, 2026": Fact(agency_fees_2026, "{:.0f}k, as in 2025", 1e3),
    "the base's share of the target": Fact(
        lambda: base_2026() / float(inputs()["revenue_target"].sum()), "{:.0%} of the target"
    ),
    "gifting: the last lead's cost": Fact(lambda: gifting()["marginal_cost"], "{:.0f}: business"),
    "gifting: the leads' expected loss after selling costs": Fact(
        lambda: gifting()["budget"] - gifting()["leads_needed"] * gifting()["worth_per_lead"],
        "{:.0f}k expected loss",
        1e3,
    ),
    "brand searches from TV (Module 04)": Fact(lambda: _tv_brand_search_share(), "{:.0%}"),
    "step-ups: the cap": Fact(lambda: STEP_CAP, "{:.1f} times"),
    "step-ups: the multiple of the ceiling a step-up passes": Fact(
        lambda: planning.STEP_FROM, "above {:.1f} in some"
    ),
    "P&L: new customers' contribution ratio": Fact(
        lambda: _contribution_ratios()["new"], "{:.1%}, below"
    ),
    "P&L: 2025's contribution ratio": Fact(lambda: _contribution_ratios()["2025"], "P&L's {:.1%}"),
    "P&L: operating expenses' growth": Fact(lambda: OPEX_GROWTH, "grow {:.0%}"),
    "step-ups: the reserve": Fact(lambda: reserve(), "{:.2f}M", 1e6),
    "the read: its worth if the step-ups' curves are right": Fact(
        lambda: read_worth(0.0), "{:.0f}k if the curves are right", 1e3
    ),
    "a quarter of the momentum gone: new customers without paid media under forecast": Fact(
        lambda: 1 - model().momentum_factors(planning.Assumptions(momentum=0.75))[0],
        "{:.0%} under forecast",
    ),
    "no momentum: gap": Fact(
        lambda: model().evaluate(phased(example_plan()), AS_IN_2025)["gap"],
        "all of it: ${:.1f}M",
        scale=1e6,
    ),
    "half the momentum: gap": Fact(
        lambda: model().evaluate(phased(example_plan()), planning.Assumptions(momentum=0.5))["gap"],
        "{:.1f}M",
        scale=1e6,
    ),
    "downside gap": Fact(
        lambda: model().evaluate(phased(example_plan()), planning.SCENARIOS["downside"])["gap"],
        "{:.1f}M",
        scale=1e6,
    ),
}


def _new_customers_2025() -> int:
    customers = datasets.load("customers")
    return int((customers["first_order_date"].dt.year == YEAR).sum())


def rollout_after_returns(end: str = "low") -> float:
    """The checkout roll-out's revenue a year at one end of its range (``"low"``, ``"a year"``,
    ``"high"``), less the share of 2025's online revenue that was refunded (the roll-out is
    counted before returns; the gap is in net revenue). Not counted in the plan: the memo banks
    none of it until the holdback reads."""
    return checkout_rollout()[end] * (1 - online_refund_share())


def _contribution_ratios() -> dict[str, float]:
    """Read off the example plan's P&L: 2025's contribution over net revenue, and the ratio at
    which the plan's extra revenue adds contribution (new customers', after refunds)."""
    bridge = pnl_bridge(example_plan())
    revenue, contribution = bridge.loc["net revenue"], bridge.loc["contribution"]
    return {
        "2025": float(contribution.iloc[0] / revenue.iloc[0]),
        "new": float(
            (contribution.iloc[1] - contribution.iloc[0]) / (revenue.iloc[1] - revenue.iloc[0])
        ),
    }


def online_refund_share() -> float:
    """The share of 2025's online revenue (before refunds) that was refunded."""
    orders = datasets.load("orders")
    online = orders[(orders["sales_channel"] == "online") & (orders["order_date"].dt.year == YEAR)]
    return float(online["refund"].sum() / online["revenue"].sum())


def reserve() -> float:
    """The step-up money the caps hold back from Q2 to Q4 (the model-based budget less the
    capped plan): released, channel by channel, only where a read confirms the curve. Within the
    board's cap with the plan."""
    return planning.held_back(model(), example_plan())


def step_past_seen(channel: str) -> float:
    """The furthest the model-based plan takes ``channel`` past the most reach a day its curve was
    seen at in 2025, in a quarter (``planning.step_ceilings``): 2.0 is twice that."""
    ratio = unstaged_media().loc[channel] / planning.step_ceilings(model()).loc[channel]
    return float(ratio.max())


def read_channels() -> list[str]:
    """The step-ups a Q1 test reads: the paid digital ones, each in its platform's lift test
    against its own buyers (a national offline buy would need blocks of weeks or shows at random,
    and a step that adds a sliver of the quarter's customers cannot be read at all)."""
    return [c for c in staged_channels() if c in model().momentum_channels]


def _example_new_customers() -> float:
    """The new customers the example plan finds in 2026: its paid media's and those who come
    without it (Module 05's model, with 2025's momentum)."""
    months = _example()["months"]
    return float((months["media_customers"] + months["organic_customers"]).sum())


def _tv_brand_search_share() -> float:
    """Module 04's estimate of the share of brand searches TV's halo brought (the regression with
    its controls). With TV stopped, brand search falls by about that much: a measure judged on
    brand search (the PR retainer, the momentum trigger) needs a baseline without it."""
    from . import m04_offline_channels as m04

    return m04.halo_share(float(m04.halo_fit()["coefficient"]))


def _module_05():
    from . import m05_annual_planning

    return m05_annual_planning


def _momentum_worth() -> float:
    """What the example plan's expected revenue owes to 2025's momentum carrying on (both
    halves, as Module 05's base case: customers who come without paid media, and what a dollar of
    paid digital brings)."""
    plan = phased(example_plan())
    stopped = model().evaluate(plan, planning.Assumptions(momentum=0.0))
    return _example()["expected_revenue"] - stopped["expected_revenue"]


# Numbers in the text that are not data: the rubric's levels and points, word limits, the brief's
# rule of three channels, a rule of thumb in the weak memo, the break-even return of 1, horizons.
TEXT_CONSTANTS = (
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "10",
    "12",
    "25",
    "100",
    "150",
    "200",
    "250",
    "400",
    "500",
    # the staging sums' weaker curves and the hurdle the plan does not use (WEAKER, HURDLE), and
    # the checkout's interval's confidence level
    "30",
    "50",
    "1.05",
    "95",
)
