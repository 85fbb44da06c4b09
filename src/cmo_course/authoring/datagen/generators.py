"""Seeded generators: one function per dataset, all drawing on one simulation of the company.

The datasets depend on each other the way the business does: the marketing plan sets daily
spend; spend, posts and demand bring new customers; customers place orders; orders and spend
roll up to the P&L. Each generator takes its own random stream (derived from the seed and the
dataset's name), the upstream frames it needs, and returns its frame and the ground truth it
drew, so that a lesson can show a learner's estimate beside the truth.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cmo_course import finance
from cmo_course.datasets import company as co
from cmo_course.media import adstock, credited_orders, response


def rng_for(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per dataset, stable across runs and platforms."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), zlib.crc32(name.encode())]))


def _round_cents(values: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float), 2)


def _split_exactly(total: float, weights: np.ndarray) -> np.ndarray:
    """Split an amount in cents over weights so that the parts add up to the cent."""
    cents = int(round(total * 100))
    if cents == 0 or weights.sum() == 0:
        return np.zeros(len(weights))
    raw = weights / weights.sum() * cents
    parts = np.floor(raw).astype(np.int64)
    remainder = cents - parts.sum()
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[:remainder]] += 1
    return parts / 100.0


def thanksgiving(year: int) -> pd.Timestamp:
    """The fourth Thursday of November."""
    first = pd.Timestamp(year=year, month=11, day=1)
    offset = (3 - first.weekday()) % 7
    return first + pd.Timedelta(days=offset + 21)


def promotion_days() -> pd.DataFrame:
    """Every promotion day of the calendar, with its name and discount."""
    rows = []
    for year in co.YEARS:
        for name, month, first, last, discount in co.PROMOTIONS:
            if month == 11:
                start = thanksgiving(year) + pd.Timedelta(days=1)
                end = start + pd.Timedelta(days=3)
            else:
                start = pd.Timestamp(year=year, month=month, day=first)
                end = pd.Timestamp(year=year, month=month, day=last)
            for day in pd.date_range(start, end, freq="D"):
                rows.append({"date": day, "promotion": name, "discount": discount})
    return pd.DataFrame(rows)


@dataclass
class World:
    """Everything the generators have drawn so far: public frames, internal frames and truth."""

    seed: int
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    internal: dict[str, pd.DataFrame] = field(default_factory=dict)
    truth: dict[str, dict] = field(default_factory=dict)


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
                    fixed = channel.group in ("team", "martech", "content_agencies")
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
    media = [c.name for c in co.SPEND_CHANNELS if c.group in ("paid_digital", "paid_offline")]
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
# social_posts and social_audience
# ============================================================================================


def _followers_on(platform: dict, day_index: np.ndarray) -> np.ndarray:
    daily_growth = (1 + platform["growth"]) ** (1 / 365) - 1
    return platform["followers"] * (1 + daily_growth) ** day_index


def generate_social(world: World) -> None:
    """Organic posts by platform, the audience by generation, and daily link clicks."""
    rng = rng_for(world.seed, "social_posts")
    days = co.days()
    n_days = len(days)
    posts = []
    for name, p in co.SOCIAL_PLATFORMS.items():
        # posts land on random days of each week
        for week_start in range(0, n_days, 7):
            week_days = np.arange(week_start, min(week_start + 7, n_days))
            n_posts = int(rng.poisson(p["posts_per_week"]))
            if n_posts == 0:
                continue
            chosen = np.sort(
                rng.choice(week_days, size=min(n_posts, len(week_days)), replace=False)
            )
            for day_index in chosen:
                posts.append((name, int(day_index)))
    frame = pd.DataFrame(posts, columns=["platform", "day_index"])
    frame = frame.sort_values(["day_index", "platform"], kind="stable").reset_index(drop=True)
    n = len(frame)

    followers = np.zeros(n)
    reach = np.zeros(n)
    formats = np.empty(n, dtype=object)
    for name, p in co.SOCIAL_PLATFORMS.items():
        mask = (frame["platform"] == name).to_numpy()
        k = int(mask.sum())
        followers[mask] = np.round(_followers_on(p, frame.loc[mask, "day_index"].to_numpy()))
        fmt_names = list(p["formats"])
        formats[mask] = rng.choice(fmt_names, size=k, p=list(p["formats"].values()))
        reach[mask] = followers[mask] * p["reach_share"] * rng.lognormal(0, p["reach_sigma"], k)
    reach = np.maximum(np.round(reach), 50)
    impressions_ratio = frame["platform"].map(co.IMPRESSIONS_PER_REACH).to_numpy()
    impressions = np.round(reach * impressions_ratio * rng.lognormal(0, 0.08, n))
    impressions = np.maximum(impressions, reach)

    base_er = frame["platform"].map(
        {k: v["engagement_rate"] for k, v in co.SOCIAL_PLATFORMS.items()}
    )
    lift = pd.Series(formats).map(co.FORMAT_ENGAGEMENT_LIFT).to_numpy()
    er = np.clip(base_er.to_numpy() * lift * rng.lognormal(-0.03, 0.25, n), 0.001, 0.5)
    engagements = rng.binomial(reach.astype(np.int64), er)
    mix = np.array([co.ENGAGEMENT_MIX[p] for p in frame["platform"]])
    split = np.array([rng.multinomial(e, m) for e, m in zip(engagements, mix, strict=True)])

    base_click = frame["platform"].map({k: v["click_rate"] for k, v in co.SOCIAL_PLATFORMS.items()})
    click_lift = pd.Series(formats).map({"link": 2.2, "text": 0.8}).fillna(1.0).to_numpy()
    click_rate = np.clip(base_click.to_numpy() * click_lift * rng.lognormal(0, 0.3, n), 0, 0.2)
    link_clicks = rng.binomial(reach.astype(np.int64), click_rate)

    out = pd.DataFrame(
        {
            "post_id": [f"P{i + 1:05d}" for i in range(n)],
            "date": days[frame["day_index"].to_numpy()],
            "platform": frame["platform"].to_numpy(),
            "format": formats.astype(str),
            "followers": followers.astype(np.int64),
            "impressions": impressions.astype(np.int64),
            "reach": reach.astype(np.int64),
            "likes": split[:, 0],
            "comments": split[:, 1],
            "shares": split[:, 2],
            "saves": split[:, 3],
            "link_clicks": link_clicks.astype(np.int64),
        }
    )
    world.frames["social_posts"] = out
    world.internal["social_clicks_daily"] = (
        out.groupby(["date", "platform"])["link_clicks"].sum().unstack(fill_value=0)
    )

    # Audience by generation at the end of each quarter: the platform's mix plus a little drift.
    rng_a = rng_for(world.seed, "social_audience")
    quarter_ends = pd.date_range(co.START, co.END, freq="QE")
    rows = []
    for name, p in co.SOCIAL_PLATFORMS.items():
        for q in quarter_ends:
            total = _followers_on(p, np.array([(q - co.START).days]))[0]
            mix = rng_a.dirichlet(np.array(p["audience"]) * 400)
            counts = np.round(total * mix).astype(np.int64)
            for gen, count in zip(co.GENERATIONS, counts, strict=True):
                rows.append(
                    {"quarter_end": q, "platform": name, "generation": gen, "followers": int(count)}
                )
    world.frames["social_audience"] = pd.DataFrame(rows)

    engagements_total = out[["likes", "comments", "shares", "saves"]].sum(axis=1)
    world.truth["social_posts"] = {
        "engagement_rate_by_reach_mean_of_posts_target": {
            k: v["engagement_rate"] for k, v in co.SOCIAL_PLATFORMS.items()
        },
        "engagement_rate_by_reach_realised": {
            k: round(float(engagements_total[m].sum() / out.loc[m, "reach"].sum()), 5)
            for k in co.SOCIAL_PLATFORMS
            for m in [out["platform"] == k]
        },
        "link_click_rate_target": {k: v["click_rate"] for k, v in co.SOCIAL_PLATFORMS.items()},
        "format_engagement_lift": dict(co.FORMAT_ENGAGEMENT_LIFT),
        "new_customers_per_link_click": {
            k: v["customers_per_click"] for k, v in co.SOCIAL_PLATFORMS.items()
        },
    }
    world.truth["social_audience"] = {
        "audience_mix_by_generation": {
            k: dict(zip(co.GENERATIONS, v["audience"], strict=True))
            for k, v in co.SOCIAL_PLATFORMS.items()
        },
        "annual_follower_growth": {k: v["growth"] for k, v in co.SOCIAL_PLATFORMS.items()},
    }


# ============================================================================================
# customers
# ============================================================================================

_SOURCE_OF = {
    "organic_search": "google",
    "direct": "none",
    "email": "newsletter",
    "referral": "friend_referral",
    "retail": "store",
    "paid_search": "google",
    "paid_video": "youtube",
}


def _demand_index(days: pd.DatetimeIndex) -> np.ndarray:
    """Organic demand by day: growth, seasonality, weekday and promotions (1.0 = average day)."""
    years = (days - co.START).days.to_numpy() / 365.25
    trend = (1 + co.ANNUAL_GROWTH) ** years
    season = np.array(co.SEASONALITY)[days.month.to_numpy() - 1]
    weekday = np.array(co.WEEKDAY)[days.day_of_week.to_numpy()]
    promo = np.where(days.isin(set(promotion_days()["date"])), co.PROMO_DEMAND_LIFT, 1.0)
    return trend * season * weekday * promo


def home_markets(seed: int) -> pd.DataFrame:
    """The zones of the home market: adults, how much each buys per adult, and the geo test's
    design (zones paired by expected sales, one of each pair drawn into the test group)."""
    rng = rng_for(seed, "home_markets")
    hm = co.HOME_MARKET
    size = rng.lognormal(0, hm["size_sigma"], hm["markets"])
    adults = np.round(size / size.sum() * hm["adults"] / 10) * 10
    adults[0] += hm["adults"] - adults.sum()  # the zones add up to the market exactly
    propensity = rng.lognormal(0, hm["propensity_sigma"], hm["markets"])
    markets = pd.DataFrame(
        {
            "market": [f"Z{i + 1:02d}" for i in range(hm["markets"])],
            "adults": adults.astype(np.int64),
            "propensity": propensity,
        }
    )
    weight = markets["adults"] * markets["propensity"]
    order = np.argsort(-weight.to_numpy(), kind="stable")
    pair = np.empty(len(markets), dtype=np.int64)
    group = np.empty(len(markets), dtype=object)
    for k in range(len(markets) // 2):
        a, b = order[2 * k], order[2 * k + 1]
        pair[[a, b]] = k + 1
        first_is_test = rng.random() < 0.5
        group[a], group[b] = ("test", "control") if first_is_test else ("control", "test")
    markets["pair"] = pair
    markets["group"] = group
    return markets


def geo_test_window(daily_spend: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of TV in the geo test's flight (the autumn 2025 flight)."""
    tv = daily_spend["tv"]
    year = co.GEO_TEST["last_week"].year
    in_flight = tv[
        (tv.index.year == year) & tv.index.month.isin(co.GEO_TEST["flight_months"]) & (tv > 0)
    ]
    return in_flight.index.min(), in_flight.index.max()


