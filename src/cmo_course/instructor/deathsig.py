"""Child processes that die with the process that started them (Linux's ``PR_SET_PDEATHSIG``).

The grader's workers and kernels must not outlive a ``cmo-course grade`` that is killed. Linux
sends a process its "parent death signal" when the thread that forked it exits; the setting
survives ``exec`` (of anything but a set-user-ID program) but not ``fork``, so each process that
forks must arm its own children. Elsewhere these are no-ops.

bubblewrap forks (its sandbox's first process) and arms that child only once the sandbox is set
up; killed in between, it leaves the sandbox running orphaned. So a sandboxed kernel starts under
a small guard (``guard_prefix``, this file run as a script): a subreaper that adopts such
orphans and, when the worker dies, kills everything it started or adopted.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _libc_prctl() -> Any:
    """libc's ``prctl``, looked up now: a forked child should not load libraries."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent() -> None:
    """This process gets SIGKILL when its parent dies (it must already be running)."""
    prctl = _libc_prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def dies_with_us() -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets SIGKILL when this process dies.

    The child arms the signal before ``exec``, so the program it runs is covered from its first
    instruction; and if this process died between ``fork`` and that moment (the signal would
    never come), the child exits at once instead of running orphaned. The signal comes when the
    forking *thread* exits: start the child from a thread that lives as long as the process.
    None where there is no ``prctl``.
    """
    prctl = _libc_prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arm


def guard_prefix() -> list[str]:
    """The command line that runs a command under the guard, bound to this process."""
    if _libc_prctl() is None:
        return []
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), str(os.getpid()), "--"]


class _Stop(Exception):
    def __init__(self, signum: int) -> None:
        self.signum = signum


def _children() -> list[int]:
    pids = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as handle:
                pids += [int(pid) for pid in handle.read().split()]
        except OSError:
            pass
    return pids


def _end_all() -> None:
    """SIGKILL every child, including the orphans adopted meanwhile, until none is left."""
    while True:
        for pid in _children():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def guard(parent: int, command: list[str]) -> int:
    """Run ``command`` until it exits or ``parent`` dies; either way leave no descendant behind.

    A subreaper: a grandchild whose parent dies (bubblewrap's sandbox, when bubblewrap is killed
    before that child armed its own death signal) becomes this process's child, and is killed.
    """
    import subprocess

    prctl = _libc_prctl()

    def stop(signum: int, frame: Any) -> None:
        raise _Stop(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    status = 1
    try:
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() == parent:
            status = subprocess.Popen(command, preexec_fn=dies_with_us()).wait()
            status = 128 - status if status < 0 else status
    except _Stop as stopped:
        status = 128 + stopped.signum
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        _end_all()
    return status


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: deathsig.py PARENT_PID -- COMMAND [ARG ...]")
    sys.exit(guard(int(sys.argv[1]), sys.argv[3:]))
