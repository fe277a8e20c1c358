"""``migrate run``: schema, parallel copy, keys and indexes, foreign keys, verification.

Order: the tables (and the journal) are created in one transaction; then each table, in
``--jobs`` threads, is copied (feeding the source side of its verification), gets its primary
key, unique constraints, indexes, identity restart and checks, is analysed and verified; a
table's foreign keys (``NOT VALID``, then ``VALIDATE``) are added as soon as it and its parents
are done, while other tables are still copied; then views. Every finished item is marked in the
journal, so ``--resume`` redoes only what a killed run left unfinished.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import psycopg

from auroractl.migrate import ddl
from auroractl.migrate.assume import Check, Expectation, Unclean
from auroractl.migrate.copy import Rejects, Start, copy_table, spec_for
from auroractl.migrate.errors import ExitCode, MigrateError, OpsError, usage_error
from auroractl.migrate.journal import JOURNAL_TABLE, Entries, Journal, fingerprint
from auroractl.migrate.model import Context, Plan, TablePlan
from auroractl.migrate.plan import profile_again, replan, same_shape
from auroractl.migrate.problems import Problem
from auroractl.migrate.progress import Reporter
from auroractl.migrate.source import open_readonly
from auroractl.migrate.target import Target
from auroractl.migrate.verify import (
    INTEGER_TYPES,
    Result,
    SourceDigests,
    compare,
    compare_chunks,
    compare_multiset,
    multiset_differences,
    pg_chunks,
    pg_multiset,
    pg_range_chunks,
    pg_row_values,
    pg_rows,
    sqlite_chunks,
    sqlite_multiset,
    sqlite_rows,
)

VERIFY_WORK_MEM = "256MB"
"""``work_mem`` of a verifying session (this session only)."""


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """What ``migrate run`` was asked to do."""

    source: Path
    schema: str = "public"
    jobs: int = 2
    streams: int = 1
    resume: bool = False
    verify: bool = True
    reject_file: Path | None = None


@dataclasses.dataclass
class TableReport:
    """One table's outcome."""

    name: str
    target: str
    rows: int = 0
    seconds: float = 0.0
    resumed: bool = False
    verification: Result | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return {
            "table": self.name,
            "target": self.target,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "skippedAlreadyCopied": self.resumed,
            "verification": self.verification.as_json() if self.verification else None,
        }