def _monday(day: pd.Timestamp) -> pd.Timestamp:
    return (day - pd.Timedelta(days=day.weekday())).normalize()


def _monday_of(dates: pd.Series) -> pd.Series:
    return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")


def _home_market_of(world: World, customers: pd.DataFrame, local: pd.Series) -> np.ndarray:
    """The home-market zone each customer lives in ("" outside the home market).

    Customers of local media and the stores all live there, and half the home region's other
    customers; zones are drawn by adults x propensity. TV customers who arrived once the geo
    test's flight began live in the test zones (where it aired), drawn by adults there."""
    rng = rng_for(world.seed, "customer_markets")
    markets = home_markets(world.seed)
    in_region = (customers["region"] == co.HOME_REGION).to_numpy()
    lives_there = local.to_numpy() | (
        in_region & (rng.random(len(customers)) < co.HOME_MARKET["share_of_region_customers"])
    )
    weight = (markets["adults"] * markets["propensity"]).to_numpy()
    zone = rng.choice(markets["market"].to_numpy(), size=len(customers), p=weight / weight.sum())
    start, _ = geo_test_window(world.internal["daily_spend"])
    test = markets[markets["group"] == "test"]
    from_flight = (
        (customers["offline_medium"] == "tv") & (customers["first_order_date"] >= _monday(start))
    ).to_numpy()
    test_weight = test["adults"].to_numpy() / test["adults"].sum()
    zone[from_flight] = rng.choice(
        test["market"].to_numpy(), size=int(from_flight.sum()), p=test_weight
    )
    return np.where(lives_there, zone, None)


