"""Exit codes of ``auroractl migrate``: those of ``health`` plus verification and data classes.

0 done and verified (``check``: the file moves as is), 1 verification failed or (``check``)
the file needs a flag before it can move, 2 bad input, 3-10 the connection and AWS classes of
:class:`auroractl.ops.errors.ExitCode`.
"""

from __future__ import annotations

from auroractl.ops.errors import ExitCode, OpsError, usage_error

__all__ = ["ExitCode", "MigrateError", "OpsError", "usage_error"]


class MigrateError(OpsError):
    """A migration step the target refused (exit 1), with the table or object it concerns."""

    def __init__(self, message: str) -> None:
        super().__init__(ExitCode.FAILED, message, kind="migrate")
