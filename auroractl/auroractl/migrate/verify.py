"""Verify a table on both sides: row counts and a checksum over one canonical form of each row.

Each value is written in one text form both sides can produce exactly — integers in decimal,
floats as the hex of their 8 IEEE bytes, bytes in hex, booleans ``t``/``f``, dates and times in
ISO 8601 with microseconds (UTC for ``timestamptz``) — and prefixed with its length (``N`` for
NULL). A row's digest is the MD5 of the concatenation; PostgreSQL computes it in SQL, the SQLite
side in Python from the same converted values that were copied. Rows are compared in key order
(the checksum is the MD5 of the digests in that order) and the first differing rows are kept;
a table without a key is compared as a multiset (the sum of the digests).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import sqlite3
import struct
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import psycopg

from auroractl.migrate.ddl import ident, qualified
from auroractl.migrate.source import quote
from auroractl.migrate.typemap import Reject

MAX_DIFFERENCES = 5
CHUNK_ROWS = 20_000
"""Rows per checksum chunk of a keyed table: each side sends one MD5 per chunk."""
_MOD = 1 << 128


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC).replace(tzinfo=None)


_TEXT_FORMS: dict[str, Callable[[Any], str]] = {
    "smallint": str,
    "integer": str,
    "bigint": str,
    "numeric": lambda v: str(int(v)),
    "double precision": lambda v: struct.pack(">d", v).hex(),
    "text": str,
    "bytea": lambda v: bytes(v).hex(),
    "boolean": lambda v: "t" if v else "f",
    "date": lambda v: v.isoformat(),
    "timestamp": lambda v: v.isoformat(" ", "microseconds"),
    "timestamptz": lambda v: _utc(v).isoformat(" ", "microseconds"),
}


def pg_text_form(column: str, pg_type: str) -> str:
    """The SQL expression of a column's canonical text on PostgreSQL (``column`` quoted)."""
    return {
        "double precision": f"encode(float8send({column}::float8), 'hex')",
        "bytea": f"encode({column}, 'hex')",
        "boolean": f"CASE WHEN {column} THEN 't' WHEN NOT {column} THEN 'f' END",
        "date": f"to_char({column}, 'YYYY-MM-DD')",
        "timestamp": f"to_char({column}, 'YYYY-MM-DD HH24:MI:SS.US')",
        "timestamptz": f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
        "numeric": f"trunc({column})::text",
    }.get(pg_type, f"{column}::text")


_FIXED_WIDTHS = {"double precision": 16, "boolean": 1}
"""Types whose canonical text always has the same length."""
_DATED = {"date": ("date", 10), "timestamp": ("timestamp", 26), "timestamptz": ("timestamp", 26)}
"""Types whose canonical text has one length for the years 1 to 9999: (literal type, length)."""


def pg_field(column: str, pg_type: str) -> str:
    """SQL for a column's canonical field (length, ``:``, text; ``N`` for NULL).

    The form is computed once where its length is known without it: always for floats and
    booleans, for the years 1 to 9999 for dates and times (other years, which PostgreSQL also
    holds, measure it).
    """
    form = pg_text_form(column, pg_type)
    measured = f"COALESCE(length({form}) || ':' || {form}, 'N')"
    if pg_type == "boolean":
        return f"CASE WHEN {column} THEN '1:t' WHEN NOT {column} THEN '1:f' ELSE 'N' END"
    if pg_type in _FIXED_WIDTHS:
        return f"COALESCE('{_FIXED_WIDTHS[pg_type]}:' || {form}, 'N')"
    if pg_type in _DATED:
        literal, width = _DATED[pg_type]
        value = f"({column} AT TIME ZONE 'UTC')" if pg_type == "timestamptz" else column
        return (
            f"CASE WHEN {value} >= {literal} '0001-01-01' AND {value} < {literal} '10000-01-01' "
            f"THEN '{width}:' || {form} ELSE {measured} END"
        )
    return measured


def pg_row_text(columns: list[tuple[str, str]]) -> str:
    """SQL for a row's canonical form; ``columns`` are (quoted column, type)."""
    if not columns:
        return "''"
    return " || ".join(pg_field(column, pg_type) for column, pg_type in columns)


def pg_row_digest(columns: list[tuple[str, str]]) -> str:
    """SQL for the MD5 of a row's canonical form."""
    return f"md5({pg_row_text(columns)})"


