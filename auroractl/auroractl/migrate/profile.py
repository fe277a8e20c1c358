"""Measure what a SQLite table's columns really hold: one scan per table, in SQL.

SQLite stores any value in any column (https://www.sqlite.org/datatype3.html), so the
PostgreSQL type is chosen from these counts, not from the declared type alone.
"""

from __future__ import annotations

import dataclasses
import sqlite3

from auroractl.migrate.affinity import affinity, declared_kind
from auroractl.migrate.source import Column, Table, quote

INT64_MAX = 2**63 - 1

_D = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_DT = _D + "[ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
_NON_FINITE_TEXT = ("nan", "inf", "-inf", "infinity", "-infinity", "+inf", "+infinity")


@dataclasses.dataclass(frozen=True)
class ColumnProfile:
    """Counts of what one column holds (``date_*`` only for date-typed declarations)."""

    integer: int = 0
    real: int = 0
    text: int = 0
    blob: int = 0
    null: int = 0
    int_min: int | None = None
    int_max: int | None = None
    int_small: bool = True
    """Every integer fits PostgreSQL's 4-byte integer."""
    real_integral_big: int = 0
    """Integral reals beyond bigint (SQLite stores such integers as REAL)."""
    real_non_finite: int = 0
    text_integer: int = 0
    """Text values that are integer literals."""
    text_integer_big: int = 0
    """... beyond bigint."""
    text_real: int = 0
    """Text values that are decimal literals (not integers)."""
    text_non_finite: int = 0
    """Text spelling NaN or an infinity."""
    text_nul: int = 0
    text_bad_utf8: int = 0
    bool_only: bool = False
    """Only the integers 0 and 1 (with NULLs)."""
    date: int = 0
    datetime: int = 0
    datetime_tz: int = 0
    date_invalid: int = 0

    @property
    def non_null(self) -> int:
        """Values that are not NULL."""
        return self.integer + self.real + self.text + self.blob


