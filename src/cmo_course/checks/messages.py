"""The message contract: what a check prints or raises, which grading reads back.

Every check in the course ends in one of three ways, each with a fixed first line:

- it passes and prints ``✔ Exercise 1.2 (title) passed. ...``;
- the answer is still the stub: it raises ``NotAttemptedYet("• Exercise 1.2 (title) is not
  attempted yet. ...")``;
- the answer is wrong: it raises ``TryAgain("✘ Exercise 1.2 (title): not yet.\\n<the likely
  mistake>\\n<how to get a hint>")``.

nbgrader scores a test cell by whether it raised; the course's grader (``instructor``) also
reads these lines: a test cell that printed no pass line ran without its check, and the second
line of a ``TryAgain`` is the reason a learner sees in their grade. Grading, the cohort grader
and the report import what they need from here, so the wording lives in one place.
"""

from __future__ import annotations

import os
import re

PASS_MARK = "\u2714 Exercise"  # ✔ Exercise
FAIL_MARK = "\u2718 Exercise"  # ✘ Exercise
NOT_ATTEMPTED_MARK = "\u2022 Exercise"  # • Exercise

# The learner's placeholder in an answer cell (nbgrader's code stub): it raises until replaced.
STUB_MESSAGE = "replace this line with your answer"

# Set to "1" in the kernels nbgrader starts to grade or validate a notebook: there a failed
# check must show as an error (a failed test). In a learner's own kernel an answer not yet
# attempted shows as one calm line instead, and a wrong one as a "not yet" box.
STRICT_VAR = "CMO_COURSE_STRICT_CHECKS"


def strict() -> bool:
    """Is this kernel grading or validating (failures must be errors)?"""
    return os.environ.get(STRICT_VAR, "") == "1"


# the exception class names nbgrader records as a failed cell's ``ename``
TRY_AGAIN = "TryAgain"
NOT_ATTEMPTED = "NotAttemptedYet"


class CheckFailed(AssertionError):
    """An exercise's check did not pass. Under nbgrader this scores zero for the cell."""


class NotAttemptedYet(CheckFailed):
    """The answer is still the stub."""


class TryAgain(CheckFailed):
    """The answer is there but not right yet."""


class NoSuchExercise(CheckFailed):
    """``check(...)`` or ``check.hint(...)`` was given an id that names no checked exercise."""


assert (NotAttemptedYet.__name__, TryAgain.__name__) == (NOT_ATTEMPTED, TRY_AGAIN)


_SIGN_AFTER_DOLLAR = re.compile(r"\$([+-])(?=\d)")


def money_signs(text: str) -> str:
    """Dollars written as a person writes them: -$6,506 and +$141,463, never $-6,506 (what
    an f-string's ``${x:+,.0f}`` gives)."""
    return _SIGN_AFTER_DOLLAR.sub(r"\1$", text)


def passed(exercise_id: str, title: str, extra: str = "") -> str:
    """The line a passing check prints."""
    return money_signs(f"{PASS_MARK} {exercise_id} ({title}) passed. {extra}".rstrip())


def hidden_passed(exercise_id: str, what: str) -> str:
    """The line a passing hidden test prints (no title: the visible check said it already)."""
    return f"{PASS_MARK} {exercise_id}: {what}"


def not_yet(exercise_id: str, title: str, reason: str, has_hints: bool) -> TryAgain:
    """The failure for a wrong answer: the header, the likely mistake, the way to a hint."""
    more = f'Need a nudge? Run check.hint("{exercise_id}").' if has_hints else ""
    return TryAgain(
        money_signs(f"{FAIL_MARK} {exercise_id} ({title}): not yet.\n{reason}\n{more}".rstrip())
    )


def not_attempted(exercise_id: str, title: str, detail: str) -> NotAttemptedYet:
    """The failure for an answer that is still the stub."""
    return NotAttemptedYet(
        f"{NOT_ATTEMPTED_MARK} {exercise_id} ({title}) is not attempted yet. {detail}"
    )


def printed_a_pass(text: str) -> bool:
    """Did a test cell's printed output include a check's pass line?"""
    return PASS_MARK in text


def pass_lines(text: str) -> list[str]:
    """The pass lines in a test cell's printed output."""
    return [line for line in text.splitlines() if line.startswith(PASS_MARK)]


def graded_reason(ename: str, evalue: str) -> str | None:
    """What a grade says about a failed check: the header and the likely mistake for a
    ``TryAgain``, the first sentence for ``NotAttemptedYet``; None for any other error."""
    lines = [line.strip() for line in str(evalue).splitlines() if line.strip()]
    if not lines:
        return None
    if ename == TRY_AGAIN:
        return " ".join(lines[:2])
    if ename == NOT_ATTEMPTED:
        return lines[0].split(". ", 1)[0] + "."
    return None


_HEADER = re.compile(
    rf"^(?:{FAIL_MARK}|{NOT_ATTEMPTED_MARK}) [\w.]+ \([^)]*\)(?::)?\s*(?:not yet\.)?\s*"
)


def mistake_of(reason: str) -> str:
    """The part of a failure's reason that names the mistake (the exercise header dropped)."""
    return _HEADER.sub("", reason).strip() or reason
