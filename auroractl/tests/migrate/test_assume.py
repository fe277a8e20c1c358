"""Tables planned from their declarations: the check while copying agrees with the profile.

The property the fast path of ``run`` rests on: when :class:`assume.Check` accepts a table's
rows, the profile it measured is exactly what :func:`profile.profile_table` reports, and the
plan assumed before reading is the plan a full profile gives."""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auroractl.migrate import assume
from auroractl.migrate.plan import build, same_shape
from auroractl.migrate.profile import profile_table, register_functions
from auroractl.migrate.source import Column, Table, inspect, quote
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ..ops.conftest import CliResult

_CLEAN: dict[str, st.SearchStrategy[Any]] = {
    "INTEGER": st.integers(-(2**63), 2**63 - 1),
    "SMALLINT": st.integers(-(2**31), 2**31 - 1),
    "BOOLEAN": st.sampled_from([0, 1]),
    "REAL": st.floats(-1e18, 1e18, allow_nan=False),
    "TEXT": st.text(max_size=8),
    "BLOB": st.binary(max_size=8),
    "DATE": st.dates().map(datetime.date.isoformat),
    "DATETIME": st.builds(
        lambda moment, sep, spec: moment.isoformat(sep, spec),
        st.datetimes(),
        st.sampled_from([" ", "T"]),
        st.sampled_from(["seconds", "milliseconds", "microseconds"]),
    ),
}
_ANY = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.text(max_size=8),
    st.binary(max_size=4),
    st.sampled_from(
        [
            "2024-02-30",
            "2024-13-01",
            "2024-01-01",
            "2024-01-01 24:00:00",
            "2024-01-01T10:00:00Z",
            "2024-01-01 10:00:00+02:00",
            "2024-01-01 10:00:00.1234567",
            "12",
            "1e400",
            "nan",
        ]
    ),
)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[tuple[Any, ...]]]:
    declared = draw(st.lists(st.sampled_from(sorted(_CLEAN)), min_size=1, max_size=3))
    columns = []
    for name in declared:
        clean = draw(st.integers(0, 3)) > 0
        values = _CLEAN[name] if clean else _ANY
        columns.append(st.one_of(st.none(), values, values, values))
    rows = draw(st.lists(st.tuples(*columns), max_size=25))
    return declared, rows


def _source(declared: list[str], rows: list[tuple[Any, ...]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("CREATE TABLE t (" + ", ".join(f"c{i} {d}" for i, d in enumerate(declared)) + ")")
    if rows:
        marks = ", ".join("?" for _ in declared)
        conn.executemany(f"INSERT INTO t VALUES ({marks})", rows)
    return conn


def _checked(conn: sqlite3.Connection, table: Table, batch: int) -> assume.Check:
    expected = assume.expectations(table, {})
    assert expected is not None
    check = assume.Check(expected)
    cursor = conn.execute(f"SELECT {', '.join(quote(c.name) for c in table.columns)} FROM t")
    while rows := cursor.fetchmany(batch):
        check.batch(rows)
    return check


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables(), st.integers(1, 7))
def test_accepted_data_profiles_and_plans_as_assumed(
    table_data: tuple[list[str], list[tuple[Any, ...]]], batch: int
) -> None:
    declared, rows = table_data
    conn = _source(declared, rows)
    table = inspect(conn).table("t")
    try:
        check = _checked(conn, table, batch)
    except assume.Unclean:
        event("disagrees")
        return
    event("accepted")
    profiles, count = profile_table(conn, table)
    assert check.rows == count
    assert check.profiles() == profiles
    assumed = build(conn, assume=True).tables[0]
    full = build(conn).tables[0]
    if all(p.non_null for p in profiles.values()):
        assert same_shape(assumed, full)


@pytest.mark.parametrize(
    ("declared", "values", "reason"),
    [
        ("INTEGER", [1, "x"], "holds int, str values"),
        ("INTEGER", [1, 2.5], "holds float, int values"),
        ("SMALLINT", [1, 2**31], "beyond 4 bytes"),
        ("BOOLEAN", [0, 2], "other than 0 and 1"),
        ("REAL", [1.0, float("inf")], "NaN, an infinity"),
        ("REAL", [1.0, 1e19], "beyond bigint"),
        ("TEXT", ["a", "b\x00c"], "NUL"),
        ("TEXT", ["a", b"\x01"], "holds bytes, str values"),
        ("DATE", ["2024-01-01", "2024-02-30"], "not ISO dates"),
        ("DATE", ["2024-01-01", "2024-01-01 10:00:00"], "not ISO dates"),
        ("DATETIME", ["2024-01-01 10:00:00", "2024-01-01"], "not ISO timestamps"),
        ("DATETIME", ["2024-01-01T10:00:00Z"], "not ISO timestamps"),
    ],
)
def test_disagreeing_values_are_named(declared: str, values: list[Any], reason: str) -> None:
    conn = _source([declared], [(v,) for v in values])
    with pytest.raises(assume.Unclean, match=reason):
        _checked(conn, inspect(conn).table("t"), 10)


def test_null_in_a_primary_key_disagrees() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [("a", 1), (None, 2)])
    with pytest.raises(assume.Unclean, match="NULL in the primary key"):
        _checked(conn, inspect(conn).table("t"), 10)