def _utf8_invalid(value: bytes | None) -> int:
    if value is None or value.isascii():
        return 0
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return 1
    return 0


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the profile needs (``aurora_utf8_invalid(blob)``)."""
    conn.create_function("aurora_utf8_invalid", 1, _utf8_invalid, deterministic=True)


def _first(column: Column) -> dict[str, str]:
    """The first pass: non-NULL values, their smallest and largest, and the integers. SQLite
    orders numbers before text before blobs, so the storage classes of the smallest and
    largest value bound the classes present."""
    c = quote(column.name)
    return {
        "count": f"count({c})",
        # the values only when numeric (text could be invalid UTF-8: not fetched)
        "min": f"CASE WHEN typeof(min({c})) = 'integer' THEN min({c}) END",
        "max": f"CASE WHEN typeof(max({c})) = 'integer' THEN max({c}) END",
        "min_class": f"typeof(min({c}))",
        "max_class": f"typeof(max({c}))",
        "integer": f"sum(typeof({c}) = 'integer')",
    }


def _classes(first: dict[str, object]) -> dict[str, object] | None:
    """Storage-class counts and integer range from the first pass; None when the column mixes
    numbers, text and blobs (the second pass then counts them)."""
    count = int(first["count"] or 0)  # type: ignore[call-overload]
    integer = int(first["integer"] or 0)  # type: ignore[call-overload]
    low, high = first["min_class"], first["max_class"]
    base: dict[str, object] = {"integer": 0, "real": 0, "text": 0, "blob": 0}
    if count == 0:
        return base | {"int_min": None, "int_max": None}
    numeric = ("integer", "real")
    if low in numeric and high in numeric:
        real = count - integer
        if real:
            return None if integer else base | {"real": real, "int_min": None, "int_max": None}
        return base | {"integer": integer, "int_min": first["min"], "int_max": first["max"]}
    if low == high and low in ("text", "blob"):
        return base | {str(low): count, "int_min": None, "int_max": None}
    return None


def _mixed(column: Column) -> dict[str, str]:
    """Second-pass counts of a column whose classes the first pass could not tell apart."""
    c = quote(column.name)
    return {
        "integer": f"sum(typeof({c}) = 'integer')",
        "real": f"sum(typeof({c}) = 'real')",
        "text": f"sum(typeof({c}) = 'text')",
        "blob": f"sum(typeof({c}) = 'blob')",
        "int_min": f"min(CASE WHEN typeof({c}) = 'integer' THEN {c} END)",
        "int_max": f"max(CASE WHEN typeof({c}) = 'integer' THEN {c} END)",
    }


def _expressions(column: Column, classes: dict[str, object]) -> dict[str, str]:
    """The second pass: one aggregate per measure of the storage classes the column holds
    (``classes``, from the first pass). SQLite evaluates both sides of AND in a result
    column, so type-specific tests sit inside CASE (which short-circuits): they run only on
    the values of that storage class."""
    c = quote(column.name)

    def when(kind: str, test: str) -> str:
        return f"sum(CASE WHEN typeof({c}) = '{kind}' THEN ({test}) ELSE 0 END)"

    exprs: dict[str, str] = {}
    if classes.get("real"):
        exprs |= {
            "real_integral_big": when(
                "real",
                f"abs({c}) >= 9.2233720368547758e18 AND abs({c}) < 9e999 AND {c} = round({c})",
            ),
            "real_non_finite": when("real", f"abs({c}) >= 9e999"),
        }
    if not classes.get("text"):
        return exprs
    exprs |= {
        # length() counts the characters before the first NUL: a text as long in characters
        # as in bytes has none, and instr() (a slower walk) runs only on the others
        "text_nul": when(
            "text",
            f"CASE WHEN length({c}) = length(CAST({c} AS BLOB)) THEN 0 "
            f"ELSE instr({c}, char(0)) > 0 END",
        ),
        # a Python call per text value is several times faster than any SQL prefilter (GLOB
        # with a character class walks the string character by character)
        "text_bad_utf8": when("text", f"aurora_utf8_invalid(CAST({c} AS BLOB))"),
    }
    kind = declared_kind(column.declared)
    if affinity(column.declared) in ("INTEGER", "REAL", "NUMERIC") and kind is None:
        # text that survived a numeric affinity: integers beyond 64 bits, NaN, or not a number
        integer_literal = f"ltrim({c}, '+-') <> '' AND ltrim({c}, '+-') NOT GLOB '*[^0-9]*'"
        exprs |= {
            "text_integer": when("text", integer_literal),
            "text_integer_big": when(
                "text",
                f"{integer_literal} AND length(ltrim({c}, '+-0')) >= 19 AND CAST({c} AS INTEGER) "
                "IN (9223372036854775807, -9223372036854775808)",
            ),
            "text_real": when(
                "text",
                f"NOT ({integer_literal}) AND {c} GLOB '*[0-9]*' AND "
                f"trim({c}) NOT GLOB '*[^0-9.eE+-]*'",
            ),
            "text_non_finite": when(
                "text",
                f"lower(trim({c})) IN ({', '.join(repr(t) for t in _NON_FINITE_TEXT)})",
            ),
        }
    if kind in ("date", "timestamp", "timestamptz"):
        frac = f"(length({c}) = 19 OR (substr({c}, 20, 1) = '.' AND substr({c}, 21) <> '' "
        frac += f"AND substr({c}, 21) NOT GLOB '*[^0-9]*'))"
        tz = f"({c} GLOB '{_DT}*Z' OR {c} GLOB '{_DT}*[+-][0-9][0-9]:[0-9][0-9]')"
        exprs |= {
            "date": when("text", f"{c} GLOB '{_D}' AND length({c}) = 10"),
            "datetime": when("text", f"{c} GLOB '{_DT}*' AND {frac}"),
            "datetime_tz": when("text", tz),
            "date_invalid": when(
                "text",
                f"{c} GLOB '{_D}*' AND (date({c}) IS NULL OR date({c}) <> substr({c}, 1, 10))",
            ),
        }
    return exprs


def _aggregate(
    conn: sqlite3.Connection, table: Table, measures: dict[str, dict[str, str]]
) -> tuple[dict[str, dict[str, object]], int]:
    """Evaluate ``measures`` (column -> name -> aggregate) and ``count(*)``: one scan, or one
    per group of aggregates when a wide table has more than a result row may hold
    (``SQLITE_LIMIT_COLUMN``, https://www.sqlite.org/limits.html)."""
    names: list[tuple[str, str]] = []
    parts: list[str] = []
    for column_name, exprs in measures.items():
        for key, expr in exprs.items():
            names.append((column_name, key))
            parts.append(expr)
    per_scan = conn.getlimit(sqlite3.SQLITE_LIMIT_COLUMN) - 1  # count(*) takes one
    row: list[object] = []
    for start in range(0, max(len(parts), 1), per_scan):
        group = [*parts[start : start + per_scan], "count(*)"]
        found = conn.execute(f"SELECT {', '.join(group)} FROM {quote(table.name)}").fetchone()
        row.extend(found[:-1])
    values: dict[str, dict[str, object]] = {name: {} for name in measures}
    for (column_name, key), value in zip(names, row, strict=True):
        values[column_name][key] = value
    return values, int(found[-1])


def profile_table(conn: sqlite3.Connection, table: Table) -> tuple[dict[str, ColumnProfile], int]:
    """Profiles of every copied column of ``table`` and its row count.

    At most two scans: the storage classes first (:func:`_first`), then only the tests of the
    classes each column holds — an integer column needs no text or real tests, and most
    columns hold one class."""
    columns = table.copied_columns
    firsts, rows = _aggregate(conn, table, {c.name: _first(c) for c in columns})
    known = {c.name: _classes(firsts[c.name]) for c in columns}
    second: dict[str, dict[str, str]] = {}
    for column in columns:
        classes = known[column.name]
        exprs = _expressions(column, classes or {"real": 1, "text": 1})
        second[column.name] = exprs if classes is not None else _mixed(column) | exprs
    values: dict[str, dict[str, object]] = {c.name: dict(known[c.name] or {}) for c in columns}
    if any(second.values()):
        more, _ = _aggregate(conn, table, {k: v for k, v in second.items() if v})
        for name, raw in more.items():
            values[name] |= raw
    result = {}
    for column in columns:
        raw = values[column.name]
        lo, hi = raw.pop("int_min"), raw.pop("int_max")
        assert lo is None or isinstance(lo, int)
        assert hi is None or isinstance(hi, int)
        counts = {k: int(v or 0) for k, v in raw.items()}  # type: ignore[call-overload]
        counts["null"] = rows - counts["integer"] - counts["real"] - counts["text"]
        counts["null"] -= counts["blob"]
        small = lo is None or hi is None or (lo >= -(2**31) and hi < 2**31)
        others = counts["real"] + counts["text"] + counts["blob"]
        bool_only = lo is not None and hi is not None and lo >= 0 and hi <= 1 and others == 0
        result[column.name] = ColumnProfile(
            int_min=lo, int_max=hi, int_small=small, bool_only=bool_only, **counts
        )
    return result, rows


def sample(conn: sqlite3.Connection, table: Table, where: str, value: str) -> tuple[str, str]:
    """The first row matching ``where``: its key (rowid, or the primary key of a WITHOUT ROWID
    table) as text and ``value`` (an SQL expression) shown with :func:`repr`, cut to 60 chars."""
    key = table.primary_key if table.without_rowid else ("rowid",)
    key_sql = ", ".join(quote(k) if k != "rowid" else "rowid" for k in key)
    row = conn.execute(
        f"SELECT {key_sql}, {value} FROM {quote(table.name)} WHERE {where} LIMIT 1"
    ).fetchone()
    if row is None:
        return "", ""
    key_text = ", ".join(f"{k}={v!r}" for k, v in zip(key, row[: len(key)], strict=True))
    shown = repr(row[len(key)])
    return key_text, shown if len(shown) <= 60 else shown[:57] + "..."
