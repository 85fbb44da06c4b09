"""A workshop JupyterHub: ``cmo-course hub setup | users | start`` (run as root).

The hub serves real OS users (PAM log-in, ``LocalProcessSpawner``), so nbgrader knows every
learner by their user name and the operating system keeps learners out of each other's files.

``setup`` builds everything under one prefix (``/opt/cmo-course`` by default):

- ``venv/``: the course and JupyterHub, installed from this checkout with the pinned versions,
  on a Python that every user can read (a virtual environment built on a Python inside root's
  home would not start for anyone else);
- ``venv/etc/jupyter/nbgrader_config.py``: the course id and the exchange, read by every user;
- ``proxy/``: configurable-http-proxy from npm;
- ``learner-config/``: Jupyter settings that hide formgrader from learners (the hub points
  learners' servers at it); instructors keep formgrader;
- ``hub/``: ``jupyterhub_config.py`` and ``cmo_roles.py`` from ``grading/hub/``, with
  ``settings.json``; ``state/`` holds the hub's database and cookie secret (root only).

The exchange (``/srv/nbgrader/exchange`` by default) is world-writable with the sticky bit, so
learners can hand in but cannot remove what others put there.

``users`` creates the instructor (a hub admin, with a copy of the course in ``~/cmo-course``) and
the learners, with generated passwords written to a file only root can read. ``start`` runs the
hub. The e2e test in ``tests/test_hub.py`` runs all three on loopback.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from cmo_course import manifest

PREFIX = Path("/opt/cmo-course")
EXCHANGE = Path("/srv/nbgrader/exchange")
LEARNERS = "cmo-learners"
INSTRUCTORS = "cmo-instructors"
COURSE_ID = "cmo-course"
PROXY_VERSION = "5.3.0"
# what an instructor's copy of the course holds (the rest of a checkout is for authors): the
# manifest's modules, in solutions/ (formgrader's source) and course/, and nbgrader's settings
COURSE_PARTS = (
    *(f"solutions/{module}" for module in manifest.ids()),
    *(f"course/{module}" for module in manifest.ids()),
    "grading/nbgrader_config.py",
    "grading/README.md",
    "grading/WORKSHOP.md",
    "nbgrader_config.py",
    "README.md",
)
_USER_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")
# nbgrader ships these lab plugins; a learner needs only the Assignments panel and validation
LEARNER_HIDDEN_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
LEARNER_HIDDEN_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)


class HubError(Exception):
    """A set-up step cannot go on; the message says why and what to do."""


def _run(command: list[str], log: Callable[[str], None] | None = None, **kwargs) -> str:
    if log:
        log("$ " + " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise HubError(f"`{' '.join(command)}` failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def require_root() -> None:
    if os.geteuid() != 0:
        raise HubError("The hub commands create users and system folders: run them as root (sudo).")


def readable_python(candidates: Iterable[str] | None = None) -> str:
    """A Python 3.11+ that an ordinary user can run (checked as user ``nobody``)."""
    tried = []
    for candidate in candidates or ("/usr/bin/python3", "/usr/local/bin/python3", sys.executable):
        if not candidate or not Path(candidate).is_file() or candidate in tried:
            continue
        tried.append(candidate)
        probe = subprocess.run(
            [
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                candidate,
                "-c",
                "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))",
            ],
            capture_output=True,
            cwd="/",
        )
        if probe.returncode == 0:
            return candidate
    raise HubError(
        "No Python 3.11+ that every user can run was found (tried "
        + ", ".join(tried)
        + "). Install one system-wide, e.g. `apt-get install python3 python3-venv`, "
        "or pass --python."
    )


def _world_readable(folder: Path) -> None:
    """chmod -R a+rX: every user runs this environment."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        extra = stat.S_IRGRP | stat.S_IROTH
        if path.is_dir() or mode & stat.S_IXUSR:
            extra |= stat.S_IXGRP | stat.S_IXOTH
        if mode & extra != extra:
            path.chmod(mode | extra)


