"""argparse wiring for ``auroractl env``, ``auroractl health`` and ``auroractl audit``.

``auroractl/cli.py`` calls :func:`register` with its subparsers; each subcommand stores its
``handler(args) -> int`` as ``handler``, which ``auroractl.cli.main`` calls. On failure a
handler prints one line and returns the :class:`~auroractl.ops.errors.ExitCode`, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auroractl.argtypes import AWS_REGION, Number, OneLineParser, http_url
from auroractl.ops import defaults
from auroractl.ops.defaults import DEFAULT_MAX_ATTEMPTS, FORMATS, RETRY_MODES
from auroractl.ops.errors import ExitCode, OpsError, report, usage_error
from auroractl.ops.outputs import (
    DEFAULT_PORT,
    app_env,
    declared_auth,
    load_outputs,
    output_str,
)

if TYPE_CHECKING:
    from auroractl.ops import health as health_mod
    from auroractl.ops.aws import AwsContext

# boto3, botocore and psycopg (about 0.2 s to import) are imported by the handlers that use
# them, not here: every ``auroractl`` run, ``plan`` included, registers these subcommands.

ENDPOINTS = ("env", "writer", "reader", "proxy")
PORT = Number(1, 65535, integer=True)
_ENDPOINT_OUTPUTS = {
    "writer": "writerEndpoint",
    "reader": "readerEndpoint",
    "proxy": "proxyEndpoint",
}


def _aws_args(parser: argparse.ArgumentParser, *, region_required: bool = False) -> None:
    group = parser.add_argument_group("AWS")
    group.add_argument(
        "--region",
        type=AWS_REGION,
        required=region_required,
        help="AWS region (default: from the ARN or host name, else the profile/environment)",
    )
    group.add_argument("--profile", help="AWS shared-config profile (default: environment)")
    group.add_argument(
        "--endpoint-url",
        type=http_url,
        help="AWS API endpoint override, e.g. a local AWS API emulator (default: AWS)",
    )


def _outputs_args(parser: argparse.ArgumentParser, *, stack_required: bool) -> None:
    parser.add_argument(
        "--stack",
        required=stack_required,
        help="stack name; outputs come from `pulumi stack output --json -s STACK` unless "
        "--outputs is given",
    )
    parser.add_argument(
        "--outputs",
        type=Path,
        help="file written by `pulumi stack output --json [--show-secrets]`",
    )


def register(subparsers: Any) -> None:
    """Add the ``env``, ``health`` and ``audit`` subcommands to ``subparsers``."""
    env = subparsers.add_parser(
        "env",
        help="print the application's DATABASE_* environment from stack outputs",
        description="Print DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_SSL, "
        "DATABASE_MAX_CONNECTIONS and DATABASE_SECRET_ARN from the stack's `env` output. "
        "Never the password, unless --resolve-secret is given for local use.",
    )
    _outputs_args(env, stack_required=True)
    env.add_argument("--format", choices=FORMATS, default="dotenv", help="default: dotenv")
    env.add_argument(
        "--resolve-secret",
        action="store_true",
        help="also read DATABASE_USERNAME/DATABASE_PASSWORD from Secrets Manager "
        "(local use only; prints a warning on stderr)",
    )
    _aws_args(env)
    env.set_defaults(handler=run_env)

    health = subparsers.add_parser(
        "health",
        help="connect like the application (TLS verify-full) and run SELECT 1",
        description="Connect with TLS (sslmode=verify-full), run SELECT 1 and SELECT version(), "
        "and report latency, server version and which endpoint answered. Refused and timed-out "
        "connections are retried with exponential backoff to ride out a resume from 0 ACU.",
    )
    _outputs_args(health, stack_required=False)
    health.add_argument(
        "--endpoint",
        choices=ENDPOINTS,
        default="env",
        help="which stack output to connect to (default: env = DATABASE_HOST, the proxy when "
        "there is one)",
    )
    health.add_argument("--host", help="database host (overrides the stack outputs)")
    health.add_argument(
        "--port", type=PORT, help="database port, 1-65535 (default: outputs, else 5432)"
    )
    health.add_argument("--database", help="database name (default: outputs, else postgres)")
    health.add_argument(
        "--auth",
        choices=defaults.AUTH_MODES,
        help="secret: username/password from Secrets Manager; iam: RDS IAM token (cluster or "
        "proxy); dsql / dsql-admin: DSQL token (default: the stack env's DATABASE_AUTH: iam is "
        "dsql on a DSQL host, iam elsewhere; else secret)",
    )
    health.add_argument(
        "--user", help="database user (required for iam and dsql; default: from the secret)"
    )
    health.add_argument("--secret-arn", help="secret ARN (default: DATABASE_SECRET_ARN)")
    health.add_argument(
        "--ca-bundle",
        default="system",
        help="CA bundle for verify-full, e.g. the RDS global-bundle.pem (default: system store)",
    )
    health.add_argument(
        "--timeout",
        type=Number(2, 3600),
        default=defaults.DEFAULT_TIMEOUT_SECONDS,
        help=f"connect timeout per attempt, 2-3600 s (default: "
        f"{defaults.DEFAULT_TIMEOUT_SECONDS:g})",
    )
    health.add_argument(
        "--statement-timeout",
        type=Number(0.5, 3600),
        default=defaults.DEFAULT_STATEMENT_TIMEOUT_SECONDS,
        help=f"how long each query may go unanswered once connected, 0.5-3600 s (default: "
        f"{defaults.DEFAULT_STATEMENT_TIMEOUT_SECONDS:g})",
    )
    health.add_argument(
        "--deadline",
        type=Number(2, 86400),
        default=defaults.DEFAULT_DEADLINE_SECONDS,
        help=f"the whole check, retries and waits included, 2-86400 s (default: "
        f"{defaults.DEFAULT_DEADLINE_SECONDS:g})",
    )
    health.add_argument(
        "--retries",
        type=Number(0, 20, integer=True),
        default=defaults.DEFAULT_RETRIES,
        help=f"retries after refused/timed-out attempts, 0-20 "
        f"(default: {defaults.DEFAULT_RETRIES})",
    )
    health.add_argument(
        "--backoff",
        type=Number(0, 3600),
        default=defaults.DEFAULT_BACKOFF_SECONDS,
        help=f"first retry delay in seconds, doubled each retry; every delay is capped at "
        f"{defaults.MAX_BACKOFF_SECONDS:g} (default: {defaults.DEFAULT_BACKOFF_SECONDS:g})",
    )
    health.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    _aws_args(health)
    health.set_defaults(handler=run_health)

    audit = subparsers.add_parser(
        "audit",
        help="evaluate the guardrails against the live account",
        description="Read RDS, Secrets Manager, KMS, EC2 and DSQL resources of one region, "
        "convert them to the policy pack's property shape and evaluate the same rules. Exit 1 "
        "on a mandatory finding, 0 when clean, 2 on bad input.",
    )
    _aws_args(audit, region_required=True)
    audit.add_argument(
        "--policy-pack-config",
        type=Path,
        help="policy config JSON, as for `plan` and the Pulumi CLI (default: pack defaults)",
    )
    audit.add_argument(
        "--retry-mode",
        choices=RETRY_MODES,
        default="adaptive",
        help="botocore retry mode for throttling (default: adaptive)",
    )
    audit.add_argument(
        "--max-attempts",
        type=Number(1, 50, integer=True),
        default=DEFAULT_MAX_ATTEMPTS,
        help=f"botocore attempts per API call, 1-50 (default: {DEFAULT_MAX_ATTEMPTS})",
    )
    audit.add_argument(
        "--only",
        action="append",
        metavar="READER",
        help="read only these resource types (repeatable), e.g. rds:clusters, kms:keys",
    )
    audit.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    audit.set_defaults(handler=run_audit)


def _fail(command: str, err: OpsError, *, as_json: bool = False) -> int:
    return report(f"auroractl {command}", err, as_json=as_json)


def _aws(args: argparse.Namespace, region: str | None = None) -> AwsContext:
    from auroractl.ops.aws import AwsContext

    return AwsContext(
        region=region or args.region,
        profile=args.profile,
        endpoint_url=args.endpoint_url,
        retry_mode=getattr(args, "retry_mode", "adaptive"),
        max_attempts=getattr(args, "max_attempts", DEFAULT_MAX_ATTEMPTS),
    )


def run_env(args: argparse.Namespace) -> int:
    """Handler of ``auroractl env``."""
    from auroractl.ops.env import build_env, render

    try:
        env = build_env(
            stack=args.stack,
            outputs_file=args.outputs,
            resolve_secret=args.resolve_secret,
            aws=_aws(args),
            stderr=sys.stderr,
        )
        sys.stdout.write(render(env, args.format))
    except OpsError as err:
        return _fail("env", err)
    return int(ExitCode.OK)


def resolve_target(args: argparse.Namespace) -> tuple[health_mod.Target, health_mod.Options]:
    """Host, port, database and secret from flags first, then the stack outputs."""
    from auroractl.ops import health as health_mod

    env: dict[str, str] = {}
    outputs: dict[str, Any] = {}
    if args.outputs is not None or args.stack:
        outputs = load_outputs(args.stack or "", args.outputs)
        env = app_env(outputs)
    elif not args.host:
        raise usage_error("pass --host (with --port/--database), or --stack / --outputs")
    host = args.host
    source = "flags"
    if not host:
        if args.endpoint == "env":
            host = env["DATABASE_HOST"]
            source = "env.DATABASE_HOST"
        else:
            key = _ENDPOINT_OUTPUTS[args.endpoint]
            host = output_str(outputs, key)
            if not host:
                raise usage_error(f"--endpoint {args.endpoint}: the stack has no {key!r} output")
            source = key
    port = args.port if args.port is not None else int(env.get("DATABASE_PORT", DEFAULT_PORT))
    database = args.database or env.get("DATABASE_NAME") or "postgres"
    secret_arn = (
        args.secret_arn or env.get("DATABASE_SECRET_ARN") or output_str(outputs, "secretArn")
    )
    auth = args.auth or declared_auth(env)
    if args.auth is None and auth != "secret" and not args.user:
        raise usage_error(
            f"the stack's env declares DATABASE_AUTH=iam (auth {auth}): pass --user, the "
            "database user to sign a token for"
            + (", or --auth dsql-admin" if auth == "dsql" else "")
        )
    options = health_mod.Options(
        auth=auth,
        user=args.user,
        secret_arn=secret_arn if auth == "secret" else None,
        ca_bundle=args.ca_bundle,
        timeout=args.timeout,
        statement_timeout=args.statement_timeout,
        deadline=args.deadline,
        retries=args.retries,
        backoff=args.backoff,
        region=args.region or env.get("DATABASE_REGION"),
    )
    return health_mod.Target(host=host, port=port, database=database, source=source), options


def run_health(args: argparse.Namespace) -> int:
    """Handler of ``auroractl health``."""
    from auroractl.ops import health as health_mod
    from auroractl.ops.aws import region_from_arn

    def progress(line: str) -> None:
        print(f"auroractl health: {line}", file=sys.stderr, flush=True)

    try:
        target, options = resolve_target(args)
        health_mod.validate_options(target, options)
        progress(
            f"connecting to {target.host}:{target.port}/{target.database} "
            f"(auth {options.auth}, TLS verify-full, up to {options.retries + 1} attempts)"
        )
        aws = _aws(args, args.region or region_from_arn(options.secret_arn))
        report = health_mod.check(target, options, aws, progress=progress)
    except OpsError as err:
        return _fail("health", err, as_json=args.json)
    if args.json:
        print(json.dumps(report.as_json()))
    else:
        print(report.as_text())
    return int(ExitCode.OK)


def run_audit(args: argparse.Namespace) -> int:
    """Handler of ``auroractl audit``."""
    from auroractl.ops.audit.run import audit, render_json, render_text

    try:
        result = audit(_aws(args), args.region, config_file=args.policy_pack_config, only=args.only)
    except OpsError as err:
        return _fail("audit", err, as_json=args.json)
    sys.stdout.write(render_json(result) if args.json else render_text(result))
    return int(result.exit_code)


def main(argv: list[str] | None = None) -> int:
    """Run only the ops subcommands (used by tests; the product entry is ``auroractl.cli``)."""
    parser = OneLineParser(prog="auroractl")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.handler(args))
