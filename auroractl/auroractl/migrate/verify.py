"""Verify a table on both sides: row counts and a checksum over one canonical form of each row.

A row's canonical text is its fields in column order, each in one text form both sides produce
exactly, with nothing between them:

- integers, floats, dates and times: the hex digits of PostgreSQL's binary (``send``) form —
  ``smallint``, ``integer``, ``bigint`` as 2, 4, 8 big-endian two's-complement bytes (4, 8, 16
  digits), ``double precision`` as its 8 IEEE bytes, ``date`` as 4 bytes of days since
  2000-01-01, ``timestamp`` and ``timestamptz`` as 8 bytes of microseconds since 2000-01-01
  00:00 (UTC for ``timestamptz``); every value PostgreSQL holds has its own digits, the years
  outside 1 to 9999 and the infinities included;
- ``boolean``: ``t`` or ``f``;
- ``text`` (and any other type as its text): its length in UTF-8 bytes, ``:``, the text;
  ``bytea``: its length in bytes, ``:``, its bytes in hex; ``numeric`` (integers beyond
  ``bigint``): the length, ``:``, the decimal digits;
- NULL: ``N``.

A field of fixed width starts with a hex digit, ``t`` or ``f``, a measured one with a digit,
NULL with ``N``: a row's text splits back into its fields one way only. PostgreSQL computes the
texts in SQL, the SQLite side in Python from the same converted values that were copied (for
``migrate verify`` and a resumed table, from the rows read again and converted the same way).
Rows are compared in
key order: the rows are cut into chunks of :data:`CHUNK_ROWS`, each side computes the SHA-256
of each chunk's texts (UTF-8), and the checksum is the SHA-256 of the chunk digests; the first
differing rows are then found row by row. A table without a key is compared as a multiset: the
sum, modulo 2**64, of the first 8 bytes (big-endian) of each row's SHA-256, so that a
duplicated row counts twice.
"""

from __future__ import annotations

import binascii
import dataclasses
import datetime
import hashlib
import operator
import sqlite3
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, repeat
from typing import Any

import psycopg

from auroractl.migrate.ddl import ident, qualified
from auroractl.migrate.source import quote
from auroractl.migrate.typemap import Reject

MAX_DIFFERENCES = 5
CHUNK_ROWS = 20_000
"""Rows per checksum chunk of a keyed table: each side sends one digest per chunk."""
_READ_ROWS = 5_000
"""Rows read from SQLite at a time when verification reads it again."""
_MOD = 1 << 64
"""The multiset checksum's modulus."""
_sha256 = hashlib.sha256

_EPOCH = datetime.datetime(2000, 1, 1)
_EPOCH_UTC = _EPOCH.replace(tzinfo=datetime.UTC)
_EPOCH_DAY = _EPOCH.toordinal()
_MICROSECOND = datetime.timedelta(microseconds=1)


def _days(values: Iterable[Any]) -> Iterator[int]:
    return map(operator.sub, map(datetime.date.toordinal, values), repeat(_EPOCH_DAY))


def _micros(values: Iterable[Any], epoch: datetime.datetime) -> Iterator[int]:
    return map(operator.floordiv, map(operator.sub, values, repeat(epoch)), repeat(_MICROSECOND))


_SENT: dict[str, tuple[str, str, Callable[[Iterable[Any]], Iterable[Any]]]] = {
    "smallint": ("h", "int2send", iter),
    "integer": ("i", "int4send", iter),
    "bigint": ("q", "int8send", iter),
    "double precision": ("d", "float8send", iter),
    "date": ("i", "date_send", _days),
    "timestamp": ("q", "timestamp_send", lambda v: _micros(v, _EPOCH)),
    "timestamptz": ("q", "timestamptz_send", lambda v: _micros(v, _EPOCH_UTC)),
}
"""Types written as the hex of PostgreSQL's binary form: (``struct`` code, PostgreSQL send
function, the numbers ``struct`` packs from a column's values)."""


