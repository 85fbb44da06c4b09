"""`cmo-course grade` on a cohort with hostile and broken submissions, graded in one batch.

Real parts only: real nbgrader, real kernels in the real bubblewrap sandbox, a real PostgreSQL.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from cmo_course.instructor.cohort import Settings, grade
from cmo_course.instructor.sandbox import sandbox_problem

from .submissions import ROOT, answered, cell_index, solution_sources, write

M00, M01 = "00_start_here", "01_finance"


def full_marks(module: str) -> float:
    """The points a module's autograded tests are worth, read from its release notebook."""
    notebook = nbformat.read(ROOT / "course" / module / f"{module}.ipynb", as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in notebook.cells]
    return float(sum(m.get("points", 0) for m in meta if m.get("grade") and not m.get("task")))


FULL00 = full_marks(M00)
SANDBOX = sandbox_problem()
IN_CI = bool(os.environ.get("CMO_COURSE_CI"))  # set by .ci/run: there, nothing may be skipped


def unavailable(reason: str) -> None:
    """Skip on a machine without the part; in CI, fail."""
    if IN_CI:
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture
def sandboxed() -> None:
    if SANDBOX is not None:
        unavailable(f"no grading sandbox: {SANDBOX}")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file, link and folder under ``folder`` with its content hash and mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        if path.is_symlink():
            found[str(path.relative_to(folder))] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest() + f":{stat.st_mode:o}"
            )
        else:
            found[str(path.relative_to(folder))] = f"dir:{stat.st_mode:o}"
    return found


def our_processes(marks: list[str]) -> list[str]:
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(mark in cmdline for mark in marks):
            left.append(f"{entry.name}: {cmdline[:200]}")
    return left


