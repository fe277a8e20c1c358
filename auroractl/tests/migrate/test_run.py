"""``migrate run`` against the real PostgreSQL: schema, data, keys, verification, refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from auroractl.migrate import verify
from auroractl.migrate.copy import spec_for
from auroractl.migrate.plan import build
from auroractl.migrate.source import open_readonly

from ..ops.conftest import CliResult

SCHEMA = """
CREATE TABLE Users(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE,
  active BOOLEAN DEFAULT 1, created DATETIME DEFAULT CURRENT_TIMESTAMP, score REAL,
  CHECK (length(name) > 0));
CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES Users(id), amount NUMERIC,
  note, day DATE);
CREATE INDEX orders_user ON orders(user_id);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 10;
"""


def _rows() -> dict[str, list[tuple[object, ...]]]:
    return {
        "Users": [
            (i, f"u{i}", f"u{i}@example.com", i % 2, f"2024-01-0{i % 9 + 1} 10:00:00", i * 1.5)
            for i in range(1, 51)
        ],
        "orders": [
            (i, i % 50 + 1, i * 3, "n" if i % 2 else i, "2024-02-01") for i in range(1, 201)
        ],
    }


def test_run_copies_verifies_and_builds_keys(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(SCHEMA, _rows())
    result = cli("migrate", "run", str(source), "--target-url", pg_db, "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["status"] == "verified"
    assert {t["table"]: t["rows"] for t in summary["tables"]} == {"Users": 50, "orders": 200}
    assert query("SELECT count(*) FROM users") == [(50,)]
    assert query("SELECT active, created::text FROM users WHERE id = 3") == [
        (True, "2024-01-04 10:00:00")
    ]
    types = dict(
        query(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'orders'"
        )
    )
    assert types == {
        "id": "bigint",
        "user_id": "bigint",
        "amount": "bigint",
        "note": "text",
        "day": "date",
    }
    # identity continues past the copied keys
    assert query("INSERT INTO users(name) VALUES ('new') RETURNING id") == [(51,)]
    constraints = {
        row[0]
        for row in query(
            "SELECT contype::text || ':' || convalidated FROM pg_constraint "
            "WHERE conrelid IN ('users'::regclass, 'orders'::regclass)"
        )
    }
    assert constraints == {"p:true", "u:true", "c:true", "f:true"}
    assert query("SELECT count(*) FROM big_orders") == [(197,)]


KEYS = """
CREATE TABLE comp(a INT, b TEXT, v REAL, PRIMARY KEY (a, b));
CREATE TABLE wr(code TEXT PRIMARY KEY, n INT) WITHOUT ROWID;
CREATE TABLE loose(x, y TEXT);
CREATE TABLE counter(id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT);
CREATE TABLE child(id INTEGER PRIMARY KEY, comp_a INT, comp_b TEXT,
  FOREIGN KEY (comp_a, comp_b) REFERENCES comp(a, b));