def _sent_hex(columns: Sequence[Sequence[Any]], types: Sequence[str]) -> list[str]:
    """The hex of adjacent fields of :data:`_SENT` types (columns of the same length, without
    NULLs), one string per row, packed in one ``struct`` call."""
    if not columns[0]:
        return []
    row_format = ">" + "".join(_SENT[t][0] for t in types)
    numbers = [_SENT[t][2](column) for column, t in zip(columns, types, strict=True)]
    values = chain.from_iterable(zip(*numbers, strict=True)) if len(numbers) > 1 else numbers[0]
    packed = struct.pack(row_format[0] + row_format[1:] * len(columns[0]), *values)
    return packed.hex(",", struct.calcsize(row_format)).split(",")


def _measured(text: str) -> str:
    return f"{len(text) if text.isascii() else len(text.encode())}:{text}"


_ONE_VALUE: dict[str, Callable[[Any], Any]] = {
    "date": lambda v: v.toordinal() - _EPOCH_DAY,
    "timestamp": lambda v: (v - _EPOCH) // _MICROSECOND,
    "timestamptz": lambda v: (v - _EPOCH_UTC) // _MICROSECOND,
}
"""The number ``struct`` packs from one value of a :data:`_SENT` type, where it is not the
value itself."""


def _field(pg_type: str) -> Callable[[Any], str]:
    """One (non-NULL) value's canonical field."""
    if pg_type in _SENT:
        pack = struct.Struct(">" + _SENT[pg_type][0]).pack
        number = _ONE_VALUE.get(pg_type)
        if number is None:
            return lambda v: pack(v).hex()
        return lambda v: pack(number(v)).hex()
    if pg_type == "boolean":
        return lambda v: "t" if v else "f"
    if pg_type == "bytea":
        return lambda v: f"{len(v)}:{bytes(v).hex()}"
    if pg_type == "numeric":
        return lambda v: _measured(str(int(v)))
    return lambda v: _measured(str(v))


def _octets(text: str, utf8: bool) -> str:
    """SQL for the length in UTF-8 bytes of a text (``utf8``: the database's encoding)."""
    return f"octet_length({text})" if utf8 else f"octet_length(convert_to({text}, 'UTF8'))"


def pg_field(column: str, pg_type: str, *, utf8: bool = True) -> str:
    """SQL for a column's canonical field (``column`` quoted; ``utf8``: the database's
    encoding is UTF-8)."""
    field = _pg_unless_null(column, pg_type, utf8)
    if pg_type in _SENT:
        field = f"encode({field}, 'hex')"
    return f"COALESCE({field}, 'N')"


def _pg_unless_null(column: str, pg_type: str, utf8: bool) -> str:
    """SQL for a column's canonical field that is NULL when the value is (of a :data:`_SENT`
    type: the binary form, hex-encoded by the caller)."""
    if pg_type in _SENT:
        return f"{_SENT[pg_type][1]}({column})"
    if pg_type == "boolean":
        return f"CASE WHEN {column} THEN 't' WHEN NOT {column} THEN 'f' END"
    if pg_type == "bytea":
        return f"octet_length({column}) || ':' || encode({column}, 'hex')"
    text = f"trunc({column})::text" if pg_type == "numeric" else f"{column}::text"
    return f"{_octets(text, utf8)} || ':' || {text}"


def pg_row_text(columns: list[tuple[str, str]], *, utf8: bool = True) -> str:
    """SQL for a row's canonical form; ``columns`` are (quoted column, type), ``utf8`` whether
    the database's encoding is UTF-8 (text is measured in UTF-8 bytes whatever it is).

    A row without NULLs takes the short way: adjacent binary forms are concatenated and
    hex-encoded once, and no field is tested for NULL; any NULL makes that expression NULL, and
    the row is then rendered field by field."""
    if not columns:
        return "''"
    parts: list[str] = []
    run: list[str] = []
    for column, pg_type in columns:
        field = _pg_unless_null(column, pg_type, utf8)
        if pg_type in _SENT:
            run.append(field)
            continue
        if run:
            parts.append(f"encode({' || '.join(run)}, 'hex')")
            run = []
        parts.append(field)
    if run:
        parts.append(f"encode({' || '.join(run)}, 'hex')")
    by_field = " || ".join(pg_field(column, pg_type, utf8=utf8) for column, pg_type in columns)
    return f"COALESCE({' || '.join(parts)}, {by_field})"


