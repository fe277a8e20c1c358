"""Pure rules: affinity, type choice, conversions, defaults, identifiers, CHECK parsing."""

from __future__ import annotations

import datetime
import hashlib
import math
import sqlite3

import pytest
from auroractl.migrate.affinity import affinity, declared_kind
from auroractl.migrate.ddl import translate_default
from auroractl.migrate.identifiers import fold
from auroractl.migrate.profile import ColumnProfile, profile_table, register_functions
from auroractl.migrate.source import Column, check_clauses, inspect
from auroractl.migrate.typemap import Reject, choose, converter
from auroractl.migrate.verify import canonical_texts, row_digester
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("INT", "INTEGER"),
        ("BIGINT", "INTEGER"),
        ("UNSIGNED BIG INT", "INTEGER"),
        ("POINT", "INTEGER"),  # contains "INT": SQLite's rule 1 wins
        ("VARCHAR(20)", "TEXT"),
        ("CLOB", "TEXT"),
        ("CHARINT", "INTEGER"),
        ("BLOB", "BLOB"),
        ("", "BLOB"),
        ("DOUBLE PRECISION", "REAL"),
        ("FLOAT", "REAL"),
        ("DECIMAL(10,5)", "NUMERIC"),
        ("BOOLEAN", "NUMERIC"),
        ("DATETIME", "NUMERIC"),
        ("STRING", "NUMERIC"),
    ],
)
def test_affinity_follows_sqlite_rules(declared: str, expected: str) -> None:
    assert affinity(declared) == expected


@pytest.mark.parametrize(
    ("declared", "kind"),
    [
        ("BOOLEAN", "boolean"),
        ("DATE", "date"),
        ("DATETIME", "timestamp"),
        ("TIMESTAMP WITH TIME ZONE", "timestamptz"),
        ("TEXT", None),
    ],
)
def test_declared_kind(declared: str, kind: str | None) -> None:
    assert declared_kind(declared) == kind


def _col(declared: str) -> Column:
    return Column("c", declared, False, None, 0)


@pytest.mark.parametrize(
    ("declared", "profile", "expected"),
    [
        ("INTEGER", ColumnProfile(integer=3, int_min=1, int_max=9), "bigint"),
        ("SMALLINT", ColumnProfile(integer=3, int_min=1, int_max=9), "integer"),
        ("SMALLINT", ColumnProfile(integer=3, int_min=1, int_max=2**40, int_small=False), "bigint"),
        (
            "INTEGER",
            ColumnProfile(integer=2, text=1, text_integer=1, text_integer_big=1),
            "numeric",
        ),
        ("INTEGER", ColumnProfile(integer=1, real=1, real_integral_big=1), "numeric"),
        ("INTEGER", ColumnProfile(integer=2, text=1), "text"),
        ("REAL", ColumnProfile(real=3), "double precision"),
        ("REAL", ColumnProfile(real=2, text=1, text_non_finite=1), "double precision"),
        ("NUMERIC", ColumnProfile(integer=1, real=1, int_min=1, int_max=1), "double precision"),
        ("NUMERIC", ColumnProfile(integer=1, real=1, int_min=2**60, int_max=2**60), "text"),
        ("TEXT", ColumnProfile(text=4), "text"),
        ("TEXT", ColumnProfile(text=3, text_integer=3), "text"),  # zip codes stay text
        ("BLOB", ColumnProfile(blob=2), "bytea"),
        ("", ColumnProfile(blob=1, text=1), "bytea"),
        ("", ColumnProfile(integer=1, text=1), "text"),
        ("BOOLEAN", ColumnProfile(integer=4, int_min=0, int_max=1, bool_only=True), "boolean"),
        ("BOOLEAN", ColumnProfile(integer=4, int_min=0, int_max=2), "bigint"),
        ("DATE", ColumnProfile(text=2, date=2), "date"),
        ("DATETIME", ColumnProfile(text=2, datetime=2), "timestamp"),
        ("TIMESTAMP", ColumnProfile(text=2, datetime_tz=2), "timestamptz"),
        ("DATETIME", ColumnProfile(text=2, date=1, datetime=1), "text"),
        ("DATE", ColumnProfile(text=2, date=2, date_invalid=1), "text"),
        ("DATETIME", ColumnProfile(text=1, integer=1, datetime=1), "text"),
        ("INTEGER", ColumnProfile(null=3), "bigint"),
        ("DATE", ColumnProfile(null=3), "date"),
        ("", ColumnProfile(null=3), "text"),
    ],
)
def test_type_rules(declared: str, profile: ColumnProfile, expected: str) -> None:
    assert choose(_col(declared), profile).pg_type == expected


