"""The worker pool: grading processes fed one task at a time, with a watchdog per notebook.

A worker that dies costs its task a "crashed" grade and is replaced; a task that overruns its
budget (``Settings.job_budget``) is stopped, its kernels killed, and graded "timeout". The batch
always finishes.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from ..deathsig import dies_with_us
from . import results
from .results import CRASHED, ERROR, TIMEOUT, Result
from .settings import Settings
from .stage import Task
from .worker import Outcome, record


def kill_kernels(pid_file: Path) -> None:
    """Stop kernels a worker started (each leads its own process group)."""
    if not pid_file.is_file():
        return
    for text in pid_file.read_text().split():
        try:
            pid = int(text)
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (ValueError, OSError):
            continue
        if b"ipykernel" in cmdline or b"bwrap" in cmdline or b"prlimit" in cmdline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass


class Worker:
    def __init__(self, settings_file: Path, log_file: Path) -> None:
        self.log = open(log_file, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cmo_course.instructor.cohort.worker", str(settings_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            start_new_session=True,
            preexec_fn=dies_with_us(),  # the worker dies with this command
        )
        self.task: Task | None = None
        self.deadline = 0.0

    def send(self, task: Task, budget: int) -> None:
        self.task = task
        self.deadline = time.monotonic() + budget
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(task.to_json()) + "\n").encode())
        self.process.stdin.flush()

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                if pipe:
                    pipe.close()
            except OSError:
                pass
        if self.task is not None:
            kill_kernels(Path(self.task.dir) / "kernel.pids")
        self.log.close()


def run_pool(tasks: list[Task], settings: Settings, on_done: Callable[[Result], None]) -> None:
    """Grade ``tasks`` on ``settings.jobs`` workers, with a watchdog per notebook."""
    if not tasks:
        return
    settings_file = settings.work / "settings.json"
    results.write_json(settings_file, asdict(settings))
    log_file = settings.work / "workers.log"
    pending = list(tasks)
    workers = [
        Worker(settings_file, log_file) for _ in range(max(1, min(settings.jobs, len(tasks))))
    ]
    selector = selectors.DefaultSelector()
    for worker in workers:
        selector.register(worker.process.stdout, selectors.EVENT_READ, worker)

    def replace(worker: Worker) -> Worker:
        selector.unregister(worker.process.stdout)
        worker.stop()
        fresh = Worker(settings_file, log_file)
        selector.register(fresh.process.stdout, selectors.EVENT_READ, fresh)
        workers[workers.index(worker)] = fresh
        return fresh

    def fail(task: Task, status: str, reason: str) -> None:
        on_done(record(task, Outcome(status, reason)))

    try:
        while True:
            for worker in workers:
                if worker.task is None and pending:
                    worker.send(pending.pop(0), settings.job_budget)
            busy = [w for w in workers if w.task is not None]
            if not busy:
                break
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            for key, _ in selector.select(timeout=min(wait, 5.0)):
                worker = key.data
                line = worker.process.stdout.readline()
                task, worker.task = worker.task, None
                if not line:  # the worker died (it was killed, or Python itself crashed)
                    replace(worker).task = None
                    if task is not None:
                        fail(task, CRASHED, "The grading process stopped while grading it.")
                    continue
                if task is not None:
                    stored = results.load(Path(task.result_dir))
                    if stored is None:  # pragma: no cover - the worker writes it before "done"
                        fail(task, ERROR, "The grader wrote no result.")
                    else:
                        on_done(stored)
            now = time.monotonic()
            for worker in list(workers):
                if worker.task is not None and now > worker.deadline:
                    task = worker.task
                    replace(worker)
                    fail(
                        task,
                        TIMEOUT,
                        f"Grading the notebook took more than {settings.job_budget} s and was "
                        "stopped.",
                    )
    finally:
        for worker in workers:
            try:
                if worker.process.stdin:
                    worker.process.stdin.close()
            except OSError:
                pass
            worker.stop()
        selector.close()
