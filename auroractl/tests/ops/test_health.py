"""``auroractl health`` against real PostgreSQL servers on loopback and moto's Secrets Manager."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from auroractl.ops.errors import ExitCode

from .conftest import APP_DB, APP_USER, CliResult, PgCluster, PgServer, free_port

REGION = "us-east-1"


@pytest.fixture
def secret_arn(aws_client: Callable[..., Any], pg: PgCluster) -> str:
    """An RDS-style secret holding the app user's real password."""
    sm = aws_client("secretsmanager", REGION)
    body = json.dumps({"username": APP_USER, "password": pg.app_password})
    return str(sm.create_secret(Name="app/db", SecretString=body)["ARN"])


def _health(
    cli: Callable[..., CliResult],
    moto: str,
    *,
    port: int,
    secret: str,
    ca: str,
    extra: tuple[str, ...] = (),
    host: str = "127.0.0.1",
) -> CliResult:
    return cli(
        "health",
        "--host",
        host,
        "--port",
        str(port),
        "--database",
        APP_DB,
        "--secret-arn",
        secret,
        "--ca-bundle",
        ca,
        "--endpoint-url",
        moto,
        "--timeout",
        "2",
        "--retries",
        "0",
        "--backoff",
        "0.1",
        *extra,
    )


def test_healthy_server_reports_version_endpoint_and_latency(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str
) -> None:
    """A TLS server with the right password: exit 0, version, answering address, latency."""
    result = _health(cli, moto, port=pg.tls.port, secret=secret_arn, ca=str(pg.pki.ca_cert))
    assert result.code == 0, result.err
    assert result.out.startswith(f"healthy: 127.0.0.1:{pg.tls.port}/{APP_DB} as {APP_USER}")
    assert f"answered by: 127.0.0.1:{pg.tls.port} (writer)" in result.out
    assert "server:      PostgreSQL " in result.out
    assert "latency:     connect " in result.out
    assert pg.app_password not in result.out + result.err


def test_healthy_json_is_machine_readable(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str
) -> None:
    """``--json`` prints one object with status, endpoint, version and latency numbers."""
    result = _health(
        cli, moto, port=pg.tls.port, secret=secret_arn, ca=str(pg.pki.ca_cert), extra=("--json",)
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["status"] == "ok"
    assert data["answeredBy"] == {"address": "127.0.0.1", "port": pg.tls.port, "role": "writer"}
    assert data["serverVersion"].startswith("PostgreSQL ")
    assert data["latencyMs"]["connect"] >= 0 and data["latencyMs"]["select1"] >= 0
    assert data["tls"] == "verify-full"
    assert pg.app_password not in result.out


def test_fails_wrong_password_with_auth_exit_code(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any], pg: PgCluster
) -> None:
    """A secret with a stale password: exit 7, one line, the password never printed."""
    wrong = "stale-" + pg.app_password[::-1]
    arn = aws_client("secretsmanager", REGION).create_secret(
        Name="app/stale", SecretString=json.dumps({"username": APP_USER, "password": wrong})
    )["ARN"]
    result = _health(cli, moto, port=pg.tls.port, secret=arn, ca=str(pg.pki.ca_cert))
    assert result.code == ExitCode.AUTH
    assert "authentication" in result.err and "password authentication failed" in result.err
    assert "Traceback" not in result.err
    assert wrong not in result.out + result.err


def test_fails_plain_server_with_tls_exit_code(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str
) -> None:
    """TLS is required: a server without SSL is refused with exit 6, before any password."""
    result = _health(cli, moto, port=pg.plain.port, secret=secret_arn, ca=str(pg.pki.ca_cert))
    assert result.code == ExitCode.TLS
    assert "TLS" in result.err and "does not support SSL" in result.err


def test_fails_unknown_ca_with_tls_exit_code(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str
) -> None:
    """verify-full against a CA bundle that did not sign the server: exit 6."""
    result = _health(cli, moto, port=pg.tls.port, secret=secret_arn, ca=str(pg.pki.other_ca_cert))
    assert result.code == ExitCode.TLS
    assert "certificate verify failed" in result.err


def test_fails_unresolvable_host_with_dns_exit_code(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str
) -> None:
    """A host name that does not resolve: exit 3 at once, without retrying."""
    result = _health(
        cli,
        moto,
        port=pg.tls.port,
        secret=secret_arn,
        ca=str(pg.pki.ca_cert),
        host="aurora-ops-test.invalid",
        extra=("--retries", "3"),
    )
    assert result.code == ExitCode.DNS
    assert "host name 'aurora-ops-test.invalid' does not resolve" in result.err
    assert "retrying in" not in result.err