def _column(declared: str) -> Column:
    return Column("c", declared, False, None, 0)


@pytest.mark.parametrize(
    ("declared", "kind"),
    [
        ("INTEGER", "int"),
        ("BIGINT", "int"),
        ("INT4", "int4"),
        ("TINYINT", "int4"),
        ("BOOLEAN", "bool"),
        ("DOUBLE PRECISION", "float"),
        ("VARCHAR(20)", "text"),
        ("BLOB", "bytes"),
        ("DATE", "date"),
        ("DATETIME", "timestamp"),
        ("TIMESTAMP", "timestamp"),
        # declarations that promise too little: profiled before copying
        ("", None),
        ("DECIMAL(10,2)", None),
        ("NUMERIC", None),
        ("TIMESTAMP WITH TIME ZONE", None),
        ("DATEINT", None),
    ],
)
def test_which_declarations_are_assumed(declared: str, kind: str | None) -> None:
    table = Table("t", "", (_column(declared),), False, None, None, (), (), ())
    found = assume.expectation(table, table.columns[0])
    assert (found.kind if found else None) == kind


def test_a_cast_on_the_table_means_a_profile_first() -> None:
    table = Table("t", "", (_column("INTEGER"),), False, None, None, (), (), ())
    assert assume.expectations(table, {}) is not None
    assert assume.expectations(table, {("t", "c"): "text"}) is None


SCHEMA = """
CREATE TABLE people(id INTEGER PRIMARY KEY, age INTEGER, name TEXT, born DATE);
CREATE TABLE notes(id INTEGER PRIMARY KEY, person INTEGER REFERENCES people(id), body TEXT);
"""


def _people(age: object = 30, name: object = "ann") -> list[tuple[object, ...]]:
    return [
        (i, age if i == 7 else i, name if i == 9 else f"p{i}", "2000-01-02") for i in range(1, 21)
    ]


def test_run_profiles_and_recopies_a_table_whose_data_disagrees(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(SCHEMA, {"people": _people(age="unknown"), "notes": [(1, 1, "hello")]})
    result = cli("migrate", "run", str(source), "--target-url", pg_db, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["status"] == "verified"
    assert "people: column age holds int, str values: profiling it" in result.err
    types = dict(
        query(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'people'"
        )
    )
    assert types["age"] == "text"  # as `check` plans it: the value kept, the column widened
    assert query("SELECT age FROM people WHERE id = 7") == [("unknown",)]
    assert query("SELECT count(*) FROM notes") == [(1,)]


def test_run_drops_what_it_created_when_a_table_needs_a_flag(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(SCHEMA, {"people": _people(name="a\x00b"), "notes": [(1, 1, "hello")]})
    result = cli("migrate", "run", str(source), "--target-url", pg_db, "--schema", "moved")
    assert result.code == 2
    assert result.out == ""
    (line,) = result.err.strip().splitlines()[-1:]
    assert "the file cannot move as is: BLOCKING NUL character in text in people.name" in line
    assert "--drop-nul" in line
    assert "nothing was left in the target" in line
    assert query("SELECT nspname FROM pg_namespace WHERE nspname = 'moved'") == []
    # with the flag the same file moves
    result = cli(
        "migrate", "run", str(source), "--target-url", pg_db, "--schema", "moved", "--drop-nul"
    )
    assert result.code == 0, result.err
    assert query("SELECT name FROM moved.people WHERE id = 9") == [("ab",)]


def test_run_reads_invalid_utf8_through_a_full_profile(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(SCHEMA, {"people": _people()})
    conn = sqlite3.connect(source)
    conn.execute("UPDATE people SET name = CAST(X'61FF62' AS TEXT) WHERE id = 4")
    conn.commit()
    conn.close()
    result = cli(
        "migrate", "run", str(source), "--target-url", pg_db, "--on-invalid-utf8", "replace"
    )
    assert result.code == 0, result.err
    assert "people: a text value is not valid UTF-8: profiling it" in result.err
    assert query("SELECT name FROM people WHERE id = 4") == [("a\ufffdb",)]


def test_run_plans_an_empty_table_as_check_does(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    # a SMALLINT column without values is bigint for `check` (no data proves 4 bytes), not the
    # integer its declaration promised: the measured profile settles it before the commit
    source = make_db("CREATE TABLE counters(n SMALLINT, label TEXT);")
    result = cli("migrate", "run", str(source), "--target-url", pg_db)
    assert result.code == 0, result.err
    assert "counters: column n becomes bigint (no values" in result.err
    assert query(
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'counters' "
        "AND column_name = 'n'"
    ) == [("bigint",)]