NBGRADER_SYSTEM_CONFIG = """\
# Written by `cmo-course hub setup`: read by every user's nbgrader on this hub.
from cmo_course.instructor.config import execution_settings

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course!r}
c.Exchange.root = {exchange!r}
# the Validate button runs notebooks the way grading does (warnings ignored, 2 minutes a cell)
execution_settings(c)
"""

INSTRUCTOR_CONFIG = """\
# Written by `cmo-course hub users`: formgrader and nbgrader commands run anywhere in your home
# work on your copy of the course (the same settings as the course's grading/nbgrader_config.py).
from pathlib import Path

from cmo_course.instructor.config import configure

c = get_config()  # noqa: F821
configure(c, Path({root!r}))
c.Exchange.root = {exchange!r}
"""


def setup(
    checkout: Path,
    prefix: Path = PREFIX,
    exchange: Path = EXCHANGE,
    python: str | None = None,
    ip: str = "",
    port: int = 8000,
    ssl_cert: str = "",
    ssl_key: str = "",
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    log: Callable[[str], None] = print,
) -> Path:
    """Build or refresh the hub under ``prefix``; return the hub's config file."""
    require_root()
    checkout, prefix, exchange = checkout.resolve(), prefix.resolve(), exchange.resolve()
    if shutil.which("npm") is None:
        raise HubError("npm is needed for the hub's proxy: `apt-get install nodejs npm`.")
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)
    venv = prefix / "venv"
    stamp = venv / ".cmo-course-installed"
    wanted = _install_key(checkout)
    if not (stamp.is_file() and stamp.read_text() == wanted):
        python = python or readable_python()
        log(f"Building the course environment in {venv} (a few minutes) ...")
        if not (venv / "bin" / "python").exists():
            _run([python, "-m", "venv", str(venv)], log)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        constraints = str(checkout / "constraints.txt")
        _run(pip + ["install", "--quiet", "-c", constraints, "hatchling"], log)
        # not editable: users must not depend on the checkout, which may sit in root's home
        _run(
            pip
            + [
                "install",
                "--quiet",
                "--no-build-isolation",
                "--force-reinstall",
                "--no-deps",
                str(checkout),
            ],
            log,
        )
        _run(pip + ["install", "--quiet", "-c", constraints, f"{checkout}[hub]"], log)
        stamp.write_text(wanted)
    proxy = prefix / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        log("Installing configurable-http-proxy ...")
        _run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(prefix / "proxy"),
                f"configurable-http-proxy@{PROXY_VERSION}",
            ],
            log,
        )

    configure_environment(venv, prefix / "learner-config", exchange)

    hub = prefix / "hub"
    hub.mkdir(exist_ok=True)
    for name in ("jupyterhub_config.py", "cmo_roles.py"):
        shutil.copyfile(checkout / "grading" / "hub" / name, hub / name)
    state = prefix / "state"
    state.mkdir(exist_ok=True)
    state.chmod(0o700)
    settings = {
        "ip": ip,
        "port": port,
        "ssl_cert": ssl_cert,
        "ssl_key": ssl_key,
        "hub_port": hub_port,
        "proxy_api_port": proxy_api_port,
        "venv": str(venv),
        "proxy": str(proxy),
        "state": str(state),
        "learner_config": str(prefix / "learner-config"),
        "groups": [LEARNERS, INSTRUCTORS],
        "admin_groups": [INSTRUCTORS],
    }
    (hub / "settings.json").write_text(json.dumps(settings, indent=2) + "\n")
    _world_readable(venv)
    for name in ("proxy", "learner-config", "hub"):
        _world_readable(prefix / name)
    for group in (LEARNERS, INSTRUCTORS):
        _run(["groupadd", "-f", group])
    log(f"The hub is set up. Start it with: cmo-course hub start --prefix {prefix}")
    return hub / "jupyterhub_config.py"


