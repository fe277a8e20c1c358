"""Verify a table in Aurora DSQL: the PostgreSQL checksums, in queries each bounded in size.

DSQL limits what one query may use (its quotas page) and finishes no ``count(*)`` of a large
table before its transaction times out (its "considerations" page), so the whole-table window
query of :func:`auroractl.migrate.verify.pg_chunks` is not used. The rows' canonical SHA-256
(:func:`auroractl.migrate.verify.pg_row_digest`, the same SQL as for PostgreSQL) is read in key
order one page at a time, each page its own query after the last key (``ROW(keys) >
ROW(last)``, text keys in byte order, DSQL's only collation), and compared row by row with the
SQLite side's digests; a table without a key is streamed and compared as a multiset. The first
differing rows come with both sides' values, as for PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg

from auroractl.migrate.copy import spec_for
from auroractl.migrate.ddl import ident, qualified
from auroractl.migrate.model import TablePlan
from auroractl.migrate.source import open_readonly
from auroractl.migrate.verify import (
    Result,
    TableSpec,
    compare,
    multiset_differences,
    pg_row_digest,
    pg_row_values,
    sqlite_digests,
    sqlite_rows,
)

PAGE_ROWS = 20_000
"""Rows one verification query returns (a key and a 64-character digest each)."""

Rows = Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]]


def keyed_rows(conn: psycopg.Connection[Any], spec: TableSpec, page_rows: int = PAGE_ROWS) -> Rows:
    """(key, digest, ()) of the target table in key order, one bounded query per page."""
    digest = pg_row_digest(
        [(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)]
    )
    types = dict(zip(spec.pg_columns, spec.pg_types, strict=True))
    keys = [ident(k) + (' COLLATE "C"' if types.get(k) == "text" else "") for k in spec.pg_key]
    head = (
        f"SELECT {', '.join(ident(k) for k in spec.pg_key)}, {digest} "
        f"FROM {qualified(spec.schema, spec.pg_table)}"
    )
    after = f" WHERE ROW({', '.join(keys)}) > ROW({', '.join('%s' for _ in keys)})"
    tail = f" ORDER BY {', '.join(keys)} LIMIT {int(page_rows)}"
    n = len(keys)
    last: tuple[Any, ...] | None = None
    while True:
        if last is None:
            rows = conn.execute(head + tail).fetchall()
        else:
            rows = conn.execute(head + after + tail, last).fetchall()
        for row in rows:
            yield tuple(row[:n]), str(row[n]), ()
        if len(rows) < page_rows:
            return
        last = tuple(rows[-1][:n])


def unkeyed_rows(conn: psycopg.Connection[Any], spec: TableSpec) -> Rows:
    """((), digest, ()) of every row of a table without a key, streamed."""
    digest = pg_row_digest(
        [(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)]
    )
    sql = f"SELECT {digest} FROM {qualified(spec.schema, spec.pg_table)}"
    for (value,) in conn.cursor().stream(sql):
        yield (), str(value), ()


def verify_table(
    source: Path,
    conn: psycopg.Connection[Any],
    schema: str,
    table: TablePlan,
    *,
    page_rows: int = PAGE_ROWS,
) -> Result:
    """Counts and checksums of one table on both sides, with the first differing rows."""
    spec = spec_for(table, schema)
    result = Result(table=table.source.name)
    src = open_readonly(source)
    try:
        if not spec.pg_key:
            compare(sqlite_digests(src, spec), unkeyed_rows(conn, spec), result, keyed=False)
            if not result.ok:
                result.differing = 0
                multiset_differences(sqlite_rows(src, spec), unkeyed_rows(conn, spec), result)
            return result
        compare(sqlite_digests(src, spec), keyed_rows(conn, spec, page_rows), result, keyed=True)
        if result.ok:
            return result
        # the differing rows, with their values: a second pass
        detail = Result(table=result.table)
        compare(sqlite_rows(src, spec), keyed_rows(conn, spec, page_rows), detail, keyed=True)
        result.differences = detail.differences
        for difference in result.differences:
            if difference.target is not None and difference.key is not None:
                difference.target = pg_row_values(conn, spec, difference.key)
    finally:
        src.close()
    return result
