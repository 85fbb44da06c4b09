"""Lets plain `nbgrader ...` commands run from the repository root: the settings are in grading/."""

c = get_config()  # noqa: F821 - provided by traitlets
load_subconfig("grading/nbgrader_config.py")  # noqa: F821
