"""``auroractl env``: the application's DATABASE_* environment from stack outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TextIO

from auroractl.ops.aws import AwsContext
from auroractl.ops.defaults import FORMATS
from auroractl.ops.errors import usage_error
from auroractl.ops.outputs import app_env, load_outputs
from auroractl.ops.secrets import fetch_credentials

RESOLVE_WARNING = (
    "warning: --resolve-secret writes DATABASE_USERNAME and DATABASE_PASSWORD to stdout for "
    "local use only; do not commit, paste or log this output. Applications read the secret "
    "named by DATABASE_SECRET_ARN at run time."
)

_SAFE = re.compile(r"[A-Za-z0-9_./:@%+,=-]*")
"""Characters a POSIX shell takes literally in an assignment's value."""


def dotenv_line(key: str, value: str) -> str:
    """``KEY=value``, single-quoted (shell style) when the value has other characters.

    ``key`` has been checked (:data:`~auroractl.ops.outputs.ENV_KEY`); sourcing the line in a
    POSIX shell sets exactly ``value``, whatever it holds (newlines, ``$(…)``, quotes).
    """
    if _SAFE.fullmatch(value):
        return f"{key}={value}"
    return f"{key}='" + value.replace("'", "'\"'\"'") + "'"


def render(env: dict[str, str], fmt: str) -> str:
    """``env`` as dotenv lines or a JSON object (key order kept), with a final newline."""
    if fmt == "json":
        return json.dumps(env, indent=2) + "\n"
    if fmt == "dotenv":
        for key, value in env.items():
            if "\0" in value:
                raise usage_error(
                    f"{key} holds a NUL character, which no shell variable can hold; "
                    "use --format json"
                )
        return "".join(dotenv_line(k, v) + "\n" for k, v in env.items())
    raise usage_error(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def build_env(
    *,
    stack: str,
    outputs_file: Path | None,
    resolve_secret: bool,
    aws: AwsContext,
    stderr: TextIO,
) -> dict[str, str]:
    """The environment for ``stack``; with ``resolve_secret`` also username and password.

    The warning goes to ``stderr`` before the secret is read. Raises :class:`OpsError`.
    """
    env = app_env(load_outputs(stack, outputs_file))
    if resolve_secret:
        print(RESOLVE_WARNING, file=stderr, flush=True)
        creds = fetch_credentials(aws, env["DATABASE_SECRET_ARN"])
        env["DATABASE_USERNAME"] = creds.username
        env["DATABASE_PASSWORD"] = creds.password
    return env
