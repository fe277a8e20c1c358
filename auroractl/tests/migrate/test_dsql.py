"""``migrate run`` into Aurora DSQL. DSQL is unreachable here, so the parts run against the real
PostgreSQL the suite starts where PostgreSQL takes the same SQL (batched writes under the limits,
the journal, resume after SIGKILL, tables with their primary key and identity, verification),
and the DSQL-only statements (``CREATE INDEX ASYNC``, ``ALTER TABLE ASYNC``, job waits) are
checked as the text ``run`` sends."""

from __future__ import annotations

import dataclasses
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from auroractl.migrate import ddl, dsql, dsqlcopy, dsqlddl, dsqlrun, dsqlverify
from auroractl.migrate.copy import Rejects
from auroractl.migrate.errors import ExitCode, OpsError
from auroractl.migrate.journal import Journal
from auroractl.migrate.model import Plan
from auroractl.migrate.plan import build
from auroractl.migrate.problems import Flags
from auroractl.migrate.progress import Reporter
from auroractl.migrate.runner import RunOptions, RunReport
from auroractl.migrate.source import open_readonly
from auroractl.migrate.target import from_url

from ..ops.conftest import CliResult

Query = Callable[..., list[tuple[Any, ...]]]


def _plan(source: Path) -> Plan:
    conn = open_readonly(source)
    try:
        return build(
            conn,
            casts={},
            flags=Flags(on_invalid_utf8=None, drop_nul=False),
            tables=None,
            source=source,
            jobs=1,
            check_foreign_keys=False,
        )
    finally:
        conn.close()


def _run(
    source: Path, url: str, *, resume: bool = False, limits: dsqlcopy.Limits | None = None
) -> RunReport:
    plan = _plan(source)
    target = dataclasses.replace(from_url(url), dsql=True)
    totals = {t.source.name: (t.rows, 1) for t in plan.tables}
    with Reporter(io.StringIO(), totals, live=False) as reporter:
        options = RunOptions(source=source, jobs=2, resume=resume)
        return dsqlrun.run(plan, target, options, reporter, limits=limits)


def _transactions(query: Query, table: str, row_bytes: str) -> list[tuple[int, int]]:
    """(rows, estimated bytes) of each transaction that wrote ``table`` (rows share its xmin)."""
    rows = query(
        f"SELECT count(*), sum({row_bytes}) FROM {table} GROUP BY xmin::text ORDER BY 1 DESC"
    )
    return [(int(n), int(b)) for n, b in rows]


def test_batches_stay_under_the_row_and_byte_limits(
    make_db: Callable[..., Path], pg_db: str, query: Query
) -> None:
    """Small and large rows: some transactions close at the row limit, others at the byte
    limit; none exceeds either, and the journal's count is the table's."""
    # the first rows are large (the byte limit closes their batches), the rest small (the row
    # limit does)
    values = [(i, ("x" * 3_000) if i <= 700 and i % 3 == 0 else f"v{i}") for i in range(1, 2_001)]
    source = make_db("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);", {"t": values})
    limits = dsqlcopy.Limits(rows=100, bytes=40_000)
    table = _plan(source).tables[0]
    journal = Journal("public")
    with psycopg.connect(pg_db, autocommit=True) as conn:
        conn.execute(dsqlddl.create_table("public", table))
        journal.create(conn)
        copied = dsqlcopy.copy_table(
            source, conn, "public", table, journal, Rejects(None), lambda *_: None, limits=limits
        )
    assert copied == 2_000
    # the writer's estimate of a (bigint, text) row: 24 + 8 + the text's bytes
    batches = _transactions(query, "t", "24 + 8 + octet_length(v)")
    assert sum(n for n, _ in batches) == 2_000
    assert max(n for n, _ in batches) == limits.rows  # the row limit binds
    assert all(b <= limits.bytes for _, b in batches)
    assert any(n < limits.rows and b > limits.bytes - 3_100 for n, b in batches[:-1])
    assert query("SELECT state, rows, detail FROM auroractl_migrate_journal") == [
        ("copied", 2_000, None)
    ]
    assert query("SELECT count(*), count(DISTINCT id) FROM t") == [(2_000, 2_000)]