def test_rowid_alias_and_cast_win() -> None:
    data = ColumnProfile(integer=1, int_min=1, int_max=1)
    assert choose(_col("INTEGER"), data, rowid_alias=True).pg_type == "bigint"
    assert choose(_col("TEXT"), ColumnProfile(text=1), cast="bytea").rule == "--cast bytea"


def test_text_converters() -> None:
    bad = ColumnProfile(text=1, text_bad_utf8=1, text_nul=1)
    replace = converter("text", bad, on_invalid_utf8="replace", drop_nul=True)
    assert replace is not None
    assert replace(b"ok\xff\x00!") == "ok\ufffd!"
    strict = converter("text", bad, on_invalid_utf8="reject", drop_nul=False)
    assert strict is not None
    with pytest.raises(Reject, match="invalid UTF-8"):
        strict(b"\xff")
    with pytest.raises(Reject, match="NUL"):
        strict(b"a\x00")
    assert converter("text", ColumnProfile(text=1), on_invalid_utf8=None, drop_nul=False) is None


@pytest.mark.parametrize(
    ("pg_type", "value", "expected"),
    [
        ("double precision", "NaN", math.nan),
        ("double precision", "-Infinity", -math.inf),
        ("double precision", 3, 3.0),
        ("numeric", "123456789012345678901234", 123456789012345678901234),
        ("numeric", 1e20, 100000000000000000000),
        ("boolean", 1, True),
        ("date", "2024-02-29", datetime.date(2024, 2, 29)),
        ("timestamp", "2024-01-02T03:04:05.5", datetime.datetime(2024, 1, 2, 3, 4, 5, 500000)),
        ("timestamp", 0, datetime.datetime(1970, 1, 1)),
        (
            "timestamptz",
            "2024-01-02 03:04:05+02:00",
            datetime.datetime(2024, 1, 2, 1, 4, 5, tzinfo=datetime.UTC),
        ),
        ("bytea", "é", "é".encode()),
    ],
)
def test_value_converters(pg_type: str, value: object, expected: object) -> None:
    convert = converter(
        pg_type, ColumnProfile(text=1, real=1), on_invalid_utf8=None, drop_nul=False
    )
    assert convert is not None
    result = convert(value)
    if isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == expected


@pytest.mark.parametrize(
    ("pg_type", "value"),
    [("date", "2024-02-30"), ("boolean", 7), ("bigint", "x"), ("date", "2024-01-01 10:00:00")],
)
def test_value_converters_reject(pg_type: str, value: object) -> None:
    convert = converter(
        pg_type, ColumnProfile(text=1, real=1), on_invalid_utf8=None, drop_nul=False
    )
    assert convert is not None
    with pytest.raises(Reject):
        convert(value)


@pytest.mark.parametrize(
    ("default", "pg_type", "expected"),
    [
        ("CURRENT_TIMESTAMP", "timestamp", "(now() AT TIME ZONE 'UTC')"),
        ("CURRENT_TIMESTAMP", "timestamptz", "CURRENT_TIMESTAMP"),
        ("CURRENT_DATE", "date", "(now() AT TIME ZONE 'UTC')::date"),
        (
            "(datetime('now'))",
            "text",
            "to_char((now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:MI:SS')",
        ),
        ("1", "boolean", "true"),
        ("TRUE", "bigint", "1"),
        ("-2.5", "double precision", "-2.5"),
        ("7", "text", "'7'"),
        ("'it''s'", "text", "'it''s'"),
        ("X'00FF'", "bytea", "'\\x00ff'::bytea"),
        ("NULL", "text", None),
    ],
)
def test_defaults(default: str, pg_type: str, expected: str | None) -> None:
    assert translate_default(default, pg_type) == (expected, None)


def test_untranslatable_default_is_reported() -> None:
    sql, reason = translate_default("(abs(random()))", "bigint")
    assert sql is None
    assert reason is not None and "abs(random())" in reason


