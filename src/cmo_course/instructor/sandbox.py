"""Run grading kernels in a sandbox: bubblewrap on Linux, with resource limits from prlimit.

Inside the sandbox a learner's code sees the system's read-only ``/usr``, the Python environment
and the course package read-only, the datasets it is graded on, an empty ``/tmp`` and its own
working folder. It does not see ``solutions/``, the gradebook, anyone's home or other learners'
submissions. It has no network (its own empty network namespace), no capabilities, and runs as
``nobody``. The kernel talks to the grader over Unix sockets in a folder shared for that purpose.

Outside Linux, or where bubblewrap cannot create namespaces, ``sandbox_problem()`` says why, and
the grader refuses to run unless told ``--no-sandbox``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import KernelManager
from traitlets import Bool, Integer, List, Unicode

from cmo_course.instructor.config import LEAN_MEMORY_ENV, GradingKernelManager
from cmo_course.instructor.deathsig import dies_with_us, guard_prefix

NOBODY = 65534
HOME = "/home/learner"
# Whole bytes: util-linux's prlimit reads "2G" as a malformed number.
DEFAULT_MEMORY = 2 * 1024**3
DEFAULT_CPU_SECONDS = 600
MAX_FILE_BYTES = 200 * 1024**2
TMP_BYTES = 256 * 1024**2


def _system_binds() -> list[str]:
    """The read-only system folders every Python needs, for merged-/usr and classic layouts."""
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    # the dynamic loader's cache and the minimum that getpwuid/locale lookups read
    for name in ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf"):
        if os.path.exists(name):
            args += ["--ro-bind", name, name]
    return args


def _isolation() -> list[str]:
    """bubblewrap's namespaces, identity and system folders, shared by kernels and the probe."""
    return [
        "bwrap",
        "--unshare-all",  # network, pid, ipc, uts, cgroup and user namespaces
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--uid",
        str(NOBODY),
        "--gid",
        str(NOBODY),
        *_system_binds(),
    ]


def bwrap_prefix(
    read_only: list[str], workdir: str, socket_dir: str, env: dict[str, str]
) -> list[str]:
    """The bubblewrap command line that wraps a kernel."""
    args = _isolation()
    # the private /tmp first: a folder bound below it (an environment in /tmp) stays visible
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]
    seen: set[str] = set()
    for folder in read_only:
        if folder and folder not in seen and os.path.exists(folder):
            seen.add(folder)
            args += ["--ro-bind", folder, folder]
    args += ["--bind", socket_dir, socket_dir, "--bind", workdir, HOME, "--chdir", HOME]
    args += ["--clearenv"]
    for key, value in sorted(env.items()):
        args += ["--setenv", key, value]
    return args + ["--"]


def limits_prefix(memory: int, cpu_seconds: int) -> list[str]:
    """prlimit's command line: address space, CPU seconds, file size, no core dumps."""
    return [
        "prlimit",
        f"--as={int(memory)}",
        f"--cpu={int(cpu_seconds)}",
        f"--fsize={MAX_FILE_BYTES}",
        "--core=0",
        "--",
    ]


def kernel_env(data_folder: str) -> dict[str, str]:
    """The whole environment a sandboxed kernel gets (nothing is inherited)."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "IPYTHONDIR": "/tmp/ipython",
        "MPLCONFIGDIR": "/tmp",
        "JUPYTER_RUNTIME_DIR": "/tmp",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        # one thread each: the grader already runs one kernel per core
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        **LEAN_MEMORY_ENV,
    }
    if data_folder:
        env["CMO_COURSE_DATA"] = data_folder
    return env


def python_folders() -> list[str]:
    """What the kernel must read to run: the environment and where cmo_course is installed."""
    import cmo_course

    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    folders.add(str(Path(cmo_course.__file__).resolve().parent.parent))
    real = Path(sys.executable).resolve().parent.parent
    folders.add(str(real))
    return sorted(f for f in folders if f and not f.startswith("/usr"))


def sandbox_problem() -> str | None:
    """Why learner code cannot be sandboxed here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return f"the grading sandbox needs Linux (bubblewrap); this is {sys.platform}"
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian/Ubuntu: sudo apt-get install bubblewrap)"
    if shutil.which("prlimit") is None:
        return "prlimit is not installed (Debian/Ubuntu: sudo apt-get install util-linux)"
    probe = [
        *_isolation(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--",
        "/bin/sh",
        "-c",
        "true",
    ]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap could not start: {error}"
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no message"
        return (
            f"bubblewrap cannot create a sandbox here ({detail}). Unprivileged user namespaces "
            "may be switched off (sysctl kernel.unprivileged_userns_clone=1 on Debian)"
        )
    return None


class SandboxKernelManager(GradingKernelManager):
    """A grading kernel inside bubblewrap (or, with ``sandbox`` off, only under prlimit)."""

    sandbox = Bool(True, help="Run the kernel inside bubblewrap.").tag(config=True)
    memory_limit = Integer(DEFAULT_MEMORY, help="Address-space limit (bytes).").tag(config=True)
    cpu_limit = Integer(DEFAULT_CPU_SECONDS, help="CPU-time limit (seconds).").tag(config=True)
    read_only = List(Unicode(), help="Extra folders the kernel may read.").tag(config=True)
    socket_dir = Unicode("", help="Short folder for the kernel's Unix sockets.").tag(config=True)
    workdir = Unicode("", help="The kernel's private working folder.").tag(config=True)
    pid_file = Unicode("", help="File the kernel's process id is appended to.").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.sandbox:
            # ZeroMQ over Unix sockets reaches a kernel in its own network namespace
            self.transport = "ipc"
            self.ip = os.path.join(self.socket_dir, f"k{os.getpid()}")
            self.connection_file = os.path.join(self.socket_dir, f"kernel-{os.getpid()}.json")

    @property
    def kernel_spec(self) -> KernelSpec | None:  # type: ignore[override]
        spec = KernelManager.kernel_spec.fget(self)  # type: ignore[attr-defined]
        if spec is not None and self.sandbox:
            # a signal to bwrap's process group would kill the sandbox; ask the kernel instead
            spec.interrupt_mode = "message"
        return spec

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        limited = limits_prefix(self.memory_limit, self.cpu_limit) + command
        if not self.sandbox:
            return limited
        read_only = python_folders() + list(self.read_only)
        if self.data_folder:
            read_only.append(self.data_folder)
        env = kernel_env(self.data_folder)
        # bubblewrap forks: a guard kills its sandbox if it is orphaned (see deathsig.py)
        sandboxed = bwrap_prefix(read_only, self.workdir, self.socket_dir, env) + limited
        return guard_prefix() + sandboxed

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        if self.workdir:
            kw["cwd"] = self.workdir
        # the kernel (prlimit execs it), or the sandbox's guard, dies with this worker
        kw["preexec_fn"] = dies_with_us()
        await super().start_kernel(**kw)
        if self.pid_file and self.provisioner is not None:
            pid = getattr(self.provisioner, "pid", None)
            if pid:
                with open(self.pid_file, "a") as handle:
                    handle.write(f"{pid}\n")