def configure_environment(env: Path, learner_config: Path, exchange: Path) -> None:
    """What every user's nbgrader and JupyterLab read: the course id, the exchange, and the
    learners' settings."""
    etc = env / "etc" / "jupyter"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        NBGRADER_SYSTEM_CONFIG.format(course=COURSE_ID, exchange=str(exchange))
    )
    # JupyterLab's terminals start a login shell, whose /etc/profile resets PATH and loses the
    # course's commands (nbgrader, cmo-course): start a plain shell, which keeps the server's PATH
    # (jupyter_server reads only extension switches from jupyter_server_config.d/)
    # (an existing file, such as one TLJH wrote, keeps its other settings)
    server_file = etc / "jupyter_server_config.json"
    server = json.loads(server_file.read_text()) if server_file.is_file() else {}
    terminado = server.setdefault("ServerApp", {}).setdefault("terminado_settings", {})
    terminado["shell_command"] = ["/bin/bash"]
    server_file.write_text(json.dumps(server, indent=2) + "\n")
    write_learner_config(learner_config)
    make_exchange(exchange)
    for folder in (etc, learner_config):
        _world_readable(folder)


TLJH_ENV = Path("/opt/tljh/user")
TLJH_CONFIG_D = Path("/opt/tljh/config/jupyterhub_config.d")


def setup_tljh(
    checkout: Path,
    env: Path = TLJH_ENV,
    config_d: Path = TLJH_CONFIG_D,
    exchange: Path = EXCHANGE,
    log: Callable[[str], None] = print,
) -> Path:
    """On The Littlest JupyterHub: nbgrader's exchange and the roles, in TLJH's own folders.

    TLJH already runs JupyterHub, the proxy and the users' environment (``env``); the course is
    installed into that environment first (WORKSHOP.md). Then ``tljh-config reload hub``.
    """
    require_root()
    if not (env / "bin" / "nbgrader").exists():
        raise HubError(
            f"nbgrader is not installed in {env}. Install the course there first: "
            f"`sudo {env}/bin/pip install -c constraints.txt .` in the course checkout."
        )
    learner_config = env / "etc" / "cmo-course" / "learner-config"
    configure_environment(env, learner_config, exchange)
    config_d.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(checkout / "grading" / "hub" / "cmo_roles.py", config_d / "cmo_roles.py")
    (config_d / "settings.json").write_text(
        json.dumps({"learner_config": str(learner_config)}, indent=2) + "\n"
    )
    log(f"Roles written to {config_d}. Apply them with: sudo tljh-config reload hub")
    return config_d / "cmo_roles.py"


def _install_key(checkout: Path) -> str:
    """Changes whenever what the environment is installed from changes."""
    import hashlib

    digest = hashlib.sha256()
    files = [checkout / "pyproject.toml", checkout / "constraints.txt"]
    files += sorted((checkout / "src").rglob("*.py")) + sorted((checkout / "datasets").rglob("*"))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(checkout)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def write_learner_config(folder: Path) -> None:
    """Jupyter settings for learners' servers: formgrader and its menus hidden.

    This is tidiness, not security: learners are kept out of the instructor's files by their
    permissions, and a formgrader a learner turned back on would only see the learner's own home.
    """
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    server = {
        "ServerApp": {"jpserver_extensions": {n: False for n in LEARNER_HIDDEN_SERVER_EXTENSIONS}}
    }
    (folder / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    page = {"disabledExtensions": {n: True for n in LEARNER_HIDDEN_PLUGINS}}
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")


def make_exchange(exchange: Path) -> None:
    """nbgrader's exchange: everyone may write (hand in), the sticky bit stops deleting others'."""
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o1777)
    for parent in exchange.parents:
        if parent == Path("/"):
            break
        mode = parent.stat().st_mode
        if mode & 0o005 != 0o005:  # every user must be able to pass through
            parent.chmod(mode | 0o005)


# -- users ------------------------------------------------------------------------------------


def read_names(path: Path) -> list[str]:
    """One user name per line; blank lines and # comments are skipped."""
    names = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if not _USER_NAME.match(name):
            raise HubError(
                f"{path}:{number}: {name!r} is not a valid user name (lower-case letters, digits, "
                "_ and -, starting with a letter, at most 31 characters)."
            )
        names.append(name)
    return names


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def add_user(name: str, group: str, reset: bool = False) -> str | None:
    """Create an OS user in ``group`` with a private home and a new password, which is returned.

    An existing user joins the group and keeps their password (None is returned), unless
    ``reset``: then they get a new one.
    """
    if not _USER_NAME.match(name):
        raise HubError(f"{name!r} is not a valid user name.")
    existed = _exists(name)
    if not existed:
        _run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", group, name])
    else:
        _run(["usermod", "--append", "--groups", group, name])
    home = Path(pwd.getpwnam(name).pw_dir)
    home.chmod(0o700)  # Debian's default home is readable by every user
    if existed and not reset:
        return None
    password = secrets.token_urlsafe(9)
    _run(["chpasswd"], input=f"{name}:{password}\n")
    return password


