"""Results kept per content of the columns they read, for the slow steps a lesson and its
checks repeat on the same tables (module 01's cohort join, module 02's session counts).

A result is kept under a key made from the columns it reads, and used again only after a check
that those columns still hold what they held when it was computed:

- a text column held in Arrow, by its Arrow array (immutable: a change to the column gives it
  a new array, and every copy of a loaded table shares the loader's), checked by identity;
- a column of integers or booleans, or of Python strings (pandas' "str" on Python storage,
  as ``customer_id``), by a copy of its values, compared in full before a kept result is used
  (a copy of 525,000 ids compares in about 10 ms; factorizing them takes over 100 ms).

A column of any other kind is not kept: the result is computed afresh every time.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


def column_token(column: pd.Series) -> tuple[object, object] | None:
    """What identifies a column's values (key part, check), or None if nothing cheap does."""
    array = getattr(column.array, "_pa_array", None)
    if array is not None:
        return ("arrow", id(array)), weakref.ref(array)
    if isinstance(column.array, pd.arrays.StringArray):  # Python strings (the "python" storage)
        values = np.asarray(column.array)
        if values.dtype == object:
            return ("text", len(values)), values.copy()
        return None
    values = column.to_numpy()
    if isinstance(column.array, pd.arrays.NumpyExtensionArray) and values.dtype.kind in "iub":
        return ("values", values.dtype.str, len(values)), values.copy()
    return None


def still_same(column: pd.Series, check: object) -> bool:
    """Whether ``column`` still holds what it held when ``check`` was taken of it."""
    if isinstance(check, weakref.ref):
        return check() is getattr(column.array, "_pa_array", None)
    values = np.asarray(column.array) if check.dtype == object else column.to_numpy()
    return values.dtype == check.dtype and np.array_equal(values, check)


def kept(
    store: OrderedDict,
    what: Hashable,
    columns: Sequence[pd.Series],
    compute: Callable[[], T],
    limit: int,
) -> T:
    """``compute()``, which must read nothing but ``columns``, computed once per content of
    those columns (see above) and kept in ``store`` (the ``limit`` most recent results). The
    result is shared: callers copy it, or never change it, before handing it out."""
    tokens = []
    for column in columns:
        token = column_token(column)
        if token is None:
            return compute()
        tokens.append(token)
    key = (what, tuple(part for part, _ in tokens))
    if key in store:
        checks, result = store[key]
        if all(still_same(col, c) for col, c in zip(columns, checks, strict=True)):
            store.move_to_end(key)
            return result
        del store[key]
    result = compute()
    store[key] = ([check for _, check in tokens], result)
    while len(store) > limit:
        store.popitem(last=False)
    return result
