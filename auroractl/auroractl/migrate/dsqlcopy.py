"""Copy one table into Aurora DSQL in batches, each committed under DSQL's transaction limits.

Rows are read in the source's key order (rowid, or the primary key of a ``WITHOUT ROWID``
table). A batch closes at :data:`~auroractl.migrate.dsql.BATCH_ROWS` rows or at
:data:`~auroractl.migrate.dsql.BATCH_BYTES` estimated bytes, whichever comes first, and is
written with ``COPY ... FROM STDIN`` (text format, as psql's ``\\copy``) in one transaction that
also records in the journal the rows copied so far and the last source key. DSQL has no
``TRUNCATE``: a resumed table continues after that key, so no row is written twice. A row
over DSQL's 2 MiB, or with a value over its 1 MiB, goes to the reject file like a row that
cannot convert.
Serialization failures (SQLSTATE 40001, DSQL's optimistic concurrency) retry the batch.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from auroractl.migrate import dsql
from auroractl.migrate.copy import Progress, Rejects
from auroractl.migrate.ddl import ident, qualified
from auroractl.migrate.errors import MigrateError
from auroractl.migrate.journal import Journal
from auroractl.migrate.model import TablePlan
from auroractl.migrate.source import open_readonly, quote
from auroractl.migrate.typemap import Reject
from auroractl.migrate.verify import convert_row

FETCH_ROWS = 5_000
"""Rows fetched from SQLite at a time."""
RETRIES = 5
"""Attempts of one batch after a serialization failure."""
ROW_OVERHEAD = 24
"""Bytes added to each row's estimate (tuple header, key)."""

Key = tuple[Any, ...]
Sleep = Callable[[float], None]


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one batch may hold."""

    rows: int = dsql.BATCH_ROWS
    bytes: int = dsql.BATCH_BYTES
    row_bytes: int = dsql.MAX_ROW_BYTES
    value_bytes: int = dsql.MAX_VALUE_BYTES


def estimate(values: tuple[Any, ...]) -> int:
    """Bytes a row stores, estimated from its converted values."""
    return ROW_OVERHEAD + sum(_size(v) for v in values)


def _size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, float | datetime.date) or (
        isinstance(value, int) and -(2**63) <= value < 2**63
    ):
        return 8
    return len(str(value))  # numeric beyond bigint, Decimal


def too_large(values: tuple[Any, ...], limits: Limits) -> str | None:
    """Why DSQL cannot store a row (a value or the row over its limit), or None."""
    sizes = [_size(v) for v in values]
    if sizes and max(sizes) > limits.value_bytes:
        return (
            f"a value of {max(sizes)} bytes: Aurora DSQL values hold at most "
            f"{limits.value_bytes} bytes"
        )
    total = ROW_OVERHEAD + sum(sizes)
    if total > limits.row_bytes:
        return f"row of about {total} bytes: Aurora DSQL rows hold at most {limits.row_bytes} bytes"
    return None


def key_columns(plan: TablePlan) -> list[str]:
    """SQLite expressions of the key the copy advances along."""
    if plan.source.without_rowid:
        return [quote(c) for c in plan.source.primary_key]
    return ["rowid"]


def encode_key(key: Key) -> str:
    """The journal's text form of a source key (bytes as hex)."""
    return json.dumps([{"hex": v.hex()} if isinstance(v, bytes) else v for v in key])


def decode_key(text: str) -> Key:
    """The inverse of :func:`encode_key`."""
    return tuple(bytes.fromhex(v["hex"]) if isinstance(v, dict) else v for v in json.loads(text))


def source_query(plan: TablePlan, after: Key | None) -> tuple[str, tuple[Any, ...]]:
    """SQLite query of the key and the copied columns, in key order, after ``after``."""
    keys = key_columns(plan)
    selects = [c.select for c in plan.columns]
    where = ""
    params: tuple[Any, ...] = ()
    if after is not None:
        marks = ", ".join("?" for _ in keys)
        where = f" WHERE ({', '.join(keys)}) > ({marks})"
        params = tuple(after)
    sql = (
        f"SELECT {', '.join(keys + selects)} FROM {quote(plan.source.name)}{where} "
        f"ORDER BY {', '.join(keys)}"
    )
    return sql, params