def generate_customers(world: World) -> None:
    """Every customer who ordered in the two years, with how and when they first bought."""
    rng = rng_for(world.seed, "customers")
    days = co.days()
    demand = _demand_index(days)
    day_noise = rng.lognormal(0, 0.07, len(days))
    counts: list[tuple[str, str, np.ndarray]] = []  # (channel, source, expected per day)

    for channel, base in co.ORGANIC_BASELINE_PER_DAY.items():
        counts.append((channel, _SOURCE_OF[channel], base * demand * day_noise))

    clicks = world.internal["social_clicks_daily"].reindex(days, fill_value=0)
    for platform, p in co.SOCIAL_PLATFORMS.items():
        expected = clicks[platform].to_numpy() * p["customers_per_click"]
        counts.append(("organic_social", platform, expected))

    spend = world.internal["daily_spend"]
    season = np.sqrt(demand / _demand_index(days).mean())
    for platform, p in co.PAID_PLATFORMS.items():
        expected = response(spend[platform].to_numpy(), p["a"], p["half_sat"]) * season
        counts.append((p["channel"], co.paid_source(platform), expected))

    # Offline media: weekly adstock and saturation, landing as direct, branded search or retail.
    weeks = days.to_period("W-SUN")
    offline_daily = {}
    for medium, m in co.OFFLINE_MEDIA.items():
        weekly = spend[medium].groupby(weeks).sum()
        stocked = adstock(weekly.to_numpy(), m["theta"])
        per_week = response(stocked, m["a"], m["half_sat"])
        per_day = pd.Series(per_week / 7.0, index=weekly.index).reindex(weeks).to_numpy()
        offline_daily[medium] = per_day
        for channel, share in co.OFFLINE_LANDING.items():
            counts.append((channel, _SOURCE_OF[channel], per_day * share, medium))

    expected = np.array([c[2] for c in counts])  # (streams, days)
    drawn = rng.poisson(expected)
    stream_channel = np.array([c[0] for c in counts])
    stream_source = np.array([c[1] for c in counts])
    stream_medium = np.array([c[3] if len(c) > 3 else "" for c in counts])
    stream_index, day_index = np.nonzero(drawn)
    repeats = drawn[stream_index, day_index]
    stream_of_customer = np.repeat(stream_index, repeats)
    day_of_customer = np.repeat(day_index, repeats)
    n_new = len(day_of_customer)
    new = pd.DataFrame(
        {
            "first_order_date": days[day_of_customer],
            "acquisition_channel": stream_channel[stream_of_customer],
            "acquisition_source": stream_source[stream_of_customer],
            "offline_medium": stream_medium[stream_of_customer],  # internal: never published
        }
    )

    # The customers the company already had: first bought in 2019-2023, still buying.
    n_legacy = co.LEGACY_ACTIVE_CUSTOMERS
    legacy_days = pd.date_range("2019-01-01", "2023-12-31", freq="D")
    weights = np.linspace(0.4, 1.0, len(legacy_days))
    legacy_dates = rng.choice(legacy_days.to_numpy(), size=n_legacy, p=weights / weights.sum())
    legacy_mix = {
        "organic_search": 0.30,
        "direct": 0.20,
        "organic_social": 0.08,
        "paid_social": 0.12,
        "paid_search": 0.08,
        "email": 0.08,
        "referral": 0.06,
        "retail": 0.08,
    }
    legacy_channel = rng.choice(list(legacy_mix), size=n_legacy, p=list(legacy_mix.values()))
    legacy_source = [
        _SOURCE_OF.get(c)
        or rng.choice(
            ["instagram", "facebook", "tiktok"] if c == "organic_social" else ["meta", "instagram"]
        )
        for c in legacy_channel
    ]
    legacy = pd.DataFrame(
        {
            "first_order_date": pd.to_datetime(legacy_dates),
            "acquisition_channel": legacy_channel,
            "acquisition_source": legacy_source,
            "offline_medium": "",
        }
    )
    customers = pd.concat([legacy, new], ignore_index=True)
    customers = customers.sort_values("first_order_date", kind="stable").reset_index(drop=True)
    n = len(customers)

    customers["region"] = rng.choice(list(co.REGIONS), size=n, p=list(co.REGIONS.values()))
    # Local media bring customers who live in the home region.
    local = customers["offline_medium"].isin(co.LOCAL_MEDIA)
    customers.loc[local, "region"] = co.HOME_REGION
    generation = np.empty(n, dtype=object)
    for channel in np.unique(customers["acquisition_channel"]):
        for source in np.unique(
            customers.loc[customers["acquisition_channel"] == channel, "acquisition_source"]
        ):
            mask = (
                (customers["acquisition_channel"] == channel)
                & (customers["acquisition_source"] == source)
            ).to_numpy()
            if channel == "organic_social":
                mix = np.array(co.SOCIAL_PLATFORMS[source]["audience"])
                # buyers skew a little older than followers
                mix = mix * np.array([0.8, 1.1, 1.15, 1.0])
                mix = mix / mix.sum()
            else:
                mix = co.CUSTOMER_GENERATIONS.get(channel, co.CUSTOMER_GENERATIONS["default"])
            generation[mask] = rng.choice(co.GENERATIONS, size=int(mask.sum()), p=mix)
    customers["generation"] = generation.astype(str)
    customers.insert(0, "customer_id", [f"C{i + 1:06d}" for i in range(n)])
    customers["market"] = _home_market_of(world, customers, local)
    world.internal["customers_all"] = customers  # before dropping legacy customers with no orders

    paid = [p for p in co.PAID_PLATFORMS]
    paid_spend = spend[paid].sum()
    world.truth["customers"] = {
        "new_customers_by_year": {
            str(y): int((new["first_order_date"].dt.year == y).sum()) for y in co.YEARS
        },
        "expected_new_customers_from_offline_media": {
            k: round(float(v.sum()), 1) for k, v in offline_daily.items()
        },
        "paid_platforms": {
            k: {
                "recorded_as": p["channel"],
                "response": "a * spend / (1 + spend / half_sat), per day",
                "a": p["a"],
                "half_sat": p["half_sat"],
                "true_incremental_share_of_recorded_customers": p["incremental_share"],
                "spend_two_years": round(float(paid_spend[k]), 2),
            }
            for k, p in co.PAID_PLATFORMS.items()
        },
        "offline_media": {
            k: {"weekly_adstock_theta": m["theta"], "a": m["a"], "half_sat_weekly": m["half_sat"]}
            for k, m in co.OFFLINE_MEDIA.items()
        },
        "offline_landing_channels": dict(co.OFFLINE_LANDING),
        "organic_baseline_per_day": dict(co.ORGANIC_BASELINE_PER_DAY),
        "annual_growth": co.ANNUAL_GROWTH,
        "customers_before_2024_still_active": co.LEGACY_ACTIVE_CUSTOMERS,
        "acquisition_channel_is": "last-click, as the web analytics recorded the first order",
        "n_new_in_calendar": n_new,
    }


# ============================================================================================
# orders
# ============================================================================================


