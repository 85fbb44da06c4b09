"""Marketing spend and the P&L: ``marketing_spend_monthly`` and ``pnl_monthly``.

``generate_marketing_spend`` runs first of all: it draws budget and actual spend by month and
channel from the company's plan (planned revenue, budget share, channel mix and phasing, the
planted variances) and spreads each media line's actuals over its days, the internal
``daily_spend`` that drives customers, paid media and offline media downstream.
``generate_pnl`` rolls the ``orders`` table (revenue to contribution) and the monthly actuals
(the marketing lines, grouped as in ``PNL_MARKETING_LINES``) up into the monthly P&L, and draws
the operating costs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import World, _split_exactly, promotion_days, rng_for
from cmo_course.datasets import company as co

# ============================================================================================
# marketing_spend_monthly
# ============================================================================================


def generate_marketing_spend(world: World) -> None:
    """Budget and actual spend by month and channel, and the daily spend behind the actuals."""
    rng = rng_for(world.seed, "marketing_spend_monthly")
    months = co.months()
    planted = {
        (v["year"], m, v["channel"]): v["factor"] for v in co.PLANTED_VARIANCES for m in v["months"]
    }
    rows = []
    for year in co.YEARS:
        total = co.PLANNED_NET_REVENUE[year] * co.MARKETING_BUDGET_SHARE[year]
        shares = np.array(
            [c.share_2024 if year == 2024 else c.share_2025 for c in co.SPEND_CHANNELS]
        )
        shares = shares / shares.sum()
        for channel, share in zip(co.SPEND_CHANNELS, shares, strict=True):
            phasing = np.array(co.PHASING[co.PHASING_OF[channel.name]], dtype=float)
            annual = total * share
            for month_index in range(12):
                budget = round(annual * phasing[month_index] / phasing.sum() / 100) * 100.0
                if budget == 0:
                    actual = 0.0
                else:
                    fixed = not channel.working
                    noise = co.MONTHLY_FIXED_NOISE if fixed else co.MONTHLY_SPEND_NOISE
                    factor = 1 + rng.normal(0, noise)
                    factor *= planted.get((year, month_index + 1, channel.name), 1.0)
                    actual = round(budget * factor, 2)
                rows.append(
                    {
                        "month": pd.Timestamp(year=year, month=month_index + 1, day=1),
                        "channel": channel.name,
                        "channel_group": channel.group,
                        "budget": budget,
                        "actual": actual,
                    }
                )
    frame = pd.DataFrame(rows).sort_values(["month", "channel"], kind="stable")
    frame = frame.reset_index(drop=True)
    assert len(months) * len(co.SPEND_CHANNELS) == len(frame)
    world.frames["marketing_spend_monthly"] = frame

    # Daily spend of the media lines: the month's actual spread over its days (weekday
    # pattern, promotion pushes and day-to-day noise), adding up to the cent.
    days = co.days()
    promo = set(promotion_days()["date"])
    media = [c.name for c in co.SPEND_CHANNELS if c.working]
    daily = pd.DataFrame(0.0, index=days, columns=media)
    for (month, channel), actual in frame.set_index(["month", "channel"])["actual"].items():
        if channel not in media or actual == 0:
            continue
        in_month = days[(days.year == month.year) & (days.month == month.month)]
        weights = np.array([co.WEEKDAY[d.weekday()] for d in in_month])
        weights *= np.where(in_month.isin(promo), 1.6, 1.0)
        weights *= rng.lognormal(0, 0.12, len(in_month))
        if channel in co.OFFLINE_MEDIA and channel != "direct_mail":
            # offline flights run for about three weeks of the month
            active = np.zeros(len(in_month))
            start = rng.integers(0, max(1, len(in_month) - 20))
            active[start : start + 21] = 1
            weights *= active
        if channel == "direct_mail":
            # a catalogue drop lands on one day
            drop = np.zeros(len(in_month))
            drop[rng.integers(3, 10)] = 1
            weights = drop
        daily.loc[in_month, channel] = _split_exactly(actual, weights)
    world.internal["daily_spend"] = daily

    variances = (
        frame.assign(year=frame["month"].dt.year)
        .groupby(["year", "channel"])[["budget", "actual"]]
        .sum()
    )
    world.truth["marketing_spend_monthly"] = {
        "planned_net_revenue": {str(y): v for y, v in co.PLANNED_NET_REVENUE.items()},
        "marketing_budget_share_of_planned_net_revenue": {
            str(y): v for y, v in co.MARKETING_BUDGET_SHARE.items()
        },
        "planted_variances": [dict(v) for v in co.PLANTED_VARIANCES],
        "variance_by_channel_2025": {
            ch: round(float(r.actual - r.budget), 2) for ch, r in variances.loc[2025].iterrows()
        },
        "monthly_noise_sd": {"media": co.MONTHLY_SPEND_NOISE, "fixed": co.MONTHLY_FIXED_NOISE},
    }


# ============================================================================================
# pnl_monthly
# ============================================================================================


PNL_MARKETING_LINES = {
    "paid_digital": "marketing_paid_digital",
    "paid_offline": "marketing_paid_offline",
    "content_agencies": "marketing_content_and_agencies",
    "martech": "marketing_technology",
    "team": "marketing_team",
}


def generate_pnl(world: World) -> None:
    """The monthly P&L: orders and marketing roll up into it; operating costs are drawn here."""
    rng = rng_for(world.seed, "pnl_monthly")
    orders = world.frames["orders"]
    spend = world.frames["marketing_spend_monthly"]
    month = orders["order_date"].dt.to_period("M").dt.to_timestamp()
    sums = orders.groupby(month)[
        ["gross_sales", "discount", "refund", "cogs", "shipping_cost", "payment_fee"]
    ].sum()
    pnl = pd.DataFrame(index=co.months())
    pnl.index.name = "month"
    pnl["gross_sales"] = sums["gross_sales"]
    pnl["discounts"] = sums["discount"]
    pnl["returns"] = sums["refund"]
    pnl["net_revenue"] = pnl["gross_sales"] - pnl["discounts"] - pnl["returns"]
    pnl["cogs"] = sums["cogs"]
    pnl["gross_profit"] = pnl["net_revenue"] - pnl["cogs"]
    pnl["fulfilment_and_shipping"] = sums["shipping_cost"]
    pnl["payment_fees"] = sums["payment_fee"]
    pnl["contribution"] = pnl["gross_profit"] - pnl["fulfilment_and_shipping"] - pnl["payment_fees"]
    by_group = spend.groupby(["month", "channel_group"])["actual"].sum().unstack()
    for group, column in PNL_MARKETING_LINES.items():
        pnl[column] = by_group[group]
    pnl["marketing_total"] = pnl[list(PNL_MARKETING_LINES.values())].sum(axis=1)
    pnl["contribution_after_marketing"] = pnl["contribution"] - pnl["marketing_total"]
    for line, by_year in co.OPEX_MONTHLY.items():
        base = np.array([by_year[d.year] for d in pnl.index], dtype=float)
        if line == "retail_stores":
            base = base * np.where(pnl.index.month.isin([11, 12]), 1.18, 1.0)  # seasonal staff
        pnl[line] = np.round(base * (1 + rng.normal(0, 0.02, len(base))), 2)
    opex = list(co.OPEX_MONTHLY)
    pnl["operating_expenses"] = pnl[opex].sum(axis=1)
    pnl["ebitda"] = pnl["contribution_after_marketing"] - pnl["operating_expenses"]
    pnl = pnl.round(2).reset_index()
    world.frames["pnl_monthly"] = pnl

    year = pnl["month"].dt.year
    annual = pnl.groupby(year).sum(numeric_only=True)

    def share_of_net_revenue(line: str) -> dict[str, float]:
        return {
            str(y): round(float(annual.loc[y, line] / annual.loc[y, "net_revenue"]), 4)
            for y in co.YEARS
        }

    world.truth["pnl_monthly"] = {
        "marketing_share_of_net_revenue": share_of_net_revenue("marketing_total"),
        "gross_margin": share_of_net_revenue("gross_profit"),
        "contribution_margin": share_of_net_revenue("contribution"),
        "ebitda_margin": share_of_net_revenue("ebitda"),
        "net_revenue_vs_plan": {
            str(y): round(float(annual.loc[y, "net_revenue"] / co.PLANNED_NET_REVENUE[y] - 1), 4)
            for y in co.YEARS
        },
        "rolls_up_from": ["orders (revenue to contribution)", "marketing_spend_monthly (actual)"],
    }
