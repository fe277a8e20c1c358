"""The canonical row text on both sides (``auroractl.migrate.verify``) against the real server:
PostgreSQL's SQL, the copy's vectorised Python, the value-at-a-time Python and SQLite's SQL give
the same text for every value of every type, NULLs and edge values included; values PostgreSQL
holds and Python cannot (years outside 1 to 9999, infinities) get texts of their own."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import math
import sqlite3
from typing import Any

import psycopg
import pytest
from auroractl.migrate import verify
from auroractl.migrate.verify import (
    SourceDigests,
    TableSpec,
    canonical_text,
    canonical_texts,
    pg_chunks,
    pg_field,
    pg_multiset,
    pg_row_digest,
    pg_row_text,
    row_digester,
    sqlite_chunks,
    sqlite_digests,
    sqlite_multiset,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

_UTC = datetime.UTC
_PLUS_5 = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
_VALUES: dict[str, list[Any]] = {
    "smallint": [0, 1, -1, 2**15 - 1, -(2**15)],
    "integer": [0, 255, -256, 2**31 - 1, -(2**31)],
    "bigint": [0, 10**12, -(10**12), 2**63 - 1, -(2**63)],
    "numeric": [0, 2**63, -(2**70), 10**40],
    "double precision": [0.0, -0.0, 1.5, -2.25e300, 5e-324, math.inf, -math.inf, math.nan],
    "text": [
        "",
        "a",
        "N",
        "3:abc",
        "héllo",
        "日本語",
        "emoji 🙂",
        "e\u0301",
        "tab\tnl\n",
        "x" * 3000,
    ],
    "bytea": [b"", b"\x00", b"\x00\xff" * 40, "ü".encode()],
    "boolean": [True, False],
    "date": [
        datetime.date(1, 1, 1),
        datetime.date(1999, 12, 31),
        datetime.date(2000, 1, 1),
        datetime.date(2024, 2, 29),
        datetime.date(9999, 12, 31),
    ],
    "timestamp": [
        datetime.datetime(1, 1, 1),
        datetime.datetime(1999, 12, 31, 23, 59, 59, 999999),
        datetime.datetime(2000, 1, 1),
        datetime.datetime(2024, 2, 29, 23, 59, 59, 500000),
        datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
    ],
    "timestamptz": [
        datetime.datetime(1, 1, 1, 12, tzinfo=_UTC),
        datetime.datetime(2000, 1, 1, tzinfo=_UTC),
        datetime.datetime(2024, 2, 29, 1, 2, 3, 4, tzinfo=_PLUS_5),
        datetime.datetime(9999, 12, 31, 11, tzinfo=_UTC),
    ],
}
_OUTSIDE: dict[str, list[str]] = {
    "date": ["10000-01-01", "0044-03-15 BC", "infinity", "-infinity"],
    "timestamp": ["12345-06-07 08:09:10.5", "0001-12-31 23:59:59 BC", "infinity", "-infinity"],
    "timestamptz": ["10000-01-01 00:00:00+00", "0001-01-01 00:00:00+00 BC", "-infinity"],
}
"""Values PostgreSQL holds that no Python value converts to."""


def _pg(conn: psycopg.Connection[Any], sql: str, *params: Any) -> list[tuple[Any, ...]]:
    cur = conn.execute(sql, params)  # type: ignore[call-overload]
    return list(cur.fetchall()) if cur.description else []


@pytest.mark.parametrize("pg_type", sorted(_VALUES))
def test_each_value_has_the_same_text_on_both_sides(pg_type: str, pg_db: str) -> None:
    values = [*_VALUES[pg_type], None]
    with psycopg.connect(pg_db, autocommit=True) as conn:
        _pg(conn, f"CREATE TABLE t (n int, v {pg_type})")
        for n, value in enumerate(values):
            _pg(conn, f"INSERT INTO t VALUES (%s, %s::{pg_type})", n, value)
        for n, text in enumerate(_OUTSIDE.get(pg_type, []), start=len(values)):
            _pg(conn, f"INSERT INTO t VALUES (%s, %s::{pg_type})", n, text)
        found = _pg(
            conn,
            f"SELECT {pg_field('v', pg_type)}, {pg_row_text([('v', pg_type)])}, "
            f"{pg_row_digest([('v', pg_type)])} FROM t ORDER BY n",
        )
    fields = [field for field, _, _ in found]
    assert [row for _, row, _ in found] == fields  # the NULL-free shortcut and field by field
    rows = [(v,) for v in values]
    assert fields[: len(values)] == canonical_texts(rows, [pg_type])
    digest = row_digester([pg_type])
    assert [d for _, _, d in found[: len(values)]] == [digest(r) for r in rows]
    assert [d for _, _, d in found] == [hashlib.sha256(f.encode()).hexdigest() for f in fields]
    assert len(set(fields)) == len(fields)  # every value its own text, NULL ("N") included
    assert fields[len(values) - 1] == "N"


_TYPES = {
    "smallint": st.integers(-(2**15), 2**15 - 1),
    "integer": st.integers(-(2**31), 2**31 - 1),
    "bigint": st.integers(-(2**63), 2**63 - 1),
    "numeric": st.integers(-(10**30), 10**30),
    # NaN as PostgreSQL parses it (a NaN of another sign or payload reaches PostgreSQL
    # unchanged only through the copy's binary COPY, not through these text parameters)
    "double precision": st.floats(allow_nan=False) | st.just(math.nan),
    "text": st.text(st.characters(exclude_characters="\x00")),
    "bytea": st.binary(),
    "boolean": st.booleans(),
    "date": st.dates(),
    "timestamp": st.datetimes(),
    "timestamptz": st.datetimes(timezones=st.sampled_from([_UTC, _PLUS_5])),
}
_TABLES = st.lists(st.sampled_from(sorted(_TYPES)), min_size=1, max_size=5).flatmap(
    lambda types: st.tuples(
        st.just(types),
        st.lists(
            st.tuples(*(st.one_of(st.none(), _TYPES[t]) for t in types)), min_size=1, max_size=8
        ),
    )
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TABLES)
def test_rows_have_the_same_text_and_multiset_on_both_sides(
    pg_db: str, table: tuple[list[str], list[tuple[Any, ...]]]
) -> None:
    """Random rows of random column types: PostgreSQL's row texts (and its multiset sum) are
    the copy's, batch and row at a time."""
    types, rows = table
    columns = [(f"c{i}", t) for i, t in enumerate(types)]
    with psycopg.connect(pg_db, autocommit=True) as conn:
        _pg(conn, "DROP TABLE IF EXISTS t")
        _pg(conn, f"CREATE TABLE t (n int, {', '.join(f'{c} {t}' for c, t in columns)})")
        marks = ", ".join(f"%s::{t}" for t in types)
        for n, row in enumerate(rows):
            _pg(conn, f"INSERT INTO t VALUES (%s, {marks})", n, *row)
        texts = [t for (t,) in _pg(conn, f"SELECT {pg_row_text(columns)} FROM t ORDER BY n")]
        spec = _spec(types)
        target = pg_multiset(conn, spec)
    assert texts == canonical_texts(rows, types)
    digest = row_digester(types)
    assert [hashlib.sha256(t.encode()).hexdigest() for t in texts] == [digest(r) for r in rows]
    source = SourceDigests(types, keyed=False)
    source.add(rows)
    assert source.multiset() == target


