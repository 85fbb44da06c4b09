"""Shared fixtures: the checkout, a data variant built with a second seed, clean environments."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECOND_SEED = 7


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SCRIPTS = str(Path(sys.executable).parent)

# nbgrader runs `alembic` by name, and the CLI tests run `cmo-course`: put this environment's
# scripts first on PATH even when it is not activated.
if SCRIPTS not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = SCRIPTS + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def second_seed_dir(tmp_path_factory) -> Path:
    """The datasets built with a second seed (what CMO_COURSE_DATA would point at)."""
    from cmo_course.authoring.datagen.build import build

    folder = tmp_path_factory.mktemp("seed-7")
    build(folder, seed=SECOND_SEED)
    return folder


@pytest.fixture
def on_second_seed(monkeypatch, second_seed_dir) -> Path:
    """Run a test with the whole course reading the second-seed variant."""
    monkeypatch.setenv("CMO_COURSE_DATA", str(second_seed_dir))
    return second_seed_dir


def copy_course(target: Path) -> Path:
    """Copy the checkout's course parts (solutions, course, grading, nbgrader's config) into
    ``target``, a folder the course's commands then treat as a checkout."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("solutions", "course", "grading"):
        shutil.copytree(
            ROOT / name,
            target / name,
            ignore=shutil.ignore_patterns("work", "__pycache__", ".ipynb_checkpoints"),
        )
    shutil.copy(ROOT / "nbgrader_config.py", target / "nbgrader_config.py")
    return target


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A throwaway copy of the checkout's course parts, for tests that write to it."""
    return copy_course(tmp_path / "checkout")


def env_without_data_override() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CMO_COURSE_DATA", None)
    return env
