"""Exercises: small declarative objects, one type per kind, each owning how it is checked.

- ``ValueExercise``: the learner computes a value (a number, a Series, a table); the expected
  value is computed from the loaded data.
- ``FunctionExercise``: the learner writes a function; it is called on cases built from the data
  (and on hidden cases under nbgrader) and compared with a reference implementation.
- ``RuleExercise``: the learner designs something with no single right answer (a plan); rules
  read it, with the learner's other answers, and say what breaks.

Value and function exercises name their likely mistakes (``Mistake``): a wrong value computed
from the data, or a wrong implementation run on the same inputs as the learner's. A failure that
matches one says so in business words, without revealing the answer.
"""

from __future__ import annotations

import copy
import math
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import messages
from .comparators import (
    Comparator,
    Mismatch,
    OptionalInt,
    describe,
    is_exact_number,
    show_number,
)
from .number_slips import PERCENT_MESSAGE, generic_number_mistake
from .slips import python_slip

Case = dict[str, Any]


@dataclass(frozen=True)
class Mistake:
    """A likely wrong answer and what it means in business words.

    For a value exercise ``value`` computes the wrong answer from the data; for a function
    exercise ``function`` is a wrong implementation, run on the same inputs as the learner's.
    ``message`` may be a function of nothing that computes its words from the data (a choice's
    consequence in dollars, say), so that it holds on any variant of the data.
    """

    message: str | Callable[[], str]
    value: Callable[[], Any] | None = None
    function: Callable[..., Any] | None = None
    error: str | None = None  # words of the error a learner's function raises on this mistake

    @property
    def text(self) -> str:
        return self.message() if callable(self.message) else self.message

    def crashes_like(self, error: BaseException, case: dict[str, Any]) -> bool:
        """Does a learner's function that raised ``error`` on ``case`` make this mistake? Yes if
        the error's text holds ``self.error``, or if ``self.function`` raises the same error
        (type and words) on the same inputs."""
        if self.error is not None and self.error.lower() in str(error).lower():
            return True
        if self.function is None:
            return False
        try:
            self.function(**copy.deepcopy(case))
        except Exception as own:
            return type(own) is type(error) and str(own) == str(error)
        return False


# --------------------------------------------------------------------------------------------
# What every exercise has
# --------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class Exercise:
    """One exercise: the name the learner defines, a title, hints, and a word on success."""

    id: str
    title: str
    answer: str
    hints: Sequence[str]
    passed: Callable[[Any], str] | str = ""

    def check(self, namespace: dict, hidden: bool = False) -> str:
        """Check the learner's answer in ``namespace``; return the pass line, or raise
        ``NotAttemptedYet`` or ``TryAgain``."""
        if self.answer not in namespace:
            raise self.not_attempted(
                f"`{self.answer}` does not exist yet. Write your answer in the cell above (replace "
                "the `raise NotImplementedError(...)` line), run that cell, then run this one. If the cell "
                "above shows a red error (for example IndentationError), fix that first."
            )
        answer = namespace[self.answer]
        if answer is Ellipsis:
            raise self.not_attempted(f"`{self.answer}` is still `...`.")
        return self._check(answer, namespace, hidden)

    def _check(self, answer: Any, namespace: dict, hidden: bool) -> str:
        raise NotImplementedError

    def reference_namespace(self) -> dict[str, Any]:
        """The names a right answer defines: what the tests (and an example) run the check on."""
        raise NotImplementedError

    @property
    def has_hidden_tests(self) -> bool:
        return False

    # -- outcomes ------------------------------------------------------------------------

    def fail(self, reason: str) -> messages.TryAgain:
        return messages.not_yet(self.id, self.title, reason, bool(self.hints))

    def not_attempted(self, detail: str) -> messages.NotAttemptedYet:
        return messages.not_attempted(self.id, self.title, detail)

    def passed_line(self, answer: Any) -> str:
        extra = self.passed(answer) if callable(self.passed) else self.passed
        return messages.passed(self.id, self.title, extra)


# --------------------------------------------------------------------------------------------
# Exercises compared with an expected value
# --------------------------------------------------------------------------------------------


def _as_fraction(value: Any) -> Any:
    """The answer divided by 100 (to test whether it was given in percent), or None."""
    if is_exact_number(value):
        return float(value) / 100
    if (
        type(value) is pd.Series
        and pd.api.types.is_numeric_dtype(value)
        and not pd.api.types.is_bool_dtype(value)
    ):
        return value / 100
    return None


ROUNDED_MESSAGE = (
    "These values look rounded to {decimals}, as if typed in from a table or rounded with "
    ".round(): compute them from the data and keep full precision (round only when you present "
    "them)."
)


