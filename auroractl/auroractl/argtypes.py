"""Shared argparse pieces: bounded finite numbers and a parser whose errors are one line.

Every numeric flag of every ``auroractl`` command uses :class:`Number`, so ``nan``, ``inf``,
negative and huge values are refused by argparse itself (exit 2) with one line naming the flag,
the value and the allowed range, before any handler runs.
"""

from __future__ import annotations

import argparse
import math
from typing import NoReturn

__all__ = ["Number", "OneLineParser"]


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


def _plain(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else f"{bound:g}"


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr, exit 2 (no usage block)."""

    def error(self, message: str) -> NoReturn:
        """Print ``PROG: error: MESSAGE (see PROG --help)`` and exit 2."""
        line = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {line} (see {self.prog} --help)\n")