def test_fold_lowers_ascii_only_and_separates_names_truncation_would_merge() -> None:
    long_a = "measurement_" * 6 + "a"
    long_b = "measurement_" * 6 + "b"
    names, collisions = fold(["Orders", "Ärger", long_a, long_b])
    assert names["Orders"] == "orders"
    assert names["Ärger"] == "Ärger"  # PostgreSQL folds only ASCII letters in UTF-8
    assert collisions == [(long_a, long_b)]
    assert names[long_a] != names[long_b]
    assert all(len(names[n].encode()) <= 63 for n in (long_a, long_b))


def test_check_clauses_skip_strings_and_nest() -> None:
    sql = "CREATE TABLE t(a INT CHECK (a > (0)), b TEXT DEFAULT 'CHECK (x)', CHECK(length(b) < 5))"
    assert check_clauses(sql) == ["a > (0)", "length(b) < 5"]


def test_row_digest_distinguishes_null_empty_and_boundaries() -> None:
    digest = row_digester(["text", "text"])
    assert digest((None, "a")) != digest(("", "a"))
    assert digest(("ab", "c")) != digest(("a", "bc"))
    assert digest(("a", "b")) == digest(("a", "b"))


_VALUES = {
    "smallint": st.integers(min_value=-(2**15), max_value=2**15 - 1),
    "integer": st.integers(min_value=-(2**31), max_value=2**31 - 1),
    "bigint": st.integers(min_value=-(2**63), max_value=2**63 - 1),
    "text": st.text(),
    "double precision": st.floats(),
    "bytea": st.binary(),
    "boolean": st.booleans(),
    "date": st.dates(),
    "timestamp": st.datetimes(),
    "timestamptz": st.datetimes(timezones=st.just(datetime.UTC)),
    "numeric": st.integers(min_value=-(10**30), max_value=10**30),
}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_VALUES)), min_size=1, max_size=4).flatmap(
        lambda types: st.tuples(
            st.just(types),
            st.lists(st.tuples(*(st.one_of(st.none(), _VALUES[t]) for t in types)), max_size=30),
        )
    )
)
def test_batch_canonical_texts_are_the_row_digests(case: tuple[list[str], list[tuple]]) -> None:
    """The copy's vectorised canonical texts hash to the row-at-a-time digests."""
    types, rows = case
    digest = row_digester(types)
    texts = canonical_texts(rows, types)
    assert [hashlib.sha256(t.encode()).hexdigest() for t in texts] == [digest(r) for r in rows]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["INTEGER", "REAL", "TEXT", "BLOB", "DATETIME", "NUMERIC", ""]),
    st.lists(
        st.one_of(
            st.none(),
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.floats(allow_nan=False),
            st.text(max_size=5),
            st.binary(max_size=5),
        ),
        max_size=12,
    ),
)
def test_profile_counts_match_the_values(declared: str, values: list[object]) -> None:
    """The two-scan profile counts each storage class and the integer range exactly."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE t(c {declared})")
    conn.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
    register_functions(conn)
    profiles, rows = profile_table(conn, inspect(conn).table("t"))
    stored = conn.execute("SELECT typeof(c), CASE WHEN typeof(c) = 'integer' THEN c END FROM t")
    classes = stored.fetchall()
    kinds = [k for k, _ in classes]
    integers = [i for k, i in classes if k == "integer"]
    data = profiles["c"]
    assert rows == len(values)
    assert (data.integer, data.real, data.text, data.blob, data.null) == tuple(
        kinds.count(k) for k in ("integer", "real", "text", "blob", "null")
    )
    assert (data.int_min, data.int_max) == (
        (min(integers), max(integers)) if integers else (None, None)
    )


def _profiled(limit: int | None) -> tuple[dict[str, ColumnProfile], int]:
    conn = sqlite3.connect(":memory:")
    if limit is not None:
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, limit)
    conn.execute("CREATE TABLE t(a, b TEXT, c INTEGER, d DATETIME, e REAL)")
    conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
        [(1, "x", 2**40, "2024-01-01", 1.5), ("y", None, "12", "2024-01-01 10:00:00", None),
         (2.5, b"\xff", None, "nope", float("inf"))],
    )  # fmt: skip
    register_functions(conn)
    return profile_table(conn, inspect(conn).table("t"))


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=10, max_value=30))
def test_profile_in_several_scans_equals_one_scan(limit: int) -> None:
    """A result-column limit below the profile's aggregates splits it into scans that measure
    the same."""
    assert _profiled(limit) == _profiled(None)
