"""``auroractl env``: stack outputs → DATABASE_* environment, and --resolve-secret via moto."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auroractl.ops.errors import ExitCode

from .conftest import CliResult

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf"


def _outputs(secret_arn: str = SECRET_ARN, **env_overrides: Any) -> dict[str, Any]:
    env = {
        "DATABASE_HOST": "app-proxy.proxy-abc.us-east-1.rds.amazonaws.com",
        "DATABASE_PORT": "5432",
        "DATABASE_NAME": "app",
        "DATABASE_SSL": "true",
        "DATABASE_MAX_CONNECTIONS": "10",
        "DATABASE_SECRET_ARN": secret_arn,
    }
    env.update(env_overrides)
    return {
        "env": {k: v for k, v in env.items() if v is not None},
        "writerEndpoint": "app.cluster-abc.us-east-1.rds.amazonaws.com",
        "readerEndpoint": "app.cluster-ro-abc.us-east-1.rds.amazonaws.com",
        "proxyEndpoint": "app-proxy.proxy-abc.us-east-1.rds.amazonaws.com",
        "port": 5432,
        "databaseName": "app",
        "secretArn": secret_arn,
    }


def _write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_dotenv_has_the_six_keys_in_order(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """dotenv output: exactly the six DATABASE_* lines, in contract order, no password."""
    result = cli("env", "--stack", "prod", "--outputs", _write(tmp_path, _outputs()))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "DATABASE_HOST=app-proxy.proxy-abc.us-east-1.rds.amazonaws.com",
        "DATABASE_PORT=5432",
        "DATABASE_NAME=app",
        "DATABASE_SSL=true",
        "DATABASE_MAX_CONNECTIONS=10",
        f"DATABASE_SECRET_ARN={SECRET_ARN}",
    ]
    assert "PASSWORD" not in result.out
    assert result.err == ""


def test_json_format_and_numbers_as_strings(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """``--format json`` prints an object of strings, even when outputs hold numbers."""
    data = _outputs(DATABASE_PORT=5432.0, DATABASE_MAX_CONNECTIONS=20)
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, data), "--format", "json")
    assert result.code == 0, result.err
    env = json.loads(result.out)
    assert env["DATABASE_PORT"] == "5432" and env["DATABASE_MAX_CONNECTIONS"] == "20"
    assert list(env)[:6] == [
        "DATABASE_HOST",
        "DATABASE_PORT",
        "DATABASE_NAME",
        "DATABASE_SSL",
        "DATABASE_MAX_CONNECTIONS",
        "DATABASE_SECRET_ARN",
    ]


def test_values_with_spaces_are_quoted(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """A value with shell-special characters is single-quoted in dotenv output."""
    data = _outputs(DATABASE_NAME="my app's db")
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, data))
    assert "DATABASE_NAME='my app'\"'\"'s db'" in result.out.splitlines()


def test_dsql_env_has_no_secret_and_no_pool_size(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A DSQL stack's env (``DATABASE_AUTH=iam``, as the DsqlCluster component exports it): the
    four connection keys first, then the rest; an Aurora env still needs all six."""
    env = {
        "DATABASE_HOST": "abc.dsql.us-east-1.on.aws",
        "DATABASE_PORT": "5432",
        "DATABASE_NAME": "postgres",
        "DATABASE_SSL": "true",
        "DATABASE_AUTH": "iam",
        "DATABASE_REGION": "us-east-1",
    }
    result = cli("env", "--stack", "dsql", "--outputs", _write(tmp_path, {"env": env}))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [f"{k}={v}" for k, v in env.items()]
    env.pop("DATABASE_HOST")
    result = cli("env", "--stack", "dsql", "--outputs", _write(tmp_path, {"env": env}))
    assert result.code == ExitCode.USAGE
    assert (
        "lacks DATABASE_HOST; it must hold DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, "
        "DATABASE_SSL\n" in result.err
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"writerEndpoint": "x"}, "stack outputs have no 'env' output"),
        (_outputs(DATABASE_AUTH="secret", DATABASE_SECRET_ARN=None), "lacks DATABASE_SECRET_ARN"),
        ({"env": "[secret]"}, "output 'env' is marked secret"),
        ({"env": ["a"]}, "output 'env' must be a map of strings, got list"),
        (_outputs(DATABASE_SSL=None), "output 'env' lacks DATABASE_SSL"),
        (_outputs(DATABASE_PASSWORD="x"), "output 'env' contains 'DATABASE_PASSWORD'"),
        ([1, 2], "must be a JSON object of stack outputs, got list"),
    ],
)
def test_fails_bad_outputs_with_exit_2(
    cli: Callable[..., CliResult], tmp_path: Path, data: Any, expected: str
) -> None:
    """Malformed outputs: exit 2 with one line saying what is wrong."""
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, data))
    assert result.code == ExitCode.USAGE
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert result.out == ""