CREATE TABLE comp_pkey(x INT);
"""


def test_keys_keyless_without_rowid_autoincrement_and_violated_fk(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(
        KEYS,
        {
            "comp": [(1, "b", 0.5), (1, "a", None), (2, "a", -0.0), (10, "Z", 1e300)],
            "wr": [("é", 1), ("e", 2), ("E", 3), ("", 4)],
            "loose": [(1, "dup"), (1, "dup"), (None, None), (b"\x00", "blob")],
            "counter": [(1, "a"), (2, "b"), (3, "c")],
            "child": [(1, 1, "a"), (2, 9, "nope")],
            "comp_pkey": [(1,)],
        },
    )
    sqlite3_delete = __import__("sqlite3").connect(source)
    sqlite3_delete.execute("DELETE FROM counter WHERE id = 3")  # AUTOINCREMENT keeps 3 used
    sqlite3_delete.commit()
    sqlite3_delete.close()
    result = cli(
        "migrate", "run", str(source), "--target-url", pg_db, "--jobs", "3", "--streams", "2"
    )
    assert result.code == 0, result.err + result.out
    assert "verified: 17 rows" in result.out
    assert query("SELECT a, b FROM comp ORDER BY a, b") == [(1, "a"), (1, "b"), (2, "a"), (10, "Z")]
    assert query("SELECT count(*) FROM loose") == [(4,)]
    # AUTOINCREMENT never reuses 3; identity continues at 4
    assert query("INSERT INTO counter(label) VALUES ('d') RETURNING id") == [(4,)]
    ((pk_name, pk_def),) = query(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'comp'::regclass AND contype = 'p'"
    )
    # the derived name comp_pkey is a table here: the key got a hash suffix
    assert pk_def == "PRIMARY KEY (a, b)"
    assert pk_name.startswith("comp_pkey_") and len(pk_name) == len("comp_pkey_") + 8
    fk = query(
        "SELECT convalidated FROM pg_constraint WHERE conrelid = 'child'::regclass "
        "AND contype = 'f'"
    )
    assert fk == [(False,)]  # violated by the data: left NOT VALID
    assert "foreign key (comp_a, comp_b) -> comp" in cli("migrate", "check", str(source)).out


def test_flags_resolve_data_problems_and_reject_file(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    source = make_db("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT, d DATETIME, r REAL);")
    conn = __import__("sqlite3").connect(source)
    conn.execute("INSERT INTO t VALUES (1, 'fine', '2024-01-01 00:00:00', 'NaN')")
    conn.execute("INSERT INTO t VALUES (2, CAST(? AS TEXT), 1700000000, 1.0)", (b"bad\xff",))
    conn.execute("INSERT INTO t VALUES (3, ?, '2024-01-03T04:05:06', 9e999)", ("nul\x00here",))
    conn.commit()
    conn.close()
    refused = cli("migrate", "run", str(source), "--target-url", pg_db)
    assert refused.code == 2
    assert "cannot move as is" in refused.err and "--drop-nul" in refused.err
    rejects = tmp_path / "rejects.jsonl"
    result = cli(
        "migrate",
        "run",
        str(source),
        "--target-url",
        pg_db,
        "--on-invalid-utf8",
        "reject",
        "--drop-nul",
        "--cast",
        "t.d=timestamp",
        "--reject-file",
        str(rejects),
        "--json",
    )
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["rejectedRows"] == 1
    assert json.loads(rejects.read_text())["reason"].startswith("invalid UTF-8")
    rows = query("SELECT id, s, d::text, r::text FROM t ORDER BY id")
    assert rows == [
        (1, "fine", "2024-01-01 00:00:00", "NaN"),
        (3, "nulhere", "2024-01-03 04:05:06", "Infinity"),
    ]


def test_refuses_existing_tables_and_unfinished_journal(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db("CREATE TABLE t(x INT);", {"t": [(1,)]})
    query("CREATE TABLE t(x int)")
    query("INSERT INTO t VALUES (5)")
    result = cli("migrate", "run", str(source), "--target-url", pg_db)
    assert result.code == 2
    assert "already has table(s) 't'" in result.err
    assert query("SELECT x FROM t") == [(5,)]
    ok = cli("migrate", "run", str(source), "--target-url", pg_db, "--schema", "moved")
    assert ok.code == 0, ok.err
    again = cli("migrate", "run", str(source), "--target-url", pg_db, "--schema", "moved")
    assert again.code == 2
    assert "journal of an earlier run" in again.err
    nothing = cli("migrate", "run", str(source), "--target-url", pg_db, "--resume")
    assert nothing.code == 2 and "no journal to resume" in nothing.err


def test_verify_catches_a_row_changed_behind_its_back(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db(SCHEMA, _rows())
    assert cli("migrate", "run", str(source), "--target-url", pg_db).code == 0
    clean = cli("migrate", "verify", str(source), "--target-url", pg_db)
    assert clean.code == 0, clean.out
    query("UPDATE orders SET note = 'changed' WHERE id = 7")
    query("SET session_replication_role = replica; DELETE FROM users WHERE id = 50")
    result = cli("migrate", "verify", str(source), "--target-url", pg_db, "--json")
    assert result.code == 1
    report = {t["table"]: t["verification"] for t in json.loads(result.out)["tables"]}
    assert report["orders"]["verified"] is False
    assert report["orders"]["sourceRows"] == report["orders"]["targetRows"] == 200
    assert report["orders"]["sourceChecksum"] != report["orders"]["targetChecksum"]
    assert report["orders"]["differingRows"] == 1
    (line,) = report["orders"]["firstDifferences"]
    assert line.startswith("key 7: source") and "'changed'" in line and "'n'" in line
    assert report["Users"]["targetRows"] == 49
    assert report["Users"]["firstDifferences"][0].startswith("key 50: missing in the target")


def test_keyless_table_difference_is_found(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = make_db("CREATE TABLE log(msg TEXT, n INT);", {"log": [("a", 1), ("a", 1), ("b", 2)]})
    assert cli("migrate", "run", str(source), "--target-url", pg_db).code == 0
    query("UPDATE log SET n = 3 WHERE msg = 'b'")
    result = cli("migrate", "verify", str(source), "--target-url", pg_db)
    assert result.code == 1
    assert "row: missing in the target; source ('b', 2)" in result.out


def test_tls_target_verify_full_and_password_never_echoed(
    make_db: Callable[..., Path],
    pg: Any,
    cli: Callable[..., CliResult],
    monkeypatch: Any,
) -> None:
    source = make_db("CREATE TABLE t(x INT);", {"t": [(1,)]})
    url = (
        f"postgresql://app_user@127.0.0.1:{pg.tls.port}/app?sslmode=verify-full"
        f"&sslrootcert={pg.pki.ca_cert}"
    )
    monkeypatch.setenv("PGPASSWORD", pg.app_password)
    result = cli("migrate", "run", str(source), "--target-url", url, "--schema", "tls_ok")
    assert result.code == 0, result.err
    wrong_ca = url.replace(str(pg.pki.ca_cert), str(pg.pki.other_ca_cert))
    failed = cli("migrate", "run", str(source), "--target-url", wrong_ca, "--schema", "x")
    assert failed.code == 6, failed.err
    monkeypatch.delenv("PGPASSWORD")
    secret = "Sup3r-secret-pw"
    bad = cli(
        "migrate",
        "run",
        str(source),
        "--target-url",
        url.replace("app_user@", f"app_user:{secret}@"),
        "--schema",
        "y",
    )
    assert bad.code == 7
    assert secret not in bad.err + bad.out


def test_stack_target_uses_the_secret_and_tls_like_health(
    make_db: Callable[..., Path],
    pg: Any,
    aws_client: Callable[..., Any],
    moto: str,
    cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    source = make_db("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);", {"t": [(1, "a")]})
    arn = aws_client("secretsmanager", "us-east-1").create_secret(
        Name="app/db",
        SecretString=json.dumps({"username": "app_user", "password": pg.app_password}),
    )["ARN"]
    outputs = tmp_path / "outputs.json"
    env = {
        "DATABASE_HOST": "127.0.0.1",
        "DATABASE_PORT": str(pg.tls.port),
        "DATABASE_NAME": "app",
        "DATABASE_SSL": "true",
        "DATABASE_MAX_CONNECTIONS": "10",
        "DATABASE_SECRET_ARN": arn,
    }
    outputs.write_text(json.dumps({"env": env}), encoding="utf-8")
    result = cli(
        "migrate",
        "run",
        str(source),
        "--outputs",
        str(outputs),
        "--ca-bundle",
        str(pg.pki.ca_cert),
        "--endpoint-url",
        moto,
        "--schema",
        "from_stack",
        "--json",
    )
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["status"] == "verified"
    assert "TLS verify-full" in summary["target"] and "auth secret" in summary["target"]
    assert pg.app_password not in result.out + result.err


def test_copy_digests_and_key_ranges_match_a_second_read_and_catch_changes(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The source side the copy computes and PostgreSQL's key-range chunks equal the SQLite
    re-read and the window-sorted chunks; a changed row and a row below the first chunk's
    key are caught."""
    monkeypatch.setattr(verify, "CHUNK_ROWS", 7)
    source = make_db(SCHEMA, _rows())
    assert cli("migrate", "run", str(source), "--target-url", pg_db).code == 0
    src = open_readonly(source)
    table = next(t for t in build(src).tables if t.name == "orders")
    spec = spec_for(table, "public")
    digests = verify.SourceDigests(
        [c.pg_type for c in table.columns], keyed=True, key_positions=spec.key_positions
    )
    convert = verify.convert_row(spec.converters)
    rows = src.execute(f"SELECT {', '.join(spec.sqlite_select)} FROM orders ORDER BY id")
    digests.add([convert(r) if convert else r for r in rows])
    assert digests.bounds is not None and len(digests.bounds) == 29  # 200 rows, 7 a chunk
    with psycopg.connect(pg_db) as conn:
        ranged = verify.pg_range_chunks(conn, spec, digests.bounds)
        assert ranged == verify.pg_chunks(conn, spec)
        assert ranged == digests.chunks() == list(verify.sqlite_chunks(src, spec))
        query("UPDATE orders SET note = 'changed' WHERE id = 100")
        query("INSERT INTO orders (id, user_id, amount, note, day) VALUES (-5, 1, 1, 'x', NULL)")
        result = verify.Result(table="orders")
        verify.compare_chunks(
            iter(digests.chunks()), verify.pg_range_chunks(conn, spec, digests.bounds), result
        )
    assert (result.source_rows, result.target_rows, result.differing) == (200, 201, 2)
    assert not result.ok


