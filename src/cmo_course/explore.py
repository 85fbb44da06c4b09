"""The lessons' explorers on their own, for a facilitator's projector (``cmo-course explore``).

Each module's explorers are built here from the loaded datasets with the same inputs the lesson
computes step by step (a test runs each lesson and compares its explorers with these), so the
demo opens exactly where the lesson's explorer does, on the shipped data or on a variant.
``cmo-course explore MODULE`` writes a notebook of them and serves it with Voila: controls,
charts and short prompts, no code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import datasets


@dataclass(frozen=True)
class Demo:
    """One explorer of a module: the name the lesson gives it, what to say while showing it,
    and how to build it from the data."""

    name: str
    title: str
    prompt: str
    build: Callable[[], object]


PAID_CHANNELS = ["paid_social", "paid_search", "paid_video"]


def _unit_economics():
    from . import finance, widgets

    pnl = datasets.load("pnl_monthly")
    orders, customers = datasets.load("orders"), datasets.load("customers")
    paid_cac = finance.cac(
        pnl.loc[pnl["month"].dt.year == 2025, "marketing_paid_digital"].sum(),
        finance.new_customers(customers, 2025, PAID_CHANNELS),
    )
    economics = finance.unit_economics_from_data(
        orders, customers, cac=paid_cac, channels=PAID_CHANNELS
    )
    return widgets.unit_economics_explorer(economics)


def _funnel():
    from . import widgets

    return widgets.funnel_explorer(datasets.load("web_events"))


def _budget_allocator():
    from . import finance, media, widgets

    paid = datasets.load("paid_media_daily")
    curves = media.curves_from(datasets.truth("paid_media_daily"))
    margin = finance.margin_before_refunds(datasets.load("pnl_monthly"), 2025)
    return widgets.budget_allocator(curves, media.daily_spend(paid, 2025), margin)


def _flight_planner():
    from . import widgets

    mix = datasets.load("media_mix_weekly")
    mix_2025 = mix[mix["week_start"].dt.year == 2025]
    geo = datasets.load("geo_test")
    theta = datasets.truth("media_mix_weekly")["offline_media"]["tv"]["weekly_adstock_theta"]
    return widgets.flight_planner(
        adults=geo.drop_duplicates("market")["adults"].sum(),
        cost_per_point=mix_2025["tv_spend"].sum() / mix_2025["tv_grps"].sum(),
        theta=theta,
    )


def _geo_test_designer():
    from . import offline, widgets

    geo = datasets.load("geo_test")
    weekly = geo.pivot_table(
        index=["week_start", "period"], columns="group", values="new_customers", aggfunc="sum"
    ).reset_index()
    pre = weekly[weekly["period"] == "pre"]
    market_cv = offline.market_cv(pre["test"], pre["control"], 20, 20)
    return widgets.geo_test_designer(market_cv=market_cv, weeks_before=52)


def _plan_builder():
    from . import planning, widgets

    model = planning.course_model()
    budget = datasets.load("planning_inputs")["ly_paid_media"].sum()
    split = model.last_year_split
    brand_share = split[split.index.isin(planning.BRAND_CHANNELS)].sum() / split.sum()
    return widgets.plan_builder(model, budget, brand_share)


TITLES = {
    "01_finance": "Module 01 · Finance for marketers",
    "02_funnels": "Module 02 · Funnels",
    "03_paid_media": "Module 03 · Paid media",
    "04_offline_channels": "Module 04 · Offline channels",
    "05_annual_planning": "Module 05 · Annual planning",
}

DEMOS: dict[str, tuple[Demo, ...]] = {
    "01_finance": (
        Demo(
            "explorer",
            "Unit economics of one paid customer",
            "Start from what a paid customer really costs and earns. Ask the room: which lever "
            "moves payback most, a 10% cheaper CAC or a 10% higher repeat rate? Move both and see.",
            _unit_economics,
        ),
    ),
    "02_funnels": (
        Demo(
            "explorer",
            "The store's funnel, and what a better step is worth",
            "Pick mobile, then raise checkout completion to desktop's rate. Ask: what is that "
            "worth a year, and what would you spend to get it?",
            _funnel,
        ),
    ),
    "03_paid_media": (
        Demo(
            "allocator",
            "Where should the next dollar of paid media go?",
            "The same daily budget, split by hand. Move money from a channel with a low bar to one "
            "with a high bar, then press Best split. Ask: what did last year's split leave on the "
            "table?",
            _budget_allocator,
        ),
    ),
    "04_offline_channels": (
        Demo(
            "planner",
            "Plan a TV flight",
            "Change the weekly GRPs and the weeks on air. Ask: why does the pressure keep going "
            "after the last week, and what do reach and frequency say about wasted money?",
            _flight_planner,
        ),
        Demo(
            "designer",
            "Design a geo test",
            "Set the lift you hope TV brings and the weeks you can afford. Ask: how many weeks "
            "would you need before a null result means anything?",
            _geo_test_designer,
        ),
    ),
    "05_annual_planning": (
        Demo(
            "builder",
            "Build next year's media plan",
            "Change the budget, the brand share and the scenario. Ask: where does the gap to "
            "business development's target close, and what does it cost in profit?",
            _plan_builder,
        ),
    ),
}


def modules_with_explorers() -> list[str]:
    return list(DEMOS)


def demos(module: str) -> tuple[Demo, ...]:
    """The explorers of a module; a module without any gets a message naming those that have."""
    if module not in DEMOS:
        raise KeyError(
            f"{module} has no explorers to show. Modules with explorers: {', '.join(DEMOS)}."
        )
    return DEMOS[module]


def show(module: str, number: int):
    """Build explorer ``number`` (from 0) of ``module``; a notebook cell displays it."""
    return demos(module)[number].build()


def notebook(module: str) -> nbformat.NotebookNode:
    """A notebook of the module's explorers, one prompt and one explorer each."""
    shown = demos(module)
    cells = [nbformat.v4.new_markdown_cell(f"# {TITLES[module]}: explorers")]
    for number, demo in enumerate(shown):
        cells.append(nbformat.v4.new_markdown_cell(f"## {demo.title}\n\n{demo.prompt}"))
        cells.append(
            nbformat.v4.new_code_cell(
                f"from cmo_course import explore\n\nexplore.show({module!r}, {number})"
            )
        )
    book = nbformat.v4.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return book


def write_notebook(module: str, folder: Path) -> Path:
    path = folder / f"{module}_explorers.ipynb"
    nbformat.write(notebook(module), path)
    return path
