"""Each measure of ``company.BENCHMARKS``, computed from the built datasets, so that the data
dictionary shows what the data gives beside the published range, and a test keeps it there."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from cmo_course import finance, media, offline
from cmo_course.authoring.datagen.world import offline_conditions
from cmo_course.datasets import company as co

Frames = dict[str, pd.DataFrame]
YEAR = 2025


def _annual(frames: Frames, year: int = YEAR) -> pd.Series:
    pnl = frames["pnl_monthly"]
    return pnl[pnl["month"].dt.year == year].drop(columns="month").sum()


def _paid(frames: Frames, platform: str) -> pd.DataFrame:
    paid = frames["paid_media_daily"]
    return paid[(paid["date"].dt.year == YEAR) & (paid["platform"] == platform)]


def _cpm(frames: Frames, platform: str) -> float:
    part = _paid(frames, platform)
    return float(media.cpm(part["spend"].sum(), part["impressions"].sum()))


def _new_customers(frames: Frames, channels=None) -> int:
    return finance.new_customers(frames["customers"], YEAR, channels)


def _orders(frames: Frames) -> pd.DataFrame:
    orders = frames["orders"]
    return orders[orders["order_date"].dt.year == YEAR]


def _sessions(frames: Frames) -> pd.DataFrame:
    events = frames["web_events"]
    return events.drop_duplicates(["user_pseudo_id", "session_id"])


def _email_ratio(frames: Frames, top: str, bottom: str, segment: str | None = None) -> float:
    email = frames["email_campaigns"]
    part = email[email["send_date"].dt.year == YEAR]
    if segment is not None:
        part = part[part["segment"] == segment]
    return float(part[top].sum() / part[bottom].sum())


def _offline_cpm(frames: Frames, medium: str) -> float:
    mix = frames["media_mix_weekly"]
    part = mix[mix["week_start"].dt.year == YEAR]
    return float(media.cpm(part[f"{medium}_spend"].sum(), part[f"{medium}_impressions"].sum()))


def _catalogue_response(frames: Frames) -> float:
    """The new customers 2025's catalogues brought (on the generator's curve, before the draw)
    per piece mailed."""
    mix = frames["media_mix_weekly"]
    c = co.OFFLINE_MEDIA["direct_mail"]
    conditions = offline_conditions(co.days()).reindex(pd.DatetimeIndex(mix["week_start"]))
    customers = offline.offline_response(
        mix["direct_mail_spend"],
        c["theta"],
        c["a"],
        c["half_sat"],
        c.get("list_weeks", 0),
        demand=conditions["demand"].to_numpy(),
        unit_cost=conditions["unit_cost_direct_mail"].to_numpy(),
    )
    in_year = (mix["week_start"].dt.year == YEAR).to_numpy()
    return float(customers[in_year].sum() / mix.loc[in_year, "direct_mail_pieces"].sum())


def _meta_q4_premium(frames: Frames) -> float:
    part = _paid(frames, "meta")
    month = part["date"].dt.month
    q4 = part[month.isin([11, 12])]
    base = part[month.between(2, 9)]
    return _ratio_cpm(q4) / _ratio_cpm(base) - 1


def _ratio_cpm(part: pd.DataFrame) -> float:
    return float(media.cpm(part["spend"].sum(), part["impressions"].sum()))


def _google_store_cvr(frames: Frames) -> float:
    clicks = _paid(frames, "google_search")["clicks"].sum()
    return len(media.credited_orders(_orders(frames), "google_search")) / clicks


def _campaign(frames: Frames, platform: str, campaign: str) -> pd.DataFrame:
    part = _paid(frames, platform)
    return part[part["campaign"] == campaign]


def _source_session_conversion(frames: Frames, source: str, medium: str) -> float:
    events = frames["web_events"]
    part = events[(events["session_source"] == source) & (events["session_medium"] == medium)]
    sessions = part.drop_duplicates(["user_pseudo_id", "session_id"])
    return float((part["event_name"] == "purchase").sum() / len(sessions))


def _repeat_12m(frames: Frames) -> float:
    customers, orders = frames["customers"], frames["orders"]
    cohort = customers[customers["first_order_date"].dt.year == YEAR - 1]
    joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
    later = joined[
        (joined["order_date"] > joined["first_order_date"])
        & (joined["order_date"] <= joined["first_order_date"] + pd.Timedelta(days=365))
    ]
    return later["customer_id"].nunique() / len(cohort)


def _cart_abandonment(frames: Frames) -> float:
    events = frames["web_events"]
    steps = events.groupby(["user_pseudo_id", "session_id"])["event_name"].agg(set)
    carts = steps.map(lambda s: "add_to_cart" in s)
    bought = steps.map(lambda s: "purchase" in s)
    return float(1 - (carts & bought).sum() / carts.sum())


def _linkedin_cost_per_lead(frames: Frames) -> float:
    leads = frames["gifting_leads"]
    n = int(((leads["source"] == "linkedin_ads") & (leads["created_date"].dt.year == YEAR)).sum())
    return float(_paid(frames, "linkedin")["spend"].sum() / n)


def _shop_sales_from_home_market(frames: Frames) -> float:
    shops = _orders(frames)[_orders(frames)["sales_channel"] == "retail"]
    zone = frames["customers"].set_index("customer_id")["market"]
    local = shops["customer_id"].map(zone).notna()
    return float(finance.net_revenue(shops[local]) / finance.net_revenue(shops))


def _geo_test_lift(frames: Frames, outcome: str) -> float:
    """The autumn geo test's lift in ``outcome``, read as Module 04 reads it (time-based
    regression over the flight and the weeks after it)."""
    geo = frames["geo_test"]
    weekly = geo.pivot_table(
        index=["week_start", "period"], columns="group", values=outcome, aggfunc="sum"
    ).reset_index()
    pre, during = weekly[weekly["period"] == "pre"], weekly[weekly["period"] != "pre"]
    return float(
        offline.time_based_regression(
            pre["test"], pre["control"], during["test"], during["control"]
        ).lift
    )


MEASURES: dict[str, Callable[[Frames], float]] = {
    "net_revenue_2025": lambda f: float(_annual(f)["net_revenue"]),
    "growth_2025": lambda f: float(
        _annual(f)["net_revenue"] / _annual(f, YEAR - 1)["net_revenue"] - 1
    ),
    "retail_share": lambda f: float(
        finance.net_revenue(_orders(f)[_orders(f)["sales_channel"] == "retail"])
        / finance.net_revenue(_orders(f))
    ),
    "marketing_share": lambda f: float(_annual(f)["marketing_total"] / _annual(f)["net_revenue"]),
    "paid_media_share_of_marketing": lambda f: float(
        (_annual(f)["marketing_paid_digital"] + _annual(f)["marketing_paid_offline"])
        / _annual(f)["marketing_total"]
    ),
    "gross_margin": lambda f: float(_annual(f)["gross_profit"] / _annual(f)["net_revenue"]),
    "ebitda_margin": lambda f: float(_annual(f)["ebitda"] / _annual(f)["net_revenue"]),
    "blended_cac": lambda f: float(_annual(f)["marketing_total"] / _new_customers(f)),
    "paid_cac": lambda f: float(
        _annual(f)["marketing_paid_digital"] / _new_customers(f, co.PAID_ACQUISITION_CHANNELS)
    ),
    "aov": lambda f: float(_orders(f)["revenue"].mean()),
    "online_return_rate": lambda f: float(
        (_orders(f)[_orders(f)["sales_channel"] == "online"]["refund"] > 0).mean()
    ),
    "repeat_12m": _repeat_12m,
    "sessions_to_purchase": lambda f: float(
        (f["web_events"]["event_name"] == "purchase").sum() / len(_sessions(f))
    ),
    "cart_abandonment": _cart_abandonment,
    "mobile_share": lambda f: float((_sessions(f)["device_category"] == "mobile").mean()),
    "meta_cpm": lambda f: _cpm(f, "meta"),
    "meta_q4_premium": _meta_q4_premium,
    "meta_ctr": lambda f: float(
        _paid(f, "meta")["clicks"].sum() / _paid(f, "meta")["impressions"].sum()
    ),
    "google_cpc": lambda f: float(
        _paid(f, "google_search")["spend"].sum() / _paid(f, "google_search")["clicks"].sum()
    ),
    "google_store_cvr": _google_store_cvr,
    "shopping_ctr": lambda f: float(
        _campaign(f, "google_search", "shopping")["clicks"].sum()
        / _campaign(f, "google_search", "shopping")["impressions"].sum()
    ),
    "shopping_cpc": lambda f: float(
        _campaign(f, "google_search", "shopping")["spend"].sum()
        / _campaign(f, "google_search", "shopping")["clicks"].sum()
    ),
    "shopping_roas": lambda f: float(
        _campaign(f, "google_search", "shopping")["platform_revenue"].sum()
        / _campaign(f, "google_search", "shopping")["spend"].sum()
    ),
    "google_cpc_session_conversion": lambda f: _source_session_conversion(f, "google", "cpc"),
    "tiktok_cpm": lambda f: _cpm(f, "tiktok"),
    "youtube_cpm": lambda f: _cpm(f, "youtube"),
    "linkedin_cpm": lambda f: _cpm(f, "linkedin"),
    "linkedin_cost_per_lead": _linkedin_cost_per_lead,
    "email_click_rate": lambda f: float(
        f["email_campaigns"].query("send_date.dt.year == @YEAR")["clicks"].sum()
        / f["email_campaigns"].query("send_date.dt.year == @YEAR")["sends"].sum()
    ),
    "email_orders_per_click": lambda f: _email_ratio(f, "orders", "clicks"),
    "email_revenue_per_send": lambda f: _email_ratio(f, "revenue", "sends"),
    "email_lapsed_revenue_per_send": lambda f: _email_ratio(f, "revenue", "sends", "lapsed"),
    "tv_cpm": lambda f: _offline_cpm(f, "tv"),
    "tv_weekly_grps": lambda f: float(
        f["media_mix_weekly"].query("week_start.dt.year == @YEAR")["tv_grps"].max()
    ),
    "radio_cpm": lambda f: _offline_cpm(f, "radio"),
    "podcast_cpm": lambda f: _offline_cpm(f, "podcasts"),
    "shop_sales_from_home_market": _shop_sales_from_home_market,
    "geo_test_sales_lift": lambda f: _geo_test_lift(f, "sales"),
    "geo_test_new_customer_lift": lambda f: _geo_test_lift(f, "new_customers"),
    "tv_half_life_weeks": lambda f: float(np.log(0.5) / np.log(co.OFFLINE_MEDIA["tv"]["theta"])),
    "catalogue_response": _catalogue_response,
}


def measure(frames: Frames) -> dict[str, float]:
    """Every benchmark's value in these frames."""
    return {b.key: float(MEASURES[b.key](frames)) for b in co.BENCHMARKS}


def out_of_range(frames: Frames) -> list[str]:
    """The measures outside their published range, each with its value and range."""
    values = measure(frames)
    return [
        f"{b.quantity}: {b.fmt.format(values[b.key])} is outside "
        f"{b.fmt.format(b.low)}-{b.fmt.format(b.high)}"
        for b in co.BENCHMARKS
        if not b.low <= values[b.key] <= b.high
    ]
