"""A workshop hub on loopback for tests and benchmarks: build it, start it, drive it as users.

Everything goes through the hub's public HTTP address, as a browser would: the log-in form,
JupyterLab's REST API (contents, terminals) and nbgrader's endpoints (the Assignments panel's
and formgrader's). Used by tests/test_hub.py and benchmarks/hub_load.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
import websocket

from cmo_course.instructor import hub
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
COURSE_ID = hub.COURSE_ID


def missing_pieces() -> list[str]:
    """What this machine lacks to run a hub with real users (empty: it can)."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (to create users)")
    for tool in ("useradd", "userdel", "chpasswd", "groupadd", "setpriv", "npm", "bwrap"):
        if shutil.which(tool) is None:
            missing.append(tool)
    try:
        hub.readable_python()
    except hub.HubError:
        missing.append("a Python 3.11+ that every user can run")
    return missing


def new_folder(label: str) -> Path:
    """A folder in /tmp that the hub's users can pass through (pytest's own is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix=f"cmo-{label}-", dir="/tmp"))
    folder.chmod(0o755)
    return folder


def unique_names(stem: str, count: int) -> list[str]:
    """User names no other run uses (users are machine-wide)."""
    tag = uuid.uuid4().hex[:5]
    return [f"{stem}{tag}{number:02d}" for number in range(count)]


def build(folder: Path, log: Callable[[str], None] = lambda line: None) -> dict:
    """`cmo-course hub setup` into ``folder``, on loopback ports; returns the settings."""
    ports = {"port": free_port(), "hub_port": free_port(), "proxy_api_port": free_port()}
    hub.setup(
        ROOT,
        prefix=folder / "hub",
        exchange=folder / "exchange",
        ip="127.0.0.1",
        log=log,
        **ports,
    )
    return json.loads((folder / "hub" / "hub" / "settings.json").read_text())


@dataclass
class Hub:
    """A running hub, started with ``cmo-course hub start``'s command."""

    prefix: Path
    port: int
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        self.log_path = self.prefix / "state" / "hub.log"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                hub.hub_command(self.prefix),
                cwd=self.prefix / "state",
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer in {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.is_file():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the hub, which stops the users' servers and the proxy; then make sure."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        pid_file = self.prefix / "state" / "proxy.pid"
        if pid_file.is_file():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
            except (ValueError, ProcessLookupError):
                pass


@dataclass
class User:
    """A person at a browser: the hub's log-in form, then their own server's API."""

    hub_url: str
    name: str
    password: str
    session: requests.Session = field(default_factory=requests.Session)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"{self.hub_url}/user/{self.name}"

    def login(self) -> requests.Response:
        page = self.session.get(f"{self.hub_url}/hub/login", timeout=30)
        token = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        data = {"username": self.name, "password": self.password}
        if token:
            data["_xsrf"] = token.group(1)
        return self.session.post(
            f"{self.hub_url}/hub/login?next=", data=data, timeout=60, allow_redirects=True
        )

    def wait_ready(self, timeout: float = 240) -> None:
        """Until JupyterLab answers (the OAuth hand-off done): the user's server is ready.

        Does what a learner at a browser would do when the hub does not take them to
        JupyterLab: log in again when it sends them back to the log-in form, and press
        "Launch server" when it says their server is not running (a start that failed or
        timed out under load). Each is counted in ``timings`` (``logins_again``,
        ``launches_again``) so a test can see it and bound it; a timeout says what the hub
        answered last.
        """
        deadline = time.monotonic() + timeout
        self.timings.setdefault("logins_again", 0)
        self.timings.setdefault("launches_again", 0)
        last = "no answer"
        while time.monotonic() < deadline:
            reply = self.session.get(f"{self.base}/lab", timeout=60)
            path = urlsplit(reply.url).path.rstrip("/")
            last = f"{reply.status_code} at {path}"
            if reply.status_code == 200 and path.endswith(f"/user/{self.name}/lab"):
                return
            if path.endswith("/hub/login"):
                self.timings["logins_again"] += 1
                self.login()
            elif reply.status_code in (424, 503) and f"/hub/user/{self.name}" in path:
                # the hub's "server not running" page: no start is pending
                self.timings["launches_again"] += 1
                self.session.get(f"{self.hub_url}/hub/spawn/{self.name}", timeout=60)
            time.sleep(0.5)
        raise TimeoutError(
            f"{self.name}'s server was not ready after {timeout:.0f} s (last answer: {last}; "
            f"logged in again {self.timings['logins_again']} times, "
            f"launched again {self.timings['launches_again']} times)"
        )

    def lab_settings(self) -> dict:
        """The settings JupyterLab's page hands to the browser (which plug-ins are off, ...)."""
        page = self.session.get(f"{self.base}/lab", timeout=60).text
        found = re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
            page,
            flags=re.S,
        )
        if not found:
            raise AssertionError(f"no settings in {self.name}'s JupyterLab page")
        return json.loads(found.group(1))

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        xsrf = self.session.cookies.get("_xsrf", path=f"/user/{self.name}/")
        if xsrf is None:
            xsrf = next((c.value for c in self.session.cookies if c.name == "_xsrf"), None)
        if xsrf:
            headers["X-XSRFToken"] = xsrf
        kwargs.setdefault("timeout", 300)
        return self.session.request(
            method, f"{self.base}/{path.lstrip('/')}", headers=headers, **kwargs
        )

    def ok(self, method: str, path: str, **kwargs):
        reply = self.call(method, path, **kwargs)
        if reply.status_code >= 400:
            raise AssertionError(
                f"{method} {path} as {self.name}: {reply.status_code} {reply.text[:500]}"
            )
        try:
            return reply.json()
        except ValueError:
            return reply.text

    # nbgrader's Assignments panel -------------------------------------------------------------

    def assignments(self) -> list[dict]:
        return self.ok("GET", f"assignments?course_id={COURSE_ID}")["value"]

    def assignment_action(self, action: str, assignment: str):
        reply = self.ok(
            "POST",
            f"assignments/{action}",
            data={"assignment_id": assignment, "course_id": COURSE_ID},
        )
        if isinstance(reply, dict) and reply.get("success") is False:
            raise AssertionError(f"{action} {assignment} as {self.name}: {reply}")
        return reply

    # formgrader (instructors) -----------------------------------------------------------------

    def formgrader(self, method: str, path: str, **kwargs):
        reply = self.ok(method, f"formgrader/api/{path}", **kwargs)
        if isinstance(reply, dict) and reply.get("success") is False:
            raise AssertionError(f"formgrader {path}: {reply.get('error') or reply}")
        return reply

    # files and terminals ----------------------------------------------------------------------

    def read(self, path: str) -> dict:
        return self.ok("GET", f"api/contents/{path}?content=1")

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.ok("PUT", f"api/contents/{path}", json={"type": "notebook", "content": notebook})

    def terminal(self, command: str, timeout: float = 900) -> tuple[int, str]:
        """Type ``command`` into a new JupyterLab terminal; return its exit status and output."""
        name = self.ok("POST", "api/terminals")["name"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        url = f"{self.base.replace('http', 'ws', 1)}/terminals/websocket/{name}"
        marker = uuid.uuid4().hex
        socket_ = websocket.create_connection(url, cookie=cookie, timeout=timeout)
        output = []
        try:
            socket_.send(json.dumps(["stdin", f"{command}; echo {marker}-$?\r"]))
            deadline = time.monotonic() + timeout
            pattern = re.compile(rf"{marker}-(\d+)")
            while time.monotonic() < deadline:
                message = json.loads(socket_.recv())
                if message[0] == "stdout":
                    output.append(message[1])
                    found = pattern.search("".join(output[-50:]).replace(f"{marker}-$?", ""))
                    if found:
                        return int(found.group(1)), "".join(output)
            raise TimeoutError(f"{command!r} did not finish in {timeout:.0f} s")
        finally:
            socket_.close()
            self.call("DELETE", f"api/terminals/{name}")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p50 of 20 values is the 10th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def cohort_arrives(hub_url: str, accounts: dict[str, str], assignment: str) -> list[User]:
    """Every learner at once: log in, wait for their server, fetch ``assignment``.

    Records per learner ``ready`` (log-in form sent to JupyterLab answering) and ``fetched``
    (fetch sent to the notebook listed in their home), in seconds.
    """
    users = [User(hub_url, name, password) for name, password in accounts.items()]

    def arrive(user: User) -> User:
        started = time.monotonic()
        user.login()
        user.wait_ready()
        user.timings["ready"] = time.monotonic() - started
        started = time.monotonic()
        user.assignment_action("fetch", assignment)
        listing = user.read(assignment)
        names = {item["name"] for item in listing["content"]}
        if f"{assignment}.ipynb" not in names:
            raise AssertionError(f"{user.name}: {assignment}.ipynb missing after fetch: {names}")
        user.timings["fetched"] = time.monotonic() - started
        return user

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(arrive, users))
