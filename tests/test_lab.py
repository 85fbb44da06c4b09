"""`cmo-course lab` starts a real JupyterLab on the course, on 127.0.0.1, inside the test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT, free_port


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def stop(process: subprocess.Popen) -> None:
    """Stop the server and everything it started (kernels included)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
def test_lab_serves_the_course_and_opens_module_00(tmp_path):
    port, token = free_port(), "cmo-course-test-token"
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        env[name] = str(folder)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cmo_course",
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = get(f"{base}/api/status?token={token}")
                if status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stdout.read().decode()
            assert time.monotonic() < deadline, "JupyterLab did not start within 90 s"
            time.sleep(0.5)
        status, body = get(f"{base}/api/contents/01_finance/01_finance.ipynb?token={token}")
        notebook = json.loads(body)["content"]
        assert status == 200 and notebook["cells"][0]["source"].startswith("# Module 01")
        status, body = get(f"{base}/lab?token={token}")
        assert status == 200 and b"JupyterLab" in body
        status, body = get(f"{base}/api/contents?token={token}")
        listed = {item["name"] for item in json.loads(body)["content"]}
        assert {"00_start_here", "01_finance"} <= listed and "solutions" not in listed
        # a SIGTERM to the command itself (not its process group) stops JupyterLab
        server.terminate()
        server.wait(timeout=30)
    finally:
        stop(server)
    output = server.stdout.read().decode()
    assert "Traceback" not in output
    with pytest.raises(OSError):
        get(f"{base}/api/status?token={token}")
