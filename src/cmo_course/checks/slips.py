"""The Python and pandas slips a spreadsheet user makes, named from the error they cause.

One catalogue, read in two places: under a learner's own cell that raised (the kernel's error
handler in ``checker``) and in a function exercise's check when the learner's function raised
(``exercises.FunctionExercise``). Each entry is a sentence that names the move to make.
"""

from __future__ import annotations

import re

import numpy as np


def python_slip(error: BaseException) -> str:
    """A sentence for the Python slips a spreadsheet user makes, from the error they cause."""
    text = str(error)
    if isinstance(error, TypeError) and "^" in text:
        return (
            " In Python a power is written **: 1.05 ** 3 is 1.05 cubed. ^ is not a power, as it "
            "is in a spreadsheet."
        )
    if isinstance(error, TypeError) and "'str'" in text and ("/" in text or "*" in text):
        return (
            " You are dividing or multiplying text. A column of IDs or names added up with "
            ".sum() joins the text together: count rows with .size() or .count() instead, or "
            "pick a column of numbers."
        )
    if isinstance(error, TypeError) and "'str'" in text and ("+" in text or "-" in text):
        return " One of the values is text (in quotes): numbers must not be in quotes."
    if isinstance(error, ValueError) and "Cannot subset columns with a tuple" in text:
        return (
            " To pick several columns, put their names in a list, inside a second pair of "
            'brackets: df.groupby("platform")[["engagements", "reach"]].sum().'
        )
    if isinstance(error, TypeError) and "can't multiply sequence by non-int" in text:
        return (
            " A plain list does not multiply by a number in Python (a pandas Series does): add "
            "the list up first with sum(...), or turn it into a Series with pd.Series(...)."
        )
    if isinstance(error, TypeError) and "does not support operation" in text:
        return (
            " The table still has a date or text column, which cannot be added up or averaged: "
            'pick the number columns first, as in df.groupby("platform")[["spend", "clicks"]].sum().'
        )
    if isinstance(error, TypeError) and "Cannot perform reduction" in text:
        return (
            " This column holds text, which cannot be added up or averaged: pick a number column."
        )
    if isinstance(error, TypeError) and ("Cannot perform 'rand_'" in text or "'ror_'" in text):
        return (
            " Put each condition of a filter in its own parentheses: "
            '(df["year"] == 2025) & (df["spend"] > 0). Without them, & is worked out first.'
        )
    lengths = re.search(
        r"Length of values \((\d+)\) does not match length of index \((\d+)\)", text
    )
    if isinstance(error, ValueError) and lengths:
        values, rows = lengths.groups()
        return (
            f" The list has {values} items and the table {rows} rows. A list built in a loop with "
            ".append(x) gets x as one item, a whole list of pieces; .extend(x) adds each of its "
            "values, which is what a column needs."
        )
    if isinstance(error, ValueError) and "truth value of a Series is ambiguous" in text:
        return (
            " A column compared with a value gives one True or False per row, so Python's `and`, "
            "`or` and `if` cannot use it: combine conditions with & and | (each in parentheses), "
            "and filter rows with df[condition] instead of an if. Already using &? Then a "
            'condition lacks its parentheses: df["year"] == 2025 & df["spend"] > 0 fails, '
            '(df["year"] == 2025) & (df["spend"] > 0) works.'
        )
    if isinstance(error, AttributeError) and "'Series' object has no attribute" in text:
        if any(f"attribute '{part}'" in text for part in ("year", "month", "day", "quarter")):
            return ' A column of dates reaches its parts through .dt: df["order_date"].dt.year.'
        return (
            " A method name is misspelt, or a column was reached with a dot: use "
            'df["column"] for columns.'
        )
    if isinstance(error, AttributeError) and "'DataFrame' object has no attribute" in text:
        return (
            " That is not a method of a table, or a column was reached with a dot: use "
            'df["column"] for columns, and check the spelling against df.columns.'
        )
    if (
        isinstance(error, KeyError)
        and len(error.args) == 1
        and isinstance(error.args[0], int | np.integer)
        and not isinstance(error.args[0], bool)
    ):
        return (
            f" There is no row (or key) labelled {error.args[0]} here. A pandas Series is looked "
            "up by its rows' labels, not by position: series[0] asks for the row labelled 0, and "
            "a column cut from a table keeps the table's labels, which need not start at 0. Loop "
            "over the values themselves (for x in series:), or take the i-th value by position "
            "with .iloc[i] (series.iloc[0] is the first)."
        )
    if isinstance(error, KeyError) and len(error.args) == 1 and reads_as_sentence(error.args[0]):
        return ""  # the course's own message, which already says what is missing
    if isinstance(error, KeyError) and len(error.args) == 1 and isinstance(error.args[0], str):
        return (
            f" There is no column (or row, or dict key) called {error.args[0]!r} here: check the "
            "spelling against df.columns, and that the table you use still has that column. If "
            "the spelling is right, the brackets may be in the wrong place: a result's key goes "
            'after the closing bracket of the call that makes it, f(x)["key"], not f(x["key"]).'
        )
    return ""


def reads_as_sentence(key: object) -> bool:
    """Is a KeyError's key a sentence (a course function's own message), not a name?"""
    return isinstance(key, str) and (key.rstrip().endswith(".") or ". " in key or "; " in key)
