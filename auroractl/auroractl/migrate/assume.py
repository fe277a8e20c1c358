"""Plan a table from its declarations, and check while it is copied that its data agrees.

``check`` profiles every value in SQL before it decides anything (:mod:`profile`). ``run``
instead assumes that each column holds what its declaration says — integers in an INTEGER
column, ISO dates in a DATE column — plans the table from the profile such data would give,
and checks every batch the copy reads against that assumption. The copy's transaction
commits only when the check holds and the profile measured on the way plans the table exactly
as assumed; otherwise it rolls back, and the table is profiled in full and copied again.

The check is stricter than the profile, never looser: for data it accepts, the profile it
measures equals what :func:`profile.profile_table` reports (``test_assume.py`` checks this on
generated tables).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, Literal

from auroractl.migrate.affinity import SMALL_INT_DECLARATIONS, affinity, declared_kind
from auroractl.migrate.profile import ColumnProfile
from auroractl.migrate.source import Column, Table

Kind = Literal["int", "int4", "bool", "float", "text", "bytes", "date", "timestamp"]

_BEYOND_BIGINT = 9.2233720368547758e18
_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIMESTAMP = _DATE + "[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,6})?"
_DATES = re.compile(f"{_DATE}(?:\n{_DATE})*")
_TIMESTAMPS = re.compile(f"{_TIMESTAMP}(?:\n{_TIMESTAMP})*")
_ISO: dict[str, tuple[re.Pattern[str], Callable[[str], object]]] = {
    "date": (_DATES, datetime.date.fromisoformat),
    "timestamp": (_TIMESTAMPS, datetime.datetime.fromisoformat),
}
_PYTHON_TYPES: dict[Kind, type] = {
    "int": int,
    "int4": int,
    "bool": int,
    "float": float,
    "text": str,
    "bytes": bytes,
    "date": str,
    "timestamp": str,
}


class Unclean(Exception):
    """The data is not what the table was planned for (the copy rolls back)."""


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What one column is assumed to hold."""

    column: str
    kind: Kind
    not_null: bool
    """A primary-key column: a NULL would turn the key into a unique index."""


def expectation(table: Table, column: Column) -> Expectation | None:
    """The assumption for ``column``, or None when its declaration promises too little (no
    type, NUMERIC, a time zone): such a table is profiled before it is copied."""
    kind = _kind(column)
    if kind is None:
        return None
    not_null = bool(column.pk) or column.name == table.rowid_alias
    return Expectation(column.name, kind, not_null)


def _kind(column: Column) -> Kind | None:
    aff = affinity(column.declared)
    kind = declared_kind(column.declared)
    if kind == "boolean":
        return "bool" if aff in ("NUMERIC", "INTEGER") else None
    if kind == "date":
        return "date" if aff in ("NUMERIC", "TEXT") else None
    if kind == "timestamp":
        return "timestamp" if aff in ("NUMERIC", "TEXT") else None
    if kind is not None:
        return None
    if aff == "INTEGER":
        upper = column.declared.upper()
        return "int4" if any(word in upper for word in SMALL_INT_DECLARATIONS) else "int"
    if aff == "REAL":
        return "float"
    if aff == "TEXT":
        return "text"
    return "bytes" if aff == "BLOB" and column.declared else None


def expectations(table: Table, casts: dict[tuple[str, str], str]) -> list[Expectation] | None:
    """One expectation per copied column, or None when the table must be profiled first (a
    column without one, or a ``--cast`` on the table)."""
    if any(name == table.name for name, _ in casts):
        return None
    found = [expectation(table, c) for c in table.copied_columns]
    if any(e is None for e in found):
        return None
    return [e for e in found if e is not None]


def assumed_profile(expected: Expectation) -> ColumnProfile:
    """The profile of a column holding the values 0 and 1 of the expected kind (one value of
    the others)."""
    return _profile(expected.kind, non_null=1, null=0, low=0, high=1)


