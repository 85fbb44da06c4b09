"""Exercises of module 05 Annual planning. Expected values come from the loaded data."""

from __future__ import annotations

import pandas as pd

from .. import datasets, planning
from ..manifest import Demo
from ..plots import money
from .comparators import Number, SeriesOf
from .exercises import FunctionExercise, Mistake, ValueExercise

NOVEMBER = 10  # row of November in planning_inputs
PLAN_BRAND_SHARE = 0.25  # the brand share the plan exercises use
TARGET_EBITDA_MARGIN = 0.05
OPEX_GROWTH = 0.05


def inputs() -> pd.DataFrame:
    return datasets.load("planning_inputs")


def pnl() -> pd.DataFrame:
    return datasets.load("pnl_monthly")


def model() -> planning.PlanModel:
    return planning.course_model()


def last_year_budget() -> float:
    return float(inputs()["ly_paid_media"].sum())


def last_year_brand_share() -> float:
    split = model().last_year_split
    return float(split[split.index.isin(planning.BRAND_CHANNELS)].sum() / split.sum())


# -- 5.1 to 5.3: from targets to the funnel ------------------------------------------------------


def _funnel_reference(revenue, aov, conversion_rate, new_customer_share):
    return planning.funnel_targets(revenue, aov, conversion_rate, new_customer_share)


def _funnel_times_cvr(revenue, aov, conversion_rate, new_customer_share):
    orders = revenue / aov
    return pd.Series(
        {
            "orders": orders,
            "sessions": orders * conversion_rate,
            "new_customers": orders * new_customer_share,
        }
    )


def _funnel_new_from_sessions(revenue, aov, conversion_rate, new_customer_share):
    orders = revenue / aov
    sessions = orders / conversion_rate
    return pd.Series(
        {"orders": orders, "sessions": sessions, "new_customers": sessions * new_customer_share}
    )


def november_sessions(kind: str = "right") -> float:
    row = inputs().iloc[NOVEMBER]
    frame = inputs()
    if kind == "annual_rates":
        aov = frame["ly_net_revenue"].sum() / frame["ly_orders"].sum()
        cvr = frame["ly_orders"].sum() / frame["ly_sessions"].sum()
    else:
        aov = row["ly_net_revenue"] / row["ly_orders"]
        cvr = row["ly_orders"] / row["ly_sessions"]
    if kind == "online_only":
        cvr = row["ly_online_orders"] / row["ly_sessions"]
    revenue = row["ly_net_revenue"] if kind == "last_year" else row["revenue_target"]
    return float(revenue / aov / cvr)


def _leads_reference(revenue, deal_size, win_rate, lead_to_opportunity):
    return float(
        planning.pipeline_targets(revenue, deal_size, win_rate, lead_to_opportunity)["leads"]
    )


def _leads_without_win_rate(revenue, deal_size, win_rate, lead_to_opportunity):
    return revenue / deal_size / lead_to_opportunity


def _leads_multiplied(revenue, deal_size, win_rate, lead_to_opportunity):
    return revenue / deal_size * win_rate * lead_to_opportunity


def _leads_from_pipeline_dollars(revenue, deal_size, win_rate, lead_to_opportunity):
    return revenue / win_rate / lead_to_opportunity


# -- 5.4: seasonality and trend ------------------------------------------------------------------


def decomposition() -> pd.DataFrame:
    return planning.classical_decomposition(pnl().set_index("month")["net_revenue"])


def november_overstatement(kind: str = "right") -> float:
    finance_index = float(inputs()["seasonality_index"].iloc[NOVEMBER])
    seasonal = float(decomposition()["seasonal"].iloc[NOVEMBER])
    if kind == "reversed":
        return seasonal / finance_index - 1
    if kind == "difference":
        return finance_index - seasonal
    return finance_index / seasonal - 1


# -- 5.5 and 5.6: budgets and share of voice -----------------------------------------------------


def affordable_budget(kind: str = "right") -> float:
    frame = inputs()
    year = pnl()[pnl()["month"].dt.year == 2025]
    margin = year["contribution"].sum() / year["net_revenue"].sum()
    target = frame["revenue_target"].sum()
    opex = year["operating_expenses"].sum() * (1 + OPEX_GROWTH)
    if kind == "revenue":
        return float(target - opex - TARGET_EBITDA_MARGIN * target)
    if kind == "no_opex":
        return float(target * margin - TARGET_EBITDA_MARGIN * target)
    if kind == "no_profit":
        return float(target * margin - opex)
    return float(target * margin - opex - TARGET_EBITDA_MARGIN * target)


