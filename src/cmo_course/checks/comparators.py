"""Comparators: how an answer is compared with the expected value.

Strict about type first (an object whose ``__eq__`` always says yes cannot pass), forgiving
only where the business meaning is the same (float noise, the order of a Series' rows). A
comparator raises ``Mismatch`` with a reason a learner can act on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


class Mismatch(Exception):
    """Raised by a comparator: the answer differs from the expected value. The message says how."""


_INT_TYPES = (int, np.integer)
_REAL_TYPES = (int, float, np.integer, np.floating)


def is_exact_number(value: Any) -> bool:
    """True for plain ints and floats and numpy scalars; False for bool and for subclasses that
    could override comparison (an object whose ``__eq__`` always says yes fails here)."""
    if isinstance(value, bool | np.bool_):
        return False
    kind = type(value)
    return kind in (int, float) or (kind.__module__ == "numpy" and isinstance(value, _REAL_TYPES))


def show_number(value: float) -> str:
    """A number as a person reads it: no scientific notation, sensible decimals."""
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.4g}"


def describe(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {len(value)} rows and columns {list(value.columns)}"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} value{'' if len(value) == 1 else 's'}"
    if is_exact_number(value):
        return show_number(value)
    if isinstance(value, str):
        return f"a str (text: {value[:40]!r})"
    if value is None:
        return "None (no value)"
    if isinstance(value, bool | np.bool_):
        return f"{bool(value)} (a yes/no value, not a number)"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of {value.size} value{'' if value.size == 1 else 's'} (no labels, unlike a pandas Series)"
    for kind, thing in ((list, "item"), (tuple, "item"), (dict, "entry"), (set, "item")):
        if isinstance(value, kind):
            many = thing if len(value) == 1 else thing.replace("y", "ie") + "s"
            return f"a {kind.__name__} of {len(value)} {many}"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def number_shape_hint(answer: Any) -> str:
    """What to do when a number was asked for and the answer is one in another shape: text in
    quotes, a Series or table holding one value (a filtered row), a list of one."""
    if isinstance(answer, str):
        try:
            float(answer.replace(",", ""))
        except ValueError:
            return " It is text, not a number."
        return (
            f" It is text: {answer!r} in quotes is a string to Python. Drop the quotes, or "
            "better, compute the number from the data."
        )
    if isinstance(answer, pd.Series) and len(answer) == 1:
        return (
            " It is a Series holding one value (a filtered row, say): take the number out with "
            ".iloc[0], or add it up with .sum()."
        )
    if isinstance(answer, pd.Series) and len(answer) > 1:
        return (
            f" It holds one value per {answer.index.name or 'row (or column)'} of a table: "
            "a single number is asked. Add them up first (.sum(), or .sum(axis=1) to add across "
            "columns, then .sum() again), or pick the one you need with .loc[...]."
        )
    if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        return " It is a table with one cell: take the number out with .iloc[0, 0]."
    if isinstance(answer, dict):
        return (
            " A dict holds several results, each under a name: read the one you need by its "
            'key, after the closing bracket of the call that made it: result["key"].'
        )
    if isinstance(answer, list | tuple | np.ndarray) and np.size(answer) == 1:
        return " It is a list (or array) of one value: take the number out with [0]."
    return ""


class Comparator:
    """Compares an answer with the expected value; raises Mismatch with a reason if they differ."""

    def compare(self, answer: Any, expected: Any) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def same(self, answer: Any, expected: Any) -> bool:
        try:
            self.compare(answer, expected)
        except Mismatch:
            return False
        except Exception:  # a comparison that blows up is not a match
            return False
        return True


@dataclass(frozen=True)
class Number(Comparator):
    """A single number. ``integer`` demands an exact whole number (counts)."""

    rel_tol: float = 1e-6
    abs_tol: float = 1e-9
    integer: bool = False
    what: str = "a number"

    def compare(self, answer: Any, expected: Any) -> None:
        if not is_exact_number(answer):
            raise Mismatch(
                f"Your answer should be {self.what}; it is {describe(answer)}."
                + number_shape_hint(answer)
            )
        value = float(answer)
        if math.isnan(value):
            raise Mismatch(
                "Your answer is NaN (not a number): a division by zero or an empty selection?"
            )
        if self.integer:
            if not value.is_integer() or int(value) != int(expected):
                raise Mismatch("The count is not right.")
            return
        if not math.isclose(value, float(expected), rel_tol=self.rel_tol, abs_tol=self.abs_tol):
            raise Mismatch("The number is not right.")


@dataclass(frozen=True)
class OptionalInt(Comparator):
    """A whole number, or None when the answer is 'never'."""

    what: str = "a whole number (or None)"

    def compare(self, answer: Any, expected: Any) -> None:
        if expected is None:
            if answer is not None:
                raise Mismatch(f"Expected None here, got {describe(answer)}.")
            return
        if answer is None:
            raise Mismatch("Your answer is None, but there is a month that works.")
        if not (is_exact_number(answer) and isinstance(answer, _INT_TYPES)):
            raise Mismatch(
                f"Your answer should be {self.what}; it is {describe(answer)}."
                + number_shape_hint(answer)
            )
        if int(answer) != int(expected):
            raise Mismatch("The month is not right.")


@dataclass(frozen=True)
class Choice(Comparator):
    """One of a fixed set of text answers."""

    choices: tuple[str, ...]

    def compare(self, answer: Any, expected: Any) -> None:
        if type(answer) is not str:
            what = describe(answer)
            if is_exact_number(answer):
                what = f"the number {what}: write the option's words, in quotes"
            raise Mismatch(
                f"Your answer should be one of {list(self.choices)} (text); it is {what}."
            )
        # the option as written, whatever the learner's capitals ("Two-year contribution")
        chosen = next((c for c in self.choices if c.casefold() == answer.strip().casefold()), None)
        if chosen is None:
            raise Mismatch(f"{answer!r} is not one of the options: {list(self.choices)}.")
        if chosen != expected:
            raise Mismatch("That is not the one.")


@dataclass(frozen=True)
class SeriesOf(Comparator):
    """A pandas Series of numbers indexed by labels (order of rows does not matter)."""

    index_what: str = "label"
    rel_tol: float = 1e-6
    unexpected: str = ""  # what labels that should not be there usually mean, and the fix

    def compare(self, answer: Any, expected: pd.Series) -> None:
        if type(answer) is not pd.Series:
            hint = ""
            if isinstance(answer, pd.DataFrame):
                hint = " Select the one column you need, e.g. table['column']."
            raise Mismatch(
                f"Your answer should be a pandas Series indexed by {self.index_what}; "
                f"it is {describe(answer)}.{hint}"
            )
        got = sorted(map(str, answer.index))
        want = sorted(map(str, expected.index))
        if got != want:
            missing = sorted(set(want) - set(got))
            extra = sorted(set(got) - set(want))
            parts = []
            if missing:
                parts.append(f"missing {missing}")
            if extra:
                parts.append(f"unexpected {extra}")
            why = f" {self.unexpected}" if extra and self.unexpected else ""
            raise Mismatch(
                f"Your Series should have one value per {self.index_what}: "
                f"{', '.join(parts) or 'labels differ'}.{why}"
            )
        if not pd.api.types.is_numeric_dtype(answer) and any(
            isinstance(item, pd.Series | pd.DataFrame | np.ndarray) for item in answer
        ):
            raise Mismatch(
                "Each value of your Series should be one number; yours are whole Series (or "
                "tables). A loop that hands a whole column to a function gives this: inside the "
                "loop, pass the value for that label only, e.g. column[label] (or .loc[label])."
            )
        if not pd.api.types.is_numeric_dtype(answer) or pd.api.types.is_bool_dtype(answer):
            held = (
                "true/false values"
                if pd.api.types.is_bool_dtype(answer)
                else "text or other objects"
            )
            raise Mismatch(
                f"Your Series should hold numbers; it holds {held}. Check that each value is a "
                "single number (a sum or a rate), not a label, a list or a table."
            )
        a = answer.copy()
        a.index = a.index.map(str)
        e = expected.copy()
        e.index = e.index.map(str)
        a = a.sort_index().astype(float)
        e = e.sort_index().astype(float)
        unexpected_gaps = a.isna() & ~e.isna()
        if unexpected_gaps.any():
            raise Mismatch(f"Your Series has missing values for {list(a.index[unexpected_gaps])}.")
        if not np.allclose(
            a.to_numpy(), e.to_numpy(), rtol=self.rel_tol, atol=1e-12, equal_nan=True
        ):
            raise Mismatch("Some values are not right.")


@dataclass(frozen=True)
class Numbers(Comparator):
    """A sequence of numbers in order (a list, a NumPy array or a pandas Series), e.g. one
    value a week."""

    what: str = "week"
    rel_tol: float = 1e-6

    def compare(self, answer: Any, expected: Any) -> None:
        if isinstance(answer, str | bytes | dict) or not hasattr(answer, "__len__"):
            one = ""
            if is_exact_number(answer):  # a loop's running total, returned after the loop
                one = (
                    f" One number where one per {self.what} is asked is what a loop gives when "
                    "it returns only its last value: start an empty list before the loop "
                    "(out = []), add each value inside it (out.append(...)) and return the list."
                )
            raise Mismatch(
                f"Your answer should be a list (or array) of numbers, one per {self.what}; "
                f"it is {describe(answer)}.{one}"
            )
        try:
            got = np.asarray(list(answer), dtype=float)
        except (TypeError, ValueError):
            raise Mismatch("Every item of your list should be a number.") from None
        want = np.asarray(list(expected), dtype=float)
        if got.shape != want.shape:
            raise Mismatch(
                f"Your answer has {len(got)} values; it should have {len(want)}, one per {self.what}."
            )
        if np.isnan(got).any():
            raise Mismatch("Some of your values are NaN (not a number).")
        if not np.allclose(got, want, rtol=self.rel_tol, atol=1e-9):
            first = int(np.argmax(~np.isclose(got, want, rtol=self.rel_tol, atol=1e-9)))
            # the course counts weeks and months from 0, the first one
            where = (
                f"the first {self.what} ({self.what} 0)"
                if first == 0
                else f"{self.what} {first} (counting the first as {self.what} 0)"
            )
            raise Mismatch(f"The values differ from {where} on (yours: {show_number(got[first])}).")


@dataclass(frozen=True)
class Frame(Comparator):
    """A pandas DataFrame with given columns, indexed by labels; ``ordered`` checks row order."""

    columns: tuple[str, ...]
    index_what: str = "row"
    index_column: str | None = None  # the column that belongs in the index, e.g. "channel"
    ordered: bool = False
    order_message: str = "The numbers are right, but the rows are not in the order asked for."
    # rows out of order and values wrong: usually the one causes the other (a rate computed
    # from the row before), so the order is what to fix first
    disorder_message: str = (
        "The rows are not in the order asked for, and some values are off: fix the order first."
    )
    rel_tol: float = 1e-6
    # when set, the table must have no other columns, and this says why (after the extra ones)
    only_columns: str = ""

    def compare(self, answer: Any, expected: pd.DataFrame) -> None:
        if type(answer) is not pd.DataFrame:
            raise Mismatch(f"Your answer should be a pandas DataFrame; it is {describe(answer)}.")
        missing = [c for c in self.columns if c not in answer.columns]
        if missing:
            raise Mismatch(
                f"Your table needs the columns {list(self.columns)}. Missing: {missing}. "
                f"It has: {list(answer.columns)}."
            )
        extra = [
            str(c) for c in answer.columns if c not in self.columns and c not in expected.columns
        ]
        if self.only_columns and extra:
            raise Mismatch(f"Your table has columns it should not: {extra}. {self.only_columns}")
        got = list(map(str, answer.index))
        want = list(map(str, expected.index))
        if sorted(got) != sorted(want):
            if self.index_column and self.index_column in answer.columns:
                raise Mismatch(
                    f"Put the {self.index_column} in the index, not in a column: "
                    f"table.set_index('{self.index_column}') (a groupby('{self.index_column}') does this for you)."
                )
            raise Mismatch(
                f"Your table should have one row per {self.index_what} ({len(want)} rows) "
                f"with the {self.index_what} as the index; it has {len(got)} rows "
                f"indexed by {got[:4]}{'...' if len(got) > 4 else ''}."
            )
        a = answer[list(self.columns)].copy()
        a.index = a.index.map(str)
        e = expected[list(self.columns)].copy()
        e.index = e.index.map(str)
        out_of_order = self.ordered and got != want
        try:
            pd.testing.assert_frame_equal(
                a.loc[want].astype(float),
                e.astype(float),
                check_exact=False,
                rtol=self.rel_tol,
                check_names=False,
                check_index_type=False,
                check_column_type=False,
            )
        except AssertionError:
            if out_of_order:
                raise Mismatch(self.disorder_message) from None
            bad = [
                c
                for c in self.columns
                if not np.allclose(
                    a.loc[want, c].astype(float), e[c].astype(float), rtol=self.rel_tol
                )
            ]
            raise Mismatch(f"The values in {bad} are not right.") from None
        except (TypeError, ValueError):
            raise Mismatch("Every column should hold numbers.") from None
        if out_of_order:
            raise Mismatch(self.order_message)
