"""The checker a notebook uses: ``check("1.2")``, ``check.hint("1.2")``, ``check.progress()``.

The same call runs in the learner's test cell and under nbgrader autograde:

    check("1.2")               # the visible check, on the course data
    check("1.2", hidden=True)  # nbgrader's hidden tests: other inputs and edge cases

A check reads the learner's answer by name from the notebook and hands it to the exercise,
which compares it strictly and either returns a plain pass line or raises with a message that
names the likely mistake in business words (see ``messages``).
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from .. import manifest
from .exercises import Exercise
from .messages import (
    STUB_MESSAGE,
    CheckFailed,
    NoSuchExercise,
    NotAttemptedYet,
    mistake_of,
    strict,
)
from .progress import Event, ProgressLog
from .slips import python_slip, reads_as_sentence

SOLUTIONS_NOTE = (
    "Worked solutions are in the course's solutions/ folder (in a workshop, your facilitator "
    "shares them after the session)."
)


_CALM = (
    "<div style='font-family:var(--jp-ui-font-family, sans-serif);font-size:14px;"
    "padding:6px 10px;border-left:4px solid {colour};background:{background};"
    "white-space:pre-wrap'>{text}</div>"
)


def _calm(text: str, colour: str, background: str) -> dict:
    return {
        "text/plain": text,
        "text/html": _CALM.format(colour=colour, background=background, text=html.escape(text)),
    }


def _not_attempted(message: str) -> dict:
    """One short grey line, with what to do one click away."""
    summary, _, detail = message.partition(" yet. ")
    summary = summary + " yet." if detail else message
    return {
        "text/plain": message,
        "text/html": (
            "<details style='font-family:var(--jp-ui-font-family, sans-serif);font-size:14px;"
            "padding:6px 10px;border-left:4px solid #999999;background:#f5f5f5'>"
            f"<summary style='cursor:pointer'>{html.escape(summary)}</summary>"
            f"<div style='margin-top:4px'>{html.escape(detail)}</div></details>"
        ),
    }


def _install_friendly_errors() -> None:
    """In a learner's IPython kernel, show checks and stubs in words, not tracebacks.

    - An answer cell still holding its stub (``raise NotImplementedError`` with the course's
      message) shows one grey line: not attempted yet.
    - A check of an answer not attempted yet shows one grey line; a wrong answer shows its
      message in an amber "not yet" box.
    Each stays an exception, so the cell still counts as failed; only what it shows changes.
    In the kernels nbgrader grades or validates in (``messages.strict()``), a failed check shows
    as an error output with its message, which is how nbgrader scores a failed test.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the course
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_cmo_course_friendly", False):
        return

    def show(shell, etype, evalue, tb, tb_offset=None):
        stub = issubclass(etype, NotImplementedError) and str(evalue) == STUB_MESSAGE
        if not (stub or issubclass(etype, CheckFailed)):
            shell.showtraceback((etype, evalue, tb), tb_offset=tb_offset)
            slip = python_slip(evalue).strip()
            if slip:  # a spreadsheet habit behind a Python error: say so under it
                shell.display_pub.publish(_calm(slip, "#0072B2", "#eef5fb"))
            return None
        if strict():
            if stub:
                return shell.showtraceback((etype, evalue, tb), tb_offset=tb_offset)
            return shell._showtraceback(etype, evalue, [str(evalue)])
        if stub:
            text = (
                "Not attempted yet: write your answer here, in place of the "
                "raise NotImplementedError(...) line, then run this cell."
            )
            data = _calm(text, "#999999", "#f5f5f5")
        elif issubclass(etype, NotAttemptedYet):
            data = _not_attempted(str(evalue))
        else:
            data = _calm(str(evalue), "#E69F00", "#fff8e6")
        shell.display_pub.publish(data)
        return None

    slips = (TypeError, ValueError, KeyError, AttributeError)  # errors python_slip explains
    shell.set_custom_exc((CheckFailed, NotImplementedError, *slips), show)
    # a number a cell ends with shows as 0.342, not np.float64(0.342) (NumPy 2's repr)
    np.set_printoptions(legacy="1.25")
    shell._cmo_course_friendly = True


