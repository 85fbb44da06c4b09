"""Results kept per content of the columns they read (cmo_course._kept): the same values as the
plain computation, on the shipped data and on edited copies, and never a stale one."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd
import pytest

from cmo_course import _kept, datasets, finance, funnels
from cmo_course.finance import lifetime, margins

# --------------------------------------------------------------------------------------------
# The keeping itself
# --------------------------------------------------------------------------------------------


def _counting(store, column):
    calls = []

    def compute():
        calls.append(1)
        return float(column.sum()) if column.dtype.kind in "fiub" else len(column)

    return lambda: _kept.kept(store, "what", [column], compute, 4), calls


@pytest.mark.parametrize(
    "column, change",
    [
        (pd.Series([0.0, 1.5, np.nan]), lambda s: s.__setitem__(0, -0.0)),  # equal, not the same
        (pd.Series([0.0, 1.5, np.nan]), lambda s: s.__setitem__(2, 1.0)),
        (pd.Series([1.0, 2.0, 3.0], dtype="float32"), lambda s: s.__setitem__(1, 2.5)),
        (pd.Series([1, 2, 3]), lambda s: s.__setitem__(1, 7)),
        (
            pd.Series(pd.to_datetime(["2024-01-01", None, "2024-03-01"])),
            lambda s: s.__setitem__(1, s[0]),
        ),
        (pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"])), lambda s: s.__setitem__(0, s[1])),
        (pd.Series(pd.to_timedelta([1, 2], "D")), lambda s: s.__setitem__(0, pd.Timedelta(days=5))),
        (
            pd.Series(["a", "b"], dtype=pd.StringDtype("python", np.nan)),
            lambda s: s.__setitem__(0, "c"),
        ),
        (
            pd.Series(["a", "b"], dtype=pd.StringDtype("pyarrow", np.nan)),
            lambda s: s.__setitem__(0, "c"),
        ),
    ],
)
def test_a_kept_result_is_used_only_while_its_columns_hold_the_same_values(column, change):
    store: OrderedDict = OrderedDict()
    call, calls = _counting(store, column)
    first = call()
    assert call() == first and len(calls) == 1  # kept
    change(column)
    call()
    assert len(calls) == 2  # the column changed in place: computed afresh
    call()
    assert len(calls) == 2


def test_columns_of_other_kinds_are_computed_afresh_every_time():
    store: OrderedDict = OrderedDict()
    call, calls = _counting(store, pd.Series(["a", 1], dtype=object))
    call(), call()
    assert len(calls) == 2 and not store


def test_one_copy_of_a_column_is_kept_for_every_result_that_reads_it():
    values = pd.Series(np.arange(1000) / 7)
    first, second = OrderedDict(), OrderedDict()
    _kept.kept(first, "sum", [values], values.sum, 4)
    _kept.kept(second, "max", [values.copy()], values.max, 4)
    (check_one,), _ = first[next(iter(first))]
    (check_two,), _ = second[next(iter(second))]
    assert check_one is check_two and not check_one.flags.writeable


def test_values_found_equal_are_trusted_only_until_the_outermost_call_returns():
    ids = pd.Series(["a", "b", "c"], dtype=pd.StringDtype("python", np.nan))
    store: OrderedDict = OrderedDict()
    inner = lambda: _kept.kept(store, "inner", [ids], lambda: list(ids), 4)  # noqa: E731
    assert _kept.kept(store, "outer", [ids], inner, 4) == ["a", "b", "c"]
    assert _kept._SEEN == {} and _kept._DEPTH == [0]
    ids.iloc[0] = "z"  # changed between calls: both are computed afresh
    assert _kept.kept(store, "outer", [ids], inner, 4) == ["z", "b", "c"]

    def fails():
        raise ValueError

    with pytest.raises(ValueError):
        _kept.kept(store, "fails", [ids], fails, 4)
    assert _kept._SEEN == {} and _kept._DEPTH == [0] and ("fails", (("text", 3),)) not in store


def _by_drop_duplicates(frame, columns):
    return ~frame[list(columns)].duplicated().to_numpy()


def test_distinct_codes_keep_the_rows_drop_duplicates_keeps():
    rng = np.random.default_rng(3)
    n = 5000
    users = rng.choice(["u1", "u2", "u3", None], n)
    frame = pd.DataFrame(
        {
            "arrow": pd.array(users, dtype=pd.StringDtype("pyarrow", np.nan)),
            "python": pd.array(users[::-1], dtype=pd.StringDtype("python", np.nan)),
            "number": rng.integers(0, 50, n),
            "float": rng.choice([0.0, -0.0, 1.5, np.nan], n),
            "mixed": pd.Series(rng.choice(["x", 1, None], n), dtype=object),
            "date": pd.to_datetime(rng.choice(["2024-01-01", "2024-01-02", None], n)),
        }
    )
    for columns in [
        ["arrow", "number"],
        ["arrow", "number", "float"],
        ["python", "mixed", "date"],
        ["number"],
        list(frame.columns),
    ]:
        codes = _kept.distinct_codes(frame, columns)
        assert np.array_equal(_kept.first_of_each(codes), _by_drop_duplicates(frame, columns))
        # built in two steps, from kept codes of the first columns, they are the same rows
        twice = _kept.distinct_codes(frame, columns[1:], _kept.distinct_codes(frame, columns[:1]))
        assert np.array_equal(_kept.first_of_each(twice), _by_drop_duplicates(frame, columns))
    empty = frame.iloc[:0]
    assert len(_kept.first_of_each(_kept.distinct_codes(empty, ["arrow", "number"]))) == 0


def test_distinct_codes_of_integers_by_their_span_are_the_codes_by_hashing():
    """Integers told apart by their distance from the smallest (not hashed) number the rows as
    hashing them does, whatever their span, sign or width, and with other columns."""
    rng = np.random.default_rng(5)
    n = 4000
    frame = pd.DataFrame(
        {
            "near": rng.integers(1_759_730_400, 1_759_740_400, n),  # session ids: a week's span
            "negative": rng.integers(-30, 30, n).astype(np.int8),
            "sparse": rng.choice([-(2**62), 0, 2**62], n),  # a span too wide: hashed
            "wide": rng.integers(0, 2**40, n) * rng.integers(0, 2, n),  # a product past 2**62
            "text": pd.array(rng.choice(["a", "b", None], n), dtype=pd.StringDtype("pyarrow")),
            "flag": rng.integers(0, 2, n).astype(bool),
        }
    )
    for columns in [
        ["near"],
        ["text", "near"],
        ["negative", "near", "text"],
        ["sparse", "near"],
        ["wide", "near", "negative"],
        ["flag", "near"],
    ]:
        codes = _kept.distinct_codes(frame, columns)
        hashed, _ = pd.factorize(pd.MultiIndex.from_frame(frame[columns]))
        assert np.array_equal(codes, hashed), columns
        assert np.array_equal(_kept.first_of_each(codes), _by_drop_duplicates(frame, columns))
    empty = frame.iloc[:0]
    assert len(_kept.distinct_codes(empty, ["near", "text"])) == 0


# --------------------------------------------------------------------------------------------
# Module 01: the margins and the cohort curve
# --------------------------------------------------------------------------------------------


def _plain_online(orders, year):
    return margins._online(orders, year)


def _plain_first(orders, customers, year):
    """The first-order margin as it was first written: a join of each customer's earliest order."""
    earliest = orders.sort_values("order_date", kind="stable").drop_duplicates("customer_id")
    if year is not None:
        earliest = earliest[earliest["order_date"].dt.year == year]
    joined = earliest.merge(
        customers[["customer_id", "first_order_date"]], on="customer_id", how="inner"
    )
    first = joined[
        (joined["order_date"] == joined["first_order_date"]) & (joined["sales_channel"] == "online")
    ]
    if first.empty:
        raise ValueError("there are no first online orders to measure")
    return float(finance.order_contribution(first).sum() / first["revenue"].sum())


