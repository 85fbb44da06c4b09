"""Learners and instructors on a cmo-course hub (loaded by jupyterhub_config.py; on The Littlest
JupyterHub, copied into its jupyterhub_config.d/ folder on its own).

Hub admins are the instructors: they keep formgrader. Everyone else is a learner: their
JupyterLab reads the learner settings, which hide formgrader, so they see the Assignments panel.
"""

import json
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file
_here = Path(__file__).resolve().parent
_settings_file = _here / "settings.json"
_settings = json.loads(_settings_file.read_text()) if _settings_file.is_file() else {}
# where `cmo-course hub setup` (or `cmo-course hub tljh`) wrote the learner settings
LEARNER_CONFIG = _settings.get("learner_config", "/opt/cmo-course/learner-config")

c.Spawner.default_url = "/lab"
# A cohort logging in at once on a small server: give servers time to start.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120


def _roles(spawner):
    if not spawner.user.admin:
        spawner.environment["JUPYTER_CONFIG_PATH"] = LEARNER_CONFIG


c.Spawner.pre_spawn_hook = _roles