def test_rows_and_values_dsql_cannot_store_go_to_the_reject_file(
    make_db: Callable[..., Path], pg_db: str, query: Query, tmp_path: Path
) -> None:
    """A value over the value limit or a row over the row limit is set aside with the reason;
    without a reject file the table stops, naming the flag."""
    source = make_db(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB);",
        {"t": [(1, "ok", b"ok"), (2, "x" * 1_200, None), (3, "y" * 800, b"z" * 800), (4, "", b"")]},
    )
    limits = dsqlcopy.Limits(value_bytes=1_000, row_bytes=1_500)
    table = _plan(source).tables[0]
    journal = Journal("public")
    rejects = Rejects(tmp_path / "rejects.jsonl")
    with psycopg.connect(pg_db, autocommit=True) as conn:
        conn.execute(dsqlddl.create_table("public", table))
        journal.create(conn)
        copied = dsqlcopy.copy_table(
            source, conn, "public", table, journal, rejects, lambda *_: None, limits=limits
        )
        rejects.close()
        with pytest.raises(OpsError, match="pass --reject-file F"):
            dsqlcopy.copy_table(
                source,
                conn,
                "public",
                table,
                journal,
                Rejects(None),
                lambda *_: None,
                limits=limits,
            )
    assert copied == 2
    assert query("SELECT id FROM t ORDER BY id") == [(1,), (4,)]
    lines = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [(r["row"][0], r["reason"]) for r in lines] == [
        (2, "a value of 1200 bytes: Aurora DSQL values hold at most 1000 bytes"),
        (3, "row of about 1632 bytes: Aurora DSQL rows hold at most 1500 bytes"),
    ]


def test_dsql_defaults_leave_room_under_the_documented_limits() -> None:
    """A batch plus its journal row stays under 3,000 rows and 10 MiB per transaction."""
    limits = dsqlcopy.Limits()
    assert limits.rows + 1 <= dsql.MAX_TRANSACTION_ROWS
    assert limits.bytes + limits.row_bytes <= dsql.MAX_TRANSACTION_BYTES
    assert (
        dsqlcopy.estimate(("é" * 10, b"\0" * 5, None, 1, 2.0, True)) == 24 + 20 + 5 + 1 + 8 + 8 + 1
    )


def test_run_into_dsql_form_on_postgres_copies_keys_identity_and_verifies(
    make_db: Callable[..., Path], pg_db: str, query: Query
) -> None:
    """The whole run in DSQL's statement forms (PostgreSQL takes these too): primary keys in
    CREATE TABLE, identity with CACHE restarted past the largest key, keyless and WITHOUT ROWID
    tables, batched copy, verification; a second run is refused."""
    source = make_db(
        "CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);"
        "CREATE TABLE pairs(a TEXT, b INT, v REAL, PRIMARY KEY (a, b)) WITHOUT ROWID;"
        "CREATE TABLE notes(body TEXT, n INT);"
        "CREATE TABLE huge(id INTEGER PRIMARY KEY, n INTEGER);"
        "CREATE VIEW named AS SELECT name FROM users;",
        {
            "users": [(i, f"user {i}") for i in range(1, 2_501)],
            "pairs": [(f"k{i % 13}", i, i / 3) for i in range(700)],
            "notes": [(f"note {i % 5}", i % 3) for i in range(1_200)],
            "huge": [(1, 1e20), (2, 5)],  # beyond bigint: SQLite keeps it as a REAL
        },
    )
    report = _run(source, pg_db, limits=dsqlcopy.Limits(rows=300, bytes=1 << 20))
    assert report.verified is True, [t.verification for t in report.tables]
    assert {t.name: t.rows for t in report.tables} == {
        "users": 2_500,
        "pairs": 700,
        "notes": 1_200,
        "huge": 2,
    }
    # DSQL's bare numeric is numeric(18,6): the column gets every digit
    assert query(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'huge'::regclass AND attname = 'n'"
    ) == [("numeric(1000,0)",)]
    assert query("SELECT n::text FROM huge ORDER BY id") == [("100000000000000000000",), ("5",)]
    assert report.not_migrated == []
    assert max(n for n, _ in _transactions(query, "users", "1")) == 300
    keys = query(
        "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'p' ORDER BY 1"
    )
    assert ("pairs", "PRIMARY KEY (a, b)") in keys and ("users", "PRIMARY KEY (id)") in keys
    assert query("INSERT INTO users(name) VALUES ('new') RETURNING id") == [(2_501,)]
    assert query("SELECT count(*) FROM named") == [(2_501,)]
    assert query("SELECT item, state FROM auroractl_migrate_journal WHERE item = 'run'") == [
        ("run", "done")
    ]
    with pytest.raises(OpsError, match="holds the journal of an earlier run"):
        _run(source, pg_db)


