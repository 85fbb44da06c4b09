"""The one checks mechanism: an exercise is a small declarative object, a Checker runs it.

The same call runs in the learner's test cell and under nbgrader autograde:

    check("1.2")               # the visible check, on the course data
    check("1.2", hidden=True)  # nbgrader's hidden tests: other inputs and edge cases

A check reads the learner's answer by name from the notebook, compares it strictly (type
first, a tolerance for floats, pandas' testing for tables), and either prints a plain pass or
raises with a message that names the likely mistake in business words. Expected values are
computed from whichever data is loaded, never typed in.
"""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------------------------
# Outcomes
# --------------------------------------------------------------------------------------------


class CheckFailed(AssertionError):
    """An exercise's check did not pass. Under nbgrader this scores zero for the cell."""


class NotAttemptedYet(CheckFailed):
    """The answer is still the stub."""


class TryAgain(CheckFailed):
    """The answer is there but not right yet."""


class Mismatch(Exception):
    """Raised by a comparator: the answer differs from the expected value. The message says how."""


# --------------------------------------------------------------------------------------------
# Comparators: strict about type, forgiving only where the business meaning is the same
# --------------------------------------------------------------------------------------------

_INT_TYPES = (int, np.integer)
_REAL_TYPES = (int, float, np.integer, np.floating)


def _is_exact_number(value: Any) -> bool:
    """True for plain ints and floats and numpy scalars; False for bool and for subclasses that
    could override comparison (an object whose ``__eq__`` always says yes fails here)."""
    if isinstance(value, bool | np.bool_):
        return False
    kind = type(value)
    return kind in (int, float) or (kind.__module__ == "numpy" and isinstance(value, _REAL_TYPES))


def _show(value: float) -> str:
    """A number as a person reads it: no scientific notation, sensible decimals."""
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.4g}"