def _wide(make_db: Callable[..., Path], columns: int) -> Path:
    """A table of ``columns`` untyped columns holding integers, reals and text mixed (the
    most measures per column in the profile)."""
    names = ", ".join(f"c{i}" for i in range(columns))
    rows = [
        (r, *[f"v{r}" if r % 2 else r * i + 0.5 if r % 3 else r * i for i in range(columns)])
        for r in range(1, 13)
    ]
    return make_db(f"CREATE TABLE wide(id INTEGER PRIMARY KEY, {names});", {"wide": rows})


def test_wide_table_is_checked_copied_and_verified(
    make_db: Callable[..., Path],
    pg_db: str,
    query: Callable[..., list[tuple[object, ...]]],
    cli: Callable[..., CliResult],
) -> None:
    source = _wide(make_db, 300)
    checked = cli("migrate", "check", str(source), "--json")
    assert checked.code == 0, checked.err
    assert len(json.loads(checked.out)["tables"][0]["columns"]) == 301
    result = cli("migrate", "run", str(source), "--target-url", pg_db, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["status"] == "verified"
    assert query("SELECT c299 FROM wide WHERE id IN (1, 2, 6) ORDER BY id") == [
        ("v1",),
        ("598.5",),
        ("1794",),
    ]


def test_table_wider_than_postgresql_allows_is_one_line(
    make_db: Callable[..., Path], pg_db: str, cli: Callable[..., CliResult]
) -> None:
    source = _wide(make_db, 1600)  # with id: 1601 columns
    checked = cli("migrate", "check", str(source))
    assert checked.code == 1, checked.err
    assert "not movable: 1601 columns, PostgreSQL allows 1600" in checked.out
    result = cli("migrate", "run", str(source), "--target-url", pg_db)
    assert result.code == 2
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert "1601 columns, PostgreSQL allows 1600" in result.err


def test_rows_wider_than_a_postgresql_page_is_one_line(
    make_db: Callable[..., Path], pg_db: str, cli: Callable[..., CliResult]
) -> None:
    names = ", ".join(f"c{i} INTEGER" for i in range(1200))
    source = make_db(
        f"CREATE TABLE w(id INTEGER PRIMARY KEY, {names});",
        {"w": [(1, *[2**40 + i for i in range(1200)])]},
    )
    result = cli("migrate", "run", str(source), "--target-url", pg_db)
    assert result.code == 2
    last = result.err.strip().splitlines()[-1]
    assert "Traceback" not in result.err
    assert last.startswith("auroractl migrate run: error: table w: PostgreSQL cannot hold its")
    assert "row is too big" in last and last.endswith("split the table in SQLite")
