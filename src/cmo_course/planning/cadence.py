"""Offline media read as they were bought, week by week.

The plan model treats a month's money as spread over the month's weeks: right for a plan that
buys steadily, wrong for reading a year whose catalogue went out in single-week drops or whose TV
aired in flights. A flight saturates its weeks and leaves a tail (a catalogue saturates its list
over a quarter, so drops close together saturate each other); ``offline_as_bought`` runs each
offline medium's weekly spend through its own adstock and curve (Module 04's), so last year's
customers and its next dollar are read at the weight they were bought at.

How the media are sold, read from the same weeks: the least a month of a medium sold in units can
hold (``minimum_buys_from``) and the months a medium with a season of its own can be bought in
(``calendar_from``: the fairs and markets of the events).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..offline import offline_response

BUMP = 0.001  # the next dollar: every aired week's spend raised by this share


def _conditions(curve: Mapping, weekly: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The demand and unit costs of ``weekly``'s weeks from the curve's ``conditions_by_week``
    (1 and 1 where the truth records none)."""
    recorded = curve.get("conditions_by_week")
    if not recorded:
        return np.ones(len(weekly)), np.ones(len(weekly))
    first = pd.Timestamp(recorded["first_week_start"])
    position = ((weekly["week_start"] - first).dt.days // 7).to_numpy()
    known = len(recorded["demand"])
    if position.min() < 0 or position.max() >= known:
        raise ValueError(
            f"the truth records the offline media's conditions for {known} weeks from "
            f"{first.date()}; media_mix_weekly has weeks outside them"
        )
    return (
        np.asarray(recorded["demand"], dtype=float)[position],
        np.asarray(recorded["unit_cost"], dtype=float)[position],
    )


def _weekly_customers(curve: Mapping, spend: np.ndarray, weekly: pd.DataFrame) -> np.ndarray:
    demand, unit_cost = _conditions(curve, weekly)
    return offline_response(
        spend,
        float(curve["weekly_adstock_theta"]),
        float(curve["a"]),
        float(curve["half_sat_weekly"]),
        float(curve.get("list_weeks", 0)),
        demand=demand,
        unit_cost=unit_cost,
    )


def _spend_of(weekly: pd.DataFrame, name: str) -> np.ndarray:
    column = f"{name}_spend"
    if "week_start" not in weekly or column not in weekly:
        raise ValueError(
            f"reading {name} as bought needs media_mix_weekly's week_start and {column}"
        )
    return weekly[column].to_numpy(dtype=float)


def offline_as_bought(
    offline_truth: Mapping, weekly: pd.DataFrame, year: int, value: float | Mapping[str, float]
) -> pd.DataFrame:
    """Each offline medium's ``year`` as bought (``media_mix_weekly``'s weekly spend), by medium:
    its spend, the new customers it brought (the adstock of the weeks before carried in, its own
    tail after the year's last week left out), their cost each, and what its next dollar returns
    in two-year contribution (``value`` a customer, one figure or one per medium), the dollar
    added to the weeks it aired in proportion to their spend."""
    in_year = (weekly["week_start"].dt.year == year).to_numpy()
    rows = {}
    for name, curve in offline_truth.items():
        spend = _spend_of(weekly, name)
        customers = _weekly_customers(curve, spend, weekly)
        bumped = spend + np.where(in_year, spend * BUMP, 0.0)
        extra = bumped.sum() - spend.sum()
        worth = value[name] if isinstance(value, Mapping) else value
        year_spend = float(spend[in_year].sum())
        year_customers = float(customers[in_year].sum())
        # the next dollar's customers, wherever they arrive (its tail runs past the week)
        caused = float((_weekly_customers(curve, bumped, weekly) - customers).sum())
        rows[name] = {
            "spend": year_spend,
            "new_customers": year_customers,
            "cost_per_customer": year_spend / year_customers if year_customers else np.nan,
            "marginal_return": caused / extra * worth if extra > 0 else np.nan,
        }
    return pd.DataFrame(rows).T.rename_axis("channel")


def offline_customers_by_month(
    offline_truth: Mapping, weekly: pd.DataFrame, year: int
) -> pd.DataFrame:
    """The new customers each offline medium brought in each month of ``year`` as bought, week by
    week (a week counted in the month it starts in): rows 1 to 12, a column per medium."""
    in_year = (weekly["week_start"].dt.year == year).to_numpy()
    month = weekly.loc[in_year, "week_start"].dt.month.to_numpy()
    table = {
        name: pd.Series(_weekly_customers(curve, _spend_of(weekly, name), weekly)[in_year])
        .groupby(month)
        .sum()
        .reindex(range(1, 13), fill_value=0.0)
        for name, curve in offline_truth.items()
    }
    return pd.DataFrame(table)


# How each offline medium is sold, in weeks of last year's typical week on air: a print insertion,
# a week of a radio or podcast schedule, an event, a four-week posting of posters. Direct mail is
# sized by its pieces (a drop can be smaller), and TV is judged whole against its production.
UNIT_WEEKS = {"print": 1, "radio": 1, "podcasts": 1, "events": 1, "out_of_home": 4}


# Media with a season of their own: the events are fairs and markets the company takes a stand
# at, held in some months and not others.
SEASONAL_MEDIA = ("events",)


def calendar_from(weekly: pd.DataFrame) -> dict[str, dict[int, float]]:
    """For each of ``SEASONAL_MEDIA``, the months (1-12) it ran in in any year of ``weekly``
    (``media_mix_weekly``), each with the most spent on it in that month of any year: the only
    months a plan can buy it in, and what there is to buy in them (the stands the fairs sell)."""
    month = weekly["week_start"].dt.month.rename("month")
    year = weekly["week_start"].dt.year.rename("year")
    out = {}
    for medium in SEASONAL_MEDIA:
        spend = weekly[f"{medium}_spend"].groupby([year, month]).sum()
        most = spend[spend > 0].groupby(level="month").max()
        out[medium] = {int(m): float(v) for m, v in most.items()}
    return out


def minimum_buys_from(weekly: pd.DataFrame, year: int = 2025) -> dict[str, float]:
    """The least a month of each medium sold in units can hold: ``UNIT_WEEKS`` of its median
    week on air in ``year`` (``media_mix_weekly``'s ``<medium>_spend``)."""
    in_year = weekly[weekly["week_start"].dt.year == year]
    units = {}
    for medium, weeks in UNIT_WEEKS.items():
        on_air = in_year[f"{medium}_spend"]
        on_air = on_air[on_air > 0]
        units[medium] = float(on_air.median()) * weeks if len(on_air) else 0.0
    return units


def on_air_rates(weekly: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """What each medium (``media_mix_weekly``'s ``<medium>_spend``) was bought at a day in each
    month of ``year`` (rows 1-12) while on air: the month's spend (a week counted in the month it
    starts in) over the days of the weeks it aired; empty in a month it did not air. A medium bought
    in flights is read at its flights' weight, not spread over the month; one bought every day at
    its month's average."""
    in_year = weekly[weekly["week_start"].dt.year == year]
    month = in_year["week_start"].dt.month
    rates = {}
    for column in [c for c in in_year.columns if c.endswith("_spend")]:
        spend = in_year[column]
        days = 7 * (spend > 0).groupby(month).sum()
        rate = spend.groupby(month).sum() / days.where(days > 0)
        rates[column.removesuffix("_spend")] = rate.reindex(range(1, 13))
    return pd.DataFrame(rates, index=pd.RangeIndex(1, 13, name="month"))
