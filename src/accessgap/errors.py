"""Errors that a command reports as a usage problem (exit 2) with its message, never a traceback."""


class UsageError(Exception):
    """The request cannot be carried out as asked; the message says why and what to do."""