def _describe(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {len(value)} rows and columns {list(value.columns)}"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} values"
    if _is_exact_number(value):
        return _show(value)
    return f"a {type(value).__name__}"


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
        if not _is_exact_number(answer):
            raise Mismatch(f"Your answer should be {self.what}; it is {_describe(answer)}.")
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
                raise Mismatch(f"Expected None here, got {_describe(answer)}.")
            return
        if answer is None:
            raise Mismatch("Your answer is None, but there is a month that works.")
        if not (_is_exact_number(answer) and isinstance(answer, _INT_TYPES)):
            raise Mismatch(f"Your answer should be {self.what}; it is {_describe(answer)}.")
        if int(answer) != int(expected):
            raise Mismatch("The month is not right.")


@dataclass(frozen=True)
class Choice(Comparator):
    """One of a fixed set of text answers."""

    choices: tuple[str, ...]

    def compare(self, answer: Any, expected: Any) -> None:
        if type(answer) is not str:
            raise Mismatch(
                f"Your answer should be one of {list(self.choices)} (text); it is {_describe(answer)}."
            )
        if answer.strip() not in self.choices:
            raise Mismatch(f"{answer!r} is not one of the options: {list(self.choices)}.")
        if answer.strip() != expected:
            raise Mismatch("That is not the one.")


@dataclass(frozen=True)
class SeriesOf(Comparator):
    """A pandas Series of numbers indexed by labels (order of rows does not matter)."""

    index_what: str = "label"
    rel_tol: float = 1e-6

    def compare(self, answer: Any, expected: pd.Series) -> None:
        if type(answer) is not pd.Series:
            hint = ""
            if isinstance(answer, pd.DataFrame):
                hint = " Select the one column you need, e.g. table['column']."
            raise Mismatch(
                f"Your answer should be a pandas Series indexed by {self.index_what}; "
                f"it is {_describe(answer)}.{hint}"
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
            raise Mismatch(
                f"Your Series should have one value per {self.index_what}: "
                f"{', '.join(parts) or 'labels differ'}."
            )
        if not pd.api.types.is_numeric_dtype(answer) or pd.api.types.is_bool_dtype(answer):
            raise Mismatch(f"Your Series should hold numbers; it holds {answer.dtype}.")
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
            raise Mismatch(
                f"Your answer should be a list (or array) of numbers, one per {self.what}; "
                f"it is {_describe(answer)}."
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
            raise Mismatch(
                f"The values differ from {self.what} {first + 1} on (yours: {_show(got[first])})."
            )


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

    def compare(self, answer: Any, expected: pd.DataFrame) -> None:
        if type(answer) is not pd.DataFrame:
            raise Mismatch(f"Your answer should be a pandas DataFrame; it is {_describe(answer)}.")
        missing = [c for c in self.columns if c not in answer.columns]
        if missing:
            raise Mismatch(
                f"Your table needs the columns {list(self.columns)}. Missing: {missing}. "
                f"It has: {list(answer.columns)}."
            )
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


# --------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mistake:
    """A likely wrong answer and what it means in business words.

    For a value exercise ``value`` computes the wrong answer from the data; for a function
    exercise ``function`` is a wrong implementation, run on the same inputs as the learner's.
    """

    message: str
    value: Callable[[], Any] | None = None
    function: Callable[..., Any] | None = None


Case = dict[str, Any]


@dataclass
class Exercise:
    """One exercise: what the learner defines, how it is checked, and what helps them.

    A *value* exercise names a variable and computes the expected value from the data.
    A *function* exercise names a function and a reference implementation; ``cases`` and
    ``hidden_cases`` build the keyword arguments it is called with.
    """

    id: str
    title: str
    answer: str
    comparator: Comparator
    hints: Sequence[str]
    expected: Callable[[], Any] | None = None
    reference: Callable[..., Any] | None = None
    cases: Callable[[], list[Case]] | None = None
    hidden_cases: Callable[[], list[Case]] | None = None
    mistakes: Sequence[Mistake] = ()
    passed: Callable[[Any], str] | str = ""
    percent_is_mistake: bool = False  # say so when the answer is 100x the expected fraction
    # A *rule* exercise has no single right answer (a plan the learner designs): ``rules`` reads
    # the answer and the learner's other answers and returns what breaks a rule ("" or None if
    # nothing does); ``hidden_rules`` are further rules the graded hidden tests apply.
    rules: Callable[[Any, dict], str | None] | None = None
    hidden_rules: Callable[[Any, dict], str | None] | None = None
    example: Callable[[], dict] | None = None  # a namespace that keeps every rule (for tests)

    @property
    def is_function(self) -> bool:
        return self.reference is not None


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _format_case(case: Case) -> str:
    parts = []
    for key, value in case.items():
        if isinstance(value, pd.DataFrame):
            parts.append(f"{key}=<a table of {len(value)} rows>")
        elif isinstance(value, list | tuple | np.ndarray) and len(value) > 6:
            shown = ", ".join(
                f"{v:g}" if isinstance(v, float) else repr(v) for v in list(value)[:4]
            )
            parts.append(f"{key}=[{shown}, ...] ({len(value)} values)")
        elif isinstance(value, list | tuple | np.ndarray):
            parts.append(f"{key}={[float(v) if isinstance(v, np.floating) else v for v in value]}")
        else:
            parts.append(f"{key}={value!r}")
    return ", ".join(parts)


PERCENT_MESSAGE = (
    "This looks like a percentage. Give the answer as a fraction: 0.42 for 42% (the course keeps "
    "rates as fractions so they can go straight into formulas)."
)


def _as_fraction(value: Any) -> Any:
    """The answer divided by 100 (to test whether it was given in percent), or None."""
    if _is_exact_number(value):
        return float(value) / 100
    if (
        type(value) is pd.Series
        and pd.api.types.is_numeric_dtype(value)
        and not pd.api.types.is_bool_dtype(value)
    ):
        return value / 100
    return None


def _generic_number_mistakes(answer: Any, expected: Any, percent_is_mistake: bool) -> str | None:
    if not (_is_exact_number(answer) and _is_exact_number(expected)):
        return None
    value, target = float(answer), float(expected)
    if target == 0 or math.isnan(value):
        return None
    if percent_is_mistake and math.isclose(value, target * 100, rel_tol=1e-4):
        return PERCENT_MESSAGE
    if math.isclose(value, -target, rel_tol=1e-6):
        return (
            "The size is right but the sign is flipped: check which amount you subtract from which."
        )
    if math.isclose(value, target, rel_tol=0.01):
        if _looks_rounded(value, target):
            return (
                "Very close: this looks rounded. Keep full precision (round only when you present "
                "the number); the check allows for float noise."
            )
        return (
            "Within 1% of the right answer, but not the same: a small difference in method. Check "
            "which rows and dates you kept, and that you used the exact formula, not an approximation."
        )
    return None


def _looks_rounded(value: float, target: float) -> bool:
    """Is ``value`` the target rounded to a few decimals or significant figures?"""
    candidates = [round(target, decimals) for decimals in range(5)]
    candidates += [float(f"{target:.{digits}g}") for digits in (2, 3, 4, 5)]
    return any(math.isclose(value, c, rel_tol=1e-9, abs_tol=1e-12) for c in candidates)


# --------------------------------------------------------------------------------------------
# The checker a notebook uses
# --------------------------------------------------------------------------------------------

SOLUTIONS_NOTE = (
    "Worked solutions are in the course's solutions/ folder (in a workshop, your facilitator "
    "shares them after the session)."
)


def _install_friendly_errors() -> None:
    """In IPython, show a failed check as its message alone, not a traceback.

    It stays an error (so nbgrader still scores the cell zero); only the display changes.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the course
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_cmo_course_friendly", False):
        return

    def show(shell, etype, evalue, tb, tb_offset=None):
        shell._showtraceback(etype, evalue, [str(evalue)])

    shell.set_custom_exc((CheckFailed,), show)
    shell._cmo_course_friendly = True


@dataclass
class Result:
    status: str  # "passed", "not attempted", "not yet"
    message: str


@dataclass
class Checker:
    """Checks, hints and progress for one module's exercises.

    >>> check = Checker("01_finance")
    >>> check("1.1")          # check Exercise 1.1
    >>> check.hint("1.1")     # the next hint for it
    >>> check.progress()      # where you stand
    """

    module: str
    exercises: dict[str, Exercise] = field(default_factory=dict)
    _hints_shown: dict[str, int] = field(default_factory=dict)
    _results: dict[str, Result] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.exercises:
            from . import exercises_for

            self.exercises = {e.id: e for e in exercises_for(self.module)}
        _install_friendly_errors()

    # -- looking things up --------------------------------------------------------------

    def _exercise(self, exercise_id: str) -> Exercise:
        key = str(exercise_id).strip()
        if key not in self.exercises:
            raise KeyError(
                f"There is no Exercise {key} in {self.module}. Exercises: {', '.join(self.exercises)}."
            )
        return self.exercises[key]

    # -- hints --------------------------------------------------------------------------

    def hint(self, exercise_id: str) -> None:
        """Print the next hint for an exercise (one more each time you call it)."""
        exercise = self._exercise(exercise_id)
        shown = self._hints_shown.get(exercise.id, 0)
        if shown >= len(exercise.hints):
            print(f"No more hints for Exercise {exercise.id}. {SOLUTIONS_NOTE}")
            return
        self._hints_shown[exercise.id] = shown + 1
        print(
            f"Hint {shown + 1} of {len(exercise.hints)} for Exercise {exercise.id}: {exercise.hints[shown]}"
        )

    # -- checking -----------------------------------------------------------------------

    def __call__(
        self, exercise_id: str, *, hidden: bool = False, namespace: dict | None = None
    ) -> None:
        """Check an exercise. Prints a pass; raises NotAttemptedYet or TryAgain otherwise."""
        exercise = self._exercise(exercise_id)
        if namespace is None:
            namespace = sys._getframe(1).f_globals
        try:
            message = self._run(exercise, namespace, hidden)
        except CheckFailed as failure:
            status = "not attempted" if isinstance(failure, NotAttemptedYet) else "not yet"
            self._results[exercise.id] = Result(status, str(failure))
            raise
        if not hidden:
            self._results[exercise.id] = Result("passed", message)
        print(message)

    def _fail(self, exercise: Exercise, reason: str) -> TryAgain:
        more = f'Need a nudge? Run check.hint("{exercise.id}").' if exercise.hints else ""
        return TryAgain(
            f"✘ Exercise {exercise.id} ({exercise.title}): not yet.\n{reason}\n{more}".rstrip()
        )

    def _not_attempted(self, exercise: Exercise, detail: str) -> NotAttemptedYet:
        return NotAttemptedYet(
            f"• Exercise {exercise.id} ({exercise.title}) is not attempted yet. {detail}"
        )

    def _run(self, exercise: Exercise, namespace: dict, hidden: bool) -> str:
        if exercise.answer not in namespace:
            raise self._not_attempted(
                exercise,
                f"`{exercise.answer}` does not exist yet. Write your answer in the cell above (replace "
                "the `raise NotImplementedError(...)` line), run that cell, then run this one. If the cell "
                "above shows a red error (for example IndentationError), fix that first.",
            )
        answer = namespace[exercise.answer]
        if answer is Ellipsis:
            raise self._not_attempted(exercise, f"`{exercise.answer}` is still `...`.")
        if exercise.is_function:
            return self._run_function(exercise, answer, hidden)
        if exercise.rules is not None:
            return self._run_rules(exercise, answer, namespace, hidden)
        return self._run_value(exercise, answer)

    def _run_rules(self, exercise: Exercise, answer: Any, namespace: dict, hidden: bool) -> str:
        rules = exercise.hidden_rules if hidden else exercise.rules
        if rules is None:
            return f"✔ Exercise {exercise.id}: no further rules."
        try:
            broken = rules(answer, namespace)
        except Exception as error:  # a malformed answer breaks the rule, not the checker
            broken = f"Your answer could not be read: {type(error).__name__}: {error}"
        if broken:
            raise self._fail(exercise, broken)
        if hidden:
            return f"✔ Exercise {exercise.id}: the graded rules hold too."
        return self._passed(exercise, answer)

    def _passed(self, exercise: Exercise, answer: Any) -> str:
        extra = exercise.passed(answer) if callable(exercise.passed) else exercise.passed
        return f"✔ Exercise {exercise.id} ({exercise.title}) passed. {extra}".rstrip()

    def _run_value(self, exercise: Exercise, answer: Any) -> str:
        if answer is None:
            raise self._fail(
                exercise,
                f"`{exercise.answer}` is None. Did you print the result instead of assigning it, or call "
                "a method that changes a table in place and returns None?",
            )
        expected = exercise.expected()
        try:
            exercise.comparator.compare(answer, expected)
        except Mismatch as mismatch:
            raise self._fail(
                exercise, self._explain(exercise, answer, expected, str(mismatch))
            ) from None
        return self._passed(exercise, answer)

    def _explain(self, exercise: Exercise, answer: Any, expected: Any, reason: str) -> str:
        """Name the likely mistake: a named one, the same as a percentage, or a generic slip."""
        scaled = _as_fraction(answer) if exercise.percent_is_mistake else None
        for mistake in exercise.mistakes:
            if mistake.value is None:
                continue
            try:
                wrong = mistake.value()
            except Exception:
                continue
            if exercise.comparator.same(answer, wrong):
                return mistake.message
            if scaled is not None and exercise.comparator.same(scaled, wrong):
                return f"{PERCENT_MESSAGE} Then: {mistake.message}"
        if scaled is not None and exercise.comparator.same(scaled, expected):
            return PERCENT_MESSAGE
        generic = _generic_number_mistakes(answer, expected, exercise.percent_is_mistake)
        if generic:
            return generic
        if _is_exact_number(answer):
            return f"{reason} Your answer is {_show(answer)}; that is not what the data gives."
        return reason

    def _run_function(self, exercise: Exercise, function: Any, hidden: bool) -> str:
        if not callable(function) or isinstance(function, type):
            raise self._fail(
                exercise,
                f"`{exercise.answer}` should be a function (def {exercise.answer}(...):); it is {_describe(function)}.",
            )
        builder = exercise.hidden_cases if hidden else exercise.cases
        cases = builder() if builder else []
        seen: list[tuple[Case, Any]] = []
        for case in cases:
            try:
                got = function(**copy.deepcopy(case))
            except NotImplementedError:
                raise self._not_attempted(
                    exercise,
                    f"Replace the `raise NotImplementedError(...)` line in `{exercise.answer}` with your code, "
                    "run that cell, then run this one.",
                ) from None
            except TypeError as error:
                if "argument" in str(error):
                    raise self._fail(
                        exercise,
                        f"`{exercise.answer}` could not be called with {list(case)} as its arguments: {error}. "
                        "Keep the parameter names given in the exercise.",
                    ) from None
                raise self._fail(exercise, self._crash(case, error)) from None
            except Exception as error:
                raise self._fail(exercise, self._crash(case, error)) from None
            seen.append((case, got))
            expected = exercise.reference(**copy.deepcopy(case))
            try:
                exercise.comparator.compare(got, expected)
            except Mismatch as mismatch:
                raise self._fail(
                    exercise, self._explain_function(exercise, seen, expected, str(mismatch))
                ) from None
        if hidden:
            return f"✔ Exercise {exercise.id}: {len(cases)} more cases passed."
        return self._passed(exercise, function)

    @staticmethod
    def _crash(case: Case, error: Exception) -> str:
        return (
            f"Your function raised {type(error).__name__}: {error} (inputs: {_format_case(case)})."
        )

    def _explain_function(
        self, exercise: Exercise, seen: list[tuple[Case, Any]], expected: Any, reason: str
    ) -> str:
        """Name the mistake that explains the learner's outputs on every case run so far."""
        case, got = seen[-1]
        where = f"With {_format_case(case)}"
        if got is None and expected is not None:
            return f"{where}, your function returned None. Did you forget `return`?"
        for mistake in exercise.mistakes:
            if mistake.function is not None and self._explains(exercise, mistake, seen):
                return f"{where}: {mistake.message}"
        generic = _generic_number_mistakes(got, expected, exercise.percent_is_mistake)
        if generic:
            return f"{where}: {generic}"
        shown = _show(got) if _is_exact_number(got) else _describe(got)
        return f"{where}, your function returned {shown}. {reason}"

    @staticmethod
    def _explains(exercise: Exercise, mistake: Mistake, seen: list[tuple[Case, Any]]) -> bool:
        for case, got in seen:
            try:
                wrong = mistake.function(**copy.deepcopy(case))
            except Exception:
                return False
            if not exercise.comparator.same(got, wrong):
                return False
        return True

    # -- progress -----------------------------------------------------------------------

    def progress(self) -> pd.DataFrame:
        """A table of this module's exercises and how each went in this session."""
        rows = []
        for exercise in self.exercises.values():
            result = self._results.get(exercise.id)
            rows.append(
                {
                    "exercise": exercise.id,
                    "title": exercise.title,
                    "status": result.status if result else "not checked yet",
                }
            )
        table = pd.DataFrame(rows).set_index("exercise")
        done = (table["status"] == "passed").sum()
        print(f"{done} of {len(table)} exercises passed in this session.")
        return table
