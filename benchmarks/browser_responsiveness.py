"""How responsive the lessons feel in a real browser: JupyterLab on 127.0.0.1, headless Chromium.

1. Each notebook of course/: the seconds from opening it to its kernel being ready, and from
   Run > Run All Cells to every cell run and every chart drawn.
2. Each explorer: the milliseconds from a key press on one of its sliders to the end of the
   chart's redraw (the last change to the chart's page elements before 250 ms of quiet), for
   --moves presses spread over its sliders (right, then back left). Median and p95.

Beside them, side by side in the same server and browser, a baseline: a notebook that draws one
chart, and a bare explorer (one slider redrawing one 20-point line, no model). The explorers'
ratio to the bare one is what the course's own computation adds. Goal: every explorer's median
under 200 ms.

Run:  .venv/bin/python benchmarks/browser_responsiveness.py [--moves 40] [--modules 03_paid_media]
Writes benchmarks/results/browser_responsiveness.json too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmo_course.instructor import explore  # noqa: E402
from tests import labkit  # noqa: E402
from tests.conftest import ROOT, copy_course  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
BASELINE = "baseline/baseline.ipynb"
BASELINE_CELLS = [
    "import ipywidgets as w\nimport pandas as pd\nimport plotly.graph_objects as go\n\n"
    "from cmo_course import plots",
    # the floor for "open to rendered": one small chart
    'plots.lines(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), "T", "K", "X", "Y").show()',
    # the floor for an explorer: one slider redrawing one line, no computation
    """slider = w.FloatSlider(value=50, min=0, max=100, step=1, continuous_update=False)
figure = go.FigureWidget(go.Scatter(y=[50.0] * 20))


def moved(change):
    with figure.batch_update():
        figure.data[0].y = [float(change["new"])] * 20


slider.observe(moved, names="value")
w.VBox([slider, figure])""",
]

# Marks the time of every key press, and of every change inside the explorer's chart.
WATCH_JS = """(root) => {
  window.__cmo = {down: 0, changes: []};
  document.addEventListener('keydown', () => { window.__cmo.down = performance.now(); }, true);
  const plot = root.querySelector('.js-plotly-plot');
  new MutationObserver(() => window.__cmo.changes.push(performance.now()))
      .observe(plot, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
QUIET_MS = 250


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def redraw_ms(page) -> float | None:
    """Milliseconds from the last key press to the chart's last change before a quiet spell;
    None if the chart did not change within 10 s."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        down, changes, now = page.evaluate(
            "() => [window.__cmo.down, window.__cmo.changes, performance.now()]"
        )
        after = [t for t in changes if t > down]
        if after and now - after[-1] > QUIET_MS:
            return after[-1] - down
        page.wait_for_timeout(20)
    return None


def explorer_latencies(page, root, moves: int) -> list[float]:
    root.scroll_into_view_if_needed()
    root.evaluate(WATCH_JS)
    sliders = root.query_selector_all(".widget-slider .noUi-handle")
    timings = []
    for number in range(moves):
        handle = sliders[(number // 2) % len(sliders)]
        handle.focus()
        page.keyboard.press("ArrowRight" if number % 2 == 0 else "ArrowLeft")
        took = redraw_ms(page)
        if took is not None:
            timings.append(took)
    return timings


# the plotly outputs of the run (the renderer makes this element before it draws)
STATIC_CHARTS_JS = "() => document.querySelectorAll('.jp-RenderedPlotly').length"


def notebook(page, running, path: str, explorers: int, moves: int) -> dict:
    opened = labkit.open_notebook(page, running, path)
    began = time.monotonic()
    labkit.run_all(page)
    # every chart the run made, drawn: the static ones and the explorers'
    charts = page.evaluate(STATIC_CHARTS_JS) + explorers
    labkit.wait_rendered(page, charts)
    rendered = time.monotonic() - began
    result = {"open_s": opened, "run_all_to_rendered_s": rendered, "charts": charts}
    result["explorers"] = [
        explorer_latencies(page, root, moves) for root in labkit.explorer_roots(page)
    ]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=40, help="key presses per explorer (40)")
    parser.add_argument("--modules", nargs="*", help="module ids (default: all)")
    args = parser.parse_args()
    missing = labkit.browser_missing()
    if missing:
        sys.exit(missing)
    modules = args.modules or sorted(p.name for p in (ROOT / "course").iterdir() if p.is_dir())

    folder = Path(tempfile.mkdtemp(prefix="cmo-browser-bench-"))
    checkout = copy_course(folder / "checkout")
    (checkout / "course" / "baseline").mkdir()
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in BASELINE_CELLS])
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(book, checkout / "course" / BASELINE)

    running = labkit.Lab(folder, cwd=checkout).start()
    results = {}
    try:
        with labkit.browser(folder) as context:
            for name, path in [("baseline", BASELINE)] + [(m, f"{m}/{m}.ipynb") for m in modules]:
                page = context.new_page()
                explorers = 1 if name == "baseline" else len(explore.explorers_of(name))
                results[name] = notebook(page, running, path, explorers, args.moves)
                page.close()
                for session in running.api("sessions"):
                    running.delete(f"sessions/{session['id']}")
                print(f"{name}: done", file=sys.stderr, flush=True)
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)

    bare = statistics.median(results["baseline"]["explorers"][0])
    floor = results["baseline"]
    print(
        f"\nNotebooks (seconds; floor: a notebook with one chart, {floor['open_s']:.1f} s to "
        f"open, {floor['run_all_to_rendered_s']:.1f} s to run and draw)"
    )
    print(
        f"{'notebook':<22}{'open':>8}{'run all -> drawn':>19}{'total':>8}{'charts':>8}{'x floor':>9}"
    )
    for name in modules:
        r = results[name]
        ratio = r["run_all_to_rendered_s"] / floor["run_all_to_rendered_s"]
        total = r["open_s"] + r["run_all_to_rendered_s"]
        print(
            f"{name:<22}{r['open_s']:>8.1f}{r['run_all_to_rendered_s']:>19.1f}{total:>8.1f}"
            f"{r['charts']:>8}{ratio:>8.1f}x"
        )
    print(
        f"\nExplorers (ms from key press to the chart redrawn; bare explorer median {bare:.0f} ms)"
    )
    print(f"{'explorer':<26}{'moves':>6}{'median':>8}{'p95':>7}{'max':>7}{'x bare':>8}")
    for name in ["baseline", *modules]:
        for number, timings in enumerate(results[name]["explorers"], 1):
            if not timings:
                continue
            median = statistics.median(timings)
            print(
                f"{name + ' #' + str(number):<26}{len(timings):>6}{median:>8.0f}"
                f"{percentile(timings, 0.95):>7.0f}{max(timings):>7.0f}{median / bare:>7.1f}x"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "browser_responsiveness.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
