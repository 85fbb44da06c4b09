"""The `cmo-course` command: help, clear errors, non-zero exits, and each subcommand for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cmo_course.authoring.notebooks import dirty

from .conftest import ROOT


def cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cmo_course", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_help_lists_every_subcommand():
    result = cli("--help")
    assert result.returncode == 0
    for command in ("lab", "explore", "datasets", "release", "validate", "tidy"):
        assert command in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["lab", "--help"],
        ["explore", "--help"],
        ["datasets", "build", "--help"],
        ["datasets", "check", "--help"],
        ["release", "--help"],
        ["validate", "--help"],
    ],
)
def test_each_subcommand_has_help(args):
    result = cli(*args)
    assert result.returncode == 0 and "usage: cmo-course" in result.stdout


def test_an_unknown_command_fails_with_usage():
    result = cli("grade-everything")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_explore_names_the_modules_that_have_explorers():
    result = cli("explore", "00_start_here")
    assert result.returncode == 1
    assert "00_start_here has no explorers to show" in result.stderr
    assert "03_paid_media" in result.stderr and "Traceback" not in result.stderr


def test_version():
    assert cli("--version").stdout.startswith("cmo-course ")


def test_datasets_check_passes_on_the_committed_data():
    result = cli("datasets", "check")
    assert result.returncode == 0, result.stderr
    assert "matches its generator" in result.stdout


def test_datasets_build_writes_a_variant_that_checks_clean(tmp_path):
    out = tmp_path / "variant"
    built = cli("datasets", "build", "--seed", "3", "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert "CMO_COURSE_DATA=" in built.stdout
    assert json.loads((out / "truth.json").read_text())["seed"] == 3
    assert cli("datasets", "check", "--dir", str(out)).returncode == 0


def test_datasets_check_fails_naming_the_drifted_file(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "datasets", folder)
    (folder / "social_audience.csv").write_text("quarter_end,platform,generation,followers\n")
    result = cli("datasets", "check", "--dir", str(folder))
    assert result.returncode == 1
    assert "social_audience.csv" in result.stderr and "datasets build" in result.stderr


def test_datasets_check_on_a_missing_folder_says_so(tmp_path):
    result = cli("datasets", "check", "--dir", str(tmp_path / "nope"))
    assert result.returncode == 1 and "not a folder" in result.stderr


@pytest.mark.grading
def test_release_check_passes_on_the_checkout():
    result = cli("release", "--check")
    assert result.returncode == 0, result.stderr


@pytest.mark.grading
def test_release_check_names_a_stale_notebook_and_release_fixes_it(course_copy):
    source = course_copy / "solutions" / "00_start_here" / "00_start_here.ipynb"
    notebook = nbformat.read(source, as_version=4)
    notebook.cells[0].source += "\n\nA new line from the author."
    nbformat.write(notebook, source)
    stale = cli("release", "--check", cwd=course_copy)
    assert stale.returncode == 1
    assert "course/00_start_here/00_start_here.ipynb: out of date" in stale.stderr
    assert "01_finance" not in stale.stderr
    assert cli("release", cwd=course_copy).returncode == 0
    assert cli("release", "--check", cwd=course_copy).returncode == 0
    assert (
        "A new line from the author."
        in (course_copy / "course" / "00_start_here" / "00_start_here.ipynb").read_text()
    )


@pytest.mark.grading
def test_validate_passes_on_the_checkout(second_seed_dir):
    env = dict(os.environ, CMO_COURSE_GRADING_DATA=str(second_seed_dir))
    result = cli("validate", env=env)
    assert result.returncode == 0, result.stderr
    modules = len(list((ROOT / "solutions").glob("*/*.ipynb")))
    assert modules >= 3
    assert result.stdout.count("ok   validate --invert course/") == modules
    assert result.stdout.count("ok   validate solutions/") == modules


@pytest.mark.grading
def test_validate_fails_naming_a_broken_solution(course_copy, second_seed_dir):
    for folder in ("solutions", "course"):
        for module in (course_copy / folder).iterdir():
            if module.name != "00_start_here":
                shutil.rmtree(module)
    source = course_copy / "solutions" / "00_start_here" / "00_start_here.ipynb"
    notebook = nbformat.read(source, as_version=4)
    answer = next(
        c
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "ex0_1_answer"
    )
    answer.source = "### BEGIN SOLUTION\norders_2025 = len(orders)\n### END SOLUTION"
    nbformat.write(notebook, source)
    env = dict(os.environ, CMO_COURSE_GRADING_DATA=str(second_seed_dir))
    result = cli("validate", cwd=course_copy, env=env)
    assert result.returncode == 1
    assert "FAIL validate solutions/00_start_here/00_start_here.ipynb" in result.stderr


def test_tidy_strips_outputs_and_volatile_metadata(course_copy):
    path = course_copy / "solutions" / "00_start_here" / "00_start_here.ipynb"
    notebook = nbformat.read(path, as_version=4)
    code = next(c for c in notebook.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="hi")]
    code.execution_count = 3
    code.metadata["collapsed"] = True
    notebook.metadata["widgets"] = {"state": {}}
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nbformat.write(notebook, path)
    assert dirty(nbformat.read(path, as_version=4))
    result = cli("tidy", str(path), cwd=course_copy)
    assert result.returncode == 0 and "cleaned" in result.stdout
    assert dirty(nbformat.read(path, as_version=4)) == []
    assert cli("tidy", str(path), cwd=course_copy).stdout.startswith("0 of 1")


def test_grading_uses_the_course_being_graded_before_the_installed_checkout(tmp_path, monkeypatch):
    """On a hub the instructor grades their own copy of the course from their home: its
    grading/work (where the grading seed's data are built) is theirs; the checkout the package
    was installed from belongs to root."""
    from cmo_course.authoring import checkout as course
    from cmo_course.cli.grading import grading_root

    installed, copy, home = tmp_path / "installed", tmp_path / "copy", tmp_path / "home"
    for root in (installed, copy):
        (root / "solutions").mkdir(parents=True)
        (root / "grading").mkdir()
        (root / "grading" / "nbgrader_config.py").write_text("")
    home.mkdir()
    monkeypatch.setattr(course, "_installed_from", lambda: installed)
    monkeypatch.chdir(home)
    assert grading_root(copy / "submitted") == copy
    # inside a checkout, that checkout; with no course anywhere near, the installed one
    monkeypatch.chdir(installed / "solutions")
    assert grading_root(copy) == installed
    monkeypatch.chdir(home)
    assert grading_root(home / "elsewhere") == installed
    with pytest.raises(course.CourseError):
        course.find_root(home, installed=False)


def test_commands_that_need_a_checkout_say_so_outside_one(tmp_path, monkeypatch):
    from cmo_course.authoring import checkout as course

    monkeypatch.setattr(course, "_installed_from", lambda: tmp_path)
    with pytest.raises(course.CourseError, match="course checkout"):
        course.find_root(tmp_path)
