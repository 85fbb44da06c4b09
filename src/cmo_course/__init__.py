"""cmo-course: the shared code behind the course notebooks, laid out by who runs it.

What a learner's kernel imports sits here: ``datasets`` (the company's data), the formulas
(``finance``, ``funnels``, ``media``, ``offline``, ``planning``, ``social``), ``checks`` (the
exercise checks), ``widgets`` (the explorers), ``plots`` (the chart look) and ``rubric``; and
``manifest``, the one list of modules. Authors' tools are in ``authoring``, instructors' and
facilitators' in ``instructor``, and the ``cmo-course`` command in ``cli``.
"""

from __future__ import annotations

__version__ = "0.1.0"

MIN_PYTHON = (3, 11)


def about() -> None:
    """Print what this notebook runs on: versions, and which data it reads.

    Call it at the top of a lesson, so a learner (or a facilitator helping one) sees at once
    whether the environment is right.
    """
    import os
    import platform
    import sys

    import pandas as pd
    import plotly

    from . import datasets

    if sys.version_info < MIN_PYTHON:
        print(
            f"⚠ This course needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is {platform.python_version()}."
        )
    folder = datasets.data_dir()
    source = (
        f"a variant ({datasets.ENV_VAR}={folder})"
        if os.environ.get(datasets.ENV_VAR)
        else "the shipped data"
    )
    print(
        f"cmo-course {__version__} · Python {platform.python_version()} · pandas {pd.__version__} · "
        f"plotly {plotly.__version__}\nData: {source}, seed {datasets.seed_of(folder)}."
    )
