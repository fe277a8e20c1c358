"""``--resume`` after a SIGKILL mid-table, and the export round trip."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..ops.conftest import CliResult


def _wait(condition: Callable[[], bool], what: str, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


def test_resume_after_sigkill_redoes_only_the_unfinished_table(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(
        "CREATE TABLE first(id INTEGER PRIMARY KEY, v TEXT);"
        "CREATE TABLE second(id INTEGER PRIMARY KEY, v TEXT, n REAL);"
        "CREATE TABLE tiny(x INT);",
        {
            "first": [(i, f"value {i} " * 3) for i in range(1, 150_001)],
            "second": [(i, f"row {i}", i / 7) for i in range(1, 100_001)],
            "tiny": [(1,), (2,)],
        },
    )
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "auroractl.cli",
            "migrate",
            "run",
            str(source),
            "--target-url",
            pg_db,
            "--jobs",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # tables go largest first: kill while the second table is being copied
        def second_in_copy() -> bool:
            # the table is created by the transaction that copies it: other sessions see its
            # COPY, not its name in pg_class
            rows = query(
                "SELECT p.tuples_processed FROM pg_stat_progress_copy p JOIN pg_stat_activity a "
                """ON a.pid = p.pid WHERE a.query LIKE 'COPY "public"."second"%%'"""
            )
            return bool(rows) and int(rows[0][0]) > 0  # type: ignore[call-overload]

        _wait(second_in_copy, "the COPY into 'second'")
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    _wait(
        lambda: (
            not query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'auroractl-migrate'")
        ),
        "the killed run's sessions to end",
    )
    journal = dict(query("SELECT item, state FROM auroractl_migrate_journal"))
    assert journal.get("table:first") == "copied"
    assert "table:second" not in journal
    # its transaction rolled back, and the table it had created with it
    assert query("SELECT to_regclass('second')") == [(None,)]
    refused = cli("migrate", "run", str(source), "--target-url", pg_db)
    assert refused.code == 2 and "--resume" in refused.err
    result = cli("migrate", "run", str(source), "--target-url", pg_db, "--resume", "--json")
    assert result.code == 0, result.err
    summary = {t["table"]: t for t in json.loads(result.out)["tables"]}
    assert summary["first"]["skippedAlreadyCopied"] is True
    assert summary["second"]["skippedAlreadyCopied"] is False
    assert all(t["verification"]["verified"] for t in summary.values())
    assert query("SELECT count(*), max(id) FROM second") == [(100_000, 100_000)]


ROUND_TRIP = """
CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born DATE, seen DATETIME,
  active BOOLEAN, score REAL, photo BLOB, big NUMERIC, note);
CREATE TABLE tags(person INTEGER REFERENCES people(id), tag TEXT, PRIMARY KEY (person, tag))
  WITHOUT ROWID;
CREATE TABLE events(kind TEXT, at DATETIME);
CREATE INDEX events_kind ON events(kind);
"""


def test_export_round_trip_gives_the_same_rows(
    make_db: Callable[..., Path],
    pg_db: str,
    cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    people = [
        (1, "Ann", "1990-05-01", "2024-01-02 03:04:05", 1, 1.25, b"\x89PNG\x00", 1e20, "x"),
        (2, "Bo ☃", None, "2024-01-02 03:04:05.250000", 0, -0.0, None, 5, "42"),
        (3, "Cy", "2000-02-29", None, None, 1e-300, b"", None, None),
    ]
    source = make_db(
        ROUND_TRIP,
        {
            "people": people,
            "tags": [(1, "a"), (1, "b"), (3, "z")],
            "events": [("x", "2024-03-01 00:00:00"), ("x", "2024-03-01 00:00:00"), (None, None)],
        },
    )
    assert cli("migrate", "run", str(source), "--target-url", pg_db).code == 0
    exported = tmp_path / "back.db"
    result = cli("migrate", "export", "--source-url", pg_db, str(exported), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["status"] == "verified"
    assert {t["table"]: t["rows"] for t in report["tables"]} == {
        "people": 3,
        "tags": 3,
        "events": 3,
    }

    def rows(path: Path, table: str) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(path)
        try:
            return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        finally:
            conn.close()

    for table in ("people", "tags", "events"):
        original = rows(source, table)
        back = rows(exported, table)
        assert back == original, table
    conn = sqlite3.connect(exported)
    assert conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'events_kind'"
    ).fetchall() == [("events_kind",)]
    conn.close()
    again = cli("migrate", "export", "--source-url", pg_db, str(exported))
    assert again.code == 2 and "exists" in again.err
