"""``migrate export``: a PostgreSQL schema into a new SQLite file, verified like ``run``.

The file is written as ``TARGET.db.partial`` and renamed when complete, so a failed export
leaves no half-written TARGET. Verification reads the new file back through the same plan
machinery as ``run`` (each column cast to its PostgreSQL type) and compares every row.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

from auroractl.migrate.ddl import ident, qualified
from auroractl.migrate.errors import usage_error
from auroractl.migrate.journal import JOURNAL_TABLE
from auroractl.migrate.plan import build
from auroractl.migrate.runner import RunReport, TableReport, verify_table
from auroractl.migrate.source import open_readonly, quote
from auroractl.migrate.target import Target

BATCH_ROWS = 5_000

# PostgreSQL type name -> (SQLite declared type, verification type)
_TYPES = {
    "int2": ("SMALLINT", "smallint"),
    "int4": ("INTEGER", "integer"),
    "int8": ("BIGINT", "bigint"),
    "float4": ("REAL", "double precision"),
    "float8": ("REAL", "double precision"),
    "bool": ("BOOLEAN", "boolean"),
    "text": ("TEXT", "text"),
    "varchar": ("VARCHAR", "text"),
    "bpchar": ("CHAR", "text"),
    "bytea": ("BLOB", "bytea"),
    "date": ("DATE", "date"),
    "timestamp": ("TIMESTAMP", "timestamp"),
    "timestamptz": ("TIMESTAMPTZ", "timestamptz"),
}


@dataclasses.dataclass(frozen=True)
class _Column:
    name: str
    declared: str
    verify_type: str
    select: str
    notnull: bool


@dataclasses.dataclass(frozen=True)
class _Table:
    name: str
    columns: list[_Column]
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]]
    indexes: list[tuple[str, bool, list[str]]]


def export(source: Target, path: Path, *, schema: str, tables: list[str] | None) -> RunReport:
    """Copy ``schema`` (or ``tables`` of it) into a new SQLite file at ``path`` and verify it."""
    if path.exists():
        raise usage_error(f"TARGET.db {str(path)!r} exists: export writes a new file only")
    if not path.parent.is_dir():
        raise usage_error(f"TARGET.db {str(path)!r}: directory {str(path.parent)!r} is missing")
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    conn = source.connect(autocommit=True)
    report = RunReport(target=str(path), schema=schema)
    try:
        conn.execute("SET TimeZone = 'UTC'")
        found = _tables(conn, schema, tables)
        out = sqlite3.connect(partial)
        try:
            out.execute("PRAGMA journal_mode = OFF")
            out.execute("PRAGMA synchronous = OFF")
            for table in found:
                out.execute(_create(table))
                rows = _copy(conn, out, schema, table)
                report.tables.append(TableReport(name=table.name, target=table.name, rows=rows))
            for table in found:
                for name, unique, cols in table.indexes:
                    out.execute(
                        f"CREATE {'UNIQUE ' if unique else ''}INDEX {quote(name)} ON "
                        f"{quote(table.name)} ({', '.join(quote(c) for c in cols)})"
                    )
            out.commit()
        finally:
            out.close()
        os.replace(partial, path)
        _verify(conn, path, schema, found, report)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    report.source_bytes = path.stat().st_size if path.exists() else 0
    report.seconds = time.perf_counter() - started
    return report


def _tables(conn: psycopg.Connection[Any], schema: str, only: list[str] | None) -> list[_Table]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND c.relname <> %s "
            "ORDER BY c.oid",
            (schema, JOURNAL_TABLE),
        )
    ]
    if not names:
        raise usage_error(f"--schema {schema!r}: no tables to export")
    if only:
        unknown = [t for t in only if t not in names]
        if unknown:
            raise usage_error(f"--tables: no table {', '.join(map(repr, unknown))} in {schema!r}")
        names = [n for n in names if n in only]
    return [_table(conn, schema, name) for name in names]


def _table(conn: psycopg.Connection[Any], schema: str, name: str) -> _Table:
    rel = qualified(schema, name)
    cols = conn.execute(
        "SELECT a.attname, t.typname, a.attnotnull FROM pg_attribute a "
        "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = %s::regclass "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        (rel,),
    ).fetchall()
    pk = [
        r[0]
        for r in conn.execute(
            "SELECT a.attname FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY k(n, o) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY k.o",
            (rel,),
        )
    ]
    columns = []
    for col_name, typname, notnull in cols:
        declared, verify_type = _TYPES.get(typname, ("TEXT", "text"))
        select = ident(col_name)
        if typname == "numeric":
            row = conn.execute(
                f"SELECT coalesce(bool_and({ident(col_name)} = trunc({ident(col_name)})), true) "
                f"FROM {rel}"
            ).fetchone()
            integral = bool(row and row[0])
            declared, verify_type = ("NUMERIC", "numeric") if integral else ("TEXT", "text")
            select = select if integral else f"{select}::text"
        elif typname not in _TYPES:
            select = f"{select}::text"
        if pk == [col_name] and typname in ("int2", "int4", "int8"):
            declared = "INTEGER"
        columns.append(_Column(col_name, declared, verify_type, select, bool(notnull)))
    fks = []
    for cols_, parent, parent_cols in conn.execute(
        "SELECT array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN "
        "pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), "
        "c.confrelid::regclass::text, array(SELECT attname FROM unnest(c.confkey) WITH "
        "ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n "
        "ORDER BY k.o) FROM pg_constraint c WHERE c.conrelid = %s::regclass AND c.contype = 'f'",
        (rel,),
    ):
        fks.append((list(cols_), parent.split(".")[-1].strip('"'), list(parent_cols)))
    indexes = []
    for index_name, unique, index_cols in conn.execute(
        "SELECT ic.relname, i.indisunique, array(SELECT attname FROM unnest(i.indkey) WITH "
        "ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n "
        "ORDER BY k.o) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND i.indexprs IS NULL "
        "AND i.indpred IS NULL AND 0 <> ALL (i.indkey) ORDER BY ic.relname",
        (rel,),
    ):
        indexes.append((index_name, bool(unique), list(index_cols)))
    return _Table(name, columns, pk, fks, indexes)


def _create(table: _Table) -> str:
    lines = []
    for col in table.columns:
        parts = [quote(col.name), col.declared]
        if table.primary_key == [col.name] and col.declared == "INTEGER":
            parts.append("PRIMARY KEY")
        elif col.notnull:
            parts.append("NOT NULL")
        lines.append(" ".join(parts))
    if table.primary_key and not (
        len(table.primary_key) == 1 and _column(table, table.primary_key[0]).declared == "INTEGER"
    ):
        lines.append(f"PRIMARY KEY ({', '.join(quote(c) for c in table.primary_key)})")
    for cols, parent, parent_cols in table.foreign_keys:
        lines.append(
            f"FOREIGN KEY ({', '.join(quote(c) for c in cols)}) REFERENCES {quote(parent)} "
            f"({', '.join(quote(c) for c in parent_cols)})"
        )
    without_rowid = ""
    return f"CREATE TABLE {quote(table.name)} ({', '.join(lines)}){without_rowid}"


def _column(table: _Table, name: str) -> _Column:
    return next(c for c in table.columns if c.name == name)


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        value = int(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return str(value)  # SQLite stores it as REAL under NUMERIC affinity, as it did before
    return value


def _copy(
    conn: psycopg.Connection[Any], out: sqlite3.Connection, schema: str, table: _Table
) -> int:
    cols = ", ".join(c.select for c in table.columns)
    insert = f"INSERT INTO {quote(table.name)} VALUES ({', '.join('?' for _ in table.columns)})"
    copied = 0
    with conn.transaction(), conn.cursor(name=f"export_{abs(hash(table.name))}") as cur:
        cur.itersize = BATCH_ROWS
        cur.execute(f"SELECT {cols} FROM {qualified(schema, table.name)}")
        while batch := cur.fetchmany(BATCH_ROWS):
            out.executemany(insert, [tuple(_value(v) for v in row) for row in batch])
            copied += len(batch)
    return copied


def _verify(
    conn: psycopg.Connection[Any], path: Path, schema: str, tables: list[_Table], report: RunReport
) -> None:
    casts = {(t.name, c.name): c.verify_type for t in tables for c in t.columns}
    src = open_readonly(path)
    try:
        plan = build(src, casts=casts, tables=[t.name for t in tables], check_foreign_keys=False)
    finally:
        src.close()
    by_name = {t.name: t for t in report.tables}
    for table_plan in plan.tables:
        exact = dataclasses.replace(
            table_plan,
            name=table_plan.source.name,
            columns=tuple(dataclasses.replace(c, name=c.source.name) for c in table_plan.columns),
        )
        by_name[table_plan.source.name].verification = verify_table(path, conn, schema, exact)