def row_digester(types: list[str]) -> Callable[[tuple[Any, ...]], str]:
    """The Python twin of :func:`pg_row_digest` for rows of already converted values."""
    forms = [_TEXT_FORMS.get(t, str) for t in types]

    def digest(row: tuple[Any, ...]) -> str:
        parts = []
        for form, value in zip(forms, row, strict=True):
            if value is None:
                parts.append("N")
            else:
                text = form(value)
                parts.append(f"{len(text)}:{text}")
        return hashlib.md5("".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()

    return digest


_PLAIN_TYPES = ("smallint", "integer", "bigint", "text", "date")
"""Types whose values render with one C-level call each (no Python code per value)."""


def column_fields(values: tuple[Any, ...], pg_type: str) -> list[str]:
    """The canonical fields of a batch of one column's converted values: the vectorised twin
    of :func:`row_digester` (floats packed in one call, plain types mapped in C)."""
    if None not in values:
        if pg_type == "double precision":
            hexed = struct.pack(f">{len(values)}d", *values).hex()
            return ["16:" + hexed[i : i + 16] for i in range(0, len(hexed), 16)]
        if pg_type in _PLAIN_TYPES:
            texts = list(map(str, values))
            return list(map("{}:{}".format, map(len, texts), texts))
    form = _TEXT_FORMS.get(pg_type, str)
    fields = []
    for value in values:
        if value is None:
            fields.append("N")
        else:
            text = form(value)
            fields.append(f"{len(text)}:{text}")
    return fields


def canonical_texts(rows: list[tuple[Any, ...]], types: list[str]) -> list[str]:
    """Each row's canonical text (as :func:`row_digester` hashes it), a batch at a time."""
    if not rows:
        return []
    fields = [column_fields(col, t) for col, t in zip(zip(*rows, strict=True), types, strict=True)]
    return list(map("".join, zip(*fields, strict=True)))


class SourceDigests:
    """The source side of a table's verification, fed by the copy with the rows it writes
    (converted values, in key order): chunk MD5s of a keyed table, the multiset sum of a table
    without a key. The table is then read once, and PostgreSQL's side stays independent."""

    def __init__(
        self, types: list[str], *, keyed: bool, key_positions: list[int] | None = None
    ) -> None:
        self.types = types
        self.keyed = keyed
        self.rows = 0
        self._key_positions = key_positions
        self.bounds: list[tuple[Any, ...]] | None = [] if key_positions is not None else None
        """The key of each chunk's first row (when ``key_positions`` are given)."""
        self._chunks: list[tuple[int, str]] = []
        self._md5 = hashlib.md5(usedforsecurity=False)
        self._in_chunk = 0
        self._sum = 0

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """Account for a batch of rows, in order."""
        texts = canonical_texts(rows, self.types)
        self.rows += len(texts)
        if not self.keyed:
            md5 = hashlib.md5
            self._sum += sum(
                int.from_bytes(md5(t.encode(), usedforsecurity=False).digest(), "big")
                for t in texts
            )
            return
        start = 0
        while start < len(texts):
            if self._in_chunk == 0 and self.bounds is not None and self._key_positions:
                self.bounds.append(tuple(rows[start][i] for i in self._key_positions))
            take = min(CHUNK_ROWS - self._in_chunk, len(texts) - start)
            self._md5.update("".join(texts[start : start + take]).encode())
            self._in_chunk += take
            start += take
            if self._in_chunk == CHUNK_ROWS:
                self._close_chunk()

    def _close_chunk(self) -> None:
        self._chunks.append((self._in_chunk, self._md5.hexdigest()))
        self._md5 = hashlib.md5(usedforsecurity=False)
        self._in_chunk = 0

    def chunks(self) -> list[tuple[int, str]]:
        """(rows, MD5) per chunk, like :func:`sqlite_chunks`."""
        if self._in_chunk:
            self._close_chunk()
        return list(self._chunks)

    def multiset(self) -> tuple[int, str]:
        """(rows, checksum), like :func:`sqlite_multiset`."""
        return self.rows, f"{self._sum % _MOD:032x}"


@dataclasses.dataclass(frozen=True)
class Side:
    """How to read one table on one side, in key order."""

    rows: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]]
    """(key, digest, values) per row; values only where cheap (the SQLite side)."""


