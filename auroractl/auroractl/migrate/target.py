"""Where ``migrate`` connects: a stack (like ``env``/``health``) or a PostgreSQL URL.

A stack target reuses ``auroractl health``'s resolution: the ``env`` output's
``DATABASE_HOST`` (the RDS Proxy when the stack has one), TLS ``verify-full`` and the secret or
an IAM/DSQL token. A URL target requires TLS ``verify-full`` for hosts off loopback unless
``--insecure-tls`` waives it. Passwords and tokens never appear in messages.
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from auroractl.migrate.errors import ExitCode, OpsError, usage_error
from auroractl.ops.connect import Budget, DeadlineExceeded

STRONG_SSLMODES = ("verify-full",)
CONNECT_DEADLINE_SECONDS = 300.0
"""How long connecting (with retries, e.g. while a paused cluster resumes) may take."""
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 6,
}
"""libpq TCP keepalives: a vanished server fails a statement after about 90 s of silence."""


@dataclasses.dataclass(frozen=True)
class Target:
    """Connection parameters; ``password`` is called for each new connection (IAM tokens
    expire after 15 minutes), and ``display`` is safe to print."""

    params: dict[str, Any] = dataclasses.field(repr=False)
    password: Callable[[], str | None] = dataclasses.field(repr=False)
    display: str
    dsql: bool = False
    retries: int = 0
    backoff: float = 2.0

    def connect(
        self, *, autocommit: bool = False, application: str = "auroractl-migrate"
    ) -> psycopg.Connection[Any]:
        """A new connection; failures raise :class:`OpsError` with ``health``'s exit codes.

        Connecting goes through :class:`auroractl.ops.connect.Budget` (connect timeout, retries
        of refused/timed-out attempts within :data:`CONNECT_DEADLINE_SECONDS`). The long
        statements of a migration (``COPY``, index builds) have no statement timeout; TCP
        keepalives make a peer that vanished an error instead of a hang.
        """
        host = str(self.params.get("host") or "localhost")
        port = int(self.params.get("port") or 5432)
        params = {k: v for k, v in self.params.items() if k != "connect_timeout"}
        params.update(KEEPALIVES)
        budget = Budget(
            connect_timeout=float(self.params.get("connect_timeout") or 20),
            statement_timeout=0.0,
            deadline=CONNECT_DEADLINE_SECONDS,
        )
        delay = self.backoff
        attempt = 0
        while True:
            attempt += 1
            password = self.password()
            if password is not None:
                params["password"] = password
            try:
                conn = budget.connect(autocommit=autocommit, application_name=application, **params)
            except DeadlineExceeded:
                raise OpsError(
                    ExitCode.TIMEOUT, f"connecting to {host}:{port} ran out of time"
                ) from None
            except psycopg.Error as exc:
                # health (and with it boto3) only when a connection fails: a URL target needs
                # no AWS client
                from auroractl.ops.health import Target as HealthTarget
                from auroractl.ops.health import classify

                where = HealthTarget(host=host, port=port, database="")
                failure = classify(exc, where, budget.last_connect_timeout)
                message = failure.message.replace(password or "\0", "[redacted]")
                if not failure.retryable or attempt > self.retries or not budget.can_connect():
                    raise OpsError(failure.code, message, kind=failure.kind) from None
                budget.sleep(delay)
                delay = min(delay * 2, 16.0)
                continue
            conn.execute("SET DateStyle = 'ISO, YMD'")
            if not autocommit:
                conn.commit()
            return conn


def _loopback(host: str) -> bool:
    if not host or host.startswith("/") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def from_url(url: str, *, insecure_tls: bool = False, flag: str = "--target-url") -> Target:
    """A target from a ``postgresql://`` URL or conninfo string (exit 2 when malformed)."""
    try:
        params: dict[str, Any] = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise usage_error(
            f"{flag}: not a PostgreSQL URL or conninfo string "
            "(expected postgresql://USER@HOST:PORT/DATABASE)"
        ) from None
    password = params.pop("password", None)
    hosts = str(params.get("host") or "localhost").split(",")
    off_loopback = [h for h in hosts if not _loopback(h)]
    sslmode = params.get("sslmode")
    if off_loopback:
        if sslmode is None:
            params["sslmode"] = "verify-full"
        elif sslmode not in STRONG_SSLMODES and not insecure_tls:
            raise usage_error(
                f"{flag}: sslmode={sslmode} for host {off_loopback[0]!r}: hosts off loopback "
                "need sslmode=verify-full (or pass --insecure-tls to waive it)"
            )
    display = (
        f"{params.get('user') or '(default user)'}@{','.join(hosts)}:"
        f"{params.get('port') or 5432}/{params.get('dbname') or '(default database)'}"
    )
    return Target(params=params, password=lambda: password, display=display)


