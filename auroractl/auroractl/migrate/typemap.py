"""Choose each column's PostgreSQL type from its declaration and its data, and convert values.

Every rule is lossless for the values in the file: when the data does not prove a narrower
type, the column becomes ``text`` (numbers in their SQLite text form) or ``bytea``.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Callable
from typing import Any

from auroractl.migrate.affinity import SMALL_INT_DECLARATIONS, affinity, declared_kind
from auroractl.migrate.profile import ColumnProfile
from auroractl.migrate.source import Column, quote

PG_TYPES = (
    "smallint",
    "integer",
    "bigint",
    "numeric",
    "double precision",
    "text",
    "bytea",
    "boolean",
    "date",
    "timestamp",
    "timestamptz",
)
"""Types ``--cast table.column=TYPE`` accepts."""

_EXACT_FLOAT_INT = 2**53
_NON_FINITE = {
    "nan": math.nan,
    "inf": math.inf,
    "+inf": math.inf,
    "infinity": math.inf,
    "+infinity": math.inf,
    "-inf": -math.inf,
    "-infinity": -math.inf,
}

Converter = Callable[[Any], Any]


class Reject(ValueError):
    """A value that cannot become the column's type (the row goes to the reject file)."""


@dataclasses.dataclass(frozen=True)
class TypeChoice:
    """The PostgreSQL type of a column and the rule that chose it."""

    pg_type: str
    rule: str


def choose(
    column: Column,
    data: ColumnProfile,
    *,
    rowid_alias: bool = False,
    cast: str | None = None,
) -> TypeChoice:
    """The PostgreSQL type for ``column`` holding ``data`` (``cast`` overrides the rules)."""
    if cast is not None:
        return TypeChoice(cast, f"--cast {cast}")
    aff = affinity(column.declared)
    kind = declared_kind(column.declared)
    declared = column.declared or "(none)"
    if rowid_alias:
        return TypeChoice("bigint", "INTEGER PRIMARY KEY is the 64-bit rowid: bigint identity")
    if data.non_null == 0:
        by_kind = {"boolean": "boolean", "date": "date", "timestamp": "timestamp"}
        by_kind["timestamptz"] = "timestamptz"
        by_affinity = {
            "INTEGER": "bigint",
            "REAL": "double precision",
            "TEXT": "text",
            "BLOB": "bytea" if column.declared else "text",
            "NUMERIC": "numeric",
        }
        pg_type = by_kind.get(kind or "", by_affinity[aff])
        return TypeChoice(pg_type, f"no values: from declared type {declared} ({aff} affinity)")
    if data.blob:
        if data.blob == data.non_null:
            return TypeChoice("bytea", "only BLOB values")
        return TypeChoice("bytea", "BLOBs mixed with other values: bytea (others as text bytes)")
    if kind == "boolean" and data.bool_only:
        return TypeChoice("boolean", f"declared {declared} and only 0/1 values")
    if kind in ("date", "timestamp", "timestamptz"):
        dated = _dates(data)
        if dated is not None:
            return dated
    numeric = _numbers(column, data)
    if numeric is not None:
        return numeric
    if data.text == data.non_null:
        return TypeChoice("text", "only text values")
    return TypeChoice("text", "text mixed with numbers: text (numbers in SQLite's text form)")


def _dates(data: ColumnProfile) -> TypeChoice | None:
    if data.date_invalid or data.text != data.non_null:
        return None
    if data.date == data.non_null:
        return TypeChoice("date", "declared date, every value is YYYY-MM-DD")
    if data.datetime == data.non_null:
        return TypeChoice("timestamp", "declared date/time, every value is ISO 8601 without zone")
    if data.datetime_tz == data.non_null:
        return TypeChoice("timestamptz", "declared date/time, every value is ISO 8601 with zone")
    return None


def _numbers(column: Column, data: ColumnProfile) -> TypeChoice | None:
    numeric_text = data.text_integer + data.text_real + data.text_non_finite
    if data.text and (affinity(column.declared) in ("TEXT", "BLOB") or data.text != numeric_text):
        return None
    if data.real == 0 and data.text_real == 0 and data.text_non_finite == 0:
        if data.text_integer:
            return TypeChoice("numeric", "integers beyond bigint (stored as text): numeric")
        upper = column.declared.upper()
        if data.int_small and any(word in upper for word in SMALL_INT_DECLARATIONS):
            return TypeChoice("integer", f"declared {column.declared}, values fit 4 bytes")
        return TypeChoice("bigint", "integers (SQLite integers are 8 bytes)")
    if data.text_integer or data.text_real:
        return None
    if data.real_integral_big and data.real_integral_big == data.real and not data.text:
        return TypeChoice("numeric", "integers beyond bigint (stored as REAL): numeric")
    exact = data.int_min is None or (
        data.int_max is not None
        and data.int_min >= -_EXACT_FLOAT_INT
        and data.int_max <= _EXACT_FLOAT_INT
    )
    if exact:
        return TypeChoice("double precision", "8-byte floats (SQLite REAL): double precision")
    return None


