"""The checker a notebook uses: ``check("1.2")``, ``check.hint("1.2")``, ``check.progress()``.

The same call runs in the learner's test cell and under nbgrader autograde:

    check("1.2")               # the visible check, on the course data
    check("1.2", hidden=True)  # nbgrader's hidden tests: other inputs and edge cases

A check reads the learner's answer by name from the notebook and hands it to the exercise,
which compares it strictly and either returns a plain pass line or raises with a message that
names the likely mistake in business words (see ``messages``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pandas as pd

from .exercises import Exercise
from .messages import CheckFailed, NotAttemptedYet

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

    def _exercise(self, exercise_id: str) -> Exercise:
        key = str(exercise_id).strip()
        if key not in self.exercises:
            raise KeyError(
                f"There is no Exercise {key} in {self.module}. Exercises: {', '.join(self.exercises)}."
            )
        return self.exercises[key]

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

    def __call__(
        self, exercise_id: str, *, hidden: bool = False, namespace: dict | None = None
    ) -> None:
        """Check an exercise. Prints a pass; raises NotAttemptedYet or TryAgain otherwise."""
        exercise = self._exercise(exercise_id)
        if namespace is None:
            namespace = sys._getframe(1).f_globals
        try:
            message = exercise.check(namespace, hidden)
        except CheckFailed as failure:
            status = "not attempted" if isinstance(failure, NotAttemptedYet) else "not yet"
            self._results[exercise.id] = Result(status, str(failure))
            raise
        if not hidden:
            self._results[exercise.id] = Result("passed", message)
        print(message)

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
