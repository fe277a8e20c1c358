"""argparse wiring for ``auroractl migrate check|run|export``.

``auroractl/cli.py`` calls :func:`register`. Handlers print one line and return an exit code
on failure (see :mod:`auroractl.migrate.errors`), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auroractl.argtypes import AWS_REGION, Number, http_url
from auroractl.ops import defaults
from auroractl.ops.errors import OpsError, report

if TYPE_CHECKING:
    from auroractl.migrate.model import Plan
    from auroractl.migrate.target import Target

# sqlite3, psycopg, rich and boto3 are imported by the handlers: every auroractl run
# registers these subcommands.

UTF8_CHOICES = ("replace", "reject")


def register(subparsers: Any) -> None:
    """Add ``migrate`` and its ``check``, ``run`` and ``export`` subcommands."""
    migrate = subparsers.add_parser(
        "migrate",
        help="move a SQLite file into PostgreSQL (and back), verified and resumable",
        description="Check a SQLite file, copy it into Aurora PostgreSQL (or any PostgreSQL), "
        "verify every row, and export PostgreSQL back to SQLite for a rollback.",
    )
    sub = migrate.add_subparsers(dest="migrate_command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check",
        help="print the translation plan and the data's problems (read-only)",
        description="Open SOURCE read-only and print each table's PostgreSQL translation and "
        "the problems found in the data. Exit 0: the file moves as is; 1: it needs a flag "
        "(named in the output); 2: bad input.",
    )
    check.add_argument("source", type=Path, metavar="SOURCE.db")
    _data_flags(check)
    check.add_argument("--json", action="store_true", help="print one JSON document")
    check.set_defaults(handler=run_check)

    run = sub.add_parser(
        "run",
        help="copy SOURCE into PostgreSQL and verify it",
        description="Create the schema, COPY every table, add keys, indexes and foreign keys "
        "after the data (--jobs tables at a time, --streams copied at once), analyse, and verify "
        "counts and checksums. "
        "Exit 0 verified, 1 verification failed, 2 bad input, 3-10 as `auroractl health`.",
    )
    run.add_argument("source", type=Path, metavar="SOURCE.db")
    _target_flags(run, "--target-url", "target")
    run.add_argument("--schema", default="public", help="target schema (default: public)")
    run.add_argument("--tables", nargs="+", metavar="TABLE", help="only these tables")
    run.add_argument(
        "--jobs",
        type=Number(1, 32, integer=True),
        default=2,
        help="tables keyed, indexed, analysed and verified at once, alongside the copies "
        "(Aurora DSQL: tables copied at once), 1-32 (default: 2)",
    )
    run.add_argument(
        "--streams",
        type=Number(1, 32, integer=True),
        default=1,
        help="tables whose rows stream into PostgreSQL at once, 1-32 (default: 1: reading and "
        "encoding rows is this machine's CPU, which Python threads share; more help when the "
        "target is the bottleneck, e.g. a database across a network)",
    )
    run.add_argument(
        "--resume", action="store_true", help="finish an interrupted run (see the journal)"
    )
    run.add_argument("--reject-file", type=Path, help="JSON lines of rows that cannot convert")
    run.add_argument("--no-verify", action="store_true", help="skip the row-by-row verification")
    _data_flags(run)
    run.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    run.set_defaults(handler=run_run)

    verify = sub.add_parser(
        "verify",
        help="compare SOURCE with what a run left in PostgreSQL (read-only on both sides)",
        description="Count and checksum every table on both sides, in key order, and print the "
        "first differing rows. Pass the same --cast/--on-invalid-utf8/--drop-nul as the run. "
        "Exit 0 identical, 1 different, 2 bad input, 3-10 as `auroractl health`.",
    )
    verify.add_argument("source", type=Path, metavar="SOURCE.db")
    _target_flags(verify, "--target-url", "target")
    verify.add_argument("--schema", default="public", help="target schema (default: public)")
    verify.add_argument("--tables", nargs="+", metavar="TABLE", help="only these tables")
    _data_flags(verify)
    verify.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    verify.set_defaults(handler=run_verify)

    export = sub.add_parser(
        "export",
        help="write PostgreSQL tables into a new SQLite file, verified",
        description="The rollback path: copy a PostgreSQL schema into a new SQLite file and "
        "verify it the same way as `run`. Exit codes as for `run`.",
    )
    export.add_argument("target_file", type=Path, metavar="TARGET.db")
    _target_flags(export, "--source-url", "source")
    export.add_argument("--schema", default="public", help="source schema (default: public)")
    export.add_argument("--tables", nargs="+", metavar="TABLE", help="only these tables")
    export.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    export.set_defaults(handler=run_export)


def _data_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cast",
        action="append",
        default=[],
        metavar="TABLE.COLUMN=TYPE",
        help="force a column's PostgreSQL type (repeatable)",
    )
    parser.add_argument(
        "--on-invalid-utf8",
        choices=UTF8_CHOICES,
        help="text that is not UTF-8: replace bad bytes with U+FFFD, or reject the row",
    )
    parser.add_argument(
        "--drop-nul", action="store_true", help="drop NUL characters from text values"
    )


def _target_flags(parser: argparse.ArgumentParser, url_flag: str, role: str) -> None:
    group = parser.add_argument_group(
        f"{role} database (a stack, resolved like `auroractl health`, or a URL)"
    )
    group.add_argument(
        url_flag,
        dest="url",
        metavar="URL",
        help="postgresql://USER@HOST:PORT/DB; the password from PGPASSWORD or ~/.pgpass "
        "(never put it on the command line); hosts off loopback need sslmode=verify-full",
    )
    group.add_argument(
        "--insecure-tls",
        action="store_true",
        help=f"allow a weaker sslmode than verify-full in {url_flag} (not for production)",
    )
    group.add_argument("--stack", help="stack whose outputs name the database")
    group.add_argument("--outputs", type=Path, help="`pulumi stack output --json` file")
    group.add_argument(
        "--endpoint",
        choices=("env", "writer", "reader", "proxy"),
        default="env",
        help="stack output to connect to (default: env = DATABASE_HOST, the proxy if any)",
    )
    group.add_argument(
        "--auth",
        choices=defaults.AUTH_MODES,
        help="default: secret; with the URL flag, dsql or dsql-admin makes it an Aurora DSQL "
        "target (a token signed for its host)",
    )
    group.add_argument("--user", help="database user (iam and dsql auth)")
    group.add_argument("--secret-arn", help="default: DATABASE_SECRET_ARN")
    group.add_argument("--ca-bundle", default="system", help="CA bundle for verify-full")
    group.add_argument("--region", type=AWS_REGION)
    group.add_argument("--profile")
    group.add_argument("--endpoint-url", type=http_url, help="AWS API endpoint override")
    parser.set_defaults(
        host=None,
        port=None,
        database=None,
        timeout=defaults.DEFAULT_TIMEOUT_SECONDS,
        statement_timeout=defaults.DEFAULT_STATEMENT_TIMEOUT_SECONDS,
        deadline=defaults.DEFAULT_DEADLINE_SECONDS,
        retries=defaults.DEFAULT_RETRIES,
        backoff=defaults.DEFAULT_BACKOFF_SECONDS,
    )


def _fail(command: str, err: OpsError, *, as_json: bool) -> int:
    return report(f"auroractl migrate {command}", err, as_json=as_json)


def _print_report(report: Any, *, as_json: bool) -> int:
    """Print a run, verify or export report (JSON or text); its exit code."""
    from auroractl.migrate.render import render_run

    if as_json:
        print(json.dumps(report.as_json(), indent=2, default=str))
    else:
        sys.stdout.write(render_run(report))
    return int(report.exit_code)


def _plan(args: argparse.Namespace, *, assume: bool = False) -> tuple[Plan, Any]:
    from auroractl.migrate.plan import build, parse_casts
    from auroractl.migrate.problems import Flags
    from auroractl.migrate.source import open_readonly

    casts = parse_casts(args.cast)
    conn = open_readonly(args.source)
    try:
        plan = build(
            conn,
            casts=casts,
            flags=Flags(on_invalid_utf8=args.on_invalid_utf8, drop_nul=args.drop_nul),
            tables=getattr(args, "tables", None),
            source=args.source,
            jobs=getattr(args, "jobs", 2),
            check_foreign_keys=args.handler is run_check,
            assume=assume,
        )
    finally:
        conn.close()
    return plan, casts


def run_check(args: argparse.Namespace) -> int:
    """Handler of ``migrate check``."""
    from auroractl.migrate.render import render_plan

    try:
        plan, _ = _plan(args)
    except OpsError as err:
        return _fail("check", err, as_json=args.json)
    if args.json:
        print(json.dumps(plan.as_json(), indent=2, default=str))
    else:
        sys.stdout.write(render_plan(plan, str(args.source)))
    return 1 if plan.blocking else 0


def _target(args: argparse.Namespace, url_flag: str) -> Target:
    from auroractl.migrate.errors import usage_error
    from auroractl.migrate.target import from_stack, from_url

    if args.url and (args.stack or args.outputs):
        raise usage_error(f"pass either {url_flag} or --stack/--outputs, not both")
    if args.url:
        if args.auth in ("dsql", "dsql-admin"):
            from auroractl.migrate.target import from_dsql_url

            return from_dsql_url(args.url, args, flag=url_flag)
        if args.auth is not None:
            raise usage_error(
                f"--auth {args.auth} applies to --stack; with {url_flag} the password comes from "
                "PGPASSWORD or ~/.pgpass (--auth dsql|dsql-admin: an Aurora DSQL URL)"
            )
        return from_url(args.url, insecure_tls=args.insecure_tls, flag=url_flag)
    if args.stack or args.outputs:
        return from_stack(args)
    raise usage_error(f"pass {url_flag} URL or --stack STACK (with --outputs FILE)")


def run_run(args: argparse.Namespace) -> int:
    """Handler of ``migrate run``."""
    from auroractl.migrate.errors import usage_error
    from auroractl.migrate.progress import Reporter, table_sizes
    from auroractl.migrate.runner import RunOptions, run
    from auroractl.migrate.source import open_readonly

    try:
        if not 1 <= args.jobs <= 32:
            raise usage_error(f"--jobs must be between 1 and 32, got {args.jobs}")
        target = _target(args, "--target-url")
        # a fresh PostgreSQL run checks what the declarations promise while it copies
        plan, _ = _plan(args, assume=not args.resume and not target.dsql)
        if plan.blocking:
            names = "; ".join(p.as_text() for p in plan.blocking)
            raise usage_error(f"the file cannot move as is: {names}")
        live = sys.stderr.isatty() and not args.json
        rows = {t.source.name: t.rows for t in plan.tables}
        sizes = dict.fromkeys(rows, 0)
        if live:
            # bytes per table, for the progress bars only (dbstat reads every page's header)
            conn = open_readonly(args.source)
            try:
                sizes = table_sizes(conn, list(rows), args.source.stat().st_size, rows)
            finally:
                conn.close()
        totals = {name: (rows[name], sizes[name]) for name in rows}
        options = RunOptions(
            source=args.source,
            schema=args.schema,
            jobs=args.jobs,
            streams=args.streams,
            resume=args.resume,
            verify=not args.no_verify,
            reject_file=args.reject_file,
        )
        with Reporter(sys.stderr, totals, live=live) as reporter:
            if target.dsql:
                from auroractl.migrate.dsqlrun import run as run_dsql

                report = run_dsql(plan, target, options, reporter)
            else:
                report = run(plan, target, options, reporter)
    except OpsError as err:
        return _fail("run", err, as_json=args.json)
    return _print_report(report, as_json=args.json)


def run_verify(args: argparse.Namespace) -> int:
    """Handler of ``migrate verify``."""
    from auroractl.migrate.runner import verify_all

    try:
        target = _target(args, "--target-url")
        plan, _ = _plan(args)
        report = verify_all(plan, target, args.source, args.schema)
    except OpsError as err:
        return _fail("verify", err, as_json=args.json)
    return _print_report(report, as_json=args.json)


def run_export(args: argparse.Namespace) -> int:
    """Handler of ``migrate export``."""
    from auroractl.migrate.export import export

    try:
        source = _target(args, "--source-url")
        report = export(source, args.target_file, schema=args.schema, tables=args.tables)
    except OpsError as err:
        return _fail("export", err, as_json=args.json)
    return _print_report(report, as_json=args.json)
