"""Stack outputs: read a ``pulumi stack output --json`` document and derive the app environment."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

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

SECRET_PLACEHOLDER = "[secret]"
"""How ``pulumi stack output --json`` prints a secret output without ``--show-secrets``."""

FORBIDDEN_ENV_KEYS = frozenset({"DATABASE_PASSWORD", "DATABASE_URL", "PGPASSWORD"})
"""Keys that would carry a password; the stack must never export them."""


def load_outputs(stack: str, outputs_file: Path | None) -> dict[str, Any]:
    """Read stack outputs from ``outputs_file``, or from ``pulumi stack output --json -s stack``.

    Raises :class:`OpsError` (exit 2) when the file is missing or not a JSON object, or when no
    file is given and the ``pulumi`` CLI is not on PATH or fails.
    """
    if outputs_file is not None:
        try:
            text = outputs_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise usage_error(
                f"--outputs {str(outputs_file)!r} cannot be read: {exc.strerror}"
            ) from None
        source = f"--outputs {str(outputs_file)!r}"
    else:
        text = _run_pulumi(stack)
        source = f"`pulumi stack output --json -s {stack}`"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise usage_error(f"{source} is not JSON: {exc.msg} at line {exc.lineno}") from None
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


def app_env(outputs: dict[str, Any]) -> dict[str, str]:
    """The application environment from the stack's ``env`` output, six keys first.

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
    missing = [key for key in ENV_KEYS if key not in env or env[key] in (None, "")]
    if missing:
        raise usage_error(
            f"output 'env' lacks {', '.join(missing)}; it must hold {', '.join(ENV_KEYS)}"
        )
    forbidden = sorted(FORBIDDEN_ENV_KEYS.intersection(env))
    if forbidden:
        raise usage_error(
            f"output 'env' contains {', '.join(forbidden)}; a stack must never export a "
            "password (use DATABASE_SECRET_ARN)"
        )
    result: dict[str, str] = {}
    for key in [*ENV_KEYS, *sorted(k for k in env if k not in ENV_KEYS)]:
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
        result[key] = text
    return result


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
