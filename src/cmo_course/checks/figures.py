"""Figures in a lesson's text that the data decides, so that no recalibration can leave a stale
number behind.

Each module's checks file declares ``FACTS``: every figure its lesson's prose, model answers and
mark schemes state, computed from the data, with the way the text writes it::

    FACTS = {
        "paid CAC 2025": Fact(paid_cac, "${:,.0f}"),
        "net revenue 2025": Fact(lambda: annual()["net_revenue"], "${:.1f}M", scale=1e6),
    }

and ``TEXT_CONSTANTS``: the numbers in its text that are not data (worked examples, rules of
thumb, the inputs of a hand calculation). A test reads every number in the lesson's text: each
must be a fact, as rendered on the shipped data, or a declared constant; and each fact's
rendering must appear in the text (see ``authoring.figures``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """A figure of the text: how to compute it from the loaded data, and how the text writes it
    (``fmt`` applied to the value divided by ``scale``)."""

    compute: Callable[[], float]
    fmt: str
    scale: float = 1.0

    def render(self) -> str:
        return self.fmt.format(float(self.compute()) / self.scale)
