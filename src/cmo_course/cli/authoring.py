"""Commands a course author runs: ``datasets build|check``, ``release``, ``validate``, ``tidy``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import CommandError, checkout_root


def _shipped_datasets_dir() -> Path:
    return checkout_root() / "datasets"


def cmd_datasets_build(args: argparse.Namespace) -> int:
    from cmo_course.authoring.datagen.build import build

    out = Path(args.out) if args.out else _shipped_datasets_dir()
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} exists and is not a folder.")
    written = build(out, seed=args.seed)
    total = sum(p.stat().st_size for p in written)
    print(f"Wrote {len(written)} files ({total / 1e6:.1f} MB) to {out} with seed {args.seed}.")
    if args.out:
        print(f"Use them with: {_env_hint(out)}")
    return 0


def _env_hint(folder: Path) -> str:
    if os.name == "nt":
        return f"set CMO_COURSE_DATA={folder.resolve()} && cmo-course lab"
    return f"CMO_COURSE_DATA={folder.resolve()} cmo-course lab"


def cmd_datasets_check(args: argparse.Namespace) -> int:
    from cmo_course.authoring.datagen.build import check
    from cmo_course.datasets import seed_of

    folder = Path(args.dir) if args.dir else _shipped_datasets_dir()
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder of datasets.")
    problems = check(folder)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print(
            "Regenerate with `cmo-course datasets build` (and commit the result).", file=sys.stderr
        )
        return 1
    print(f"{folder}: every dataset matches its generator (seed {seed_of(folder)}) and its schema.")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from cmo_course.authoring.checkout import CourseError
    from cmo_course.authoring.release import release, stale

    root = checkout_root()
    try:
        if args.check:
            problems = stale(root)
            if problems:
                print(
                    "course/ is stale: run `cmo-course release` and commit the result.",
                    file=sys.stderr,
                )
                for problem in problems:
                    print(f"  {problem}", file=sys.stderr)
                return 1
            print("course/ is up to date with solutions/.")
            return 0
        written = release(root)
    except CourseError as error:
        raise CommandError(str(error)) from None
    print(f"Released {len(written)} notebook(s) to {root / 'course'}.")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from cmo_course.authoring.checkout import CourseError
    from cmo_course.authoring.release import validate

    root = checkout_root()
    try:
        results = validate(root)
    except CourseError as error:
        raise CommandError(str(error)) from None
    failed = 0
    for result in results:
        where = result.notebook.relative_to(root)
        mode = "validate --invert" if result.invert else "validate"
        if result.problems:
            failed += 1
            print(f"FAIL {mode} {where}", file=sys.stderr)
            for problem in result.problems:
                print(f"    {problem}", file=sys.stderr)
        else:
            print(f"ok   {mode} {where}")
    if failed:
        print(
            f"{failed} notebook(s) failed. Solutions must pass every test; learner notebooks must "
            "fail every test on their stubs.",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_tidy(args: argparse.Namespace) -> int:
    from cmo_course.authoring.notebooks import tidy

    root = checkout_root()
    paths = [Path(p) for p in args.paths] or sorted((root / "solutions").rglob("*.ipynb"))
    changed = 0
    for path in paths:
        if not path.is_file() or path.suffix != ".ipynb":
            raise CommandError(f"{path} is not a notebook.")
        if tidy(path):
            changed += 1
            print(f"cleaned {path}")
    print(f"{changed} of {len(paths)} notebook(s) needed cleaning.")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from cmo_course.datasets.company import DEFAULT_SEED

    data = sub.add_parser(
        "datasets",
        help="build or check the datasets",
        description="Build or check the course datasets.",
    )
    data_sub = data.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = data_sub.add_parser(
        "build",
        help="regenerate every dataset",
        description="Regenerate every dataset, its truth, schema and data dictionary. Without --out, "
        "rewrites the committed datasets/ folder.",
    )
    build.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default {DEFAULT_SEED}, the shipped data)",
    )
    build.add_argument(
        "--out",
        metavar="DIR",
        help="write to DIR instead of datasets/ (a variant to use with CMO_COURSE_DATA)",
    )
    build.set_defaults(run=cmd_datasets_build)
    check = data_sub.add_parser(
        "check",
        help="fail if the datasets differ from their generators or schema",
        description="Fail if the datasets differ from what the generators write, or break their schema.",
    )
    check.add_argument("--dir", metavar="DIR", help="check DIR instead of datasets/")
    check.set_defaults(run=cmd_datasets_check)

    rel = sub.add_parser(
        "release",
        help="regenerate course/ from solutions/ with nbgrader",
        description="Regenerate the learner notebooks in course/ from solutions/ with nbgrader.",
    )
    rel.add_argument(
        "--check",
        action="store_true",
        help="change nothing; fail, naming the files, if course/ is stale",
    )
    rel.set_defaults(run=cmd_release)

    val = sub.add_parser(
        "validate",
        help="nbgrader validate solutions/ and validate --invert course/",
        description="Run nbgrader validate on every solutions/ notebook (every test passes) and "
        "validate --invert on every course/ notebook (every test fails on the stub).",
    )
    val.set_defaults(run=cmd_validate)

    tid = sub.add_parser(
        "tidy",
        help="strip outputs and volatile metadata from notebooks",
        description="Strip outputs, execution counts and volatile metadata (default: every solutions/ notebook).",
    )
    tid.add_argument("paths", nargs="*", help="notebooks to clean")
    tid.set_defaults(run=cmd_tidy)
