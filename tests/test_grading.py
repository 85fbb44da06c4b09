"""A grading smoke test with real nbgrader commands, run from the course root as an instructor
would: a correct, a half-done, an untouched and a hard-coded submission of 01_finance."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from cmo_course.checks import ValueExercise, exercises_for

from . import submissions

MODULE = "01_finance"
HALF = {"ex1_1_answer", "ex1_2_answer", "ex1_3_answer", "ex1_4_answer", "ex1_5_answer"}


def solution_sources(root: Path, module: str = MODULE) -> dict[str, str]:
    """What a learner who got everything right would have typed, by grade id."""
    return submissions.solution_sources(module, root)


def hard_coded_sources(root: Path) -> dict[str, str]:
    """Right answers on the shipped data, typed in as numbers instead of computed."""
    answers = solution_sources(root)
    for exercise in exercises_for(MODULE):
        if isinstance(exercise, ValueExercise) and isinstance(exercise.expected(), float):
            answers[f"ex{exercise.id.replace('.', '_')}_answer"] = (
                f"{exercise.answer} = {exercise.expected()!r}"
            )
    return answers


def submit(
    root: Path,
    student: str,
    answers: dict[str, str],
    delete: tuple[str, ...] = (),
    module: str = MODULE,
) -> None:
    released = nbformat.read(root / "course" / module / f"{module}.ipynb", as_version=4)
    released.cells = [
        c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in delete
    ]
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    folder = root / "grading" / "work" / "submitted" / student / module
    folder.mkdir(parents=True)
    nbformat.write(released, folder / f"{module}.ipynb")


def nbgrader(root: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["nbgrader", *args], cwd=root, capture_output=True, text=True, env=env, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.grading
def test_autograde_gives_full_partial_and_zero_marks(course_copy, second_seed_dir):
    root = course_copy
    env = dict(os.environ, CMO_COURSE_GRADING_DATA=str(second_seed_dir))
    env.pop("CMO_COURSE_DATA", None)
    nbgrader(root, "generate_assignment", MODULE, "--force", env=env)

    right = solution_sources(root)
    submit(root, "correct", right)
    submit(root, "half", {k: v for k, v in right.items() if k in HALF})
    submit(root, "untouched", {})
    submit(root, "hardcoded", hard_coded_sources(root))
    # right answers, but a function that prints a warning on stderr while the test cell runs it
    warns = dict(right)
    warns["ex1_2_answer"] = "import warnings\n" + right["ex1_2_answer"].replace(
        "    net_revenue =",
        '    warnings.warn("this API will change", FutureWarning)\n    net_revenue =',
        1,
    )
    submit(root, "warns", warns)
    # right answers, but the learner deleted two test cells
    submit(root, "deleted", right, delete=("ex1_1_test", "ex1_5_test"))
    nbgrader(root, "autograde", MODULE, "--force", env=env)

    with Gradebook(f"sqlite:///{root / 'grading' / 'work' / 'gradebook.db'}") as gradebook:
        assignment = gradebook.find_assignment(MODULE)
        manual_points = sum(
            cell.max_score
            for cell in assignment.notebooks[0].grade_cells
            if not cell.cell_type == "code"
        )
        auto_max = assignment.max_score - manual_points
        students = ("correct", "half", "untouched", "hardcoded", "warns", "deleted")
        scores = {s: gradebook.find_submission(MODULE, s).score for s in students}
        needs_manual = gradebook.find_submission(MODULE, "correct").needs_manual_grade

    assert manual_points == 5 and auto_max == 20
    assert scores["correct"] == auto_max
    assert 0 < scores["half"] < auto_max
    assert scores["half"] == 1 + 3 + 1 + 1 + 3  # exercises 1.1 to 1.5
    assert scores["untouched"] == 0
    # the functions still earn their points; numbers typed in fail on the grading variant
    assert 0 < scores["hardcoded"] < scores["correct"]
    assert needs_manual, "the written recommendation waits for the instructor"
    assert scores["warns"] == auto_max, "a warning on stderr must not cost points"
    assert scores["deleted"] == auto_max, "deleted test cells are restored and graded"
    graded = nbformat.read(
        root / "grading" / "work" / "autograded" / "warns" / MODULE / f"{MODULE}.ipynb",
        as_version=4,
    )
    test_cell = next(
        c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ex1_2_test"
    )
    assert "✔ Exercise 1.2" in "".join(o.get("text", "") for o in test_cell.outputs)


@pytest.mark.grading
@pytest.mark.parametrize(
    "module", ["02_funnels", "03_paid_media", "04_offline_channels", "05_annual_planning"]
)
def test_later_modules_grade_right_answers_full_and_untouched_zero(
    module, course_copy, second_seed_dir
):
    root = course_copy
    env = dict(os.environ, CMO_COURSE_GRADING_DATA=str(second_seed_dir))
    env.pop("CMO_COURSE_DATA", None)
    nbgrader(root, "generate_assignment", module, "--force", env=env)
    submit(root, "correct", solution_sources(root, module), module=module)
    submit(root, "untouched", {}, module=module)
    nbgrader(root, "autograde", module, "--force", env=env)
    with Gradebook(f"sqlite:///{root / 'grading' / 'work' / 'gradebook.db'}") as gradebook:
        assignment = gradebook.find_assignment(module)
        cells = assignment.notebooks[0].grade_cells
        auto_max = sum(c.max_score for c in cells if c.cell_type == "code")
        scores = {s: gradebook.find_submission(module, s).score for s in ("correct", "untouched")}
    expected_max = sum(
        int(cell.metadata["nbgrader"]["points"])
        for cell in nbformat.read(
            root / "solutions" / module / f"{module}.ipynb", as_version=4
        ).cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    )
    assert auto_max == expected_max > 0
    assert scores == {"correct": auto_max, "untouched": 0}


@pytest.mark.grading
def test_plain_nbgrader_works_from_the_grading_folder_too(course_copy):
    shutil.rmtree(course_copy / "course" / "00_start_here")
    env = dict(os.environ, CMO_COURSE_GRADING_SEED="off")
    nbgrader(course_copy / "grading", "generate_assignment", "00_start_here", "--force", env=env)
    listed = nbgrader(course_copy / "grading", "db", "assignment", "list", env=env)
    assert (course_copy / "course" / "00_start_here" / "00_start_here.ipynb").is_file()
    assert not (course_copy / "grading" / "course").exists()
    assert (course_copy / "grading" / "work" / "gradebook.db").is_file()
    assert "00_start_here" in listed.stdout


@pytest.mark.grading
def test_the_grading_variant_is_built_once_and_reused(course_copy, monkeypatch):
    from cmo_course.instructor.config import variant_dir

    cache = course_copy / "grading" / "work" / "data"
    first = variant_dir(3, cache)
    stamp = (first / "truth.json").stat().st_mtime_ns
    assert variant_dir(3, cache) == first and (first / "truth.json").stat().st_mtime_ns == stamp
    assert not [p for p in cache.iterdir() if p.name.startswith(".")], "no half-built folders left"
    shutil.rmtree(cache)


CAPSTONE = "06_capstone"
MANUAL = {"ex6_7_answer": 5, "ex6_8_answer": 5, "ex6_9_answer": 12}


@pytest.mark.grading
def test_an_instructor_grades_the_capstone_by_machine_and_by_hand(
    course_copy, second_seed_dir, tmp_path
):
    """The instructor's whole flow on two sample submissions: autograde, formgrader's list of
    manual cells, manual scores through nbgrader's API, feedback, and an export with both."""
    import csv

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from cmo_course.instructor.config import configure

    root = course_copy
    env = dict(os.environ, CMO_COURSE_GRADING_DATA=str(second_seed_dir))
    env.pop("CMO_COURSE_DATA", None)
    nbgrader(root, "generate_assignment", CAPSTONE, "--force", env=env)
    strong = solution_sources(root, CAPSTONE)
    weak = dict(strong)
    weak["ex6_1_answer"] = "plan = last_year * 2  # twice last year: over the board's cap"
    weak["ex6_9_answer"] = (
        "We will keep investing in what works. ROAS is 4, so every dollar comes back four times."
    )
    submit(root, "strong", strong, module=CAPSTONE)
    submit(root, "weak", weak, module=CAPSTONE)
    nbgrader(root, "autograde", CAPSTONE, "--force", env=env)

    # formgrader's view: both submissions wait for manual grading, of the three written answers
    config = Config()
    configure(config, root)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    listed = {s["student"]: s for s in api.get_notebook_submissions(CAPSTONE, CAPSTONE)}
    assert set(listed) == {"strong", "weak"} and all(
        s["needs_manual_grade"] for s in listed.values()
    )
    db_url = f"sqlite:///{root / 'grading' / 'work' / 'gradebook.db'}"
    with Gradebook(db_url) as gradebook:
        notebook = gradebook.find_notebook(CAPSTONE, CAPSTONE)
        manual_cells = {
            c.name: c.max_score for c in notebook.grade_cells if c.cell_type == "markdown"
        }
        assert manual_cells == MANUAL
        auto_max = sum(c.max_score for c in notebook.grade_cells if c.cell_type == "code")
        auto = {s: gradebook.find_submission(CAPSTONE, s).code_score for s in ("strong", "weak")}
    assert auto_max >= 6 and auto["strong"] == auto_max and 0 < auto["weak"] < auto_max

    # the instructor's marks, entered through nbgrader's API as formgrader does
    marks = {
        "strong": {"ex6_7_answer": 5, "ex6_8_answer": 4, "ex6_9_answer": 12},
        "weak": {"ex6_7_answer": 1, "ex6_8_answer": 0, "ex6_9_answer": 3},
    }
    with Gradebook(db_url) as gradebook:
        for student, scores in marks.items():
            for grade_id, score in scores.items():
                grade = gradebook.find_grade(grade_id, CAPSTONE, CAPSTONE, student)
                grade.manual_score = score
                grade.needs_manual_grade = False  # what formgrader's save does
            gradebook.db.commit()
    listed = {s["student"]: s for s in api.get_notebook_submissions(CAPSTONE, CAPSTONE)}
    assert not any(s["needs_manual_grade"] for s in listed.values())

    nbgrader(root, "generate_feedback", CAPSTONE, "--force", env=env)
    for student, scores in marks.items():
        html = (
            root / "grading" / "work" / "feedback" / student / CAPSTONE / f"{CAPSTONE}.html"
        ).read_text()
        total = auto[student] + sum(scores.values())
        assert f"Score: {total:g}" in html or f"Score: {float(total)}" in html, student

    out = tmp_path / "grades.csv"
    nbgrader(root, "export", f"--CsvExportPlugin.to={out}", env=env)
    rows = {r["student_id"]: r for r in csv.DictReader(out.open()) if r["assignment"] == CAPSTONE}
    for student, scores in marks.items():
        assert float(rows[student]["score"]) == pytest.approx(auto[student] + sum(scores.values()))
        assert float(rows[student]["max_score"]) == pytest.approx(auto_max + sum(MANUAL.values()))