def test_dsql_verification_pages_by_key_and_catches_changed_rows(
    make_db: Callable[..., Path], pg_db: str, query: Query
) -> None:
    """Verification in bounded queries (pages of 7 rows here): identical tables pass, a row
    changed behind the run's back is named with both sides' values, keyless tables too."""
    source = make_db(
        "CREATE TABLE pairs(a TEXT, b INT, v REAL, PRIMARY KEY (a, b)) WITHOUT ROWID;"
        "CREATE TABLE notes(body TEXT, n INT);",
        {
            "pairs": [(f"k{i % 13}", i, i / 3) for i in range(700)],
            "notes": [(f"note {i % 5}", i % 3) for i in range(300)],
        },
    )
    assert _run(source, pg_db).verified is True
    tables = {t.name: t for t in _plan(source).tables}
    with psycopg.connect(pg_db, autocommit=True) as conn:
        same = dsqlverify.verify_table(source, conn, "public", tables["pairs"], page_rows=7)
        assert same.ok and same.source_rows == same.target_rows == 700
        conn.execute("UPDATE pairs SET v = 99.5 WHERE a = 'k3' AND b = 3")
        conn.execute("DELETE FROM notes WHERE ctid = (SELECT min(ctid) FROM notes)")
        changed = dsqlverify.verify_table(source, conn, "public", tables["pairs"], page_rows=7)
        keyless = dsqlverify.verify_table(source, conn, "public", tables["notes"])
    assert not changed.ok and changed.differing == 1
    assert [d.as_text() for d in changed.differences] == [
        "key 'k3', 3: source ('k3', 3, 1.0) != target ('k3', 3, 99.5)"
    ]
    assert not keyless.ok and (keyless.source_rows, keyless.target_rows) == (300, 299)
    assert keyless.differing == 1 and keyless.differences[0].target is None


RESUMABLE_RUN = """
import dataclasses, io, sys
from pathlib import Path
from auroractl.migrate import dsqlcopy, dsqlrun
from auroractl.migrate.plan import build
from auroractl.migrate.problems import Flags
from auroractl.migrate.progress import Reporter
from auroractl.migrate.runner import RunOptions
from auroractl.migrate.source import open_readonly
from auroractl.migrate.target import from_url

source = Path(sys.argv[1])
conn = open_readonly(source)
plan = build(conn, casts={}, flags=Flags(on_invalid_utf8=None, drop_nul=False), tables=None,
             source=source, jobs=1, check_foreign_keys=False)
conn.close()
target = dataclasses.replace(from_url(sys.argv[2]), dsql=True)
with Reporter(io.StringIO(), {}, live=False) as reporter:
    dsqlrun.run(plan, target, RunOptions(source=source, jobs=1), reporter,
                limits=dsqlcopy.Limits(rows=int(sys.argv[3])))
"""