def test_fails_unreadable_outputs_file(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """A missing --outputs file: exit 2 naming the file."""
    missing = tmp_path / "nope.json"
    result = cli("env", "--stack", "dev", "--outputs", str(missing))
    assert result.code == 2
    assert (
        result.err
        == f"auroractl env: error: --outputs '{missing}': no such file; expected a readable file\n"
    )


def test_fails_without_pulumi_cli(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No --outputs and no pulumi on PATH: exit 2 telling how to write the outputs file."""
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli("env", "--stack", "dev")
    assert result.code == 2
    assert "the pulumi CLI is not on PATH" in result.err
    assert "pulumi stack output --json -s dev > FILE" in result.err


def test_runs_pulumi_cli_when_present(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without --outputs the outputs come from `pulumi stack output --json -s STACK`."""
    fake = tmp_path / "pulumi"
    payload = json.dumps(_outputs())
    fake.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "if sys.argv[1:] != ['stack', 'output', '--json', '-s', 'staging']:\n"
        "    sys.exit(9)\n"
        f"print({payload!r})\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli("env", "--stack", "staging", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["DATABASE_SECRET_ARN"] == SECRET_ARN


def test_resolve_secret_warns_then_adds_credentials(
    cli: Callable[..., CliResult], tmp_path: Path, moto: str, aws_client: Callable[..., Any]
) -> None:
    """--resolve-secret: warning on stderr, username/password from moto's Secrets Manager."""
    password = "local-only-" + "x" * 8
    arn = aws_client("secretsmanager").create_secret(
        Name="app-db", SecretString=json.dumps({"username": "dbadmin", "password": password})
    )["ARN"]
    result = cli(
        "env",
        "--stack",
        "dev",
        "--outputs",
        _write(tmp_path, _outputs(secret_arn=arn)),
        "--resolve-secret",
        "--endpoint-url",
        moto,
    )
    assert result.code == 0, result.err
    assert result.err.startswith("warning: --resolve-secret writes DATABASE_USERNAME")
    assert result.out.splitlines()[-2:] == [
        "DATABASE_USERNAME=dbadmin",
        f"DATABASE_PASSWORD={password}",
    ]
    assert password not in result.err


def test_fails_resolve_secret_when_secret_is_gone(
    cli: Callable[..., CliResult], tmp_path: Path, moto: str
) -> None:
    """--resolve-secret with a deleted/missing secret: exit 8 and nothing on stdout."""
    result = cli(
        "env",
        "--stack",
        "dev",
        "--outputs",
        _write(tmp_path, _outputs()),
        "--resolve-secret",
        "--endpoint-url",
        moto,
    )
    assert result.code == ExitCode.SECRET_MISSING
    assert result.out == ""
    assert f"secret {SECRET_ARN} not found" in result.err


HOSTILE_VALUES = {
    "DATABASE_NAME": "$(touch PWNED)",
    "X_BACKTICK": "`touch PWNED`",
    "X_QUOTES": "it's \"quoted\" ''",
    "X_NEWLINES": "line one\nline two\n",
    "X_TRAILING_NEWLINE": "abc\n",
    "X_SEMICOLON": "a; touch PWNED",
    "X_VARIABLE": "$HOME ${HOME} $1 $$",
    "X_BACKSLASH": "a\\b\\'c\\",
    "X_GLOB_TILDE": "~ * ? [a] !x",
    "X_EMPTY": "",
    "X_SPACES": "  padded  ",
    "X_CARRIAGE": "a\rb\tc",
    "X_UNICODE": "żółć ✓ 🙂",
    "X_HASH": "#not-a-comment",
    "X_EQUALS": "a=b=c",
}


def test_dotenv_is_safe_to_source(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """Sourcing the dotenv output in bash runs nothing and sets every value exactly."""
    data = _outputs(**HOSTILE_VALUES)
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, data))
    assert result.code == 0, result.err
    dotenv = tmp_path / "app.env"
    dotenv.write_text(result.out, encoding="utf-8")
    dump = "import json, os, sys; json.dump(dict(os.environ), sys.stdout)"
    sourced = subprocess.run(
        ["bash", "-c", f'set -a; . ./app.env; exec "$0" -c {shlex.quote(dump)}', sys.executable],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert not (tmp_path / "PWNED").exists()
    environment = json.loads(sourced.stdout)
    expected = {k: v for k, v in data["env"].items()}
    assert {k: environment.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "key", ["$(touch x)", "A B", "lower", "1ABC", "A-B", "", "DATABASE_NAME\n", "Ä"]
)
def test_fails_key_that_is_no_variable_name(
    cli: Callable[..., CliResult], tmp_path: Path, key: str
) -> None:
    """An ``env`` key outside [A-Z_][A-Z0-9_]* is refused by name (exit 2), nothing printed."""
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, _outputs(**{key: "v"})))
    assert result.code == ExitCode.USAGE
    assert result.out == ""
    assert result.err == (
        f"auroractl env: error: output 'env' key {key!r} is not a valid variable name; "
        "keys must match [A-Z_][A-Z0-9_]*\n"
    )