def _outcome(function, *args):
    try:
        return function(*args)
    except ValueError as error:
        return str(error)


@pytest.mark.parametrize("seed, storage", [(1, "python"), (2, "pyarrow")])
def test_the_first_order_margin_found_by_customer_rows_is_the_joins(seed, storage):
    from tests.test_finance import _random_tables

    orders, customers = _random_tables(seed, storage)
    rng = np.random.default_rng(seed)
    orders["sales_channel"] = rng.choice(["online", "retail"], len(orders))
    # a first order on each customer's first day for some, and undated orders (sorted last)
    first_day = orders["customer_id"].map(customers.set_index("customer_id")["first_order_date"])
    on_first = rng.random(len(orders)) < 0.3
    orders.loc[on_first, "order_date"] = first_day[on_first].fillna(orders["order_date"])
    orders.loc[orders.index[::17], "order_date"] = pd.NaT
    repeated = pd.concat([customers, customers.iloc[:50]])
    missing = orders.copy()
    missing.loc[missing.index[:30], "customer_id"] = np.nan
    tables = [(orders, customers), (orders, repeated), (missing, customers)]
    tables.append((orders.astype({"customer_id": object}), customers))
    for o, c in tables:  # ids that cannot be looked up by are joined as before
        for year in (2023, 2024, 2025, None):
            got = _outcome(finance.first_order_margin, o, c, year)
            assert got == _outcome(_plain_first, o, c, year)
            assert isinstance(got, float) or year == 2023


