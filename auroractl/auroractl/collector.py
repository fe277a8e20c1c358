"""How often the cyclic garbage collector runs while ``auroractl`` works (no imports, so the
CLI can set it before deciding which command's modules to load)."""

from __future__ import annotations

from typing import Final

__all__ = ["PROGRAM_GC_THRESHOLD"]

#: Allocations between two young-generation collections while a program runs (CPython: 700).
PROGRAM_GC_THRESHOLD: Final = 50_000
