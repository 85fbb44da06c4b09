"""A plan's lines and quarters: the lines no curve prices, a year split into quarters and months
to the cent, and last year's lines by quarter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .model import PlanModel

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
# The marketing lines that no response curve prices: people, tools, content and the making of
# TV ads. A plan carries them as fixed lines, and a CMO questions each of them.
FIXED_LINES = (
    "marketing_team",
    "martech",
    "creators",
    "social_content",
    "agency_fees",
    "tv_production",
)


def phase(amount: float, weights: Sequence[float]) -> np.ndarray:
    """Split an amount (a year's, a quarter's) over periods in proportion to ``weights``, to the
    cent, so that the periods add up to the amount exactly."""
    w = np.asarray(weights, dtype=float)
    if np.any(w < 0) or w.sum() == 0:
        raise ValueError("phasing weights must be non-negative and not all zero")
    cents = int(round(amount * 100))
    raw = w / w.sum() * cents
    parts = np.floor(raw).astype(np.int64)
    remainder = cents - int(parts.sum())
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[:remainder]] += 1
    return parts / 100.0


def quarterly(monthly: pd.DataFrame) -> pd.DataFrame:
    """A plan by month (rows, dated) and line (columns) as a table by line (rows) and quarter
    (columns Q1 to Q4)."""
    index = pd.DatetimeIndex(monthly.index)
    by_quarter = monthly.groupby(index.quarter).sum().T
    by_quarter.columns = [f"Q{q}" for q in by_quarter.columns]
    return by_quarter.reindex(columns=list(QUARTERS), fill_value=0.0)


def month_weights(model: PlanModel, lines: Sequence[str]) -> pd.DataFrame:
    """Weights to phase a plan by quarter into months, by month (rows) and line (columns): each
    consumer channel's months where the model funds it (``best_budget``: each month's money
    where its next dollar returns 1), so a quarter is split as the model's optimum splits it;
    equal months for the other lines (LinkedIn, the fixed lines) and for a channel's quarter
    where the model funds nothing."""
    best = model.best_budget()
    weights = pd.DataFrame(1.0, index=model.months, columns=list(lines))
    quarter = pd.DatetimeIndex(model.months).quarter
    for line in weights.columns:
        if line not in best.columns:
            continue
        for q in range(1, 5):
            months = best.loc[quarter == q, line]
            if months.sum() > 0:
                weights.loc[quarter == q, line] = months.to_numpy()
    return weights


def last_year_lines(spend: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """Every marketing line's actual spend in ``year``, by line (rows) and quarter (columns)."""
    in_year = spend[spend["month"].dt.year == year]
    monthly = in_year.pivot(index="month", columns="channel", values="actual")
    return quarterly(monthly.fillna(0.0))