@pytest.fixture(scope="module")
def tables():
    return datasets.load("orders"), datasets.load("customers")


def _edits():
    def revenue(o, c):  # a float changed in place
        o.loc[o.index[o["sales_channel"] == "online"][:500], "revenue"] *= 1.5

    def zero_sign(o, c):  # floats whose bits change, not their value: 0.0 to -0.0
        o.loc[o.index[o["refund"] == 0][:1000], "refund"] = -0.0

    def dates(o, c):  # orders moved a year
        o.loc[o.index[::7], "order_date"] -= pd.Timedelta(days=365)

    def first_dates(o, c):
        c.loc[c.index[::5], "first_order_date"] += pd.Timedelta(days=1)

    def channel(o, c):
        o.loc[o.index[::11], "sales_channel"] = "online"

    def ids(o, c):
        o.loc[o.index[::13], "customer_id"] = c["customer_id"].iloc[0]

    return [revenue, zero_sign, dates, first_dates, channel, ids]


def test_the_kept_margins_are_the_plain_ones_on_the_data_and_on_edited_copies(tables):
    orders, customers = tables[0].copy(), tables[1].copy()
    for year in (2024, 2025, None):
        assert finance.online_margin(orders, year) == _plain_online(orders, year)
        assert finance.first_order_margin(orders, customers, year) == _plain_first(
            orders, customers, year
        )
    kept = len(margins._MARGINS)
    finance.online_margin(orders.copy(), 2025), finance.first_order_margin(orders, customers, 2025)
    assert len(margins._MARGINS) == kept  # found kept
    for edit in _edits():
        edit(orders, customers)
        for year in (2025, None):
            assert finance.online_margin(orders, year) == _plain_online(orders, year), edit
            plain = _plain_first(orders, customers, year)
            assert finance.first_order_margin(orders, customers, year) == plain, edit


def test_a_margin_of_a_table_whose_names_would_clash_is_computed_as_it_always_was(tables):
    orders, customers = tables
    joined = orders.merge(customers[["customer_id", "first_order_date"]], on="customer_id")
    with pytest.raises(KeyError):  # the join names first_order_date twice, as it always did
        finance.first_order_margin(joined, customers, 2025)
    twice = pd.concat([orders[["revenue"]], orders], axis=1)
    with pytest.raises(Exception):  # noqa: B017 - whatever pandas makes of a repeated name
        _plain_online(twice, 2025)
    with pytest.raises(Exception):  # noqa: B017
        finance.online_margin(twice, 2025)


