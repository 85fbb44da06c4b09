"""The web funnel: ``web_events``.

``generate_web_events`` draws one week of GA4-style events from the online store (session
starts, product views, carts, checkouts and purchases) by channel, device and checkout version,
with the step probabilities of ``step_probabilities`` and the old-versus-new checkout test.
Every purchase is an online order of the ``orders`` table in that week, in the session its last
click describes (``ga4_source``); the sessions that did not buy are drawn around them. A paid
source's sessions follow its platform's clicks in ``paid_media_daily`` (a share of them, drawn in
``SESSIONS_PER_CLICK``), and its view and cart rates are scaled so that they convert its orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course import media
from cmo_course.authoring.datagen.world import World, rng_for
from cmo_course.datasets import company as co


def ga4_source(channel: str, source: str) -> str:
    """The GA4 session source of a channel and source from the orders table."""
    return "(direct)" if channel == "direct" else source


def step_probabilities(
    channel: str, device: str, version: str, view_rate: float | None = None, cart_lift: float = 1.0
) -> list[float]:
    """The probability of each step given the previous one, for one segment of sessions. A paid
    source passes its own view rate and the factor on its channel's cart rate."""
    return [
        co.VIEW_RATE[channel] if view_rate is None else view_rate,
        min(
            0.9,
            co.CART_RATE * co.CART_CHANNEL_LIFT[channel] * cart_lift * co.CART_DEVICE_LIFT[device],
        ),
        co.CHECKOUT_RATE[device],
        co.PURCHASE_RATE[version][device],
    ]


