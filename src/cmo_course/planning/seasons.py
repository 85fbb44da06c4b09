"""Seasonality and trend (a classical decomposition, and a regression on trend and month that
reads every month from all the data), and share of voice against share of market."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def classical_decomposition(monthly: pd.Series) -> pd.DataFrame:
    """Split a monthly series into trend x seasonal x residual (multiplicative).

    Trend: the centred 12-month moving average (the average of two 12-month windows, so that
    it is centred on a month). Seasonal: for each calendar month, the average of value / trend
    where the trend exists, scaled so the twelve indices average 1. Residual: what is left.
    With two years of data the trend exists for the middle twelve months only."""
    if len(monthly) < 24:
        raise ValueError("a classical decomposition needs at least 24 months")
    values = monthly.astype(float)
    trend = values.rolling(12, center=False).mean()
    trend = (trend + trend.shift(-1)) / 2  # centre the 12-month window on a month
    trend = trend.shift(-5)
    ratio = values / trend
    month = pd.Index(values.index).month
    raw = ratio.groupby(month).mean()
    seasonal_by_month = raw / raw.mean()
    seasonal = pd.Series(seasonal_by_month.reindex(month).to_numpy(), index=values.index)
    return pd.DataFrame(
        {
            "value": values,
            "trend": trend,
            "seasonal": seasonal,
            "residual": values / (trend * seasonal),
        }
    )


def trend_growth(decomposition: pd.DataFrame) -> float:
    """Annual growth of the trend: its last value over its first, per year between them."""
    trend = decomposition["trend"].dropna()
    months = len(trend) - 1
    return float((trend.iloc[-1] / trend.iloc[0]) ** (12 / months) - 1)


def esov(our_media: float, competitors_media: float, our_revenue: float, market: float) -> float:
    """Excess share of voice = share of voice - share of market (both fractions).
    SOV = our media spend / all media spend in the category; SOM = our sales / category sales."""
    if our_media + competitors_media <= 0 or market <= 0:
        raise ValueError("the category needs some media spend and some sales")
    return our_media / (our_media + competitors_media) - our_revenue / market


def share_growth_from_esov(excess_share_of_voice: float, per_ten_points: float = 0.005) -> float:
    """The rule of thumb from the IPA's databank (Binet and Field): each 10 points of excess share
    of voice is worth about 0.5 points of market share growth a year. A rule of thumb from award
    entries, not a law."""
    return excess_share_of_voice / 0.10 * per_ten_points


@dataclass(frozen=True)
class SeasonalFit:
    """log(value) = level + growth x years + the month's effect: every year informs every month."""

    growth: float  # annual growth of the trend
    month_effects: pd.Series  # 12 multipliers, averaging 1 (1.45: a month 45% above the trend)
    fitted: pd.Series


def seasonal_regression(monthly: pd.Series) -> SeasonalFit:
    """Fit a log-linear trend and a multiplier for each calendar month to a monthly series by
    least squares: log(value) = the month's level + growth x months since the start / 12.

    Unlike a classical decomposition, which reads each month's effect from the months where its
    moving average exists (one year in two, with two years of data), every observation of a month
    informs its effect, and every month informs the trend."""
    if len(monthly) < 13:
        raise ValueError("a trend and twelve month effects need more than twelve months")
    index = pd.DatetimeIndex(monthly.index)
    elapsed = (index.year - index[0].year) * 12 + (index.month - index[0].month)
    years = np.asarray(elapsed, dtype=float) / 12
    dummies = np.zeros((len(index), 12))
    dummies[np.arange(len(index)), index.month.to_numpy() - 1] = 1.0
    design = np.column_stack([years, dummies])  # the twelve dummies carry the level
    coef, *_ = np.linalg.lstsq(design, np.log(monthly.to_numpy(dtype=float)), rcond=None)
    effects = np.exp(coef[1:] - coef[1:].mean())
    fitted = pd.Series(np.exp(design @ coef), index=monthly.index)
    return SeasonalFit(
        growth=float(np.exp(coef[0]) - 1),
        month_effects=pd.Series(effects, index=range(1, 13)),
        fitted=fitted,
    )
