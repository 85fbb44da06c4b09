"""Commands a workshop facilitator runs: ``cmo-course explore`` and ``cmo-course hub ...``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .common import CommandError, checkout_root


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve a module's explorers with Voila: controls and charts, no code."""
    import shutil
    import signal
    import tempfile

    from cmo_course.instructor import explore

    try:
        explore.demos(args.module)
    except KeyError as error:
        raise CommandError(error.args[0]) from None
    folder = Path(tempfile.mkdtemp(prefix="cmo-course-explore-"))
    try:
        notebook = explore.write_notebook(args.module, folder)
        command = [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            f"--Voila.ip={args.ip}",
            f"--port={args.port}",
            "--Voila.port_retries=0",
            "--strip_sources=True",
            "--theme=light",
            # JupyterLab's own extensions (nbgrader's panels, Notebook 7's menus) need JupyterLab
            # and only log errors in Voila's page
            "--VoilaConfiguration.extension_denylist=["
            "'@jupyter/nbgrader', '@jupyter-notebook/lab-extension', "
            "'@voila-dashboards/jupyterlab-preview']",
        ]
        if args.no_browser:
            command.append("--no-browser")
        print(
            f"Serving the explorers of {args.module} on http://{args.ip}:{args.port}/ "
            "(Voila: no code shown). Stop with Ctrl+C.",
            file=sys.stderr,
        )
        server = subprocess.Popen(command, cwd=folder)
        # a SIGTERM (a test's, a service manager's) stops Voila and removes the notebook too
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            server.wait(timeout=30)
            return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _hub(action):
    """Run a hub step, turning its errors into a CommandError."""
    from cmo_course.instructor.hub import HubError

    try:
        return action()
    except HubError as error:
        raise CommandError(str(error)) from None