def _spec(types: list[str], converters: list[Any] | None = None) -> TableSpec:
    names = [f"c{i}" for i in range(len(types))]
    return TableSpec(
        name="t",
        sqlite_table="t",
        sqlite_select=[f'"{n}"' for n in names],
        converters=converters or [None] * len(types),
        key_sqlite=[],
        key_positions=[],
        schema="public",
        pg_table="t",
        pg_columns=names,
        pg_types=types,
        pg_key=[],
    )


_SQLITE_TYPES = {
    **{t: _TYPES[t] for t in ("smallint", "integer", "bigint", "text", "bytea")},
    "double precision": st.floats(allow_nan=False),  # SQLite stores a NaN as NULL
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(sorted(_SQLITE_TYPES)), min_size=1, max_size=4).flatmap(
        lambda types: st.tuples(
            st.just(types),
            st.lists(st.tuples(*(st.one_of(st.none(), _SQLITE_TYPES[t]) for t in types))),
        )
    ),
    st.sampled_from(["UTF-8", "UTF-16le"]),
)
def test_sqlite_read_again_gives_the_copys_side(
    monkeypatch: pytest.MonkeyPatch, table: tuple[list[str], list[tuple[Any, ...]]], encoding: str
) -> None:
    """``migrate verify`` reads SQLite again (in a UTF-16 file too): its chunks, multiset and
    row digests are those of the copy's rows."""
    monkeypatch.setattr(verify, "CHUNK_ROWS", 3)
    monkeypatch.setattr(verify, "_READ_ROWS", 2)
    types, rows = table
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA encoding = '{encoding}'")
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(types)))})")
    if rows:
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' for _ in types)})", rows)
    spec = dataclasses.replace(_spec(types), key_sqlite=["rowid"])
    keyed = SourceDigests(types, keyed=True)
    keyed.add(rows)
    assert sqlite_chunks(conn, spec) == keyed.chunks()
    unkeyed = SourceDigests(types, keyed=False)
    unkeyed.add(rows)
    assert sqlite_multiset(conn, _spec(types)) == unkeyed.multiset()
    digest = row_digester(types)
    assert [d for _, d, _ in sqlite_digests(conn, spec)] == [digest(r) for r in rows]