def from_dsql_url(url: str, args: argparse.Namespace, *, flag: str = "--target-url") -> Target:
    """An Aurora DSQL target from a URL and ``--auth dsql|dsql-admin``: a DSQL token signed for
    the URL's host per connection (as ``auroractl health``), TLS ``verify-full``."""
    from auroractl.ops import health as health_mod
    from auroractl.ops.aws import region_from_host
    from auroractl.ops.cli import _aws

    base = from_url(url, insecure_tls=args.insecure_tls, flag=flag)
    if base.password() is not None:
        raise usage_error(
            f"{flag}: no password in an Aurora DSQL URL (--auth {args.auth} signs a token)"
        )
    params = dict(base.params)
    host = str(params.get("host") or "")
    region = args.region or region_from_host(host)
    if not host or "," in host or host.startswith("/"):
        raise usage_error(f"{flag}: --auth {args.auth} needs one DSQL host name, got {host!r}")
    if not region:
        raise usage_error(
            f"--auth {args.auth} signs a token for a region: pass --region "
            f"(none found in host {host!r})"
        )
    admin = health_mod.DSQL_ADMIN_USER if args.auth == "dsql-admin" else None
    user = params.get("user") or args.user or admin
    if not user:
        raise usage_error(f"{flag}: --auth dsql needs the database role (the URL's user or --user)")
    params["user"] = user
    params.setdefault("dbname", "postgres")
    params.setdefault("sslmode", "verify-full")
    where = health_mod.Target(host=host, port=int(params.get("port") or 5432), database="")
    options = health_mod.Options(auth=args.auth, user=str(user), region=region)
    aws = _aws(args, region)
    return Target(
        params=params,
        password=lambda: health_mod._password(aws, where, options)[1],
        display=f"{user}@{host}:{where.port}/{params['dbname']} (auth {args.auth}, "
        f"sslmode {params['sslmode']})",
        dsql=True,
    )


def from_stack(args: argparse.Namespace) -> Target:
    """A target from stack outputs, resolved like ``auroractl health`` (secret or token)."""
    from auroractl.ops import health as health_mod
    from auroractl.ops.aws import region_from_arn
    from auroractl.ops.cli import _aws, resolve_target
    from auroractl.ops.outputs import is_dsql_host

    health_target, options = resolve_target(args)
    if is_dsql_host(health_target.host) and options.auth not in ("dsql", "dsql-admin"):
        raise usage_error(
            f"{health_target.host} is an Aurora DSQL endpoint: pass --auth dsql --user ROLE, "
            f"or --auth dsql-admin (got --auth {options.auth})"
        )
    health_mod.validate_options(health_target, options)
    aws = _aws(args, args.region or region_from_arn(options.secret_arn))
    dsql = options.auth in ("dsql", "dsql-admin")
    cache: dict[str, tuple[str, str]] = {}

    def credentials() -> tuple[str, str]:
        if options.auth == "secret" and "secret" in cache:
            return cache["secret"]
        user, password = health_mod._password(aws, health_target, options)
        cache["secret"] = (user, password)
        return user, password

    user, _ = credentials()
    params: dict[str, Any] = {
        "host": health_target.host,
        "port": health_target.port,
        "dbname": health_target.database,
        "user": user,
        "sslmode": "verify-full",
        "sslrootcert": options.ca_bundle,
        "connect_timeout": max(2, int(options.timeout)),
    }
    return Target(
        params=params,
        password=lambda: credentials()[1],
        display=f"{user}@{health_target.host}:{health_target.port}/{health_target.database} "
        f"(stack {args.stack or args.outputs}, {health_target.source}, auth {options.auth}, "
        "TLS verify-full)",
        dsql=dsql,
        retries=options.retries,
        backoff=options.backoff,
    )


__all__ = ["ExitCode", "Target", "from_dsql_url", "from_stack", "from_url"]