def generate_orders(world: World) -> None:
    """Every order of the two years: revenue, discounts, product cost, shipping, fees, returns."""
    rng = rng_for(world.seed, "orders")
    customers = world.internal["customers_all"]
    month_of = lambda ts: ts.dt.year * 12 + ts.dt.month - 1  # noqa: E731
    first_month = month_of(customers["first_order_date"]).to_numpy()
    cal_first = co.START.year * 12 + co.START.month - 1
    cal_last = co.END.year * 12 + co.END.month - 1
    n_months = cal_last - cal_first + 1
    in_calendar = (customers["first_order_date"] >= co.START).to_numpy()

    churn = customers["acquisition_channel"].map(co.MONTHLY_CHURN).to_numpy()
    # months a customer stays alive after the first order (or, for a customer from before
    # 2024, after the start of the calendar)
    alive_months = rng.geometric(churn) - 1
    start_month = np.where(in_calendar, first_month, cal_first - 1)

    # repeat orders: month offsets 1..n_months from the start month
    offsets = np.arange(1, n_months + 1)
    month_index = start_month[:, None] + offsets[None, :]
    eligible = (offsets[None, :] <= alive_months[:, None]) & (month_index <= cal_last)
    season = np.array(co.RETENTION_SEASONALITY)[np.clip(month_index, 0, None) % 12]
    buys = eligible & (rng.random(eligible.shape) < co.REPEAT_PURCHASE_PROB * season)
    cust_idx, off_idx = np.nonzero(buys)
    repeat_month = month_index[cust_idx, off_idx]

    # first orders (only for customers acquired in the calendar)
    first_idx = np.nonzero(in_calendar)[0]
    order_customer = np.concatenate([first_idx, cust_idx])
    is_first = np.concatenate([np.ones(len(first_idx), bool), np.zeros(len(cust_idx), bool)])
    # dates: first orders on the acquisition day, repeats on a random day of their month
    rep_year = repeat_month // 12
    rep_mon = repeat_month % 12 + 1
    rep_start = pd.to_datetime(pd.DataFrame({"year": rep_year, "month": rep_mon, "day": 1}))
    rep_days = rep_start.dt.days_in_month.to_numpy()
    rep_dates = rep_start + pd.to_timedelta(
        np.floor(rng.random(len(rep_days)) * rep_days), unit="D"
    )
    order_date = np.concatenate(
        [customers["first_order_date"].to_numpy()[first_idx], rep_dates.to_numpy()]
    )
    orders = pd.DataFrame(
        {"cust": order_customer, "order_date": pd.to_datetime(order_date), "is_first": is_first}
    )
    orders = orders.sort_values(["order_date", "cust"], kind="stable").reset_index(drop=True)
    n = len(orders)
    channel_of_customer = customers["acquisition_channel"].to_numpy()[orders["cust"].to_numpy()]
    first = orders["is_first"].to_numpy()

    retail_first = channel_of_customer == "retail"
    retail_repeat = rng.random(n) < np.where(retail_first, 0.55, co.RETAIL_SHARE_OF_REPEAT_ORDERS)
    sales_channel = np.where(
        first,
        np.where(retail_first, "retail", "online"),
        np.where(retail_repeat, "retail", "online"),
    )
    online = sales_channel == "online"

    items = 1 + rng.poisson(co.EXTRA_ITEMS_MEAN, n)
    # list price of the basket: a log-normal price per item
    prices = rng.lognormal(np.log(co.ITEM_PRICE_MEDIAN), co.ITEM_PRICE_SIGMA, items.sum())
    basket = np.add.reduceat(prices, np.concatenate([[0], np.cumsum(items)[:-1]]))
    gross_sales = _round_cents(basket)

    promo = promotion_days().set_index("date")["discount"]
    promo_rate = orders["order_date"].map(promo).fillna(0.0).to_numpy()
    welcome = first & online & (rng.random(n) < co.WELCOME_CODE_USE)
    code = ~first & (rng.random(n) < co.CODE_USE)
    rate = np.maximum.reduce(
        [
            promo_rate,
            np.where(welcome, co.WELCOME_DISCOUNT, 0.0),
            np.where(code, co.CODE_DISCOUNT, 0.0),
        ]
    )
    discount = _round_cents(gross_sales * rate)
    revenue = _round_cents(gross_sales - discount)

    return_prob = np.where(online, co.RETURN_RATE["online"], co.RETURN_RATE["retail"])
    return_prob = return_prob + np.where(promo_rate > 0, 0.03, 0.0)
    returned = rng.random(n) < return_prob
    refund = np.where(returned, revenue, 0.0)
    product_cost = _round_cents(gross_sales * co.COGS_SHARE_OF_LIST * rng.lognormal(0, 0.06, n))
    cogs = np.where(returned, 0.0, product_cost)  # returned goods go back to stock
    shipping = np.where(online, co.SHIPPING_PER_ORDER + co.SHIPPING_PER_ITEM * items, 0.0)
    shipping = shipping + np.where(returned & online, co.RETURN_SHIPPING_AND_HANDLING, 0.0)
    fee_share = np.where(online, co.PAYMENT_FEE["online"][0], co.PAYMENT_FEE["retail"][0])
    fee_fixed = np.where(online, co.PAYMENT_FEE["online"][1], co.PAYMENT_FEE["retail"][1])
    payment_fee = _round_cents(revenue * fee_share + fee_fixed)

    customer_ids = customers["customer_id"].to_numpy()[orders["cust"].to_numpy()]
    out = pd.DataFrame(
        {
            "order_id": [f"O{i + 1:06d}" for i in range(n)],
            "order_date": orders["order_date"].to_numpy(),
            "customer_id": customer_ids,
            "sales_channel": sales_channel.astype(str),
            "items": items.astype(np.int64),
            "gross_sales": gross_sales,
            "discount": discount,
            "revenue": revenue,
            "refund": _round_cents(refund),
            "cogs": _round_cents(cogs),
            "shipping_cost": _round_cents(shipping),
            "payment_fee": payment_fee,
        }
    )
    world.frames["orders"] = out

    # Customers: everyone with at least one order in the calendar.
    ordered = set(out["customer_id"])
    customers_out = customers[customers["customer_id"].isin(ordered)].reset_index(drop=True)
    customers_out = customers_out.drop(columns="offline_medium")
    world.frames["customers"] = customers_out

    # Truth: the expected margin-based lifetime value per new customer, by channel.
    order_margin = finance.order_contribution(out)
    first_margin = float(order_margin[first].mean())
    repeat_margin = float(order_margin[~first].mean())
    ltv = {}
    for channel, c in co.MONTHLY_CHURN.items():
        months_alive = (1 - c) ** np.arange(1, 24)
        ltv[channel] = round(
            first_margin + repeat_margin * co.REPEAT_PURCHASE_PROB * months_alive.sum(), 2
        )
    world.truth["orders"] = {
        "monthly_churn_by_acquisition_channel": dict(co.MONTHLY_CHURN),
        "monthly_repeat_purchase_probability_while_active": co.REPEAT_PURCHASE_PROB,
        "retention_seasonality_by_month": list(co.RETENTION_SEASONALITY),
        "return_rate_target": dict(co.RETURN_RATE),
        "cogs_share_of_list_price": co.COGS_SHARE_OF_LIST,
        "payment_fee": {k: {"share": v[0], "per_order": v[1]} for k, v in co.PAYMENT_FEE.items()},
        "welcome_discount": co.WELCOME_DISCOUNT,
        "promotions": [{"name": p[0], "discount": p[4]} for p in co.PROMOTIONS],
        "mean_contribution_first_order": round(first_margin, 2),
        "mean_contribution_repeat_order": round(repeat_margin, 2),
        "expected_24_month_contribution_ltv_by_channel": ltv,
        "ltv_definition": (
            "first-order contribution + repeat-order contribution x purchase probability x "
            "sum over months 1-23 of (1 - churn)^t (retention seasonality averages out)"
        ),
    }