def copy_table(
    source: Path,
    conn: psycopg.Connection[Any],
    schema: str,
    plan: TablePlan,
    journal: Journal,
    rejects: Rejects,
    progress: Progress,
    *,
    resume: tuple[str, int | None, str | None] | None = None,
    limits: Limits | None = None,
    sleep: Sleep = time.sleep,
) -> int:
    """Copy ``plan``'s rows (after the journal's key when resuming); returns the table's rows."""
    src = open_readonly(source)
    try:
        writer = _Writer(conn, schema, plan, journal, rejects, progress, limits or Limits(), sleep)
        return writer.run(src, resume)
    finally:
        src.close()


class _Writer:
    def __init__(
        self,
        conn: psycopg.Connection[Any],
        schema: str,
        plan: TablePlan,
        journal: Journal,
        rejects: Rejects,
        progress: Progress,
        limits: Limits,
        sleep: Sleep,
    ) -> None:
        self.conn = conn
        self.plan = plan
        self.journal = journal
        self.rejects = rejects
        self.progress = progress
        self.limits = limits
        self.sleep = sleep
        self.item = f"table:{plan.source.name}"
        columns = ", ".join(ident(c.name) for c in plan.columns)
        self.copy_sql = f"COPY {qualified(schema, plan.name)} ({columns}) FROM STDIN"
        self.copied = 0

    def run(
        self, src: sqlite3.Connection, resume: tuple[str, int | None, str | None] | None
    ) -> int:
        after = None
        if resume is not None and resume[0] == "copying" and resume[2]:
            after = decode_key(resume[2])
            self.copied = int(resume[1] or 0)
        name = self.plan.source.name
        if not self.plan.columns:
            (count,) = src.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()
            self.copied = int(count)
            self._commit([], None, final=True)
            return self.copied
        sql, params = source_query(self.plan, after)
        cursor = src.execute(sql, params)
        width = len(key_columns(self.plan))
        convert = convert_row([c.convert for c in self.plan.columns])
        batch: list[tuple[Any, ...]] = []
        size = 0
        last = after
        while rows := cursor.fetchmany(FETCH_ROWS):
            for raw in rows:
                key, values = tuple(raw[:width]), tuple(raw[width:])
                if convert is not None:
                    try:
                        values = convert(values)
                    except Reject as exc:
                        self.rejects.write(name, values, str(exc))
                        last = key
                        continue
                refused = too_large(values, self.limits)
                if refused is not None:
                    self.rejects.write(name, values, refused)
                    last = key
                    continue
                bytes_ = estimate(values)
                if batch and (len(batch) >= self.limits.rows or size + bytes_ > self.limits.bytes):
                    self._commit(batch, last, final=False)
                    batch, size = [], 0
                batch.append(values)
                size += bytes_
                last = key
        self._commit(batch, last, final=True)
        return self.copied

    def _commit(self, batch: list[tuple[Any, ...]], last: Key | None, *, final: bool) -> None:
        """One transaction: the batch and the journal's progress (``copied`` when final)."""
        rows = self.copied + len(batch)
        state = "copied" if final else "copying"
        detail = None if final or last is None else encode_key(last)
        delay = 0.5
        for attempt in range(1, RETRIES + 1):
            try:
                with self.conn.transaction():
                    if batch:
                        with self.conn.cursor().copy(self.copy_sql) as cp:
                            for row in batch:
                                cp.write_row(row)
                    self.journal.mark(self.conn, self.item, state, rows=rows, detail=detail)
                break
            except psycopg.errors.SerializationFailure as exc:
                if attempt == RETRIES:
                    reason = (str(exc).strip().splitlines() or ["conflict"])[0]
                    raise MigrateError(
                        f"table {self.plan.source.name}: a batch conflicted {RETRIES} times "
                        f"({reason}); run again with --resume"
                    ) from None
                self.sleep(delay)
                delay *= 2
        self.copied = rows
        self.progress(self.plan.source.name, rows)
