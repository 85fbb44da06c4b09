"""Offline media (module 04): ``media_mix_weekly`` and ``geo_test``.

``generate_media_mix`` sums the ``orders``, new ``customers``, prices and promotions by week
beside every medium's spend and delivery: the paid platforms from ``paid_media_daily``, the
offline media from the internal ``daily_spend`` (``offline_delivery`` turns it into
impressions and GRPs), and branded search clicks drawn from demand and the offline media's
halo. ``generate_geo_test`` sums the 2025 sales of the home market's zones by week from the
orders of the customers who live there, with the autumn TV flight that aired only in the test
zones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import (
    World,
    _monday,
    geo_test_window,
    home_markets,
    offline_conditions,
    offline_unit_cost_index,
    promotion_days,
    rng_for,
    thanksgiving,
)
from cmo_course.datasets import company as co
from cmo_course.media import adstock

OFFLINE = tuple(co.OFFLINE_MEDIA)
DIGITAL = tuple(co.PAID_PLATFORMS)


def calendar_weeks() -> pd.DatetimeIndex:
    """Monday of every week that starts in the calendar (the last one is cut short by the year's end)."""
    return pd.date_range(co.START, co.END, freq="W-MON")


def _weekly(series_by_day: pd.Series | pd.DataFrame):
    """Sum by Monday-to-Sunday week, indexed by the Monday."""
    index = series_by_day.index
    monday = index - pd.to_timedelta(index.day_of_week, unit="D")
    return series_by_day.groupby(monday).sum()


def net_revenue_by_day(orders: pd.DataFrame) -> pd.Series:
    """Net revenue as the P&L counts it (gross sales - discounts - refunds), by order day."""
    net = orders["gross_sales"] - orders["discount"] - orders["refund"]
    return net.groupby(orders["order_date"]).sum()


def _monday_of(dates: pd.Series) -> pd.Series:
    return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")


def offline_delivery(world: World) -> pd.DataFrame:
    """What each week of offline spend delivered: impressions (pieces, attendees), and GRPs for
    the media bought in rating points. Costs per unit rise in Q4 like digital CPMs."""
    rng = rng_for(world.seed, "offline_delivery")
    spend = _weekly(world.internal["daily_spend"][list(OFFLINE)])
    weeks = spend.index
    out = pd.DataFrame(index=weeks)
    for medium in OFFLINE:
        cost, per, unit = co.OFFLINE_DELIVERY[medium]
        unit_cost = cost * offline_unit_cost_index(weeks, medium)
        unit_cost = unit_cost * rng.lognormal(0, 0.05, len(weeks))
        delivered = np.round(spend[medium].to_numpy() / unit_cost * per)
        out[f"{medium}_spend"] = spend[medium].round(2)
        out[f"{medium}_{unit}"] = delivered.astype(np.int64)
        if medium in co.GRP_MEDIA:
            out[f"{medium}_grps"] = np.round(delivered / co.HOME_MARKET["adults"] * 100, 1)
    return out


def generate_media_mix(world: World) -> None:
    """Weekly revenue, orders, promotions and prices beside every medium's spend and delivery."""
    rng = rng_for(world.seed, "media_mix_weekly")
    days = co.days()
    orders = world.frames["orders"]
    weeks = calendar_weeks()
    frame = pd.DataFrame(index=weeks)
    frame.index.name = "week_start"
    frame["days"] = np.minimum(7, (co.END - weeks).days + 1)

    net = net_revenue_by_day(orders).reindex(days, fill_value=0.0)
    frame["net_revenue"] = _weekly(net).round(2)
    frame["orders"] = _weekly(orders.groupby("order_date").size().reindex(days, fill_value=0))
    customers = world.frames["customers"]
    new = customers[customers["first_order_date"] >= co.START]
    frame["new_customers"] = _weekly(
        new.groupby("first_order_date").size().reindex(days, fill_value=0)
    )
    gross = _weekly(orders.groupby("order_date")["gross_sales"].sum().reindex(days, fill_value=0.0))
    discount = _weekly(orders.groupby("order_date")["discount"].sum().reindex(days, fill_value=0.0))
    frame["price_index"] = (100 * (1 - discount / gross)).round(1)
    promo = pd.Series(days.isin(set(promotion_days()["date"])).astype(int), index=days)
    frame["promotion_days"] = _weekly(promo)
    holidays = {thanksgiving(y) for y in co.YEARS} | {pd.Timestamp(y, 12, 25) for y in co.YEARS}
    frame["holiday"] = [any(w <= h < w + pd.Timedelta(days=7) for h in holidays) for w in weeks]

    paid = world.frames["paid_media_daily"]
    daily_paid = (
        paid.groupby(["date", "platform"])[["spend", "impressions"]].sum().unstack("platform")
    )
    daily_paid = daily_paid.reindex(days, fill_value=0)
    weekly_paid = _weekly(daily_paid)
    for platform in DIGITAL:
        frame[f"{platform}_spend"] = weekly_paid[("spend", platform)].round(2)
        frame[f"{platform}_impressions"] = weekly_paid[("impressions", platform)].astype(np.int64)
    delivery = offline_delivery(world)
    for column in delivery.columns:
        frame[column] = delivery[column]

    # Branded search: people looking for the brand to buy from it (a base that follows the week's
    # orders: customers coming back, and new ones who heard of it), plus the halo of offline media.
    base = co.BRANDED_SEARCH["per_order"] * frame["orders"].to_numpy(dtype=float)
    halo = {}
    for medium, per_dollar in co.BRANDED_SEARCH["halo_per_adstocked_dollar"].items():
        stocked = adstock(frame[f"{medium}_spend"].to_numpy(), co.OFFLINE_MEDIA[medium]["theta"])
        halo[medium] = per_dollar * stocked
    expected = base + sum(halo.values())
    frame["branded_search_clicks"] = rng.poisson(
        expected * rng.lognormal(0, co.BRANDED_SEARCH["noise"], len(weeks))
    )
    frame = frame.reset_index()
    world.frames["media_mix_weekly"] = frame

    # Truth: each offline medium's parameters, and what it brought.
    customers_all = world.internal["customers_all"]
    medium_of = customers_all.set_index("customer_id")["offline_medium"]
    net_of_order = orders["gross_sales"] - orders["discount"] - orders["refund"]
    revenue_by_medium = net_of_order.groupby(orders["customer_id"].map(medium_of)).sum()
    spend_total = frame[[f"{m}_spend" for m in OFFLINE]].sum()
    conditions = offline_conditions(days).reindex(pd.DatetimeIndex(frame["week_start"]))
    in_2025 = conditions.index.year == 2025

    def _by_week(column: str) -> dict:
        return {
            "first_week_start": str(conditions.index[0].date()),
            "demand": [round(float(v), 4) for v in conditions["demand"]],
            "unit_cost": [round(float(v), 4) for v in conditions[column]],
            "average_2025": {
                "demand": round(float(conditions.loc[in_2025, "demand"].mean()), 4),
                "unit_cost": round(float(conditions.loc[in_2025, column].mean()), 4),
            },
        }

    world.truth["media_mix_weekly"] = {
        "offline_media": {
            m: {
                "weekly_adstock_theta": p["theta"],
                "half_life_weeks": round(float(np.log(0.5) / np.log(p["theta"])), 2),
                "response": (
                    "new customers a week = demand * a * A / (1 + L / half_sat), A = adstocked "
                    "x, x = weekly spend / unit_cost, L = the list's depth: x adstocked at "
                    f"1 - 1/{p['list_weeks']} a week (households mailed lately; steady x builds "
                    f"{p['list_weeks']} x)"
                    if "list_weeks" in p
                    else "new customers a week = demand * a * A / (1 + A / half_sat), "
                    "A = adstocked x, x = weekly spend / unit_cost"
                ),
                "a": p["a"],
                "half_sat_weekly": p["half_sat"],
                **({"list_weeks": p["list_weeks"]} if "list_weeks" in p else {}),
                "conditions_by_week": _by_week(f"unit_cost_{m}"),
                "spend_two_years": round(float(spend_total[f"{m}_spend"]), 2),
                "expected_new_customers": world.truth["customers"][
                    "expected_new_customers_from_offline_media"
                ][m],
                "new_customers_drawn": int((customers_all["offline_medium"] == m).sum()),
                "net_revenue_of_its_customers_in_calendar": round(
                    float(revenue_by_medium.get(m, 0.0)), 2
                ),
                "unit_cost_jan_2024": co.OFFLINE_DELIVERY[m][0],
                "unit": co.OFFLINE_DELIVERY[m][2]
                if co.OFFLINE_DELIVERY[m][1] == 1
                else "1,000 impressions",
            }
            for m, p in co.OFFLINE_MEDIA.items()
        },
        "digital_adstock_theta": 0.0,
        "home_market_adults": co.HOME_MARKET["adults"],
        "grps_are_counted_against": "adults in the home market (TV, radio and out-of-home are bought there)",
        "branded_search": {
            "base_clicks_per_order": co.BRANDED_SEARCH["per_order"],
            "halo_clicks_per_adstocked_dollar": dict(
                co.BRANDED_SEARCH["halo_per_adstocked_dollar"]
            ),
            "expected_halo_clicks_two_years": {
                m: round(float(v.sum()), 1) for m, v in halo.items()
            },
            "expected_clicks_two_years": round(float(expected.sum()), 1),
        },
        "last_week_has_days": int(frame["days"].iloc[-1]),
    }


def generate_geo_test(world: World) -> None:
    """The home market's zones by week in 2025: sales from the orders of the customers who live
    there, and the autumn TV flight that aired only in the test zones."""
    markets = home_markets(world.seed)
    orders = world.frames["orders"]
    customers = world.frames["customers"]
    zone_of = customers.set_index("customer_id")["market"]
    local = orders.assign(market=orders["customer_id"].map(zone_of)).dropna(subset=["market"])
    local = local.assign(net=local["gross_sales"] - local["discount"] - local["refund"])
    local = local.assign(week_start=_monday_of(local["order_date"]))
    weeks = pd.date_range(co.GEO_TEST["first_week"], co.GEO_TEST["last_week"], freq="W-MON")
    grid = pd.MultiIndex.from_product([weeks, markets["market"]], names=["week_start", "market"])
    sums = local.groupby(["week_start", "market"]).agg(
        sales=("net", "sum"), orders=("order_id", "size")
    )
    new = customers.dropna(subset=["market"])
    new_by_week = new.groupby([_monday_of(new["first_order_date"]), "market"]).size()
    frame = sums.reindex(grid, fill_value=0)
    frame["new_customers"] = new_by_week.reindex(grid, fill_value=0).to_numpy()
    frame = frame.reset_index()
    frame = frame.merge(markets[["market", "adults", "pair", "group"]], on="market")

    start, end = geo_test_window(world.internal["daily_spend"])
    flight_start, flight_end = _monday(start), _monday(end)
    frame["period"] = np.select(
        [frame["week_start"] < flight_start, frame["week_start"] <= flight_end],
        ["pre", "flight"],
        "after",
    )
    # TV spend and GRPs by zone: the whole market's flights aired everywhere; the test's only in
    # the test zones.
    tv_week = _weekly(world.internal["daily_spend"]["tv"])
    impressions = world.frames["media_mix_weekly"].set_index("week_start")["tv_impressions"]
    in_test = frame["week_start"] >= flight_start
    airs = np.where(in_test, frame["group"] == "test", True)
    aired_adults = frame[airs].groupby("week_start")["adults"].sum()
    share = np.where(airs, frame["adults"] / frame["week_start"].map(aired_adults), 0.0)
    frame["tv_spend"] = np.round(frame["week_start"].map(tv_week).to_numpy() * share, 2)
    zone_impressions = frame["week_start"].map(impressions).to_numpy() * share
    frame["tv_grps"] = np.round(
        np.where(frame["adults"] > 0, zone_impressions / frame["adults"] * 100, 0.0), 1
    )
    frame["sales"] = frame["sales"].round(2)
    frame = (
        frame[
            [
                "week_start",
                "market",
                "adults",
                "pair",
                "group",
                "period",
                "tv_spend",
                "tv_grps",
                "sales",
                "orders",
                "new_customers",
            ]
        ]
        .sort_values(["week_start", "market"], kind="stable")
        .reset_index(drop=True)
    )
    world.frames["geo_test"] = frame

    # Truth: the net revenue, in the test weeks, of the customers the flight brought.
    medium_of = world.internal["customers_all"].set_index("customer_id")["offline_medium"]
    first_of = world.internal["customers_all"].set_index("customer_id")["first_order_date"]
    from_flight = (local["customer_id"].map(medium_of) == "tv") & (
        local["customer_id"].map(first_of) >= flight_start
    )
    during = local["week_start"].between(flight_start, weeks[-1])
    incremental = float(local.loc[from_flight & during, "net"].sum())
    test_spend = float(frame.loc[frame["period"] != "pre", "tv_spend"].sum())
    test_counterfactual = float(
        frame.loc[(frame["period"] != "pre") & (frame["group"] == "test"), "sales"].sum()
        - incremental
    )
    world.truth["geo_test"] = {
        "design": "zones paired by expected sales; one of each pair drawn into the test group",
        "flight_first_day": str(start.date()),
        "flight_last_day": str(end.date()),
        "test_weeks": "flight and after: every week from the flight's first Monday to the end of the data",
        "true_incremental_sales": round(incremental, 2),
        "true_lift": round(incremental / test_counterfactual, 4),
        "tv_spend_in_test_weeks": round(test_spend, 2),
        "true_iroas": round(incremental / test_spend, 3) if test_spend else None,
        "incremental_customers": int(((medium_of == "tv") & (first_of >= flight_start)).sum()),
        "note": "incremental = net revenue in the test weeks of the customers the flight brought (they would not exist without it)",
    }