def test_fails_server_down_with_refused_exit_code(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str
) -> None:
    """Nothing listening: each retry prints a progress line, then exit 4 after the last."""
    result = _health(
        cli,
        moto,
        port=free_port(),
        secret=secret_arn,
        ca=str(pg.pki.ca_cert),
        extra=("--retries", "2", "--backoff", "0.05"),
    )
    assert result.code == ExitCode.REFUSED
    assert result.err.count("retrying in") == 2
    assert "attempt 1/3" in result.err and "attempt 2/3" in result.err
    assert "gave up after 3 attempts" in result.err


def test_fails_blackholed_port_with_timeout_exit_code(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster, secret_arn: str, blackhole: int
) -> None:
    """A port that never answers times out after --timeout: exit 5."""
    result = _health(cli, moto, port=blackhole, secret=secret_arn, ca=str(pg.pki.ca_cert))
    assert result.code == ExitCode.TIMEOUT
    assert "timed out after 2 s" in result.err


def test_server_that_starts_late_is_reached_after_retries(
    cli: Callable[..., CliResult],
    moto: str,
    pg: PgCluster,
    secret_arn: str,
    late_server: Callable[[float], PgServer],
) -> None:
    """A server that comes up after a delay (like a resume from 0 ACU) is reached by retrying."""
    server = late_server(1.0)
    result = _health(
        cli,
        moto,
        port=server.port,
        secret=secret_arn,
        ca=str(pg.pki.ca_cert),
        extra=("--retries", "10", "--backoff", "0.25"),
    )
    assert result.code == 0, result.err
    assert "retrying in" in result.err
    assert "attempts:    1\n" not in result.out
    assert f"answered by: 127.0.0.1:{server.port}" in result.out


def test_fails_missing_secret_with_its_exit_code(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster
) -> None:
    """A secret ARN that does not exist: exit 8 naming the secret."""
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-AbCdEf"
    result = _health(cli, moto, port=pg.tls.port, secret=arn, ca=str(pg.pki.ca_cert))
    assert result.code == ExitCode.SECRET_MISSING
    assert arn in result.err and "not found" in result.err


def test_fails_secret_without_password_key(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any], pg: PgCluster
) -> None:
    """A secret lacking the password key is a missing secret (exit 8), not a crash."""
    arn = aws_client("secretsmanager", REGION).create_secret(
        Name="app/half", SecretString=json.dumps({"username": APP_USER})
    )["ARN"]
    result = _health(cli, moto, port=pg.tls.port, secret=arn, ca=str(pg.pki.ca_cert))
    assert result.code == ExitCode.SECRET_MISSING
    assert "has no password key" in result.err


def _token_health(cli: Callable[..., CliResult], moto: str, pg: PgCluster, *auth: str) -> CliResult:
    """``health`` against the TLS server with a locally signed token (``auth`` flags)."""
    return cli(
        "health",
        "--host",
        "127.0.0.1",
        "--port",
        str(pg.tls.port),
        "--database",
        APP_DB,
        *auth,
        "--region",
        REGION,
        "--ca-bundle",
        str(pg.pki.ca_cert),
        "--endpoint-url",
        moto,
        "--timeout",
        "2",
        "--retries",
        "0",
    )


def test_fails_iam_token_rejected_by_password_server_without_leaking_it(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster
) -> None:
    """``--auth iam`` signs a token locally; the password server rejects it (exit 7)."""
    result = _token_health(cli, moto, pg, "--auth", "iam", "--user", APP_USER)
    assert result.code == ExitCode.AUTH
    assert "X-Amz-Signature" not in result.out + result.err


def test_fails_dsql_admin_token_rejected(
    cli: Callable[..., CliResult], moto: str, pg: PgCluster
) -> None:
    """``--auth dsql-admin`` signs for user admin; the local server rejects it (exit 7)."""
    result = _token_health(cli, moto, pg, "--auth", "dsql-admin", "--json")
    assert result.code == ExitCode.AUTH
    data = json.loads(result.out)
    assert data["error"] == "auth" and data["exitCode"] == 7
    assert 'user "admin"' in data["message"]
    assert "X-Amz-Signature" not in result.out + result.err
