"""The ``cmo-course`` command. Each subcommand is a thin shell over the package; its parser sits
beside it, in the file of the audience that runs it: ``learner`` (lab), ``authoring``
(datasets, release, validate, tidy), ``grading`` (grade) and ``workshop`` (explore, hub).
"""

from __future__ import annotations

import argparse
import sys

from cmo_course import __version__

from . import authoring, grading, learner, workshop
from .common import CommandError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="cmo-course",
        description="The CMO course: start JupyterLab, build datasets, release and validate "
        "notebooks, grade a cohort, run a workshop.",
    )
    top.add_argument("--version", action="version", version=f"cmo-course {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in (learner, workshop, authoring, grading):
        group.add_parsers(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if extra:
        if args.command != "lab":
            top.error(f"unrecognized arguments: {' '.join(extra)}")
        args.jupyter_args = extra
    try:
        return int(args.run(args) or 0)
    except CommandError as error:
        print(f"cmo-course: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
