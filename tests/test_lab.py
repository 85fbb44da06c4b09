"""`cmo-course lab` starts a real JupyterLab on the course, on 127.0.0.1, inside the test."""

from __future__ import annotations

import urllib.request

import pytest

from tests import labkit


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.mark.slow
def test_lab_serves_the_course_and_opens_module_00(tmp_path):
    running = labkit.Lab(tmp_path).start()
    try:
        notebook = running.api("contents/01_finance/01_finance.ipynb")["content"]
        assert notebook["cells"][0]["source"].startswith("# Module 01")
        status, body = get(running.url("lab"))
        assert status == 200 and b"JupyterLab" in body
        listed = {item["name"] for item in running.api("contents")["content"]}
        assert {"00_start_here", "01_finance"} <= listed and "solutions" not in listed
        # a SIGTERM to the command itself (not its process group) stops JupyterLab
        running.server.process.terminate()
        running.server.process.wait(timeout=30)
    finally:
        running.stop()
    assert "Traceback" not in running.server.output()
    with pytest.raises(OSError):
        get(running.url("api/status"))