def pg_row_digest(columns: list[tuple[str, str]], *, utf8: bool = True) -> str:
    """SQL for the SHA-256 (hex) of a row's canonical form."""
    return _pg_sha256(pg_row_text(columns, utf8=utf8))


def _row_sql(conn: psycopg.Connection[Any], spec: TableSpec) -> str:
    """SQL for the canonical form of ``spec``'s rows in the database ``conn`` is on."""
    encoding = conn.info.parameter_status("server_encoding")
    columns = [(ident(c), t) for c, t in zip(spec.pg_columns, spec.pg_types, strict=True)]
    return pg_row_text(columns, utf8=encoding in (None, "UTF8"))


def _pg_sha256(text: str) -> str:
    return f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')"


def row_digester(types: list[str]) -> Callable[[tuple[Any, ...]], str]:
    """The Python twin of :func:`pg_row_digest` for rows of already converted values."""
    fields = [_field(t) for t in types]

    def digest(row: tuple[Any, ...]) -> str:
        text = "".join(
            "N" if value is None else field(value) for field, value in zip(fields, row, strict=True)
        )
        return _sha256(text.encode()).hexdigest()

    return digest


def _column_parts(values: Sequence[Any], pg_type: str) -> tuple[str, list[Sequence[Any]]]:
    """A batch of one column's converted values as a ``%``-format piece and the sequences it
    takes: the vectorised twin of :func:`row_digester` (one C-level pass per sequence where
    the column holds no NULL and the usual Python types)."""
    if None not in values:
        try:
            if pg_type in _SENT:
                return "%s", [_sent_hex([values], [pg_type])]
            if pg_type == "text":
                if all(map(str.isascii, values)):  # a str knows it, no scan
                    return "%d:%s", [list(map(len, values)), values]
                return "%d:%s", [list(map(len, map(str.encode, values))), values]
            if pg_type == "bytea":
                return "%d:%s", [list(map(len, values)), list(map(bytes.hex, values))]
        except (TypeError, struct.error):
            pass  # a value of another Python type: the value-at-a-time form decides
    field = _field(pg_type)
    return "%s", [["N" if v is None else field(v) for v in values]]


_PACKED_AS_IS = {t for t, (_, _, numbers) in _SENT.items() if numbers is iter}
"""Types whose values ``struct`` packs as they are (integers, floats)."""


def _packed(rows: list[tuple[Any, ...]], types: list[str]) -> tuple[bytes, int] | None:
    """The binary forms of a batch of integers and floats only, in one ``struct`` call, and
    the bytes per row; None when a type, a NULL or a value's Python type does not allow it."""
    if not rows or not types or not _PACKED_AS_IS.issuperset(types):
        return None
    codes = "".join(_SENT[t][0] for t in types)
    try:
        return struct.pack(">" + codes * len(rows), *chain.from_iterable(rows)), struct.calcsize(
            ">" + codes
        )
    except struct.error:
        return None


def canonical_text(rows: list[tuple[Any, ...]], types: list[str]) -> bytes:
    """The rows' canonical texts one after the other, in UTF-8."""
    packed = _packed(rows, types)
    if packed is not None:
        return binascii.hexlify(packed[0])
    return "".join(canonical_texts(rows, types)).encode()


