"""``migrate check``: read-only, the translation plan and the problems in the data."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..ops.conftest import CliResult

LONG = "measurement_" * 6
PROBLEMS = f"""
CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, d DATETIME, big NUMERIC,
  "Select" TEXT, "{LONG}a" TEXT, "{LONG}b" TEXT);
CREATE TABLE t_pkey(x INT);
"""


def _problems_file(make_db: Callable[..., Path]) -> Path:
    path = make_db(PROBLEMS)
    conn = sqlite3.connect(path)
    rows: list[tuple[Any, ...]] = [
        (1, 10, 1.5, "ok", "2024-01-01 10:00:00", 1, "a", "x", "y"),
        (2, "ten", float("inf"), "bad\udcff", "2024-01-02", 2, "b", "x", "y"),
        (3, 30, 2.5, "nul\x00here", 1700000000, "123456789012345678901234567890", "c", "x", "y"),
    ]
    for row in rows:
        values = list(row)
        if isinstance(values[3], str) and "\udcff" in values[3]:
            # invalid UTF-8 can only be stored through a blob cast
            conn.execute(
                "INSERT INTO t VALUES (?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?)",
                [*values[:3], b"bad\xff", *values[4:]],
            )
        else:
            conn.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    conn.commit()
    conn.close()
    return path


def _digest(path: Path) -> tuple[str, list[str]]:
    files = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), files


def test_check_reports_every_data_problem_and_never_writes(
    make_db: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = _problems_file(make_db)
    before = _digest(source)
    result = cli("migrate", "check", str(source), "--json")
    assert _digest(source) == before  # same bytes, no journal or WAL left behind
    assert result.code == 1, result.err  # invalid UTF-8 and NUL need flags
    plan = json.loads(result.out)
    assert plan["movable"] is False
    kinds = {(p["kind"], p["column"]) for p in plan["problems"]}
    assert ("value does not fit the column's affinity", "n") in kinds
    assert ("NaN or infinity", "r") in kinds
    assert ("invalid UTF-8", "s") in kinds
    assert ("NUL character in text", "s") in kinds
    assert ("dates in mixed formats", "d") in kinds
    assert ("integer beyond bigint", "big") in kinds
    assert ("reserved word as identifier", "Select") in kinds
    collisions = [p for p in plan["problems"] if p["kind"].startswith("identifiers collide")]
    assert {c["sample"] for c in collisions} == {
        f"column names '{LONG}a', '{LONG}b'",
        "the primary key name 't_pkey' is a table, view or index name",
    }
    by_kind = {p["kind"]: p for p in plan["problems"]}
    assert by_kind["invalid UTF-8"]["key"] == "rowid=2"
    assert by_kind["invalid UTF-8"]["blocking"] is True
    assert by_kind["NUL character in text"]["flag"] == "--drop-nul"
    assert by_kind["value does not fit the column's affinity"]["sample"] == "'ten'"
    columns = {c["name"]: c for c in plan["tables"][0]["columns"]}
    assert columns["n"]["type"] == "text"
    assert columns["r"]["type"] == "double precision"
    assert columns["d"]["type"] == "text"
    assert columns["big"]["type"] == "numeric"
    assert columns["id"]["identity"] is True
    long_targets = {columns[f"{LONG}a"]["target"], columns[f"{LONG}b"]["target"]}
    assert len(long_targets) == 2
    assert all(len(t.encode()) <= 63 for t in long_targets)


def test_check_with_flags_is_movable(
    make_db: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = _problems_file(make_db)
    result = cli("migrate", "check", str(source), "--on-invalid-utf8", "replace", "--drop-nul")
    assert result.code == 0, result.out
    assert "movable as is" in result.out
    assert "invalid bytes replaced by U+FFFD" in result.out


def test_check_text_report_lists_schema_objects(
    make_db: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = make_db(
        """
        CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
          made DATETIME DEFAULT CURRENT_TIMESTAMP, CHECK (length(name) < 10));
        CREATE TABLE c(a INT, b TEXT, p_id INT REFERENCES p(id), PRIMARY KEY (a, b)) WITHOUT ROWID;
        CREATE TABLE loose(v);
        CREATE INDEX c_lower ON c(lower(b));
        CREATE INDEX c_part ON c(a) WHERE a > 1;
        CREATE VIEW pv AS SELECT name FROM p;
        CREATE TRIGGER pt AFTER INSERT ON p BEGIN SELECT 1; END;
        INSERT INTO p(name) VALUES ('a'), ('b');
        DELETE FROM p WHERE id = 2;
        INSERT INTO c VALUES (1, 'x', 1), (2, 'y', 7);
        """
    )
    result = cli("migrate", "check", str(source))
    assert result.code == 0, result.err
    out = result.out
    assert "table c WITHOUT ROWID -> c (2 rows)" in out
    assert "primary key (a, b)" in out
    assert "id bigint identity (AUTOINCREMENT)" in out
    assert "identity restarts at 3" in out  # past sqlite_sequence, not past max(id)
    assert "default CURRENT_TIMESTAMP -> (now() AT TIME ZONE 'UTC')" in out
    assert "unique (name)" in out
    assert "check (length(name) < 10)" in out
    assert "index c_lower ((lower(b)))" in out
    assert "index c_part (a)" in out
    assert "no primary key: verified as a multiset of rows" in out
    assert "foreign key (p_id) -> p(id)  [1 violating rows]" in out
    assert "view pv:" in out and "trigger pt:" in out
    assert "foreign key violated by the data in c.p_id (1 rows)" in out
    dsql = out.split("Aurora DSQL could not hold:")[1]
    assert "index c_lower on c: expression or partial index" in dsql
    assert "index c_part on c: expression or partial index" in dsql
    assert "trigger pt: DSQL has no triggers" in dsql
    # DSQL now has foreign keys and identity columns: neither is refused
    assert "foreign key" not in dsql and "identity" not in dsql


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.db"], "is not a file"),
        (["notdb.db"], "is not a readable SQLite database"),
        (["ok.db", "--cast", "t.x"], "expected TABLE.COLUMN=TYPE"),
        (["ok.db", "--cast", "t.x=money"], "TYPE must be one of"),
        (["ok.db", "--cast", "nope.x=text"], "no table 'nope'"),
        (["ok.db", "--cast", "t.nope=text"], "has no column 'nope'"),
    ],
)
def test_check_bad_input_is_one_line_exit_2(
    tmp_path: Path, cli: Callable[..., CliResult], argv: list[str], message: str
) -> None:
    (tmp_path / "notdb.db").write_bytes(b"hello, not sqlite" * 100)
    conn = sqlite3.connect(tmp_path / "ok.db")
    conn.execute("CREATE TABLE t(x)")
    conn.close()
    argv = [str(tmp_path / argv[0]), *argv[1:]]
    result = cli("migrate", "check", *argv)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