def esov_2025(kind: str = "right") -> float:
    frame = inputs()
    media = frame["ly_paid_media"].sum()
    competitors = frame["ly_competitor_media"].sum()
    revenue, market = frame["ly_net_revenue"].sum(), frame["ly_market_sales"].sum()
    if kind == "reversed":
        return -planning.esov(media, competitors, revenue, market)
    if kind == "marketing_total":
        return planning.esov(frame["ly_marketing_total"].sum(), competitors, revenue, market)
    if kind == "competitors_only":
        return float(media / competitors - revenue / market)
    return planning.esov(media, competitors, revenue, market)


# -- 5.7 to 5.9: the plan --------------------------------------------------------------------------


def split_gain(kind: str = "right") -> float:
    m = model()
    budget, share = last_year_budget(), last_year_brand_share()
    best = m.evaluate(budget, share, "best")
    last = m.evaluate(budget, share, "last year")
    if kind == "profit":
        return best["profit"] - last["profit"]
    if kind == "other_share":
        return (
            m.evaluate(budget, PLAN_BRAND_SHARE, "best")["incremental_revenue"]
            - last["incremental_revenue"]
        )
    return best["incremental_revenue"] - last["incremental_revenue"]


def q4_share(kind: str = "right") -> float:
    plan = model().evaluate(last_year_budget(), PLAN_BRAND_SHARE, "best")["months"]
    q4 = plan.index.quarter == 4
    if kind == "activation_only":
        return float(plan.loc[q4, "activation"].sum() / plan["activation"].sum())
    if kind == "brand_only":
        return float(plan.loc[q4, "brand"].sum() / plan["brand"].sum())
    total = plan["brand"] + plan["activation"]
    return float(total[q4].sum() / total.sum())


def profit_change(kind: str = "right") -> float:
    m = model()
    budget = last_year_budget()
    base = m.evaluate(budget, PLAN_BRAND_SHARE, "best")
    plus = m.evaluate(budget, PLAN_BRAND_SHARE, "best", scenario=1.2)
    if kind == "revenue":
        return plus["incremental_revenue"] - base["incremental_revenue"]
    if kind == "no_spend":
        return (plus["incremental_revenue"] - base["incremental_revenue"]) * m.margin
    if kind == "minus":
        minus = m.evaluate(budget, PLAN_BRAND_SHARE, "best", scenario=0.8)
        return minus["profit"] - base["profit"]
    return plus["profit"] - base["profit"]


