"""``auroractl audit`` against moto in server mode: a compliant and a drifted account."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from auroractl.ops.audit.run import audit, render_json
from auroractl.ops.aws import AwsContext
from auroractl.ops.errors import ExitCode
from botocore.stub import Stubber

from .accounts import build_account
from .conftest import CliResult

COMPLIANT_REGION = "us-east-1"
DRIFTED_REGION = "us-east-2"

MOTO_GAPS = {
    "instance-performance-insights": {"enforcementLevel": "disabled"},
    "instance-pi-cmk": {"enforcementLevel": "disabled"},
    "aurora-cluster-monitoring": {"enforcementLevel": "disabled"},
}
"""moto 5.2.5 does not store Performance Insights or cluster monitoring settings, so a
compliant account cannot be expressed for these rules (their converters are tested with real
API shapes in test_convert.py)."""


@pytest.fixture
def moto_config(tmp_path: Path) -> str:
    """A policy config that switches off only the rules moto cannot represent."""
    path = tmp_path / "moto-gaps.json"
    path.write_text(json.dumps(MOTO_GAPS))
    return str(path)


def _audit(cli: Callable[..., CliResult], moto: str, region: str, *extra: str) -> CliResult:
    return cli("audit", "--region", region, "--endpoint-url", moto, "--json", *extra)


def test_compliant_account_has_no_mandatory_finding(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any], moto_config: str
) -> None:
    """The platform as the components build it: exit 0, no mandatory finding."""
    build_account(aws_client, COMPLIANT_REGION, drifted=False)
    result = _audit(cli, moto, COMPLIANT_REGION, "--policy-pack-config", moto_config)
    report = json.loads(result.out)
    mandatory = [f for f in report["findings"] if f["level"] in ("mandatory", "error")]
    assert mandatory == []
    assert result.code == 0, result.err
    assert report["resources"] >= 10
    assert "aurora-deletion-protection" in report["policiesRun"]
    assert report["notChecked"]["aurora-final-snapshot"].startswith("skipFinalSnapshot")


DRIFTS = [
    ("aurora-deletion-protection", "aws:rds/cluster:Cluster", "cluster:app"),
    ("sg-db-port-closed", "aws:ec2/securityGroup:SecurityGroup", "db_sg"),
    ("sg-no-world-ingress", "aws:ec2/securityGroup:SecurityGroup", "db_sg"),
    ("kms-rotation", "aws:kms/key:Key", "key_id"),
    ("dsql-deletion-protection", "aws:dsql/cluster:Cluster", "dsql"),
]


@pytest.fixture(scope="module")
def drifted(
    moto_url: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """The drifted account, audited once for all drift cases: (exit code, report, ids)."""
    urllib.request.urlopen(
        urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST"), timeout=10
    ).close()
    ids = build_account(
        lambda svc, region: boto3.client(svc, region_name=region, endpoint_url=moto_url),
        DRIFTED_REGION,
        drifted=True,
    )
    config = tmp_path_factory.mktemp("drift") / "moto-gaps.json"
    config.write_text(json.dumps(MOTO_GAPS))
    result = audit(
        AwsContext(region=DRIFTED_REGION, endpoint_url=moto_url),
        DRIFTED_REGION,
        config_file=config,
    )
    return int(result.exit_code), json.loads(render_json(result)), ids


@pytest.mark.parametrize(("policy", "resource_type", "which"), DRIFTS)
def test_fails_drift_is_caught_by_rule_name(
    drifted: tuple[int, dict[str, Any], dict[str, str]],
    policy: str,
    resource_type: str,
    which: str,
) -> None:
    """Each console change is reported as a mandatory finding of the named rule; exit 1."""
    code, report, ids = drifted
    assert code == ExitCode.FAILED
    assert report["exitCode"] == 1
    hits = [
        f
        for f in report["findings"]
        if f["policy"] == policy and f["resourceType"] == resource_type
    ]
    assert hits, f"{policy} not reported; findings: {report['findings']}"
    assert hits[0]["level"] == "mandatory"
    assert (ids.get(which) or which) in hits[0]["resource"]


def test_drift_text_report_names_rule_and_resource(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any]
) -> None:
    """The text report's summary line and a finding line for the cluster."""
    build_account(aws_client, DRIFTED_REGION, drifted=True)
    result = cli("audit", "--region", DRIFTED_REGION, "--endpoint-url", moto)
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith(f"audit {DRIFTED_REGION}: ") and " mandatory" in first
    assert (
        "mandatory aurora-deletion-protection  aws:rds/cluster:Cluster  "
        f"arn:aws:rds:{DRIFTED_REGION}:123456789012:cluster:app"
    ) in result.out