# ---- reading and converting values


def select_expression(column: Column, pg_type: str, data: ColumnProfile) -> str:
    """The SQLite expression that reads ``column`` for a ``pg_type`` column."""
    c = quote(column.name)
    if pg_type == "bytea":
        return f"CAST({c} AS BLOB)"
    if pg_type == "text":
        if data.text_bad_utf8:
            return f"CAST({c} AS BLOB)"
        if data.integer or data.real:
            return (
                f"CASE WHEN typeof({c}) IN ('integer', 'real') THEN CAST({c} AS TEXT) ELSE {c} END"
            )
        return c
    if pg_type == "double precision" and data.integer:
        return f"CASE WHEN typeof({c}) = 'integer' THEN CAST({c} AS REAL) ELSE {c} END"
    return c


def converter(
    pg_type: str, data: ColumnProfile, *, on_invalid_utf8: str | None, drop_nul: bool
) -> Converter | None:
    """The Python conversion of values read by :func:`select_expression` (None: none needed).

    Raises :class:`Reject` from the returned function for a value that cannot convert.
    """
    if pg_type == "text":
        steps: list[Converter] = []
        if data.text_bad_utf8:
            errors = "replace" if on_invalid_utf8 == "replace" else "strict"
            steps.append(lambda v: _decode(v, errors))
        if data.text_nul:
            steps.append(_drop_nul if drop_nul else _refuse_nul)
        if not steps:
            return None
        return _chain(steps)
    if pg_type in ("bytea", "bigint", "integer", "smallint") and not data.text and not data.real:
        return None
    if pg_type == "double precision" and not data.text:
        return None
    return _CONVERTERS[pg_type]


def _chain(steps: list[Converter]) -> Converter:
    def run(value: Any) -> Any:
        for step in steps:
            value = step(value)
        return value

    return run


def _decode(value: Any, errors: str) -> Any:
    if not isinstance(value, bytes):
        return value
    try:
        return value.decode("utf-8", errors)
    except UnicodeDecodeError as exc:
        raise Reject(f"invalid UTF-8 at byte {exc.start}") from None


def _drop_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


def _refuse_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise Reject("NUL character in text (PostgreSQL text cannot hold it; pass --drop-nul)")
    return value


def _to_int(value: Any) -> Any:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise Reject(f"{value!r} is not an integer")


def _to_float(value: Any) -> Any:
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str):
        special = _NON_FINITE.get(value.strip().lower())
        if special is not None:
            return special
        try:
            return float(value)
        except ValueError:
            pass
    raise Reject(f"{value!r} is not a number")


def _to_bool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "t", "f"):
        return value.strip().lower() in ("true", "t")
    raise Reject(f"{value!r} is not a boolean (0/1)")


def _to_datetime(value: Any) -> datetime.datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, datetime.UTC).replace(tzinfo=None)
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Reject(f"{value!r} is not an ISO 8601 date/time or Unix time")


def _to_timestamp(value: Any) -> Any:
    if value is None:
        return None
    result = _to_datetime(value)
    if result.tzinfo is not None:
        return result.astimezone(datetime.UTC).replace(tzinfo=None)
    return result


def _to_timestamptz(value: Any) -> Any:
    if value is None:
        return None
    result = _to_datetime(value)
    return result if result.tzinfo is not None else result.replace(tzinfo=datetime.UTC)


def _to_date(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise Reject(f"{value!r} is not a valid date") from None
    moment = _to_datetime(value)
    if moment.time() != datetime.time(0):
        raise Reject(f"{value!r} has a time of day (a date column would drop it)")
    return moment.date()


def _to_bytes(value: Any) -> Any:
    if value is None or isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def _to_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return _decode(value, "strict")
    return str(value)


_CONVERTERS: dict[str, Converter] = {
    "smallint": _to_int,
    "integer": _to_int,
    "bigint": _to_int,
    "numeric": _to_int,
    "double precision": _to_float,
    "boolean": _to_bool,
    "date": _to_date,
    "timestamp": _to_timestamp,
    "timestamptz": _to_timestamptz,
    "bytea": _to_bytes,
    "text": _to_text,
}
