"""Errors a user can act on, kept apart from bugs.

Every exception raised for bad input (a corrupt file, a locked catalogue, missing
weights, an unknown category...) derives from :class:`UserError`. The command line
prints its message and exits with its ``exit_code``; the GUI shows it in a message
box. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` says what and how."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class NotFoundError(UserError):
    """An image, category or run that does not exist."""

    exit_code = 3


class ConflictError(UserError):
    """Somebody else changed the same thing first; nothing of ours was written."""

    exit_code = 4


class CatalogueUnavailableError(UserError):
    """The catalogue cannot be opened or written: locked, read-only, newer, full disk."""

    exit_code = 5


class CancelledError(Exception):
    """A long job stopped because ``should_stop`` asked it to. Not an error for the user."""