@dataclasses.dataclass
class Difference:
    """One differing row: its key and both sides' values (None: the row is missing)."""

    key: tuple[Any, ...] | None
    source: tuple[Any, ...] | None
    target: tuple[Any, ...] | None

    def as_text(self) -> str:
        """One line."""
        where = "key " + ", ".join(map(repr, self.key)) if self.key else "row"
        if self.target is None:
            return f"{where}: missing in the target; source {self.source!r}"
        if self.source is None:
            return f"{where}: only in the target {self.target!r}"
        return f"{where}: source {self.source!r} != target {self.target!r}"


@dataclasses.dataclass
class Result:
    """A table's verification."""

    table: str
    source_rows: int = 0
    target_rows: int = 0
    source_checksum: str = ""
    target_checksum: str = ""
    differing: int = 0
    differences: list[Difference] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Counts and checksums agree."""
        return (
            self.source_rows == self.target_rows
            and self.source_checksum == self.target_checksum
            and self.differing == 0
        )

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return {
            "table": self.table,
            "verified": self.ok,
            "sourceRows": self.source_rows,
            "targetRows": self.target_rows,
            "sourceChecksum": self.source_checksum,
            "targetChecksum": self.target_checksum,
            "differingRows": self.differing,
            "firstDifferences": [d.as_text() for d in self.differences],
        }


@dataclasses.dataclass(frozen=True)
class TableSpec:
    """What verification needs of a table on both sides."""

    name: str
    sqlite_table: str
    sqlite_select: list[str]
    converters: list[Callable[[Any], Any] | None]
    key_sqlite: list[str]
    """SQLite ORDER BY expressions (empty: no key, compare as a multiset)."""
    key_positions: list[int]
    schema: str
    pg_table: str
    pg_columns: list[str]
    pg_types: list[str]
    pg_key: list[str]
    """Target column names of the key (same order as ``key_sqlite``)."""


def sqlite_rows(
    conn: sqlite3.Connection, spec: TableSpec, *, skip_rejects: bool = True
) -> Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]]:
    """(key, digest, values) of the SQLite table in key order, converted like the copy."""
    order = f" ORDER BY {', '.join(spec.key_sqlite)}" if spec.key_sqlite else ""
    cursor = conn.execute(
        f"SELECT {', '.join(spec.sqlite_select) or 'NULL'} FROM {quote(spec.sqlite_table)}{order}"
    )
    digest = row_digester(spec.pg_types)
    convert = convert_row(spec.converters)
    positions = spec.key_positions
    while batch := cursor.fetchmany(10_000):
        for raw in batch:
            try:
                row = convert(raw) if convert else raw
            except Reject:
                if skip_rejects:
                    continue
                raise
            if not spec.sqlite_select:
                row = ()
            yield tuple(row[i] for i in positions), digest(row), row


_SQL_FIELD_TYPES = ("smallint", "integer", "bigint", "text", "bytea")


def _sql_field(select: str, pg_type: str) -> str | None:
    """SQLite SQL for a column's canonical field, for types SQLite can render itself."""
    if pg_type not in _SQL_FIELD_TYPES:
        return None
    value = f"({select})"
    form = {
        "text": value,
        "bytea": f"lower(hex({value}))",
    }.get(pg_type, f"CAST({value} AS TEXT)")
    return f"CASE WHEN {value} IS NULL THEN 'N' ELSE length({form}) || ':' || {form} END"


def _python_field(
    form: Callable[[Any], str], convert: Callable[[Any], Any] | None
) -> Callable[[Any], str | None]:
    """A SQLite function rendering one value's canonical field in Python (converted like the
    copy); None for a value the copy rejects, which makes the whole row NULL."""

    def field(value: Any) -> str | None:
        if convert is not None:
            try:
                value = convert(value)
            except Reject:
                return None
        if value is None:
            return "N"
        text = form(value)
        return f"{len(text)}:{text}"

    return field


