"""Friendly input checks shared by the domain models."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


class ColumnsError(ValueError):
    """A table is missing columns a calculation needs."""


def require_columns(frame: object, needed: Iterable[str], what: str) -> None:
    """Raise a clear error if ``frame`` is not a DataFrame with every column in ``needed``.

    ``what`` names the calculation in the message, e.g. "contribution margin".
    """
    needed = list(needed)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"{what} needs a pandas DataFrame with columns {', '.join(needed)}; "
            f"got a {type(frame).__name__}."
        )
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ColumnsError(
            f"{what} needs the columns {', '.join(needed)}. "
            f"Missing: {', '.join(missing)}. The table has: {', '.join(map(str, frame.columns))}."
        )


def require_fraction(value: float, name: str, *, allow_one: bool = True) -> None:
    """Raise a clear error unless ``value`` is a fraction between 0 and 1."""
    upper_ok = value <= 1 if allow_one else value < 1
    if not (0 <= value and upper_ok):
        hint = " (give 0.12 for 12%)" if value > 1 else ""
        raise ValueError(f"{name} must be a fraction between 0 and 1{hint}; got {value!r}.")
