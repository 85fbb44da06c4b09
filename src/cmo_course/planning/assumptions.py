"""What a plan assumes, as multipliers on the plan model's base case, and the three scenarios
modules 05 and 06 run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assumptions:
    """What a plan assumes, as multipliers on the model's base case (0.0 and 1.0: as the base
    case). A scenario changes the assumptions, not only the budget."""

    organic_growth: float = 0.0  # change in new customers who come without paid media (+0.1: 10%)
    retention: float = 1.0  # revenue the existing customers bring
    conversion: float = 1.0  # customers a dollar of media brings at the same reach
    order_value: float = 1.0  # revenue (and contribution) per customer
    ad_prices: float = 1.0  # what reach costs (1.1: 10% dearer)
    # how much of last year's momentum carries on (1: all of it, as the base case; 0: it stops,
    # 2025's level; 1.5: half as fast again): both the new customers who come without paid media
    # and what a dollar of paid digital brings grow by this share of their growth last year
    momentum: float = 1.0


def _checked(assumptions: object) -> Assumptions:
    """The assumptions, or an error that says what the model needs (a learner may pass the
    scenario's name, or put a result's key in the wrong brackets)."""
    if isinstance(assumptions, Assumptions):
        return assumptions
    if isinstance(assumptions, str) and assumptions in SCENARIOS:
        raise TypeError(
            f"The model needs the scenario's assumptions, not its name: pass "
            f"planning.SCENARIOS[{assumptions!r}], not {assumptions!r}."
        )
    raise TypeError(
        "The model's second argument is the assumptions: a planning.Assumptions such as "
        "planning.SCENARIOS['downside'] (or nothing, for the base case); it got "
        f"{type(assumptions).__name__} {assumptions!r:.60}. To read one result, index what "
        "evaluate returns after the call: model.evaluate(plan)['gap']."
    )


# The downside stops last year's momentum (both terms: the base case carries both) and adds
# weaker customers and dearer reach; the upside has momentum run half as fast again, with
# slightly better customers and cheaper reach.
SCENARIOS = {
    "downside": Assumptions(momentum=0.0, retention=0.95, order_value=0.97, ad_prices=1.1),
    "base": Assumptions(),
    "upside": Assumptions(momentum=1.5, retention=1.03, order_value=1.02, ad_prices=0.95),
}