# ============================================================================================
# orders: the last click of each order
# ============================================================================================


def email_calendar() -> pd.DataFrame:
    """Every email campaign: weekly newsletters on Thursdays and one email per promotion; the
    2025 promotions were holdout tests."""
    thursdays = pd.date_range(co.START, co.END, freq="W-THU")
    days = (
        thursdays if thursdays[0] == co.START else thursdays.insert(0, co.START)
    )  # a New Year send
    rows = [
        {
            "send_date": day,
            "campaign_name": f"Newsletter {day:%d %b %Y}",
            "campaign_type": "newsletter",
        }
        for day in days
    ]
    promos = promotion_days()
    firsts = promos.groupby([promos["date"].dt.year, "promotion"])["date"].min()
    for (year, name), day in firsts.items():
        rows.append(
            {"send_date": day, "campaign_name": f"{name} {year}", "campaign_type": "promotion"}
        )
    calendar = (
        pd.DataFrame(rows)
        .sort_values(["send_date", "campaign_type"], kind="stable")
        .reset_index(drop=True)
    )
    calendar.insert(0, "campaign_id", [f"E{i + 1:03d}" for i in range(len(calendar))])
    in_2025 = calendar["send_date"].dt.year == 2025
    newsletters = calendar[in_2025 & (calendar["campaign_type"] == "newsletter")]
    first_of_month = newsletters.groupby(newsletters["send_date"].dt.month)["send_date"].idxmin()
    calendar["holdout_test"] = in_2025 & (calendar["campaign_type"] == "promotion")
    calendar.loc[first_of_month.to_numpy(), "holdout_test"] = True
    return calendar


def _pick(rng: np.random.Generator, options: dict[str, float], size: int) -> np.ndarray:
    weights = np.array(list(options.values()), dtype=float)
    return rng.choice(list(options), size=size, p=weights / weights.sum())


def generate_order_channels(world: World) -> None:
    """The channel and source of the session each order was placed in (last click).

    A first order carries its customer's acquisition channel; a store order is "retail"; a
    repeat online order comes from the repeat mix, with email more likely in the days after a
    campaign went out.
    """
    rng = rng_for(world.seed, "orders_last_click")
    orders = world.frames["orders"]
    customers = world.internal["customers_all"].set_index("customer_id")
    n = len(orders)
    first_date = customers["first_order_date"].reindex(orders["customer_id"]).to_numpy()
    first = orders["order_date"].to_numpy() == first_date
    retail = (orders["sales_channel"] == "retail").to_numpy()
    channel = np.empty(n, dtype=object)
    source = np.empty(n, dtype=object)

    acquired = customers.reindex(orders["customer_id"])
    channel[first] = acquired["acquisition_channel"].to_numpy()[first]
    source[first] = acquired["acquisition_source"].to_numpy()[first]

    sends = np.sort(email_calendar()["send_date"].unique())
    dates = orders["order_date"].to_numpy()
    latest = np.searchsorted(sends, dates, side="right") - 1
    days_since = np.where(
        latest >= 0, (dates - sends[np.clip(latest, 0, None)]) / np.timedelta64(1, "D"), 99
    )
    email_share = np.zeros(n)
    for upto, share in reversed(co.EMAIL_LAST_CLICK_BY_DAYS_SINCE_SEND):
        email_share = np.where(days_since <= upto, share, email_share)
    repeat_online = ~first & ~retail
    is_email = repeat_online & (rng.random(n) < email_share)
    other = repeat_online & ~is_email
    channel[is_email] = "email"
    channel[other] = _pick(rng, co.REPEAT_LAST_CLICK, int(other.sum()))
    channel[~first & retail] = "retail"
    for name, fixed in _SOURCE_OF.items():
        mask = ~first & (channel == name)
        source[mask] = fixed
    for name, options in co.REPEAT_SOURCES.items():
        mask = ~first & (channel == name)
        source[mask] = _pick(rng, options, int(mask.sum()))
    orders["last_click_channel"] = channel.astype(str)
    orders["last_click_source"] = source.astype(str)
    repeat = orders.loc[repeat_online, "last_click_channel"]
    world.truth["orders"]["last_click_mix_of_repeat_online_orders"] = {
        k: round(float(v), 4) for k, v in repeat.value_counts(normalize=True).items()
    }
    world.truth["orders"]["email_last_click_share_by_days_since_send"] = [
        {"up_to_days": d, "share": s} for d, s in co.EMAIL_LAST_CLICK_BY_DAYS_SINCE_SEND
    ]


# ============================================================================================
# email_campaigns
# ============================================================================================


def _email_segment_of_orders(orders: pd.DataFrame, customers: pd.DataFrame) -> pd.Series:
    """The audience a customer was in when they ordered: subscribers before their first order,
    active if they had ordered in the last 180 days, lapsed otherwise."""
    ordered = orders.sort_values(["customer_id", "order_date"], kind="stable")
    previous = ordered.groupby("customer_id")["order_date"].shift()
    first_date = customers.set_index("customer_id")["first_order_date"].reindex(
        ordered["customer_id"]
    )
    # A customer from before 2024 was still buying when the data starts: treat their previous
    # order as recent.
    known = np.maximum(first_date.to_numpy(), (co.START - pd.Timedelta(days=60)).to_datetime64())
    previous = previous.fillna(pd.Series(known, index=ordered.index))
    is_first = ordered["order_date"].to_numpy() == first_date.to_numpy()
    gap = (ordered["order_date"] - previous).dt.days
    segment = np.where(
        is_first, "subscribers", np.where(gap <= co.EMAIL_ACTIVE_DAYS, "active", "lapsed")
    )
    return pd.Series(segment, index=ordered.index).reindex(orders.index)


