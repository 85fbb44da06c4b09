"""What every command shares: its error, and finding the course checkout."""

from __future__ import annotations

from pathlib import Path


class CommandError(Exception):
    """A command failed for a reason the user can act on; the message says what to do."""


def checkout_root() -> Path:
    """The course checkout around the current folder, or a CommandError saying where to run."""
    from cmo_course.authoring.checkout import CourseError, find_root

    try:
        return find_root()
    except CourseError as error:
        raise CommandError(str(error)) from None
