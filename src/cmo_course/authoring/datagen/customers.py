"""Customers and orders: ``customers``, ``orders`` and the last click of each order.

``generate_customers`` draws every new customer by day and stream: organic demand, social link
clicks (``social_clicks_daily``), the paid platforms' response to the daily spend and the
offline media's adstocked response, plus the customers from before 2024; it places them in
regions, generations and home-market zones, and stores them all as the internal
``customers_all``. ``generate_orders`` draws every order of those customers (repeat purchases,
baskets, promotions and discounts, returns, costs and fees), moves most customers who bought in a
shop into the home market, and publishes ``orders`` and the ``customers`` who ordered.
``generate_order_channels`` then adds the last-click channel and source of each order to
``orders``, using the email calendar.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course import finance
from cmo_course.authoring.datagen.email import _email_segment_of_orders
from cmo_course.authoring.datagen.world import (
    World,
    _demand_index,
    _monday,
    _round_cents,
    ad_price_index,
    email_calendar,
    geo_test_window,
    home_markets,
    offline_conditions,
    promotion_days,
    rng_for,
)
from cmo_course.datasets import company as co
from cmo_course.media import response
from cmo_course.offline import offline_response

_SOURCE_OF = {
    "organic_search": "google",
    "direct": "none",
    "email": "newsletter",
    "referral": "friend_referral",
    "retail": "store",
    "paid_search": "google",
    "paid_video": "youtube",
}


def _home_market_of(
    world: World, customers: pd.DataFrame, local: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """The home-market zone each customer lives in (None outside the home market), and the zone
    each would live in if they lived there.

    Customers of local media and of the shops (acquired in one) all live there, and a share of
    the home region's other customers; zones are drawn by adults x propensity. TV customers who
    arrived once the geo test's flight began live in the test zones (where it aired), drawn by
    adults there. ``_place_shop_buyers`` later moves most other customers who buy in a shop
    there."""
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
    return np.where(lives_there, zone, None), zone


def _place_shop_buyers(world: World, customers: pd.DataFrame, shop_buyer: np.ndarray) -> None:
    """Move the customers who bought in a shop, having come some other way, into the home market,
    in place: each is a local with probability HOME_MARKET["share_of_shop_buyers"] (the rest are
    visitors, who keep the region they were drawn in). A local lives in the home region, in the
    zone drawn for them. Drawn from a stream of its own, so nothing else in the world changes."""
    rng = rng_for(world.seed, "customer_shop_residence")
    outside = customers["market"].isna().to_numpy()
    local = (
        shop_buyer & outside & (rng.random(len(customers)) < co.HOME_MARKET["share_of_shop_buyers"])
    )
    customers.loc[local, "region"] = co.HOME_REGION
    customers.loc[local, "market"] = customers.loc[local, "home_zone"]


def _assisted_landing(rng: np.random.Generator, size: int) -> tuple[np.ndarray, list[str]]:
    """Where ``size`` customers or orders an ad brought, without a last click on it, land: the
    channel (AD_ASSISTED_LANDING) and its source."""
    landing = _pick(rng, co.AD_ASSISTED_LANDING, size)
    return landing, [_SOURCE_OF[c] for c in landing]


def _record_ad_customers(world: World, new: pd.DataFrame, platform: np.ndarray) -> None:
    """Record the last click of the paid platforms' new customers, in place.

    ``new`` holds every customer drawn in the calendar, labelled with the stream that brought
    them; ``platform`` names the paid platform behind each ("" for others). The channel and
    source they truly came by are kept (internal: ``true_channel``, ``true_source``); of a
    platform's customers, only ``recorded_share`` arrive with a last click on it, the rest land
    as AD_ASSISTED_LANDING has it. Drawn from a
    stream of its own, so nothing else in the world changes."""
    new["true_channel"] = new["acquisition_channel"]
    new["true_source"] = new["acquisition_source"]
    rng = rng_for(world.seed, "paid_customers_last_click")
    for name in co.PAID_PLATFORMS:
        share = co.recorded_share(name)
        mine = np.nonzero(platform == name)[0]
        if share >= 1.0 or len(mine) == 0:
            continue
        elsewhere = mine[rng.random(len(mine)) >= share]
        landing, source = _assisted_landing(rng, len(elsewhere))
        new.loc[elsewhere, "acquisition_channel"] = landing
        new.loc[elsewhere, "acquisition_source"] = source


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
    # a day's spend buys reach at that day's ad prices (dearer in Q4) and finds people as
    # in-market as that day's demand (busier in Q4, and on promotion days)
    season = np.sqrt(demand / _demand_index(days).mean())
    price = ad_price_index(days)
    for platform, p in co.PAID_PLATFORMS.items():
        reach_dollars = spend[platform].to_numpy() / price
        expected = response(reach_dollars, p["a"], p["half_sat"]) * season
        counts.append((p["channel"], co.paid_source(platform), expected))

    # Offline media: weekly adstock and saturation, at each week's unit costs and demand, landing
    # as direct, branded search or retail.
    weeks = days.to_period("W-SUN")
    conditions = offline_conditions(days)
    offline_daily = {}
    for medium, m in co.OFFLINE_MEDIA.items():
        weekly = spend[medium].groupby(weeks).sum()
        per_week = offline_response(
            weekly.to_numpy(),
            m["theta"],
            m["a"],
            m["half_sat"],
            m.get("list_weeks", 0),
            demand=conditions["demand"].to_numpy(),
            unit_cost=conditions[f"unit_cost_{medium}"].to_numpy(),
        )
        per_day = pd.Series(per_week / 7.0, index=weekly.index).reindex(weeks).to_numpy()
        offline_daily[medium] = per_day
        for channel, share in co.OFFLINE_LANDING.items():
            counts.append((channel, _SOURCE_OF[channel], per_day * share, medium))

    expected = np.array([c[2] for c in counts])  # (streams, days)
    drawn = rng.poisson(expected)
    stream_channel = np.array([c[0] for c in counts])
    stream_source = np.array([c[1] for c in counts])
    stream_medium = np.array([c[3] if len(c) > 3 else "" for c in counts])
    paid_of_source = {co.paid_source(k): k for k in co.PAID_PLATFORMS}
    stream_platform = np.array(
        [
            paid_of_source[c[1]] if c[0] in co.PAID_ACQUISITION_CHANNELS and len(c) == 3 else ""
            for c in counts
        ]
    )
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
    _record_ad_customers(world, new, stream_platform[stream_of_customer])

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
    legacy["true_channel"] = legacy["acquisition_channel"]
    legacy["true_source"] = legacy["acquisition_source"]
    customers = pd.concat([legacy, new], ignore_index=True)
    customers = customers.sort_values("first_order_date", kind="stable").reset_index(drop=True)
    n = len(customers)

    customers["region"] = rng.choice(list(co.REGIONS), size=n, p=list(co.REGIONS.values()))
    # Local media and the shops bring customers who live in the home region (the customers
    # offline media land in a shop included).
    local = customers["offline_medium"].isin(co.LOCAL_MEDIA) | (
        customers["true_channel"] == "retail"
    )
    customers.loc[local, "region"] = co.HOME_REGION
    generation = np.empty(n, dtype=object)
    # drawn by how the customer truly came (a paid platform's customers recorded as direct are
    # still that platform's audience)
    for channel in np.unique(customers["true_channel"]):
        for source in np.unique(customers.loc[customers["true_channel"] == channel, "true_source"]):
            mask = (
                (customers["true_channel"] == channel) & (customers["true_source"] == source)
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
    # internal: home_zone, where each would live in the home market
    customers["market"], customers["home_zone"] = _home_market_of(world, customers, local)
    world.internal["customers_all"] = customers  # before dropping legacy customers with no orders

    paid = [p for p in co.PAID_PLATFORMS]
    paid_spend = spend[paid].sum()
    brought = {
        k: (new["true_channel"] == p["channel"]) & (new["true_source"] == co.paid_source(k))
        for k, p in co.PAID_PLATFORMS.items()
    }
    on_platform = new["acquisition_channel"] == new["true_channel"]
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
                "response": "a * spend / (1 + spend / half_sat), per day: every new customer the ads bring, however they are recorded",
                "a": p["a"],
                "half_sat": p["half_sat"],
                "recorded_share": co.recorded_share(k),
                "recorded_share_is": "the share of the customers the ads bring whose first order has a last click on the platform; the rest arrive recorded as "
                + ", ".join(f"{c} ({s:.0%})" for c, s in co.AD_ASSISTED_LANDING.items()),
                "true_incremental_share_of_customers_the_ads_bring": p["incremental_share"],
                "true_incremental_share_of_recorded_customers": round(
                    p["incremental_share"] / co.recorded_share(k), 6
                ),
                "new_customers_recorded_on_platform": int((brought[k] & on_platform).sum()),
                "new_customers_recorded_elsewhere": int((brought[k] & ~on_platform).sum()),
                "spend_two_years": round(float(paid_spend[k]), 2),
            }
            for k, p in co.PAID_PLATFORMS.items()
        },
        "offline_media": {
            k: {
                "weekly_adstock_theta": m["theta"],
                "a": m["a"],
                "half_sat_weekly": m["half_sat"],
                **({"list_weeks": m["list_weeks"]} if "list_weeks" in m else {}),
            }
            for k, m in co.OFFLINE_MEDIA.items()
        },
        "offline_landing_channels": dict(co.OFFLINE_LANDING),
        "organic_baseline_per_day": dict(co.ORGANIC_BASELINE_PER_DAY),
        "annual_growth": co.ANNUAL_GROWTH,
        "customers_before_2024_still_active": co.LEGACY_ACTIVE_CUSTOMERS,
        "acquisition_channel_is": "last-click, as the web analytics recorded the first order (a paid platform's customers without a last click on it are recorded where they landed; their behaviour is the platform's channel's)",
        "ad_assisted_landing": dict(co.AD_ASSISTED_LANDING),
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

    # a customer's loyalty is the channel that truly brought them, whatever last click recorded
    churn = customers["true_channel"].map(co.MONTHLY_CHURN).to_numpy()
    # customers from before 2024 who are still buying are the loyal survivors of their cohorts
    churn = np.where(in_calendar, churn, churn * co.LEGACY_CHURN_FACTOR)
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
    channel_of_customer = customers["true_channel"].to_numpy()[orders["cust"].to_numpy()]
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

    # Most customers who buy in a shop live near one: in the home market.
    shop_buyer = np.zeros(len(customers), bool)
    shop_buyer[orders["cust"].to_numpy()[sales_channel == "retail"]] = True
    _place_shop_buyers(world, customers, shop_buyer)

    # Customers: everyone with at least one order in the calendar.
    ordered = set(out["customer_id"])
    customers_out = customers[customers["customer_id"].isin(ordered)].reset_index(drop=True)
    customers_out = customers_out.drop(
        columns=["offline_medium", "true_channel", "true_source", "home_zone"]
    )
    world.frames["customers"] = customers_out

    # Truth: the expected margin-based lifetime value per new customer, by channel, over the
    # course's horizon (24 months: the month of the first order and 23 more): the first order's
    # contribution (and revenue) as this channel's first orders show them, then repeat orders at
    # the purchase probability while the customer is still active.
    order_margin = finance.order_contribution(out)
    first_margin = float(order_margin[first].mean())
    repeat_margin = float(order_margin[~first].mean())
    repeat_revenue = float(out["revenue"][~first].mean())
    channel_of_order = customers["true_channel"].to_numpy()[orders["cust"].to_numpy()]
    ltv, two_year_revenue = {}, {}
    for channel, c in co.MONTHLY_CHURN.items():
        mine = first & (channel_of_order == channel)
        first_contribution = float(order_margin[mine].mean()) if mine.any() else first_margin
        first_revenue = float(out["revenue"][mine].mean()) if mine.any() else repeat_revenue
        repeats = co.REPEAT_PURCHASE_PROB * ((1 - c) ** np.arange(1, 24)).sum()
        ltv[channel] = round(first_contribution + repeat_margin * repeats, 2)
        two_year_revenue[channel] = round(first_revenue + repeat_revenue * repeats, 2)
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
        "expected_24_month_revenue_by_channel": two_year_revenue,
        "ltv_definition": (
            "the channel's mean first-order contribution + the mean repeat-order contribution x "
            "purchase probability x sum over months 1-23 of (1 - churn)^t (retention seasonality "
            "averages out); revenue likewise, before refunds"
        ),
    }


# ============================================================================================
# orders: the last click of each order
# ============================================================================================


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
    # Lapsed customers (no order in EMAIL_ACTIVE_DAYS) have mostly stopped reading the emails:
    # when they come back, few come through one. Most of their orders drawn as email above come
    # direct or through search instead (drawn apart, so no other order changes).
    lapsed_rng = rng_for(world.seed, "orders_lapsed_email")
    lapsed = (
        _email_segment_of_orders(orders, world.internal["customers_all"]) == "lapsed"
    ).to_numpy()
    moved = is_email & lapsed & (lapsed_rng.random(n) >= co.EMAIL_LAPSED_LAST_CLICK_FACTOR)
    back = {k: co.REPEAT_LAST_CLICK[k] for k in ("direct", "organic_search")}
    channel[moved] = _pick(lapsed_rng, back, int(moved.sum()))
    for name, fixed in _SOURCE_OF.items():
        mask = ~first & (channel == name)
        source[mask] = fixed
    for name, options in co.REPEAT_SOURCES.items():
        mask = ~first & (channel == name)
        source[mask] = _pick(rng, options, int(mask.sum()))
    # A customer who sees a video ad mostly comes back by another route, as a new customer does
    # (recorded_share): of the repeat orders drawn to TikTok's or YouTube's ads, the rest land as
    # AD_ASSISTED_LANDING has it (a stream of their own, so no other order changes).
    assisted_rng = rng_for(world.seed, "orders_ad_assisted_last_click")
    for platform, p in co.PAID_PLATFORMS.items():
        mine = ~first & (channel == p["channel"]) & (source == co.paid_source(platform))
        moved = mine & (assisted_rng.random(n) >= co.recorded_share(platform))
        channel[moved], source[moved] = _assisted_landing(assisted_rng, int(moved.sum()))
    orders["last_click_channel"] = channel.astype(str)
    orders["last_click_source"] = source.astype(str)
    repeat = orders.loc[repeat_online, "last_click_channel"]
    world.truth["orders"]["last_click_mix_of_repeat_online_orders"] = {
        k: round(float(v), 4) for k, v in repeat.value_counts(normalize=True).items()
    }
    world.truth["orders"]["email_last_click_share_by_days_since_send"] = [
        {"up_to_days": d, "share": s} for d, s in co.EMAIL_LAST_CLICK_BY_DAYS_SINCE_SEND
    ]
    world.truth["orders"]["email_last_click_factor_for_lapsed_customers"] = (
        co.EMAIL_LAPSED_LAST_CLICK_FACTOR
    )