EXERCISES = [
    FunctionExercise(
        id="5.1",
        title="funnel_targets(revenue, aov, conversion_rate, new_customer_share)",
        answer="funnel_targets",
        comparator=SeriesOf(index_what="funnel step (orders, sessions, new_customers)"),
        reference=_funnel_reference,
        cases=lambda: [
            {"revenue": 100_000, "aov": 100, "conversion_rate": 0.02, "new_customer_share": 0.6},
            {"revenue": 250_000, "aov": 125, "conversion_rate": 0.025, "new_customer_share": 0.5},
        ],
        hidden_cases=lambda: [
            {"revenue": 0, "aov": 80, "conversion_rate": 0.03, "new_customer_share": 0.7},
            {
                "revenue": 792_140.88,
                "aov": 108.24,
                "conversion_rate": 0.0292,
                "new_customer_share": 0.652,
            },
            {"revenue": 1_000, "aov": 1_000, "conversion_rate": 1.0, "new_customer_share": 0.0},
        ],
        mistakes=[
            Mistake(
                "sessions come out tiny: you multiplied orders by the conversion rate. Sessions = orders / conversion rate "
                "(50 orders at a 2% rate need 2,500 sessions).",
                function=_funnel_times_cvr,
            ),
            Mistake(
                "new customers are a share of orders, not of sessions: new customers = orders x new_customer_share.",
                function=_funnel_new_from_sessions,
            ),
        ],
        hints=[
            "orders = revenue / aov; sessions = orders / conversion_rate; new_customers = orders * new_customer_share.",
            "Return pd.Series({'orders': ..., 'sessions': ..., 'new_customers': ...}).",
        ],
        passed="Every revenue target is a number of orders, of sessions and of new customers: the language of the funnel.",
    ),
    ValueExercise(
        id="5.2",
        title="the sessions November needs",
        answer="november_sessions",
        comparator=Number(what="a number of sessions", rel_tol=1e-4),
        expected=november_sessions,
        mistakes=[
            Mistake(
                "This uses the year's average order value and conversion rate. November's orders are different: use "
                "last November's AOV and conversion rate.",
                value=lambda: november_sessions("annual_rates"),
            ),
            Mistake(
                "This is what last November needed. Use November's revenue_target.",
                value=lambda: november_sessions("last_year"),
            ),
            Mistake(
                "This uses online orders per session. The target counts the shops' revenue too, so use all orders "
                "per session (ly_orders / ly_sessions), as the lesson does.",
                value=lambda: november_sessions("online_only"),
            ),
        ],
        hints=[
            "nov = inputs.iloc[10] is November.",
            "AOV = nov['ly_net_revenue'] / nov['ly_orders']; conversion rate = nov['ly_orders'] / nov['ly_sessions'].",
            "funnel_targets(nov['revenue_target'], aov, conversion rate, ...)['sessions']",
        ],
        passed=lambda v: (
            f"November needs about {float(v):,.0f} sessions: a number the social and search teams can plan for."
        ),
    ),
    FunctionExercise(
        id="5.3",
        title="leads_needed(revenue, deal_size, win_rate, lead_to_opportunity)",
        answer="leads_needed",
        comparator=Number(what="a number of leads"),
        reference=_leads_reference,
        cases=lambda: [
            {"revenue": 240_000, "deal_size": 4_800, "win_rate": 0.25, "lead_to_opportunity": 0.2},
            {"revenue": 90_000, "deal_size": 3_000, "win_rate": 0.3, "lead_to_opportunity": 0.5},
        ],
        hidden_cases=lambda: [
            {"revenue": 52_000, "deal_size": 4_800, "win_rate": 0.25, "lead_to_opportunity": 0.2},
            {
                "revenue": 1_000_000,
                "deal_size": 20_000,
                "win_rate": 0.1,
                "lead_to_opportunity": 0.05,
            },
            {"revenue": 0, "deal_size": 1_000, "win_rate": 0.5, "lead_to_opportunity": 0.5},
        ],
        mistakes=[
            Mistake(
                "this leaves out the win rate: only a share of opportunities close, so you need deals / win rate "
                "opportunities before you count the leads behind them.",
                function=_leads_without_win_rate,
            ),
            Mistake(
                "this multiplies by the rates. Work backwards: each step divides by its rate (deals / win rate / "
                "lead_to_opportunity).",
                function=_leads_multiplied,
            ),
            Mistake(
                "this counts leads from pipeline dollars, not from opportunities: divide by the deal size first.",
                function=_leads_from_pipeline_dollars,
            ),
        ],
        hints=[
            "deals = revenue / deal_size",
            "opportunities = deals / win_rate; leads = opportunities / lead_to_opportunity",
        ],
        passed="A revenue target for sales is a number of leads for marketing: agree it with business development up front.",
    ),
    ValueExercise(
        id="5.4",
        title="how much the finance index overstates November",
        answer="november_overstatement",
        comparator=Number(what="a fraction, such as 0.04 for 4%", rel_tol=1e-4),
        expected=november_overstatement,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This compares the other way round. Overstatement = finance index / decomposition's seasonal - 1.",
                value=lambda: november_overstatement("reversed"),
            ),
            Mistake(
                "This is the difference in index points. The question asks for a relative gap: finance / seasonal - 1.",
                value=lambda: november_overstatement("difference"),
            ),
        ],
        hints=[
            "The finance team's November: inputs['seasonality_index'].iloc[10].",
            "The decomposition's November: decomposition['seasonal'].iloc[10] (any November row: the index repeats).",
            "Overstatement = finance / decomposition - 1.",
        ],
        passed=lambda v: (
            f"The finance index puts November {float(v):.1%} higher than the season alone: growth during the year "
            "leaks into late months."
        ),
    ),
    ValueExercise(
        id="5.5",
        title="excess share of voice, 2025",
        answer="esov_2025",
        comparator=Number(
            what="a fraction, such as -0.002 for -0.2 points", rel_tol=1e-4, abs_tol=1e-9
        ),
        expected=esov_2025,
        mistakes=[
            Mistake(
                "The sign is flipped: ESOV = SOV - SOM.",
                value=lambda: esov_2025("reversed"),
            ),
            Mistake(
                "This counts all marketing (salaries, tools, content) as voice. Share of voice compares paid media "
                "with competitors' paid media: use ly_paid_media.",
                value=lambda: esov_2025("marketing_total"),
            ),
            Mistake(
                "This divides by competitors' media alone. SOV = ours / (ours + competitors').",
                value=lambda: esov_2025("competitors_only"),
            ),
        ],
        hints=[
            "SOV = sum of ly_paid_media / (sum of ly_paid_media + sum of ly_competitor_media).",
            "SOM = sum of ly_net_revenue / sum of ly_market_sales.",
            "ESOV = SOV - SOM (planning.esov does it).",
        ],
        passed=lambda v: (
            f"ESOV of {float(v) * 100:+.2f} points: the brand's voice is "
            f"{'below' if float(v) < 0 else 'above'} its share of the market."
        ),
    ),
    ValueExercise(
        id="5.6",
        title="the affordable marketing budget",
        answer="affordable_budget",
        comparator=Number(what="a number of dollars", rel_tol=1e-4),
        expected=affordable_budget,
        mistakes=[
            Mistake(
                "This starts from revenue. What the business can afford comes out of contribution: target revenue x "
                "contribution margin.",
                value=lambda: affordable_budget("revenue"),
            ),
            Mistake(
                "This forgets the operating costs (staff, shops, technology, admin) that contribution must also pay.",
                value=lambda: affordable_budget("no_opex"),
            ),
            Mistake(
                "This leaves no profit. Keep back the target EBITDA (5% of target revenue).",
                value=lambda: affordable_budget("no_profit"),
            ),
        ],
        hints=[
            "Contribution = the year's revenue target x 2025's contribution margin (CM_2025).",
            "Operating costs = 2025's operating_expenses x 1.05.",
            "Affordable = contribution - operating costs - 0.05 x the revenue target.",
        ],
        passed=lambda v: (
            f"After costs and a 5% EBITDA, the business can afford about ${float(v):,.0f} of marketing."
        ),
    ),
    ValueExercise(
        id="5.7",
        title="what the best split adds",
        answer="split_gain",
        comparator=Number(what="a number of dollars of revenue", rel_tol=1e-4),
        expected=split_gain,
        mistakes=[
            Mistake(
                "This is the change in profit. The question asks for first-year incremental revenue.",
                value=lambda: split_gain("profit"),
            ),
            Mistake(
                "This changes the brand share too. Keep last year's brand share (LY_BRAND_SHARE) for both splits, so "
                "that only the split within each group changes.",
                value=lambda: split_gain("other_share"),
            ),
        ],
        hints=[
            "model.evaluate(LY_BUDGET, LY_BRAND_SHARE, 'best') and model.evaluate(LY_BUDGET, LY_BRAND_SHARE, 'last year').",
            "Gain = the first's 'incremental_revenue' - the second's.",
        ],
        passed=lambda v: (
            f"The same money, split the best way, brings about ${float(v):,.0f} more in a year."
        ),
    ),
    ValueExercise(
        id="5.8",
        title="the share of the budget spent in Q4",
        answer="q4_share",
        comparator=Number(what="a share between 0 and 1", rel_tol=1e-4),
        expected=q4_share,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This is activation's Q4 share alone. Add brand and activation for the whole plan.",
                value=lambda: q4_share("activation_only"),
            ),
            Mistake(
                "This is brand's Q4 share alone. Add brand and activation for the whole plan.",
                value=lambda: q4_share("brand_only"),
            ),
        ],
        hints=[
            "months = model.evaluate(LY_BUDGET, 0.25, 'best')['months'].",
            "Spend = months['brand'] + months['activation']; Q4 = months.index.quarter == 4.",
            "Share = Q4's spend / the year's.",
        ],
        passed=lambda v: (
            f"{float(v):.0%} of the year's media lands in Q4, when demand and prices peak."
        ),
    ),
    ValueExercise(
        id="5.9",
        title="what 20% more budget does to profit",
        answer="profit_change",
        comparator=Number(what="a number of dollars (it may be negative)", rel_tol=1e-4),
        expected=profit_change,
        mistakes=[
            Mistake(
                "This is the extra revenue. Profit = revenue x margin - spend: the extra spend counts too.",
                value=lambda: profit_change("revenue"),
            ),
            Mistake(
                "This is the extra contribution before paying for the extra spend. Use each plan's 'profit'.",
                value=lambda: profit_change("no_spend"),
            ),
            Mistake(
                "This is the -20% scenario. The question asks for +20% (scenario=1.2).",
                value=lambda: profit_change("minus"),
            ),
        ],
        hints=[
            "base = model.evaluate(LY_BUDGET, 0.25, 'best'); plus = model.evaluate(LY_BUDGET, 0.25, 'best', scenario=1.2).",
            "Change = plus['profit'] - base['profit'].",
        ],
        passed=lambda v: (
            f"20% more budget changes first-year profit by {money(float(v))}: "
            f"{'the last dollars do not pay back in the year' if float(v) < 0 else 'the extra dollars pay back in the year'}."
        ),
    ),
]


def plan_builder():
    from .. import widgets

    return widgets.plan_builder(model(), last_year_budget(), last_year_brand_share())


EXPLORERS = (
    Demo(
        "builder",
        "Build next year's media plan",
        "Change the budget, the brand share and the scenario. Ask: where does the gap to "
        "business development's target close, and what does it cost in profit?",
        plan_builder,
    ),
)
