"""The generators: deterministic, true to their schema, inside published ranges, consistent
across tables, and with a ground truth that can be recovered from the data."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from cmo_course import finance, social
from cmo_course.authoring.datagen.benchmarks import measure, out_of_range
from cmo_course.authoring.datagen.build import render
from cmo_course.authoring.datagen.generators import simulate
from cmo_course.authoring.datagen.world import thanksgiving
from cmo_course.datasets import company as co
from cmo_course.datasets.schema import DATASETS, SchemaError, validate

SEEDS = [co.DEFAULT_SEED, 7]


@lru_cache(maxsize=4)
def world(seed: int):
    return simulate(seed)


def annual(seed: int) -> pd.DataFrame:
    pnl = world(seed).frames["pnl_monthly"]
    return pnl.groupby(pnl["month"].dt.year).sum(numeric_only=True)


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_writes_identical_files():
    first, _ = render(11)
    second, _ = render(11)
    assert first == second


def test_another_seed_gives_other_numbers_with_the_same_shape():
    a, b = world(SEEDS[0]).frames, world(SEEDS[1]).frames
    for name in DATASETS:
        assert list(a[name].columns) == list(b[name].columns)
    assert not a["orders"]["revenue"].head(500).equals(b["orders"]["revenue"].head(500))


# -- schema -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_matches_its_schema(seed, name):
    validate(world(seed).frames[name], DATASETS[name])


def test_schema_validation_names_what_is_wrong():
    orders = world(SEEDS[0]).frames["orders"].copy()
    orders.loc[0, "sales_channel"] = "carrier pigeon"
    orders.loc[1, "items"] = 0
    with pytest.raises(SchemaError) as error:
        validate(orders, DATASETS["orders"])
    assert "sales_channel" in str(error.value) and "items" in str(error.value)


# -- ranges from published benchmarks (Gartner's CMO Spend Survey, Damodaran's margins by
# industry, ecommerce retention and returns benchmark summaries) ---------------------------


@lru_cache(maxsize=4)
def measured(seed: int) -> dict[str, float]:
    return measure(world(seed).frames)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("benchmark", co.BENCHMARKS, ids=lambda b: b.key)
def test_the_company_sits_inside_every_published_range(seed, benchmark):
    value = measured(seed)[benchmark.key]
    assert benchmark.low <= value <= benchmark.high, (
        f"{benchmark.quantity}: {benchmark.fmt.format(value)} is outside "
        f"{benchmark.fmt.format(benchmark.low)} to {benchmark.fmt.format(benchmark.high)} "
        f"({benchmark.source})"
    )


def test_a_value_outside_its_range_is_reported_with_its_range():
    frames = dict(world(co.DEFAULT_SEED).frames)
    pnl = frames["pnl_monthly"].copy()
    pnl["marketing_total"] *= 3
    frames["pnl_monthly"] = pnl
    problems = out_of_range(frames)
    assert any(p.startswith("Marketing, % of net revenue, 2025:") for p in problems), problems
    assert any("is outside 10.0%-25.0%" in p for p in problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_google_shopping_and_google_cpc_sit_in_their_published_ranges(seed):
    """Shopping's CTR, CPC and ROAS on Google's own count, and the purchases of google / cpc's
    sessions, inside Sidecar's retail ranges (the benchmarks); and Google Search's three
    campaigns keep their shape: brand the cheapest click and the highest CTR and ROAS, non-brand
    the dearest click, shopping the lowest CTR, between the two on ROAS."""
    keys = ["shopping_ctr", "shopping_cpc", "shopping_roas", "google_cpc_session_conversion"]
    ranges = {b.key: b for b in co.BENCHMARKS}
    for key in keys:
        assert ranges[key].low <= measured(seed)[key] <= ranges[key].high, (key, measured(seed))
    paid = world(seed).frames["paid_media_daily"]
    search = paid[(paid["platform"] == "google_search") & (paid["date"].dt.year == 2025)]
    totals = search.groupby("campaign")[
        ["spend", "impressions", "clicks", "platform_revenue"]
    ].sum()
    ctr = totals["clicks"] / totals["impressions"]
    cpc = totals["spend"] / totals["clicks"]
    roas = totals["platform_revenue"] / totals["spend"]
    assert ctr["brand"] > ctr["non_brand"] > ctr["shopping"]
    assert cpc["non_brand"] > 2 * max(cpc["brand"], cpc["shopping"])
    assert roas["brand"] > roas["shopping"] > roas["non_brand"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_company_grows_and_its_ebitda_with_it(seed):
    totals = annual(seed)
    margin = totals["ebitda"] / totals["net_revenue"]
    assert totals.loc[2025, "net_revenue"] > totals.loc[2024, "net_revenue"]
    assert 0 < margin.loc[2024] < margin.loc[2025]


# -- channel economics with real stakes ----------------------------------------------------------


def _curves(seed: int):
    from cmo_course import media

    w = world(seed)
    curves = media.curves_from(w.truth["paid_media_daily"])
    return curves, media.daily_spend(w.frames["paid_media_daily"], 2025)


@pytest.mark.parametrize("seed", SEEDS)
def test_at_2025s_spend_some_platforms_pay_at_the_margin_and_some_do_not(seed):
    from cmo_course import media

    curves, daily = _curves(seed)
    outcome = media.plan_outcome(curves, daily)
    consumer = outcome.drop(index="linkedin")  # LinkedIn is judged on gifting leads
    above = set(consumer.index[consumer["marginal_return"] > 1.05])
    below = set(consumer.index[consumer["marginal_return"] < 0.95])
    assert {"tiktok", "youtube"} <= above and {"meta", "instagram", "google_search"} <= below
    # every consumer platform's first dollars pay: the question is how far to go, not whether
    first = {c.name: c.first_dollar_return for c in curves if c.name != "linkedin"}
    assert min(first.values()) > 1.05, first


@pytest.mark.parametrize("seed", SEEDS)
def test_the_best_split_of_the_same_budget_gains_a_material_amount(seed):
    from cmo_course import media

    curves, daily = _curves(seed)
    # the consumer platforms: LinkedIn's money buys gifting leads, not consumers
    curves = [c for c in curves if c.name != "linkedin"]
    daily = daily.drop(index="linkedin")
    now = media.plan_outcome(curves, daily)["incremental_contribution"].sum()
    best = media.plan_outcome(curves, media.allocate(curves, daily.sum()))
    gain_a_year = (best["incremental_contribution"].sum() - now) * 365
    spend_a_year = daily.sum() * 365
    assert gain_a_year > 0.05 * spend_a_year, (gain_a_year, spend_a_year)


@pytest.mark.parametrize("seed", SEEDS)
def test_linkedin_loses_on_consumer_customers_and_pays_on_the_gifting_pipeline(seed):
    from cmo_course import media

    w = world(seed)
    curves, daily = _curves(seed)
    linkedin = next(c for c in curves if c.name == "linkedin")
    assert linkedin.first_dollar_return < 0.5  # as a consumer channel it never pays
    leads = w.frames["gifting_leads"]
    paid = w.frames["paid_media_daily"]
    spend = paid[(paid["platform"] == "linkedin") & (paid["date"].dt.year == 2025)]["spend"].sum()
    mine = leads[(leads["source"] == "linkedin_ads") & (leads["created_date"].dt.year == 2024)]
    # the 2024 leads have had a year to close: their contribution per lead, against its cost
    per_lead = mine["deal_contribution"].sum() / len(mine)
    cost_per_lead = spend / int(
        ((leads["source"] == "linkedin_ads") & (leads["created_date"].dt.year == 2025)).sum()
    )
    assert per_lead > cost_per_lead, (per_lead, cost_per_lead)
    assert daily["linkedin"] > 0 and media.plan_outcome([linkedin], daily)["return"].iloc[0] < 1


@pytest.mark.parametrize("seed", SEEDS)
def test_tv_loses_money_at_alder_and_wrens_scale_once_its_production_counts(seed):
    w = world(seed)
    truth = w.truth["media_mix_weekly"]["offline_media"]["tv"]
    spend = w.frames["marketing_spend_monthly"]
    tv_total = spend[spend["channel"].isin(["tv", "tv_production"])]["actual"].sum()
    value = w.truth["orders"]["expected_24_month_contribution_ltv_by_channel"]["direct"]
    assert truth["new_customers_drawn"] * value < tv_total
    assert spend[spend["channel"] == "tv_production"]["actual"].sum() > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_facebook_audience_is_older_and_tiktoks_younger(seed):
    audience = world(seed).frames["social_audience"]
    share = audience.pivot_table(
        index="platform", columns="generation", values="followers", aggfunc="sum"
    )
    share = share.div(share.sum(axis=1), axis=0)
    assert share.loc["tiktok", "Gen Z"] > 0.4 > share.loc["facebook", "Gen Z"]
    assert (share.loc["facebook", ["Gen X", "Boomers"]].sum()) > 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_followers_are_compared_with_the_customers_posts_brought(seed):
    """Module 00, Section 4, compares like with like: the followers' generations against the
    new customers organic social brought, not every new customer (most came by search, ads,
    email or a shop). Every new customer would overstate the gap."""
    w = world(seed)
    audience, customers = w.frames["social_audience"], w.frames["customers"]
    latest = audience[audience["quarter_end"] == audience["quarter_end"].max()]
    followers = latest.groupby("generation")["followers"].sum()
    followers = followers / followers.sum()
    new = customers[customers["first_order_date"].dt.year == 2025]
    from_posts = new[new["acquisition_channel"] == "organic_social"]
    assert len(from_posts) < 0.2 * len(new)  # most new customers came another way
    like_for_like = from_posts["generation"].value_counts(normalize=True) - followers
    all_new = new["generation"].value_counts(normalize=True) - followers
    assert like_for_like.abs().sum() < all_new.abs().sum()
    assert like_for_like.abs().max() < all_new.abs().max()


@pytest.mark.parametrize("seed", SEEDS)
def test_social_metrics_are_coherent(seed):
    posts = world(seed).frames["social_posts"]
    assert (posts["impressions"] >= posts["reach"]).all()
    assert (social.engagements(posts) <= posts["reach"]).all()
    rates = social.engagement_rate(posts)
    assert rates.between(0.005, 0.10).all()
    assert rates["tiktok"] > rates["instagram"] > rates["facebook"]


# -- consistency across tables ----------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_orders_roll_up_to_the_pnl_to_the_cent(seed):
    frames = world(seed).frames
    orders, pnl = frames["orders"], frames["pnl_monthly"].set_index("month")
    month = orders["order_date"].dt.to_period("M").dt.to_timestamp()
    sums = orders.groupby(month)[
        ["gross_sales", "discount", "refund", "cogs", "shipping_cost", "payment_fee"]
    ].sum()
    pairs = {
        "gross_sales": "gross_sales",
        "discount": "discounts",
        "refund": "returns",
        "cogs": "cogs",
        "shipping_cost": "fulfilment_and_shipping",
        "payment_fee": "payment_fees",
    }
    for order_column, pnl_line in pairs.items():
        assert np.allclose(sums[order_column].to_numpy(), pnl[pnl_line].to_numpy(), atol=0.011), (
            pnl_line
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_marketing_spend_rolls_up_to_the_pnl_marketing_lines(seed):
    frames = world(seed).frames
    spend, pnl = frames["marketing_spend_monthly"], frames["pnl_monthly"].set_index("month")
    by_group = spend.groupby(["month", "channel_group"])["actual"].sum().unstack()
    lines = {
        "paid_digital": "marketing_paid_digital",
        "paid_offline": "marketing_paid_offline",
        "content_agencies": "marketing_content_and_agencies",
        "martech": "marketing_technology",
        "team": "marketing_team",
    }
    for group, line in lines.items():
        assert np.allclose(by_group[group].to_numpy(), pnl[line].to_numpy(), atol=0.011), line


@pytest.mark.parametrize("seed", SEEDS)
def test_pnl_lines_add_up(seed):
    p = world(seed).frames["pnl_monthly"]
    assert np.allclose(
        p["net_revenue"], p["gross_sales"] - p["discounts"] - p["returns"], atol=0.011
    )
    assert np.allclose(
        p["contribution"],
        p["gross_profit"] - p["fulfilment_and_shipping"] - p["payment_fees"],
        atol=0.011,
    )
    assert np.allclose(
        p["ebitda"], p["contribution_after_marketing"] - p["operating_expenses"], atol=0.011
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_orders_and_customers_refer_to_each_other(seed):
    frames = world(seed).frames
    orders, customers = frames["orders"], frames["customers"]
    assert set(orders["customer_id"]) == set(customers["customer_id"])
    new = customers[customers["first_order_date"] >= co.START]
    firsts = orders.merge(new, on="customer_id").groupby("customer_id")["order_date"].min()
    assert (firsts == new.set_index("customer_id")["first_order_date"].reindex(firsts.index)).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_order_money_columns_obey_their_definitions(seed):
    o = world(seed).frames["orders"]
    assert np.allclose(o["revenue"], o["gross_sales"] - o["discount"], atol=0.011)
    returned = o["refund"] > 0
    assert np.allclose(o.loc[returned, "refund"], o.loc[returned, "revenue"])
    assert (o.loc[returned, "cogs"] == 0).all() and (o.loc[~returned, "cogs"] > 0).all()
    assert (o.loc[o["sales_channel"] == "retail", "shipping_cost"] == 0).all()


def test_spend_budget_is_rounded_and_zero_budget_means_zero_spend():
    spend = world(SEEDS[0]).frames["marketing_spend_monthly"]
    assert (spend["budget"] % 100 == 0).all()
    assert (spend.loc[spend["budget"] == 0, "actual"] == 0).all()


def test_black_friday_follows_thanksgiving():
    assert thanksgiving(2024) == pd.Timestamp("2024-11-28")
    assert thanksgiving(2025) == pd.Timestamp("2025-11-27")


# -- ground truth is recoverable --------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("channel", ["paid_social", "organic_search", "direct", "retail"])
def test_monthly_churn_can_be_estimated_from_the_data(seed, channel):
    w = world(seed)
    curve = finance.cohort_contribution_curve(
        w.frames["orders"], w.frames["customers"], "2024-01-01", "2024-12-31", 24, [channel]
    )
    _, retention = finance.estimate_retention(curve)
    truth = w.truth["orders"]["monthly_churn_by_acquisition_channel"][channel]
    assert abs((1 - retention) - truth) < 0.03


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_budget_variances_show_in_the_data(seed):
    w = world(seed)
    spend = w.frames["marketing_spend_monthly"]
    for planted in w.truth["marketing_spend_monthly"]["planted_variances"]:
        rows = spend[
            (spend["channel"] == planted["channel"])
            & (spend["month"].dt.year == planted["year"])
            & spend["month"].dt.month.isin(planted["months"])
        ]
        ratio = rows["actual"].sum() / rows["budget"].sum()
        assert abs(ratio - planted["factor"]) < 0.12, planted


@pytest.mark.parametrize("seed", SEEDS)
def test_paid_customers_follow_each_platforms_response_to_spend(seed):
    from cmo_course.authoring.datagen.world import _demand_index, ad_price_index
    from cmo_course.media import response

    w = world(seed)
    customers = w.frames["customers"]
    daily = w.internal["daily_spend"]
    demand = _demand_index(daily.index)
    season = np.sqrt(demand / demand.mean())
    price = ad_price_index(daily.index)  # a dollar buys less reach when auctions are dear
    for platform, details in w.truth["customers"]["paid_platforms"].items():
        expected = (
            response(daily[platform].to_numpy() / price, details["a"], details["half_sat"]) * season
        ).sum()
        expected *= details["recorded_share"]  # the rest arrive by other routes
        recorded = (
            (customers["acquisition_channel"] == details["recorded_as"])
            & (customers["acquisition_source"] == co.paid_source(platform))
            & (customers["first_order_date"] >= co.START)
        ).sum()
        assert abs(recorded - expected) <= 4 * np.sqrt(expected) + 1, platform


@pytest.mark.parametrize("seed", SEEDS)
def test_recorded_share_moves_labels_not_the_customers_the_ads_bring(seed):
    # every customer the ads bring (however last click records them) follows a * x / (1 + x / h)
    # from the constants, and the truly incremental ones a * incremental_share * the same: the
    # recorded share changes what last click credits, not the world's economics
    from cmo_course import media
    from cmo_course.authoring.datagen.world import _demand_index, ad_price_index
    from cmo_course.media import response

    w = world(seed)
    everyone = w.internal["customers_all"]
    everyone = everyone[everyone["first_order_date"] >= co.START]
    daily = w.internal["daily_spend"]
    demand = _demand_index(daily.index)
    season = np.sqrt(demand / demand.mean())
    price = ad_price_index(daily.index)
    assert co.recorded_share("tiktok") < 0.5 and co.recorded_share("youtube") < 0.5
    assert co.recorded_share("meta") == 1.0
    for platform, p in co.PAID_PLATFORMS.items():
        by_hand = (
            response(daily[platform].to_numpy() / price, p["a"], p["half_sat"]) * season
        ).sum()
        brought = everyone[
            (everyone["true_channel"] == p["channel"])
            & (everyone["true_source"] == co.paid_source(platform))
        ]
        assert abs(len(brought) - by_hand) <= 4 * np.sqrt(by_hand) + 1, platform
        on_platform = (brought["acquisition_channel"] == p["channel"]).mean()
        share = co.recorded_share(platform)
        assert abs(on_platform - share) <= 4 * np.sqrt(share * (1 - share) / len(brought)) + 1e-9
        elsewhere = brought[brought["acquisition_channel"] != p["channel"]]
        assert set(elsewhere["acquisition_channel"]) <= set(co.AD_ASSISTED_LANDING), platform
        truth = w.truth["customers"]["paid_platforms"][platform]
        assert truth["true_incremental_share_of_recorded_customers"] * share == pytest.approx(
            p["incremental_share"]
        )
    # the response curves the course plans on: first-dollar incremental customers = a x share
    curves = {c.name: c for c in media.curves_from(w.truth["paid_media_daily"])}
    avg = w.truth["paid_media_daily"]["response_conditions"]["average_2025"]
    for platform, p in co.PAID_PLATFORMS.items():
        c = curves[platform]
        assert c.a * c.incremental_share == pytest.approx(
            p["a"] * p["incremental_share"] * avg["demand_factor"] / avg["price_index"], rel=1e-9
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_video_platforms_report_and_are_credited_below_meta(seed):
    # published apparel figures: TikTok and YouTube below Meta on the platform's own ROAS and on
    # the store's last click (video ads' buyers mostly arrive by other routes)
    from cmo_course.media import credited_orders

    w = world(seed)
    paid, orders = w.frames["paid_media_daily"], w.frames["orders"]
    paid = paid[paid["date"].dt.year == 2025]
    orders = orders[orders["order_date"].dt.year == 2025]
    totals = paid.groupby("platform")[["spend", "platform_revenue"]].sum()
    platform_roas = totals["platform_revenue"] / totals["spend"]
    last_click = (
        pd.Series({k: credited_orders(orders, k)["revenue"].sum() for k in totals.index})
        / totals["spend"]
    )
    for video in ("tiktok", "youtube"):
        assert 2.5 <= platform_roas[video] <= 4.5, video
        assert platform_roas[video] < platform_roas["meta"], video
        assert platform_roas[video] < platform_roas["instagram"], video
        assert last_click[video] < 0.8 * last_click["meta"], video
        assert last_click[video] < last_click["google_search"], video


@pytest.mark.parametrize("seed", SEEDS)
def test_new_customers_per_link_click_match_the_truth(seed):
    w = world(seed)
    posts, customers = w.frames["social_posts"], w.frames["customers"]
    per_click = social.customers_per_thousand_clicks(posts, customers, year=None) / 1000
    for platform in ["instagram", "tiktok", "facebook"]:
        truth = w.truth["social_posts"]["new_customers_per_link_click"][platform]
        assert per_click[platform] == pytest.approx(truth, rel=0.2)


@pytest.mark.parametrize("seed", SEEDS)
def test_recorded_engagement_truth_matches_the_posts(seed):
    w = world(seed)
    realised = social.engagement_rate(w.frames["social_posts"])
    for platform, value in w.truth["social_posts"]["engagement_rate_by_reach_realised"].items():
        assert realised[platform] == pytest.approx(value, abs=1e-5)


@pytest.mark.parametrize("seed", SEEDS)
def test_expected_ltv_truth_is_close_to_the_observed_cohorts(seed):
    w = world(seed)
    truth = w.truth["orders"]["expected_24_month_contribution_ltv_by_channel"]
    curve = finance.cohort_contribution_curve(
        w.frames["orders"],
        w.frames["customers"],
        "2024-01-01",
        "2024-01-31",
        24,
        ["organic_search"],
    )
    assert curve["cumulative_contribution"].iloc[-1] == pytest.approx(
        truth["organic_search"], rel=0.15
    )


# -- module 02: last click, email and web events ------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_first_orders_last_click_is_its_customers_acquisition(seed):
    frames = world(seed).frames
    orders, customers = frames["orders"], frames["customers"]
    joined = orders.merge(customers, on="customer_id")
    first = joined[joined["order_date"] == joined["first_order_date"]]
    assert (first["last_click_channel"] == first["acquisition_channel"]).all()
    assert (joined.loc[joined["sales_channel"] == "retail", "last_click_channel"] == "retail").all()


@pytest.mark.parametrize("seed", SEEDS)
def test_every_purchase_event_is_an_online_order_of_the_week(seed):
    frames = world(seed).frames
    events, orders = frames["web_events"], frames["orders"]
    first, last = co.WEB_WINDOW
    week = orders[
        (orders["order_date"] >= first)
        & (orders["order_date"] <= last)
        & (orders["sales_channel"] == "online")
    ]
    purchases = events[events["event_name"] == "purchase"].set_index("transaction_id")
    assert sorted(purchases.index) == sorted(week["order_id"])
    assert np.allclose(
        purchases.loc[week["order_id"], "value"].to_numpy(), week["revenue"].to_numpy()
    )
    assert (
        purchases.loc[week["order_id"], "event_date"].to_numpy() == week["order_date"].to_numpy()
    ).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_email_credited_orders_are_the_orders_whose_last_click_is_email(seed):
    frames = world(seed).frames
    orders, email = frames["orders"], frames["email_campaigns"]
    credited = orders[orders["last_click_channel"] == "email"]
    assert email["orders"].sum() == len(credited)
    assert email["revenue"].sum() == pytest.approx(credited["revenue"].sum(), abs=1)
    assert (email["clicks"] >= email["orders"]).all() and (email["opens"] <= email["sends"]).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_web_funnel_is_in_the_benchmark_ranges(seed):
    from cmo_course import funnels

    events = world(seed).frames["web_events"]
    steps = funnels.sessions_by_step(events)
    conversion = steps["purchase"] / steps["session_start"]
    assert 0.018 <= conversion <= 0.032
    assert 0.62 <= funnels.cart_abandonment(events) <= 0.76
    assert 0.07 <= steps["add_to_cart"] / steps["view_item"] <= 0.14
    economics = funnels.session_economics(events).iloc[0]
    assert 115 <= economics["average_order_value"] <= 150
    sessions = events.drop_duplicates(list(funnels.SESSION_KEY))
    assert 0.6 <= (sessions["device_category"] == "mobile").mean() <= 0.8  # Salesforce: 75-78%


@pytest.mark.parametrize("seed", SEEDS)
def test_paid_sessions_are_a_share_of_the_platforms_clicks(seed):
    # a session from a UTM-tagged ad is a click on it that reached the site: each paid source's
    # sessions in the week are fewer than its platform's clicks, by a landing ratio of 0.7-0.9
    from cmo_course import funnels, media

    w = world(seed)
    first, last = co.WEB_WINDOW
    paid = w.frames["paid_media_daily"]
    clicks = paid[(paid["date"] >= first) & (paid["date"] <= last)].groupby("platform")["clicks"]
    sessions = (
        w.frames["web_events"]
        .drop_duplicates(list(funnels.SESSION_KEY))
        .groupby(["session_source", "session_medium"])
        .size()
    )
    for platform, (channel, source) in media.last_click_of_platform().items():
        medium = co.GA4_MEDIUM[channel]
        week_clicks = clicks.sum()[platform]
        ratio = sessions[(source, medium)] / week_clicks
        assert sessions[(source, medium)] < week_clicks, (platform, ratio)
        assert co.SESSIONS_PER_CLICK[0] - 0.005 <= ratio <= co.SESSIONS_PER_CLICK[1] + 0.005, (
            platform,
            ratio,
        )
        assert 0.7 <= ratio <= 0.9, "the published range of landing-page sessions per ad click"
        recorded = w.truth["web_events"]["paid_sources"]["by_source"][f"{source} / {medium}"]
        assert recorded["sessions"] == sessions[(source, medium)]
        assert recorded["sessions_per_click"] == pytest.approx(ratio, abs=0.005)


@pytest.mark.parametrize("seed", SEEDS)
def test_ga4_session_ids_repeat_across_users(seed):
    events = world(seed).frames["web_events"]
    starts = events[events["event_name"] == "session_start"]
    assert (
        starts["session_id"].nunique()
        < len(starts)
        == len(starts.drop_duplicates(["user_pseudo_id", "session_id"]))
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_a_user_keeps_one_device_and_one_checkout_and_visits_as_often_as_recorded(seed):
    from cmo_course import funnels

    w = world(seed)
    sessions = w.frames["web_events"].drop_duplicates(list(funnels.SESSION_KEY))
    per_user = sessions.groupby("user_pseudo_id")
    assert (per_user["device_category"].nunique() == 1).all()
    assert (per_user["checkout_version"].nunique() == 1).all(), "the test split visitors"
    assert len(sessions) / per_user.ngroups == pytest.approx(
        w.truth["web_events"]["sessions_per_user"], abs=0.01
    )
    users = sessions.drop_duplicates("user_pseudo_id")["checkout_version"].value_counts(
        normalize=True
    )
    assert users["new"] == pytest.approx(0.5, abs=0.03)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_planted_mobile_checkout_bottleneck_is_recoverable(seed):
    from cmo_course import funnels

    w = world(seed)
    rates = funnels.step_rates_by(w.frames["web_events"], "device_category")
    gaps = rates.loc["desktop"] - rates.loc["mobile"]
    assert gaps.idxmax() == "purchase" and gaps["purchase"] > 0.12
    mobile = w.frames["web_events"].query("device_category == 'mobile'")
    by_version = funnels.step_rates_by(mobile, "checkout_version")["purchase"]
    planted = w.truth["web_events"]["planted_bottleneck"]
    for version, key in (("old", "old_checkout"), ("new", "new_checkout")):
        assert by_version[version] == pytest.approx(planted[key]["mobile"], abs=0.08)


@pytest.mark.parametrize("seed", SEEDS)
def test_email_rates_are_in_the_benchmark_ranges_and_opens_are_inflated(seed):
    w = world(seed)
    email = w.frames["email_campaigns"]
    totals = email[["sends", "opens", "clicks"]].sum()
    # the published range the dataset dictionary cites (Mailchimp; Klaviyo 2024)
    click_rate = next(b for b in co.BENCHMARKS if b.key == "email_click_rate")
    assert click_rate.low <= totals["clicks"] / totals["sends"] <= click_rate.high
    human = w.truth["email_campaigns"]["human_open_rate_realised"]
    assert all(0.10 <= v <= 0.25 for v in human.values())
    overall_human = (
        sum(human[s] * email.loc[email["segment"] == s, "sends"].sum() for s in human)
        / totals["sends"]
    )
    assert 0.16 <= overall_human <= 0.23
    measured = totals["opens"] / totals["sends"]
    assert 1.5 * overall_human < measured < 0.40, "inflated, as measured open rates are since 2021"


@pytest.mark.parametrize("seed", SEEDS)
def test_holdout_tests_recover_the_true_incremental_orders(seed):
    from cmo_course import funnels

    w = world(seed)
    results = funnels.holdout_incremental_orders(w.frames["email_campaigns"])
    truth = w.truth["email_campaigns"]
    assert len(results) == 16 * 3  # four promotions and twelve newsletters, three audiences each
    total, low, high = funnels.total_with_interval(results, z=3.0)
    assert low <= truth["true_incremental_orders_in_tests"] <= high
    assert (high - low) / 6 < 0.25 * truth["true_incremental_orders_in_tests"], (
        "big enough to be useful"
    )
    assert results["incremental_orders"].sum() < results["credited_orders"].sum()


# -- module 03: paid media, the lift study, the pilot --------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_paid_media_spend_ties_to_the_monthly_actuals_and_the_pnl(seed):
    frames = world(seed).frames
    paid, spend, pnl = (
        frames["paid_media_daily"],
        frames["marketing_spend_monthly"],
        frames["pnl_monthly"],
    )
    by_month = paid.groupby([paid["date"].dt.to_period("M").dt.start_time, "platform"])[
        "spend"
    ].sum()
    actual = spend[spend["channel"].isin(co.PAID_MEDIA)].set_index(["month", "channel"])["actual"]
    assert np.allclose(by_month.sort_index().to_numpy(), actual.sort_index().to_numpy(), atol=0.005)
    monthly = paid.groupby(paid["date"].dt.to_period("M").dt.start_time)["spend"].sum()
    assert np.allclose(monthly.to_numpy(), pnl["marketing_paid_digital"].to_numpy(), atol=0.01)


@pytest.mark.parametrize("seed", SEEDS)
def test_paid_media_rates_are_in_the_benchmark_ranges_with_a_q4_peak(seed):
    from cmo_course import media

    paid = world(seed).frames["paid_media_daily"]
    chain = media.metric_chain(paid)
    assert 12 <= chain.loc["meta", "cpm"] <= 25
    assert 3 <= chain.loc["tiktok", "cpm"] <= 12
    assert 25 <= chain.loc["linkedin", "cpm"] <= 44 and 5.5 <= chain.loc["linkedin", "cpc"] <= 9.3
    assert 0.0044 <= chain.loc["linkedin", "ctr"] <= 0.0065
    # Google Search blends text ads on searches (brand and non-brand terms) with shopping ads
    assert 0.8 <= chain.loc["google_search", "cpc"] <= 3.5
    search = paid[paid["platform"] == "google_search"]
    by_campaign = media.metric_chain(search, by="campaign")
    assert 1.7 <= by_campaign.loc["non_brand", "cpc"] <= 8.9
    text = media.metric_chain(search[search["campaign"] != "shopping"].assign(all="text"), "all")
    assert 0.05 <= text.loc["text", "ctr"] <= 0.12
    assert 0.006 <= by_campaign.loc["shopping", "ctr"] <= 0.014
    assert 3.5 <= chain.loc["youtube", "cpm"] <= 12  # auction $3.5 to video median $10.50
    assert 0.02 <= chain.loc["google_search", "cvr"] <= 0.09, (
        "search and shopping CVR about 2-7% (platform count)"
    )
    assert (chain["cvr"] < 0.12).all() and (chain["cvr"] > 0.01).all()
    meta = paid[paid["platform"] == "meta"]
    quarterly = media.metric_chain(meta.assign(q=meta["date"].dt.quarter), "q")["cpm"]
    assert 1.25 <= quarterly[4] / quarterly[1] <= 1.60, "Q4 CPMs well above Q1's"
    assert (paid["reach"] <= paid["impressions"]).all() and (
        paid["clicks"] <= paid["impressions"]
    ).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_platforms_over_report_by_their_recorded_factor(seed):
    w = world(seed)
    paid, orders = w.frames["paid_media_daily"], w.frames["orders"]
    truth = w.truth["paid_media_daily"]
    claimed = paid.groupby("platform")["platform_conversions"].sum()
    for platform, (channel, source) in {
        "meta": ("paid_social", "meta"),
        "google_search": ("paid_search", "google"),
        "tiktok": ("paid_social", "tiktok"),
    }.items():
        credited = (
            (orders["last_click_channel"] == channel) & (orders["last_click_source"] == source)
        ).sum()
        assert truth["last_click_orders"][platform] == credited, (
            "every credited order is in the data"
        )
        factor = claimed[platform] / credited
        assert factor == pytest.approx(truth["over_report_factor"][platform], rel=0.12)
    assert claimed.sum() > truth["last_click_orders"]["meta"] + sum(
        v for k, v in truth["last_click_orders"].items() if k != "meta"
    ), "the platforms claim more purchases than the orders credited to them"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_lift_study_recovers_the_true_incremental_purchases(seed):
    from cmo_course import media

    w = world(seed)
    cells = (
        w.frames["meta_lift_test"]
        .groupby("cell")[["users", "conversions", "revenue", "spend"]]
        .sum()
    )
    truth = w.truth["meta_lift_test"]
    weeks = w.frames["meta_lift_test"]["week_start"].nunique()
    share = cells.loc["holdout", "users"] / cells["users"].sum()
    assert share == pytest.approx(truth["holdout_share"], abs=1e-6), "unequal cells, as recorded"
    result = media.lift_test(
        cells.loc["test", "users"] / weeks,
        cells.loc["test", "conversions"],
        cells.loc["holdout", "users"] / weeks,
        cells.loc["holdout", "conversions"],
        cells.loc["test", "spend"],
    )
    assert (
        result.incremental_conversions_low
        <= truth["true_incremental_conversions"]
        <= result.incremental_conversions_high
    )
    width = result.incremental_conversions_high - result.incremental_conversions_low
    assert width < 0.7 * truth["true_incremental_conversions"], "precise enough to act on"
    reported = w.frames["meta_lift_test"]["platform_reported_conversions"].sum()
    assert reported / truth["true_incremental_conversions"] == pytest.approx(
        truth["true_over_attribution_vs_incremental"], rel=1e-4
    )
    assert 1.5 < reported / result.incremental_conversions < 4, (
        "Meta claims about 2-3x what it causes"
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_the_pilot_is_a_close_call_with_a_clear_best_audience(seed):
    from cmo_course import media

    w = world(seed)
    pilot = w.frames["new_network_pilot"]
    truth = w.truth["new_network_pilot"]
    totals = pilot[["spend", "clicks", "pixel_conversions", "tagged_orders"]].sum()
    assert 0.01 <= totals["tagged_orders"] / totals["clicks"] <= 0.03
    assert 0.5 <= totals["spend"] / totals["clicks"] <= 1.2, "CPC on a new, cheap network"
    # the pixel claims more than the store credits, by about its recorded factor
    claimed = totals["pixel_conversions"] / totals["tagged_orders"]
    assert claimed == pytest.approx(truth["pixel_over_report"], rel=0.15)
    true_cvr = {k: v["true_store_cvr"] for k, v in truth["ad_sets"].items()}
    assert max(true_cvr, key=true_cvr.get) in ("lookalike_customers", "outdoor_enthusiasts")
    alpha, beta = media.beta_update(
        *media.beta_prior(truth["prior_cvr_mean"], truth["prior_weight_clicks"]),
        totals["tagged_orders"],
        totals["clicks"],
    )
    assert 0.012 <= media.beta_mean(alpha, beta) <= 0.028


# -- media_mix_weekly and geo_test (module 04) ------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_the_weekly_mix_ties_to_the_pnl_and_the_monthly_spend(seed):
    frames = world(seed).frames
    mix, pnl, spend = (
        frames["media_mix_weekly"],
        frames["pnl_monthly"],
        frames["marketing_spend_monthly"],
    )
    assert mix["net_revenue"].sum() == pytest.approx(pnl["net_revenue"].sum(), abs=0.05)
    assert mix["days"].sum() == len(co.days()) and mix["days"].iloc[-1] == 3
    assert mix["orders"].sum() == len(frames["orders"])
    for channel in [*co.PAID_PLATFORMS, *co.OFFLINE_MEDIA]:
        actual = spend.loc[spend["channel"] == channel, "actual"].sum()
        assert mix[f"{channel}_spend"].sum() == pytest.approx(actual, abs=0.05), channel
    adults = co.HOME_MARKET["adults"]
    for medium in co.GRP_MEDIA:
        assert np.allclose(
            mix[f"{medium}_grps"], mix[f"{medium}_impressions"] / adults * 100, atol=0.051
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_offline_costs_and_weights_are_in_the_published_ranges(seed):
    mix = world(seed).frames["media_mix_weekly"]
    cpm = {
        m: mix[f"{m}_spend"].sum() / mix[f"{m}_impressions"].sum() * 1000
        for m in ("tv", "radio", "out_of_home", "print", "podcasts")
    }
    # OAAA / Solomon Partners 2022: non-prime TV $20, cable $12-19; radio $6.75; OOH $2-7.5;
    # podcasts $23; magazines in the tens of dollars
    assert 12 <= cpm["tv"] <= 36 and 5 <= cpm["radio"] <= 9 and 2 <= cpm["out_of_home"] <= 7.5
    assert 18 <= cpm["podcasts"] <= 30 and 25 <= cpm["print"] <= 60
    on_air = mix.loc[mix["tv_grps"] > 0, "tv_grps"]
    assert 40 <= on_air.median() <= 150, "regional TV flights a media buyer recognises"
    thetas = {
        m: v["weekly_adstock_theta"]
        for m, v in world(seed).truth["media_mix_weekly"]["offline_media"].items()
    }
    assert 0.3 <= thetas["tv"] <= 0.8 and all(
        0.1 <= thetas[m] <= 0.4 for m in ("radio", "out_of_home", "print")
    )
    assert 2 <= np.log(0.5) / np.log(thetas["tv"]) <= 5, "TV's half-life in the practical range"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_geo_test_adds_up_to_the_home_markets_customers_and_the_tv_spend(seed):
    frames = world(seed).frames
    geo, orders, customers = frames["geo_test"], frames["orders"], frames["customers"]
    zones = geo.drop_duplicates("market")
    assert (
        len(zones) == co.HOME_MARKET["markets"]
        and zones["adults"].sum() == co.HOME_MARKET["adults"]
    )
    assert (
        zones.groupby("pair")["group"].apply(sorted)
        == pd.Series([["control", "test"]] * 20, index=range(1, 21))
    ).all()
    local = orders[
        orders["customer_id"].isin(customers.loc[customers["market"].notna(), "customer_id"])
    ]
    in_range = local[
        local["order_date"].between(
            co.GEO_TEST["first_week"], co.GEO_TEST["last_week"] + pd.Timedelta(days=6)
        )
    ]
    net = (in_range["gross_sales"] - in_range["discount"] - in_range["refund"]).sum()
    assert geo["sales"].sum() == pytest.approx(net, abs=1.0)
    assert geo["orders"].sum() == len(in_range)
    # the test's TV aired in the test zones only; earlier flights everywhere; spend ties to the mix
    test_weeks = geo[geo["period"] != "pre"]
    assert test_weeks.loc[test_weeks["group"] == "control", "tv_spend"].sum() == 0
    mix = frames["media_mix_weekly"].set_index("week_start")
    by_week = geo.groupby("week_start")["tv_spend"].sum()
    assert np.allclose(by_week, mix.loc[by_week.index, "tv_spend"], atol=0.5)
    assert (
        geo.loc[geo["period"] == "pre"]
        .groupby("week_start")["tv_spend"]
        .apply(lambda s: (s > 0).all() or (s == 0).all())
    ).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_the_shops_customers_live_in_the_home_market(seed):
    """The four shops are in the home market: whoever was acquired in one lives there, and most
    of the shops' sales are to people who live there (visitors the rest); the home market stays
    a minority of the company's sales."""
    frames = world(seed).frames
    orders, customers = frames["orders"], frames["customers"]
    acquired_in_a_shop = customers[customers["acquisition_channel"] == "retail"]
    assert acquired_in_a_shop["market"].notna().all()
    assert (acquired_in_a_shop["region"] == co.HOME_REGION).all()
    year = orders[orders["order_date"].dt.year == 2025]
    local = year["customer_id"].isin(customers.loc[customers["market"].notna(), "customer_id"])
    shops = year["sales_channel"] == "retail"
    shop_share = finance.net_revenue(year[shops & local]) / finance.net_revenue(year[shops])
    assert shop_share > 0.6, f"only {shop_share:.0%} of the shops' sales from the home market"
    home_share = finance.net_revenue(year[local]) / finance.net_revenue(year)
    assert 0.1 < home_share < 0.3, f"the home market holds {home_share:.0%} of sales"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_geo_tests_lifts_are_ones_a_media_buyer_would_believe(seed):
    # No single published source gives these: TV geo tests are reported to lift sales by single
    # digits to a few tens of percent (the course's reading, Module 04, Section 7; company's
    # BENCHMARKS hold the same ranges). New customers, the job TV is bought for, move more than
    # sales, which also hold existing customers' orders; the autumn flight ran at about twice the
    # usual weight.
    values = measured(seed)
    sales, new = values["geo_test_sales_lift"], values["geo_test_new_customer_lift"]
    assert 0.03 <= sales <= 0.40, f"sales lift {sales:.0%}"
    assert 0.10 <= new <= 0.70, f"lift in new customers {new:.0%}"
    assert new > sales


