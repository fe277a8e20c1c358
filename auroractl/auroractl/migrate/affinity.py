"""SQLite's column affinity rules (https://www.sqlite.org/datatype3.html, section 3.1)."""

from __future__ import annotations

from typing import Literal

Affinity = Literal["INTEGER", "TEXT", "BLOB", "REAL", "NUMERIC"]

SMALL_INT_DECLARATIONS = ("TINYINT", "SMALLINT", "MEDIUMINT", "INT2", "INT4")
"""Declarations whose integers become PostgreSQL ``integer`` when they fit 4 bytes."""


def affinity(declared: str) -> Affinity:
    """The affinity SQLite gives a column declared with type ``declared``.

    The rules apply in order: ``INT`` anywhere → INTEGER; ``CHAR``, ``CLOB`` or ``TEXT`` →
    TEXT; ``BLOB`` or no type → BLOB; ``REAL``, ``FLOA`` or ``DOUB`` → REAL; else NUMERIC.
    """
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper.strip():
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def declared_kind(declared: str) -> str | None:
    """What the declared type name promises beyond its affinity: boolean, date or time."""
    upper = declared.upper()
    if "BOOL" in upper:
        return "boolean"
    if "TIMESTAMPTZ" in upper or "WITH TIME ZONE" in upper:
        return "timestamptz"
    if "DATETIME" in upper or "TIMESTAMP" in upper:
        return "timestamp"
    if "DATE" in upper:
        return "date"
    return None