def _plain_curve(orders, customers, *args):
    start, end, horizon, *channels = args
    channels = channels[0] if channels else None
    return lifetime._cohort_curve(
        orders, customers, pd.Timestamp(start), pd.Timestamp(end), horizon, channels
    )


def test_the_kept_cohort_curve_is_the_plain_one_after_every_edit(tables):
    orders, customers = tables[0].copy(), tables[1].copy()
    args = [("2024-01-01", "2024-12-31", 24), ("2024-01-01", "2024-12-31", 12, ["email"])]
    for edit in [lambda o, c: None, *_edits()]:
        edit(orders, customers)
        for arg in args:
            got = finance.cohort_contribution_curve(orders, customers, *arg)
            pd.testing.assert_frame_equal(
                got, _plain_curve(orders, customers, *arg), check_exact=True
            )
    got.iloc[:, :] = 0  # a caller's change to its curve stays its own
    again = finance.cohort_contribution_curve(orders, customers, *args[1])
    pd.testing.assert_frame_equal(
        again, _plain_curve(orders, customers, *args[1]), check_exact=True
    )


# --------------------------------------------------------------------------------------------
# Module 02: seasonal weeks, the repeat rate and the session counts
# --------------------------------------------------------------------------------------------


def test_the_kept_seasonal_weeks_are_the_plain_ones_after_every_edit(tables):
    orders = tables[0].copy()
    days = ("2025-10-06", "2025-10-12")
    plain = lambda: funnels._seasonal_weeks(  # noqa: E731
        orders, pd.Timestamp(days[0]), pd.Timestamp(days[1])
    )
    assert funnels.seasonal_weeks(orders, *days) == plain()
    for edit in _edits():
        edit(orders, tables[1].copy())
        assert funnels.seasonal_weeks(orders, *days) == plain(), edit


def _plain_repeat(orders, customers, year, within_days=365):
    """repeat_rate and repeat_rate_by as they were first written: a join with the cohort."""
    cohort = customers[customers["first_order_date"].dt.year == year]
    joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
    later = joined[
        (joined["order_date"] > joined["first_order_date"])
        & (joined["order_date"] <= joined["first_order_date"] + pd.Timedelta(days=within_days))
    ]
    came_back = cohort["customer_id"].isin(later["customer_id"])
    by = came_back.groupby(cohort["acquisition_channel"]).mean().rename("repeat_rate")
    return later["customer_id"].nunique() / len(cohort), by


def _same_repeat(orders, customers, year, within_days=365):
    rate, by = _plain_repeat(orders, customers, year, within_days)
    got = funnels.repeat_rate(orders, customers, year, within_days)
    assert got == rate and type(got) is type(rate)
    got_by = funnels.repeat_rate_by(orders, customers, year, within_days=within_days)
    pd.testing.assert_series_equal(got_by, by, check_exact=True)


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_text_ids_looked_up_by_arrow_are_where_get_indexer_finds_them(storage):
    text = pd.StringDtype(storage, np.nan)
    customers = pd.Series(["c1", "é", "", "c10", "c2"], dtype=text)
    orders = pd.Series(["c2", "x", "", "é", "c1", "c2", "c10 "], dtype=text)
    rows = lifetime._find_customer_rows(orders, customers)
    assert rows.dtype == np.intp and not rows.flags.writeable
    assert np.array_equal(rows, pd.Index(customers).get_indexer(orders))
    assert np.array_equal(lifetime._text_rows(orders.iloc[:0], customers), np.array([], np.intp))
    if storage == "pyarrow":
        return  # Arrow text holds no lone surrogate
    # a lone surrogate cannot go to Arrow: pandas looks it up, as before
    odd = pd.Series(["\ud800", "c1"], dtype="object").astype(pd.StringDtype("python", np.nan))
    assert lifetime._text_rows(odd, customers) is None
    assert np.array_equal(
        lifetime._find_customer_rows(odd, customers), pd.Index(customers).get_indexer(odd)
    )