def cmd_hub_setup(args: argparse.Namespace) -> int:
    from cmo_course.instructor import hub

    if bool(args.ssl_cert) != bool(args.ssl_key):
        raise CommandError("--ssl-cert and --ssl-key go together.")
    _hub(
        lambda: hub.setup(
            checkout_root(),
            prefix=Path(args.prefix),
            exchange=Path(args.exchange),
            python=args.python,
            ip=args.ip,
            port=args.port,
            # absolute, not resolved: certbot's live/ links follow each renewal
            ssl_cert=str(Path(args.ssl_cert).absolute()) if args.ssl_cert else "",
            ssl_key=str(Path(args.ssl_key).absolute()) if args.ssl_key else "",
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    )
    return 0


def cmd_hub_users(args: argparse.Namespace) -> int:
    from cmo_course.instructor import hub

    learners = _hub(lambda: hub.read_names(Path(args.learners))) if args.learners else []
    instructors = list(args.instructor or [])
    if not learners and not instructors:
        raise CommandError("Name accounts: --instructor NAME and/or --learners FILE.")
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    if args.remove:
        _hub(lambda: hub.remove_users(instructors + learners, log=log))
        return 0
    if args.passwords is None:
        raise CommandError("Say where the generated passwords go: --passwords FILE.csv.")
    _hub(
        lambda: hub.add_users(
            checkout_root(),
            instructors,
            learners,
            Path(args.passwords),
            Path(args.exchange),
            reset=args.reset_passwords,
            log=log,
        )
    )
    return 0


def cmd_hub_course(args: argparse.Namespace) -> int:
    from cmo_course.instructor import hub

    course = _hub(lambda: hub.give_course(args.instructor, checkout_root(), Path(args.exchange)))
    print(f"The course is in {course}.", file=sys.stderr)
    return 0


def cmd_hub_tljh(args: argparse.Namespace) -> int:
    from cmo_course.instructor import hub

    _hub(
        lambda: hub.setup_tljh(
            checkout_root(),
            env=Path(args.env),
            config_d=Path(args.config_d),
            exchange=Path(args.exchange),
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    )
    return 0


def cmd_hub_start(args: argparse.Namespace) -> int:
    from cmo_course.instructor import hub

    command = _hub(lambda: hub.hub_command(Path(args.prefix)))
    _hub(hub.require_root)
    state = Path(args.prefix) / "state"
    print(f"Starting JupyterHub ({' '.join(command)}). Stop it with Ctrl+C.", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(state)
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return


def add_parsers(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser(
        "explore",
        help="show a module's explorers as an app, for a projector (Voila)",
        description="Serve a module's interactive explorers as a standalone page with Voila: "
        "controls, charts and a prompt for the room, no code.",
    )
    exp.add_argument("module", help="a module id, e.g. 03_paid_media")
    exp.add_argument("--port", type=int, default=8866, help="port to serve on (8866)")
    exp.add_argument(
        "--ip", default="127.0.0.1", help="address to listen on (127.0.0.1: this computer only)"
    )
    exp.add_argument("--no-browser", action="store_true", help="do not open a browser")
    exp.set_defaults(run=cmd_explore)

    from cmo_course.instructor.hub import EXCHANGE, PREFIX, TLJH_CONFIG_D, TLJH_ENV

    def exchange_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--exchange", default=str(EXCHANGE), help=f"nbgrader's exchange ({EXCHANGE})"
        )

    def prefix_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--prefix", default=str(PREFIX), help=f"where the hub lives ({PREFIX})")

    hub = sub.add_parser(
        "hub",
        help="a workshop JupyterHub on this server (run as root); see grading/WORKSHOP.md",
        description="Set up, populate and start a JupyterHub for a workshop: real accounts, "
        "nbgrader's exchange, formgrader for instructors, the Assignments panel for learners.",
    )
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="STEP", required=True)
    hset = hub_sub.add_parser(
        "setup",
        help="build the hub's environment, proxy, exchange and configuration",
        description="Build (or refresh) the hub under --prefix from this checkout.",
    )
    prefix_option(hset)
    exchange_option(hset)
    hset.add_argument("--python", help="a Python 3.11+ every user can run (found if omitted)")
    hset.add_argument("--ip", default="", help="address to listen on (default: all)")
    hset.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    hset.add_argument("--ssl-cert", help="TLS certificate (PEM), for HTTPS")
    hset.add_argument("--ssl-key", help="TLS private key (PEM), for HTTPS")
    hset.set_defaults(run=cmd_hub_setup)
    husr = hub_sub.add_parser(
        "users",
        help="create (or --remove) the instructor and learner accounts",
        description="Create OS accounts with generated passwords: instructors are hub admins and "
        "get a copy of the course in ~/cmo-course; learners get the Assignments panel.",
    )
    husr.add_argument("--instructor", action="append", metavar="NAME", help="an instructor")
    husr.add_argument("--learners", metavar="FILE", help="learner user names, one per line")
    husr.add_argument("--passwords", metavar="FILE", help="where to write user,password,role")
    exchange_option(husr)
    husr.add_argument(
        "--reset-passwords",
        action="store_true",
        help="give existing accounts among these new passwords (they keep theirs otherwise)",
    )
    husr.add_argument("--remove", action="store_true", help="delete these accounts and homes")
    husr.set_defaults(run=cmd_hub_users)
    hcrs = hub_sub.add_parser(
        "course",
        help="copy the course into an existing user's ~/cmo-course for formgrader",
    )
    hcrs.add_argument("--instructor", required=True, metavar="NAME", help="the OS user")
    exchange_option(hcrs)
    hcrs.set_defaults(run=cmd_hub_course)
    htlj = hub_sub.add_parser(
        "tljh",
        help="on The Littlest JupyterHub: configure the exchange and the roles",
    )
    htlj.add_argument("--env", default=str(TLJH_ENV), help=f"TLJH's user environment ({TLJH_ENV})")
    htlj.add_argument(
        "--config-d", default=str(TLJH_CONFIG_D), help=f"TLJH's config folder ({TLJH_CONFIG_D})"
    )
    exchange_option(htlj)
    htlj.set_defaults(run=cmd_hub_tljh)
    hsta = hub_sub.add_parser("start", help="run the hub (stop it with Ctrl+C)")
    prefix_option(hsta)
    hsta.set_defaults(run=cmd_hub_start)
