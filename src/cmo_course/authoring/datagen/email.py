"""Email: ``email_campaigns``.

``generate_email`` draws each campaign of the email calendar by segment: sends, opens
(inflated by machine opens), clicks, unsubscribes and the holdout tests of 2025. The orders
and revenue it credits to email are those of the ``orders`` table whose last click is email,
each credited to the latest campaign sent on or before its day, and its segments come from the
customers' order history (``customers_all``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import World, email_calendar, rng_for
from cmo_course.datasets import company as co


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
    whose last click is email), unsubscribes, and holdout tests for each 2025 promotion and the first newsletter of each month of 2025."""
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