def _row_text_sql(conn: sqlite3.Connection, spec: TableSpec) -> str:
    """SQLite SQL for a row's canonical text as a blob (NULL for a row the copy rejects).

    Integer, text and bytea fields are rendered by SQLite itself; the others through a SQL
    function registered on ``conn`` (one Python call per value, no Python work per row)."""
    fields = []
    for i, (select, convert, pg_type) in enumerate(
        zip(spec.sqlite_select, spec.converters, spec.pg_types, strict=True)
    ):
        field = _sql_field(select, pg_type) if convert is None else None
        if field is None:
            name = f"aurora_field_{i}"
            conn.create_function(
                name, 1, _python_field(_TEXT_FORMS.get(pg_type, str), convert), deterministic=True
            )
            field = f"{name}({select})"
        fields.append(field)
    row = " || ".join(fields) or "''"
    return f"CAST({row} AS BLOB)"


def sqlite_texts(conn: sqlite3.Connection, spec: TableSpec) -> Iterator[list[bytes]]:
    """Batches of the canonical texts (UTF-8) of the SQLite table's rows in key order; rows
    the copy rejects are left out."""
    order = f" ORDER BY {', '.join(spec.key_sqlite)}" if spec.key_sqlite else ""
    cursor = conn.execute(
        f"SELECT {_row_text_sql(conn, spec)} FROM {quote(spec.sqlite_table)}{order}"
    )
    while batch := cursor.fetchmany(CHUNK_ROWS):
        yield [text for (text,) in batch if text is not None]


def sqlite_digests(
    conn: sqlite3.Connection, spec: TableSpec
) -> Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]]:
    """(key, digest, ()) per row in key order, keys converted like the copy (rows the copy
    rejects are left out)."""
    keys = [spec.sqlite_select[i] for i in spec.key_positions]
    converters = [spec.converters[i] for i in spec.key_positions]
    order = f" ORDER BY {', '.join(spec.key_sqlite)}" if spec.key_sqlite else ""
    columns = ", ".join([_row_text_sql(conn, spec), *keys])
    cursor = conn.execute(f"SELECT {columns} FROM {quote(spec.sqlite_table)}{order}")
    md5 = hashlib.md5
    while batch := cursor.fetchmany(CHUNK_ROWS):
        for text, *key in batch:
            if text is None:
                continue
            converted = tuple(
                f(v) if f is not None else v for f, v in zip(converters, key, strict=True)
            )
            yield converted, md5(text, usedforsecurity=False).hexdigest(), ()


def sqlite_multiset(conn: sqlite3.Connection, spec: TableSpec) -> tuple[int, str]:
    """(rows, sum of the rows' MD5s modulo 2**128) of a table without a key."""
    md5 = hashlib.md5
    total = 0
    rows = 0
    for batch in sqlite_texts(conn, spec):
        rows += len(batch)
        total += sum(
            int.from_bytes(md5(text, usedforsecurity=False).digest(), "big") for text in batch
        )
    return rows, f"{total % _MOD:032x}"


def sqlite_chunks(conn: sqlite3.Connection, spec: TableSpec) -> Iterator[tuple[int, str]]:
    """(rows, MD5 of their canonical texts) per chunk of :data:`CHUNK_ROWS` in key order."""
    pending: list[bytes] = []
    for batch in sqlite_texts(conn, spec):
        pending.extend(batch)
        while len(pending) >= CHUNK_ROWS:
            chunk, pending = pending[:CHUNK_ROWS], pending[CHUNK_ROWS:]
            yield CHUNK_ROWS, hashlib.md5(b"".join(chunk), usedforsecurity=False).hexdigest()
    if pending:
        yield len(pending), hashlib.md5(b"".join(pending), usedforsecurity=False).hexdigest()


def pg_chunks(conn: psycopg.Connection[Any], spec: TableSpec) -> list[tuple[int, str]]:
    """The PostgreSQL twin of :func:`sqlite_chunks`, computed in the server."""
    text = pg_row_text([(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)])
    types = dict(zip(spec.pg_columns, spec.pg_types, strict=True))
    order = ", ".join(
        ident(k) + (' COLLATE "C"' if types.get(k) == "text" else "") for k in spec.pg_key
    )
    sql = (
        f"SELECT count(*), md5(string_agg(t, '' ORDER BY n)) FROM (SELECT {text} AS t, "
        f"row_number() OVER (ORDER BY {order}) - 1 AS n "
        f"FROM {qualified(spec.schema, spec.pg_table)}) s "
        f"GROUP BY n / {CHUNK_ROWS} ORDER BY n / {CHUNK_ROWS}"
    )
    return [(int(rows), str(digest)) for rows, digest in conn.execute(sql)]


