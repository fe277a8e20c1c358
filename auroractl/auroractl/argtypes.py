"""Shared argparse pieces: bounded finite numbers and a parser whose errors are one line.

Every numeric flag of every ``auroractl`` command uses :class:`Number`, so ``nan``, ``inf``,
negative and huge values are refused by argparse itself (exit 2) with one line naming the flag,
the value and the allowed range, before any handler runs.
"""

from __future__ import annotations

import argparse
import math
import re
import urllib.parse
from typing import NoReturn

__all__ = ["AWS_REGION", "Number", "OneLineParser", "Text", "http_url"]


class Number:
    """An argparse ``type``: a finite number within ``[minimum, maximum]``.

    ``integer=True`` accepts whole numbers only (``"3"``, not ``"3.5"``) and returns ``int``.
    """

    def __init__(self, minimum: float, maximum: float, *, integer: bool = False) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.__name__ = "integer" if integer else "number"  # argparse names the type by this

    @property
    def allowed(self) -> str:
        """The allowed values, as the error message states them."""
        kind = "an integer" if self.integer else "a finite number"
        return f"{kind} from {_plain(self.minimum)} to {_plain(self.maximum)}"

    def __call__(self, text: str) -> float:
        try:
            value = int(text, 10) if self.integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {self.allowed}, got {text!r}") from None
        if not math.isfinite(value) or not self.minimum <= value <= self.maximum:
            raise argparse.ArgumentTypeError(f"expected {self.allowed}, got {text!r}")
        return value


class Text:
    """An argparse ``type``: text matching ``pattern`` in full; ``allowed`` says what that is."""

    def __init__(self, pattern: str, allowed: str) -> None:
        self.pattern = re.compile(pattern)
        self.allowed = allowed
        self.__name__ = "text"

    def __call__(self, text: str) -> str:
        if not self.pattern.fullmatch(text):
            raise argparse.ArgumentTypeError(f"expected {self.allowed}, got {text!r}")
        return text


def http_url(text: str) -> str:
    """An argparse ``type``: an ``http://`` or ``https://`` URL with a host."""
    try:
        parts = urllib.parse.urlsplit(text)
        _ = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"expected an http:// or https:// URL with a host, got {text!r}"
        )
    return text


AWS_REGION = Text(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", "an AWS region such as us-east-1")
"""Every ``--region`` flag: the shape of a region name (botocore's check, lower case)."""


def _plain(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else f"{bound:g}"


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr, exit 2 (no usage block)."""

    def error(self, message: str) -> NoReturn:
        """Print ``PROG: error: MESSAGE (see PROG --help)`` and exit 2."""
        line = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {line} (see {self.prog} --help)\n")
