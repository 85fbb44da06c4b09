"""Exercise checks for every module. A notebook creates one Checker for its module:

from cmo_course.checks import Checker
check = Checker("01_finance")
check("1.1")          # check Exercise 1.1
check.hint("1.1")     # one hint at a time

The engine: ``comparators`` (how an answer is compared), ``exercises`` (the kinds of
exercise, each owning how it is checked, and the mistakes they name), ``messages`` (what a
check prints or raises, which grading reads back) and ``checker`` (the notebook's ``check``).
Then one file per module (``m01_finance.py``) declares its exercises and the explorers it shows
on a projector; the module manifest (``cmo_course.manifest``) names the file.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .. import manifest
from .checker import Checker
from .comparators import Choice, Frame, Mismatch, Number, Numbers, OptionalInt, SeriesOf
from .exercises import (
    ComparedExercise,
    Exercise,
    FunctionExercise,
    Mistake,
    RuleExercise,
    ValueExercise,
)
from .messages import CheckFailed, NotAttemptedYet, TryAgain


def definition(module: str) -> ModuleType:
    """The checks file of a course module (its EXERCISES, and EXPLORERS if it has any)."""
    return import_module(f"{__name__}.{manifest.get(module).checks}")


def exercises_for(module: str) -> list[Exercise]:
    """The exercises of a course module, in order."""
    return list(definition(module).EXERCISES)


__all__ = [
    "CheckFailed",
    "Checker",
    "Choice",
    "ComparedExercise",
    "Exercise",
    "Frame",
    "FunctionExercise",
    "Mismatch",
    "Mistake",
    "NotAttemptedYet",
    "Number",
    "Numbers",
    "OptionalInt",
    "RuleExercise",
    "SeriesOf",
    "TryAgain",
    "ValueExercise",
    "definition",
    "exercises_for",
]
