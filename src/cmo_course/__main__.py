"""`python -m cmo_course` runs the `cmo-course` command."""

import sys

from .cli import main

sys.exit(main())
