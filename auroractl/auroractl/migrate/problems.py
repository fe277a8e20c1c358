"""What the data holds that PostgreSQL would refuse or change, each with its resolution."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

from auroractl.migrate.affinity import affinity, declared_kind
from auroractl.migrate.profile import ColumnProfile, sample
from auroractl.migrate.source import Column, Table, quote


@dataclasses.dataclass(frozen=True)
class Problem:
    """One finding: where, how many, a sample and what ``run`` does about it.

    ``blocking`` problems stop ``run`` until the named ``flag`` is given.
    """

    kind: str
    table: str
    column: str | None
    count: int
    key: str
    sample: str
    resolution: str
    blocking: bool = False
    flag: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return dataclasses.asdict(self)

    def as_text(self) -> str:
        """One line."""
        where = self.table + (f".{self.column}" if self.column else "")
        count = f" ({self.count} rows)" if self.count else ""
        at = f" e.g. {self.key}: {self.sample}" if self.key else ""
        mark = "BLOCKING " if self.blocking else ""
        return f"{mark}{self.kind} in {where}{count}{at} -> {self.resolution}"


@dataclasses.dataclass(frozen=True)
class Flags:
    """The user's choices for problems without a lossless automatic resolution."""

    on_invalid_utf8: str | None = None
    drop_nul: bool = False


def column_problems(
    conn: sqlite3.Connection,
    table: Table,
    column: Column,
    data: ColumnProfile,
    pg_type: str,
    flags: Flags,
    cast: bool,
) -> list[Problem]:
    """The data problems of one column, given the type chosen for it."""
    c = quote(column.name)
    found: list[Problem] = []

    def add(kind: str, count: int, where: str, value: str, resolution: str, **kw: Any) -> None:
        key, shown = sample(conn, table, where, value)
        found.append(Problem(kind, table.name, column.name, count, key, shown, resolution, **kw))

    aff = affinity(column.declared)
    if aff in ("INTEGER", "REAL", "NUMERIC"):
        numeric_text = data.text_integer + data.text_real + data.text_non_finite
        misfits = data.text - numeric_text + data.blob
        where = f"typeof({c}) = 'blob' OR (typeof({c}) = 'text' AND CAST({c} AS REAL) || '' = '0.0'"
        where += f" AND trim({c}) GLOB '*[^0-9.eE+-]*')"
    elif aff == "TEXT":
        misfits = data.blob + data.integer + data.real
        where = f"typeof({c}) IN ('blob', 'integer', 'real')"
    else:
        misfits = 0
        where = "0"
    widened = pg_type in ("text", "bytea") and declared_kind(column.declared) is None
    if misfits and widened and not cast:
        add(
            "value does not fit the column's affinity",
            misfits,
            where,
            f"CAST({c} AS BLOB)" if data.text_bad_utf8 else c,
            f"column becomes {pg_type} (lossless); or --cast {table.name}.{column.name}=TYPE",
        )
    big = data.real_integral_big + data.text_integer_big
    if big:
        add(
            "integer beyond bigint",
            big,
            f"abs({c}) >= 9.2233720368547758e18 AND typeof({c}) IN ('real', 'text')",
            f"CAST({c} AS TEXT)",
            f"column becomes {pg_type}" + (" (lossless)" if pg_type in ("numeric", "text") else ""),
        )
    non_finite = data.real_non_finite + data.text_non_finite
    if non_finite:
        add(
            "NaN or infinity",
            non_finite,
            f"(typeof({c}) = 'real' AND abs({c}) >= 9e999) OR (typeof({c}) = 'text' AND "
            f"lower(trim({c})) IN ('nan', 'inf', '-inf', 'infinity', '-infinity'))",
            c,
            f"{pg_type} keeps it"
            + (" ('NaN', 'Infinity', '-Infinity')" if pg_type == "double precision" else ""),
        )
    if data.text_bad_utf8 and pg_type in ("text", "bytea"):
        resolution = {
            "replace": "invalid bytes replaced by U+FFFD (--on-invalid-utf8 replace)",
            "reject": "rows rejected into --reject-file (--on-invalid-utf8 reject)",
        }.get(flags.on_invalid_utf8 or "")
        add(
            "invalid UTF-8",
            data.text_bad_utf8,
            f"typeof({c}) = 'text' AND aurora_utf8_invalid(CAST({c} AS BLOB))",
            f"CAST({c} AS BLOB)",
            resolution
            if resolution and pg_type == "text"
            else "bytes kept (bytea)"
            if pg_type == "bytea"
            else "pass --on-invalid-utf8 replace|reject, or --cast "
            f"{table.name}.{column.name}=bytea",
            blocking=pg_type == "text" and resolution is None,
            flag="--on-invalid-utf8",
        )
    if data.text_nul and pg_type == "text":
        add(
            "NUL character in text",
            data.text_nul,
            f"typeof({c}) = 'text' AND instr({c}, char(0)) > 0",
            f"CAST({c} AS BLOB)",
            "NUL characters dropped (--drop-nul)"
            if flags.drop_nul
            else "PostgreSQL text cannot hold NUL: pass --drop-nul, or --cast "
            f"{table.name}.{column.name}=bytea",
            blocking=not flags.drop_nul,
            flag="--drop-nul",
        )
    kind = declared_kind(column.declared)
    if kind in ("date", "timestamp", "timestamptz") and pg_type == "text" and data.non_null:
        formats = sum(
            1 for n in (data.date, data.datetime, data.datetime_tz, data.integer + data.real) if n
        )
        other = data.non_null - data.date - data.datetime - data.datetime_tz
        other -= data.integer + data.real
        add(
            "dates in mixed formats" if formats + (other > 0) > 1 else "dates not in ISO 8601",
            data.non_null,
            f"{c} IS NOT NULL",
            c,
            f"column becomes text (lossless); --cast {table.name}.{column.name}=timestamp "
            "parses ISO 8601 and Unix times",
        )
    if column.pk and not table.without_rowid and table.rowid_alias is None and data.null:
        add(
            "NULL in primary key",
            data.null,
            f"{c} IS NULL",
            c,
            "the primary key becomes a unique index (PostgreSQL keys cannot be NULL)",
        )
    return found


def foreign_key_problems(conn: sqlite3.Connection, table: Table) -> list[Problem]:
    """Rows whose foreign keys point at no parent row (SQLite enforces them only when asked)."""
    counts: dict[int, int] = {}
    first: dict[int, Any] = {}
    for _t, rowid, _parent, fk_id in conn.execute(f"PRAGMA foreign_key_check({quote(table.name)})"):
        counts[fk_id] = counts.get(fk_id, 0) + 1
        first.setdefault(fk_id, rowid)
    found = []
    for fk_id in sorted(counts):
        fk = table.foreign_keys[fk_id] if fk_id < len(table.foreign_keys) else None
        cols = ", ".join(fk.columns) if fk else f"key {fk_id}"
        parent = fk.parent if fk else "?"
        key = f"rowid={first[fk_id]!r}" if first[fk_id] is not None else ""
        found.append(
            Problem(
                "foreign key violated by the data",
                table.name,
                cols,
                counts[fk_id],
                key,
                f"no row in {parent}",
                "created NOT VALID (checked for new rows only); fix the rows, then "
                "ALTER TABLE ... VALIDATE CONSTRAINT",
            )
        )
    return found
