"""``migrate run`` into Aurora DSQL: the PostgreSQL run's order, in DSQL's statement forms.

Every DDL statement runs alone (a DSQL transaction holds one DDL statement and never DDL with
DML): the schema, the journal, then each table with its primary key and identity columns. Each
table is copied in batches under DSQL's transaction limits (:mod:`auroractl.migrate.dsqlcopy`),
gets its indexes as async jobs the run waits for, its identity restarted past the largest key
and its checks; then foreign keys and views; then verification, as for PostgreSQL, where DSQL
runs its SQL. What DSQL refuses is listed by name (:mod:`auroractl.migrate.dsqlddl`).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg

from auroractl.migrate import dsql, dsqlcopy, dsqlddl, dsqlverify
from auroractl.migrate.copy import Rejects
from auroractl.migrate.ddl import Step, ident, qualified
from auroractl.migrate.errors import MigrateError, usage_error
from auroractl.migrate.journal import Entries, Journal
from auroractl.migrate.model import Plan, TablePlan
from auroractl.migrate.progress import Reporter
from auroractl.migrate.runner import (
    RunOptions,
    RunReport,
    TableReport,
    existing_tables,
    open_run,
)
from auroractl.migrate.target import Target


def run(
    plan: Plan,
    target: Target,
    options: RunOptions,
    reporter: Reporter,
    *,
    limits: dsqlcopy.Limits | None = None,
) -> RunReport:
    """Move the planned tables into a DSQL ``target`` and verify them."""
    refused = dsql.blocking(list(plan.tables))
    if refused:
        raise usage_error(
            "Aurora DSQL cannot hold "
            + "; ".join(f"table {name}: {why}" for name, why in refused)
            + " (`migrate check` lists what DSQL refuses)"
        )
    started = time.perf_counter()
    report = RunReport(target=target.display, schema=options.schema)
    report.source_bytes = options.source.stat().st_size
    journal = Journal(options.schema)
    rejects = Rejects(options.reject_file)
    conn = target.connect(autocommit=True)
    try:
        done = prepare(conn, plan, journal, options)
        reporter.line(
            f"{'resuming' if options.resume else 'migrating'} {len(plan.tables)} tables into "
            f"Aurora DSQL {target.display}, schema {options.schema}, batches of at most "
            f"{(limits or dsqlcopy.Limits()).rows} rows"
        )
        ordered = sorted(plan.tables, key=lambda t: -t.rows)
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            futures = [
                pool.submit(
                    _table_job, t, target, options, journal, rejects, reporter, done, limits
                )
                for t in ordered
            ]
            results = {f.result()[0].name: f.result() for f in futures}
        for table in plan.tables:
            table_report, left_out = results[table.source.name]
            report.tables.append(table_report)
            report.not_migrated.extend(left_out)
        for table in plan.tables:
            for step in dsqlddl.foreign_key_steps(options.schema, table):
                step_done(conn, journal, step, done, report.not_migrated)
        for obj in plan.objects:
            if obj.migrate:
                sql = f"CREATE VIEW {qualified(options.schema, obj.target)} AS {obj.sql}"
                step = Step(f"view:{obj.name}", sql, f"view {obj.name}", optional=True)
                step_done(conn, journal, step, done, report.not_migrated)
            else:
                report.not_migrated.append(f"{obj.kind} {obj.name}: {obj.reason}")
        journal.mark(conn, "run", "done", rows=sum(t.rows for t in report.tables))
    finally:
        rejects.close()
        conn.close()
    report.rejected_rows = rejects.count
    report.seconds = time.perf_counter() - started
    return report


def prepare(
    conn: psycopg.Connection[Any], plan: Plan, journal: Journal, options: RunOptions
) -> Entries:
    """Schema, journal and tables, one DDL statement per transaction (fresh run), or the journal
    (``--resume``, creating the tables a killed run had not created yet)."""
    source_id, entries = open_run(conn, plan, journal, options)
    if entries is not None:
        if entries.get("schema", ("",))[0] != "created":
            _create_tables(conn, plan, journal, options.schema)
        return entries
    conn.execute("CREATE SCHEMA IF NOT EXISTS " + ident(options.schema))
    journal.create(conn)
    journal.mark(conn, "source", "recorded", detail=source_id)
    _create_tables(conn, plan, journal, options.schema)
    return {}


def _create_tables(
    conn: psycopg.Connection[Any], plan: Plan, journal: Journal, schema: str
) -> None:
    existing = existing_tables(conn, schema, [t.name for t in plan.tables])
    for table in plan.tables:
        if table.name not in existing:
            conn.execute(dsqlddl.create_table(schema, table))
    journal.mark(conn, "schema", "created")


def _table_job(
    table: TablePlan,
    target: Target,
    options: RunOptions,
    journal: Journal,
    rejects: Rejects,
    reporter: Reporter,
    done: Entries,
    limits: dsqlcopy.Limits | None,
) -> tuple[TableReport, list[str]]:
    started = time.perf_counter()
    report = TableReport(name=table.source.name, target=table.name)
    conn = target.connect(autocommit=True)
    try:
        state = done.get(f"table:{table.source.name}")
        if state and state[0] == "copied":
            report.rows = int(state[1] or 0)
            report.resumed = True
        else:
            report.rows = dsqlcopy.copy_table(
                options.source,
                conn,
                options.schema,
                table,
                journal,
                rejects,
                reporter.advance,
                resume=state,
                limits=limits,
            )
        steps, left_out = dsqlddl.post_data(options.schema, table)
        for step in steps:
            step_done(conn, journal, step, done, left_out)
        report.seconds = time.perf_counter() - started
        verdict = ""
        if options.verify:
            try:
                report.verification = dsqlverify.verify_table(
                    options.source, conn, options.schema, table
                )
                verdict = ", verified" if report.verification.ok else ", VERIFICATION FAILED"
            except psycopg.Error as exc:
                reason = (str(exc).strip().splitlines() or ["refused"])[0]
                left_out.append(f"verification of {table.source.name}: DSQL refused it: {reason}")
                verdict = ", NOT VERIFIED"
        rate = report.rows / report.seconds if report.seconds else 0
        reporter.line(
            f"{table.source.name}: {report.rows} rows "
            f"{'already copied' if report.resumed else 'copied'} in {report.seconds:.1f} s "
            f"({rate:,.0f} rows/s){verdict}"
        )
        for failure in left_out:
            reporter.line(f"  not migrated: {failure}")
        return report, left_out
    finally:
        conn.close()


def step_done(
    conn: psycopg.Connection[Any],
    journal: Journal,
    step: Step,
    done: Entries,
    not_migrated: list[str],
) -> None:
    """Run one DSQL statement alone (waiting for its async job) and mark it in the journal; a
    refused optional step is listed in ``not_migrated``, a refused required one stops the run."""
    previous = done.get(f"step:{step.key}")
    if previous and previous[0] in ("done", "skipped"):
        if previous[0] == "skipped":
            not_migrated.append(f"{step.what}: {previous[2]}")
        return
    try:
        cursor = conn.execute(step.sql)
        if step.job:
            wait_for_job(conn, cursor)
    except (psycopg.errors.DuplicateObject, psycopg.errors.DuplicateTable):
        pass  # added by a run killed before it marked the step
    except (psycopg.Error, JobFailed) as exc:
        reason = (str(exc).strip().splitlines() or ["refused"])[0]
        if not step.optional:
            raise MigrateError(f"{step.what}: Aurora DSQL refused it: {reason}") from None
        not_migrated.append(f"{step.what}: {reason}")
        journal.mark(conn, f"step:{step.key}", "skipped", detail=reason)
        return
    journal.mark(conn, f"step:{step.key}", "done")


class JobFailed(Exception):
    """An async job that ended without success."""


def wait_for_job(conn: psycopg.Connection[Any], cursor: psycopg.Cursor[Any]) -> None:
    """Wait for the job whose ``job_id`` the statement returned (none: nothing to build)."""
    row = cursor.fetchone() if cursor.description else None
    if row is None:
        return
    job_id = row[0]
    ok = conn.execute(dsqlddl.WAIT_FOR_JOB, (job_id,)).fetchone()
    if ok is None or not ok[0]:
        status = conn.execute(dsqlddl.JOB_STATUS, (job_id,)).fetchone()
        raise JobFailed(f"async job {job_id} failed: {status!r} (sys.jobs)")