def paid_view_and_cart(channel: str, lift: float) -> tuple[float, float]:
    """The view rate and the factor on the cart rate that multiply the channel's conversion by
    ``lift``: the two steps share it equally, the view rate up to ``PAID_VIEW_RATE_CAP``, the cart
    rate taking the rest."""
    view = min(co.PAID_VIEW_RATE_CAP, co.VIEW_RATE[channel] * np.sqrt(lift))
    return float(view), float(lift * co.VIEW_RATE[channel] / view)


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
    # the platforms' clicks in the week, by day: a paid source's sessions follow them
    platform_of = {pair: platform for platform, pair in media.last_click_of_platform().items()}
    paid_channels = {channel for channel, _ in platform_of}
    paid = world.frames["paid_media_daily"]
    paid = paid[(paid["date"] >= first_day) & (paid["date"] <= last_day)]
    clicks = (
        paid.groupby(["platform", "date"])["clicks"].sum().unstack("date", fill_value=0)
    ).reindex(columns=days, fill_value=0)
    paid_truth = {}
    paid_rates = {}

    sessions = []  # (channel, source, device, version, last step index, order index or -1, day)
    for channel, group in in_week.groupby("last_click_channel"):
        # each channel's sessions come from a stream of their own, so that orders moving between
        # other channels (a change to the email model, say) leave this channel's sessions as
        # they were
        draw = rng_for(world.seed, f"web_events/{channel}")
        mobile = co.MOBILE_SHARE_BY_CHANNEL[channel]
        device_share = {
            "mobile": mobile,
            "tablet": co.TABLET_SHARE,
            "desktop": 1 - mobile - co.TABLET_SHARE,
        }
        cells = [(d, v) for d in co.DEVICES for v in ("old", "new")]
        traffic = np.array([device_share[d] * 0.5 for d, v in cells])
        if channel in paid_channels:
            for source, part in group.groupby("last_click_source"):
                platform = platform_of[(channel, source)]
                found = _paid_source_sessions(
                    world.seed, channel, source, part, cells, traffic, clicks.loc[platform]
                )
                sessions.extend(found["sessions"])
                paid_rates.update(found["rates"])
                paid_truth[f"{source} / {co.GA4_MEDIUM[channel]}"] = {
                    "platform": platform,
                    **found["truth"],
                }
            continue
        probs = [step_probabilities(channel, d, v) for d, v in cells]
        cvr = np.array([np.prod(p) for p in probs])
        # the purchases of this channel fall into the cells in proportion to what each converts
        cell_of_order = draw.choice(
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
            non_buyers = draw.poisson(expected_sessions * traffic[cell] * (1 - cvr[cell]))
            # where does a session that does not buy stop? after step k with prob reach(k) * (1 - p[k])
            reach = np.cumprod([1.0, *p[:-1]])
            stop = reach * (1 - np.array(p))
            last_steps = draw.choice(4, size=non_buyers, p=stop / stop.sum())
            chosen_sources = draw.choice(
                source_options, size=non_buyers, p=source_counts / source_counts.sum()
            )
            chosen_days = draw.choice(len(days), size=non_buyers, p=day_weight / day_weight.sum())
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
        if channel not in paid_channels
        for device in co.DEVICES
        for version in ("old", "new")
    }
    world.truth["web_events"] = {
        "window": [str(first_day.date()), str(last_day.date())],
        "steps": list(co.WEB_STEPS),
        "step_probabilities_by_channel_device_version": truth_rates,
        "step_probabilities_by_paid_source_device_version": paid_rates,
        "paid_sources": {
            "rule": "a paid source's sessions in the week are its platform's clicks that week "
            "(paid_media_daily) times sessions_per_click, drawn in SESSIONS_PER_CLICK; its view "
            "and cart rates are scaled so that its funnel converts its last-click orders",
            "sessions_per_click_range": list(co.SESSIONS_PER_CLICK),
            "by_source": paid_truth,
        },
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


def _paid_source_sessions(
    seed: int,
    channel: str,
    source: str,
    orders: pd.DataFrame,
    cells: list[tuple[str, str]],
    traffic: np.ndarray,
    clicks_by_day: pd.Series,
) -> dict:
    """The week's sessions of one paid source: its platform's clicks times a sessions-per-click
    ratio, its orders among them, and view and cart rates scaled so that its funnel converts
    them. Returns the sessions (as ``generate_web_events`` lists them), its step probabilities by
    device and version, and its truth."""
    draw = rng_for(seed, f"web_events/{channel}/{source}")
    ratio = float(draw.uniform(*co.SESSIONS_PER_CLICK))
    total_clicks = int(clicks_by_day.sum())
    n_sessions = int(round(total_clicks * ratio))
    buyers = len(orders)
    if n_sessions < buyers:
        raise ValueError(f"{source} ({channel}): {buyers} orders but {n_sessions} sessions")
    base = np.array([np.prod(step_probabilities(channel, d, v)) for d, v in cells])
    lift = buyers / n_sessions / float((traffic * base).sum())
    view, cart_lift = paid_view_and_cart(channel, lift)
    probs = [step_probabilities(channel, d, v, view, cart_lift) for d, v in cells]
    if max(p[1] for p in probs) >= 0.9:
        raise ValueError(f"{source} ({channel}): its cart rate would pass the 0.9 cap")
    cvr = np.array([np.prod(p) for p in probs])
    cell_of_order = draw.choice(len(cells), size=buyers, p=traffic * cvr / (traffic * cvr).sum())
    non_buyers = draw.multinomial(
        n_sessions - buyers, traffic * (1 - cvr) / (traffic * (1 - cvr)).sum()
    )
    day_p = clicks_by_day.to_numpy(dtype=float) / total_clicks
    sessions = []
    for cell, ((device, version), p) in enumerate(zip(cells, probs, strict=True)):
        for i in np.nonzero(cell_of_order == cell)[0]:
            sessions.append((channel, source, device, version, 4, int(orders.index[i]), None))
        reach = np.cumprod([1.0, *p[:-1]])
        stop = reach * (1 - np.array(p))
        last_steps = draw.choice(4, size=non_buyers[cell], p=stop / stop.sum())
        chosen_days = draw.choice(len(day_p), size=non_buyers[cell], p=day_p)
        for step, day in zip(last_steps, chosen_days, strict=True):
            sessions.append((channel, source, device, version, int(step), -1, int(day)))
    rates = {
        f"{channel}/{source}/{device}/{version}": [round(x, 4) for x in p]
        for (device, version), p in zip(cells, probs, strict=True)
    }
    truth = {
        "clicks": total_clicks,
        "sessions_per_click": round(ratio, 4),
        "sessions": n_sessions,
        "purchases": buyers,
        "session_conversion_rate": round(buyers / n_sessions, 4),
        "view_rate": round(view, 4),
        "cart_rate_over_the_channels": round(cart_lift, 4),
    }
    return {"sessions": sessions, "rates": rates, "truth": truth}