def _profile(
    kind: Kind, *, non_null: int, null: int, low: Any = None, high: Any = None
) -> ColumnProfile:
    """What :func:`profile.profile_table` reports of a column of ``kind`` holding ``non_null``
    values (integers from ``low`` to ``high``) and ``null`` NULLs."""
    if kind in ("int", "int4", "bool"):
        return ColumnProfile(
            integer=non_null,
            null=null,
            int_min=low,
            int_max=high,
            int_small=low is None or (low >= -(2**31) and high < 2**31),
            bool_only=low is not None and low >= 0 and high <= 1,
        )
    return {
        "float": ColumnProfile(real=non_null, null=null),
        "text": ColumnProfile(text=non_null, null=null),
        "bytes": ColumnProfile(blob=non_null, null=null),
        "date": ColumnProfile(text=non_null, null=null, date=non_null),
        "timestamp": ColumnProfile(text=non_null, null=null, datetime=non_null),
    }[kind]


class Check:
    """Checks the rows a copy reads (in the plan's column order) against the expectations and
    measures the profile they give; raises :class:`Unclean` at the first disagreement."""

    def __init__(self, expected: Sequence[Expectation]) -> None:
        self.expected = list(expected)
        self.rows = 0
        self._non_null = [0] * len(self.expected)
        self._low: list[Any] = [None] * len(self.expected)
        self._high: list[Any] = [None] * len(self.expected)

    def batch(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Check one batch, whole columns at a time (no Python code per value); returns its
        rows with dates, times and booleans as the Python values COPY writes (the plan's
        converters, for the values these columns may hold)."""
        if not rows:
            return rows
        self.rows += len(rows)
        # one map() per column: zip(*rows) over thousands of rows is several times slower
        columns: list[Sequence[Any]] = [
            list(map(itemgetter(i), rows)) for i in range(len(self.expected))
        ]
        converted = False
        for i, (expected, values) in enumerate(zip(self.expected, columns, strict=True)):
            present = values if None not in values else [v for v in values if v is not None]
            if len(present) != len(values) and expected.not_null:
                raise Unclean(f"column {expected.column} has a NULL in the primary key")
            if not present:
                continue
            self._non_null[i] += len(present)
            types = set(map(type, present))
            if types != {_PYTHON_TYPES[expected.kind]}:
                names = ", ".join(sorted(t.__name__ for t in types))
                raise Unclean(f"column {expected.column} holds {names} values")
            values_now = self._values(i, expected, present)
            if values_now is not None:
                columns[i] = values_now if present is values else _with_nulls(values, values_now)
                converted = True
        return list(zip(*columns, strict=True)) if converted else rows

    def _values(self, i: int, expected: Expectation, present: Sequence[Any]) -> list[Any] | None:
        column = expected.column
        if expected.kind in ("int", "int4", "bool"):
            low, high = min(present), max(present)
            if self._low[i] is not None:
                low, high = min(low, self._low[i]), max(high, self._high[i])
            self._low[i], self._high[i] = low, high
            if expected.kind == "int4" and not (low >= -(2**31) and high < 2**31):
                raise Unclean(f"column {column} holds integers beyond 4 bytes")
            if expected.kind == "bool":
                if not (low >= 0 and high <= 1):
                    raise Unclean(f"column {column} holds integers other than 0 and 1")
                return list(map(bool, present))
        elif expected.kind == "float":
            total = sum(present)
            if total != total or max(map(abs, present)) >= _BEYOND_BIGINT:
                raise Unclean(f"column {column} holds NaN, an infinity or a float beyond bigint")
        elif expected.kind == "text":
            if "\x00" in "".join(present):
                raise Unclean(f"column {column} holds a NUL character")
        elif expected.kind in ("date", "timestamp"):
            pattern, parse = _ISO[expected.kind]
            try:
                if pattern.fullmatch("\n".join(present)) is None:
                    raise ValueError
                # also the calendar, which the pattern does not know
                return list(map(parse, present))
            except ValueError:
                raise Unclean(
                    f"column {column} holds values that are not ISO {expected.kind}s"
                ) from None
        return None

    def profiles(self) -> dict[str, ColumnProfile]:
        """The profile of each column as measured (what :func:`profile.profile_table` gives for
        the same rows)."""
        return {
            e.column: _profile(
                e.kind,
                non_null=self._non_null[i],
                null=self.rows - self._non_null[i],
                low=self._low[i],
                high=self._high[i],
            )
            for i, e in enumerate(self.expected)
        }


def _with_nulls(values: Sequence[Any], present: list[Any]) -> list[Any]:
    """``values`` with its non-NULL values replaced, in order, by ``present``."""
    replaced = iter(present)
    return [None if v is None else next(replaced) for v in values]
