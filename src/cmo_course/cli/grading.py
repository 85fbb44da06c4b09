"""The instructor's grading command: ``cmo-course grade``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import CommandError, checkout_root


def _bytes(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().rstrip("b")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 2G or 512M") from None


def grading_root(submissions: str | Path) -> Path:
    """The course whose settings and grading data a grading run uses: the checkout around the
    current folder, or else the course folder being graded (an instructor's copy of the course on
    the hub, graded from their home), before the checkout this package was installed from. On a
    hub that one belongs to root, and the grading variant's data are built in the course's
    grading/work."""
    from cmo_course.authoring.checkout import CourseError, find_root

    for start in (None, submissions):
        try:
            return find_root(start, installed=False)
        except CourseError:
            continue
    return checkout_root()


def cmd_grade(args: argparse.Namespace) -> int:
    from cmo_course.datasets import data_dir
    from cmo_course.instructor.cohort import GradeError, Settings, grade
    from cmo_course.instructor.config import grading_data, grading_seed

    root = grading_root(args.submissions)
    seed = grading_seed()
    if seed is not None:
        print(f"Grading on the datasets built with seed {seed} ...", file=sys.stderr)
    data = grading_data(root) or data_dir()
    if args.no_sandbox:
        print(
            "WARNING: --no-sandbox: learner code runs as you, with your files and the network. "
            "Use it only for submissions you trust.",
            file=sys.stderr,
        )
    settings = Settings(
        root=str(root),
        submissions=str(Path(args.submissions).resolve()),
        out=str(Path(args.out).resolve()),
        # one more than the cores: a kernel waiting on its grader (or the reverse) leaves a core idle
        jobs=args.jobs or (os.cpu_count() or 1) + 1,
        modules=list(args.modules or []),
        sandbox=not args.no_sandbox,
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.notebook_timeout,
        memory_limit=args.memory,
        cpu_limit=args.cpu,
        db_url=args.db_url or "",
        data_folder=str(data.resolve()),
        into_course=args.into_course,
    )
    try:
        grade(settings, log=lambda line: print(line, file=sys.stderr, flush=True))
    except GradeError as error:
        raise CommandError(str(error)) from None
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    grd = sub.add_parser(
        "grade",
        help="autograde a cohort's submissions: fast, sandboxed, with a report",
        description="Autograde every <student>/<module>/<module>.ipynb under --submissions with "
        "nbgrader, in parallel and sandboxed, and write grades.csv, scores.csv, feedback/, "
        "autograded/, the gradebook and report.html into --out. The submissions are only read. "
        "Running it again reuses what is already graded.",
    )
    grd.add_argument(
        "--submissions", required=True, metavar="DIR", help="<student>/<module>/ folders"
    )
    grd.add_argument("--out", required=True, metavar="DIR", help="where the results go")
    grd.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="workers (default: one more than the cores)",
    )
    grd.add_argument("--modules", nargs="+", metavar="ID", help="grade only these modules")
    grd.add_argument(
        "--db-url",
        metavar="URL",
        help="the gradebook (default: sqlite in --out, or the course's with --into-course); "
        "e.g. postgresql://user@host/db",
    )
    grd.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run learner code without bubblewrap (only for submissions you trust)",
    )
    grd.add_argument(
        "--cell-timeout", type=int, default=120, metavar="S", help="seconds per cell (120)"
    )
    grd.add_argument(
        "--notebook-timeout", type=int, default=900, metavar="S", help="seconds per notebook (900)"
    )
    grd.add_argument("--memory", type=_bytes, default="2G", help="memory per kernel (2G)")
    grd.add_argument(
        "--cpu", type=int, default=1200, metavar="S", help="CPU seconds per kernel (1200)"
    )
    grd.add_argument(
        "--into-course",
        action="store_true",
        help="DIR is an nbgrader course folder (such as ~/cmo-course on the hub): also write "
        "the scores into its gradebook and the autograded notebooks and feedback into its "
        "autograded/ and feedback/ folders, so that formgrader shows them (manual grading) and "
        "Release Feedback hands the feedback out",
    )
    grd.set_defaults(run=cmd_grade)
