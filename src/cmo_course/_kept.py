"""Results kept per content of the columns they read, for the slow steps a lesson and its
checks repeat on the same tables (module 01's cohort join and margins, module 02's session counts).

A result is kept under a key made from the columns it reads, and used again only after a check
that those columns still hold what they held when it was computed:

- a text column held in Arrow, by its Arrow array (immutable: a change to the column gives it
  a new array, and every copy of a loaded table shares the loader's), checked by identity;
- a column of integers or booleans, or of Python strings (pandas' "str" on Python storage,
  as ``customer_id``), by a copy of its values, compared in full before a kept result is used
  (a copy of 525,000 ids compares in about 10 ms; factorizing them takes over 100 ms);
- a column of floats, by a copy compared bit for bit (any change counts, even 0.0 to -0.0);
  a column of datetimes or timedeltas, by a copy of its int64 view (NaT included).

A column of any other kind is not kept: the result is computed afresh every time. A kept
result is checked without copying anything; the copies are taken only when a result is kept.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


def _contents(column: pd.Series) -> tuple[tuple, object] | None:
    """What identifies a column's values (key part, the values or their Arrow array), read
    without a copy, or None if nothing cheap does."""
    if not isinstance(column, pd.Series):  # a name the table repeats selects a table
        return None
    array = column.array
    arrow = getattr(array, "_pa_array", None)
    if arrow is not None:
        return ("arrow", id(arrow)), arrow
    if isinstance(array, pd.arrays.StringArray):  # Python strings (the "python" storage)
        values = np.asarray(array)
        return (("text", len(values)), values) if values.dtype == object else None
    if isinstance(array, pd.arrays.DatetimeArray | pd.arrays.TimedeltaArray):
        values = array.asi8  # their int64 view (NaT included), compared as integers
    elif isinstance(array, pd.arrays.NumpyExtensionArray):
        values = array.to_numpy()
        if values.dtype.kind == "f":  # compared bit for bit, as integers
            values = values.view(f"i{values.dtype.itemsize}")
        elif values.dtype.kind not in "iub":
            return None
    else:
        return None
    return ("values", str(column.dtype), len(values)), values


# The copies are shared by every result kept of the same values: a lesson keeps several results
# of one table, and each would otherwise hold its own copy of the same columns. Copies are
# found by their kind, length and a sample of their values, then compared in full.
_COPIES: dict[tuple, list[weakref.ref]] = {}


# Within one call of ``kept`` (and the calls its computation makes: a cohort curve looks up its
# customer rows), values found equal to a copy are not compared with it again: nothing can
# change them before the call returns. Forgotten when the outermost call returns.
_SEEN: dict[int, tuple[np.ndarray, np.ndarray]] = {}
_DEPTH = [0]


def _check_of(part: tuple, values: object) -> object:
    """What ``_same`` compares a column with later: an Arrow array by a weak reference to it,
    any other values by a copy of them (one read-only copy per distinct content)."""
    if not isinstance(values, np.ndarray):
        return weakref.ref(values)
    seen = _SEEN.get(id(values))
    if seen is not None and seen[0] is values:
        return seen[1]
    sample = (part, tuple(values[:: max(1, len(values) // 16)].tolist()))
    alive = [ref for ref in _COPIES.get(sample, []) if ref() is not None]
    for ref in alive:
        copy = ref()
        if copy is not None and _same(values, copy):
            _COPIES[sample] = alive
            return copy
    copy = values.copy()
    copy.flags.writeable = False
    _COPIES[sample] = [*alive, weakref.ref(copy)]
    _SEEN[id(values)] = (values, copy)
    return copy


def _same(values: object, check: object) -> bool:
    if isinstance(check, weakref.ref):
        return check() is values
    if not isinstance(values, np.ndarray):
        return False
    seen = _SEEN.get(id(values))
    if seen is not None and seen[0] is values and seen[1] is check:
        return True
    if values.dtype == check.dtype and np.array_equal(values, check):
        _SEEN[id(values)] = (values, check)
        return True
    return False


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
    _DEPTH[0] += 1
    try:
        return _kept(store, what, columns, compute, limit)
    finally:
        _DEPTH[0] -= 1
        if not _DEPTH[0]:
            _SEEN.clear()


def _kept(store, what, columns, compute, limit):
    contents = []
    for column in columns:
        found = _contents(column)
        if found is None:
            return compute()
        contents.append(found)
    key = (what, tuple(part for part, _ in contents))
    try:
        hash(key)
    except TypeError:  # an argument that cannot be told apart from another
        return compute()
    if key in store:
        checks, result = store[key]
        if all(_same(values, c) for (_, values), c in zip(contents, checks, strict=True)):
            store.move_to_end(key)
            return result
        del store[key]
    result = compute()
    # the copies are taken now, of the values the result was computed from
    store[key] = ([_check_of(part, values) for part, values in contents], result)
    while len(store) > limit:
        store.popitem(last=False)
    return result


def distinct_codes(frame: pd.DataFrame, columns: Sequence[str], codes=None) -> np.ndarray:
    """One integer per distinct combination of ``columns`` of ``frame`` (and of ``codes``, if
    given: themselves from ``distinct_codes``), numbered 0, 1, ... in the order they first appear. Values are told apart as
    drop_duplicates tells them (a missing value is a value, equal to every other missing)."""
    if not columns and codes is not None:
        return codes  # numbered as they first appear already
    combined, size = (None, 1) if codes is None else (codes, len(codes) + 1)
    for name in columns:
        part, width = _integers_as_codes(frame[name])
        if part is None:
            part, uniques = pd.factorize(frame[name])
            part, width = part.astype(np.int64, copy=False) + 1, len(uniques) + 1  # missing: 0
        if combined is not None and size * width >= 2**62:  # renumber: no overflow
            combined, size = pd.factorize(combined)[0].astype(np.int64, copy=False), len(frame)
        combined = part if combined is None else combined * width + part
        size *= width
    codes = pd.factorize(combined)[0].astype(np.int64, copy=False)
    codes.flags.writeable = False  # may be kept and shared
    return codes


def _integers_as_codes(column) -> tuple[np.ndarray | None, int]:
    """A column of numpy integers (which cannot be missing) told apart by their distance from
    the smallest, 0 ... width - 1, without hashing them, if the width is small enough to
    combine; else (None, 0). The final numbering (as they first appear) is the same."""
    if not isinstance(column, pd.Series) or column.dtype.kind != "i" or not len(column):
        return None, 0
    values = column.to_numpy()
    low, high = int(values.min()), int(values.max())
    width = high - low + 1
    if width > 4 * len(values) + 2**20:  # sparse ids: hashing them is cheaper than the span
        return None, 0
    return values.astype(np.int64, copy=False) - low, width


def first_of_each(codes: np.ndarray) -> np.ndarray:
    """Whether each row is the first of its number in ``distinct_codes`` (the rows
    drop_duplicates keeps): numbered as they first appear, a first is where the numbers rise."""
    highest = np.maximum.accumulate(codes)
    return np.concatenate([[True], highest[1:] > highest[:-1]])[: len(codes)]
