"""The notebooks: committed clean, following the lesson outline, wired to the checks registry,
and running top to bottom on a second seed with every chart titled and labelled."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from cmo_course import manifest
from cmo_course.authoring.checkout import modules
from cmo_course.authoring.notebooks import dirty
from cmo_course.checks import FunctionExercise, ValueExercise, exercises_for
from cmo_course.instructor.preprocessors import RAISES

from .conftest import ROOT

MODULE_IDS = modules(ROOT)
SOLUTIONS = {m: ROOT / "solutions" / m / f"{m}.ipynb" for m in MODULE_IDS}
COURSE = {m: ROOT / "course" / m / f"{m}.ipynb" for m in MODULE_IDS}
EXERCISE_HEADING = re.compile(
    r"^### Exercise (\d+)\.(\d+): (.+) \((\d+) points?(?:, graded by your instructor)?\)$", re.M
)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize(
    "path", [*SOLUTIONS.values(), *COURSE.values()], ids=lambda p: str(p.relative_to(ROOT))
)
def test_notebooks_are_committed_clean(path):
    assert dirty(read(path)) == []


def test_every_module_has_its_notebook_in_both_folders():
    assert MODULE_IDS == manifest.ids(), "every module of the manifest is in solutions/"
    for module in MODULE_IDS:
        assert SOLUTIONS[module].is_file() and COURSE[module].is_file()


def test_no_folder_of_solutions_or_course_is_missing_from_the_manifest():
    for folder in ("solutions", "course"):
        found = sorted(p.name for p in (ROOT / folder).iterdir() if p.is_dir())
        assert found == sorted(manifest.ids()), folder


def test_the_readme_module_table_is_the_manifest():
    from cmo_course.authoring.release import readme_with_table

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_table(text) == text, "run `cmo-course release` to rewrite the table"
    for module in manifest.MODULES:
        assert f"| [{module.number} {module.title}](course/{module.notebook}) |" in text
        assert f"| {module.time} | {module.status} |" in text


def test_a_readme_table_that_disagrees_with_the_manifest_is_caught():
    from cmo_course.authoring.release import readme_with_table

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    drifted = text.replace(manifest.MODULES[1].time, "about ten minutes", 1)
    assert drifted != text and readme_with_table(drifted) == text


_HOURS = {"an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_PARTS = {"a quarter": 0.25, "a half": 0.5, "three quarter": 0.75, "three quarters": 0.75}


def stated_hours(time: str) -> float:
    """The central figure of a stated time: "about five and three quarter hours" is 5.75."""
    part = r"(?: and (a quarter|a half|three quarters?))?"
    found = re.match(rf"about (an) hour{part}", time) or re.match(rf"about (\w+){part} hours", time)
    assert found, f"a time reads 'about ... hours': {time!r}"
    return _HOURS[found.group(1)] + _PARTS.get(found.group(2) or "", 0.0)


def stated_range(time: str) -> tuple[float, float]:
    """The range of a stated time: "about five hours (four and a half to seven)" is (4.5, 7.0)."""
    amount = r"(\w+)(?: hours?)?(?: and (a quarter|a half|three quarters?))?(?: hours?)?"
    found = re.search(rf"\({amount} to {amount}\)$", time)
    assert found, f"a time ends with its range, '(... to ...)': {time!r}"
    low = _HOURS[found.group(1)] + _PARTS.get(found.group(2) or "", 0.0)
    high = _HOURS[found.group(3)] + _PARTS.get(found.group(4) or "", 0.0)
    return low, high


def test_stated_ranges_are_read_as_hours():
    assert stated_range("about five hours (four to six)") == (4.0, 6.0)
    assert stated_range("about an hour and three quarters (an hour and a half to two hours)") == (
        1.5,
        2.0,
    )
    assert stated_range("about four hours (three and a quarter to four and three quarters)") == (
        3.25,
        4.75,
    )


def test_the_workshop_guide_adds_up_the_modules_stated_times():
    """The guide's total of learner time is the modules' stated times, added up: it once kept a
    module's old time after the module's changed."""
    guide = " ".join((ROOT / "grading" / "WORKSHOP.md").read_text(encoding="utf-8").split())
    times = [module.time for module in manifest.MODULES]
    ranges = [stated_range(t) for t in times]

    def hours(x: float) -> str:
        return f"{x:g}"

    listed = ", ".join(f"{hours(lo)}-{hours(hi)} h" for lo, hi in ranges[:-1])
    listed += f" and {hours(ranges[-1][0])}-{hours(ranges[-1][1])} h"
    assert listed in guide, listed
    low, high = sum(lo for lo, _ in ranges), sum(hi for _, hi in ranges)
    middle = sum(stated_hours(t) for t in times)
    total = (
        f"about {round(low)} to {round(high)} hours of learner time, {round(middle)} in the middle"
    )
    assert total in guide, total


@pytest.mark.parametrize("module", MODULE_IDS)
def test_the_stated_time_covers_the_reading_and_the_exercises(module):
    """A floor, not a model: an hour per 5,000 words of the lesson and ten minutes per exercise
    (Module 01 once said three and a half hours for 9,000 words and twelve exercises)."""
    cells = read(SOLUTIONS[module]).cells
    words = sum(len(c.source.split()) for c in cells if c.cell_type == "markdown")
    exercises = len(exercises_for(module))
    floor = words / 5_000 + exercises / 6
    assert stated_hours(manifest.get(module).time) >= floor, (words, exercises, floor)


@pytest.mark.parametrize("module", MODULE_IDS)
def test_lesson_follows_the_outline(module):
    cells = read(SOLUTIONS[module]).cells
    markdown = [c.source for c in cells if c.cell_type == "markdown"]
    stated = manifest.get(module)
    title = markdown[0]
    assert title.startswith(f"# {stated.heading}")
    assert "**Who it is for:**" in title and "boardroom" in title
    assert f"**Time:** {stated.time}" in title, "the notebook states the manifest's time"
    objectives = re.search(r"## Learning objectives\n(.*?)(\n\*\*|\Z)", title, re.S).group(1)
    assert 3 <= len(re.findall(r"^\d+\. ", objectives, re.M)) <= 6

    headings = [line for text in markdown for line in text.splitlines() if line.startswith("## ")]
    order = ["## Learning objectives", "## Setup", "## Why this matters"]
    positions = [headings.index(h) for h in order]
    sections = [h for h in headings if re.match(r"## \d+\. ", h)]
    assert positions == sorted(positions) and sections, headings
    assert [int(re.match(r"## (\d+)\.", h).group(1)) for h in sections] == list(
        range(1, len(sections) + 1)
    )
    assert headings.index(sections[0]) > positions[-1]
    assert headings[-2:] == ["## Key points", "## Further reading"]

    setup = next(c for c in cells if c.cell_type == "code")
    assert f'Checker("{module}")' in setup.source and "about()" in setup.source


@pytest.mark.parametrize("module", MODULE_IDS)
def test_exercises_match_the_checks_registry(module):
    cells = read(SOLUTIONS[module]).cells
    registry = {e.id: e for e in exercises_for(module)}
    number = str(int(module[:2]))
    seen, autograded, functions, manual = [], 0, 0, 0
    grade_ids = [nbg(c)["grade_id"] for c in cells if nbg(c)]
    assert len(grade_ids) == len(set(grade_ids)), "grade ids must be unique"
    for index, cell in enumerate(cells):
        match = EXERCISE_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if not match:
            continue
        exercise_id = f"{match.group(1)}.{match.group(2)}"
        points = int(match.group(4))
        assert match.group(1) == number
        seen.append(exercise_id)
        answer = cells[index + 1]
        if exercise_id not in registry:  # a manually graded written answer
            assert (
                answer.cell_type == "markdown" and nbg(answer)["grade"] and nbg(answer)["solution"]
            )
            assert nbg(answer)["points"] == points and "Mark scheme" in answer.source
            manual += 1
            continue
        exercise = registry[exercise_id]
        test = cells[index + 2]
        assert nbg(answer) == {**nbg(answer), "solution": True, "grade": False}
        assert nbg(test)["grade"] and nbg(test)["locked"] and nbg(test)["points"] == points > 0
        assert test.source.startswith(f'"""Check Exercise {exercise_id}')
        assert f'check("{exercise_id}")' in test.source
        tree = ast.parse(answer.source)
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)} | {
            t.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        assert exercise.answer in defined, (
            f"the solution of {exercise_id} must define {exercise.answer}"
        )
        if isinstance(exercise, FunctionExercise):
            functions += 1
            assert (
                f'check("{exercise_id}", hidden=True)' in test.source
                and "BEGIN HIDDEN TESTS" in test.source
            )
        autograded += 1
    assert seen == sorted(seen, key=lambda s: int(s.split(".")[1])), (
        "exercises are numbered in order"
    )
    assert set(registry) <= set(seen), "every exercise in the registry appears in the notebook"
    need = manifest.get(module).requires
    assert autograded >= need.auto_graded and functions >= need.functions and manual >= need.manual


@pytest.mark.parametrize("module", MODULE_IDS)
def test_learner_stub_cells_carry_raises_exception(module):
    for cell in read(COURSE[module]).cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        top_level_raise = re.search(r"^raise NotImplementedError", cell.source, re.M)
        if nbg(cell).get("grade") or (nbg(cell).get("solution") and top_level_raise):
            assert RAISES in tags, cell.source[:80]
        else:
            assert RAISES not in tags, cell.source[:80]
    for cell in read(SOLUTIONS[module]).cells:
        assert RAISES not in cell.metadata.get("tags", []), (
            "solutions must run without tolerated errors"
        )


@pytest.mark.parametrize("module", MODULE_IDS)
def test_learner_notebooks_hide_solutions_hidden_tests_and_mark_schemes(module):
    text = COURSE[module].read_text()
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "Mark scheme", "Model answer", "hidden=True"):
        assert marker not in text


