"""Interactive explorers: ipywidgets controls wired to the domain models and a plotly FigureWidget.

The computation lives in the domain modules (``finance``, ``funnels``, ``media``, ``offline``,
``planning``); an explorer only reads its controls, asks the model, and redraws. Every explorer
stands on the same base (``base.Explorer``: controls settable from code with one redraw, a
button back to the start, a readout, a chart) and can be driven from code too (``set(...)``),
which is how the tests move its controls. One file per explorer:

- ``unit_economics``: module 01, one acquired customer's LTV, payback and cash curve;
- ``funnel``: module 02, the store's funnel by segment and the revenue at stake;
- ``budget_allocator``: module 03, splitting paid media against the best split;
- ``flight_planner`` and ``geo_test_designer``: module 04, a TV flight and a geo test's power;
- ``plan_builder``: module 05, next year's plan against the target.
"""

from __future__ import annotations

from .base import Explorer, readout, slider, sync_figure
from .budget_allocator import BudgetAllocator, budget_allocator
from .flight_planner import FlightPlanner, flight_planner
from .funnel import FunnelExplorer, funnel_explorer
from .geo_test_designer import GeoTestDesigner, geo_test_designer
from .plan_builder import PlanBuilder, plan_builder
from .unit_economics import UnitEconomicsExplorer, unit_economics_explorer

__all__ = [
    "BudgetAllocator",
    "Explorer",
    "FlightPlanner",
    "FunnelExplorer",
    "GeoTestDesigner",
    "PlanBuilder",
    "UnitEconomicsExplorer",
    "budget_allocator",
    "flight_planner",
    "funnel_explorer",
    "geo_test_designer",
    "plan_builder",
    "readout",
    "slider",
    "sync_figure",
    "unit_economics_explorer",
]
