"""Funnels: from raw web events to step rates, the bottleneck, revenue per session, a z-test,
and the email funnel (module 02).

A *session* is identified by ``user_pseudo_id`` and ``session_id`` together (GA4's session id
is only unique within a user). Counting is always of sessions, never of events: a session that
views five products has five view_item events but is one session that viewed.
"""

from __future__ import annotations

import math
import statistics
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ._kept import distinct_codes, first_of_each, kept
from .finance.lifetime import came_back_within
from .validation import require_columns

STEPS = ("session_start", "view_item", "add_to_cart", "begin_checkout", "purchase")
# each step in words, as reaching it: "mobile trails desktop most at completing checkout"
STEP_NAMES = {
    "session_start": "landing",
    "view_item": "viewing a product",
    "add_to_cart": "adding to cart",
    "begin_checkout": "beginning checkout",
    "purchase": "completing checkout",
}
SESSION_KEY = ("user_pseudo_id", "session_id")
EVENT_COLUMNS = (*SESSION_KEY, "event_name")

# GA4's default channel groups, for the sources and mediums of this store (simplified)
CHANNEL_OF_MEDIUM = {
    "cpc": "paid_search",
    "cpv": "paid_video",
    "paid_social": "paid_social",
    "social": "organic_social",
    "organic": "organic_search",
    "email": "email",
    "referral": "referral",
    "(none)": "direct",
}


def channel_group(medium: str) -> str:
    """The channel a GA4 session medium belongs to (this store's tagging)."""
    return CHANNEL_OF_MEDIUM.get(medium, "unassigned")


# --------------------------------------------------------------------------------------------
# Counting sessions once per table
# --------------------------------------------------------------------------------------------
# Dropping duplicate session rows of a week's events is the slow part of every funnel (hashing
# some 600,000 visitor ids), and a lesson and its checks ask for the same counts of the same
# table many times. So the counts are kept, keyed on the content of the columns they read (see
# cmo_course._kept: every value compared before a kept result is used), and the sessions are
# numbered once per table, so each count drops its duplicates by number.

_KEPT: OrderedDict[tuple, tuple[list, object]] = OrderedDict()
_KEPT_MAX = 16


def _kept(what: str, events: pd.DataFrame, columns: Sequence[str], compute: Callable):
    """``compute(events)``, which must read only ``columns`` of ``events``, computed once per
    content of those columns. The result is shared: callers copy it before handing it out."""
    read = [events[name] for name in columns]
    return kept(_KEPT, (what, tuple(columns)), read, lambda: compute(events), _KEPT_MAX)