def test_resume_after_sigkill_continues_after_the_last_committed_key(
    make_db: Callable[..., Path], pg_db: str, query: Query
) -> None:
    """Killed mid-table, the rows on the target are exactly the journal's count; ``--resume``
    adds the rest after the last committed key of a WITHOUT ROWID composite key (no TRUNCATE,
    no row written twice, committed batches untouched) and verifies."""
    rows = [(f"k{i % 97:03d}", i, f"value {i}") for i in range(120_000)]
    source = make_db(
        "CREATE TABLE big(a TEXT, b INT, v TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;",
        {"big": rows},
    )
    child = subprocess.Popen(
        [sys.executable, "-c", RESUMABLE_RUN, str(source), pg_db, "200"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            state = []
            if query("SELECT to_regclass('auroractl_migrate_journal')") != [(None,)]:
                state = query(
                    "SELECT rows FROM auroractl_migrate_journal "
                    "WHERE item = 'table:big' AND state = 'copying'"
                )
            if state and int(state[0][0]) >= 4_000:
                break
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the copy never got past 4,000 rows"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    (committed,) = query("SELECT rows FROM auroractl_migrate_journal WHERE item = 'table:big'")
    assert query("SELECT count(*) FROM big") == [(committed[0],)]
    assert 4_000 <= committed[0] < 120_000
    before = _transactions(query, "big", "1")
    report = _run(source, pg_db, resume=True, limits=dsqlcopy.Limits(rows=5_000))
    assert report.verified is True
    assert query("SELECT count(*), count(DISTINCT (a, b)) FROM big") == [(120_000, 120_000)]
    after = _transactions(query, "big", "1")
    assert all(n == 200 for n, _ in before) and len(before) == committed[0] // 200
    assert set(before) <= set(after)  # the killed run's batches are untouched
    assert max(n for n, _ in after) == min(5_000, 120_000 - committed[0])
    assert query("SELECT state, rows FROM auroractl_migrate_journal WHERE item = 'table:big'") == [
        ("copied", 120_000)
    ]


def _table(make_db: Callable[..., Path], script: str, rows: dict[str, Any] | None = None) -> Any:
    return _plan(make_db(script, rows))


def test_dsql_statements_are_async_indexes_not_valid_constraints_and_job_waits(
    make_db: Callable[..., Path],
) -> None:
    plan = _table(
        make_db,
        "CREATE TABLE p(id INTEGER PRIMARY KEY);"
        "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT UNIQUE, b INT REFERENCES p(id), c INT,"
        "  CHECK (c > 0));"
        "CREATE INDEX t_b ON t(b);"
        "CREATE INDEX t_c_desc ON t(c DESC, b);",
    )
    table = next(t for t in plan.tables if t.name == "t")
    create = dsqlddl.create_table("public", table)
    assert '"id" bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) NOT NULL' in create
    assert 'CONSTRAINT "t_pkey" PRIMARY KEY ("id")' in create
    steps, left_out = dsqlddl.post_data("public", table)
    sql = {s.sql: s for s in steps}
    unique = 'CREATE UNIQUE INDEX ASYNC IF NOT EXISTS "t_a_key" ON "public"."t" ("a")'
    assert sql[unique].job and not sql[unique].optional
    assert sql['CREATE INDEX ASYNC IF NOT EXISTS "t_b" ON "public"."t" ("b")'].job
    assert 'CREATE INDEX ASYNC IF NOT EXISTS "t_c_desc" ON "public"."t" ("c", "b")' in sql
    assert left_out == ["index t_c_desc: DESC dropped (CREATE INDEX ASYNC takes no ASC/DESC)"]
    check = 'ALTER TABLE "public"."t" ADD CONSTRAINT "t_1_check" CHECK (c > 0) NOT VALID'
    validate = 'ALTER TABLE ASYNC "public"."t" VALIDATE CONSTRAINT "t_1_check"'
    assert sql[check].optional and not sql[check].job
    assert sql[validate].optional and sql[validate].job
    assert 'ALTER TABLE "public"."t" ALTER COLUMN "id" RESTART WITH 1' in sql
    fks = dsqlddl.foreign_key_steps("public", table)
    assert [(s.sql, s.job) for s in fks] == [
        (
            'ALTER TABLE "public"."t" ADD CONSTRAINT "t_b_fkey" FOREIGN KEY ("b") '
            'REFERENCES "public"."p" ("id") NOT VALID',
            False,
        ),
        ('ALTER TABLE ASYNC "public"."t" VALIDATE CONSTRAINT "t_b_fkey"', True),
    ]
    assert dsqlddl.WAIT_FOR_JOB == "SELECT sys.wait_for_job(%s)"
    assert dsqlddl.JOB_STATUS == "SELECT * FROM sys.jobs WHERE job_id = %s"


def test_postgresql_statements_have_no_dsql_forms(make_db: Callable[..., Path]) -> None:
    """``runner`` (PostgreSQL only; DSQL runs go through ``dsqlrun``) keeps identity columns,
    unique constraints and plain indexes."""
    plan = _table(
        make_db,
        "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT UNIQUE, b INT);CREATE INDEX t_b ON t(b);",
    )
    table = plan.tables[0]
    assert '"id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL' in ddl.create_table(
        "public", table
    )
    sql = [s.sql for s in ddl.post_data("public", table)]
    assert 'ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_key" UNIQUE ("a")' in sql
    assert 'CREATE INDEX "t_b" ON "public"."t" ("b")' in sql
    assert not any("ASYNC" in s for s in sql)


def test_every_part_dsql_refuses_is_named(make_db: Callable[..., Path]) -> None:
    """``check``'s list and ``run``'s not-migrated list name each refused part; tables DSQL
    cannot create stop ``run`` before it writes anything (exit 2)."""
    many = "".join(f"CREATE INDEX m{i} ON many(c{i});" for i in range(26))
    nine = ", ".join(f"k{i} INT" for i in range(9))
    plan = _table(
        make_db,
        f"CREATE TABLE many(id INTEGER PRIMARY KEY, {', '.join(f'c{i} INT' for i in range(26))});"
        + many
        + "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INT);"
        "CREATE INDEX t_lower ON t(lower(a));"
        "CREATE INDEX t_part ON t(b) WHERE b > 0;"
        "CREATE INDEX t_desc ON t(b DESC);"
        "CREATE TRIGGER t_trg AFTER INSERT ON t BEGIN SELECT 1; END;"
        "CREATE TABLE wide(c INT);"
        f"CREATE TABLE ninekey({nine}, PRIMARY KEY ({', '.join(f'k{i}' for i in range(9))})) "
        "WITHOUT ROWID;",
    )
    # 256 columns: built from a one-column table's plan (profiling so wide a SQLite table
    # takes more result columns than SQLite allows)
    wide = next(t for t in plan.tables if t.name == "wide")
    wide = dataclasses.replace(wide, columns=wide.columns * 256)
    plan = dataclasses.replace(
        plan,
        tables=tuple(wide if t.name == "wide" else t for t in plan.tables),
        dsql_refusals=tuple(
            dsql.refusals([wide if t.name == "wide" else t for t in plan.tables], plan.objects)
        ),
    )
    refusals = "\n".join(plan.dsql_refusals)
    for name in (
        "table many: 26 indexes, DSQL allows 24",
        "index t_lower on t: expression or partial index",
        "index t_part on t: expression or partial index",
        "index t_desc on t: DESC",
        "trigger t_trg: DSQL has no triggers",
        "table wide: 256 columns, DSQL allows 255",
        "table ninekey: primary key of 9 columns, DSQL allows 8",
    ):
        assert name in refusals
    tables = {t.name: t for t in plan.tables}
    _, left = dsqlddl.post_data("public", tables["t"])
    assert [s.split(":")[0] for s in left] == ["index t_desc", "index t_lower", "index t_part"]
    steps, left = dsqlddl.post_data("public", tables["many"])
    assert sum(s.job for s in steps) == 24
    assert left == [f"index m{i}: DSQL allows 24 indexes per table" for i in (8, 9)]
    target = dataclasses.replace(from_url("postgresql://u@127.0.0.1:1/db"), dsql=True)
    with (
        Reporter(io.StringIO(), {}, live=False) as reporter,
        pytest.raises(OpsError) as refused,
    ):
        dsqlrun.run(plan, target, RunOptions(source=Path(__file__)), reporter)
    assert refused.value.code == 2
    assert "table wide: 256 columns" in refused.value.message
    assert "table ninekey: primary key of 9 columns" in refused.value.message


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--auth", "dsql"], "--auth dsql signs a token for a region: pass --region"),
        (["--auth", "secret"], "--auth secret applies to --stack"),
        (["--auth", "dsql", "--region", "us-east-1"], "needs the database role (the URL's user"),
    ],
)
def test_dsql_url_flags_are_checked(
    make_db: Callable[..., Path], cli: Callable[..., CliResult], extra: list[str], message: str
) -> None:
    source = make_db("CREATE TABLE t(x INT);")
    url = (
        "postgresql://db.example.com/postgres"
        if "--region" in extra
        else ("postgresql://app@db.example.com/postgres")
    )
    result = cli("migrate", "run", str(source), "--target-url", url, *extra)
    assert result.code == 2, result.err
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_dsql_stack_without_a_user_or_with_secret_auth_is_refused_naming_the_flag(
    make_db: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    source = make_db("CREATE TABLE t(x INT);")
    outputs = tmp_path / "outputs.json"
    env = {
        "DATABASE_HOST": "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws",
        "DATABASE_PORT": "5432",
        "DATABASE_NAME": "postgres",
        "DATABASE_SSL": "true",
        "DATABASE_AUTH": "iam",
    }
    outputs.write_text(json.dumps({"env": env}), encoding="utf-8")
    result = cli("migrate", "run", str(source), "--outputs", str(outputs))
    assert result.code == 2
    assert (
        "the stack's env declares DATABASE_AUTH=iam (auth dsql): pass --user, the database "
        "user to sign a token for, or --auth dsql-admin"
    ) in result.err
    assert len(result.err.strip().splitlines()) == 1
    result = cli("migrate", "run", str(source), "--outputs", str(outputs), "--auth", "secret")
    assert result.code == 2
    assert (
        "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws is an Aurora DSQL endpoint: pass "
        "--auth dsql --user ROLE, or --auth dsql-admin (got --auth secret)"
    ) in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_source_key_query_continues_after_a_composite_key(tmp_path: Path) -> None:
    """The resumed read starts strictly after the journal's key, bytes keys included."""
    db = tmp_path / "k.db"
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE w(a BLOB, b INT, v, PRIMARY KEY (a, b)) WITHOUT ROWID;")
    conn.executemany("INSERT INTO w VALUES (?, ?, ?)", [(bytes([i % 3]), i, i) for i in range(9)])
    conn.commit()
    conn.close()
    table = _plan(db).tables[0]
    key = dsqlcopy.decode_key(dsqlcopy.encode_key((b"\x01", 4)))
    sql, params = dsqlcopy.source_query(table, key)
    src = open_readonly(db)
    try:
        rest = [tuple(r[:2]) for r in src.execute(sql, params)]
    finally:
        src.close()
    assert rest == [(b"\x01", 7), (b"\x02", 2), (b"\x02", 5), (b"\x02", 8)]


@pytest.mark.parametrize("via", ["stack", "url"])
def test_dsql_stack_and_url_connect_with_a_signed_token(
    make_db: Callable[..., Path],
    pg: Any,
    moto: str,
    cli: Callable[..., CliResult],
    tmp_path: Path,
    via: str,
) -> None:
    """A dsql stack (or a URL with ``--auth dsql-admin``) is no longer refused: ``run`` signs a
    DSQL token and connects with it over TLS verify-full; the local server, which is not DSQL,
    rejects the token (exit 7) and the token is never printed."""
    source = make_db("CREATE TABLE t(id INTEGER PRIMARY KEY);", {"t": [(1,)]})
    if via == "stack":
        outputs = tmp_path / "outputs.json"
        env = {
            "DATABASE_HOST": "127.0.0.1",
            "DATABASE_PORT": str(pg.tls.port),
            "DATABASE_NAME": "app",
            "DATABASE_SSL": "true",
            "DATABASE_AUTH": "iam",
            "DATABASE_REGION": "us-east-1",
        }
        outputs.write_text(json.dumps({"env": env}), encoding="utf-8")
        where = ["--outputs", str(outputs), "--ca-bundle", str(pg.pki.ca_cert)]
    else:
        url = (
            f"postgresql://127.0.0.1:{pg.tls.port}/app?sslmode=verify-full"
            f"&sslrootcert={pg.pki.ca_cert}"
        )
        where = ["--target-url", url]
    result = cli(
        "migrate",
        "run",
        str(source),
        *where,
        "--auth",
        "dsql-admin",
        "--region",
        "us-east-1",
        "--endpoint-url",
        moto,
        "--json",
    )
    assert result.code == ExitCode.AUTH, result.out + result.err
    assert json.loads(result.out)["error"] == "auth"
    assert "X-Amz-Signature" not in result.out + result.err
    assert "not supported" not in result.out + result.err
