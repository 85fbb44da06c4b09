"""A learner's progress outlives the kernel, and a first Run All looks calm, not broken."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from cmo_course.checks import Checker, NotAttemptedYet, TryAgain, messages
from cmo_course.checks.progress import RECORD, ProgressLog

from .conftest import ROOT


def checker(folder) -> Checker:
    return Checker("01_finance", log=ProgressLog(folder))


def right(check: Checker, exercise_id: str) -> dict:
    return check.exercises[exercise_id].reference_namespace()


def test_progress_is_kept_across_sessions_in_the_learners_folder(tmp_path, capsys):
    first = checker(tmp_path)
    with pytest.raises(NotAttemptedYet):
        first("1.1", namespace={})
    with pytest.raises(TryAgain):
        first("1.1", namespace={"gross_margin_2025": 0.5})
    first.hint("1.1")
    first("1.1", namespace=right(first, "1.1"))
    first("1.1", namespace=right(first, "1.1"), hidden=True)  # hidden tests are not the learner's

    later = checker(tmp_path)  # a new kernel, the next day
    with pytest.raises(TryAgain):
        later("1.3", namespace={"blended_cac_2025": 1.0})
    table = later.progress()
    out = capsys.readouterr().out
    assert f"1 of {len(later.exercises)} exercises passed (every session in this folder)" in out
    assert table.loc["1.1", "status"] == "passed"
    assert "Not in this table: 1.13, written for your instructor to grade" in out
    assert "pass or fail it." in out  # one written answer: "it", not "them"
    # two answers checked until the pass: the check run before any answer is not a try
    assert table.loc["1.1", "checks_to_pass"] == 2 and table.loc["1.1", "hints"] == 1
    assert table.loc["1.1", "minutes_to_pass"] >= 0
    assert (
        table.loc["1.3", "status"] == "not yet" and table.loc["1.2", "status"] == "not checked yet"
    )
    lines = (tmp_path / RECORD).read_text().splitlines()
    assert len(lines) == 5  # three checks and a hint on 1.1, one check on 1.3


def test_the_record_holds_what_happened_and_nothing_personal(tmp_path):
    check = checker(tmp_path)
    with pytest.raises(TryAgain):
        check("1.1", namespace={"gross_margin_2025": 0.5})
    event = json.loads((tmp_path / RECORD).read_text())
    assert set(event) == {"time", "module", "exercise", "kind", "outcome", "mistake"}
    assert event["outcome"] == "not yet" and "0.5" not in json.dumps(event)
    assert event["mistake"] and "Exercise" not in event["mistake"]  # the named mistake alone


def test_a_damaged_record_loses_only_the_damaged_lines(tmp_path, capsys):
    check = checker(tmp_path)
    check("1.1", namespace=right(check, "1.1"))
    with (tmp_path / RECORD).open("a") as record:
        record.write("{not json\n")
        record.write(json.dumps({"time": "yesterday", "module": "01_finance"}) + "\n")
    table = checker(tmp_path).progress()
    assert table.loc["1.1", "status"] == "passed"
    assert "2 line(s) of the progress record" in capsys.readouterr().out


def test_a_folder_that_cannot_take_the_record_keeps_checking_and_says_so(tmp_path, capsys):
    (tmp_path / RECORD).mkdir()  # something in the way: the record cannot be written
    check = checker(tmp_path)
    check("1.1", namespace=right(check, "1.1"))
    check.progress()
    assert "cannot be written to" in capsys.readouterr().out


def test_grading_kernels_record_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(messages.STRICT_VAR, "1")
    check = checker(tmp_path)
    check("1.1", namespace=right(check, "1.1"))
    with pytest.raises(TryAgain):
        check("1.1", namespace={"gross_margin_2025": 0.5})
    assert not (tmp_path / RECORD).exists()


# -- a calm first screen -------------------------------------------------------------------------


def run_untouched(module: str, tmp_path, strict: bool) -> nbformat.NotebookNode:
    """Run all of a learner notebook as released, in a fresh kernel, in a copy of its folder."""
    notebook = nbformat.read(ROOT / "course" / module / f"{module}.ipynb", as_version=4)
    env = {k: v for k, v in os.environ.items() if k != messages.STRICT_VAR}
    if strict:
        env[messages.STRICT_VAR] = "1"
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=env)
    return notebook


def outputs(notebook, kind: str) -> list:
    return [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == kind]


@pytest.mark.notebooks
def test_run_all_on_an_untouched_lesson_shows_one_calm_line_per_exercise_and_no_traceback(
    tmp_path,
):
    notebook = run_untouched("00_start_here", tmp_path, strict=False)
    assert outputs(notebook, "error") == []
    calm = [
        o["data"]["text/plain"]
        for o in outputs(notebook, "display_data")
        if "not attempted yet" in o["data"].get("text/plain", "").lower()
    ]
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    # one line for each answer cell's stub, and one for each test cell's check
    assert len(calm) == 2 * len(tests), calm
    assert not (tmp_path / RECORD).exists() or (tmp_path / RECORD).read_text()


@pytest.mark.notebooks
def test_the_same_stubs_fail_as_errors_where_nbgrader_grades(tmp_path):
    notebook = run_untouched("00_start_here", tmp_path, strict=True)
    names = [o["ename"] for o in outputs(notebook, "error")]
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    stubs = [
        c
        for c in notebook.cells
        if c.cell_type == "code" and "raise NotImplementedError" in c.source
    ]
    assert len(tests) >= 3 and len(stubs) >= 3
    assert names.count("NotAttemptedYet") == len(tests), names
    assert names.count("NotImplementedError") == len(stubs), names
