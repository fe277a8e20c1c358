"""``auroractl health``: connect like the application does and run ``SELECT 1``.

Credentials come from the Secrets Manager secret or from an IAM token (RDS, RDS Proxy or DSQL).
TLS is always ``sslmode=verify-full``. Connection refusals and timeouts — what a client sees
while an auto-paused Aurora Serverless v2 cluster resumes (about 15 s, 30 s or more after a
day paused) — are retried with exponential backoff; every other failure stops at once. Each
failure class has its own exit code (:class:`ExitCode`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.exceptions
import psycopg

from auroractl.inputs import InputError, read_text
from auroractl.ops.aws import AwsContext, classify_aws_error, region_from_host
from auroractl.ops.connect import MIN_CONNECT_SECONDS, Budget, DeadlineExceeded
from auroractl.ops.defaults import (
    AUTH_MODES,
    DEFAULT_BACKOFF_SECONDS,
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_RETRIES,
    DEFAULT_STATEMENT_TIMEOUT_SECONDS,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_BACKOFF_SECONDS,
)
from auroractl.ops.errors import ExitCode, OpsError, usage_error
from auroractl.ops.secrets import fetch_credentials

DSQL_ADMIN_USER = "admin"
RESUME_HINT = "an auto-paused cluster takes ~15 s to resume, 30 s+ after a day paused"

QUERY_SELECT_1 = "SELECT 1"
QUERY_VERSION = "SELECT version()"
QUERY_ENDPOINT = "SELECT host(inet_server_addr()), inet_server_port(), pg_is_in_recovery()"


@dataclasses.dataclass(frozen=True)
class Target:
    """Where to connect: host, port and database (``source`` says where they came from)."""

    host: str
    port: int
    database: str
    source: str = "flags"


@dataclasses.dataclass(frozen=True)
class Options:
    """How to connect and how long to keep trying."""

    auth: str = "secret"
    user: str | None = None
    secret_arn: str | None = None
    ca_bundle: str = "system"
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS
    deadline: float = DEFAULT_DEADLINE_SECONDS
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF_SECONDS
    max_backoff: float = MAX_BACKOFF_SECONDS
    region: str | None = None


@dataclasses.dataclass(frozen=True)
class Report:
    """A healthy answer: who answered, what it runs and how fast."""

    host: str
    port: int
    database: str
    user: str
    auth: str
    server_address: str | None
    server_port: int | None
    role: str | None
    server_version: str
    connect_ms: float
    query_ms: float
    attempts: int

    def as_json(self) -> dict[str, Any]:
        """The machine-readable form printed by ``--json``."""
        return {
            "status": "ok",
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "user": self.user,
            "auth": self.auth,
            "tls": "verify-full",
            "answeredBy": {
                "address": self.server_address,
                "port": self.server_port,
                "role": self.role,
            },
            "serverVersion": self.server_version,
            "latencyMs": {"connect": self.connect_ms, "select1": self.query_ms},
            "attempts": self.attempts,
        }

    def as_text(self) -> str:
        """The human-readable form (several lines, no trailing newline)."""
        answered = f"{self.server_address}:{self.server_port}" if self.server_address else "unknown"
        if self.role:
            answered += f" ({self.role})"
        return "\n".join(
            [
                f"healthy: {self.host}:{self.port}/{self.database} as {self.user} "
                f"(auth {self.auth}, TLS verify-full)",
                f"  answered by: {answered}",
                f"  server:      {self.server_version}",
                f"  latency:     connect {self.connect_ms:.1f} ms, SELECT 1 {self.query_ms:.1f} ms",
                f"  attempts:    {self.attempts}",
            ]
        )


@dataclasses.dataclass(frozen=True)
class _Failure:
    code: ExitCode
    kind: str
    message: str
    retryable: bool


def validate_options(target: Target, options: Options) -> None:
    """Reject bad flag values with one message naming the flag (exit 2).

    Numeric ranges are checked by the flags' argparse types; this checks what depends on
    several values, and the CA bundle file.
    """
    if options.auth not in AUTH_MODES:
        raise usage_error(f"--auth must be one of {', '.join(AUTH_MODES)}, got {options.auth!r}")
    if not 1 <= target.port <= 65535:
        raise usage_error(f"--port must be between 1 and 65535, got {target.port}")
    if not target.host:
        raise usage_error("--host must not be empty")
    if options.auth == "secret" and not options.secret_arn:
        raise usage_error(
            "--auth secret needs a secret: pass --secret-arn, or stack outputs with "
            "DATABASE_SECRET_ARN"
        )
    if options.auth in ("iam", "dsql") and not options.user:
        raise usage_error(f"--auth {options.auth} needs --user (the database user to sign for)")
    if options.ca_bundle != "system":
        check_ca_bundle(options.ca_bundle)


def check_ca_bundle(path: str) -> None:
    """The ``--ca-bundle`` file exists, is readable text and holds a PEM certificate."""
    try:
        text = read_text(Path(path), "--ca-bundle")
    except InputError as exc:
        raise usage_error(str(exc)) from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise usage_error(
            f"--ca-bundle {path!r}: no PEM certificate in the file; expected a CA bundle such "
            "as the RDS global-bundle.pem, or 'system'"
        )


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


def classify(exc: BaseException, target: Target, timeout: float) -> _Failure:
    """Map a psycopg connection error to a failure class, exit code and one message line."""
    where = f"{target.host}:{target.port}"
    text = str(exc)
    low = text.lower()
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(exc, psycopg.errors.ConnectionTimeout) or "timeout expired" in low:
        return _Failure(
            ExitCode.TIMEOUT,
            "timeout",
            f"connecting to {where} timed out after {timeout:g} s",
            True,
        )
    if "resolve host" in low or "translate host name" in low:
        return _Failure(ExitCode.DNS, "dns", f"host name {target.host!r} does not resolve", False)
    if "connection refused" in low:
        return _Failure(
            ExitCode.REFUSED,
            "refused",
            f"connection to {where} refused (nothing listening)",
            True,
        )
    if "timed out" in low or "no route to host" in low or "network is unreachable" in low:
        return _Failure(ExitCode.TIMEOUT, "timeout", f"no network path to {where}: {first}", True)
    if (
        sqlstate in ("28P01", "28000")
        or "authentication failed" in low
        or "pg_hba.conf" in low
        or "access denied" in low
        or "password" in low
    ):
        return _Failure(
            ExitCode.AUTH, "auth", f"authentication to {where} rejected: {_last_line(text)}", False
        )
    if "ssl" in low or "certificate" in low or "tls" in low:
        return _Failure(ExitCode.TLS, "tls", f"TLS with {where} failed: {_tls_line(text)}", False)
    if sqlstate == "57P03" or "starting up" in low or "not yet accepting" in low:
        return _Failure(ExitCode.REFUSED, "starting", f"server at {where} is starting up", True)
    if "server closed the connection" in low or "connection reset" in low:
        return _Failure(
            ExitCode.FAILED, "connection_lost", f"{where} closed the connection: {first}", True
        )
    return _Failure(ExitCode.FAILED, "database", f"{where}: {_last_line(text)}", False)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    line = lines[-1] if lines else "no message"
    marker = "failed: "
    return line.rsplit(marker, 1)[1] if marker in line else line


def _tls_line(text: str) -> str:
    line = _last_line(text)
    return line


def _password(aws: AwsContext, target: Target, options: Options) -> tuple[str, str]:
    """(user, password-or-token) for the chosen auth mode; errors as :class:`OpsError`."""
    if options.auth == "secret":
        assert options.secret_arn is not None
        creds = fetch_credentials(aws, options.secret_arn)
        return (options.user or creds.username, creds.password)
    region = options.region or region_from_host(target.host)
    if not region:
        raise usage_error(
            f"--auth {options.auth} signs a token for a region: pass --region "
            f"(none found in host {target.host!r})"
        )
    user = options.user or (DSQL_ADMIN_USER if options.auth == "dsql-admin" else "")
    try:
        if options.auth == "iam":
            token = aws.client("rds", region=region).generate_db_auth_token(
                DBHostname=target.host, Port=target.port, DBUsername=user, Region=region
            )
        else:
            client = aws.client("dsql", region=region)
            if options.auth == "dsql-admin":
                token = client.generate_db_connect_admin_auth_token(
                    Hostname=target.host, Region=region
                )
            else:
                token = client.generate_db_connect_auth_token(Hostname=target.host, Region=region)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
        raise classify_aws_error(exc, f"an {options.auth} auth token for {target.host}") from None
    return (user, str(token))


def check(
    target: Target,
    options: Options,
    aws: AwsContext,
    *,
    progress: Callable[[str], None],
    sleep: Callable[[float], None] = time.sleep,
) -> Report:
    """Connect (with retries), run the health queries and return a :class:`Report`.

    Every attempt and statement is bounded (:class:`~auroractl.ops.connect.Budget`), and the
    whole check ends by ``options.deadline``. ``progress`` receives one line per failed
    attempt that will be retried. Raises :class:`OpsError` with the failure's exit code; no
    message contains the password or token.
    """
    validate_options(target, options)
    budget = Budget(
        connect_timeout=options.timeout,
        statement_timeout=options.statement_timeout,
        deadline=options.deadline,
    )
    user, password = _password(aws, target, options)
    secrets = [password]
    delay = min(options.backoff, options.max_backoff)
    attempts_total = options.retries + 1
    for attempt in range(1, attempts_total + 1):
        try:
            return _attempt(target, options, budget, user, password, attempt)
        except DeadlineExceeded as exc:
            failure = _stalled(exc, target)
        except psycopg.Error as exc:
            failure = classify(exc, target, budget.last_connect_timeout)
        message = _redact(failure.message, secrets)
        if not failure.retryable:
            raise OpsError(failure.code, message, kind=failure.kind)
        tried = f"{attempt} attempt{'s' if attempt > 1 else ''}"
        if attempt == attempts_total:
            raise OpsError(failure.code, f"{message} (gave up after {tried})", kind=failure.kind)
        if budget.remaining() - delay < MIN_CONNECT_SECONDS:
            raise OpsError(
                failure.code,
                f"{message} (--deadline of {options.deadline:g} s reached after {tried})",
                kind=failure.kind,
            )
        progress(
            f"attempt {attempt}/{attempts_total}: {message}; retrying in {delay:.1f} s "
            f"({RESUME_HINT})"
        )
        budget.sleep(delay, sleep)
        delay = min(delay * 2, options.max_backoff)
    raise AssertionError("unreachable")  # pragma: no cover


def _stalled(exc: DeadlineExceeded, target: Target) -> _Failure:
    where = f"{target.host}:{target.port}"
    return _Failure(
        ExitCode.TIMEOUT,
        "timeout",
        f"{where} accepted the connection but did not answer {exc.phase} within {exc.seconds:g} s",
        True,
    )


def _attempt(
    target: Target,
    options: Options,
    budget: Budget,
    user: str,
    password: str,
    attempt: int,
) -> Report:
    started = time.perf_counter()
    with budget.connect(
        host=target.host,
        port=target.port,
        dbname=target.database,
        user=user,
        password=password,
        sslmode="verify-full",
        sslrootcert=options.ca_bundle,
        application_name="auroractl-health",
        autocommit=True,
    ) as conn:
        connect_ms = (time.perf_counter() - started) * 1000
        with conn.cursor() as cur:
            q_started = time.perf_counter()
            with budget.statement(conn, QUERY_SELECT_1):
                cur.execute(QUERY_SELECT_1)
                row = cur.fetchone()
            query_ms = (time.perf_counter() - q_started) * 1000
            if row is None or row[0] != 1:
                raise psycopg.DataError(f"SELECT 1 returned {row!r}")
            with budget.statement(conn, QUERY_VERSION):
                cur.execute(QUERY_VERSION)
                version_row = cur.fetchone()
            version = str(version_row[0]) if version_row else "unknown"
            address: str | None = conn.info.hostaddr or None
            port: int | None = conn.info.port
            role: str | None = None
            with budget.statement(conn, "the endpoint query"):
                try:
                    cur.execute(QUERY_ENDPOINT)
                    endpoint_row = cur.fetchone()
                except psycopg.DatabaseError as exc:
                    if isinstance(exc, psycopg.OperationalError):
                        raise
                    endpoint_row = None  # DSQL and some proxies do not offer these functions
            if endpoint_row is not None:
                address = endpoint_row[0] or address
                port = int(endpoint_row[1]) if endpoint_row[1] is not None else port
                role = "reader" if endpoint_row[2] else "writer"
    return Report(
        host=target.host,
        port=target.port,
        database=target.database,
        user=user,
        auth=options.auth,
        server_address=address,
        server_port=port,
        role=role,
        server_version=version,
        connect_ms=round(connect_ms, 1),
        query_ms=round(query_ms, 1),
        attempts=attempt,
    )
