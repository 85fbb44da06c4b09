"""The ``cmo-course`` command. Each subcommand is a thin shell over the package."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import __version__


class CommandError(Exception):
    """A command failed for a reason the user can act on; the message says what to do."""


def _root() -> Path:
    from .course import CourseError, find_root

    try:
        return find_root()
    except CourseError as error:
        raise CommandError(str(error)) from None


# --------------------------------------------------------------------------------------------
# lab
# --------------------------------------------------------------------------------------------


def cmd_lab(args: argparse.Namespace) -> int:
    root = _root()
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


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve a module's explorers with Voila: controls and charts, no code."""
    import shutil
    import signal
    import tempfile

    from . import explore

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


# --------------------------------------------------------------------------------------------
# datasets
# --------------------------------------------------------------------------------------------


def _shipped_datasets_dir() -> Path:
    return _root() / "datasets"


def cmd_datasets_build(args: argparse.Namespace) -> int:
    from .datasets.build import build

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
    from .datasets.build import check, seed_of

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


# --------------------------------------------------------------------------------------------
# release and validate
# --------------------------------------------------------------------------------------------


def cmd_release(args: argparse.Namespace) -> int:
    from .course import CourseError, release, stale

    root = _root()
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
    from .course import CourseError, validate

    root = _root()
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
    from .course import tidy

    root = _root()
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


# --------------------------------------------------------------------------------------------
# parser
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# grade
# --------------------------------------------------------------------------------------------


def _bytes(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().rstrip("b")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 2G or 512M") from None


def cmd_grade(args: argparse.Namespace) -> int:
    from .cohort import GradeError, Settings, grade
    from .course import CourseError, find_root
    from .datasets import data_dir
    from .grading import GRADING_DATA_VAR, grading_seed, variant_dir

    # the checkout around the current folder, or the course folder being graded (an instructor's
    # copy of the course on the hub, graded from anywhere)
    for start in (None, args.submissions):
        try:
            root = find_root(start)
            break
        except CourseError:
            continue
    else:
        root = _root()
    seed = grading_seed()
    prebuilt = os.environ.get(GRADING_DATA_VAR, "").strip()
    if prebuilt:
        data = Path(prebuilt)
    elif seed is not None:
        print(f"Grading on the datasets built with seed {seed} ...", file=sys.stderr)
        data = variant_dir(seed, root / "grading" / "work" / "data")
    else:
        data = data_dir()
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


# --------------------------------------------------------------------------------------------
# hub
# --------------------------------------------------------------------------------------------


def _hub(action):
    """Run a hub step, turning its errors into a CommandError."""
    from .hub import HubError

    try:
        return action()
    except HubError as error:
        raise CommandError(str(error)) from None


def cmd_hub_setup(args: argparse.Namespace) -> int:
    from . import hub

    if bool(args.ssl_cert) != bool(args.ssl_key):
        raise CommandError("--ssl-cert and --ssl-key go together.")
    _hub(
        lambda: hub.setup(
            _root(),
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
    from . import hub

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
            _root(),
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
    from . import hub

    course = _hub(lambda: hub.give_course(args.instructor, _root(), Path(args.exchange)))
    print(f"The course is in {course}.", file=sys.stderr)
    return 0


def cmd_hub_tljh(args: argparse.Namespace) -> int:
    from . import hub

    _hub(
        lambda: hub.setup_tljh(
            _root(),
            env=Path(args.env),
            config_d=Path(args.config_d),
            exchange=Path(args.exchange),
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    )
    return 0


def cmd_hub_start(args: argparse.Namespace) -> int:
    from . import hub

    command = _hub(lambda: hub.hub_command(Path(args.prefix)))
    _hub(hub.require_root)
    state = Path(args.prefix) / "state"
    print(f"Starting JupyterHub ({' '.join(command)}). Stop it with Ctrl+C.", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(state)
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return


def parser() -> argparse.ArgumentParser:
    from .datasets.company import DEFAULT_SEED

    top = argparse.ArgumentParser(
        prog="cmo-course",
        description="The CMO course: start JupyterLab, build datasets, release and validate notebooks.",
    )
    top.add_argument("--version", action="version", version=f"cmo-course {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

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

    from .hub import EXCHANGE, PREFIX, TLJH_CONFIG_D, TLJH_ENV

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
    hset.add_argument("--prefix", default=str(PREFIX), help=f"where the hub lives ({PREFIX})")
    hset.add_argument("--exchange", default=str(EXCHANGE), help=f"nbgrader's exchange ({EXCHANGE})")
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
    husr.add_argument("--exchange", default=str(EXCHANGE), help=f"nbgrader's exchange ({EXCHANGE})")
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
    hcrs.add_argument("--exchange", default=str(EXCHANGE), help=f"nbgrader's exchange ({EXCHANGE})")
    hcrs.set_defaults(run=cmd_hub_course)
    htlj = hub_sub.add_parser(
        "tljh",
        help="on The Littlest JupyterHub: configure the exchange and the roles",
    )
    htlj.add_argument("--env", default=str(TLJH_ENV), help=f"TLJH's user environment ({TLJH_ENV})")
    htlj.add_argument(
        "--config-d", default=str(TLJH_CONFIG_D), help=f"TLJH's config folder ({TLJH_CONFIG_D})"
    )
    htlj.add_argument("--exchange", default=str(EXCHANGE), help=f"nbgrader's exchange ({EXCHANGE})")
    htlj.set_defaults(run=cmd_hub_tljh)
    hsta = hub_sub.add_parser("start", help="run the hub (stop it with Ctrl+C)")
    hsta.add_argument("--prefix", default=str(PREFIX), help=f"where the hub lives ({PREFIX})")
    hsta.set_defaults(run=cmd_hub_start)

    tid = sub.add_parser(
        "tidy",
        help="strip outputs and volatile metadata from notebooks",
        description="Strip outputs, execution counts and volatile metadata (default: every solutions/ notebook).",
    )
    tid.add_argument("paths", nargs="*", help="notebooks to clean")
    tid.set_defaults(run=cmd_tidy)
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
