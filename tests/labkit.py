"""JupyterLab and Voila on loopback, driven in headless Chromium, as a learner would use them.

Used by tests/test_browser.py, tests/test_lab.py and benchmarks/browser_responsiveness.py.
The servers listen on 127.0.0.1 with a token, start inside the caller and are stopped with
everything they started; Jupyter's settings, data and runtime folders are temporary, so nothing
of the machine's own Jupyter set-up leaks in or is changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT, free_port

ARTIFACTS = Path(os.environ.get("CMO_COURSE_ARTIFACTS", ROOT / "tests" / "artifacts"))
TOKEN = "cmo-course-browser-test"
# Debian's Chromium, as root, in a machine without a display or a network (FIELD-NOTES.md)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# JupyterLab settings for a quiet, fully rendered notebook: every cell in the page (no
# windowing, so that every chart below the fold is drawn too) and no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (it is in the dev extras: pip install -e '.[dev]')"
    if chromium() is None:
        return "no Chromium is installed (on Debian or Ubuntu: apt-get install chromium)"
    return None


def jupyter_env(folder: Path) -> dict[str, str]:
    """An environment whose Jupyter folders are fresh ones under ``folder``, with the quiet,
    fully rendered JupyterLab settings."""
    env = dict(os.environ)
    env.pop("CMO_COURSE_DATA", None)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        path = folder / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    settings = folder / "jupyter_config_dir" / "lab" / "user-settings"
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.rsplit("/", 1)
        target = settings / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


@dataclass
class Server:
    """A server process in its own session; ``stop`` ends it and everything it started."""

    command: list[str]
    ready_url: str
    env: dict[str, str]
    log: Path
    cwd: Path = ROOT
    process: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> Server:
        self._log = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.ready_url, timeout=5) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.HTTPError):
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited at start:\n{self.output()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"the server did not answer within {timeout:.0f} s:\n{self.output()}"
                )
            time.sleep(0.3)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        finally:
            # anything left in the session (a kernel that ignored SIGTERM)
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._log.close()


@dataclass
class Lab:
    """`cmo-course lab` on 127.0.0.1, serving course/ (or another folder of notebooks)."""

    folder: Path
    cwd: Path = ROOT
    port: int = field(default_factory=free_port)
    server: Server | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        joiner = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{joiner}token={TOKEN}"

    def api(self, path: str):
        with urllib.request.urlopen(self.url(f"api/{path}"), timeout=30) as response:
            return json.loads(response.read())

    def delete(self, path: str) -> None:
        request = urllib.request.Request(self.url(f"api/{path}"), method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()

    def start(self) -> Lab:
        command = [
            sys.executable,
            "-m",
            "cmo_course",
            "lab",
            "--no-browser",
            f"--port={self.port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            "--ServerApp.port_retries=0",
        ]
        self.server = Server(
            command,
            self.url("api/status"),
            jupyter_env(self.folder),
            self.folder / "lab.log",
            cwd=self.cwd,
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


@contextmanager
def explore(module: str, folder: Path) -> Iterator[str]:
    """`cmo-course explore MODULE` on 127.0.0.1; yields its address."""
    port = free_port()
    server = Server(
        [
            sys.executable,
            "-m",
            "cmo_course",
            "explore",
            module,
            f"--port={port}",
            "--no-browser",
        ],
        f"http://127.0.0.1:{port}/voila/static/voila.js",
        jupyter_env(folder),
        folder / f"explore-{module}.log",
    ).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.stop()


@contextmanager
def browser(folder: Path, width: int = 1400, height: int = 1000):
    """A fresh headless Chromium (its own profile under ``folder``); yields its context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(folder / "chromium-profile"),
            executable_path=chromium(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


# -- what a page shows ---------------------------------------------------------------------------

# Every plotly chart in an element: whether it has data, its titles, and every axis the learner
# sees (plotly.js hides some, such as a funnel's value axis and the upper x axis of stacked
# charts that share it).
FIGURES_JS = """(root) => [...(root || document).querySelectorAll('.js-plotly-plot')].map(g => {
  const layout = g._fullLayout || {};
  const text = (t) => (t && typeof t === 'object') ? (t.text || '') : (t || '');
  const traces = g.data || [];
  // _fullData holds the arrays decoded (plotly sends numbers as typed, base64 arrays)
  const points = (g._fullData || []).reduce((n, t) => n + ['x', 'y', 'z', 'values'].reduce(
      (m, k) => Math.max(m, (t[k] && t[k].length) || 0), 0), 0);
  const axes = Object.keys(layout).filter(k => /^[xy]axis\\d*$/.test(k)).map(k => ({
    name: k,
    title: text(layout[k].title),
    // drawn with its numbers or labels (an axis that shows only its title counts too)
    shown: layout[k].visible !== false &&
        (layout[k].showticklabels !== false || !!text(layout[k].title)),
    type: layout[k].type || '',
  }));
  return {
    widget: !!g.closest('.widget-box'),
    traces: traces.length,
    points: points,
    drawn: g.querySelectorAll('.trace').length,
    title: text(layout.title),
    subtitle: text(layout.title && layout.title.subtitle),
    axes: axes,
  };
})"""

# What an explorer's kernel computed: its charts' data and its HTML read-outs (not the sliders'
# own labels, which the page changes by itself).
EXPLORER_STATE_JS = """(root) => JSON.stringify([
  [...root.querySelectorAll('.js-plotly-plot')].map(g => (g.data || []).map(
      t => [t.x, t.y, t.z, t.values, t.base])),
  [...root.querySelectorAll('.widget-html, .widget-htmlmath')].map(e => e.innerText),
])"""


def explorer_roots(page) -> list:
    """Outermost widget boxes that hold a chart (one per explorer), as element handles."""
    handles = page.query_selector_all(".widget-box:has(.js-plotly-plot)")
    return [h for h in handles if h.evaluate("e => !e.parentElement.closest('.widget-box')")]


def state(root) -> str:
    return root.evaluate(EXPLORER_STATE_JS)


def wait_for(condition, what: str, timeout: float = 60) -> float:
    """Seconds until ``condition()`` holds; fails naming ``what`` after ``timeout``."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"{what}: not seen within {timeout:.0f} s")
        time.sleep(0.05)
    return time.monotonic() - began


def wait_for_change(page, root, before: str, timeout: float = 20) -> float:
    """Seconds until the explorer's charts or read-outs differ from ``before``."""
    began = time.monotonic()
    while state(root) == before:
        if time.monotonic() - began > timeout:
            raise AssertionError(f"the explorer did not react within {timeout:.0f} s")
        page.wait_for_timeout(25)
    return time.monotonic() - began


def controls(root) -> list[tuple[str, object]]:
    """An explorer's controls a learner can move: ('slider', handle), ('dropdown', select),
    ('toggle', button)."""
    found: list[tuple[str, object]] = []
    found += [("slider", h) for h in root.query_selector_all(".widget-slider .noUi-handle")]
    found += [("dropdown", s) for s in root.query_selector_all(".widget-dropdown select")]
    found += [
        ("toggle", b)
        for b in root.query_selector_all(".widget-toggle-buttons button:not(.mod-active)")[:1]
    ]
    return found


def move(page, kind: str, control) -> None:
    """Move a control one step, the way a learner would with the keyboard or the mouse."""
    if kind == "slider":
        control.focus()
        at_max = control.evaluate(
            "h => Number(h.getAttribute('aria-valuenow')) >= Number(h.getAttribute('aria-valuemax'))"
        )
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    elif kind == "dropdown":
        options = control.evaluate("s => [...s.options].map(o => o.value)")
        current = control.evaluate("s => s.value")
        control.select_option(next(o for o in options if o != current))
    else:
        control.click()


# -- JupyterLab ----------------------------------------------------------------------------------


def open_notebook(page, running: Lab, path: str, timeout: float = 120) -> float:
    """Open a notebook and wait until its kernel is ready; returns the seconds it took."""
    began = time.monotonic()
    # a workspace of its own: JupyterLab would reopen the notebooks an earlier page had open
    page.goto(running.url(f"lab/workspaces/{uuid.uuid4().hex[:12]}/tree/{path}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    deadline = time.monotonic() + timeout
    while True:
        sessions = [s for s in running.api("sessions") if s["path"] == path]
        kernel = sessions[0]["kernel"] if sessions else {}
        if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
            return time.monotonic() - began
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel of {path} was not ready within {timeout:.0f} s")
        time.sleep(0.2)


def menu(page, top: str, item: str) -> None:
    """Click a menu bar item, then one of its items (by their exact labels)."""
    exactly = lambda text: re.compile(f"^{re.escape(text)}$")  # noqa: E731
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=exactly(top)).click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=exactly(item)).click()


ALL_RUN_JS = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
      .map(e => e.textContent.trim());
  return prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
}"""


def run_all(page, timeout: float = 600) -> float:
    """Run > Run All Cells, then wait until every code cell has run; returns the seconds."""
    began = time.monotonic()
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(ALL_RUN_JS, timeout=timeout * 1000, polling=200)
    return time.monotonic() - began


def wait_rendered(page, charts: int, timeout: float = 120) -> float:
    """Wait until ``charts`` plotly charts are drawn with their traces; returns the seconds."""
    began = time.monotonic()
    page.wait_for_function(
        """(n) => {
          const plots = [...document.querySelectorAll('.js-plotly-plot')];
          return plots.length >= n && plots.every(g => g.querySelector('.trace'));
        }""",
        arg=charts,
        timeout=timeout * 1000,
        polling=100,
    )
    return time.monotonic() - began


def save(page, running: Lab, path: str, timeout: float = 120) -> dict:
    """File > Save Notebook, then the notebook as the server stored it, once every code cell's
    run is in it.

    The server writes the file in place (after a backup copy), so its time changes before the
    writing ends: wait for the page to say the notebook is saved, then read until the stored
    notebook is whole and holds the run.
    """
    menu(page, "File", "Save Notebook")
    page.wait_for_selector(
        ".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)", timeout=timeout * 1000
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            stored = running.api(f"contents/{path}")["content"]
        except urllib.error.HTTPError:
            stored = None
        if stored is not None and all(
            cell["execution_count"] for cell in stored["cells"] if cell["cell_type"] == "code"
        ):
            return stored
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} was not saved with its run within {timeout:.0f} s")
        time.sleep(0.5)


def code_cell(page, containing: str):
    """The notebook's code cell whose source contains ``containing``."""
    return page.locator(".jp-Notebook .jp-CodeCell").filter(
        has=page.locator(".cm-content", has_text=containing)
    )