INTEGER_TYPES = ("smallint", "integer", "bigint")


def pg_range_chunks(
    conn: psycopg.Connection[Any], spec: TableSpec, bounds: list[tuple[Any, ...]]
) -> list[tuple[int, str]]:
    """:func:`pg_chunks` for an integer key, one query per chunk over a range of the primary
    key's index instead of a sort of the whole table: chunk ``i`` holds the keys from
    ``bounds[i]`` to ``bounds[i + 1]``, the first from the lowest key and the last to the
    highest, so that every row of the table falls in one chunk."""
    text = pg_row_text([(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)])
    names = [ident(k) for k in spec.pg_key]
    key = ", ".join(names)
    row = names[0] if len(names) == 1 else f"({key})"
    marks = "%s" if len(names) == 1 else f"({', '.join('%s' for _ in names)})"
    table = qualified(spec.schema, spec.pg_table)
    chunks = []
    for i in range(max(len(bounds), 1)):
        where = []
        params: list[Any] = []
        if i > 0:
            where.append(f"{row} >= {marks}")
            params.extend(bounds[i])
        if i + 1 < len(bounds):
            where.append(f"{row} < {marks}")
            params.extend(bounds[i + 1])
        sql = f"SELECT count(*), md5(string_agg({text}, '' ORDER BY {key})) FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        found = conn.execute(sql, params).fetchone()
        assert found is not None
        chunks.append((int(found[0]), str(found[1] or "")))
    return chunks if bounds or chunks[0][0] else []


def pg_multiset(conn: psycopg.Connection[Any], spec: TableSpec) -> tuple[int, str]:
    """The PostgreSQL twin of :func:`sqlite_multiset`, summed in the server: each MD5 is
    split into pieces of 60, 60 and 8 bits that bigint holds and numeric sums exactly."""
    digest = pg_row_digest(
        [(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)]
    )
    pieces = ", ".join(
        f"coalesce(sum(('x' || substr(d, {start}, {size}))::bit({size * 4})::bigint), 0)"
        for start, size in ((1, 15), (16, 15), (31, 2))
    )
    sql = (
        f"SELECT count(*), {pieces} FROM (SELECT {digest} AS d "
        f"FROM {qualified(spec.schema, spec.pg_table)}) s"
    )
    row = conn.execute(sql).fetchone()
    assert row is not None
    rows, high, middle, low = (int(v) for v in row)
    return rows, f"{((high << 68) + (middle << 8) + low) % _MOD:032x}"


def compare_multiset(source: tuple[int, str], target: tuple[int, str], result: Result) -> None:
    """Fill ``result`` from both sides' (rows, multiset checksum)."""
    result.source_rows, result.source_checksum = source
    result.target_rows, result.target_checksum = target


def compare_chunks(
    source: Iterator[tuple[int, str]], target: list[tuple[int, str]], result: Result
) -> None:
    """Fill ``result``'s counts and checksums from both sides' chunks; a differing chunk
    marks the table as differing (the caller then finds the rows)."""
    src = list(source)
    result.source_rows = sum(n for n, _ in src)
    result.target_rows = sum(n for n, _ in target)
    joined = hashlib.md5(usedforsecurity=False)
    for _, digest in src:
        joined.update(digest.encode())
    result.source_checksum = joined.hexdigest()
    joined = hashlib.md5(usedforsecurity=False)
    for _, digest in target:
        joined.update(digest.encode())
    result.target_checksum = joined.hexdigest()
    result.differing = sum(1 for a, b in zip(src, target, strict=False) if a != b)
    result.differing += abs(len(src) - len(target))


def convert_row(
    converters: list[Callable[[Any], Any] | None],
) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
    """A function converting one row, or None when no column needs converting."""
    active = [(i, f) for i, f in enumerate(converters) if f is not None]
    if not active:
        return None

    def run(row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i, f in active:
            values[i] = f(values[i])
        return tuple(values)

    return run


def pg_rows(
    conn: psycopg.Connection[Any], spec: TableSpec
) -> Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]]:
    """(key, digest, ()) of the PostgreSQL table in key order (text keys in byte order)."""
    digest = pg_row_digest(
        [(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)]
    )
    types = dict(zip(spec.pg_columns, spec.pg_types, strict=True))
    order_parts = [
        ident(k) + (' COLLATE "C"' if types.get(k) == "text" else "") for k in spec.pg_key
    ]
    order = f" ORDER BY {', '.join(order_parts)}" if order_parts else ""
    key_sql = "".join(f"{ident(k)}, " for k in spec.pg_key)
    sql = f"SELECT {key_sql}{digest} FROM {qualified(spec.schema, spec.pg_table)}{order}"
    n = len(spec.pg_key)
    with conn.cursor(name=f"verify_{abs(hash(spec.name))}") as cur:
        cur.itersize = 20_000
        cur.execute(sql)
        for row in cur:
            yield tuple(row[:n]), row[n], ()


