"""``migrate verify`` against a target whose columns are not the planned types (a run with
other ``--cast`` flags): one line naming the table and the flag, exit 1, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..ops.conftest import CliResult

SCHEMA = "CREATE TABLE t(id INTEGER PRIMARY KEY, n INT, d DATE, f REAL);"
ROWS = {"t": [(1, 5, "2024-01-01", 1.5), (2, 7, "2024-01-02", 2.5)]}


def test_verify_with_other_casts_than_the_run_says_so_in_one_line(
    make_db: Callable[..., Path], pg_db: str, cli: Callable[..., CliResult]
) -> None:
    source = make_db(SCHEMA, ROWS)
    casts = ["--cast", "t.n=bytea"]
    assert cli("migrate", "run", str(source), "--target-url", pg_db, *casts).code == 0
    same = cli("migrate", "verify", str(source), "--target-url", pg_db, *casts)
    assert same.code == 0, same.err
    other = cli("migrate", "verify", str(source), "--target-url", pg_db)
    assert other.code == 1
    lines = other.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in other.err
    assert "verification of t: PostgreSQL refused its query" in lines[0]
    assert "--cast" in lines[0]