DEMOS_MATCH = """
from cmo_course.instructor import explore

for demo in explore.explorers_of({module!r}):
    lesson, shown = globals()[demo.name].summary(), demo.build().summary()
    assert repr(lesson) == repr(shown), (demo.title, lesson, shown)
print("demo explorers match the lesson's")
"""


def _figures(notebook: nbformat.NotebookNode):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get("application/vnd.plotly.v1+json")
            if figure:
                yield cell.id, figure["layout"]


# a number as a chart, a table or a print shows it: $1,234.5, 12.3%, $4.2M, 45k
SHOWN_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:\s?[%kKM])?")


def shown_values(text: str) -> set[float]:
    """Every value a learner could type from ``text``: each number as shown, and scaled by its
    suffix (12.3% is 0.123 or 12.3; $4.2M is 4,200,000)."""
    values = set()
    for token in SHOWN_NUMBER.findall(text):
        digits = token.rstrip("%kKM ").replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        values.add(value)
        scale = {"%": 0.01, "k": 1e3, "K": 1e3, "M": 1e6}.get(token[-1])
        if scale:
            values.add(value * scale)
    return values


def shown_text(cell) -> str:
    """What a code cell's outputs show: prints, tables, and each chart's titles and notes."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts += [data.get("text/plain", ""), data.get("text/markdown", "")]
        html = re.sub(r"<style.*?</style>", " ", data.get("text/html", ""), flags=re.S)
        parts.append(re.sub(r"<[^>]+>", " ", html))  # a styled table's cells
        figure = data.get("application/vnd.plotly.v1+json", {})
        for trace in figure.get("data", []):  # the values written on bars
            text = trace.get("text")
            parts += [str(t) for t in text] if isinstance(text, list) else [str(text or "")]
        layout = figure.get("layout", {})
        title = layout.get("title", {})
        parts += [title.get("text", ""), title.get("subtitle", {}).get("text", "")]
        parts += [a.get("text", "") for a in layout.get("annotations", [])]
    return "\n".join(str(p) for p in parts).replace("&#36;", "$")


def answers_shown_before_asked(module: str, notebook) -> list[str]:
    """The value exercises whose answer (a number the check would accept) the executed lesson
    shows in an output, above the cell where the learner computes it or anywhere after it:
    after Run All every output is on screen, and typing it would pass the learner's check and
    lose the points at grading. Cells the learner writes or checks, and cells that use the
    learner's answer (which show the learner's own value), are not counted."""
    leaks = []
    for exercise in exercises_for(module):
        if not isinstance(exercise, ValueExercise):
            continue
        expected = exercise.expected()
        if isinstance(expected, bool) or not isinstance(expected, (int, float)):
            continue
        if float(expected).is_integer() and abs(expected) < 100:
            continue  # a small count or month: any table shows such numbers
        assigns = re.compile(rf"^\s*{re.escape(exercise.answer)}\s*=", re.M)
        uses = re.compile(rf"\b{re.escape(exercise.answer)}\b")
        cells = [i for i, c in enumerate(notebook.cells) if nbg(c).get("solution")]
        where = next((i for i in cells if assigns.search(notebook.cells[i].source)), None)
        if where is None:  # (the registry test ties every exercise to its answer cell)
            continue
        lesson = [
            cell
            for i, cell in enumerate(notebook.cells)
            if i < where
            or not (nbg(cell).get("solution") or nbg(cell).get("grade") or uses.search(cell.source))
        ]
        shown = set().union(*(shown_values(shown_text(c)) for c in lesson))
        hits = sorted(v for v in shown if exercise.comparator.same(v, expected))
        if hits:
            leaks.append(f"{exercise.id} ({expected!r} shown as {hits[0]!r})")
    return leaks


def test_an_answer_shown_above_its_exercise_is_caught():
    exercise = next(e for e in exercises_for("02_funnels") if e.id == "2.5")
    value = exercise.expected()
    answer = nbformat.v4.new_code_cell(f"{exercise.answer} = ...")
    answer.metadata["nbgrader"] = {"solution": True, "grade": False}
    shown = nbformat.v4.new_code_cell(
        "",
        outputs=[
            nbformat.v4.new_output(
                "stream", name="stdout", text=f"At stake: ${value:,.2f} a week\n"
            )
        ],
    )
    hidden = nbformat.v4.new_code_cell(
        "",
        outputs=[
            nbformat.v4.new_output(
                "stream", name="stdout", text=f"At stake: about ${value / 1e3:,.0f}k\n"
            )
        ],
    )
    book = nbformat.v4.new_notebook(cells=[hidden, answer])
    assert answers_shown_before_asked("02_funnels", book) == []
    book = nbformat.v4.new_notebook(cells=[hidden, shown, answer])
    assert [leak.split()[0] for leak in answers_shown_before_asked("02_funnels", book)] == ["2.5"]
    shown = shown_values("12.3% of $4.2M, 45k and 1,234.5")
    for value in (0.123, 12.3, 4.2e6, 45e3, 1234.5):
        assert any(abs(v - value) < 1e-9 * value for v in shown), (value, shown)


@pytest.mark.notebooks
@pytest.mark.parametrize("module", MODULE_IDS)
def test_solutions_run_on_a_second_seed_with_every_chart_labelled(
    module, second_seed_dir, tmp_path
):
    notebook = read(SOLUTIONS[module])
    # the demo mode's explorers (cmo-course explore) start exactly where the lesson's do
    notebook.cells.append(nbformat.v4.new_code_cell(DEMOS_MATCH.format(module=module)))
    env = dict(os.environ, CMO_COURSE_DATA=str(second_seed_dir))
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.km = client.create_kernel_manager()
    client.start_new_kernel(env=env)
    client.start_new_kernel_client()
    try:
        client.execute(cleanup_kc=False)
    finally:
        client._cleanup_kernel()
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert "seed 7" in "".join(o.get("text", "") for o in outputs)
    # (a print may reach the notebook as several stream outputs)
    last = "".join(o.get("text", "") for o in notebook.cells[-1].get("outputs", []))
    assert "demo explorers match the lesson's" in last, notebook.cells[-1].get("outputs")
    text = "".join(o.get("text", "") for o in outputs)
    passed = set(re.findall(r"✔ Exercise (\d+\.\d+) \(", text))
    assert passed == {e.id for e in exercises_for(module)}
    with pytest.MonkeyPatch.context() as patch:  # the expected values of the same data
        patch.setenv("CMO_COURSE_DATA", str(second_seed_dir))
        leaks = answers_shown_before_asked(module, notebook)
    assert not leaks, f"the lesson shows an exercise's answer before asking for it: {leaks}"
    figures = list(_figures(notebook))
    assert figures, "every lesson has charts"
    for cell_id, layout in figures:
        title = layout.get("title", {})
        assert title.get("text"), cell_id
        assert title.get("subtitle", {}).get("text"), f"{cell_id}: the takeaway line is missing"
        for axis in ("xaxis", "yaxis"):
            assert layout.get(axis, {}).get("title", {}).get("text"), (
                f"{cell_id}: {axis} has no title"
            )


@pytest.mark.parametrize("module", MODULE_IDS)
def test_dollar_signs_in_text_are_written_so_they_are_not_read_as_maths(module):
    # JupyterLab 4 typesets "$30 a day ... $150" as LaTeX. Neither \$ nor &#36; stops it (MathJax
    # reads the rendered text); a dollar sign in its own element does: <span>&#36;</span>.
    for cell in read(SOLUTIONS[module]).cells:
        if cell.cell_type == "markdown":
            prose = re.sub(r"`[^`]*`", "", cell.source).replace("<span>&#36;</span>", "")
            assert "$" not in prose and "&#36;" not in prose, (
                f"{cell.get('id')}: write <span>&#36;</span> for a dollar sign"
            )


CHART_CALL = re.compile(
    r"plots\.(bar|grouped_bar|lines|interval_bars|waterfall|funnel|cash_curve)\("
)
EXTRA_CODE = "# extra code:"


@pytest.mark.parametrize("module", MODULE_IDS)
def test_the_code_that_only_draws_a_chart_is_marked_as_extra(module):
    """Module 00 promises that `# extra code:` marks where a chart's own code starts, so that a
    learner new to Python knows what to skip: every lesson cell that draws a chart has the marker
    above its first chart line."""
    for cell in read(SOLUTIONS[module]).cells:
        if cell.cell_type != "code" or "BEGIN SOLUTION" in cell.source:
            continue
        lines = cell.source.splitlines()
        first_chart = next((i for i, line in enumerate(lines) if CHART_CALL.search(line)), None)
        if first_chart is None:
            continue
        marked = [i for i, line in enumerate(lines) if line.startswith(EXTRA_CODE)]
        assert marked and marked[0] <= first_chart, (
            f"{cell.get('id')}: mark the chart's code with a line `{EXTRA_CODE} ...` above it"
        )


def _markdown_with(module: str, heading: str) -> str:
    cells = read(SOLUTIONS[module]).cells
    return next(c.source for c in cells if c.cell_type == "markdown" and heading in c.source)


def test_exercise_prompts_say_what_the_learner_needs_where_they_need_it():
    import ast as _ast

    from cmo_course.checks import m04_offline_channels as m04

    # 4.11: the production window is in the prompt, as the check takes it
    prompt = _markdown_with("04_offline_channels", "### Exercise 4.11")
    assert "`tv_production`" in prompt and "July-December 2025" in prompt
    assert m04.autumn_production() == m04.spend_line("tv_production", months=(7, 12))
    # 3.3: the three margins come from the setup cell, and contribution_margin is not defined
    prompt = _markdown_with("03_paid_media", "### Exercise 3.3")
    assert "Module 01's `contribution_margin` is not defined here" in prompt
    code = [c.source for c in read(SOLUTIONS["03_paid_media"]).cells if c.cell_type == "code"]
    setup = {
        t.id
        for n in _ast.walk(_ast.parse(code[0]))
        if isinstance(n, _ast.Assign)
        for t in n.targets
        if isinstance(t, _ast.Name)
    }
    assert {"online_margin", "first_order_margin", "pnl_margin"} <= setup
    assert not any(re.search(r"\bcontribution_margin\s*=|def contribution_margin", c) for c in code)
    # 3.13: the over-count is a number of times, the prior a share of clicks
    prompt = _markdown_with("03_paid_media", "### Exercise 3.13")
    assert "1.6 times" in prompt and "1.6% of clicks" in prompt
