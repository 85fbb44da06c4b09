"""Paid media (module 03): ``paid_media_daily``, ``meta_lift_test`` and ``new_network_pilot``.

``generate_paid_media`` reports each ad platform's campaigns by day: the internal
``daily_spend`` split across campaigns, impressions, reach and clicks, and the platform's own
conversions and revenue, which over-state the orders the store credits to it (from
``orders``). ``generate_lift_study`` draws Meta's conversion lift test from those credited
orders and the platform's true incremental share, and ``generate_pilot`` draws the three-week
pilot on a new social network from the pilot's parameters alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import (
    World,
    _demand_index,
    _split_exactly,
    ad_price_index,
    rng_for,
)
from cmo_course.datasets import company as co
from cmo_course.media import credited_orders


def first_year_revenue_per_customer(
    orders: pd.DataFrame, customers: pd.DataFrame, year: int
) -> pd.Series:
    """Revenue in the 365 days from the first order, per new customer of ``year``, by
    acquisition source (what an incremental customer is worth to the top line)."""
    cohort = customers[customers["first_order_date"].dt.year == year]
    joined = orders.merge(
        cohort[["customer_id", "first_order_date", "acquisition_source"]], on="customer_id"
    )
    within = joined[joined["order_date"] < joined["first_order_date"] + pd.Timedelta(days=365)]
    return (
        within.groupby("acquisition_source")["revenue"].sum()
        / cohort.groupby("acquisition_source").size()
    )


def generate_paid_media(world: World) -> None:
    """What each ad platform reports, day by day and campaign by campaign: spend (the daily
    spend behind the P&L), impressions, reach, clicks, and the platform's own conversions and
    revenue, which over-state the orders the store credits to it."""
    rng = rng_for(world.seed, "paid_media_daily")
    spend = world.internal["daily_spend"]
    orders = world.frames["orders"]
    days = spend.index
    season = ad_price_index(days)
    blocks = []
    realised = {}
    for platform, p in co.PAID_MEDIA.items():
        names = list(p["campaigns"])
        shares = np.array([p["campaigns"][c][0] for c in names])
        price_mult = np.array([p["campaigns"][c][1] for c in names])
        ctr_mult = np.array([p["campaigns"][c][2] for c in names])
        # how well each campaign's clicks convert (its CTR multiplier unless given)
        conversion_weight = np.array([co.campaign_conversion_weight(p, c) for c in names])
        n_days, n_c = len(days), len(names)
        # the day's spend split across campaigns, to the cent
        weights = shares[None, :] * rng.lognormal(0, 0.15, (n_days, n_c))
        day_spend = spend[platform].to_numpy()
        split = np.array([_split_exactly(x, w) for x, w in zip(day_spend, weights, strict=True)])
        ctr = np.clip(p["ctr"] * ctr_mult[None, :] * rng.lognormal(0, 0.08, (n_days, n_c)), 0, 0.5)
        if "cpc" in p:  # search buys clicks: the CPM is what those clicks cost per 1,000 views
            price = p["cpc"] * price_mult[None, :] * 1000 * ctr
        else:
            price = p["cpm"] * price_mult[None, :]
        cpm = price * season[:, None] * rng.lognormal(0, 0.08, (n_days, n_c))
        impressions = np.round(split / cpm * 1000).astype(np.int64)
        clicks = rng.binomial(impressions, ctr)
        frequency = p["frequency"] * rng.lognormal(0, 0.05, (n_days, n_c))
        frequency *= np.where(np.char.find(np.array(names), "retargeting") >= 0, 1.5, 1.0)[None, :]
        reach = np.minimum(impressions, np.round(impressions / np.maximum(frequency, 1.0))).astype(
            np.int64
        )

        # the orders the store credits to the platform, spread over its campaigns by clicks
        # times each campaign's conversion weight
        credited = credited_orders(orders, platform)
        per_day = credited.groupby("order_date").agg(
            n=("order_id", "size"), revenue=("revenue", "sum")
        )
        per_day = per_day.reindex(days, fill_value=0)
        mean_value = float(credited["revenue"].mean())
        lc_orders = np.zeros((n_days, n_c), dtype=np.int64)
        lc_revenue = np.zeros((n_days, n_c))
        for i, (n, revenue) in enumerate(
            zip(per_day["n"].to_numpy(), per_day["revenue"].to_numpy(), strict=True)
        ):
            if n == 0:
                continue
            w = clicks[i] * conversion_weight if clicks[i].sum() > 0 else shares
            lc_orders[i] = rng.multinomial(int(n), w / w.sum())
            lc_revenue[i] = revenue * lc_orders[i] / n
        extra = rng.poisson(lc_orders * (p["over_report"] - 1))
        conversions = lc_orders + extra
        revenue = lc_revenue + extra * mean_value * rng.lognormal(0, 0.25, (n_days, n_c))
        block = pd.DataFrame(
            {
                "date": np.repeat(days.to_numpy(), n_c),
                "platform": platform,
                "campaign": np.tile(names, n_days),
                "spend": split.ravel(),
                "impressions": impressions.ravel(),
                "reach": reach.ravel(),
                "clicks": clicks.ravel(),
                "platform_conversions": conversions.ravel(),
                "platform_revenue": np.round(revenue.ravel(), 2),
            }
        )
        blocks.append(block)
        realised[platform] = {
            "last_click_orders": int(lc_orders.sum()),
            "platform_conversions": int(conversions.sum()),
        }
    frame = pd.concat(blocks, ignore_index=True)
    frame = frame.sort_values(["date", "platform", "campaign"], kind="stable").reset_index(
        drop=True
    )
    world.frames["paid_media_daily"] = frame

    customers = world.internal["customers_all"]
    # by the platform that truly brought each customer (however last click recorded them)
    value = first_year_revenue_per_customer(
        orders, customers.assign(acquisition_source=customers["true_source"]), 2024
    )
    in_2025 = days.year == 2025
    demand = _demand_index(days)
    demand_factor = np.sqrt(demand / demand.mean())
    by_month = pd.DataFrame(
        {"price": season[in_2025], "demand": demand_factor[in_2025]}, index=days[in_2025]
    ).groupby(days[in_2025].month)
    ltv = world.truth["orders"]["expected_24_month_contribution_ltv_by_channel"]
    two_year_revenue = world.truth["orders"]["expected_24_month_revenue_by_channel"]
    world.truth["paid_media_daily"] = {
        "spend_is": "the daily spend behind marketing_spend_monthly's actuals: every month and platform ties to the cent",
        "cpm_january_2024": {k: p.get("cpm") for k, p in co.PAID_MEDIA.items() if "cpm" in p},
        "search_cpc_january_2024": {k: p["cpc"] for k, p in co.PAID_MEDIA.items() if "cpc" in p},
        "ctr": {k: p["ctr"] for k, p in co.PAID_MEDIA.items()},
        "campaigns_share_price_ctr_conversion": {
            k: {c: [*v[:3], co.campaign_conversion_weight(p, c)] for c, v in p["campaigns"].items()}
            for k, p in co.PAID_MEDIA.items()
        },
        "campaign_conversion_weight_is": "the orders the store credits to a platform fall on its campaigns in proportion to clicks times this weight",
        "cpm_seasonality_by_month": list(co.CPM_SEASONALITY),
        "cpm_inflation_2025": co.CPM_INFLATION_2025,
        "over_report_factor": {k: p["over_report"] for k, p in co.PAID_MEDIA.items()},
        "over_report_factor_realised": {
            k: round(v["platform_conversions"] / max(v["last_click_orders"], 1), 4)
            for k, v in realised.items()
        },
        "last_click_orders": {k: v["last_click_orders"] for k, v in realised.items()},
        "platform_conversions_are": "the orders the store credits to the platform (last click) plus the platform's extra claims (view-through, longer windows, modelled conversions)",
        "response_conditions": {
            "customers_a_day": "demand_factor * a * (spend / price_index) / (1 + spend / price_index / half_sat)",
            "price_index_by_month_2025": [round(float(v), 4) for v in by_month["price"].mean()],
            "demand_factor_by_month_2025": [round(float(v), 4) for v in by_month["demand"].mean()],
            "average_2025": {
                "price_index": round(float(season[in_2025].mean()), 4),
                "demand_factor": round(float(demand_factor[in_2025].mean()), 4),
            },
        },
        "response_curves": {
            k: {
                "new_customers_a_day": "a * x / (1 + x / half_sat), x = spend at January 2024's ad prices and average demand (see response_conditions): every new customer the ads bring, recorded_share of them with a last click on the platform",
                "a": p["a"],
                "half_sat": p["half_sat"],
                "incremental_share": p["incremental_share"],
                "incremental_share_is": "the share of all the customers the ads bring (not of those last click records) that the ads truly caused",
                "recorded_share": co.recorded_share(k),
                "first_year_revenue_per_customer": round(
                    float(value.get(co.paid_source(k), np.nan)), 2
                ),
                "two_year_contribution_per_customer": ltv[p["channel"]],
                "two_year_revenue_per_customer": two_year_revenue[p["channel"]],
            }
            for k, p in co.PAID_PLATFORMS.items()
        },
    }


def generate_lift_study(world: World) -> None:
    """A conversion lift study: Meta's audience split at random into a test cell (ads as usual)
    and a holdout (no Meta ads); purchases from any channel by the people in each cell, week
    by week. The ads' truly incremental purchases are the platform's share of the orders the
    store credits to Meta."""
    rng = rng_for(world.seed, "meta_lift_test")
    study = co.LIFT_STUDY
    platform = study["platform"]
    orders = world.frames["orders"]
    credited = credited_orders(orders, platform)
    credited = credited[
        (credited["order_date"] >= study["start"]) & (credited["order_date"] <= study["end"])
    ]
    weeks = pd.date_range(study["start"], study["end"], freq="W-MON")
    week_of = credited["order_date"].dt.to_period("W-SUN").dt.start_time
    per_week = (
        credited.groupby(week_of)
        .agg(n=("order_id", "size"), revenue=("revenue", "sum"))
        .reindex(weeks, fill_value=0)
    )
    share = co.PAID_PLATFORMS[platform]["incremental_share"] / co.recorded_share(platform)
    assert share <= 1, "the lift test draws the incremental orders from the credited ones"
    mean_value = float(credited["revenue"].mean())
    users = {
        "test": int(round(study["users"] * (1 - study["holdout_share"]))),
        "holdout": int(round(study["users"] * study["holdout_share"])),
    }
    paid = world.frames["paid_media_daily"]
    meta = paid[paid["platform"] == platform]
    spend_week = (
        meta.groupby(meta["date"].dt.to_period("W-SUN").dt.start_time)["spend"].sum().reindex(weeks)
    )
    reported = (
        meta.groupby(meta["date"].dt.to_period("W-SUN").dt.start_time)["platform_conversions"]
        .sum()
        .reindex(weeks)
    )
    rows = []
    true_incremental = 0
    for week, (n, _) in zip(weeks, per_week.itertuples(index=False), strict=True):
        incremental = int(rng.binomial(int(n), share))
        true_incremental += incremental
        baseline = study["baseline_vs_last_click"] * max(n, 1)  # the test cell's, this week
        for cell in ("test", "holdout"):
            anyway = int(rng.poisson(baseline * users[cell] / users["test"]))
            conversions = anyway + (incremental if cell == "test" else 0)
            revenue = (
                float(np.sum(rng.lognormal(np.log(mean_value) - 0.08, 0.4, conversions)))
                if conversions
                else 0.0
            )
            rows.append(
                {
                    "week_start": week,
                    "cell": cell,
                    "users": users[cell],
                    "conversions": conversions,
                    "revenue": round(revenue, 2),
                    "spend": round(float(spend_week[week]), 2) if cell == "test" else 0.0,
                    "platform_reported_conversions": int(reported[week]) if cell == "test" else 0,
                }
            )
    frame = pd.DataFrame(rows)
    world.frames["meta_lift_test"] = frame
    lc = int(per_week["n"].sum())
    world.truth["meta_lift_test"] = {
        "platform": platform,
        "weeks": [str(study["start"].date()), str(study["end"].date())],
        "split": "people in Meta's audience were assigned at random, 60% to the test cell and 40% to the holdout, which saw no Meta ads",
        "true_incremental_conversions": true_incremental,
        "last_click_orders_in_window": lc,
        "platform_reported_conversions_in_window": int(
            frame["platform_reported_conversions"].sum()
        ),
        "true_incremental_share_of_last_click": co.PAID_PLATFORMS[platform]["incremental_share"]
        / co.recorded_share(platform),
        "true_over_attribution_vs_incremental": round(
            float(frame["platform_reported_conversions"].sum()) / max(true_incremental, 1), 4
        ),
        "baseline_purchases_of_test_cell_vs_last_click": study["baseline_vs_last_click"],
        "holdout_share": study["holdout_share"],
    }


def generate_pilot(world: World) -> None:
    """Three weeks of a pilot on a new social network: ad sets by day, with the orders the store
    credits to it (tagged last click) and the purchases its pixel claims (more)."""
    rng = rng_for(world.seed, "new_network_pilot")
    pilot = co.PILOT
    days = pd.date_range(pilot["start"], periods=pilot["days"], freq="D")
    rows = []
    truth_sets = {}
    for name, (budget, cpm, ctr, cvr) in pilot["ad_sets"].items():
        spend = np.round(budget * rng.lognormal(0, 0.06, len(days)), 2)
        impressions = np.round(spend / (cpm * rng.lognormal(0, 0.1, len(days))) * 1000).astype(
            np.int64
        )
        clicks = rng.binomial(impressions, ctr)
        tagged = rng.binomial(clicks, cvr)
        revenue = np.array(
            [np.sum(rng.lognormal(np.log(pilot["aov"]) - 0.08, 0.4, k)) for k in tagged]
        )
        extra = rng.poisson(tagged * (pilot["pixel_over_report"] - 1))
        claimed = tagged + extra
        claimed_revenue = revenue + np.array(
            [np.sum(rng.lognormal(np.log(pilot["aov"]) - 0.08, 0.4, k)) for k in extra]
        )
        for i, day in enumerate(days):
            rows.append(
                {
                    "date": day,
                    "ad_set": name,
                    "spend": float(spend[i]),
                    "impressions": int(impressions[i]),
                    "clicks": int(clicks[i]),
                    "pixel_conversions": int(claimed[i]),
                    "pixel_revenue": round(float(claimed_revenue[i]), 2),
                    "tagged_orders": int(tagged[i]),
                    "tagged_revenue": round(float(revenue[i]), 2),
                }
            )
        truth_sets[name] = {"cpm": cpm, "ctr": ctr, "true_store_cvr": cvr}
    world.frames["new_network_pilot"] = pd.DataFrame(rows)
    world.truth["new_network_pilot"] = {
        "network": pilot["network"],
        "ad_sets": truth_sets,
        "aov": pilot["aov"],
        "pixel_over_report": pilot["pixel_over_report"],
        "prior_cvr_mean": pilot["prior_cvr"],
        "prior_cvr_basis": "store-credited (UTM-tagged last click), like tagged_orders",
        "prior_weight_clicks": pilot["prior_weight"],
        "scale_up": {"daily_budget": pilot["scale_daily_budget"], "days": pilot["scale_days"]},
        "note": "the pilot runs in February 2026, after the two years of the other datasets",
    }
