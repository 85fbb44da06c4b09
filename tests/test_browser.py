"""The learner's experience in a real browser: JupyterLab (and Voila's demo mode) in Chromium.

A real `cmo-course lab` on 127.0.0.1 serves a copy of the course; Debian's Chromium, driven by
Playwright, opens every notebook of course/ and runs it as a learner would (Run > Run All Cells),
then checks what the learner sees: errors only in the exercise cells, every chart drawn with
data, titles and axis titles, every explorer reacting to its controls, nbgrader's Validate
button and Assignments panel. One exercise is answered by typing into it. A screenshot of every
notebook after Run All is saved in tests/artifacts/screenshots/.

Skipped, with the reason, where no Chromium or Playwright is installed; failed in CI
(CMO_COURSE_CI=1, which .ci/run sets, and .ci/run installs Chromium).
"""

from __future__ import annotations

import os
import re
from types import SimpleNamespace

import pytest

from cmo_course import plots
from cmo_course.instructor import explore
from tests import labkit
from tests.conftest import ROOT, copy_course
from tests.submissions import solution_sources

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MODULES = sorted(p.name for p in (ROOT / "course").iterdir() if p.is_dir())
SCREENSHOTS = labkit.ARTIFACTS / "screenshots"
# errors a learner's Run All may show: an unanswered answer cell, and its check saying so