def canonical_texts(rows: list[tuple[Any, ...]], types: list[str]) -> list[str]:
    """Each row's canonical text (as :func:`row_digester` hashes it), a batch at a time."""
    if not rows:
        return []
    if not types:
        return [""] * len(rows)
    packed = _packed(rows, types)
    if packed is not None:
        return packed[0].hex(",", packed[1]).split(",")
    pieces = []
    sequences: list[Sequence[Any]] = []
    # one map() per column: faster than zip(*rows) over a batch of thousands of rows
    columns = [list(map(operator.itemgetter(i), rows)) for i in range(len(types))]
    i = 0
    while i < len(columns):
        # adjacent binary fields without NULLs: one struct call for the run
        end = i
        while end < len(columns) and types[end] in _SENT and None not in columns[end]:
            end += 1
        if end - i > 1:
            try:
                sequences.append(_sent_hex(columns[i:end], types[i:end]))
            except (TypeError, struct.error):
                pass  # a value of another Python type: column by column
            else:
                pieces.append("%s")
                i = end
                continue
        piece, parts = _column_parts(columns[i], types[i])
        pieces.append(piece)
        sequences.extend(parts)
        i += 1
    return list(map("".join(pieces).__mod__, zip(*sequences, strict=True)))


def multiset_sum(texts: Iterable[bytes]) -> int:
    """The sum of the first 8 bytes (a big-endian integer) of each text's SHA-256."""
    digests = array("Q", b"".join(map(operator.methodcaller("digest"), map(_sha256, texts))))
    if sys.byteorder == "little":
        digests.byteswap()
    return sum(digests[::4])


class SourceDigests:
    """The source side of a table's verification, fed by the copy with the rows it writes
    (converted values, in key order): chunk digests of a keyed table, the multiset sum of a table
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
        self._hash = _sha256()
        self._in_chunk = 0
        self._sum = 0

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """Account for a batch of rows, in order."""
        self.rows += len(rows)
        if not self.keyed:
            self._sum += multiset_sum(map(str.encode, canonical_texts(rows, self.types)))
            return
        start = 0
        while start < len(rows):
            if self._in_chunk == 0 and self.bounds is not None and self._key_positions:
                self.bounds.append(tuple(rows[start][i] for i in self._key_positions))
            take = min(CHUNK_ROWS - self._in_chunk, len(rows) - start)
            whole = start == 0 and take == len(rows)
            self._hash.update(
                canonical_text(rows if whole else rows[start : start + take], self.types)
            )
            self._in_chunk += take
            start += take
            if self._in_chunk == CHUNK_ROWS:
                self._close_chunk()

    def _close_chunk(self) -> None:
        self._chunks.append((self._in_chunk, self._hash.hexdigest()))
        self._hash = _sha256()
        self._in_chunk = 0

    def chunks(self) -> list[tuple[int, str]]:
        """(rows, SHA-256) per chunk, like :func:`sqlite_chunks`."""
        if self._in_chunk:
            self._close_chunk()
        return list(self._chunks)

    def multiset(self) -> tuple[int, str]:
        """(rows, checksum), like :func:`sqlite_multiset`."""
        return self.rows, f"{self._sum % _MOD:016x}"


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


def _sqlite_batches(conn: sqlite3.Connection, spec: TableSpec) -> Iterator[list[tuple[Any, ...]]]:
    """The SQLite table's rows in key order, converted like the copy, a batch at a time (rows
    the copy rejects are left out)."""
    order = f" ORDER BY {', '.join(spec.key_sqlite)}" if spec.key_sqlite else ""
    cursor = conn.execute(
        f"SELECT {', '.join(spec.sqlite_select) or 'NULL'} FROM {quote(spec.sqlite_table)}{order}"
    )
    convert = convert_row(spec.converters)
    while batch := cursor.fetchmany(_READ_ROWS):
        if not spec.sqlite_select:
            yield [()] * len(batch)
        elif convert is None:
            yield batch
        else:
            rows = []
            for raw in batch:
                try:
                    rows.append(convert(raw))
                except Reject:
                    continue
            yield rows


def _read_again(conn: sqlite3.Connection, spec: TableSpec, *, keyed: bool) -> SourceDigests:
    """The source side computed from SQLite (``migrate verify``, a resumed table): the rows
    read again and rendered by the copy's code."""
    digests = SourceDigests(spec.pg_types, keyed=keyed)
    for rows in _sqlite_batches(conn, spec):
        digests.add(rows)
    return digests