def generate_email(world: World) -> None:
    """Email campaigns by segment: sends, opens (inflated by machine opens), clicks, the orders
    and revenue email is credited with (last click; they are the orders of the orders table
    whose last click is email), unsubscribes, and holdout tests for the 2025 promotions."""
    rng = rng_for(world.seed, "email_campaigns")
    orders = world.frames["orders"]
    customers = world.internal["customers_all"]
    calendar = email_calendar()
    sends_sorted = calendar["send_date"].to_numpy()

    email_orders = orders[orders["last_click_channel"] == "email"].copy()
    email_orders["segment"] = _email_segment_of_orders(orders, customers).loc[email_orders.index]
    # each email order is credited to the latest campaign sent on or before its day
    index = np.searchsorted(sends_sorted, email_orders["order_date"].to_numpy(), side="right") - 1
    if (index < 0).any():
        raise ValueError("an email order comes before the first campaign")
    # two campaigns on one day (a promotion on a Thursday): credit the promotion
    email_orders["campaign_id"] = calendar["campaign_id"].to_numpy()[index]
    credited = email_orders.groupby(["campaign_id", "segment"]).agg(
        orders=("order_id", "size"), revenue=("revenue", "sum")
    )

    span = (co.END - co.START).days
    rows = []
    for campaign in calendar.itertuples():
        promo = campaign.campaign_type == "promotion"
        lift = co.EMAIL_PROMOTION_LIFT if promo else 1.0
        progress = (campaign.send_date - co.START).days / span
        for segment in co.EMAIL_SEGMENTS:
            start, end = co.EMAIL_LIST_SIZE[segment]
            audience = int(round((start + (end - start) * progress) * rng.lognormal(0, 0.01)))
            holdout = int(round(audience * co.EMAIL_HOLDOUT_SHARE)) if campaign.holdout_test else 0
            sends = audience - holdout
            human = rng.binomial(sends, min(0.95, co.EMAIL_HUMAN_OPEN_RATE[segment] * lift))
            machine = rng.binomial(sends - human, co.EMAIL_MACHINE_OPEN_SHARE)
            key = (campaign.campaign_id, segment)
            n_orders = int(credited["orders"].get(key, 0))
            revenue = float(credited["revenue"].get(key, 0.0))
            clicks = max(
                rng.binomial(sends, co.EMAIL_CLICK_RATE[segment] * lift),
                int(np.ceil(n_orders * 1.5)),
            )
            unsubscribes = rng.binomial(sends, co.EMAIL_UNSUBSCRIBE_RATE[segment] * lift)
            row = {
                "campaign_id": campaign.campaign_id,
                "send_date": campaign.send_date,
                "campaign_name": campaign.campaign_name,
                "campaign_type": campaign.campaign_type,
                "segment": segment,
                "sends": sends,
                "opens": int(human + machine),
                "clicks": int(clicks),
                "orders": n_orders,
                "revenue": round(revenue, 2),
                "unsubscribes": int(unsubscribes),
                "holdout_size": holdout,
                "orders_7d": pd.NA,
                "holdout_orders_7d": pd.NA,
                "_human_opens": int(human),
            }
            if campaign.holdout_test:
                base = co.EMAIL_BASE_7_DAY_ORDER_RATE[segment] * lift
                incremental = int(round(n_orders * co.EMAIL_TRUE_INCREMENTAL_SHARE[segment]))
                row["orders_7d"] = int(max(rng.binomial(sends, base) + incremental, n_orders))
                row["holdout_orders_7d"] = int(rng.binomial(holdout, base))
                row["_true_incremental"] = incremental
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame["orders_7d"] = frame["orders_7d"].astype("Int64")
    frame["holdout_orders_7d"] = frame["holdout_orders_7d"].astype("Int64")
    tests = frame[frame["holdout_size"] > 0]
    human_rate = (
        frame.groupby("segment")["_human_opens"].sum() / frame.groupby("segment")["sends"].sum()
    )
    world.frames["email_campaigns"] = frame.drop(
        columns=[c for c in frame.columns if c.startswith("_")]
    )
    world.truth["email_campaigns"] = {
        "human_open_rate": dict(co.EMAIL_HUMAN_OPEN_RATE),
        "human_open_rate_realised": {k: round(float(v), 4) for k, v in human_rate.items()},
        "machine_open_share_of_unopened": co.EMAIL_MACHINE_OPEN_SHARE,
        "click_rate_per_send": dict(co.EMAIL_CLICK_RATE),
        "promotion_lift": co.EMAIL_PROMOTION_LIFT,
        "holdout_share": co.EMAIL_HOLDOUT_SHARE,
        "base_7_day_order_rate": dict(co.EMAIL_BASE_7_DAY_ORDER_RATE),
        "true_incremental_share_of_credited_orders": dict(co.EMAIL_TRUE_INCREMENTAL_SHARE),
        "true_incremental_orders_in_tests": int(tests["_true_incremental"].sum()),
        "credited_orders_in_tests": int(tests["orders"].sum()),
        "orders_credited_to_email": "orders whose last_click_channel is email, each credited to the latest campaign sent on or before its day",
    }


# ============================================================================================
# web_events
# ============================================================================================


def ga4_source(channel: str, source: str) -> str:
    """The GA4 session source of a channel and source from the orders table."""
    return "(direct)" if channel == "direct" else source


def step_probabilities(channel: str, device: str, version: str) -> list[float]:
    """The probability of each step given the previous one, for one segment of sessions."""
    return [
        co.VIEW_RATE[channel],
        min(0.9, co.CART_RATE * co.CART_CHANNEL_LIFT[channel] * co.CART_DEVICE_LIFT[device]),
        co.CHECKOUT_RATE[device],
        co.PURCHASE_RATE[version][device],
    ]