def _first_rows(events: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """Which rows drop_duplicates keeps of ``columns`` (the first of each combination), the
    sessions numbered once per content of their key columns."""
    if events.columns.duplicated().any():  # a repeated name: as drop_duplicates reads it
        return ~events[list(columns)].duplicated().to_numpy()
    sessions = _kept("numbers", events, SESSION_KEY, lambda e: distinct_codes(e, SESSION_KEY))
    return first_of_each(
        distinct_codes(events, [c for c in columns if c not in SESSION_KEY], sessions)
    )


def _count_sessions(events: pd.DataFrame) -> pd.Series:
    """Sessions that sent each funnel event at least once, in funnel order."""
    first = _first_rows(events, EVENT_COLUMNS)
    # only the names are carried (copying the visitor ids is the slow part), unless a name repeats
    carried = list(EVENT_COLUMNS) if events.columns.duplicated().any() else ["event_name"]
    return events[carried][first]["event_name"].value_counts().reindex(list(STEPS), fill_value=0)


def _count_sessions_by(events: pd.DataFrame, column: str) -> dict:
    """``_count_sessions`` of each part of the events by ``column`` (as groupby cuts them)."""
    read = [*EVENT_COLUMNS, column]
    # the visitor ids are not carried (copying them is the slow part), unless a name repeats
    carried = read if events.columns.duplicated().any() else ["event_name", column]
    reached = events[carried][_first_rows(events, read)]
    # within one value each row is a distinct session and event already: count the names
    steps = list(STEPS)
    return {
        value: names.value_counts().reindex(steps, fill_value=0)
        for value, names in reached["event_name"].groupby(reached[column])
    }


def sessions_by_step(events: pd.DataFrame) -> pd.Series:
    """Sessions that sent each funnel event at least once, in funnel order."""
    require_columns(events, EVENT_COLUMNS, "a funnel")
    counts = _kept("sessions", events, EVENT_COLUMNS, _count_sessions)
    return counts.copy().rename("sessions")


def _sessions_by_step_by(events: pd.DataFrame, column: str) -> dict:
    """``sessions_by_step`` of every part of the events by ``column``, from one pass."""
    if column in EVENT_COLUMNS:  # each part holds one value of a key: count the parts alone
        return {value: sessions_by_step(part) for value, part in events.groupby(column)}
    counts = _kept(
        f"sessions by {column}",
        events,
        (*EVENT_COLUMNS, column),
        lambda frame: _count_sessions_by(frame, column),
    )
    return {value: sessions.copy().rename("sessions") for value, sessions in counts.items()}


def funnel(events: pd.DataFrame) -> pd.DataFrame:
    """The funnel of a set of events, one row per step:

    sessions      sessions that reached the step (sent its event at least once)
    step_rate     sessions / sessions at the previous step (1.0 for session_start)
    overall_rate  sessions / sessions that started
    """
    return _funnel_of(sessions_by_step(events))


def _funnel_of(sessions: pd.Series) -> pd.DataFrame:
    table = pd.DataFrame({"sessions": sessions})
    # a step that nobody reached before has no rate (0 / 0 stays empty)
    table["step_rate"] = sessions / sessions.shift(1).replace(0, np.nan)
    table.iloc[0, table.columns.get_loc("step_rate")] = 1.0
    started = sessions.iloc[0]
    table["overall_rate"] = sessions / started if started else np.nan
    table.index.name = "step"
    return table


def step_rates_by(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Step rates (each step's sessions over the previous step's) for every value of ``column``:
    one row per value, one column per step after session_start."""
    require_columns(events, (*EVENT_COLUMNS, column), f"step rates by {column}")
    rows = {
        value: _funnel_of(sessions)["step_rate"].iloc[1:]
        for value, sessions in _sessions_by_step_by(events, column).items()
    }
    table = pd.DataFrame(rows).T
    table.index.name = column
    return table[list(STEPS[1:])]


def _sessions_per(events: pd.DataFrame, by: str | None) -> pd.Series:
    """Sessions by ``by`` (or overall, as "all"): each session counted once, under the value of
    its first row."""
    keys = [by] if by else []
    slim = events[[*SESSION_KEY, *(k for k in keys if k not in SESSION_KEY)]]
    first = _first_rows(slim, SESSION_KEY)  # slim.drop_duplicates(list(SESSION_KEY))
    return slim[first].groupby(keys or (lambda _: "all")).size()


def _per_session(events: pd.DataFrame, by: str | None) -> pd.DataFrame:
    require_columns(events, (*EVENT_COLUMNS, "value"), "revenue per session")
    keys = [by] if by else []
    read = [*SESSION_KEY, *(k for k in keys if k not in SESSION_KEY)]
    sessions = _kept(
        f"sessions per {by}", events, read, lambda frame: _sessions_per(frame, by)
    ).copy()
    # only the columns grouped and summed are carried out of the week's events
    carried = list(dict.fromkeys([*keys, "value"]))
    purchases = events.loc[events["event_name"] == "purchase", carried]
    grouped = purchases.groupby(keys or (lambda _: "all"))
    table = pd.DataFrame(
        {
            "sessions": sessions,
            "purchases": grouped.size(),
            "revenue": grouped["value"].sum(),
        }
    ).fillna(0.0)
    table["conversion_rate"] = table["purchases"] / table["sessions"]
    table["average_order_value"] = table["revenue"] / table["purchases"]
    table["revenue_per_session"] = table["revenue"] / table["sessions"]
    return table


def revenue_per_session(events: pd.DataFrame, by: str | None = None) -> pd.Series:
    """Revenue per session = conversion rate x average order value, by ``by`` (or overall)."""
    table = _per_session(events, by)
    return table["revenue_per_session"] if by else float(table["revenue_per_session"].iloc[0])


def session_economics(events: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Sessions, purchases, revenue, conversion rate, AOV and revenue per session, by ``by``."""
    return _per_session(events, by)


def cart_abandonment(events: pd.DataFrame) -> float:
    """Share of sessions that added to cart but did not buy: 1 - purchase sessions / cart sessions."""
    sessions = sessions_by_step(events)
    if sessions["add_to_cart"] == 0:
        raise ZeroDivisionError("no session added to cart")
    return float(1 - sessions["purchase"] / sessions["add_to_cart"])


def _funnels_to_compare(
    events: pd.DataFrame, column: str, segment: str, reference: str
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """The segment's and the reference's funnels, and the segment's average order value."""
    require_columns(events, (*EVENT_COLUMNS, column, "value"), "revenue at stake")
    counted = _sessions_by_step_by(events, column)
    found = {}
    for name in (segment, reference):
        found[name] = events[column] == name
        if not found[name].any():
            there = sorted(map(str, events[column].dropna().unique()))
            raise KeyError(f"No {column} called {name!r}; there are {there}.")
    bought = found[segment] & (events["event_name"] == "purchase")
    purchases = events.loc[bought, "value"]
    aov = purchases.sum() / len(purchases) if len(purchases) else np.nan

    def funnel_of(name: str) -> pd.DataFrame:
        if name in counted:
            return _funnel_of(counted[name])
        return funnel(events[found[name]])  # rows of it, but none with a funnel key

    return funnel_of(segment), funnel_of(reference), aov


def _stake(table: pd.DataFrame, better: pd.DataFrame, aov: float, position: int) -> float:
    gap = better["step_rate"].iloc[position] - table["step_rate"].iloc[position]
    reaching = table["sessions"].iloc[position - 1]
    later = table["step_rate"].iloc[position + 1 :].prod()
    return float(reaching * gap * later * aov)


def revenue_at_stake(
    events: pd.DataFrame,
    column: str,
    segment: str,
    reference: str,
    step: str = "purchase",
) -> float:
    """Revenue a week a segment would add if one step converted as well as in a reference segment.

    extra sessions at the step = segment's sessions at the step before
                                 x (reference's step rate - segment's step rate)
    extra purchases = extra sessions x the segment's own rates for the steps after it
    revenue at stake = extra purchases x the segment's average order value
    For the purchase step there are no later steps: extra purchases = checkouts x the gap.
    """
    steps = list(STEPS)
    if step not in steps[1:]:
        raise ValueError(f"step should be one of {steps[1:]}; got {step!r}")
    table, better, aov = _funnels_to_compare(events, column, segment, reference)
    return _stake(table, better, aov, steps.index(step))


def revenue_at_stake_by_step(
    events: pd.DataFrame, column: str, segment: str, reference: str
) -> pd.Series:
    """``revenue_at_stake`` for every step after session_start, from one pass over the events:
    what the segment would add a week by matching the reference at that one step."""
    table, better, aov = _funnels_to_compare(events, column, segment, reference)
    return pd.Series(
        {step: _stake(table, better, aov, k) for k, step in enumerate(STEPS) if k > 0},
        name="revenue_at_stake",
    )


# --------------------------------------------------------------------------------------------
# Testing a change
# --------------------------------------------------------------------------------------------


def two_proportion_z(
    successes_a: float, trials_a: float, successes_b: float, trials_b: float
) -> float:
    """z statistic for the difference between two proportions (B minus A), pooled.

    p_a = successes_a / trials_a, p_b likewise, p = all successes / all trials,
    z = (p_b - p_a) / sqrt(p (1 - p) (1 / trials_a + 1 / trials_b)); 0 when p is 0 or 1."""
    if trials_a <= 0 or trials_b <= 0:
        raise ValueError("both groups need at least one trial")
    p_a, p_b = successes_a / trials_a, successes_b / trials_b
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    return 0.0 if spread == 0 else (p_b - p_a) / spread


def sample_ratio_z(units_a: float, units_b: float, share_a: float = 0.5) -> float:
    """The sample-ratio check of a test: z for arm A's count against the share of units the
    assignment meant to give it (half by default), B's count the rest.

    n = units_a + units_b; z = (units_a - share_a n) / sqrt(n share_a (1 - share_a)). A large |z|
    (p below about 0.001) says the assignment or the logging lost units on one side, and no result
    of the test should be read until the cause is found."""
    if units_a < 0 or units_b < 0 or units_a + units_b <= 0:
        raise ValueError("a sample-ratio check needs the units counted in each arm, at least one")
    if not 0 < share_a < 1:
        raise ValueError("share_a is the share of units meant for arm A, between 0 and 1")
    n = units_a + units_b
    return float((units_a - share_a * n) / math.sqrt(n * share_a * (1 - share_a)))


def by_visitor(
    events: pd.DataFrame,
    start: str = "begin_checkout",
    finish: str = "purchase",
    arm: str = "checkout_version",
) -> pd.DataFrame:
    """An A/B test read per visitor, the unit it was randomised by: for each arm, the visitors
    (users) who reached ``start`` during the test, those of them who reached ``finish``, and the
    rate. Counting sessions instead counts a visitor who came back twice as two trials, though
    their sessions are one person's and not independent: it claims more evidence than the test
    holds, and where a visitor's sessions go the same way its z is too large."""
    require_columns(events, ("user_pseudo_id", "event_name", arm), "a test read by visitor")
    keys = ["user_pseudo_id", arm]
    started = events.loc[events["event_name"] == start, keys].drop_duplicates()
    finished = events.loc[events["event_name"] == finish, keys].drop_duplicates()
    done = pd.MultiIndex.from_frame(started).isin(pd.MultiIndex.from_frame(finished))
    table = pd.DataFrame(
        {
            "visitors": started.groupby(arm).size(),
            "converted": pd.Series(done, index=started.index).groupby(started[arm]).sum(),
        }
    )
    table["rate"] = table["converted"] / table["visitors"]
    return table


def p_value(z: float) -> float:
    """Two-sided p-value of a z statistic under the normal distribution."""
    return math.erfc(abs(z) / math.sqrt(2))


def p_text(z: float) -> str:
    """The two-sided p-value of z as a report writes it: 'p = 0.032', or 'p < 0.001'."""
    p = p_value(z)
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def proportion_interval(successes: float, trials: float, z: float = 1.96) -> tuple[float, float]:
    """Normal-approximation confidence interval (95% by default) for a proportion."""
    p = successes / trials
    half = z * math.sqrt(p * (1 - p) / trials)
    return p - half, p + half


def difference_interval(
    successes_a: float, trials_a: float, successes_b: float, trials_b: float, z: float = 1.96
) -> tuple[float, float, float]:
    """The difference between two proportions, B minus A, and its 95% interval (low, high).

    difference = p_b - p_a; standard error = sqrt(p_a (1 - p_a) / n_a + p_b (1 - p_b) / n_b),
    unpooled: the interval is drawn around the measured difference, not under "no difference"
    as the z-test's is. It is the range a roll-out's value should be given on, not the point."""
    if trials_a <= 0 or trials_b <= 0:
        raise ValueError("both groups need at least one trial")
    p_a, p_b = successes_a / trials_a, successes_b / trials_b
    half = z * math.sqrt(p_a * (1 - p_a) / trials_a + p_b * (1 - p_b) / trials_b)
    return float(p_b - p_a), float(p_b - p_a - half), float(p_b - p_a + half)


def seasonal_weeks(orders: pd.DataFrame, first_day, last_day) -> float:
    """What to multiply a week's online figure by to make its calendar year, with the year's
    seasons: the year's online revenue (before refunds) over the revenue of the days from
    ``first_day`` to ``last_day``, times their length in weeks.

    52 would treat every week like the measured one. A week in a busy month is worth more than
    an average week (fewer than 52 of it make a year), a week in a quiet month less. The online
    orders are the ones a web test moves, and revenue weights each week by both its traffic and
    its order value."""
    require_columns(orders, ("order_date", "sales_channel", "revenue"), "seasonal weeks")
    first, last = pd.Timestamp(first_day).normalize(), pd.Timestamp(last_day).normalize()
    read = ["order_date", "sales_channel", "revenue"]  # kept per their content, read alone
    table = orders if orders.columns.duplicated().any() else orders[read]
    compute = lambda: _seasonal_weeks(table, first, last)  # noqa: E731
    return kept(
        _KEPT, ("seasonal weeks", first, last), [table[c] for c in read], compute, _KEPT_MAX
    )


def _seasonal_weeks(orders: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> float:
    online = orders[orders["sales_channel"] == "online"]
    dates = online["order_date"].dt.normalize()
    window = online.loc[(dates >= first) & (dates <= last), "revenue"].sum()
    if window <= 0:
        raise ValueError(f"no online revenue from {first.date()} to {last.date()}")
    year = online.loc[online["order_date"].dt.year == first.year, "revenue"].sum()
    return float(year / window * ((last - first).days + 1) / 7)


def rollout_value_range(
    test: pd.DataFrame,
    average_order_value: float,
    weeks: float = 52.0,
    start: str = "old",
    finish: str = "new",
    z: float = 1.96,
) -> dict[str, float]:
    """What moving every visitor of an A/B test from ``start`` to ``finish`` is worth (revenue
    before returns) over ``weeks`` of the test's traffic, with its range on the test's 95%
    interval for the difference in conversion.

    ``test`` is a ``by_visitor`` table (visitors and converted per arm). Every visitor of both
    arms moves, so: value = all the test's visitors x (rate of finish - rate of start) x AOV x
    weeks; low and high put the ends of ``difference_interval`` in place of the difference.
    Returns estimate, low, high (revenue) and difference, difference_low, difference_high (rates).
    One test's estimate is a point to report with its range: a winner picked for winning tends
    to overstate its effect, and a per-browser test counts a shopper who finishes on another
    device as lost. ``weeks``: 52 for one average week, ``seasonal_weeks`` for a real one."""
    require_columns(test, ("visitors", "converted"), "a roll-out's value")
    difference, low, high = difference_interval(
        test.loc[start, "converted"],
        test.loc[start, "visitors"],
        test.loc[finish, "converted"],
        test.loc[finish, "visitors"],
        z,
    )
    per_point = float(test["visitors"].sum()) * average_order_value * weeks
    return {
        "estimate": difference * per_point,
        "low": low * per_point,
        "high": high * per_point,
        "difference": difference,
        "difference_low": low,
        "difference_high": high,
    }


def _z_of(probability: float) -> float:
    return statistics.NormalDist().inv_cdf(probability)


def visitors_per_arm(
    rate: float, difference: float, power: float = 0.8, z_alpha: float = 1.96
) -> float:
    """Visitors each arm of an A/B test needs to find a gain of ``difference`` (a share: 0.02 for
    two points) over a ``rate`` with chance ``power``, at 5% two-sided:
    n = (z_alpha + z_power)^2 x (p1 (1 - p1) + p2 (1 - p2)) / difference^2, p2 = p1 + difference.
    Fix it before the test starts; a test too small to find the effect worth finding proves
    nothing when it finds none."""
    if difference == 0 or not 0 < rate < 1 or not 0 < rate + difference < 1:
        raise ValueError("a gain to find needs a rate and a different rate, both between 0 and 1")
    second = rate + difference
    spread = rate * (1 - rate) + second * (1 - second)
    return (z_alpha + _z_of(power)) ** 2 * spread / difference**2


def detectable_difference(
    rate: float, visitors: float, power: float = 0.8, z_alpha: float = 1.96
) -> float:
    """The smallest gain over ``rate`` a test of ``visitors`` per arm finds with chance
    ``power`` at 5% two-sided: the inverse of ``visitors_per_arm`` (found by halving)."""
    if visitors <= 0 or not 0 < rate < 1:
        raise ValueError("a test needs visitors and a rate between 0 and 1")
    low, high = 0.0, 1 - rate - 1e-9
    if visitors_per_arm(rate, high, power, z_alpha) > visitors:
        raise ValueError("no gain this test could find: too few visitors")
    for _ in range(100):
        middle = (low + high) / 2
        if middle > 0 and visitors_per_arm(rate, middle, power, z_alpha) <= visitors:
            high = middle
        else:
            low = middle
    return high


def holdback_half_width(users: float, share: float, sd_per_user: float, z: float = 1.96) -> float:
    """The 95% half-width of a holdback's reading: the difference in revenue per user between
    the ``share`` of ``users`` held back on the old version and the rest, whose revenue per user
    varies with standard deviation ``sd_per_user``: z x sd x sqrt(1 / held + 1 / rest).
    A small holdback is cheap but reads wide: compare the width with the range it should settle."""
    if not 0 < share < 1 or users <= 0:
        raise ValueError("a holdback needs users and a share between 0 and 1")
    held = users * share
    return z * sd_per_user * math.sqrt(1 / held + 1 / (users - held))


# --------------------------------------------------------------------------------------------
# Email
# --------------------------------------------------------------------------------------------

EMAIL_COLUMNS = ("sends", "opens", "clicks", "orders", "revenue", "unsubscribes")


def email_funnel(campaigns: pd.DataFrame, by: str | Sequence[str] = "segment") -> pd.DataFrame:
    """The email funnel by ``by``: totals, and the rates a CMO should judge email on.

    open_rate (opens / sends; inflated by machine opens), click_rate (clicks / sends),
    click_to_open (clicks / opens; misleading when opens are inflated), orders_per_1000_sends,
    revenue_per_send, unsubscribe_rate.
    """
    require_columns(
        campaigns, (*EMAIL_COLUMNS, *([by] if isinstance(by, str) else by)), "the email funnel"
    )
    table = campaigns.groupby(by)[list(EMAIL_COLUMNS)].sum()
    table["open_rate"] = table["opens"] / table["sends"]
    table["click_rate"] = table["clicks"] / table["sends"]
    table["click_to_open"] = table["clicks"] / table["opens"]
    table["orders_per_1000_sends"] = table["orders"] / table["sends"] * 1000
    table["revenue_per_send"] = table["revenue"] / table["sends"]
    table["unsubscribe_rate"] = table["unsubscribes"] / table["sends"]
    return table


def holdout_incremental_orders(campaigns: pd.DataFrame) -> pd.DataFrame:
    """For each holdout test: orders the email really added, next to the orders it was credited.

    incremental orders = (recipients' 7-day order rate - holdout's 7-day order rate) x sends
    """
    require_columns(
        campaigns,
        ("sends", "orders", "holdout_size", "orders_7d", "holdout_orders_7d"),
        "holdout results",
    )
    tests = campaigns[campaigns["holdout_size"] > 0].copy()
    sent_rate = tests["orders_7d"].astype(float) / tests["sends"]
    holdout_rate = tests["holdout_orders_7d"].astype(float) / tests["holdout_size"]
    tests["incremental_orders"] = (sent_rate - holdout_rate) * tests["sends"]
    tests["credited_orders"] = tests["orders"]
    # the estimate's standard error: the two rates are independent binomial proportions
    variance = (
        sent_rate * (1 - sent_rate) / tests["sends"]
        + holdout_rate * (1 - holdout_rate) / tests["holdout_size"]
    )
    tests["standard_error"] = np.sqrt(variance) * tests["sends"]
    return tests


def total_with_interval(results: pd.DataFrame, z: float = 1.96) -> tuple[float, float, float]:
    """The total incremental orders of several holdout tests with its 95% interval (low, high)."""
    total = float(results["incremental_orders"].sum())
    spread = z * math.sqrt(float((results["standard_error"] ** 2).sum()))
    return total, total - spread, total + spread


# --------------------------------------------------------------------------------------------
# Coming back
# --------------------------------------------------------------------------------------------


def repeat_rate(
    orders: pd.DataFrame, customers: pd.DataFrame, year: int, within_days: int = 365
) -> float:
    """Share of a year's new customers who ordered again within ``within_days`` of their first
    order (orders after the data ends cannot be seen, so keep within_days inside the data)."""
    require_columns(customers, ("customer_id", "first_order_date"), "repeat rate")
    require_columns(orders, ("customer_id", "order_date"), "repeat rate")
    chosen = customers["first_order_date"].dt.year == year
    cohort = customers[chosen]
    if cohort.empty:
        raise ValueError(f"no new customers in {year}")
    back = came_back_within(orders, customers, chosen, within_days)
    if back is not None:  # the customers the join below finds, found by their rows
        return int(back.sum()) / len(cohort)
    joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
    later = joined[
        (joined["order_date"] > joined["first_order_date"])
        & (joined["order_date"] <= joined["first_order_date"] + pd.Timedelta(days=within_days))
    ]
    return later["customer_id"].nunique() / len(cohort)


def repeat_rate_by(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    year: int,
    column: str = "acquisition_channel",
    within_days: int = 365,
) -> pd.Series:
    """``repeat_rate`` for each value of a customers' ``column`` (how they first came, say), in
    one pass over the orders: the share of each group's new customers of ``year`` who ordered
    again within ``within_days`` of their first order."""
    require_columns(customers, ("customer_id", "first_order_date", column), "repeat rate by group")
    require_columns(orders, ("customer_id", "order_date"), "repeat rate by group")
    chosen = customers["first_order_date"].dt.year == year
    cohort = customers[chosen]
    if cohort.empty:
        raise ValueError(f"no new customers in {year}")
    back = came_back_within(orders[["customer_id", "order_date"]], customers, chosen, within_days)
    if back is not None:
        came_back = pd.Series(back[chosen.to_numpy()], index=cohort.index)
        return came_back.groupby(cohort[column]).mean().rename("repeat_rate")
    joined = orders[["customer_id", "order_date"]].merge(
        cohort[["customer_id", "first_order_date"]], on="customer_id"
    )
    later = joined[
        (joined["order_date"] > joined["first_order_date"])
        & (joined["order_date"] <= joined["first_order_date"] + pd.Timedelta(days=within_days))
    ]
    came_back = cohort["customer_id"].isin(later["customer_id"])
    return came_back.groupby(cohort[column]).mean().rename("repeat_rate")
