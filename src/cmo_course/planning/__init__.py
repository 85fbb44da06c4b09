"""Annual planning: the formulas modules 05 and 06 teach, as plain functions and one model.

Use them as ``planning.gifting_funnel(...)``; they live in ``targets`` (next year's revenue built
from the customers the company has plus the new ones it must win; business development's gifting
target turned into the leads marketing must bring, what they cost on LinkedIn's curve and what
they are worth after selling costs), ``seasons`` (seasonality and trend, by
decomposition and by regression; share of voice) and ``model`` (the plan model: every consumer
channel's response curve in every month of next year, plans that spend where the next dollar
returns most, the model-based budget, scenarios on the assumptions), ``cadence`` (last year's
offline media read week by week, as they were bought), ``lines`` (the fixed lines, quarters and
phasing to the cent) and ``pnl`` (the whole marketing budget; a plan in the company's P&L, down to
EBITDA, on stated assumptions).
Shared by the lessons, the checks and the plan builder. Response curves and allocation live in
``media``.
"""

from __future__ import annotations

from .assumptions import SCENARIOS, Assumptions
from .cadence import offline_as_bought, offline_customers_by_month
from .curves import mix_curves
from .lines import FIXED_LINES, QUARTERS, last_year_lines, month_weights, phase, quarterly
from .model import (
    BRAND_CHANNELS,
    PlanModel,
    course_model,
    model_from_data,
)
from .momentum import non_paid_growth, paid_response_growth, recorded_shares
from .pnl import (
    CUT_HELD,
    PNL_ROWS,
    STEP_FROM,
    budget_summary,
    by_month,
    cut_floors,
    cut_steps,
    held_back,
    month_ceilings,
    month_floors,
    month_prices,
    plan_pnl,
    plan_problem,
    plan_weights,
    pnl_bridge,
    reach_seen,
    spread_within,
    step_ceilings,
    step_downs,
    step_ups,
    within_reach_seen,
)
from .seasons import (
    SeasonalFit,
    classical_decomposition,
    esov,
    seasonal_regression,
    share_growth_from_esov,
    trend_growth,
)
from .targets import (
    GIFTING_COMMISSION,
    base_rates,
    base_revenue_next_year,
    cohort_year_over_year,
    first_order_shift,
    gifting_funnel,
    gifting_leads_needed,
    half_year_drift,
    linkedin_leads_for,
    linkedin_marginal_cost,
    linkedin_spend_for,
    pipeline_targets,
    revenue_by_cohort,
    revenue_curve,
    third_year_rate,
)

__all__ = [
    "offline_as_bought",
    "offline_customers_by_month",
    "BRAND_CHANNELS",
    "GIFTING_COMMISSION",
    "FIXED_LINES",
    "PNL_ROWS",
    "STEP_FROM",
    "CUT_HELD",
    "cut_floors",
    "cut_steps",
    "step_downs",
    "QUARTERS",
    "SCENARIOS",
    "Assumptions",
    "PlanModel",
    "SeasonalFit",
    "base_rates",
    "base_revenue_next_year",
    "budget_summary",
    "classical_decomposition",
    "course_model",
    "esov",
    "gifting_funnel",
    "gifting_leads_needed",
    "held_back",
    "last_year_lines",
    "linkedin_leads_for",
    "linkedin_marginal_cost",
    "linkedin_spend_for",
    "mix_curves",
    "model_from_data",
    "month_weights",
    "non_paid_growth",
    "paid_response_growth",
    "recorded_shares",
    "phase",
    "plan_pnl",
    "plan_problem",
    "pnl_bridge",
    "pipeline_targets",
    "quarterly",
    "revenue_by_cohort",
    "revenue_curve",
    "cohort_year_over_year",
    "first_order_shift",
    "half_year_drift",
    "third_year_rate",
    "seasonal_regression",
    "by_month",
    "month_ceilings",
    "plan_weights",
    "month_floors",
    "spread_within",
    "within_reach_seen",
    "month_prices",
    "reach_seen",
    "step_ceilings",
    "step_ups",
    "share_growth_from_esov",
    "trend_growth",
]
