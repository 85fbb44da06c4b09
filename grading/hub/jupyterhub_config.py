"""JupyterHub configuration for a cmo-course workshop on one server.

`cmo-course hub setup` copies this file, with cmo_roles.py and a settings.json it writes, into
the hub's folder (/opt/cmo-course/hub by default); `cmo-course hub start` runs JupyterHub on it.
Read grading/WORKSHOP.md first. On The Littlest JupyterHub, use cmo_roles.py alone (WORKSHOP.md
says how): TLJH sets up the rest itself.

- Log-in: the server's own accounts (PAM), for members of the learner and instructor groups.
- Servers: each user's JupyterLab runs as that user (LocalProcessSpawner), in their home.
- Instructors are hub admins and keep formgrader; learners get the Assignments panel.
"""

import json
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file
here = Path(__file__).resolve().parent
settings = json.loads((here / "settings.json").read_text())
venv = Path(settings["venv"])
state = Path(settings["state"])

# The public address (the proxy). Everything else listens on loopback only.
c.JupyterHub.ip = settings["ip"]
c.JupyterHub.port = settings["port"]
if settings.get("ssl_cert"):
    c.JupyterHub.ssl_cert = settings["ssl_cert"]
    c.JupyterHub.ssl_key = settings["ssl_key"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.get("hub_port", 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.get('proxy_api_port', 8001)}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# The hub's own state, readable by root only.
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")

# Who may log in: the server's accounts in the course's groups; instructors are admins.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = set(settings["groups"])
c.PAMAuthenticator.admin_groups = set(settings["admin_groups"])
# Log-ins re-check the groups, so removing someone from a group takes effect at their next log-in.
c.Authenticator.manage_groups = False

# Each user's JupyterLab runs as that user, from the course's environment.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.environment = {"PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
c.Spawner.notebook_dir = "~"

# Learners and instructors: the part shared with The Littlest JupyterHub.
load_subconfig(str(here / "cmo_roles.py"))  # noqa: F821
