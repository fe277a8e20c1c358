"""The errors every ``auroractl`` command reports with its exit code (``auroractl.cli.main``).

Kept apart from the engine that raises them, so the CLI can catch them without importing it.
"""

from __future__ import annotations

__all__ = ["ConfigError", "ProgramError"]


class ConfigError(ValueError):
    """Invalid project or stack configuration; the message is one line, ready to print."""


class ProgramError(RuntimeError):
    """The program failed for a reason other than configuration (a bug, a duplicate URN).

    The message is one line, ``<file>:<line>: <ExceptionType>: <the program's message>``
    when the traceback passes through the program's own files; the cause is chained.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        """The program file (relative to the project directory) where it failed, if known."""
        self.line = line
