"""Exit codes and the one exception type the ops commands raise.

Every failure an operator can meet is an :class:`OpsError` carrying one printable line and its
exit code; the CLI prints the line and exits without a traceback.
"""

from __future__ import annotations

import enum
import json
import sys


class ExitCode(enum.IntEnum):
    """Documented exit codes of ``env``, ``health`` and ``audit`` (README, "Exit codes")."""

    OK = 0
    """Success: healthy, or an audit with no mandatory finding."""
    FAILED = 1
    """``audit``: at least one mandatory finding. ``health``: the server answered with an
    unclassified database error (for example a missing database)."""
    USAGE = 2
    """Bad input: a flag, a file (outputs, policy config, CA bundle) or the pulumi CLI is
    missing or invalid."""
    DNS = 3
    """The database host name does not resolve."""
    REFUSED = 4
    """Nothing listens on host:port (connection refused) after every retry."""
    TIMEOUT = 5
    """Connecting timed out, or a query went unanswered for ``--statement-timeout``, after
    every retry or at ``--deadline`` (network path blocked, still resuming, or a hung server)."""
    TLS = 6
    """TLS could not be established or verified (plain server, wrong CA, host name mismatch)."""
    AUTH = 7
    """The server rejected the credentials (password, IAM token or pg_hba rule)."""
    SECRET_MISSING = 8
    """The Secrets Manager secret does not exist, is deleted, or lacks username/password."""
    ACCESS_DENIED = 9
    """AWS refused the caller (IAM or KMS), or no AWS credentials were found."""
    AWS_ERROR = 10
    """The AWS API could not be reached or failed in an unclassified way."""


class OpsError(Exception):
    """A failure with one printable line (never a secret) and the exit code to leave with."""

    def __init__(self, code: ExitCode, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind or code.name.lower()


def usage_error(message: str) -> OpsError:
    """An :class:`OpsError` for bad input (exit 2)."""
    return OpsError(ExitCode.USAGE, message, kind="usage")


def report(prefix: str, err: OpsError, *, as_json: bool = False) -> int:
    """Print a failure and return its exit code: with ``as_json`` one JSON object on stdout
    (``status``, ``error``, ``exitCode``, ``message``), always one line on stderr."""
    if as_json:
        document = {
            "status": "error",
            "error": err.kind,
            "exitCode": int(err.code),
            "message": err.message,
        }
        print(json.dumps(document), file=sys.stdout)
    print(f"{prefix}: error: {err.message}", file=sys.stderr)
    return int(err.code)