def sqlite_digests(
    conn: sqlite3.Connection, spec: TableSpec
) -> Iterator[tuple[tuple[Any, ...], str, tuple[Any, ...]]]:
    """(key, digest, ()) per row in key order, keys converted like the copy (rows the copy
    rejects are left out)."""
    positions = spec.key_positions
    for rows in _sqlite_batches(conn, spec):
        for row, text in zip(rows, canonical_texts(rows, spec.pg_types), strict=True):
            yield tuple(row[i] for i in positions), _sha256(text.encode()).hexdigest(), ()


def sqlite_multiset(conn: sqlite3.Connection, spec: TableSpec) -> tuple[int, str]:
    """(rows, multiset checksum) of a table without a key."""
    return _read_again(conn, spec, keyed=False).multiset()


def sqlite_chunks(conn: sqlite3.Connection, spec: TableSpec) -> list[tuple[int, str]]:
    """(rows, SHA-256 of their canonical texts) per chunk of :data:`CHUNK_ROWS` in key order."""
    return _read_again(conn, spec, keyed=True).chunks()


def pg_chunks(conn: psycopg.Connection[Any], spec: TableSpec) -> list[tuple[int, str]]:
    """The PostgreSQL twin of :func:`sqlite_chunks`, computed in the server."""
    text = _row_sql(conn, spec)
    types = dict(zip(spec.pg_columns, spec.pg_types, strict=True))
    order = ", ".join(
        ident(k) + (' COLLATE "C"' if types.get(k) == "text" else "") for k in spec.pg_key
    )
    digest = _pg_sha256("string_agg(t, '' ORDER BY n)")
    sql = (
        f"SELECT count(*), {digest} FROM (SELECT {text} AS t, "
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
    text = _row_sql(conn, spec)
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
        digest = _pg_sha256(f"string_agg({text}, '' ORDER BY {key})")
        sql = f"SELECT count(*), {digest} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        found = conn.execute(sql, params).fetchone()
        assert found is not None
        chunks.append((int(found[0]), str(found[1] or "")))
    return chunks if bounds or chunks[0][0] else []


def pg_multiset(conn: psycopg.Connection[Any], spec: TableSpec) -> tuple[int, str]:
    """The PostgreSQL twin of :func:`sqlite_multiset`, summed in the server (``bigint``
    pieces summed exactly in ``numeric``; signed or not, the sums agree modulo 2**64)."""
    text = _row_sql(conn, spec)
    piece = f"encode(substr(sha256(convert_to({text}, 'UTF8')), 1, 8), 'hex')"
    sql = (
        f"SELECT count(*), coalesce(sum(('x' || {piece})::bit(64)::bigint), 0) "
        f"FROM {qualified(spec.schema, spec.pg_table)}"
    )
    row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0]), f"{int(row[1]) % _MOD:016x}"


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
    joined = _sha256()
    for _, digest in src:
        joined.update(digest.encode())
    result.source_checksum = joined.hexdigest()
    joined = _sha256()
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
    digest = _pg_sha256(_row_sql(conn, spec))
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
    src_hash = _sha256()
    dst_hash = _sha256()
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
        src_sum = (src_sum + int(digest[:16], 16)) % _MOD
        result.source_rows += 1
    for _, digest, _values in target:
        dst_sum = (dst_sum + int(digest[:16], 16)) % _MOD
        result.target_rows += 1
    result.source_checksum = f"{src_sum:016x}"
    result.target_checksum = f"{dst_sum:016x}"


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
