"""Commands a learner runs: ``cmo-course lab``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from .common import CommandError, checkout_root


def cmd_lab(args: argparse.Namespace) -> int:
    root = checkout_root()
    course = root / "course"
    if not course.is_dir():
        raise CommandError(f"{course} is missing. Generate it with `cmo-course release`.")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={course}",
        "--LabApp.default_url=/lab/tree/00_start_here/00_start_here.ipynb",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in args.jupyter_args:
        print("Running as root (for example in a container): adding --allow-root.", file=sys.stderr)
        command.append("--allow-root")
    command += args.jupyter_args
    print(f"Starting JupyterLab on {course}. Stop it with Ctrl+C.", file=sys.stderr)
    if os.name == "posix":
        # become JupyterLab, so that a signal sent to this process (a service manager's or a
        # test's SIGTERM) reaches the server and it shuts its kernels down
        sys.stdout.flush()
        sys.stderr.flush()
        os.chdir(root)
        os.execv(sys.executable, command)
    try:
        return subprocess.call(command, cwd=root)
    except KeyboardInterrupt:
        return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    lab = sub.add_parser(
        "lab",
        help="start JupyterLab on the course",
        description="Start JupyterLab on course/, opening Module 00.",
    )
    lab.add_argument(
        "jupyter_args",
        nargs=argparse.REMAINDER,
        help="extra options passed to JupyterLab (e.g. --port 8890)",
    )
    lab.set_defaults(run=cmd_lab)
