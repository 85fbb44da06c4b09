"""Annual planning (module 05): ``planning_inputs``.

``generate_planning_inputs`` draws next year's planning inputs by month: last year's actuals
from ``pnl_monthly``, ``orders`` and ``customers``, sessions consistent with the week of
``web_events``, the finance team's seasonality index (``finance_seasonality``), the revenue and
gifting targets phased from it, and the category's market sales and competitor media.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import World, _split_exactly, rng_for
from cmo_course.datasets import company as co


def finance_seasonality(pnl: pd.DataFrame) -> pd.Series:
    """The finance team's seasonality index: each month's net revenue over its year's average
    month, averaged over the years (trend and season mixed together)."""
    revenue = pnl.set_index("month")["net_revenue"]
    ratio = revenue / revenue.groupby(revenue.index.year).transform("mean")
    index = ratio.groupby(ratio.index.month).mean()
    return index / index.mean()


def generate_planning_inputs(world: World) -> None:
    """Next year's planning inputs by month: last year's actuals, the finance team's seasonality
    index, business development's targets, and the category's sales and media."""
    rng = rng_for(world.seed, "planning_inputs")
    plan = co.PLANNING
    pnl = world.frames["pnl_monthly"]
    orders = world.frames["orders"]
    customers = world.frames["customers"]
    last = co.YEARS[-1]
    ly = pnl[pnl["month"].dt.year == last].reset_index(drop=True)
    month_of = orders["order_date"].dt.month
    in_ly = orders["order_date"].dt.year == last
    ly_orders = orders[in_ly].groupby(month_of[in_ly]).size()
    online = in_ly & (orders["sales_channel"] == "online")
    ly_online = orders[online].groupby(month_of[online]).size()
    new = customers[customers["first_order_date"].dt.year == last]
    ly_new = new.groupby(new["first_order_date"].dt.month).size()

    # Sessions by month, as GA4 reports them: the online orders over a conversion rate that
    # matches the one week of events (module 02) and rises a little in busy months.
    events = world.frames["web_events"]
    week_sessions = events.drop_duplicates(["user_pseudo_id", "session_id"]).shape[0]
    week_purchases = int((events["event_name"] == "purchase").sum())
    week_cvr = week_purchases / week_sessions
    season = np.array(co.SEASONALITY)
    cvr = week_cvr * (season / season[co.WEB_WINDOW[0].month - 1]) ** 0.3
    sessions = np.round(
        ly_online.reindex(range(1, 13)).to_numpy() / cvr * rng.lognormal(0, 0.01, 12)
    )

    index = finance_seasonality(pnl)
    target_total = float(ly["net_revenue"].sum()) * (1 + plan["revenue_growth_target"])
    revenue_target = _split_exactly(round(target_total, -4), index.to_numpy())
    gifting = _split_exactly(plan["gifting_revenue"], np.array(plan["gifting_phasing"]))
    cycle = plan["gifting_sales_cycle_months"]
    # pipeline to create in a month: what must close `cycle` months later, over the win rate
    # (the year's pattern repeats into the next January and February)
    pipeline = np.round(np.roll(gifting, -cycle) / plan["gifting_win_rate"], 2)

    demand = season / season.mean()
    market = plan["market_sales_2025"] * demand / 12 * rng.lognormal(0, plan["market_noise"], 12)
    competitors = (
        plan["competitor_media_2025"] * demand / 12 * rng.lognormal(0, plan["competitor_noise"], 12)
    )

    frame = pd.DataFrame(
        {
            "month": pd.date_range(f"{co.PLAN_YEAR}-01-01", periods=12, freq="MS"),
            "ly_net_revenue": ly["net_revenue"].to_numpy(),
            "ly_orders": ly_orders.reindex(range(1, 13), fill_value=0).to_numpy(),
            "ly_online_orders": ly_online.reindex(range(1, 13), fill_value=0).to_numpy(),
            "ly_new_customers": ly_new.reindex(range(1, 13), fill_value=0).to_numpy(),
            "ly_sessions": sessions.astype(np.int64),
            "ly_marketing_total": ly["marketing_total"].to_numpy(),
            "ly_paid_media": (ly["marketing_paid_digital"] + ly["marketing_paid_offline"])
            .round(2)
            .to_numpy(),
            "seasonality_index": index.round(4).to_numpy(),
            "revenue_target": revenue_target,
            "gifting_revenue_target": gifting,
            "gifting_pipeline_target": pipeline,
            "ly_market_sales": np.round(market, -3),
            "ly_competitor_media": np.round(competitors, -2),
        }
    )
    world.frames["planning_inputs"] = frame
    world.truth["planning_inputs"] = {
        "revenue_target": {
            "growth_over_last_year": plan["revenue_growth_target"],
            "phased_by": "the finance team's seasonality index (seasonality_index)",
        },
        "seasonality_index_is": "each month's net revenue over its year's average month, averaged over 2024 and 2025 (trend and season mixed)",
        "true_demand_seasonality": dict(zip(range(1, 13), co.SEASONALITY, strict=True)),
        "gifting": {
            "deal_size": plan["gifting_deal_size"],
            "win_rate": plan["gifting_win_rate"],
            "lead_to_opportunity": plan["gifting_lead_to_opportunity"],
            "sales_cycle_months": cycle,
            "pipeline_target_is": "the gifting revenue due to close two months later, over the win rate",
        },
        "sessions_conversion_rate_in_the_web_events_week": round(week_cvr, 5),
        "market_sales_2025": plan["market_sales_2025"],
        "competitor_media_2025": plan["competitor_media_2025"],
        "ties_to": [
            "pnl_monthly (2025 net revenue, marketing)",
            "orders",
            "customers",
            "media_mix_weekly (paid media)",
        ],
    }