def cell_before(cell):
    """The code cell just above ``cell``: an exercise's answer cell, above its test cell."""
    return cell.locator("xpath=preceding-sibling::div[contains(@class, 'jp-CodeCell')][1]")


def type_into(page, cell, source: str) -> None:
    """Replace a code cell's source by typing, as a learner would (without the editor's
    automatic brackets), then run it with Shift+Enter."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")


def run_cell(page, cell) -> None:
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")


SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"


def screenshot_pages(page, folder: Path) -> list[Path]:
    """Screenshots of the whole notebook, a screen at a time from the top: page-01.png, ...
    Returns them; the notebook is left scrolled back to the top."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    scroller = page.locator(SCROLLER).first
    height, screen = scroller.evaluate("e => [e.scrollHeight, e.clientHeight]")
    shots = []
    for number, top in enumerate(range(0, max(height, 1), max(screen - 40, 100)), 1):
        scroller.evaluate("(e, top) => { e.scrollTop = top; }", top)
        page.wait_for_timeout(50)
        shots.append(folder / f"page-{number:02d}.png")
        page.screenshot(path=shots[-1])
    scroller.evaluate("e => { e.scrollTop = 0; }")
    return shots


def outputs_text(cell) -> str:
    return cell.locator(".jp-OutputArea").inner_text()