def generate_web_events(world: World) -> None:
    """One week of GA4-style events from the online store: every session's session_start, the
    product views, carts, checkouts and purchases. Every purchase is an online order of the
    orders table (transaction_id = order_id, value = its revenue), in the session its last click
    describes; the sessions that did not buy are drawn around them."""
    rng = rng_for(world.seed, "web_events")
    first_day, last_day = co.WEB_WINDOW
    orders = world.frames["orders"]
    in_week = orders[
        (orders["order_date"] >= first_day)
        & (orders["order_date"] <= last_day)
        & (orders["sales_channel"] == "online")
    ].reset_index(drop=True)
    days = pd.date_range(first_day, last_day, freq="D")
    day_weight = np.array([co.WEEKDAY[d.weekday()] for d in days])

    sessions = []  # (channel, source, device, version, last step index, order index or -1, day)
    for channel, group in in_week.groupby("last_click_channel"):
        mobile = co.MOBILE_SHARE_BY_CHANNEL[channel]
        device_share = {
            "mobile": mobile,
            "tablet": co.TABLET_SHARE,
            "desktop": 1 - mobile - co.TABLET_SHARE,
        }
        cells = [(d, v) for d in co.DEVICES for v in ("old", "new")]
        traffic = np.array([device_share[d] * 0.5 for d, v in cells])
        probs = [step_probabilities(channel, d, v) for d, v in cells]
        cvr = np.array([np.prod(p) for p in probs])
        # the purchases of this channel fall into the cells in proportion to what each converts
        cell_of_order = rng.choice(
            len(cells), size=len(group), p=traffic * cvr / (traffic * cvr).sum()
        )
        expected_sessions = len(group) / float((traffic * cvr).sum())
        sources = group["last_click_source"].to_numpy()
        source_options, source_counts = np.unique(sources, return_counts=True)
        for cell, ((device, version), p) in enumerate(zip(cells, probs, strict=True)):
            buyers = np.nonzero(cell_of_order == cell)[0]
            for i in buyers:
                sessions.append(
                    (channel, sources[i], device, version, 4, int(group.index[i]), None)
                )
            non_buyers = rng.poisson(expected_sessions * traffic[cell] * (1 - cvr[cell]))
            # where does a session that does not buy stop? after step k with prob reach(k) * (1 - p[k])
            reach = np.cumprod([1.0, *p[:-1]])
            stop = reach * (1 - np.array(p))
            last_steps = rng.choice(4, size=non_buyers, p=stop / stop.sum())
            chosen_sources = rng.choice(
                source_options, size=non_buyers, p=source_counts / source_counts.sum()
            )
            chosen_days = rng.choice(len(days), size=non_buyers, p=day_weight / day_weight.sum())
            for step, source, day in zip(last_steps, chosen_sources, chosen_days, strict=True):
                sessions.append((channel, source, device, version, int(step), -1, int(day)))

    n = len(sessions)
    frame = pd.DataFrame(
        sessions, columns=["channel", "source", "device", "version", "last_step", "order", "day"]
    )
    frame = frame.sample(
        frac=1.0, random_state=np.random.RandomState(rng.integers(2**31 - 1))
    ).reset_index(drop=True)
    order_date = in_week["order_date"].to_numpy()
    is_buyer = frame["order"].to_numpy() >= 0
    date = np.where(
        is_buyer,
        order_date[np.clip(frame["order"].to_numpy(), 0, None)],
        days.to_numpy()[np.nan_to_num(frame["day"].to_numpy(dtype=float)).astype(int)],
    )
    # GA4's ga_session_id is the session's start time in seconds: unique for a user, not overall
    start = (pd.to_datetime(date) - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    seconds_into_day = rng.integers(6 * 3600, 24 * 3600, n)
    frame["session_id"] = (start + seconds_into_day).astype(np.int64)
    frame["date"] = pd.to_datetime(date)
    # A user is a browser: it keeps its device and, because the test split visitors (not
    # sessions), its checkout version. Every user seen has a session; SESSIONS_PER_USER on average.
    user_ids = np.empty(n, dtype=np.int64)
    next_user = 0
    for _, rows in sorted(frame.groupby(["device", "version"]).indices.items()):
        m = max(1, int(round(len(rows) / co.SESSIONS_PER_USER)))
        own = np.concatenate([np.arange(m), rng.integers(0, m, len(rows) - m)])
        user_ids[rng.permutation(rows)] = next_user + own
        next_user += m
    frame["user_pseudo_id"] = [
        f"{1_000_000_000 + 7_919 * u % 900_000_000}.{1_700_000_000 + u}" for u in user_ids
    ]
    # one user cannot start two sessions in the same second: move the later one on a second
    while frame.duplicated(["user_pseudo_id", "session_id"]).any():
        clash = frame.duplicated(["user_pseudo_id", "session_id"])
        frame.loc[clash, "session_id"] += 1

    events = []
    revenue = in_week["revenue"].to_numpy()
    order_ids = in_week["order_id"].to_numpy()
    for row in frame.itertuples():
        base = (
            row.date,
            row.user_pseudo_id,
            row.session_id,
            row.device,
            ga4_source(row.channel, row.source),
            co.GA4_MEDIUM[row.channel],
            row.version,
        )
        events.append((*base, "session_start", np.nan, None))
        if row.last_step >= 1:
            for _ in range(1 + rng.poisson(co.VIEWS_PER_VIEWING_SESSION - 1)):
                events.append((*base, "view_item", np.nan, None))
        if row.last_step >= 2:
            for _ in range(1 + (rng.random() < 0.15)):
                events.append((*base, "add_to_cart", np.nan, None))
        if row.last_step >= 3:
            events.append((*base, "begin_checkout", np.nan, None))
        if row.last_step >= 4:
            events.append((*base, "purchase", float(revenue[row.order]), str(order_ids[row.order])))
    out = pd.DataFrame(
        events,
        columns=[
            "event_date",
            "user_pseudo_id",
            "session_id",
            "device_category",
            "session_source",
            "session_medium",
            "checkout_version",
            "event_name",
            "value",
            "transaction_id",
        ],
    )
    out = out.sort_values(
        ["event_date", "session_id", "user_pseudo_id"], kind="stable"
    ).reset_index(drop=True)
    out = out[
        [
            "event_date",
            "user_pseudo_id",
            "session_id",
            "event_name",
            "device_category",
            "session_source",
            "session_medium",
            "checkout_version",
            "value",
            "transaction_id",
        ]
    ]
    world.frames["web_events"] = out

    truth_rates = {
        f"{channel}/{device}/{version}": [
            round(x, 4) for x in step_probabilities(channel, device, version)
        ]
        for channel in co.VIEW_RATE
        for device in co.DEVICES
        for version in ("old", "new")
    }
    world.truth["web_events"] = {
        "window": [str(first_day.date()), str(last_day.date())],
        "steps": list(co.WEB_STEPS),
        "step_probabilities_by_channel_device_version": truth_rates,
        "planted_bottleneck": {
            "device": "mobile",
            "step": "begin_checkout -> purchase",
            "old_checkout": co.PURCHASE_RATE["old"],
            "new_checkout": co.PURCHASE_RATE["new"],
        },
        "checkout_test": "visitors (user_pseudo_id) were split 50/50 between the old and the new checkout; a visitor saw the same one in every session",
        "sessions_per_user": co.SESSIONS_PER_USER,
        "purchases_are_orders": "every purchase event is an online order of the week (transaction_id = order_id, value = revenue)",
        "sessions": n,
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


# ============================================================================================
# paid_media_daily, meta_lift_test, new_network_pilot (module 03)
# ============================================================================================


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
    month_index = days.month.to_numpy() - 1
    season = np.array(co.CPM_SEASONALITY)[month_index] * np.where(
        days.year == 2025, co.CPM_INFLATION_2025, 1.0
    )
    blocks = []
    realised = {}
    for platform, p in co.PAID_MEDIA.items():
        names = list(p["campaigns"])
        shares = np.array([p["campaigns"][c][0] for c in names])
        price_mult = np.array([p["campaigns"][c][1] for c in names])
        ctr_mult = np.array([p["campaigns"][c][2] for c in names])
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
            w = clicks[i] * ctr_mult if clicks[i].sum() > 0 else shares
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
    value = first_year_revenue_per_customer(orders, customers, 2024)
    world.truth["paid_media_daily"] = {
        "spend_is": "the daily spend behind marketing_spend_monthly's actuals: every month and platform ties to the cent",
        "cpm_january_2024": {k: p.get("cpm") for k, p in co.PAID_MEDIA.items() if "cpm" in p},
        "search_cpc_january_2024": {k: p["cpc"] for k, p in co.PAID_MEDIA.items() if "cpc" in p},
        "ctr": {k: p["ctr"] for k, p in co.PAID_MEDIA.items()},
        "campaigns_share_price_ctr": {
            k: {c: list(v) for c, v in p["campaigns"].items()} for k, p in co.PAID_MEDIA.items()
        },
        "cpm_seasonality_by_month": list(co.CPM_SEASONALITY),
        "cpm_inflation_2025": co.CPM_INFLATION_2025,
        "over_report_factor": {k: p["over_report"] for k, p in co.PAID_MEDIA.items()},
        "over_report_factor_realised": {
            k: round(v["platform_conversions"] / max(v["last_click_orders"], 1), 4)
            for k, v in realised.items()
        },
        "last_click_orders": {k: v["last_click_orders"] for k, v in realised.items()},
        "platform_conversions_are": "the orders the store credits to the platform (last click) plus the platform's extra claims (view-through, longer windows, modelled conversions)",
        "response_curves": {
            k: {
                "new_customers_a_day": "a * spend / (1 + spend / half_sat), spend a day, on an average day",
                "a": p["a"],
                "half_sat": p["half_sat"],
                "incremental_share": p["incremental_share"],
                "first_year_revenue_per_customer": round(
                    float(value.get(co.paid_source(k), np.nan)), 2
                ),
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
    share = co.PAID_PLATFORMS[platform]["incremental_share"]
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
        "true_incremental_share_of_last_click": co.PAID_PLATFORMS[platform]["incremental_share"],
        "true_over_attribution_vs_incremental": round(
            float(frame["platform_reported_conversions"].sum()) / max(true_incremental, 1), 4
        ),
        "baseline_purchases_of_test_cell_vs_last_click": study["baseline_vs_last_click"],
        "holdout_share": study["holdout_share"],
    }


def generate_pilot(world: World) -> None:
    """Three weeks of a pilot on a new social network: ad sets by day, with the conversions the
    network reports (its pixel, last click)."""
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
        conversions = rng.binomial(clicks, cvr)
        revenue = np.array(
            [np.sum(rng.lognormal(np.log(pilot["aov"]) - 0.08, 0.4, k)) for k in conversions]
        )
        for i, day in enumerate(days):
            rows.append(
                {
                    "date": day,
                    "ad_set": name,
                    "spend": float(spend[i]),
                    "impressions": int(impressions[i]),
                    "clicks": int(clicks[i]),
                    "conversions": int(conversions[i]),
                    "revenue": round(float(revenue[i]), 2),
                }
            )
        truth_sets[name] = {"cpm": cpm, "ctr": ctr, "true_cvr": cvr}
    world.frames["new_network_pilot"] = pd.DataFrame(rows)
    world.truth["new_network_pilot"] = {
        "network": pilot["network"],
        "ad_sets": truth_sets,
        "aov": pilot["aov"],
        "prior_cvr_mean": pilot["prior_cvr"],
        "prior_weight_clicks": pilot["prior_weight"],
        "note": "the pilot runs in February 2026, after the two years of the other datasets",
    }


# ============================================================================================
# media_mix_weekly and geo_test (module 04)
# ============================================================================================

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


def offline_delivery(world: World) -> pd.DataFrame:
    """What each week of offline spend delivered: impressions (pieces, attendees), and GRPs for
    the media bought in rating points. Costs per unit rise in Q4 like digital CPMs."""
    rng = rng_for(world.seed, "offline_delivery")
    spend = _weekly(world.internal["daily_spend"][list(OFFLINE)])
    weeks = spend.index
    season = np.array(co.CPM_SEASONALITY)[weeks.month.to_numpy() - 1]
    inflation = np.where(weeks.year == 2025, co.OFFLINE_COST_INFLATION_2025, 1.0)
    out = pd.DataFrame(index=weeks)
    for medium in OFFLINE:
        cost, per, unit = co.OFFLINE_DELIVERY[medium]
        unit_cost = cost * inflation * (season if unit == "impressions" else 1.0)
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

    # Branded search: a base that follows demand, plus the halo of offline media.
    demand = pd.Series(_demand_index(days), index=days)
    weekly_demand = _weekly(demand) / 7
    base = (
        co.BRANDED_SEARCH["base_per_week"] * weekly_demand.to_numpy() * frame["days"].to_numpy() / 7
    )
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
    world.truth["media_mix_weekly"] = {
        "offline_media": {
            m: {
                "weekly_adstock_theta": p["theta"],
                "half_life_weeks": round(float(np.log(0.5) / np.log(p["theta"])), 2),
                "response": "new customers a week = a * A / (1 + A / half_sat), A = adstocked weekly spend",
                "a": p["a"],
                "half_sat_weekly": p["half_sat"],
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
            "base_per_week_at_average_demand": co.BRANDED_SEARCH["base_per_week"],
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


# ============================================================================================
# planning_inputs (module 05)
# ============================================================================================


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


GENERATORS = (
    generate_marketing_spend,
    generate_social,
    generate_customers,
    generate_orders,
    generate_order_channels,
    generate_email,
    generate_web_events,
    generate_paid_media,
    generate_lift_study,
    generate_pilot,
    generate_pnl,
    generate_media_mix,
    generate_geo_test,
    generate_planning_inputs,
)


def simulate(seed: int = co.DEFAULT_SEED) -> World:
    """Run every generator in order and return the world they drew."""
    world = World(seed=int(seed))
    for generator in GENERATORS:
        generator(world)
    return world