def test_access_denied_on_one_reader_is_reported_not_fatal(
    cli: Callable[..., CliResult],
    moto: str,
    aws_client: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    moto_config: str,
) -> None:
    """KMS denies ListKeys (stubbed); the rest of the account is still audited."""
    build_account(aws_client, COMPLIANT_REGION, drifted=False)
    real_client = AwsContext.client

    def client(self: AwsContext, service: str, *, region: str | None = None) -> Any:
        if service != "kms":
            return real_client(self, service, region=region)
        denied = boto3.client("kms", region_name=region, endpoint_url=moto)
        stub = Stubber(denied)
        stub.add_client_error(
            "list_keys",
            service_error_code="AccessDeniedException",
            service_message="not authorized to perform: kms:ListKeys",
            http_status_code=400,
        )
        stub.activate()
        return denied

    monkeypatch.setattr(AwsContext, "client", client)
    result = _audit(cli, moto, COMPLIANT_REGION, "--policy-pack-config", moto_config)
    report = json.loads(result.out)
    assert report["notRead"] == [
        {
            "what": "kms:keys",
            "region": COMPLIANT_REGION,
            "code": "AccessDeniedException",
            "message": "not authorized to perform: kms:ListKeys",
        }
    ]
    assert "rds:clusters" in report["readers"] and "kms:keys" not in report["readers"]
    assert result.code == 0


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("--only", "rds:everything"), "--only 'rds:everything' is not a resource reader"),
        (
            ("--max-attempts", "0"),
            "argument --max-attempts: expected an integer from 1 to 50, got '0'",
        ),
    ],
)
def test_fails_bad_audit_input_with_exit_2(
    cli: Callable[..., CliResult], moto: str, argv: tuple[str, ...], expected: str
) -> None:
    """Bad flags: exit 2 with one line naming the flag and the value."""
    result = cli("audit", "--region", COMPLIANT_REGION, "--endpoint-url", moto, *argv)
    assert result.code == ExitCode.USAGE
    assert expected in result.err


def test_fails_bad_policy_config_with_exit_2(
    cli: Callable[..., CliResult], moto: str, tmp_path: Path
) -> None:
    """A policy config with an unknown level: exit 2 naming the policy and the value."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"kms-rotation": {"enforcementLevel": "strict"}}))
    result = cli(
        "audit",
        "--region",
        COMPLIANT_REGION,
        "--endpoint-url",
        moto,
        "--policy-pack-config",
        str(path),
    )
    assert result.code == 2
    assert "enforcement level of 'kms-rotation' is invalid: got \"strict\"" in result.err


def test_unreachable_aws_api_is_one_line(cli: Callable[..., CliResult], moto: str) -> None:
    """No AWS endpoint listening: exit 10 with one line, no traceback."""
    from .conftest import free_port

    result = cli(
        "audit",
        "--region",
        COMPLIANT_REGION,
        "--endpoint-url",
        f"http://127.0.0.1:{free_port()}",
        "--max-attempts",
        "1",
        "--only",
        "rds:clusters",
    )
    assert result.code == ExitCode.AWS_ERROR
    assert "cannot reach the AWS API" in result.err
    assert "Traceback" not in result.err
