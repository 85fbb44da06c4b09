"""Exercise checks for every module. A notebook creates one Checker for its module:

from cmo_course.checks import Checker
check = Checker("01_finance")
check("1.1")          # check Exercise 1.1
check.hint("1.1")     # one hint at a time
"""

from __future__ import annotations

from importlib import import_module

from .core import (
    Checker,
    CheckFailed,
    Choice,
    Exercise,
    Frame,
    Mismatch,
    Mistake,
    NotAttemptedYet,
    Number,
    Numbers,
    OptionalInt,
    SeriesOf,
    TryAgain,
)

# module id -> the module in this package that defines its exercises
MODULES = {
    "00_start_here": "m00_start_here",
    "01_finance": "m01_finance",
    "02_funnels": "m02_funnels",
    "03_paid_media": "m03_paid_media",
    "04_offline_channels": "m04_offline_channels",
    "05_annual_planning": "m05_annual_planning",
    "06_capstone": "m06_capstone",
}


def exercises_for(module: str) -> list[Exercise]:
    """The exercises of a course module, in order."""
    if module not in MODULES:
        raise KeyError(f"No exercises for module {module!r}. Modules: {', '.join(MODULES)}.")
    return list(import_module(f"{__name__}.{MODULES[module]}").EXERCISES)


__all__ = [
    "MODULES",
    "CheckFailed",
    "Checker",
    "Choice",
    "Exercise",
    "Frame",
    "Mismatch",
    "Mistake",
    "NotAttemptedYet",
    "Number",
    "Numbers",
    "OptionalInt",
    "SeriesOf",
    "TryAgain",
    "exercises_for",
]