@pytest.mark.parametrize(
    "key", ["pgpassword", "DATABASE_PASSWORD ", " PgPassword", "database_url", "DB_PASSWORD"]
)
def test_fails_secret_key_in_any_case_or_spacing(
    cli: Callable[..., CliResult], tmp_path: Path, key: str
) -> None:
    """Password keys are refused whatever their case or surrounding whitespace; never printed."""
    data = _outputs(**{key: "hunter2-secret"})
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, data))
    assert result.code == ExitCode.USAGE
    assert result.out == ""
    assert f"output 'env' contains {key!r}; a stack must never export a password" in result.err
    assert "hunter2-secret" not in result.err


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DATABASE_PORT", "abc"),
        ("DATABASE_PORT", "0"),
        ("DATABASE_PORT", "65536"),
        ("DATABASE_PORT", "5432.5"),
        ("DATABASE_PORT", True),
        ("DATABASE_MAX_CONNECTIONS", "-3"),
    ],
)
def test_fails_number_key_that_is_no_number(
    cli: Callable[..., CliResult], tmp_path: Path, key: str, value: Any
) -> None:
    """DATABASE_PORT and DATABASE_MAX_CONNECTIONS must be integers in range (exit 2)."""
    data = _outputs(**{key: value})
    result = cli("env", "--stack", "dev", "--outputs", _write(tmp_path, data))
    assert result.code == ExitCode.USAGE
    assert f"output 'env' key {key} must be an integer from " in result.err
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'{"env": {"DATABASE_PORT": NaN}}', "NaN is not a JSON number; numbers must be finite"),
        (b'{"port": 1e400}', "number 1e400 is out of range; numbers must be finite"),
        (b'{"env": "\xff"}', "not UTF-8 text (byte 0xff at offset 9); expected a UTF-8 file"),
        (b'{"env": ', "not valid JSON (line 1 column 9: Expecting value)"),
    ],
)
def test_fails_outputs_file_that_is_not_finite_utf8_json(
    cli: Callable[..., CliResult], tmp_path: Path, text: bytes, expected: str
) -> None:
    """Outputs that are not UTF-8, not JSON or hold non-finite numbers: one line, exit 2."""
    path = tmp_path / "outputs.json"
    path.write_bytes(text)
    result = cli("env", "--stack", "dev", "--outputs", str(path))
    assert result.code == ExitCode.USAGE
    assert result.err == f"auroractl env: error: --outputs '{path}': {expected}\n"


def test_fails_lone_surrogate_value(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """A value no UTF-8 output can carry (a lone surrogate) is refused by key (exit 2)."""
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(_outputs(DATABASE_NAME="\ud800")), encoding="utf-8")
    result = cli("env", "--stack", "dev", "--outputs", str(path))
    assert result.code == ExitCode.USAGE
    assert "output 'env' key DATABASE_NAME is not valid Unicode text" in result.err


def test_fails_outputs_path_that_is_a_directory(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A directory given as --outputs: one line naming it, exit 2."""
    result = cli("env", "--stack", "dev", "--outputs", str(tmp_path))
    assert result.code == ExitCode.USAGE
    assert result.err == (
        f"auroractl env: error: --outputs '{tmp_path}': is a directory; expected a readable file\n"
    )