@dataclasses.dataclass
class RunReport:
    """The whole run."""

    target: str
    schema: str
    tables: list[TableReport] = dataclasses.field(default_factory=list)
    not_migrated: list[str] = dataclasses.field(default_factory=list)
    rejected_rows: int = 0
    seconds: float = 0.0
    source_bytes: int = 0

    @property
    def verified(self) -> bool | None:
        """True when every table verified, False when one failed, None when not verified."""
        results = [t.verification for t in self.tables]
        if any(r is None for r in results):
            return None
        return all(r is not None and r.ok for r in results)

    @property
    def exit_code(self) -> int:
        """0 done (and verified), 1 verification failed."""
        return int(ExitCode.FAILED) if self.verified is False else int(ExitCode.OK)

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` summary."""
        rows = sum(t.rows for t in self.tables)
        return {
            "status": "verified"
            if self.verified
            else "failed"
            if self.verified is False
            else "copied",
            "target": self.target,
            "schema": self.schema,
            "rows": rows,
            "seconds": round(self.seconds, 3),
            "rowsPerSecond": round(rows / self.seconds) if self.seconds else None,
            "mbPerSecond": round(self.source_bytes / 1e6 / self.seconds, 2)
            if self.seconds
            else None,
            "rejectedRows": self.rejected_rows,
            "notMigrated": self.not_migrated,
            "tables": [t.as_json() for t in self.tables],
        }


def run(plan: Plan, target: Target, options: RunOptions, reporter: Reporter) -> RunReport:
    """Move the planned tables into ``target`` and verify them."""
    started = time.perf_counter()
    report = RunReport(target=target.display, schema=options.schema)
    report.source_bytes = options.source.stat().st_size
    journal = Journal(options.schema)
    rejects = Rejects(options.reject_file)
    conn = target.connect(autocommit=True)
    try:
        _lock(conn, options.schema)
        schema_existed = _schema_exists(conn, options.schema)
        done = _prepare(conn, plan, journal, options)
        reporter.line(
            f"{'resuming' if options.resume else 'migrating'} {len(plan.tables)} tables into "
            f"{target.display}, schema {options.schema}"
        )
        shared = _Shared(target, options, journal, rejects, reporter, done, plan.context)
        try:
            results = _tables(plan, shared, report)
        except _Blocked as blocked:
            _discard(conn, plan, journal, options.schema, drop_schema=not schema_existed)
            raise usage_error(
                f"the file cannot move as is: {blocked}; nothing was left in the target "
                "(the tables this run created were dropped)"
            ) from None
        report.tables = [results[t.source.name] for t in plan.tables]
        for obj in plan.objects:
            if obj.migrate:
                step = ddl.Step(
                    f"view:{obj.name}",
                    f"CREATE VIEW {ddl.qualified(options.schema, obj.target)} AS {obj.sql}",
                    f"view {obj.name}",
                    optional=True,
                )
                _step(conn, journal, step, done, report, reporter)
            else:
                report.not_migrated.append(f"{obj.kind} {obj.name}: {obj.reason}")
        with conn.transaction():
            journal.mark(conn, "run", "done", rows=sum(t.rows for t in report.tables))
    finally:
        rejects.close()
        conn.close()
    report.rejected_rows = rejects.count
    report.seconds = time.perf_counter() - started
    return report


class _ForeignKeys:
    """Adds each table's foreign keys once the table and its parents are copied."""

    def __init__(
        self,
        plan: Plan,
        target: Target,
        schema: str,
        journal: Journal,
        done: Entries,
        report: RunReport,
        reporter: Reporter,
    ) -> None:
        self.target = target
        self.schema = schema
        self.journal = journal
        self.done = done
        self.report = report
        self.reporter = reporter
        names = {t.name for t in plan.tables}
        self._waiting = {
            t.name: (t, {fk.parent for fk in t.foreign_keys if fk.parent in names} | {t.name})
            for t in plan.tables
            if t.foreign_keys
        }
        self._finished: set[str] = set()
        self._one_at_a_time = threading.Lock()

    def ready(self, finished: str) -> list[TablePlan]:
        """Tables whose keys can be added now that ``finished`` is in."""
        self._finished.add(finished)
        now = [name for name, (_, needs) in self._waiting.items() if needs <= self._finished]
        return [self._waiting.pop(name)[0] for name in now]

    def add(self, table: TablePlan) -> None:
        """``ADD CONSTRAINT ... NOT VALID`` then ``VALIDATE`` for each of ``table``'s keys."""
        with self._one_at_a_time:
            conn = self.target.connect(autocommit=True)
            try:
                for step in ddl.foreign_key_steps(self.schema, table):
                    _step(conn, self.journal, step, self.done, self.report, self.reporter)
            finally:
                conn.close()


def _schema_exists(conn: psycopg.Connection[Any], schema: str) -> bool:
    row = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    return row is not None


def _discard(
    conn: psycopg.Connection[Any], plan: Plan, journal: Journal, schema: str, *, drop_schema: bool
) -> None:
    """Drop what a fresh run created (its tables and journal; the schema if it made it)."""
    names = [ddl.qualified(schema, t.name) for t in plan.tables] + [journal.table]
    with conn.transaction():
        conn.execute(f"DROP TABLE IF EXISTS {', '.join(names)}")
        if drop_schema:
            conn.execute(f"DROP SCHEMA {ddl.ident(schema)}")


def _lock(conn: psycopg.Connection[Any], schema: str) -> None:
    row = conn.execute(
        "SELECT pg_try_advisory_lock(hashtext(%s))", (f"auroractl-migrate:{schema}",)
    ).fetchone()
    if not row or not row[0]:
        raise MigrateError(f"another `auroractl migrate` is writing schema {schema!r} right now")


def existing_tables(conn: psycopg.Connection[Any], schema: str, names: list[str]) -> set[str]:
    """Which of `names` already exist in `schema`."""
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename = ANY(%s)",
        (schema, names),
    ).fetchall()
    return {str(r[0]) for r in rows}


def open_run(
    conn: psycopg.Connection[Any], plan: Plan, journal: Journal, options: RunOptions
) -> tuple[str, Entries | None]:
    """Point the session at ``--schema`` and check the journal against ``--resume``: the
    source's fingerprint, and the journal's entries when resuming (``None``: a fresh run into
    a schema that holds none of the plan's tables)."""
    source_id = fingerprint(options.source)
    conn.execute("SET search_path TO " + ddl.ident(options.schema))
    if journal.exists(conn):
        if not options.resume:
            raise usage_error(
                f"schema {options.schema!r} holds the journal of an earlier run "
                f"({JOURNAL_TABLE}): pass --resume to finish it, or choose another --schema"
            )
        entries = journal.entries(conn)
        recorded = entries.get("source", ("", None, None))[2]
        if recorded is None:
            # A run killed between creating the journal and recording its source (DSQL
            # commits each DDL statement on its own).
            journal.mark(conn, "source", "recorded", detail=source_id)
        elif recorded != source_id:
            raise usage_error(
                f"--resume: the journal was written for source {recorded!r}, not {source_id!r}"
            )
        return source_id, entries
    if options.resume:
        raise usage_error(f"--resume: schema {options.schema!r} has no journal to resume")
    existing = existing_tables(conn, options.schema, [t.name for t in plan.tables])
    if existing:
        raise usage_error(
            f"schema {options.schema!r} already has table(s) "
            f"{', '.join(repr(name) for name in sorted(existing))}: migrate writes only into "
            "tables it creates (drop them, or choose another --schema)"
        )
    return source_id, None


def _prepare(
    conn: psycopg.Connection[Any],
    plan: Plan,
    journal: Journal,
    options: RunOptions,
) -> Entries:
    """Create the schema and journal (fresh run) or read the journal (``--resume``); each
    table is created by the transaction that copies it."""
    source_id, entries = open_run(conn, plan, journal, options)
    if entries is not None:
        return entries
    with conn.transaction():
        conn.execute("CREATE SCHEMA IF NOT EXISTS " + ddl.ident(options.schema))
        journal.create(conn)
        journal.mark(conn, "source", "recorded", detail=source_id)
        journal.mark(conn, "schema", "created")
    return {}


@dataclasses.dataclass(frozen=True)
class _Shared:
    """What every table's jobs use."""

    target: Target
    options: RunOptions
    journal: Journal
    rejects: Rejects
    reporter: Reporter
    done: Entries
    context: Context


@dataclasses.dataclass(frozen=True)
class _Copied:
    """A table whose rows are in (copied now, or by the run being resumed)."""

    table: TablePlan
    rows: int
    resumed: bool
    digests: SourceDigests | None
    started: float


def _tables(plan: Plan, shared: _Shared, report: RunReport) -> dict[str, TableReport]:
    """Copy, key, index, analyse and verify every table; add the foreign keys.

    The rows are read and streamed by ``--streams`` threads, one by default: that work is the
    client's CPU (SQLite's rows become Python values, then COPY's binary form), and Python
    threads doing it at once wait on each other for the interpreter (two streams took longer
    than one into a server on the same machine; docs/bench.md). Everything else a table needs
    — keys, indexes, ``ANALYZE``, the server's side of the verification, foreign keys — is the
    server's work and runs in ``--jobs`` threads, for the tables already copied while the next
    one streams."""
    ordered = sorted(plan.tables, key=lambda t: -t.rows)
    results: dict[str, TableReport] = {}
    # a table's foreign keys are added as soon as it and its parents are in, while the other
    # tables are still copied and verified; one table's keys at a time, so that their locks
    # on parent tables never wait on each other
    keys = _ForeignKeys(
        plan,
        shared.target,
        shared.options.schema,
        shared.journal,
        shared.done,
        report,
        shared.reporter,
    )
    with (
        ThreadPoolExecutor(max_workers=shared.options.streams) as lane,
        ThreadPoolExecutor(max_workers=shared.options.jobs) as pool,
    ):
        pending: dict[Future[Any], str] = {
            lane.submit(_copy_job, t, plan.assumed.get(t.source.name), shared): "copy"
            for t in ordered
        }
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    if pending.pop(future) == "copy":
                        pending[pool.submit(_finish_job, future.result(), shared)] = "finish"
                    elif isinstance(table := future.result(), TableReport):
                        results[table.name] = table
                        for ready in keys.ready(table.target):
                            pending[pool.submit(keys.add, ready)] = "keys"
        except BaseException:
            # a table that cannot move (or any failure) stops the run: nothing queued starts
            for future in pending:
                future.cancel()
            raise
    return results


def _copy_job(
    table: TablePlan, expected: tuple[Expectation, ...] | None, shared: _Shared
) -> _Copied:
    """The copy lane's part of a table: its rows (unless a resumed run copied them)."""
    started = time.perf_counter()
    state = shared.done.get(f"table:{table.source.name}")
    if state and state[0] == "copied":
        return _Copied(table, int(state[1] or 0), True, None, started)
    conn = shared.target.connect(autocommit=True)
    try:
        table, rows, digests = _copy_checked(table, expected, conn, shared)
    finally:
        conn.close()
    return _Copied(table, rows, False, digests, started)


def _finish_job(copied: _Copied, shared: _Shared) -> TableReport:
    """The server's part of a copied table: keys, indexes, checks, ``ANALYZE``, verification."""
    table, options, reporter = copied.table, shared.options, shared.reporter
    report = TableReport(
        name=table.source.name, target=table.name, rows=copied.rows, resumed=copied.resumed
    )
    conn = shared.target.connect(autocommit=True)
    try:
        run_report = RunReport(target="", schema="")
        for step in ddl.post_data(options.schema, table):
            _step(conn, shared.journal, step, shared.done, run_report, reporter)
        conn.execute(f"ANALYZE {ddl.qualified(options.schema, table.name)}")
        report.seconds = time.perf_counter() - copied.started
        if options.verify:
            report.verification = verify_table(
                options.source, conn, options.schema, table, copied=copied.digests
            )
        verdict = ""
        if report.verification is not None:
            verdict = ", verified" if report.verification.ok else ", VERIFICATION FAILED"
        rate = report.rows / report.seconds if report.seconds else 0
        reporter.line(
            f"{table.source.name}: {report.rows} rows "
            f"{'already copied' if report.resumed else 'copied'} in {report.seconds:.1f} s "
            f"({rate:,.0f} rows/s){verdict}"
        )
        for failure in run_report.not_migrated:
            reporter.line(f"  not migrated: {failure}")
        return report
    finally:
        conn.close()


class _Blocked(Exception):
    """A table planned from its declarations holds data that needs a flag to move."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.as_text() for p in problems))


def _copy_checked(
    table: TablePlan,
    expected: tuple[Expectation, ...] | None,
    conn: psycopg.Connection[Any],
    shared: _Shared,
) -> tuple[TablePlan, int, SourceDigests | None]:
    """Copy one table; returns its plan as settled, the rows copied and the verification's
    source side. A table planned from its declarations (``expected``) is checked while it is
    copied; when its data disagrees, it is profiled in full and copied again."""
    options, context, reporter = shared.options, shared.context, shared.reporter
    start: Start = "recreate" if options.resume else "create"
    check = Check(expected) if expected is not None else None
    while True:
        # the verification's source side is computed from the rows the copy writes
        digests = _digests(table) if options.verify and table.columns else None
        try:
            rows, settled = copy_table(
                options.source,
                conn,
                options.schema,
                table,
                shared.journal,
                shared.rejects,
                reporter.advance,
                start=start,
                digests=digests,
                check=check,
                settle=functools.partial(_settle, table, context),
            )
            return settled, rows, digests
        except Unclean as why:
            reporter.line(f"{table.source.name}: {why}: profiling it and copying it again")
            profiled, problems = profile_again(options.source, table, context)
            blocking = [p for p in problems if p.blocking]
            if blocking:
                raise _Blocked(blocking) from None
            # the rollback took the table with it: it is created again from the new plan
            table, check = profiled, None


def _settle(
    planned: TablePlan, context: Context, src: sqlite3.Connection, measured: Check
) -> TablePlan:
    """Before an assumed table commits: its plan from the profile its copy measured, or
    :class:`Unclean` when that differs from ``planned``."""
    final, _ = replan(src, planned, (measured.profiles(), measured.rows, []), context)
    if not same_shape(final, planned):
        changed = [
            f"column {a.source.name} becomes {b.pg_type} ({b.rule})"
            for a, b in zip(planned.columns, final.columns, strict=True)
            if a.pg_type != b.pg_type
        ]
        raise Unclean(changed[0] if changed else "its keys or indexes change with its data")
    return final


def _digests(table: TablePlan) -> SourceDigests:
    return SourceDigests(
        [c.pg_type for c in table.columns],
        keyed=bool(table.order_key),
        key_positions=_integer_key(table),
    )


def _integer_key(table: TablePlan) -> list[int] | None:
    """Positions of the key columns when every one is an integer (verified in key ranges)."""
    names = [c.source.name for c in table.columns]
    if not table.order_key:
        return None
    if any(table.column(k).pg_type not in INTEGER_TYPES for k in table.order_key):
        return None
    return [names.index(k) for k in table.order_key]


def _step(
    conn: psycopg.Connection[Any],
    journal: Journal,
    step: ddl.Step,
    done: Entries,
    report: RunReport,
    reporter: Reporter,
) -> None:
    previous = done.get(f"step:{step.key}")
    if previous and previous[0] == "done":
        return
    try:
        with conn.transaction():
            conn.execute(step.sql)
            journal.mark(conn, f"step:{step.key}", "done")
    except psycopg.Error as exc:
        reason = (str(exc).strip().splitlines() or ["refused"])[0]
        if not step.optional:
            raise MigrateError(f"{step.what}: PostgreSQL refused it: {reason}") from None
        report.not_migrated.append(f"{step.what}: {reason}")
        with conn.transaction():
            journal.mark(conn, f"step:{step.key}", "skipped", detail=reason)


def verify_all(plan: Plan, target: Target, source: Path, schema: str) -> RunReport:
    """``migrate verify``: every planned table compared, nothing written."""
    started = time.perf_counter()
    report = RunReport(target=target.display, schema=schema)
    report.source_bytes = source.stat().st_size
    conn = target.connect(autocommit=True)
    try:
        conn.execute("SET default_transaction_read_only = on")
        for table in plan.tables:
            if target.dsql:
                from auroractl.migrate import dsqlverify

                result = dsqlverify.verify_table(source, conn, schema, table)
            else:
                result = verify_table(source, conn, schema, table)
            report.tables.append(
                TableReport(
                    name=table.source.name,
                    target=table.name,
                    rows=result.target_rows,
                    verification=result,
                )
            )
    except psycopg.errors.UndefinedTable as exc:
        raise MigrateError(f"schema {schema!r}: {str(exc).splitlines()[0]}") from None
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def verify_table(
    source: Path,
    conn: psycopg.Connection[Any],
    schema: str,
    table: TablePlan,
    *,
    copied: SourceDigests | None = None,
) -> Result:
    """Counts and checksums of one table on both sides, with the first differing rows.

    ``copied``: the source side as the copy computed it (else SQLite is read again). A target
    table whose columns the verification's SQL cannot read as the planned types (another
    ``--cast`` than the run's, a column changed since) stops with one line (exit 1)."""
    try:
        return _verify_table(source, conn, schema, table, copied)
    except psycopg.Error as exc:
        # 42: a function or column the types do not have (42P01, no table: the caller's);
        # 22: a value the SQL cannot take
        state = exc.sqlstate or ""
        if state == "42P01" or state[:2] not in ("42", "22"):
            raise
        reason = (str(exc).strip().splitlines() or ["refused"])[0]
        raise MigrateError(
            f"verification of {table.source.name}: PostgreSQL refused its query ({reason}); "
            "the target's columns must have the planned types (pass the run's --cast flags)"
        ) from None


def _verify_table(
    source: Path,
    conn: psycopg.Connection[Any],
    schema: str,
    table: TablePlan,
    copied: SourceDigests | None,
) -> Result:
    spec = spec_for(table, schema)
    result = Result(table=table.source.name)
    src = open_readonly(source)
    try:
        keyed = bool(spec.pg_key)
        # the server computes its side while this thread reads SQLite
        with ThreadPoolExecutor(max_workers=1) as pool:
            if keyed:
                # the chunk query sorts the table's canonical rows: keep the sorts in memory
                conn.execute(f"SET work_mem = '{VERIFY_WORK_MEM}'")
                if copied is not None and copied.bounds is not None:
                    target_chunks = pool.submit(pg_range_chunks, conn, spec, copied.bounds)
                else:
                    target_chunks = pool.submit(pg_chunks, conn, spec)
                source_chunks = copied.chunks() if copied else list(sqlite_chunks(src, spec))
                compare_chunks(iter(source_chunks), target_chunks.result(), result)
            else:
                target_sum = pool.submit(pg_multiset, conn, spec)
                source_sum = copied.multiset() if copied else sqlite_multiset(src, spec)
                compare_multiset(source_sum, target_sum.result(), result)
        if result.ok:
            return result
        # the differing rows, with their values: a second, slower pass
        with conn.transaction():
            if keyed:
                detail = Result(table=result.table)
                compare(sqlite_rows(src, spec), pg_rows(conn, spec), detail, keyed=True)
                result.differing = detail.differing
                result.differences = detail.differences
                for difference in result.differences:
                    if difference.target is not None and difference.key is not None:
                        difference.target = pg_row_values(conn, spec, difference.key)
            else:
                result.differing = 0
                multiset_differences(sqlite_rows(src, spec), pg_rows(conn, spec), result)
    finally:
        src.close()
    return result


__all__ = ["OpsError", "RunOptions", "RunReport", "run", "verify_table"]