def _answer_cell_failed(answer: str) -> str | None:
    """The error of the cell run just before the check, when that cell sets ``answer`` and
    stopped with an error (other than the untouched stub): the check would otherwise judge the
    value the answer held before, and repeat an old message as if the change did nothing."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the course
        return None
    shell = get_ipython()
    last = getattr(shell, "last_execution_result", None)
    error = getattr(last, "error_in_exec", None) or getattr(last, "error_before_exec", None)
    stub = isinstance(error, NotImplementedError) and str(error) == STUB_MESSAGE
    if error is None or stub or isinstance(error, CheckFailed):  # a check cell run again
        return None
    cell = getattr(getattr(last, "info", None), "raw_cell", "") or ""
    if not re.search(rf"\b{re.escape(answer)}\b", cell):
        return None
    said = f"{type(error).__name__}: {_error_words(error)}".rstrip(": ").removesuffix(".")
    return said + ")." + python_slip(error)


ECHO_LENGTH = 300  # about three lines of the check's message


def _error_words(error: BaseException) -> str:
    """An error's words to quote in the check's message: whole sentences of its first line, up
    to about ``ECHO_LENGTH`` characters. A long tail (a table's columns, which the error above
    already lists) is left out rather than cut mid-word; a course function's KeyError sentence
    is quoted without the quotes KeyError adds."""
    key = error.args[0] if isinstance(error, KeyError) and len(error.args) == 1 else None
    text = key if reads_as_sentence(key) else str(error)
    line = text.splitlines()[0].strip() if text.strip() else ""
    if len(line) <= ECHO_LENGTH:
        return line
    kept = ""
    for sentence in re.split(r"(?<=[.;!?])\s+", line):
        if kept and len(kept) + 1 + len(sentence) > ECHO_LENGTH:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) > ECHO_LENGTH:  # one long sentence: cut it at a word, and say so
        kept = kept[:ECHO_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " ..."
    return kept


@dataclass
class Checker:
    """Checks, hints and progress for one module's exercises.

    >>> check = Checker("01_finance")
    >>> check("1.1")          # check Exercise 1.1
    >>> check.hint("1.1")     # the next hint for it
    >>> check.progress()      # where you stand, across sessions

    Checks and hints are recorded in the notebook's folder (``progress.ProgressLog``), except in
    the kernels nbgrader grades or validates in.
    """

    module: str
    exercises: dict[str, Exercise] = field(default_factory=dict)
    log: ProgressLog | None = None
    _hints_shown: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.exercises:
            from . import exercises_for

            self.exercises = {e.id: e for e in exercises_for(self.module)}
        if self.log is None:
            self.log = ProgressLog.for_this_kernel()
        _install_friendly_errors()

    def written(self) -> list[str]:
        """The ids of this module's written answers, which an instructor grades (no check):
        they follow the checked exercises, as the manifest counts them."""
        if self.module not in manifest.ids() or not self.exercises:
            return []
        count = manifest.get(self.module).requires.manual
        number = int(self.module[:2])
        return [f"{number}.{len(self.exercises) + k}" for k in range(1, count + 1)]

    def _exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id; None for a written answer (its words are printed here)."""
        if not isinstance(exercise_id, str):  # check(4.10): as a number, 4.10 is 4.1
            raise NoSuchExercise(
                f'Write the exercise\'s number in quotes: check("4.10"), not check(4.10). '
                f"Without quotes Python reads {exercise_id!r} as a number, and 4.10 is 4.1."
            )
        key = exercise_id.strip()
        if key in self.written():
            print(
                f"Exercise {key} is a written answer: your instructor grades it with the mark "
                "scheme, so there is no check and no hint to run. The text above it says what a "
                "strong answer holds; the numbers you computed in this module are its evidence."
            )
            return None
        if key not in self.exercises:
            raise NoSuchExercise(
                f"There is no Exercise {key} in {self.module}. Exercises with a check: "
                f"{', '.join(self.exercises)}."
            )
        return self.exercises[key]

    def _record(self, exercise: Exercise, kind: str, outcome: str = "", mistake: str = "") -> None:
        if not strict():
            self.log.record(Event.now(self.module, exercise.id, kind, outcome, mistake))

    def hint(self, exercise_id: str) -> None:
        """Print the next hint for an exercise (one more each time you call it)."""
        exercise = self._exercise(exercise_id)
        if exercise is None:
            return
        shown = self._hints_shown.get(exercise.id, 0)
        if shown >= len(exercise.hints):
            print(f"No more hints for Exercise {exercise.id}. {SOLUTIONS_NOTE}")
            return
        self._hints_shown[exercise.id] = shown + 1
        self._record(exercise, "hint")
        print(
            f"Hint {shown + 1} of {len(exercise.hints)} for Exercise {exercise.id}: {exercise.hints[shown]}"
        )

    def __call__(
        self, exercise_id: str, *, hidden: bool = False, namespace: dict | None = None
    ) -> None:
        """Check an exercise. Prints a pass; raises NotAttemptedYet or TryAgain otherwise."""
        exercise = self._exercise(exercise_id)
        if exercise is None:
            return
        if namespace is None:
            namespace = sys._getframe(1).f_globals
            stale = _answer_cell_failed(exercise.answer)
            if stale is not None and not hidden and not strict():
                self._record(exercise, "check", "not yet", "the answer cell stopped with an error")
                raise exercise.fail(
                    f"The cell you ran just before this one, which sets `{exercise.answer}`, "
                    f"stopped with an error ({stale} So `{exercise.answer}` may not hold what "
                    "that cell meant to give it. Fix that error and run that cell again (no red "
                    "error), then run this check."
                )
        try:
            message = exercise.check(namespace, hidden)
        except CheckFailed as failure:
            if not hidden:
                if isinstance(failure, NotAttemptedYet):
                    self._record(exercise, "check", "not attempted")
                else:
                    # its first sentence names the mistake; later ones may quote the answer
                    named = mistake_of(str(failure)).splitlines()[0].split(". ")[0]
                    self._record(exercise, "check", "not yet", named)
            raise
        if not hidden:
            self._record(exercise, "check", "passed")
        print(message)

    def progress(self) -> pd.DataFrame:
        """A table of this module's exercises: status, checks and hints, and minutes from the
        first check to the first pass, from every session recorded in this folder."""
        events, damaged = self.log.read()
        mine = [e for e in events if e.module == self.module]
        rows = []
        for exercise in self.exercises.values():
            history = [e for e in mine if e.exercise == exercise.id]
            # a check of an answer; running a check before writing one is not a try
            checks = [e for e in history if e.kind == "check" and e.outcome != "not attempted"]
            passes = [e for e in checks if e.outcome == "passed"]
            if passes:
                status = "passed"
            elif checks:
                status = checks[-1].outcome
            elif any(e.kind == "check" for e in history):
                status = "not attempted"
            else:
                status = "not checked yet"
            until = checks.index(passes[0]) + 1 if passes else len(checks)
            minutes = float("nan")
            if passes and checks:
                first, done = (datetime.fromisoformat(e.time) for e in (checks[0], passes[0]))
                minutes = round((done - first).total_seconds() / 60, 1)
            rows.append(
                {
                    "exercise": exercise.id,
                    "title": exercise.title,
                    "status": status,
                    "checks_to_pass": until,
                    "hints": sum(1 for e in history if e.kind == "hint"),
                    "minutes_to_pass": minutes,
                }
            )
        table = pd.DataFrame(rows).set_index("exercise")
        done = int((table["status"] == "passed").sum())
        print(f"{done} of {len(table)} exercises passed (every session in this folder).")
        written = self.written()
        if written:
            one = len(written) == 1
            print(
                f"Not in this table: {', '.join(written)}, written for your instructor to "
                f"grade; no check can pass or fail {'it' if one else 'them'}."
            )
        if damaged:
            print(
                f"{damaged} line(s) of the progress record ({self.log.path.name}) could not be "
                "read and were skipped."
            )
        if self.log.unwritable:
            print("This folder cannot be written to, so this session's progress is not kept.")
        return table
