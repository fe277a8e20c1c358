"""Copy one table's rows into PostgreSQL with ``COPY ... (FORMAT BINARY)``.

The rows are read with the plan's SQLite expressions, converted where a column needs it and
streamed in one transaction that also marks the table ``copied`` in the journal. A value that
cannot convert sends its row to the reject file (or stops the table when there is none).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TextIO

import psycopg

from auroractl.migrate.assume import Check, Unclean
from auroractl.migrate.ddl import create_table, ident, qualified
from auroractl.migrate.errors import MigrateError, usage_error
from auroractl.migrate.journal import Journal
from auroractl.migrate.model import TablePlan
from auroractl.migrate.source import open_readonly, quote
from auroractl.migrate.typemap import Reject
from auroractl.migrate.verify import SourceDigests, TableSpec, convert_row

BATCH_ROWS = 5_000
"""Rows fetched from SQLite at a time (bounds memory whatever the table's size)."""

BINARY_TYPES = {
    "smallint": "int2",
    "integer": "int4",
    "bigint": "int8",
    "numeric": "numeric",
    "double precision": "float8",
    "text": "text",
    "bytea": "bytea",
    "boolean": "bool",
    "date": "date",
    "timestamp": "timestamp",
    "timestamptz": "timestamptz",
}

Progress = Callable[[str, int], None]
"""``progress(table, rows_done_so_far)``."""

Start = Literal["create", "recreate"]

Settle = Callable[[sqlite3.Connection, Check], TablePlan]
"""Called with the source connection before an assumed table commits: the table's plan from
the profile the copy measured, or :class:`Unclean` when it differs from the assumed one."""


class Rejects:
    """The reject file: one JSON line per row that could not be converted (thread-safe)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
        self._lock = threading.Lock()
        self._fh: TextIO | None = None

    def write(self, table: str, row: tuple[Any, ...], reason: str) -> None:
        """Record a rejected row, or raise when there is no reject file."""
        if self.path is None:
            raise MigrateError(
                f"table {table}: a row cannot be converted ({reason}); pass --reject-file F to "
                "set such rows aside, or --cast / --on-invalid-utf8 / --drop-nul"
            )
        with self._lock:
            if self._fh is None:
                self._fh = self.path.open("a", encoding="utf-8")
            shown = [v.hex() if isinstance(v, bytes) else v for v in row]
            self._fh.write(
                json.dumps({"table": table, "reason": reason, "row": shown}, default=str)
            )
            self._fh.write("\n")
            self.count += 1

    def close(self) -> None:
        """Close the file."""
        if self._fh is not None:
            self._fh.close()


def spec_for(plan: TablePlan, schema: str) -> TableSpec:
    """The verification spec of a planned table."""
    names = [c.source.name for c in plan.columns]
    key = list(plan.order_key)
    return TableSpec(
        name=plan.source.name,
        sqlite_table=plan.source.name,
        sqlite_select=[c.select for c in plan.columns],
        converters=[c.convert for c in plan.columns],
        key_sqlite=[plan.column(k).select + _binary(plan, k) for k in key],
        key_positions=[names.index(k) for k in key],
        schema=schema,
        pg_table=plan.name,
        pg_columns=[c.name for c in plan.columns],
        pg_types=[c.pg_type for c in plan.columns],
        pg_key=[plan.column(k).name for k in key],
    )


def _binary(plan: TablePlan, column: str) -> str:
    return " COLLATE BINARY" if plan.column(column).pg_type in ("text", "bytea") else ""


def copy_table(
    source: Path,
    conn: psycopg.Connection[Any],
    schema: str,
    plan: TablePlan,
    journal: Journal,
    rejects: Rejects,
    progress: Progress,
    *,
    start: Start = "create",
    digests: SourceDigests | None = None,
    check: Check | None = None,
    settle: Settle | None = None,
) -> tuple[int, TablePlan]:
    """Copy ``plan``'s rows in one transaction that marks it copied; returns the rows copied and
    the table's plan (``settle``'s when the table was checked).

    The transaction creates the table (``start="recreate"``: after dropping what a killed run may
    have left), so that ``COPY ... FREEZE`` writes its rows frozen and all-visible: the index
    builds, ``ANALYZE`` and the verification that read them next set no hint bits and dirty
    no pages ([COPY](https://www.postgresql.org/docs/current/sql-copy.html)). With
    ``digests`` the rows are read in key order and each batch written is also added to the
    verification's source side. With ``check`` (a table planned from its declarations) every
    batch read is checked and converted by it before it is written, and ``settle`` is called
    before the commit; :class:`Unclean` from either rolls the table back. A row beyond what a
    PostgreSQL row holds (a page's 8160 bytes of columns that cannot be stored out of line)
    stops the run with exit 2."""
    src = open_readonly(source)
    try:
        with conn.transaction():
            if start == "recreate":
                conn.execute(f"DROP TABLE IF EXISTS {qualified(schema, plan.name)}")
            conn.execute(create_table(schema, plan))
            copied = _copy(src, conn, schema, plan, rejects, progress, digests, check)
            if settle is not None and check is not None:
                plan = settle(src, check)
            journal.mark(conn, f"table:{plan.source.name}", "copied", rows=copied)
        return copied, plan
    except psycopg.errors.ProgramLimitExceeded as exc:
        reason = (str(exc).strip().splitlines() or ["refused"])[0]
        raise usage_error(
            f"table {plan.source.name}: PostgreSQL cannot hold its rows ({reason}): "
            "split the table in SQLite"
        ) from None
    finally:
        src.close()


def _copy(
    src: sqlite3.Connection,
    conn: psycopg.Connection[Any],
    schema: str,
    plan: TablePlan,
    rejects: Rejects,
    progress: Progress,
    digests: SourceDigests | None,
    check: Check | None,
) -> int:
    table = qualified(schema, plan.name)
    if not plan.columns:
        return int(src.execute(f"SELECT count(*) FROM {quote(plan.source.name)}").fetchone()[0])
    columns = ", ".join(ident(c.name) for c in plan.columns)
    selects = ", ".join(c.select for c in plan.columns)
    convert = convert_row([c.convert for c in plan.columns])
    keys = spec_for(plan, schema).key_sqlite if digests is not None else []
    order = f" ORDER BY {', '.join(keys)}" if keys else ""
    cursor = src.execute(f"SELECT {selects} FROM {quote(plan.source.name)}{order}")
    copied = 0
    with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY, FREEZE)") as cp:
        cp.set_types([BINARY_TYPES[c.pg_type] for c in plan.columns])
        write = cp.write_row
        while batch := _fetch(cursor, check):
            if check is not None:
                rows = check.batch(batch)
            else:
                rows = batch if convert is None else _converted(batch, convert, plan, rejects)
            for row in rows:
                write(row)
            if digests is not None:
                digests.add(rows)
            copied += len(rows)
            progress(plan.source.name, copied)
    return copied


def _fetch(cursor: sqlite3.Cursor, check: Check | None) -> list[Any]:
    """The next batch; text that is not UTF-8 makes an assumed table unclean (its plan read it
    as text)."""
    try:
        return cursor.fetchmany(BATCH_ROWS)
    except sqlite3.OperationalError as exc:
        if check is None or "decode" not in str(exc):
            raise
        raise Unclean("a text value is not valid UTF-8") from None


def _converted(
    batch: list[tuple[Any, ...]],
    convert: Callable[[tuple[Any, ...]], tuple[Any, ...]],
    plan: TablePlan,
    rejects: Rejects,
) -> list[tuple[Any, ...]]:
    """The batch's rows converted; a row that cannot convert goes to the reject file."""
    rows = []
    for row in batch:
        try:
            rows.append(convert(row))
        except Reject as exc:
            rejects.write(plan.source.name, row, str(exc))
    return rows