def _rounded_to(answer: Any, expected: Any, comparator: Comparator) -> int | None:
    """The decimals a Series or table answer is the expected one rounded to, or None."""
    if not isinstance(expected, pd.Series | pd.DataFrame) or type(answer) is not type(expected):
        return None
    for decimals in (4, 3, 2, 1, 0):  # the finest rounding that matches names it best
        try:
            rounded = expected.round(decimals)
        except (TypeError, ValueError):
            return None
        if comparator.same(answer, rounded):
            return decimals
    return None


@dataclass(kw_only=True)
class ComparedExercise(Exercise):
    """An exercise whose answer is compared with an expected value, naming likely mistakes."""

    comparator: Comparator
    mistakes: Sequence[Mistake] = ()
    percent_is_mistake: bool = False  # say so when the answer is 100x the expected fraction
    # the exercise's own word after "exactly 100 times (or a hundredth of) the right answer"
    hundredfold: str = ""


@dataclass(kw_only=True)
class ValueExercise(ComparedExercise):
    """The learner computes a value; ``expected`` computes it from the loaded data."""

    expected: Callable[[], Any]

    def reference_namespace(self) -> dict[str, Any]:
        return {self.answer: self.expected()}

    def _check(self, answer: Any, namespace: dict, hidden: bool) -> str:
        if answer is None:
            raise self.fail(
                f"`{self.answer}` is None. Did you print the result instead of assigning it, or call "
                "a method that changes a table in place and returns None?"
            )
        expected = self.expected()
        try:
            self.comparator.compare(answer, expected)
        except Mismatch as mismatch:
            raise self.fail(self._explain(answer, expected, str(mismatch))) from None
        return self.passed_line(answer)

    def _percent_column(self, answer: Any, expected: Any) -> str | None:
        """In a table, the one column given in percent where the rest is right."""
        columns = getattr(self.comparator, "columns", None)
        if not (isinstance(answer, pd.DataFrame) and columns):
            return None
        for column in columns:
            if column not in answer.columns or not pd.api.types.is_numeric_dtype(answer[column]):
                continue
            fixed = answer.copy()
            fixed[column] = fixed[column] / 100
            if self.comparator.same(fixed, expected):
                return column
        return None

    def _explain(self, answer: Any, expected: Any, reason: str) -> str:
        """Name the likely mistake: a named one, the same as a percentage, or a generic slip."""
        scaled = _as_fraction(answer) if self.percent_is_mistake else None
        for mistake in self.mistakes:
            if mistake.value is None:
                continue
            try:
                wrong = mistake.value()
            except Exception:
                continue
            if self.comparator.same(answer, wrong):
                return mistake.text
            if scaled is not None and self.comparator.same(scaled, wrong):
                return f"{PERCENT_MESSAGE} Then: {mistake.text}"
        if scaled is not None and self.comparator.same(scaled, expected):
            return PERCENT_MESSAGE
        column = self._percent_column(answer, expected)
        if column is not None:
            return (
                f"The {column!r} column looks like a percentage. Keep it as a fraction: 0.42 for "
                "42% (the course keeps rates as fractions so they go straight into formulas)."
            )
        decimals = _rounded_to(answer, expected, self.comparator)
        if decimals is not None:
            places = "whole numbers" if decimals == 0 else f"{decimals} decimal"
            return ROUNDED_MESSAGE.format(decimals=places + ("s" if decimals > 1 else ""))
        generic = generic_number_mistake(
            answer, expected, self.percent_is_mistake, hundredfold=self.hundredfold
        )
        if generic:
            return generic
        if (
            is_exact_number(answer)
            and not math.isnan(float(answer))  # the reason already says NaN
            and show_number(answer) not in reason
        ):
            return (
                f"{reason} Your answer is {show_number(answer)}; that is not what the data gives."
            )
        return reason


def _format_case(case: Case, namespace: dict | None = None) -> str:
    """The inputs of a case in a line; a table is named by its size, and one that is not the
    learner's own table of the same name (the check's small worked example) says so."""
    parts = []
    for key, value in case.items():
        if isinstance(value, pd.DataFrame):
            theirs = (namespace or {}).get(key)
            if isinstance(theirs, pd.DataFrame) and len(theirs) != len(value):
                parts.append(
                    f"{key}=<the check's own test table of {len(value):,} rows, not your "
                    f"{key} of {len(theirs):,}>"
                )
            else:
                parts.append(f"{key}=<a table of {len(value):,} rows>")
        elif isinstance(value, pd.Series) and len(value):  # not printed row by row
            parts.append(f"{key}=<{describe(value)}, its rows labelled from {value.index[0]!r}>")
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


class AnswerKeyUsed(Exception):
    """Raised inside a learner's function that called the exercise's own reference."""