def read_scores(out: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    with open(out / "scores.csv", newline="") as handle:
        return {(r["student_id"], r["module"], r["cell"]): r for r in csv.DictReader(handle)}


def settings_for(subs: Path, out: Path, **kw) -> Settings:
    from cmo_course.instructor.config import DEFAULT_GRADING_SEED, variant_dir

    data = kw.pop("data", None) or variant_dir(
        DEFAULT_GRADING_SEED, ROOT / "grading" / "work" / "data"
    )
    base = dict(
        root=str(ROOT),
        submissions=str(subs),
        out=str(out),
        jobs=2,
        modules=[M00],
        cell_timeout=10,
        notebook_timeout=120,
        data_folder=str(data),
    )
    base.update(kw)
    return Settings(**base)


# -- the hostile batch ------------------------------------------------------------------------


class Listener:
    """A TCP server on 127.0.0.1 that records whether anyone connected."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.server.close()


def build_batch(subs: Path, out: Path, port: int, escape: Path, secret: Path) -> dict[str, dict]:
    """Write every case; return what each must score: {student: {cell: (points, status)}}."""
    right = solution_sources(M00)
    expect: dict[str, dict] = {}
    full = {"ex0_1_test": (1, "graded"), "ex0_2_test": (2, "graded"), "ex0_3_test": (2, "graded")}

    def case(student, answers, expected, edit=None, name=None):
        notebook = answered(M00, answers)
        if edit:
            notebook = edit(notebook)
        write(subs, student, M00, notebook, name=name)
        expect[student] = expected

    case("correct", right, full)
    case("untouched", {}, {k: (0, "graded") for k in full})
    # an answer stuck in a loop: that cell's test scores zero, the rest is graded
    case(
        "loops",
        dict(right, ex0_1_answer="while True:\n    pass"),
        dict(full, ex0_1_test=(0, "graded")),
    )
    # a loop that ignores SIGINT: its kernel is stopped; later cells are not run
    case(
        "ignores_sigint",
        dict(
            right,
            ex0_2_answer="import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n    pass",
        ),
        dict(full, ex0_2_test=(0, "timeout"), ex0_3_test=(0, "timeout")),
    )
    case(
        "memory_bomb",
        dict(right, ex0_3_answer="hog = []\nwhile True:\n    hog.append(bytearray(10**8))"),
        dict(full, ex0_3_test=(0, "graded")),
    )
    case(
        "exits",
        dict(right, ex0_2_answer="import os\nos._exit(3)"),
        dict(full, ex0_2_test=(0, "crashed"), ex0_3_test=(0, "crashed")),
    )
    case(
        "segfault",
        dict(right, ex0_3_answer="import faulthandler\nfaulthandler._sigsegv()"),
        dict(full, ex0_3_test=(0, "crashed")),
    )

    def delete_test(nb):
        del nb.cells[cell_index(nb, "ex0_1_test")]
        return nb

    case("deleted_test", right, full, delete_test)

    def paste_twice(nb):
        index = cell_index(nb, "ex0_2_test")
        nb.cells.insert(index, nbformat.from_dict(json.loads(json.dumps(nb.cells[index]))))
        nb.cells[index]["id"] = "pasted-copy"
        return nb

    case("pasted_twice", right, full, paste_twice)

    def strip_metadata(nb):
        cell = nb.cells[cell_index(nb, "ex0_3_test")]
        cell.metadata = {}
        cell.source = "pass"
        return nb

    case("stripped_metadata", right, full, strip_metadata)

    def edit_test(nb):
        nb.cells[cell_index(nb, "ex0_1_test")].source = 'print("\\u2714 Exercise 0.1 passed")'
        return nb

    # the edit would have hidden a wrong answer: the original test comes back and fails it
    case(
        "edited_test",
        dict(right, ex0_1_answer="orders_2025 = 1"),
        dict(full, ex0_1_test=(0, "graded")),
        edit_test,
    )

    def to_markdown(nb):
        index = cell_index(nb, "ex0_2_test")
        old = nb.cells[index]
        cell = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata)
        cell["id"] = old["id"]
        nb.cells[index] = cell
        return nb

    case("markdown_test", right, full, to_markdown)

    def flip_flag(nb):
        nb.cells[cell_index(nb, "ex0_1_test")].metadata["nbgrader"]["solution"] = True
        return nb

    case("flipped_flag", right, full, flip_flag)
    write(subs, "not_json", M00, b"{this is not a notebook")
    expect["not_json"] = {k: (0, "invalid_notebook") for k in full}
    write(subs, "empty", M00, b"")
    expect["empty"] = {k: (0, "invalid_notebook") for k in full}
    case("wrong_name", right, full, name="00_start_here (1).ipynb")
    (subs / "missing" / M01).mkdir(parents=True)  # a folder, but not this module's
    expect["missing"] = {k: (0, "not_submitted") for k in full}
    case(
        "huge_output",
        dict(right, ex0_1_answer=right["ex0_1_answer"] + '\nprint("x" * 60_000_000)'),
        full,
    )
    case(
        "warns",
        dict(
            right,
            ex0_2_answer="import warnings, sys\nwarnings.warn('old API', FutureWarning)\n"
            "print('careful', file=sys.stderr)\n" + right["ex0_2_answer"],
        ),
        full,
    )
    always_equal = (
        "class Anything(float):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = float.__hash__\n"
    )
    case(
        "always_equal",
        {
            "ex0_1_answer": always_equal + "orders_2025 = Anything(1)",
            "ex0_2_answer": always_equal + "engagement_rate_by_platform = Anything(1)",
            "ex0_3_answer": always_equal + "customers_per_1000_clicks = Anything(1)",
        },
        {k: (0, "graded") for k in full},
    )
    targets = [
        ROOT / "solutions" / M00 / f"{M00}.ipynb",
        out / "gradebook.db",
        out / ".work",
        ROOT / "grading" / "work" / "gradebook.db",
        subs / "correct" / M00 / f"{M00}.ipynb",
        secret,
    ]
    snoop = (
        "import pathlib, socket\nfound = []\n"
        f"for target in {[str(t) for t in targets]!r}:\n"
        "    try:\n"
        "        p = pathlib.Path(target)\n"
        "        found.append(p.read_bytes()[:20] if p.is_file() else list(p.iterdir()))\n"
        "    except Exception as error:\n"
        "        found.append(type(error).__name__)\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=3).close()\n"
        "    found.append('connected')\n"
        "except OSError as error:\n"
        "    found.append(type(error).__name__)\n"
        "print('SNOOP', found)\n"
        "if any(not isinstance(f, str) or f == 'connected' for f in found):\n"
        + "\n".join("    " + line for line in right["ex0_1_answer"].splitlines())
        + "\n"
    )
    case("snoops", dict(right, ex0_1_answer=snoop), dict(full, ex0_1_test=(0, "graded")))
    writes = [
        subs / "correct" / M00 / f"{M00}.ipynb",
        out / "gradebook.db",
        ROOT / "solutions" / "planted.txt",
        escape,
    ]
    writer = (
        "import pathlib\nwrote = []\n"
        f"for target in {[str(t) for t in writes]!r}:\n"
        "    try:\n"
        "        pathlib.Path(target).write_text('planted')\n"
        "        wrote.append(target)\n"
        "    except Exception as error:\n"
        "        wrote.append(type(error).__name__)\n"
        "pathlib.Path('mine.txt').write_text('my own folder is fine')\n"
        "print('WROTE', wrote)\n" + right["ex0_1_answer"]
    )
    case("writes", dict(right, ex0_1_answer=writer), full)
    # code that empties every later cell, so that the tests run as nothing
    case(
        "transformer",
        dict(
            right,
            ex0_1_answer="get_ipython().input_transformers_cleanup.append(lambda lines: [])\n"
            "orders_2025 = 1",
        ),
        {k: (0, "tampered") for k in full},
    )
    # the same, hidden from the scan: the test cells show no check result and score nothing
    case(
        "hidden_transformer",
        dict(
            right,
            ex0_1_answer="shell = globals()['get_' + 'ipython']()\n"
            "getattr(shell, 'input_' + 'transformers_cleanup').append(lambda lines: [])\n"
            "orders_2025 = 1",
        ),
        {k: (0, "tampered") for k in full},
    )
    return expect


@pytest.mark.grading
def test_a_hostile_batch_is_graded_deterministically_and_safely(tmp_path, sandboxed):
    subs, out = tmp_path / "submissions", tmp_path / "out"
    escape = Path("/tmp") / f"cmo-escape-{os.getpid()}-{tmp_path.name}"
    # a file in the instructor's home that no learner may read
    secret = Path.home() / f".cmo-grade-secret-{os.getpid()}"
    secret.write_text("the instructor's own notes")
    listener = Listener()
    try:
        expect = build_batch(subs, out, listener.port, escape, secret)
        # a module-01 submission whose function warns on stderr while its test runs
        right01 = solution_sources(M01)
        warns = dict(right01)
        warns["ex1_2_answer"] = "import warnings\n" + right01["ex1_2_answer"].replace(
            "    net_revenue =",
            '    warnings.warn("this API will change", FutureWarning)\n    net_revenue =',
            1,
        )
        write(subs, "warns", M01, answered(M01, warns))
        (subs / "correct" / M00 / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
        before = tree_digest(subs)
        solutions_before = tree_digest(ROOT / "solutions")
        lines: list[str] = []
        settings = settings_for(subs, out, modules=[M00, M01])
        grade(settings, log=lines.append)
    finally:
        listener.close()
        secret.unlink()

    # the submissions, the solutions and the host are untouched; nothing is left running
    assert tree_digest(subs) == before
    assert tree_digest(ROOT / "solutions") == solutions_before
    assert not escape.exists()
    assert listener.connections == 0
    assert our_processes([str(out), "/tmp/cmo-grade-"]) == []
    assert any(line.startswith("[") and "/" in line for line in lines), lines  # progress

    scores = read_scores(out)
    for student, cells in expect.items():
        for cell, (points, status) in cells.items():
            row = scores[(student, M00, cell)]
            assert (float(row["points"]), row["status"]) == (points, status), (student, row)
            assert row["reason"], (student, row)
    # module 01: the warning costs nothing; every other student is marked not submitted
    warned = [
        r for k, r in scores.items() if k[:2] == ("warns", M01) and r["cell"].endswith("test")
    ]
    assert warned and all(r["points"] == r["max_points"] for r in warned), warned
    assert scores[("correct", M01, "ex1_1_test")]["status"] == "not_submitted"

    # reasons a person understands
    assert "not valid JSON" in scores[("not_json", M00, "ex0_1_test")]["reason"]
    assert "empty" in scores[("empty", M00, "ex0_1_test")]["reason"]
    assert "graded as 00_start_here.ipynb" in scores[("wrong_name", M00, "ex0_1_test")]["notes"]
    assert "put back" in scores[("deleted_test", M00, "ex0_1_test")]["notes"]
    assert "appeared 2 times" in scores[("pasted_twice", M00, "ex0_2_test")]["notes"]
    assert "put back" in scores[("stripped_metadata", M00, "ex0_3_test")]["notes"]
    assert "edited" in scores[("edited_test", M00, "ex0_1_test")]["notes"]
    assert "changed to markdown" in scores[("markdown_test", M00, "ex0_2_test")]["notes"]
    assert "metadata" in scores[("flipped_flag", M00, "ex0_1_test")]["notes"]
    assert "time limit" in scores[("ignores_sigint", M00, "ex0_2_test")]["reason"]
    assert "ran past its time limit" in scores[("loops", M00, "ex0_1_test")]["notes"]
    assert "out of memory" in scores[("memory_bomb", M00, "ex0_3_test")]["notes"]
    assert scores[("loops", M00, "ex0_2_test")]["notes"] == ""
    assert "stopped" in scores[("exits", M00, "ex0_2_test")]["reason"]
    assert "input_transformers" in scores[("transformer", M00, "ex0_1_test")]["reason"]
    assert "check reporting a result" in scores[("hidden_transformer", M00, "ex0_1_test")]["reason"]
    assert "not attempted" in scores[("untouched", M00, "ex0_1_test")]["reason"]

    # what the sandbox stopped, as seen from inside
    snooped = nbformat.read(out / "autograded" / "snoops" / M00 / f"{M00}.ipynb", as_version=4)
    printed = "".join(
        o.get("text", "")
        for c in snooped.cells
        for o in c.get("outputs", [])
        if "SNOOP" in o.get("text", "")
    )
    assert "SNOOP" in printed and "connected" not in printed and "b'" not in printed, printed
    wrote = nbformat.read(out / "autograded" / "writes" / M00 / f"{M00}.ipynb", as_version=4)
    printed = "".join(
        o.get("text", "")
        for c in wrote.cells
        for o in c.get("outputs", [])
        if "WROTE" in o.get("text", "")
    )
    assert "WROTE" in printed, printed
    for target in (subs / "correct", out / "gradebook.db", ROOT / "solutions"):
        assert str(target) not in printed, printed
    assert not (ROOT / "solutions" / "planted.txt").exists()
    # a huge output is cut, not stored
    assert (out / "autograded" / "huge_output" / M00 / f"{M00}.ipynb").stat().st_size < 8_000_000

    # the gradebook agrees with scores.csv, and grades.csv is nbgrader's export
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{out / 'gradebook.db'}", "cmo-course") as gb:
        for student in expect:
            try:
                got = gb.find_submission(M00, student).score
            except Exception:
                got = 0.0
            want = sum(float(r["points"]) for k, r in scores.items() if k[:2] == (student, M00))
            assert got == pytest.approx(want), student
    with open(out / "grades.csv", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert {"assignment", "student_id", "score", "max_score"} <= set(exported[0])
    assert {(r["student_id"], r["assignment"]) for r in exported} >= {
        ("correct", M00),
        ("warns", M01),
    }
    correct = next(r for r in exported if (r["student_id"], r["assignment"]) == ("correct", M00))
    assert float(correct["score"]) == FULL00 and correct["timestamp"].startswith("2026-11-20")

    # feedback: points and messages, no hidden tests, figures drawn by a local plotly.js
    page = (out / "feedback" / "correct" / M00 / f"{M00}.html").read_text()
    assert "Exercise 0.1" in page and "HIDDEN TESTS" not in page
    assert (
        f"Score: {FULL00} / {FULL00}" in page and "Score: 2.0 / 2.0" in page
    )  # per module and per cell
    untouched = (out / "feedback" / "untouched" / M00 / f"{M00}.html").read_text()
    assert "Score: 0.0 / 1.0" in untouched and "is not attempted yet" in untouched
    assert "Plotly.newPlot" in page and 'src="plotly.min.js"' in page
    assert (out / "feedback" / "correct" / M00 / "plotly.min.js").stat().st_size > 1_000_000
    assert not re.search(r'src="https?://', page), "feedback must not download anything"
    page01 = (out / "feedback" / "warns" / M01 / f"{M01}.html").read_text()
    assert "hidden=True" not in page01 and "HIDDEN TESTS" not in page01
    assert "Exercise 1.2" in page01
    report = (out / "report.html").read_text()
    for needle in (
        "Auto-graded score by module",
        "Full marks by exercise",
        "need attention",
        "Manual grading still to do",
        "ignores_sigint",
        "hidden_transformer",
    ):
        assert needle in report, needle

    # a second run reuses every result and writes the same outputs
    first = {n: (out / n).read_bytes() for n in ("scores.csv", "grades.csv")}
    lines.clear()
    grade(settings_for(subs, out, modules=[M00, M01]), log=lines.append)
    assert any("reusing" in line for line in lines), lines
    assert not any(line.startswith("[") for line in lines), lines
    assert {n: (out / n).read_bytes() for n in first} == first
    assert tree_digest(subs) == before


# -- kill halfway, then resume ------------------------------------------------------------------


def small_cohort(folder: Path) -> None:
    right = solution_sources(M00)
    write(folder, "ann", M00, answered(M00, right))
    write(
        folder, "ben", M00, answered(M00, {k: v for k, v in right.items() if k != "ex0_2_answer"})
    )
    write(folder, "cat", M00, answered(M00, {}))
    write(folder, "dan", M00, answered(M00, dict(right, ex0_1_answer="orders_2025 = 7")))


def cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "cmo-course"), "grade", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kw,
    )


@pytest.mark.grading
def test_a_run_killed_halfway_completes_to_the_same_result(tmp_path, sandboxed):
    # nbgrader's own course layout: <course>/submitted/<student>/<module>/
    course = tmp_path / "course"
    small_cohort(course / "submitted")
    before = tree_digest(course)
    common = ["--submissions", str(course), "--modules", M00, "--cell-timeout", "30"]

    whole = tmp_path / "whole"
    done = cli(*common, "--out", str(whole), "--jobs", "2")
    output, _ = done.communicate(timeout=600)
    assert done.returncode == 0, output
    assert "[4/4]" in output, output

    cut = tmp_path / "cut"
    run = cli(*common, "--out", str(cut), "--jobs", "1")
    results = cut / ".work" / "results"
    deadline = time.monotonic() + 300
    while not list(results.glob("*/*/result.json")):
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()[0]
        time.sleep(0.2)
    run.kill()  # SIGKILL: no clean-up of its own
    run.communicate(timeout=60)
    time.sleep(2)  # its worker and kernel die with it
    assert our_processes([str(cut), "/tmp/cmo-grade-"]) == []
    assert not (cut / "scores.csv").exists()

    again = cli(*common, "--out", str(cut), "--jobs", "2")
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output
    assert "reusing" in output and "[4/4]" not in output, output
    for name in ("scores.csv", "grades.csv"):
        assert (cut / name).read_text() == (whole / name).read_text(), name
    assert tree_digest(course) == before
    assert sorted(
        p.relative_to(cut).as_posix() for p in (cut / "feedback").rglob("*.html")
    ) == sorted(p.relative_to(whole).as_posix() for p in (whole / "feedback").rglob("*.html"))


def test_without_a_sandbox_grading_refuses_and_says_why(tmp_path):
    small_cohort(tmp_path / "subs")
    bare = tmp_path / "bin"  # a PATH without bubblewrap
    bare.mkdir()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{bare}")
    run = cli("--submissions", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), env=env)
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 1, output
    assert "bubblewrap is not installed" in output and "--no-sandbox" in output, output
    assert not (tmp_path / "out" / "scores.csv").exists()


def test_bad_arguments_get_clear_messages(tmp_path):
    small_cohort(tmp_path / "subs")
    run = cli("--submissions", str(tmp_path / "subs"), "--out", str(tmp_path / "subs" / "out"))
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 1 and "outside --submissions" in output, output
    run = cli(
        "--submissions", str(tmp_path / "subs"), "--out", str(tmp_path / "o"), "--modules", "07_x"
    )
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 1 and "Unknown module" in output and "00_start_here" in output, output
    # two runs on one OUT: the second waits for nothing and says why
    (tmp_path / "o" / ".work").mkdir(parents=True)
    with open(tmp_path / "o" / ".work" / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = cli("--submissions", str(tmp_path / "subs"), "--out", str(tmp_path / "o"))
        output, _ = run.communicate(timeout=300)
    assert run.returncode == 1 and "Another `cmo-course grade`" in output, output
    run = cli("--submissions", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 1 and "not a folder" in output, output


# -- a PostgreSQL gradebook -----------------------------------------------------------------------


@pytest.fixture
def postgres():
    """A throwaway PostgreSQL server from Debian's packages, on 127.0.0.1 only."""
    initdbs = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not initdbs:
        unavailable("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    bindir = initdbs[-1].parent
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="cmo-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd

        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("no 'postgres' user to run PostgreSQL as (install Debian's postgresql)")
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync")
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(folder / "log"),
        "-w",
        "start",
    )
    try:
        run(
            str(bindir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "gradebook",
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.grading
def test_grading_into_a_postgresql_gradebook(tmp_path, sandboxed, postgres):
    from nbgrader.api import Gradebook

    small_cohort(tmp_path / "subs")
    out = tmp_path / "out"
    grade(settings_for(tmp_path / "subs", out, db_url=postgres), log=lambda line: None)
    assert not (out / "gradebook.db").exists()
    scores = read_scores(out)
    # ben left 0.2 (2 points) unanswered; dan got 0.1 (1 point) wrong
    expected = {"ann": FULL00, "ben": FULL00 - 2, "cat": 0.0, "dan": FULL00 - 1}
    with Gradebook(postgres, "cmo-course") as gb:
        got = {s: gb.find_submission(M00, s).score for s in expected}
        # an instructor's comment and a manual override survive a re-run
        grade_row = gb.find_grade("ex0_1_test", M00, M00, "dan")
        grade_row.manual_score = 1.0
        gb.db.commit()
    assert got == expected
    for student, total in expected.items():
        assert sum(float(r["points"]) for k, r in scores.items() if k[0] == student) == total
    exported = (out / "grades.csv").read_text()
    assert f"00_start_here,,,ann,,,,{FULL00},0.0,{FULL00},{FULL00}" in exported, exported
    grade(settings_for(tmp_path / "subs", out, db_url=postgres), log=lambda line: None)
    with Gradebook(postgres, "cmo-course") as gb:
        overridden = gb.find_grade("ex0_1_test", M00, M00, "dan")
        assert overridden.manual_score == 1.0 and not overridden.needs_manual_grade
        assert gb.find_submission(M00, "dan").score == FULL00
    # dan hands in again: the override is kept, and flagged for review (nbgrader's own rule)
    (tmp_path / "subs" / "dan" / M00 / "timestamp.txt").write_text("2026-11-20 10:00:00 UTC")
    grade(settings_for(tmp_path / "subs", out, db_url=postgres), log=lambda line: None)
    with Gradebook(postgres, "cmo-course") as gb:
        overridden = gb.find_grade("ex0_1_test", M00, M00, "dan")
        assert overridden.manual_score == 1.0 and overridden.needs_manual_grade
        assert not gb.find_grade("ex0_1_test", M00, M00, "ann").needs_manual_grade


# -- the sandbox itself ---------------------------------------------------------------------------


def sandboxed_python(
    code: str, cpu: int = 60, memory: int = 1024**3
) -> subprocess.CompletedProcess:
    from cmo_course.instructor.sandbox import (
        bwrap_prefix,
        kernel_env,
        limits_prefix,
        python_folders,
    )

    with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as sockets:
        command = (
            bwrap_prefix(python_folders(), work, sockets, kernel_env(""))
            + limits_prefix(memory, cpu)
            + [sys.executable, "-c", code]
        )
        return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_the_sandbox_limits_cpu_time_and_memory(sandboxed):
    began = time.monotonic()
    spin = sandboxed_python("while True:\n    pass", cpu=1)
    # the kernel gets SIGXCPU, then SIGKILL, after one second of CPU (bwrap reports 128 + signal)
    assert spin.returncode in {128 + signal.SIGXCPU, 128 + signal.SIGKILL}, spin
    assert time.monotonic() - began < 30
    bomb = sandboxed_python("x = bytearray(3 * 1024**3)", memory=1024**3)
    assert bomb.returncode != 0 and "MemoryError" in bomb.stderr, bomb


def test_the_sandbox_sees_no_course_no_home_no_network(sandboxed):
    probe = sandboxed_python(
        "import os, socket\n"
        f"print(os.path.exists({str(ROOT / 'solutions')!r}), os.path.exists('/root/.bash_history'),"
        " os.getuid())\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=3)\nexcept OSError as e:\n"
        "    print('network', type(e).__name__)\n"
        "try:\n    open('/usr/planted', 'w')\nexcept OSError as e:\n    print('write', e.errno)\n"
    )
    assert probe.returncode == 0, probe
    lines = probe.stdout.split("\n")
    assert lines[0] == "False False 65534", probe.stdout
    assert lines[1].startswith("network ") and lines[2] == "write 30", probe.stdout  # EROFS


# A worker that starts a kernel the grader's way, killed (SIGKILL) ``delay`` s into the start.
SHORT_LIVED_WORKER = """
import asyncio, os, signal, sys, threading, time
from jupyter_client.kernelspec import KernelSpecManager
from cmo_course.instructor.sandbox import SandboxKernelManager
folder, sockets, sandbox, delay = sys.argv[1], sys.argv[2], sys.argv[3] == "1", float(sys.argv[4])
specs = KernelSpecManager(kernel_dirs=[os.path.join(folder, "kernels")])
km = SandboxKernelManager(
    kernel_name="sleeper", kernel_spec_manager=specs, sandbox=sandbox, socket_dir=sockets,
    workdir=os.path.join(folder, "home"),
)
threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
asyncio.run(km.start_kernel())
time.sleep(60)
"""


def kernels_outlive_their_worker(tmp_path: Path, sandbox: bool, delays: list[float]) -> list[str]:
    """Start a stand-in kernel (``sleep``) from a worker killed after each delay; what survives."""
    marker = f"{time.time() % 1000 + 100:.6f}"  # sleep's argument: this test's processes only
    spec = tmp_path / "kernels" / "sleeper"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": ["sleep", marker], "display_name": "sleep", "language": "python"})
    )
    (tmp_path / "home").mkdir()
    sockets = tempfile.mkdtemp(prefix="cmo-life-", dir="/tmp")  # short: Unix socket paths
    survivors: list[str] = []
    try:
        for delay in delays:
            # a file, not a pipe: a surviving kernel would hold a pipe open
            with open(tmp_path / "worker.log", "w+") as log:
                worker = subprocess.run(
                    [sys.executable, "-c", SHORT_LIVED_WORKER, str(tmp_path), sockets]
                    + ["1" if sandbox else "0", str(delay)],
                    stdout=log,
                    stderr=log,
                    timeout=60,
                )
                log.seek(0)
                assert worker.returncode == -signal.SIGKILL, log.read()
            deadline = time.monotonic() + 3
            while our_processes([marker, sockets]) and time.monotonic() < deadline:
                time.sleep(0.05)
            left = our_processes([marker, sockets])
            survivors += [f"after {delay} s: {line}" for line in left]
            for line in left:  # leave nothing behind, even when the test fails
                try:
                    os.kill(int(line.split(":")[0]), signal.SIGKILL)
                except OSError:
                    pass
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    return survivors


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_kernel_under_limits_only_dies_with_its_worker(tmp_path):
    # prlimit execs the kernel, which nothing else would kill
    assert kernels_outlive_their_worker(tmp_path, sandbox=False, delays=[0.0, 0.3]) == []


def test_a_sandboxed_kernel_dies_with_its_worker_even_mid_start(tmp_path, sandboxed):
    # killed while bubblewrap sets up (its sandbox's first process is not yet bound to it), or
    # once the kernel runs
    delays = [0.0, 0.01, 0.02, 0.03, 0.3]
    assert kernels_outlive_their_worker(tmp_path, sandbox=True, delays=delays) == []


@pytest.mark.grading
def test_no_sandbox_grades_the_same_under_limits_only(tmp_path):
    right = solution_sources(M00)
    write(tmp_path / "subs", "ann", M00, answered(M00, right))
    write(tmp_path / "subs", "ben", M00, answered(M00, dict(right, ex0_1_answer="orders_2025 = 7")))
    out = tmp_path / "out"
    grade(settings_for(tmp_path / "subs", out, sandbox=False), log=lambda line: None)
    scores = read_scores(out)
    assert [
        scores[("ann", M00, c)]["points"] for c in ("ex0_1_test", "ex0_2_test", "ex0_3_test")
    ] == ["1", "2", "2"]
    assert scores[("ben", M00, "ex0_1_test")]["points"] == "0"
    assert our_processes([str(out), "/tmp/cmo-grade-"]) == []
    # OUT is an nbgrader course: plain nbgrader commands (and formgrader) work there
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    for command in (["export", "--to", "again.csv"], ["generate_feedback", M00, "--force"]):
        done = subprocess.run(
            ["nbgrader", *command], cwd=out, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    again = (out / "again.csv").read_text().splitlines()
    assert sorted(again) == sorted((out / "grades.csv").read_text().splitlines())
    page = (out / "feedback" / "ann" / M00 / f"{M00}.html").read_text()
    assert f"Score: {FULL00} / {FULL00}" in page and "Plotly.newPlot" in page
    # formgrader's back end finds the graded notebooks through OUT's configuration
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(out)).load_config()
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    # (it lists only submissions whose graded notebook it can open)
    listed = api.get_notebook_submissions(M00, M00)
    assert sorted((s["student"], s["score"]) for s in listed) == [
        ("ann", FULL00),
        ("ben", FULL00 - 1),
    ]


def test_a_failed_test_names_the_trouble_in_the_cells_before_it():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from cmo_course.instructor.cohort.worker import answer_trouble

    def cell(source, grade_id=None, test=False, outputs=()):
        made = new_code_cell(source)
        if grade_id:
            made.metadata["nbgrader"] = {"grade_id": grade_id, "grade": test, "solution": not test}
        made.outputs = list(outputs)
        return made

    def error(name, value=""):
        return new_output("error", ename=name, evalue=value, traceback=[])

    notebook = new_notebook(
        cells=[
            cell("while True: pass", "a1", outputs=[error("KeyboardInterrupt")]),
            cell('check("1")', "t1", test=True),
            cell("fine = 1", "a2"),
            cell('check("2")', "t2", test=True),
            cell("hog = bytearray(10**12)", "a3", outputs=[error("MemoryError")]),
            cell("x", outputs=[error("CellTimeoutError", "Not run: an earlier cell ...")]),
            cell('check("3")', "t3", test=True),
        ]
    )
    assert answer_trouble(notebook) == {
        "t1": "A cell before this test ran past its time limit and was stopped.",
        "t3": "A cell before this test ran out of memory.",
    }
