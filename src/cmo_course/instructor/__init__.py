"""What instructors and workshop facilitators run: the course's nbgrader settings (``config``),
preprocessors and exchange; the sandbox for learner code; the cohort grader (``cohort``) and its
report; the workshop hub; and ``explore``, a module's explorers on a projector. Nothing here runs
in a learner's kernel."""
