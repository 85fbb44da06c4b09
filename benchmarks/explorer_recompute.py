"""How long does an explorer take to recompute after a control moves?

For each explorer, this moves one control many times (as a learner dragging a slider would, one
release at a time) and times, in the kernel's Python, the whole reaction: the observer, the
recomputation from the domain model, and the update of the figure and the readout. Beside it runs
a baseline: the same slider moves on an ipywidgets slider with no observer, the floor that
traitlets and ipywidgets alone cost.

    python benchmarks/explorer_recompute.py             # 300 moves per explorer
    python benchmarks/explorer_recompute.py --moves 1000

The goal for the budget allocator and the plan builder is a median under 50 ms. Browser rendering comes on top; the
browser benchmark measures that separately. Run by hand, never as a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import time

import ipywidgets as w


def timed_moves(slider, values) -> list[float]:
    times = []
    for value in values:
        start = time.perf_counter()
        slider.value = value
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float], floor: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    base = statistics.median(floor) * 1000
    return f"{name:<28} {statistics.median(ms):9.2f} {p95:9.2f} {base:9.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=300)
    args = parser.parse_args()

    from cmo_course import datasets, widgets
    from cmo_course.finance import unit_economics_from_data

    n = args.moves
    floor_slider = w.FloatSlider(min=0, max=1000, step=1)
    floor = timed_moves(floor_slider, [100 + (i % 50) for i in range(n)])

    rows = []
    # the lesson's own allocator, as module 03's checks build it for `cmo-course explore`
    from cmo_course.checks import definition

    allocator = definition("03_paid_media").budget_allocator()
    start = allocator.sliders["meta"].value
    rows.append(
        (
            "budget allocator (03)",
            timed_moves(allocator.sliders["meta"], [start + (i % 40) - 20 for i in range(n)]),
        )
    )

    funnel = widgets.funnel_explorer(datasets.load("web_events"))
    rows.append(
        (
            "funnel explorer (02)",
            timed_moves(funnel.sliders["purchase"], [0.4 + (i % 40) / 100 for i in range(n)]),
        )
    )

    planner = widgets.flight_planner(adults=320_000, cost_per_point=58.0, theta=0.75)
    rows.append(
        (
            "flight planner (04)",
            timed_moves(planner.controls["weekly_grps"], [5 + 5 * (i % 30) for i in range(n)]),
        )
    )
    designer = widgets.geo_test_designer(market_cv=1.4, weeks_before=52)
    rows.append(
        (
            "geo-test designer (04)",
            timed_moves(designer.controls["zones"], [2 + (i % 40) for i in range(n)]),
        )
    )

    from cmo_course import planning

    model = planning.course_model()
    budget = float(datasets.load("planning_inputs")["ly_paid_media"].sum())
    builder = widgets.plan_builder(model, budget)
    rows.append(
        (
            "plan builder (05)",
            timed_moves(
                builder.controls["budget"], [budget * (0.6 + (i % 40) / 40) for i in range(n)]
            ),
        )
    )

    base = unit_economics_from_data(datasets.load("orders"), datasets.load("customers"), cac=60.0)
    unit = widgets.unit_economics_explorer(base)
    rows.append(
        (
            "unit economics (01)",
            timed_moves(unit.controls["aov"], [80 + (i % 60) for i in range(n)]),
        )
    )

    print(f"{'explorer':<28} {'median ms':>9} {'p95 ms':>9} {'floor ms':>9}")
    for name, times in rows:
        print(report(name, times, floor))
    print(f"{n} moves each; floor = the same moves on a slider with no observer")


if __name__ == "__main__":
    main()
