"""The slips any number can show, named: a percentage where a fraction is meant, a factor of
100, a flipped sign, rounding, a near miss. Read by value and function exercises alike
(``exercises``) when no named mistake explains an answer.
"""

from __future__ import annotations

import math
from typing import Any

from .comparators import is_exact_number

PERCENT_MESSAGE = (
    "This looks like a percentage. Give the answer as a fraction: 0.42 for 42% (the course keeps "
    "rates as fractions so they can go straight into formulas)."
)


HUNDRED_TIMES_MESSAGE = (
    "This is exactly 100 times the right answer: a x 100 too many, as if the answer were a "
    "percentage (300 for 3.0, or 42 for 0.42). Leave out the x 100: the course keeps rates and "
    "ratios as plain numbers."
)
HUNDREDTH_MESSAGE = (
    "This is exactly the right answer divided by 100: a / 100 too many, or a percentage (42) "
    "used where a fraction (0.42) is meant, or the other way round. Check each figure you divide "
    "by: rates and ratios stay plain numbers, not percentages."
)


def _looks_rounded(value: float, target: float) -> bool:
    """Is ``value`` the target rounded to a few decimals or significant figures?"""
    candidates = [round(target, decimals) for decimals in range(5)]
    candidates += [float(f"{target:.{digits}g}") for digits in (2, 3, 4, 5)]
    return any(math.isclose(value, c, rel_tol=1e-9, abs_tol=1e-12) for c in candidates)


def generic_number_mistake(
    answer: Any,
    expected: Any,
    percent_is_mistake: bool,
    computed_from_data: bool = True,
    hundredfold: str = "",
) -> str | None:
    """A slip any number can show: a percentage, a factor of 100, a flipped sign, rounding, a
    near miss. ``computed_from_data`` says whether the answer comes from filtering the data (a
    value exercise) or from a formula on given inputs (a function), which the near-miss advice
    fits; ``hundredfold`` is the exercise's own word on a factor of 100 (what the unit is)."""
    if not (is_exact_number(answer) and is_exact_number(expected)):
        return None
    value, target = float(answer), float(expected)
    if target == 0 or math.isnan(value):
        return None
    if percent_is_mistake and math.isclose(value, target * 100, rel_tol=1e-4):
        return PERCENT_MESSAGE
    # a factor of exactly 100 is a percentage slip, not a different method: no other mistake
    # lands there by chance (within 0.01%); counts (whole numbers both) are left alone
    whole = value.is_integer() and target.is_integer()
    if not whole and math.isclose(value, target * 100, rel_tol=1e-4):
        return f"{HUNDRED_TIMES_MESSAGE} {hundredfold}".rstrip()
    if not whole and math.isclose(value, target / 100, rel_tol=1e-4):
        return f"{HUNDREDTH_MESSAGE} {hundredfold}".rstrip()
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
        if math.isclose(value, target, rel_tol=1e-3):
            # far closer than a different filter or formula lands: a rounded input, such as a
            # figure copied from a displayed table, carried through the calculation
            return (
                "Within 0.1% of the right answer: the method looks right, but one of the numbers "
                "you used seems rounded. Did you type a figure from a table or a print (an order "
                "value, a rate) instead of computing it from the data? Use the full value."
            )
        if computed_from_data:
            return (
                "Within 1% of the right answer, but not the same: a small difference in method. "
                "Compare each step with the exercise: the rows you kept (years, channels, "
                "months), and totals added up before you divide (not an average of rates)."
            )
        return (
            "Within 1% of the right answer, but not the same: the formula differs slightly. "
            "Check each term against the exercise's formula: a period too many or too few, a "
            "step rounded (up or down) on the way, or an approximation instead of the exact formula."
        )
    return None
