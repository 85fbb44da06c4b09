"""The hub's configuration files and set-up helpers, without starting a hub (tests/test_hub.py
runs the real one)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from cmo_course.cli import main
from cmo_course.instructor import hub

ROOT = Path(__file__).resolve().parents[1]


def load_config(folder: Path, name: str):
    loader = PyFileConfigLoader(name, path=str(folder))
    return loader.load_config()


def test_hub_config_reads_its_settings(tmp_path):
    for name in ("jupyterhub_config.py", "cmo_roles.py"):
        (tmp_path / name).write_text((ROOT / "grading" / "hub" / name).read_text())
    settings = {
        "ip": "127.0.0.1",
        "port": 8123,
        "ssl_cert": "",
        "ssl_key": "",
        "hub_port": 8124,
        "proxy_api_port": 8125,
        "venv": "/opt/x/venv",
        "proxy": "/opt/x/proxy/chp",
        "state": "/opt/x/state",
        "learner_config": "/opt/x/learner-config",
        "groups": ["cmo-learners", "cmo-instructors"],
        "admin_groups": ["cmo-instructors"],
    }
    (tmp_path / "settings.json").write_text(json.dumps(settings))
    c = load_config(tmp_path, "jupyterhub_config.py")
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.port == 8123
    assert c.JupyterHub.hub_ip == "127.0.0.1" and c.JupyterHub.hub_port == 8124
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8125"
    assert c.Spawner.cmd == ["/opt/x/venv/bin/jupyterhub-singleuser"]
    assert c.Spawner.environment["PATH"].startswith("/opt/x/venv/bin:")
    assert c.PAMAuthenticator.admin_groups == {"cmo-instructors"}
    assert c.JupyterHub.db_url == "sqlite:////opt/x/state/jupyterhub.sqlite"
    assert "ssl_cert" not in c.JupyterHub
    # the roles part (loaded by the main file): learners read the learner settings
    hook = c.Spawner.pre_spawn_hook
    learner = SimpleNamespace(user=SimpleNamespace(admin=False), environment={})
    instructor = SimpleNamespace(user=SimpleNamespace(admin=True), environment={})
    hook(learner)
    hook(instructor)
    assert learner.environment == {"JUPYTER_CONFIG_PATH": "/opt/x/learner-config"}
    assert instructor.environment == {}
    assert c.Spawner.default_url == "/lab"


def test_learner_settings_hide_formgrader(tmp_path):
    hub.write_learner_config(tmp_path)
    server = json.loads((tmp_path / "jupyter_server_config.json").read_text())
    switches = server["ServerApp"]["jpserver_extensions"]
    assert switches == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
    }
    page = json.loads((tmp_path / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    assert "@jupyter/nbgrader:assignment-list" not in page["disabledExtensions"]


def test_environment_settings_keep_what_was_there(tmp_path):
    env = tmp_path / "env"
    etc = env / "etc" / "jupyter"
    etc.mkdir(parents=True)
    (etc / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"shutdown_no_activity_timeout": 600}})
    )
    exchange = tmp_path / "srv" / "exchange"
    hub.configure_environment(env, tmp_path / "learners", exchange)
    server = json.loads((etc / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["shutdown_no_activity_timeout"] == 600
    assert server["ServerApp"]["terminado_settings"]["shell_command"] == ["/bin/bash"]
    c = load_config(etc, "nbgrader_config.py")
    assert c.CourseDirectory.course_id == "cmo-course"
    assert c.Exchange.root == str(exchange)
    # a learner's Validate ignores warnings on stderr, as grading does
    assert c.IgnorePattern.enabled and "IgnorePattern" in str(c.Validator.preprocessors)
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777
    assert stat.S_IMODE((tmp_path / "learners").stat().st_mode) & 0o005 == 0o005


def test_user_names_are_checked(tmp_path):
    good = tmp_path / "learners.txt"
    good.write_text("# cohort 1\nana-lopez\n\nbo_chen  # late joiner\n")
    assert hub.read_names(good) == ["ana-lopez", "bo_chen"]
    bad = tmp_path / "bad.txt"
    bad.write_text("ana-lopez\nAna.Lopez\n")
    with pytest.raises(hub.HubError, match=r"bad.txt:2: 'Ana.Lopez' is not a valid user name"):
        hub.read_names(bad)


def test_hub_commands_say_what_is_wrong(tmp_path, capsys):
    assert main(["hub", "setup", "--ssl-cert", "cert.pem"]) == 1
    assert "--ssl-cert and --ssl-key go together" in capsys.readouterr().err
    assert main(["hub", "users", "--passwords", str(tmp_path / "p.csv")]) == 1
    assert "--instructor NAME and/or --learners FILE" in capsys.readouterr().err
    names = tmp_path / "learners.txt"
    names.write_text("ana\n")
    if os.geteuid() == 0:
        assert main(["hub", "users", "--learners", str(names)]) == 1
        assert "--passwords FILE.csv" in capsys.readouterr().err
        assert main(["hub", "start", "--prefix", str(tmp_path)]) == 1
        assert "run `cmo-course hub setup` first" in capsys.readouterr().err
        assert main(["hub", "tljh", "--env", str(tmp_path)]) == 1
        assert "nbgrader is not installed in" in capsys.readouterr().err
    else:
        assert main(["hub", "users", "--learners", str(names), "--passwords", "p.csv"]) == 1
        assert "run them as root" in capsys.readouterr().err


def test_into_course_needs_a_course_folder(tmp_path, capsys):
    (tmp_path / "sub" / "ana" / "01_finance").mkdir(parents=True)
    code = main(
        [
            "grade",
            "--submissions",
            str(tmp_path / "sub"),
            "--out",
            str(tmp_path / "out"),
            "--no-sandbox",
            "--into-course",
        ]
    )
    assert code == 1
    assert "--into-course needs DIR to be an nbgrader course folder" in capsys.readouterr().err


def test_hub_setup_keeps_certificate_links_so_renewals_are_picked_up(tmp_path, monkeypatch):
    # certbot's live/NAME/fullchain.pem is a link to the newest archive/NAME/fullchainN.pem
    archive, live = tmp_path / "archive", tmp_path / "live"
    archive.mkdir()
    live.mkdir()
    for name in ("fullchain", "privkey"):
        (archive / f"{name}1.pem").write_text("first")
        (live / f"{name}.pem").symlink_to(archive / f"{name}1.pem")
    seen = {}
    monkeypatch.setattr(hub, "setup", lambda checkout, **settings: seen.update(settings))
    monkeypatch.chdir(tmp_path)
    cert, key = "live/fullchain.pem", "live/privkey.pem"
    assert main(["hub", "setup", "--ssl-cert", cert, "--ssl-key", key]) == 0
    assert seen["ssl_cert"] == str(live / "fullchain.pem")
    assert seen["ssl_key"] == str(live / "privkey.pem")
