"""Organic social: ``social_posts`` and ``social_audience``.

``generate_social`` draws the organic posts of each platform (reach, impressions, engagements
and link clicks, by format) and the audience by generation at the end of each quarter, from the
platforms' parameters in the company's profile. It also stores the link clicks by day and
platform (the internal ``social_clicks_daily``), which bring new customers in ``customers.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import World, rng_for
from cmo_course.datasets import company as co


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
