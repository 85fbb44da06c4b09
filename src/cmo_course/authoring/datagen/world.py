"""The simulated company that every generator draws on, and the helpers several areas share.

``World`` holds what the generators have drawn so far: the public frames that become the
datasets, the internal frames later generators build on (the daily spend behind the actuals,
every customer with how they were acquired, social link clicks by day) and the ground truth.
This module generates no dataset itself. It holds the random stream of each dataset
(``rng_for``), money helpers (``_round_cents``, ``_split_exactly``), the promotion calendar
(``thanksgiving``, ``promotion_days``), and what more than one area needs from the business:
organic demand by day (``_demand_index``: customers and the media mix), the home market's
zones and the geo test's flight (``home_markets``, ``geo_test_window``, ``_monday``: customers
and the geo test), and the email campaign calendar (``email_calendar``: the last click of each
order and the email campaigns). It draws only on the company's parameters
(``cmo_course.datasets.company``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cmo_course.datasets import company as co


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
# shared by several areas
# ============================================================================================


def _demand_index(days: pd.DatetimeIndex) -> np.ndarray:
    """Organic demand by day: growth, seasonality, weekday and promotions (1.0 = average day)."""
    years = (days - co.START).days.to_numpy() / 365.25
    trend = (1 + co.ANNUAL_GROWTH) ** years
    season = np.array(co.SEASONALITY)[days.month.to_numpy() - 1]
    weekday = np.array(co.WEEKDAY)[days.day_of_week.to_numpy()]
    promo = np.where(days.isin(set(promotion_days()["date"])), co.PROMO_DEMAND_LIFT, 1.0)
    return trend * season * weekday * promo


def ad_price_index(days: pd.DatetimeIndex) -> np.ndarray:
    """What an impression costs by day against January 2024 (1.0): Q4 auctions are dearer, and
    2025's prices are a little above 2024's. A dollar buys 1 / index of January's reach."""
    season = np.array(co.CPM_SEASONALITY)[days.month.to_numpy() - 1]
    return season * np.where(days.year == 2025, co.CPM_INFLATION_2025, 1.0)


def offline_unit_cost_index(mondays: pd.DatetimeIndex, medium: str) -> np.ndarray:
    """What an offline medium's unit costs by week (indexed by its Monday) against January 2024
    (1.0): media bought by impressions pay the ad market's season (Q4 airtime and pages are
    dearer), pieces and attendees cost the same all year; all cost a little more in 2025."""
    inflation = np.where(mondays.year == 2025, co.OFFLINE_COST_INFLATION_2025, 1.0)
    if co.OFFLINE_DELIVERY[medium][2] != "impressions":
        return inflation
    return np.array(co.CPM_SEASONALITY)[mondays.month.to_numpy() - 1] * inflation


def offline_conditions(days: pd.DatetimeIndex) -> pd.DataFrame:
    """The weeks' conditions for offline media, indexed by each week's Monday: ``demand``, how
    in-market the people reached are (the week's average of the square root of demand over its
    average, as for paid digital), and ``unit_cost_<medium>`` (``offline_unit_cost_index``)."""
    season = pd.Series(np.sqrt(_demand_index(days) / _demand_index(days).mean()), index=days)
    monday = days - pd.to_timedelta(days.day_of_week, unit="D")
    weekly = season.groupby(monday).mean()
    frame = pd.DataFrame({"demand": weekly.to_numpy()}, index=weekly.index)
    for medium in co.OFFLINE_MEDIA:
        frame[f"unit_cost_{medium}"] = offline_unit_cost_index(frame.index, medium)
    return frame


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