def pg_row_values(
    conn: psycopg.Connection[Any], spec: TableSpec, key: tuple[Any, ...]
) -> tuple[Any, ...] | None:
    """One target row by key, for printing a difference."""
    where = " AND ".join(f"{ident(k)} = %s" for k in spec.pg_key)
    cols = ", ".join(ident(c) for c in spec.pg_columns)
    row = conn.execute(
        f"SELECT {cols} FROM {qualified(spec.schema, spec.pg_table)} WHERE {where}",
        key,
    ).fetchone()
    return tuple(row) if row is not None else None


def compare(
    source: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    target: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    result: Result,
    *,
    keyed: bool,
) -> None:
    """Merge both sides in key order (or as multisets) and fill ``result``."""
    if keyed:
        _compare_keyed(source, target, result)
    else:
        _compare_multiset(source, target, result)


def _compare_keyed(
    source: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    target: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    result: Result,
) -> None:
    src_hash = hashlib.md5(usedforsecurity=False)
    dst_hash = hashlib.md5(usedforsecurity=False)
    a = next(source, None)
    b = next(target, None)

    def differ(key: tuple[Any, ...] | None, src: tuple[Any, ...] | None, dst: bool) -> None:
        result.differing += 1
        if len(result.differences) < MAX_DIFFERENCES:
            result.differences.append(Difference(key, src, () if dst else None))

    while a is not None or b is not None:
        if a is not None and b is not None and a[0] == b[0]:
            src_hash.update(a[1].encode())
            dst_hash.update(b[1].encode())
            result.source_rows += 1
            result.target_rows += 1
            if a[1] != b[1]:
                differ(a[0], a[2], True)
            a = next(source, None)
            b = next(target, None)
        elif b is None or (a is not None and _before(a[0], b[0])):
            assert a is not None
            src_hash.update(a[1].encode())
            result.source_rows += 1
            differ(a[0], a[2], False)
            a = next(source, None)
        else:
            dst_hash.update(b[1].encode())
            result.target_rows += 1
            differ(b[0], None, True)
            b = next(target, None)
    result.source_checksum = src_hash.hexdigest()
    result.target_checksum = dst_hash.hexdigest()


def _before(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    try:
        return bool(a < b)
    except TypeError:
        return repr(a) < repr(b)


def _compare_multiset(
    source: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    target: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    result: Result,
) -> None:
    src_sum = 0
    dst_sum = 0
    for _, digest, _values in source:
        src_sum = (src_sum + int(digest, 16)) % _MOD
        result.source_rows += 1
    for _, digest, _values in target:
        dst_sum = (dst_sum + int(digest, 16)) % _MOD
        result.target_rows += 1
    result.source_checksum = f"{src_sum:032x}"
    result.target_checksum = f"{dst_sum:032x}"


def multiset_differences(
    source: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    target: Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]],
    result: Result,
) -> None:
    """After a multiset mismatch: which rows differ (holds the source digests in memory)."""
    counts: Counter[str] = Counter()
    values: dict[str, tuple[Any, ...]] = {}
    for _, digest, row in source:
        counts[digest] += 1
        values.setdefault(digest, row)
    extra = 0
    for _, digest, _row in target:
        if counts[digest] > 0:
            counts[digest] -= 1
        else:
            extra += 1
    missing = [d for d, n in counts.items() for _ in range(n)]
    result.differing = len(missing) + extra
    for digest in missing[:MAX_DIFFERENCES]:
        result.differences.append(Difference(None, values[digest], None))
    if extra and len(result.differences) < MAX_DIFFERENCES:
        result.differences.append(Difference(None, None, (f"{extra} row(s) not in the source",)))