def needs_a_browser():
    missing = labkit.browser_missing()
    if missing:
        message = f"the browser tests need a browser: {missing}"
        if os.environ.get("CMO_COURSE_CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """JupyterLab on a throwaway copy of the course (saving notebooks must not touch the
    checkout), and a browser."""
    needs_a_browser()
    folder = tmp_path_factory.mktemp("browser")
    checkout = copy_course(folder / "checkout")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    running = labkit.Lab(folder, cwd=checkout).start()
    try:
        with labkit.browser(folder) as context:
            yield SimpleNamespace(lab=running, context=context, checkout=checkout)
    finally:
        running.stop()


@pytest.fixture
def page(site):
    """A new tab that records the page's errors; its notebooks' kernels are shut down after."""
    tab = site.context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on(
        "console",
        lambda message: tab.errors.append(message.text) if message.type == "error" else None,
    )
    yield tab
    tab.close()
    for session in site.lab.api("sessions"):
        site.lab.delete(f"sessions/{session['id']}")


# A numeric axis names its unit: money, a share, a rate, or what is counted.
UNITS = (
    "$", "&#36;", "dollar", "%", "roas", "ltv:cac", "index", "times", "per ", " a week",
    " a day", " a month", " a year", "week", "month", "sessions", "orders", "purchases",
    "customers", "clicks", "impressions", "grps", "zones",
)  # fmt: skip


def says_its_unit(title: str) -> bool:
    return any(unit in title.lower() for unit in UNITS)


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def plotly_outputs(notebook) -> int:
    return sum(
        "application/vnd.plotly.v1+json" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


@pytest.mark.parametrize("module", MODULES)
def test_run_all_shows_the_lesson_with_every_chart_and_explorer_working(site, page, module):
    path = f"{module}/{module}.ipynb"
    labkit.open_notebook(page, site.lab, path)
    labkit.run_all(page)
    saved = labkit.save(page, site.lab, path)

    # A calm first screen: no error anywhere, and each exercise says, in one line, that it is
    # not attempted yet (nothing in the lesson depends on an answer not written yet).
    for cell in saved["cells"]:
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        where = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", cell["source"][:80])
        assert errors == [], f"{where}: {errors[0]['ename'] if errors else ''}"
        if "raises-exception" in tags(cell):
            calm = [
                o
                for o in cell.get("outputs", [])
                if "not attempted yet" in str(o.get("data", {}).get("text/plain", "")).lower()
            ]
            assert len(calm) == 1, where

    # Every chart is drawn with data, a title and axis titles; static ones carry their
    # takeaway as a subtitle, explorers' as a second title line.
    demos = explore.explorers_of(module)
    charts = plotly_outputs(saved)
    labkit.wait_rendered(page, charts + len(demos))
    figures = page.evaluate(labkit.FIGURES_JS)
    assert len([f for f in figures if not f["widget"]]) == charts
    for figure in figures:
        name = figure["title"][:60] or figure
        assert figure["traces"] and figure["points"] and figure["drawn"], name
        assert figure["title"], figure
        shown = [axis for axis in figure["axes"] if axis["shown"]]
        assert {axis["name"][0] for axis in shown} >= {"x", "y"}, f"{name}: {figure['axes']}"
        untitled = [axis["name"] for axis in shown if not axis["title"]]
        assert not untitled, f"{name}: {', '.join(untitled)} without a title"
        for axis in shown:
            if axis["type"] in ("linear", "log"):
                assert says_its_unit(axis["title"]), f"{name}: {axis['title']!r} has no unit"
        if figure["widget"]:
            title, _, takeaway = figure["title"].partition("<br>")
        else:
            takeaway = figure["subtitle"]
        assert takeaway, f"{name}: the takeaway line is missing"
        assert (
            "<br>" not in takeaway and plots.shown_length(takeaway) <= plots.TAKEAWAY_MAX_CHARS
        ), f"{name}: the takeaway is more than one line"
    # the whole lesson as the learner sees it after Run All, a screen at a time
    pages = labkit.screenshot_pages(page, SCREENSHOTS / module)
    assert len(pages) > 3 and all(p.stat().st_size > 10_000 for p in pages)

    # Every explorer reacts to every control: its chart or its numbers change. Its "Back to"
    # button undoes the sliders (the pickers choose what "the start" is, so they come last).
    roots = labkit.explorer_roots(page)
    assert len(roots) == len(demos), "each lesson explorer has its demo in cmo_course.explore"
    for number, root in enumerate(roots):
        root.scroll_into_view_if_needed()
        first = labkit.state(root)
        moved = labkit.controls(root)
        assert any(kind == "slider" for kind, _ in moved), f"explorer {number + 1} has no sliders"
        for kind, control in moved:
            if kind == "slider":
                before = labkit.state(root)
                labkit.move(page, kind, control)
                labkit.wait_for_change(page, root, before)
        back = root.query_selector("button:has-text('Back to')")
        assert back is not None, f"explorer {number + 1} has no way back to the start"
        back.click()
        labkit.wait_for(
            lambda root=root, first=first: labkit.state(root) == first, "back to the start", 20
        )
        for kind, control in moved:
            if kind != "slider":
                before = labkit.state(root)
                labkit.move(page, kind, control)
                labkit.wait_for_change(page, root, before)
        root.screenshot(path=SCREENSHOTS / f"{module}-explorer-{number + 1}.png")
    assert not page.errors, page.errors


def test_an_exercise_says_not_attempted_then_names_the_mistake_then_passes(site, page):
    module = "00_start_here"
    labkit.open_notebook(page, site.lab, f"{module}/{module}.ipynb")
    labkit.run_all(page)
    test_cell = labkit.code_cell(page, '"""Check Exercise 0.1:')
    answer_cell = labkit.cell_before(test_cell)
    shown = labkit.outputs_text(test_cell)
    assert "Exercise 0.1 (orders in 2025) is not attempted yet" in shown
    assert "Traceback" not in shown

    # every order, both years: the check names that mistake
    labkit.type_into(page, answer_cell, "orders_2025 = len(orders)")
    labkit.run_cell(page, test_cell)
    labkit.wait_for(lambda: "✘" in labkit.outputs_text(test_cell), "the check's verdict")
    shown = labkit.outputs_text(test_cell)
    assert "✘ Exercise 0.1 (orders in 2025): not yet." in shown
    assert "every order in the table, across both years" in shown

    answer = solution_sources(module)["ex0_1_answer"]
    labkit.type_into(page, answer_cell, answer)
    labkit.run_cell(page, test_cell)
    labkit.wait_for(lambda: "✔" in labkit.outputs_text(test_cell), "the check's verdict")
    assert re.search(r"✔ Exercise 0.1 \(orders in 2025\) passed\.", labkit.outputs_text(test_cell))
    page.screenshot(path=SCREENSHOTS / f"{module}-exercise-passed.png")
    assert not page.errors, page.errors


def test_nbgrader_validate_button_and_assignments_panel_are_there(site, page):
    labkit.open_notebook(page, site.lab, "01_finance/01_finance.ipynb")
    toolbar = page.locator(".jp-NotebookPanel-toolbar")
    assert toolbar.get_by_text("Validate", exact=True).is_visible()
    labkit.menu(page, "Nbgrader", "Assignment List")
    panel = page.locator("#nbgrader-assignment-list")
    panel.wait_for()
    assert "Released assignments" in panel.inner_text()
    assert "Submitted assignments" in panel.inner_text()
    assert not page.errors, page.errors


@pytest.mark.parametrize("module", explore.modules_with_explorers())
def test_explore_serves_the_explorers_as_an_app_without_code(site, module, tmp_path):
    with labkit.explore(module, tmp_path) as address:
        tab = site.context.new_page()
        failed, errors = [], []
        tab.on("requestfailed", lambda request: failed.append(request))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        try:
            tab.goto(address)
            demos = explore.demos(module)
            labkit.wait_rendered(tab, len(demos), timeout=180)
            figures = tab.evaluate(labkit.FIGURES_JS)
            assert len(figures) == len(demos)
            for figure in figures:
                assert figure["traces"] and figure["points"] and figure["title"], figure
            text = tab.inner_text("body")
            for demo in demos:
                assert demo.title in text
            # no code on the projector: no editors, no inputs, none of the notebook's source
            code = ".jp-CodeCell .jp-InputArea:visible, .jp-InputArea-editor:visible, .cm-editor:visible"
            assert tab.locator(code).count() == 0
            assert "explore.show" not in text and "import" not in text
            for root in labkit.explorer_roots(tab):
                kind, control = labkit.controls(root)[0]
                before = labkit.state(root)
                labkit.move(tab, kind, control)
                labkit.wait_for_change(tab, root, before)
            tab.screenshot(path=SCREENSHOTS / f"explore-{module}.png", full_page=True)
        finally:
            tab.close()
    assert not errors, errors
    # Voila's page template asks a CDN for an icon stylesheet it also bundles: offline, only
    # that fails
    unexpected = [
        r.url for r in failed if not (r.resource_type == "stylesheet" and "fontawesome" in r.url)
    ]
    assert not unexpected, unexpected