def test_a_duplicated_row_counts_twice_in_the_multiset() -> None:
    once = SourceDigests(["bigint", "text"], keyed=False)
    once.add([(1, "a"), (2, "b")])
    twice = SourceDigests(["bigint", "text"], keyed=False)
    twice.add([(1, "a"), (1, "a"), (2, "b")])
    swapped = SourceDigests(["bigint", "text"], keyed=False)
    swapped.add([(2, "b"), (1, "a")])
    assert once.multiset() == swapped.multiset()
    assert once.multiset()[1] != twice.multiset()[1]


def test_keyed_chunks_cut_across_batches_as_one_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks do not depend on how the copy batches the rows (fast and general paths)."""
    monkeypatch.setattr(verify, "CHUNK_ROWS", 3)
    rows = [(i, i * 0.5, None if i % 4 else "x") for i in range(10)]
    types = ["bigint", "double precision", "text"]
    whole = SourceDigests(types, keyed=True, key_positions=[0])
    whole.add(rows)
    pieces = SourceDigests(types, keyed=True, key_positions=[0])
    for start in range(0, 10, 4):
        pieces.add(rows[start : start + 4])
    assert whole.chunks() == pieces.chunks()
    assert [n for n, _ in whole.chunks()] == [3, 3, 3, 1]
    assert whole.bounds == pieces.bounds == [(0,), (3,), (6,), (9,)]
    texts = canonical_texts(rows, types)
    assert whole.chunks()[0][1] == hashlib.sha256("".join(texts[:3]).encode()).hexdigest()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["smallint", "integer", "bigint", "double precision", "text"]),
        min_size=1,
        max_size=4,
    ).flatmap(
        lambda types: st.tuples(
            st.just(types),
            st.lists(st.tuples(*(st.one_of(st.none(), _TYPES[t]) for t in types)), max_size=12),
        )
    )
)
def test_a_batch_text_is_its_rows_texts(table: tuple[list[str], list[tuple[Any, ...]]]) -> None:
    """What a chunk hashes (integers and floats packed in one call when the batch allows it)
    is the rows' texts one after the other."""
    types, rows = table
    assert canonical_text(rows, types) == "".join(canonical_texts(rows, types)).encode()


def test_text_is_measured_in_utf8_in_a_database_of_another_encoding(pg_db: str) -> None:
    """In a LATIN1 database, PostgreSQL's side still measures and hashes text as UTF-8."""
    types = ["bigint", "text", "bytea"]
    rows = [(1, "héllo ÿ", "é".encode()), (2, "plain", None), (3, None, b"")]
    name = f"{pg_db.rsplit('/', 1)[1]}_latin1"
    with psycopg.connect(pg_db, autocommit=True) as admin:
        admin.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' "
                "TEMPLATE template0"
            ).format(sql.Identifier(name))
        )
    try:
        with psycopg.connect(f"{pg_db.rsplit('/', 1)[0]}/{name}", autocommit=True) as conn:
            conn.execute("CREATE TABLE t (c0 bigint PRIMARY KEY, c1 text, c2 bytea)")
            for row in rows:
                conn.execute("INSERT INTO t VALUES (%s, %s, %s)", row)
            keyed = dataclasses.replace(_spec(types), key_sqlite=["c0"], pg_key=["c0"])
            target_chunks = pg_chunks(conn, keyed)
            target_multiset = pg_multiset(conn, _spec(types))
    finally:
        with psycopg.connect(pg_db, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    source = SourceDigests(types, keyed=True, key_positions=[0])
    source.add(rows)
    assert target_chunks == source.chunks()
    unkeyed = SourceDigests(types, keyed=False)
    unkeyed.add(rows)
    assert target_multiset == unkeyed.multiset()