class _AnswerKeyGuard:
    """Notices a learner's function calling the exercise's reference implementation.

    The reference is the course's own function (``finance.ltv`` for the exercise that asks for
    ``ltv``): passing it, or a function that calls it, would pass the check without writing the
    formula. While the learner's function runs, the reference's code is swapped for a tripwire,
    so every name bound to it (``finance.ltv``, an alias imported earlier) trips it; calls from
    the course's own code (another toolkit function that uses it) run it as usual.
    """

    active: _AnswerKeyGuard | None = None

    def __init__(self, reference: Callable[..., Any]) -> None:
        self.reference = reference
        self.original = types.FunctionType(
            reference.__code__,
            reference.__globals__,
            reference.__name__,
            reference.__defaults__,
            reference.__closure__,
        )
        self.original.__kwdefaults__ = reference.__kwdefaults__
        self.tripped = False

    @staticmethod
    def applies(reference: Any) -> bool:
        return isinstance(reference, types.FunctionType) and not reference.__code__.co_freevars

    def __enter__(self) -> _AnswerKeyGuard:
        ref = self.reference
        self._saved = (ref.__code__, ref.__defaults__, ref.__kwdefaults__)
        ref.__code__, ref.__defaults__, ref.__kwdefaults__ = _tripwire.__code__, None, None
        _AnswerKeyGuard.active = self
        return self

    def __exit__(self, *exc: Any) -> None:
        ref = self.reference
        ref.__code__, ref.__defaults__, ref.__kwdefaults__ = self._saved
        _AnswerKeyGuard.active = None

    def call(self, caller: types.FrameType, args: tuple, kwargs: dict) -> Any:
        if not str(caller.f_globals.get("__name__", "")).startswith("cmo_course."):
            self.tripped = True
            raise AnswerKeyUsed
        return self.original(*args, **kwargs)


def _tripwire(*args: Any, **kwargs: Any) -> Any:
    # Runs as the reference's code while a guard is on: no free variables, so it can stand in.
    import sys as _sys

    guard = _sys.modules["cmo_course.checks.exercises"]._AnswerKeyGuard.active
    return guard.call(_sys._getframe(1), args, kwargs)


