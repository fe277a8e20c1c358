"""Stack outputs: read a ``pulumi stack output --json`` document and derive the app environment."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from auroractl.inputs import InputError, loads_json, read_text
from auroractl.ops.errors import ExitCode, OpsError, usage_error

ENV_KEYS = (
    "DATABASE_HOST",
    "DATABASE_PORT",
    "DATABASE_NAME",
    "DATABASE_SSL",
    "DATABASE_MAX_CONNECTIONS",
    "DATABASE_SECRET_ARN",
)
"""The keys of the stack's ``env`` output, in the order they are printed."""
IAM_ENV_KEYS = ENV_KEYS[:4]
"""The keys an ``env`` with ``DATABASE_AUTH=iam`` must hold (Aurora DSQL: a token, no secret,
no pool size)."""

SECRET_PLACEHOLDER = "[secret]"
"""How ``pulumi stack output --json`` prints a secret output without ``--show-secrets``."""

FORBIDDEN_ENV_KEYS = frozenset({"DATABASE_PASSWORD", "DATABASE_URL", "PGPASSWORD"})
"""Keys that would carry a password; the stack must never export them (nor any key holding
PASSWORD), whatever their case or surrounding whitespace."""

ENV_KEY = re.compile(r"[A-Z_][A-Z0-9_]*")
"""What an ``env`` key must match in full: a portable shell variable name."""

DEFAULT_PORT = "5432"
"""The port when neither ``--port`` nor the outputs give one."""


def is_secret_key(key: str) -> bool:
    """Whether ``key`` names a password, ignoring case and whitespace."""
    name = "".join(key.split()).upper()
    return name in FORBIDDEN_ENV_KEYS or "PASSWORD" in name


def load_outputs(stack: str, outputs_file: Path | None) -> dict[str, Any]:
    """Read stack outputs from ``outputs_file``, or from ``pulumi stack output --json -s stack``.

    Raises :class:`OpsError` (exit 2) when the file is missing or not a JSON object, or when no
    file is given and the ``pulumi`` CLI is not on PATH or fails.
    """
    try:
        if outputs_file is not None:
            source = f"--outputs {str(outputs_file)!r}"
            text = read_text(outputs_file, "--outputs")
        else:
            source = f"`pulumi stack output --json -s {stack}`"
            text = _run_pulumi(stack)
        data = loads_json(text, source)
    except InputError as exc:
        raise usage_error(str(exc)) from None
    if not isinstance(data, dict):
        raise usage_error(
            f"{source} must be a JSON object of stack outputs, got {type(data).__name__}"
        )
    return data


def _run_pulumi(stack: str) -> str:
    exe = shutil.which("pulumi")
    if exe is None:
        raise usage_error(
            "the pulumi CLI is not on PATH: install it, or pass --outputs FILE written by "
            f"`pulumi stack output --json -s {stack} > FILE`"
        )
    try:
        done = subprocess.run(
            [exe, "stack", "output", "--json", "-s", stack],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise usage_error(f"`pulumi stack output --json -s {stack}` failed: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise usage_error(
            f"`pulumi stack output --json -s {stack}` exited {done.returncode}: {last}"
        )
    return done.stdout


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_dsql_host(host: str) -> bool:
    """Whether ``host`` is an Aurora DSQL endpoint (``<id>.dsql.<region>.on.aws``)."""
    labels = host.lower().rstrip(".").split(".")
    return len(labels) >= 5 and labels[-2:] == ["on", "aws"] and labels[-4] == "dsql"


def declared_auth(env: dict[str, str]) -> str:
    """The ``--auth`` mode a stack's ``env`` declares: ``DATABASE_AUTH=iam`` is ``dsql`` on an
    Aurora DSQL host (the DsqlCluster component's env) and ``iam`` (RDS IAM) elsewhere;
    anything else, or no ``env``, is ``secret``."""
    if env.get("DATABASE_AUTH") != "iam":
        return "secret"
    return "dsql" if is_dsql_host(env.get("DATABASE_HOST", "")) else "iam"


def app_env(outputs: dict[str, Any]) -> dict[str, str]:
    """The application environment from the stack's ``env`` output, its required keys first
    (six, or four with ``DATABASE_AUTH=iam``).

    Raises :class:`OpsError` (exit 2) naming what is missing or malformed. Extra keys of ``env``
    (for example a DSQL region) are kept, sorted after the six.
    """
    if "env" not in outputs:
        raise usage_error(
            "stack outputs have no 'env' output (expected a map with "
            f"{', '.join(ENV_KEYS)}); outputs present: {', '.join(sorted(outputs)) or 'none'}"
        )
    env = outputs["env"]
    if env == SECRET_PLACEHOLDER:
        raise usage_error(
            "output 'env' is marked secret; write the outputs with "
            "`pulumi stack output --json --show-secrets` and pass them with --outputs"
        )
    if not isinstance(env, dict):
        raise usage_error(f"output 'env' must be a map of strings, got {type(env).__name__}")
    required = IAM_ENV_KEYS if env.get("DATABASE_AUTH") == "iam" else ENV_KEYS
    missing = [key for key in required if key not in env or env[key] in (None, "")]
    if missing:
        raise usage_error(
            f"output 'env' lacks {', '.join(missing)}; it must hold {', '.join(required)}"
        )
    forbidden = sorted(key for key in env if is_secret_key(key))
    if forbidden:
        raise usage_error(
            f"output 'env' contains {', '.join(map(repr, forbidden))}; a stack must never export "
            "a password (use DATABASE_SECRET_ARN)"
        )
    for key in env:
        if not ENV_KEY.fullmatch(key):
            raise usage_error(
                f"output 'env' key {key!r} is not a valid variable name; keys must match "
                "[A-Z_][A-Z0-9_]*"
            )
    result: dict[str, str] = {}
    for key in [*required, *sorted(k for k in env if k not in required)]:
        value = env[key]
        if isinstance(value, dict | list):
            raise usage_error(
                f"output 'env' key {key} must be a string, got {type(value).__name__}"
            )
        text = _scalar(value)
        if text == SECRET_PLACEHOLDER:
            raise usage_error(
                f"output 'env' key {key} is '[secret]'; write the outputs with "
                "`pulumi stack output --json --show-secrets`"
            )
        if not _encodable(text):
            raise usage_error(f"output 'env' key {key} is not valid Unicode text")
        result[key] = text
    _check_integer(result, "DATABASE_PORT", 1, 65535)
    if "DATABASE_MAX_CONNECTIONS" in result:
        _check_integer(result, "DATABASE_MAX_CONNECTIONS", 1, 1_000_000)
    return result


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. JSON "\ud800"
        return False
    return True


def _check_integer(env: dict[str, str], key: str, low: int, high: int) -> None:
    text = env[key]
    if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
        raise usage_error(
            f"output 'env' key {key} must be an integer from {low} to {high}, got {text!r}"
        )


def output_str(outputs: dict[str, Any], key: str) -> str | None:
    """A scalar stack output as text, or None when absent/null."""
    value = outputs.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dict | list):
        raise OpsError(
            ExitCode.USAGE, f"output {key!r} must be a scalar, got {type(value).__name__}"
        )
    return _scalar(value)
