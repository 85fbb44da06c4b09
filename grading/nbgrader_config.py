"""nbgrader configuration for cmo-course.

Maps nbgrader's folders onto the course layout: solutions/ is nbgrader's "source", course/ its
"release"; submissions, grades and the gradebook live in grading/work/ (git-ignored). Works from
the repository root (through the root nbgrader_config.py) and from grading/.

The settings themselves live in cmo_course.instructor.config.configure, so the cmo-course commands and
plain nbgrader commands always agree. Read grading/README.md for the workflow.
"""

from pathlib import Path

from cmo_course.instructor.config import configure

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file
configure(c, Path(__file__).resolve().parent.parent)