def test_the_repeat_rate_by_customer_rows_is_the_joins_on_the_data_and_edits(tables):
    orders, customers = tables[0].copy(), tables[1].copy()
    for year, within in [(2024, 365), (2024, 30), (2025, 90)]:
        _same_repeat(orders, customers, year, within)
    for edit in _edits():
        edit(orders, customers)
        _same_repeat(orders, customers, 2024)
    wide = orders.merge(customers[["customer_id", "first_order_date"]], on="customer_id")
    with pytest.raises(KeyError):  # as before: the join names first_order_date twice
        funnels.repeat_rate(wide, customers, 2024)


@pytest.mark.parametrize("seed, storage", [(4, "python"), (5, "pyarrow")])
def test_the_repeat_rate_of_ids_that_are_no_key_is_joined_as_before(seed, storage):
    from tests.test_finance import _random_tables

    orders, customers = _random_tables(seed, storage)
    missing = orders.copy()
    missing.loc[missing.index[:30], "customer_id"] = np.nan
    undated = orders.copy()
    undated.loc[undated.index[::9], "order_date"] = pd.NaT
    repeated = pd.concat([customers, customers.iloc[:50]])
    for o, c in [
        (orders, customers),
        (missing, customers),
        (undated, customers),
        (orders, repeated),
    ]:
        for year in (2023, 2024, 2025):
            _same_repeat(o, c, year, 200)


def _plain_counts(events):
    reached = events[list(funnels.EVENT_COLUMNS)].drop_duplicates()
    return reached["event_name"].value_counts().reindex(list(funnels.STEPS), fill_value=0)


def _plain_counts_by(events, column):
    reached = events[[*funnels.EVENT_COLUMNS, column]].drop_duplicates()
    return {
        value: names.value_counts().reindex(list(funnels.STEPS), fill_value=0)
        for value, names in reached["event_name"].groupby(reached[column])
    }


def _plain_per(events, by):
    keys = [by] if by else []
    slim = events[[*funnels.SESSION_KEY, *(k for k in keys if k not in funnels.SESSION_KEY)]]
    return slim.drop_duplicates(list(funnels.SESSION_KEY)).groupby(keys or (lambda _: "all")).size()


def _same_counts(events):
    pd.testing.assert_series_equal(funnels._count_sessions(events), _plain_counts(events))
    for column in ("device_category", "session_medium", "checkout_version"):
        got, plain = funnels._count_sessions_by(events, column), _plain_counts_by(events, column)
        assert list(got) == list(plain)
        for value in got:
            pd.testing.assert_series_equal(got[value], plain[value])
    for by in (None, "device_category", "session_source", "user_pseudo_id"):
        pd.testing.assert_series_equal(funnels._sessions_per(events, by), _plain_per(events, by))


def test_session_counts_by_number_are_the_drop_duplicates_counts_on_the_week_and_edits():
    events = datasets.load("web_events")
    _same_counts(events)
    mobile = events[events["device_category"] == "mobile"].copy()
    _same_counts(mobile)
    mobile.loc[mobile.index[::4], "session_id"] = 1  # sessions merged in place
    _same_counts(mobile)
    mobile.loc[mobile.index[::9], "user_pseudo_id"] = np.nan  # visitors lost
    _same_counts(mobile)
    _same_counts(mobile.astype({"user_pseudo_id": object}))  # not kept: computed afresh


def test_the_checks_week_of_events_is_the_week_cut_and_narrowed_as_before():
    from cmo_course.checks import m02_funnels as m02

    events = datasets.load("web_events")
    for extra, where in [
        ((), None),
        (("device_category",), ("session_medium", "email")),
        (("checkout_version",), ("checkout_version", "new")),
    ]:
        part = events if where is None else events[events[where[0]] == where[1]]
        pd.testing.assert_frame_equal(
            m02.funnel_events(*extra, where=where), part[[*m02.SESSION_KEY, "event_name", *extra]]
        )