@pytest.mark.parametrize("seed", SEEDS)
def test_time_based_regression_recovers_the_planted_lift_within_its_stated_error(seed):
    from cmo_course import offline

    w = world(seed)
    geo, truth = w.frames["geo_test"], w.truth["geo_test"]
    for outcome, planted in (
        ("new_customers", truth["incremental_customers"]),
        ("sales", truth["true_incremental_sales"]),
    ):
        weekly = geo.pivot_table(
            index=["week_start", "period"], columns="group", values=outcome, aggfunc="sum"
        ).reset_index()
        pre, during = weekly[weekly["period"] == "pre"], weekly[weekly["period"] != "pre"]
        read = offline.time_based_regression(
            pre["test"], pre["control"], during["test"], during["control"]
        )
        assert read.low <= planted <= read.high, (outcome, read)
    # the primary metric is clearly positive on the shipped data, as the lesson says
    if seed == co.DEFAULT_SEED:
        weekly = geo.pivot_table(
            index=["week_start", "period"], columns="group", values="new_customers", aggfunc="sum"
        ).reset_index()
        pre, during = weekly[weekly["period"] == "pre"], weekly[weekly["period"] != "pre"]
        assert (
            offline.time_based_regression(
                pre["test"], pre["control"], during["test"], during["control"]
            ).low
            > 0
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_the_halo_regression_with_controls_recovers_the_planted_halo(seed):
    from cmo_course import media, offline

    w = world(seed)
    weeks = w.frames["media_mix_weekly"]
    weeks = weeks[weeks["days"] == 7].copy()
    weeks["tv_adstock"] = media.adstock(weeks["tv_spend"], co.OFFLINE_MEDIA["tv"]["theta"])
    planted = co.BRANDED_SEARCH["halo_per_adstocked_dollar"]["tv"]
    controlled = offline.regress(
        weeks, "branded_search_clicks", ["tv_adstock", "orders", "promotion_days"]
    ).loc["tv_adstock"]
    naive = offline.regress(weeks, "branded_search_clicks", ["tv_adstock"]).loc["tv_adstock"]
    assert controlled["low"] <= planted <= controlled["high"]
    assert naive["low"] > 1.5 * planted, "without controls, TV takes the season's credit"


@pytest.mark.parametrize("seed", SEEDS)
def test_planning_inputs_tie_to_last_years_actuals_and_the_targets_to_their_rules(seed):
    w = world(seed)
    plan, pnl = w.frames["planning_inputs"], w.frames["pnl_monthly"]
    last = pnl[pnl["month"].dt.year == co.YEARS[-1]].reset_index(drop=True)
    assert np.allclose(plan["ly_net_revenue"], last["net_revenue"])
    assert np.allclose(plan["ly_marketing_total"], last["marketing_total"])
    mix = w.frames["media_mix_weekly"]
    spend = w.frames["marketing_spend_monthly"]
    production = spend[
        (spend["month"].dt.year == co.YEARS[-1]) & (spend["channel"] == "tv_production")
    ]["actual"].sum()
    media_2025 = production + sum(
        mix.loc[mix["week_start"].dt.year == co.YEARS[-1], f"{c}_spend"].sum()
        for c in [*co.PAID_PLATFORMS, *co.OFFLINE_MEDIA]
    )
    # the mix is by week: its 2025 weeks run from 30 December 2024 to 31 December 2025
    spend = w.frames["marketing_spend_monthly"]
    monthly = spend[
        (spend["month"].dt.year == co.YEARS[-1])
        & spend["channel_group"].isin(["paid_digital", "paid_offline"])
    ]
    assert plan["ly_paid_media"].sum() == pytest.approx(monthly["actual"].sum(), abs=0.05)
    assert plan["ly_paid_media"].sum() == pytest.approx(media_2025, rel=0.02)
    orders = w.frames["orders"]
    assert plan["ly_orders"].sum() == (orders["order_date"].dt.year == co.YEARS[-1]).sum()
    assert plan["revenue_target"].sum() == pytest.approx(
        round(last["net_revenue"].sum() * 1.18, -4), abs=0.05
    )
    assert plan["seasonality_index"].mean() == pytest.approx(1, abs=1e-3)
    cvr = plan["ly_online_orders"] / plan["ly_sessions"]
    # the published range of sessions that purchase the data dictionary cites (Littledata,
    # Dynamic Yield): the busiest months convert a little more than the week of web events
    sessions_to_purchase = next(b for b in co.BENCHMARKS if b.key == "sessions_to_purchase")
    assert sessions_to_purchase.low <= cvr.min() and cvr.max() <= sessions_to_purchase.high
    sov = plan["ly_paid_media"].sum() / (
        plan["ly_paid_media"].sum() + plan["ly_competitor_media"].sum()
    )
    som = plan["ly_net_revenue"].sum() / plan["ly_market_sales"].sum()
    assert 0.005 < sov < 0.05 and 0.005 < som < 0.05
