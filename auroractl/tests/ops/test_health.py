"""``auroractl health`` against real PostgreSQL servers on loopback and moto's Secrets Manager."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auroractl.ops.aws import AwsContext
from auroractl.ops.errors import ExitCode, OpsError
from auroractl.ops.health import Options, Target, check

from .conftest import (
    APP_DB,
    APP_USER,
    CliResult,
    PgCluster,
    PgServer,
    StalledServer,
    free_port,
)

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


def _stalled_health(
    moto: str, pg: PgCluster, port: int, *flags: str
) -> subprocess.CompletedProcess[str]:
    """``auroractl health`` as its own process, bounded by a 120 s test timeout."""
    return subprocess.run(
        [
            sys.executable, "-m", "auroractl.cli", "health",
            "--host", "127.0.0.1", "--port", str(port), "--database", APP_DB,
            "--auth", "iam", "--user", APP_USER, "--region", REGION, "--endpoint-url", moto,
            "--ca-bundle", str(pg.pki.ca_cert), "--timeout", "2", *flags,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip


def test_fails_server_that_stops_answering_after_login_with_timeout_exit_code(
    moto: str, pg: PgCluster, stalled_server: StalledServer
) -> None:
    """TLS and login complete, then SELECT 1 never answers: exit 5 after --statement-timeout."""
    result = _stalled_health(
        moto, pg, stalled_server.port, "--statement-timeout", "1", "--retries", "0"
    )
    assert stalled_server.connections == 1
    assert result.returncode == ExitCode.TIMEOUT, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"auroractl health: error: 127.0.0.1:{stalled_server.port} accepted the connection but "
        "did not answer SELECT 1 within 1 s (gave up after 1 attempt)"
    )
    assert "Traceback" not in result.stderr


def test_deadline_ends_retries_against_a_stalled_server(
    moto: str, pg: PgCluster, stalled_server: StalledServer
) -> None:
    """Many retries allowed, but --deadline ends them: exit 5 naming the deadline."""
    result = _stalled_health(
        moto, pg, stalled_server.port,
        "--statement-timeout", "1", "--retries", "20", "--backoff", "0", "--deadline", "4",
        "--json",
    )  # fmt: skip
    assert result.returncode == ExitCode.TIMEOUT, result.stderr
    error = json.loads(result.stdout)
    assert error["exitCode"] == 5 and error["error"] == "timeout"
    assert "did not answer SELECT 1 within" in error["message"]
    assert "(--deadline of 4 s reached after " in error["message"]
    assert 1 <= stalled_server.connections < 21


def test_backoff_is_capped_from_the_first_retry(moto: str) -> None:
    """--backoff above the cap waits the cap (16 s), on the first retry as on later ones."""
    waits: list[float] = []
    lines: list[str] = []
    target = Target(host="127.0.0.1", port=free_port(), database=APP_DB)
    options = Options(auth="iam", user=APP_USER, region=REGION, retries=3, backoff=600)
    with pytest.raises(OpsError) as failure:
        check(
            target,
            options,
            AwsContext(endpoint_url=moto),
            progress=lines.append,
            sleep=waits.append,
        )
    assert failure.value.code == ExitCode.REFUSED
    assert waits == [16.0, 16.0, 16.0]
    assert "retrying in 16.0 s" in lines[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file; expected a readable file"),
        (b"not a certificate\n", "no PEM certificate in the file; expected a CA bundle"),
        (b"\xff\xfe", "not UTF-8 text (byte 0xff at offset 0); expected a UTF-8 file"),
    ],
)
def test_fails_unusable_ca_bundle_naming_the_file(
    cli: Callable[..., CliResult], tmp_path: Path, content: bytes | None, expected: str
) -> None:
    """A --ca-bundle that is missing, not PEM or not text: exit 2 naming the file, no network."""
    bundle = tmp_path / "global-bundle.pem"
    if content is not None:
        bundle.write_bytes(content)
    result = cli(
        "health", "--host", "127.0.0.1", "--port", str(free_port()), "--auth", "iam",
        "--user", APP_USER, "--region", REGION, "--ca-bundle", str(bundle),
    )  # fmt: skip
    assert result.code == ExitCode.USAGE
    assert result.err.startswith(f"auroractl health: error: --ca-bundle '{bundle}': {expected}")
    assert len(result.err.splitlines()) == 1


def test_fails_outputs_port_that_is_no_number(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """DATABASE_PORT "abc" in the outputs: exit 2 naming the key and the value."""
    outputs = tmp_path / "outputs.json"
    env = {
        "DATABASE_HOST": "127.0.0.1",
        "DATABASE_PORT": "abc",
        "DATABASE_NAME": APP_DB,
        "DATABASE_SSL": "true",
        "DATABASE_MAX_CONNECTIONS": "10",
        "DATABASE_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf",
    }
    outputs.write_text(json.dumps({"env": env}), encoding="utf-8")
    result = cli("health", "--outputs", str(outputs))
    assert result.code == ExitCode.USAGE
    assert result.err == (
        "auroractl health: error: output 'env' key DATABASE_PORT must be an integer from 1 to "
        "65535, got 'abc'\n"
    )


def test_ctrl_c_is_one_line_and_exit_130(
    moto: str, pg: PgCluster, stalled_server: StalledServer
) -> None:
    """SIGINT while a query hangs: exit 130 with one line, no traceback."""
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "auroractl.cli", "health",
            "--host", "127.0.0.1", "--port", str(stalled_server.port), "--database", APP_DB,
            "--auth", "iam", "--user", APP_USER, "--region", REGION, "--endpoint-url", moto,
            "--ca-bundle", str(pg.pki.ca_cert), "--statement-timeout", "600", "--retries", "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        for _ in range(1200):  # until logged in (bounded: 60 s)
            if stalled_server.connections or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert stalled_server.connections == 1, proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert err.splitlines()[-1] == "auroractl health: interrupted"
    assert "Traceback" not in err


DSQL_ENV = {
    "DATABASE_HOST": "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws",
    "DATABASE_PORT": "5432",
    "DATABASE_NAME": "postgres",
    "DATABASE_SSL": "true",
    "DATABASE_AUTH": "iam",
    "DATABASE_REGION": REGION,
}


@pytest.mark.parametrize(
    ("env", "auth"),
    [(DSQL_ENV, "dsql"), ({**DSQL_ENV, "DATABASE_HOST": "db.example.com"}, "iam")],
)
def test_auth_defaults_to_what_the_stack_env_declares(
    cli: Callable[..., CliResult],
    moto: str,
    pg: PgCluster,
    tmp_path: Path,
    env: dict[str, str],
    auth: str,
) -> None:
    """No ``--auth``: a stack env with ``DATABASE_AUTH=iam`` signs a token (DSQL on a DSQL host,
    RDS IAM elsewhere) for ``--user`` in ``DATABASE_REGION``; the local password server rejects
    it (exit 7). Without ``--user``: one line, exit 2."""
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"env": env}), encoding="utf-8")
    flags = (
        "health", "--stack", "dsql", "--outputs", str(outputs), "--host", "127.0.0.1",
        "--port", str(pg.tls.port), "--database", APP_DB, "--ca-bundle", str(pg.pki.ca_cert),
        "--endpoint-url", moto, "--timeout", "2", "--retries", "0",
    )  # fmt: skip
    result = cli(*flags, "--user", APP_USER)
    assert result.code == ExitCode.AUTH, result.err
    assert f"(auth {auth}, TLS verify-full" in result.err
    assert "X-Amz-Signature" not in result.out + result.err
    result = cli(*flags)
    assert result.code == ExitCode.USAGE
    assert result.err.strip().splitlines() == [
        f"auroractl health: error: the stack's env declares DATABASE_AUTH=iam (auth {auth}): "
        "pass --user, the database user to sign a token for"
        + (", or --auth dsql-admin" if auth == "dsql" else "")
    ]