def give_course(name: str, checkout: Path, exchange: Path = EXCHANGE) -> Path:
    """Copy the course into the instructor's ``~/cmo-course`` and point nbgrader at it."""
    user = pwd.getpwnam(name)
    home = Path(user.pw_dir)
    course = home / "cmo-course"
    for part in COURSE_PARTS:
        source, target = checkout / part, course / part
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    config = home / ".jupyter" / "nbgrader_config.py"
    config.parent.mkdir(exist_ok=True)
    config.write_text(INSTRUCTOR_CONFIG.format(root=str(course), exchange=str(exchange)))
    for path in [course, config.parent, *course.rglob("*"), *config.parent.rglob("*")]:
        os.lchown(path, user.pw_uid, user.pw_gid)
    # The course's folder in the exchange belongs to whoever makes it first, and nbgrader lets
    # only its owner release: make it now, so that no learner can take it.
    claimed = exchange / COURSE_ID
    if exchange.is_dir() and not claimed.exists():
        claimed.mkdir()
        os.chown(claimed, user.pw_uid, user.pw_gid)
        claimed.chmod(0o755)
    return course


def add_users(
    checkout: Path,
    instructors: list[str],
    learners: list[str],
    passwords: Path | None,
    exchange: Path = EXCHANGE,
    reset: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, str]:
    """Create the accounts; write ``user,password,role`` lines for every new password to
    ``passwords`` (a new file, mode 0600). Existing accounts keep their passwords unless
    ``reset``. Returns the new passwords by user name."""
    require_root()
    if passwords is not None and passwords.exists():
        raise HubError(
            f"{passwords} exists, and it may hold passwords already handed out: name a new file."
        )
    clash = set(instructors) & set(learners)
    if clash:
        raise HubError(f"{', '.join(sorted(clash))}: a user is either instructor or learner.")
    for group in (LEARNERS, INSTRUCTORS):
        _run(["groupadd", "-f", group])
    made: dict[str, str] = {}
    rows = []
    kept = []
    for names, group, role in (
        (instructors, INSTRUCTORS, "instructor"),
        (learners, LEARNERS, "learner"),
    ):
        for name in names:
            password = add_user(name, group, reset=reset)
            if password is None:
                kept.append(name)
            else:
                made[name] = password
                rows.append((name, password, role))
            if role == "instructor":
                log(f"instructor {name}: course copied to {give_course(name, checkout, exchange)}")
    log(f"{len(rows)} accounts with new passwords.")
    if kept:
        log(f"{len(kept)} existing accounts kept their passwords ({', '.join(kept)}).")
    if passwords is not None and rows:
        passwords.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write("user,password,role\n")
            handle.writelines(f"{n},{p},{r}\n" for n, p, r in rows)
        log(f"Passwords written to {passwords} (readable by root only): hand them out.")
    return made


def remove_users(names: list[str], log: Callable[[str], None] = print) -> None:
    """Delete the accounts, their homes and their running processes."""
    require_root()
    for name in names:
        if not _exists(name):
            continue
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
        _run(["userdel", "--remove", name], log=None)
    log(f"Removed {len(names)} accounts.")


def group_members(group: str) -> list[str]:
    try:
        return sorted(grp.getgrnam(group).gr_mem)
    except KeyError:
        return []


# -- start ------------------------------------------------------------------------------------


def hub_command(prefix: Path = PREFIX) -> list[str]:
    config = prefix / "hub" / "jupyterhub_config.py"
    if not config.is_file():
        raise HubError(f"{config} is missing: run `cmo-course hub setup` first.")
    return [str(prefix / "venv" / "bin" / "jupyterhub"), "-f", str(config)]
