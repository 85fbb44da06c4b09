"""Grade a synthetic cohort with plain nbgrader and with `cmo-course grade`, side by side.

    python benchmarks/grade_cohort.py                 # 30 students x every module
    python benchmarks/grade_cohort.py --students 4 --modules 00_start_here 01_finance

What it does, in one run on one machine:

1. builds a cohort: every student answers a share of each module (none, a third, two thirds,
   all, in turn), from the released notebooks and the reference answers;
2. **baseline**: plain ``nbgrader autograde MODULE --student S``, one process per student and
   module, one after another (what an instructor does by hand or in a shell loop), on a copy of
   the course with its own gradebook;
3. **cmo-course grade** on the same submissions (sandboxed, every core, feedback and report
   included);
4. **floor**: each module's submission executed once by nbclient in this process (kernel start
   plus execution, nothing of nbgrader), times the cohort, divided by the cores;
5. checks that every auto-graded cell got the same points both ways, and prints the wall-clock
   ratio, the time per notebook and how close `cmo-course grade` comes to the floor.

Whole-process wall clock, measured with time.perf_counter around each step. Both ways grade on
the same prebuilt data variant.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cmo_course.instructor.config import DEFAULT_GRADING_SEED, variant_dir  # noqa: E402
from tests.submissions import mixed_cohort  # noqa: E402


def course_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("solutions", "course", "grading"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("work"))
    shutil.copy(ROOT / "nbgrader_config.py", target / "nbgrader_config.py")
    return target


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def floor_seconds(modules: list[str], graded: Path, data: Path) -> dict[str, float]:
    """Kernel start plus execution of one graded notebook per module, hidden tests included.

    The notebook as nbgrader ran it (from the autograded folder, outputs cleared), executed by
    nbclient in this process: the kernel's own work, nothing of nbgrader.
    """
    import nbformat
    from nbclient import NotebookClient

    os.environ["CMO_COURSE_DATA"] = str(data)
    students = sorted(p.name for p in graded.iterdir())
    # one who answered everything (every fourth learner) runs every cell to the end
    student = next((s for s in students if int(s[-3:]) % 4 == 3), students[-1])
    seconds = {}
    for module in modules:
        notebook = nbformat.read(graded / student / module / f"{module}.ipynb", as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        began = time.perf_counter()
        NotebookClient(
            notebook,
            timeout=300,
            allow_errors=True,
            shutdown_kernel="immediate",
            resources={"metadata": {"path": tempfile.gettempdir()}},
        ).execute()
        seconds[module] = time.perf_counter() - began
    os.environ.pop("CMO_COURSE_DATA")
    return seconds


def plain_scores(root: Path) -> dict[tuple[str, str, str], float]:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{root / 'grading' / 'work' / 'gradebook.db'}") as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.cell.cell_type == "code" and grade.auto_score is not None:
                            key = (submission.student.id, assignment.name, grade.name)
                            scores[key] = float(grade.auto_score)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--modules", nargs="+")
    parser.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    modules = args.modules or sorted(
        p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file()
    )
    scratch = Path(tempfile.mkdtemp(prefix="grade-bench-"))
    cores = os.cpu_count() or 1
    try:
        data = variant_dir(DEFAULT_GRADING_SEED, ROOT / "grading" / "work" / "data")
        env = dict(os.environ, CMO_COURSE_GRADING_DATA=str(data))
        env.pop("CMO_COURSE_DATA", None)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        course = course_copy(scratch / "course")
        submitted = course / "grading" / "work" / "submitted"
        mixed_cohort(submitted, args.students, modules)
        students = sorted(p.name for p in submitted.iterdir())
        notebooks = len(students) * len(modules)
        print(
            f"{len(students)} students x {len(modules)} modules = {notebooks} notebooks, "
            f"{cores} cores"
        )

        for module in modules:
            run(["nbgrader", "generate_assignment", module, "--force"], course, env)
        began = time.perf_counter()
        for module in modules:
            for student in students:
                run(["nbgrader", "autograde", module, "--student", student], course, env)
        plain = time.perf_counter() - began
        print(f"plain nbgrader autograde, student by student: {plain:.1f} s")

        out = scratch / "out"
        began = time.perf_counter()
        run(
            [
                str(Path(sys.executable).parent / "cmo-course"),
                "grade",
                "--submissions",
                str(submitted),
                "--out",
                str(out),
                "--jobs",
                str(args.jobs),
                "--modules",
                *modules,
            ],
            ROOT,
            env,
        )
        ours = time.perf_counter() - began
        print(
            f"cmo-course grade --jobs {args.jobs} (sandboxed, with feedback and report): "
            f"{ours:.1f} s"
        )

        floor_each = floor_seconds(modules, out / "autograded", data)
        floor = sum(floor_each.values()) * len(students) / cores

        theirs = plain_scores(course)
        mine = {}
        with open(out / "scores.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["points"] and row["status"] != "manual":
                    mine[(row["student_id"], row["module"], row["cell"])] = float(row["points"])
        same = theirs == mine
        differ = sorted(k for k in set(theirs) | set(mine) if theirs.get(k) != mine.get(k))

        print()
        print("| measure | value |")
        print("|---|---|")
        print(f"| notebooks | {notebooks} ({len(students)} students x {len(modules)} modules) |")
        print(f"| plain nbgrader, total | {plain:.1f} s ({plain / notebooks:.2f} s per notebook) |")
        print(f"| cmo-course grade, total | {ours:.1f} s ({ours / notebooks:.2f} s per notebook) |")
        print(f"| **speed-up** | **{plain / ours:.2f}x** |")
        print(
            f"| floor: kernel start + execution / {cores} cores | {floor:.1f} s "
            f"({floor / notebooks:.2f} s per notebook) |"
        )
        print(f"| cmo-course grade vs floor | {ours / floor:.2f}x the floor |")
        for module, seconds in floor_each.items():
            print(f"| kernel start + execution, {module} | {seconds:.2f} s |")
        print(f"| auto-graded cells compared | {len(theirs)} |")
        print(f"| identical scores | {'yes' if same else 'NO: ' + str(differ[:10])} |")
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
