"""Reading the files the tools are given: one helper for text, one for JSON.

Every file ``auroractl`` reads on the user's behalf (stack outputs, policy config, CA bundle)
goes through :func:`read_text`, and every JSON document through :func:`loads_json`, so a
missing file, a directory, a permission problem, bytes that are not UTF-8, an oversized stream
or a non-finite number is one :class:`InputError` line naming the flag, the file and what is
allowed. Callers turn it into their command's bad-input error (exit 2).
"""

from __future__ import annotations

import errno
import json
import math
from pathlib import Path
from typing import Any

__all__ = ["MAX_BYTES", "InputError", "loads_json", "read_text"]

MAX_BYTES = 16 * 1024 * 1024
"""The largest file read (16 MiB): far above any real input, and bounded for /dev/zero."""


class InputError(ValueError):
    """A file or document the user gave cannot be used; the message is one printable line."""


def read_text(path: Path, what: str, *, limit: int = MAX_BYTES) -> str:
    """The UTF-8 text of ``path``; ``what`` names it in errors (e.g. ``"--outputs"``).

    Pipes such as ``<(pulumi stack output --json)`` work; at most ``limit`` bytes are read.
    """
    where = f"{what} {str(path)!r}"
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{where}: {_os_reason(exc)}; expected a readable file") from None
    if len(data) > limit:
        raise InputError(f"{where}: larger than {limit // (1024 * 1024)} MiB; expected a file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "expected a UTF-8 file"
        ) from None


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.EISDIR: "is a directory",
        errno.EACCES: "permission denied",
        errno.ENOTDIR: "a parent is not a directory",
    }
    return reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def _refuse_constant(name: str) -> Any:
    raise InputError(f"{name} is not a JSON number; numbers must be finite")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"number {text} is out of range; numbers must be finite")
    return value


def loads_json(text: str, source: str) -> Any:
    """Decode JSON, refusing ``NaN``/``Infinity`` and numbers that overflow to infinity.

    ``source`` names the document in errors (e.g. ``"--outputs 'out.json'"``).
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an over-long integer, or absurd nesting
        raise InputError(f"{source}: not usable JSON ({type(exc).__name__}: {exc})") from None