@dataclass(kw_only=True)
class FunctionExercise(ComparedExercise):
    """The learner writes a function; ``reference`` is the right one. ``cases`` and
    ``hidden_cases`` build the keyword arguments both are called with."""

    reference: Callable[..., Any]
    cases: Callable[[], list[Case]]
    hidden_cases: Callable[[], list[Case]] | None = None

    @property
    def none_is_an_answer(self) -> bool:
        """Whether None is a right answer on some inputs (a payback month that never comes)."""
        return isinstance(self.comparator, OptionalInt)

    @property
    def has_hidden_tests(self) -> bool:
        return self.hidden_cases is not None

    def reference_namespace(self) -> dict[str, Any]:
        """A right answer that is not the reference itself: a copy of its code, as a learner
        who wrote the same function would define it."""
        ref = self.reference
        if not _AnswerKeyGuard.applies(ref):
            return {self.answer: ref}
        copied = types.FunctionType(
            ref.__code__.replace(co_name=self.answer),
            ref.__globals__,
            self.answer,
            ref.__defaults__,
            ref.__closure__,
        )
        copied.__kwdefaults__ = ref.__kwdefaults__
        return {self.answer: copied}

    def _answer_key_message(self) -> str:
        # the name a learner knows it by: finance.ltv, whichever file of finance defines it
        parts = self.reference.__module__.split(".")
        where = f"{parts[1] if len(parts) > 1 else parts[0]}.{self.reference.__name__}"
        return (
            f"Your `{self.answer}` uses the course's own `{where}`, which is this exercise's answer "
            "key. Write the calculation yourself: that is what the exercise practises (after it, "
            f"use `{where}` freely)."
        )

    def _call(self, function: Callable[..., Any], case: Case) -> Any:
        """Call the learner's function on one case, failing it if it uses the answer key."""
        if function is self.reference:
            raise self.fail(self._answer_key_message())
        if not _AnswerKeyGuard.applies(self.reference):
            return function(**copy.deepcopy(case))
        with _AnswerKeyGuard(self.reference) as guard:
            try:
                got = function(**copy.deepcopy(case))
            except Exception:
                if guard.tripped:
                    raise self.fail(self._answer_key_message()) from None
                raise
        if guard.tripped:  # the learner's function caught the tripwire and carried on
            raise self.fail(self._answer_key_message())
        return got

    def _check(self, function: Any, namespace: dict, hidden: bool) -> str:
        if not callable(function) or isinstance(function, type):
            raise self.fail(
                f"`{self.answer}` should be a function (def {self.answer}(...):); it is {describe(function)}."
            )
        builder = self.hidden_cases if hidden else self.cases
        cases = builder() if builder else []
        seen: list[tuple[Case, Any]] = []
        for case in cases:
            try:
                got = self._call(function, case)
            except messages.CheckFailed:
                raise
            except NotImplementedError:
                raise self.not_attempted(
                    f"Replace the `raise NotImplementedError(...)` line in `{self.answer}` with your code, "
                    "run that cell, then run this one."
                ) from None
            except TypeError as error:
                if "argument" in str(error):
                    raise self.fail(
                        f"`{self.answer}` could not be called with {list(case)} as its arguments: {error}. "
                        "Keep the parameter names given in the exercise."
                    ) from None
                raise self.fail(self._crash(case, error, namespace, seen)) from None
            except Exception as error:
                raise self.fail(self._crash(case, error, namespace, seen)) from None
            seen.append((case, got))
            expected = self.reference(**copy.deepcopy(case))
            try:
                self.comparator.compare(got, expected)
            except Mismatch as mismatch:
                raise self.fail(self._explain(seen, expected, str(mismatch), namespace)) from None
        if hidden:
            return messages.hidden_passed(self.id, f"{len(cases)} more cases passed.")
        return self.passed_line(function)

    def _crash(
        self,
        case: Case,
        error: Exception,
        namespace: dict | None = None,
        seen: list[tuple[Case, Any]] = (),
    ) -> str:
        """The error and its inputs; then the named mistake that crashes the same way, if one
        does and also gives the learner's results on the cases before (its words say what the
        code meant to do), else a slip the error is known for."""
        told = (
            f"Your function raised {type(error).__name__}: {error} "
            f"(inputs: {_format_case(case, namespace)})."
        )
        for mistake in self.mistakes:
            if mistake.crashes_like(error, case) and (
                mistake.function is None or self._explains(mistake, list(seen))
            ):
                return f"{told} {mistake.text[:1].upper()}{mistake.text[1:]}"
        return told + python_slip(error)

    def _explain(
        self,
        seen: list[tuple[Case, Any]],
        expected: Any,
        reason: str,
        namespace: dict | None = None,
    ) -> str:
        """Name the mistake that explains the learner's outputs on every case run so far."""
        case, got = seen[-1]
        where = f"With {_format_case(case, namespace)}"
        for mistake in self.mistakes:
            if mistake.function is not None and self._explains(mistake, seen):
                return f"{where}: {mistake.text}"
        if got is None and expected is not None:
            if self.none_is_an_answer:
                return (
                    f"{where}, your function returned None, which means 'never' here; on these "
                    "inputs there is an answer. Check the condition that decides when to stop."
                )
            return f"{where}, your function returned None. Did you forget `return`?"
        generic = generic_number_mistake(
            got,
            expected,
            self.percent_is_mistake,
            computed_from_data=False,
            hundredfold=self.hundredfold,
        )
        if generic:
            return f"{where}: {generic}"
        if is_exact_number(got) and math.isnan(float(got)):  # the reason says NaN already
            return f"{where}: {reason}"
        shown = show_number(got) if is_exact_number(got) else describe(got)
        return f"{where}, your function returned {shown}. {reason}"

    def _explains(self, mistake: Mistake, seen: list[tuple[Case, Any]]) -> bool:
        for case, got in seen:
            try:
                wrong = mistake.function(**copy.deepcopy(case))
            except Exception:
                return False
            if not self.comparator.same(got, wrong):
                return False
        return True


# --------------------------------------------------------------------------------------------
# Exercises checked by rules
# --------------------------------------------------------------------------------------------

Rules = Callable[[Any, dict], str | None]


@dataclass(kw_only=True)
class RuleExercise(Exercise):
    """No single right answer (a plan the learner designs): ``rules`` reads the answer and the
    learner's other answers and returns what breaks a rule ("" or None if nothing does);
    ``hidden_rules`` are further rules the graded hidden tests apply. ``example`` builds a
    namespace that keeps every rule."""

    rules: Rules
    example: Callable[[], dict]
    hidden_rules: Rules | None = None

    @property
    def has_hidden_tests(self) -> bool:
        return self.hidden_rules is not None

    def reference_namespace(self) -> dict[str, Any]:
        return self.example()

    def _check(self, answer: Any, namespace: dict, hidden: bool) -> str:
        rules = self.hidden_rules if hidden else self.rules
        if rules is None:
            return messages.hidden_passed(self.id, "no further rules.")
        try:
            broken = rules(answer, namespace)
        except Exception as error:  # a malformed answer breaks the rule, not the checker
            broken = f"Your answer could not be read: {type(error).__name__}: {error}"
        if broken:
            raise self.fail(broken)
        if hidden:
            return messages.hidden_passed(self.id, "the graded rules hold too.")
        return self.passed_line(answer)


__all__ = [
    "AnswerKeyUsed",
    "Case",
    "ComparedExercise",
    "Exercise",
    "FunctionExercise",
    "Mistake",
    "RuleExercise",
    "ValueExercise",
    "generic_number_mistake",
]
