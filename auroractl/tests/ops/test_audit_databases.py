"""``auroractl audit`` against moto in server mode: standalone instances, Aurora MySQL, an empty
account, failing readers, KMS origin and state, and policy config validated as ``plan`` does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.exceptions
import pytest
from auroractl.cli import main as auroractl_main
from auroractl.ops.audit import collect
from auroractl.ops.errors import ExitCode

from .conftest import CliResult

REGION = "us-east-1"
ROOT = Path(__file__).resolve().parents[3]


def _audit(cli: Callable[..., CliResult], moto: str, *extra: str) -> tuple[int, dict[str, Any]]:
    result = cli("audit", "--region", REGION, "--endpoint-url", moto, "--json", *extra)
    return result.code, json.loads(result.out)


def _findings(report: dict[str, Any], policy: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["policy"] == policy]


def test_otherwise_empty_account_passes(cli: Callable[..., CliResult], moto: str) -> None:
    """Only the default VPC (public subnets, allow-all default group): nothing to judge, exit 0."""
    code, report = _audit(cli, moto)
    assert report["findings"] == []
    assert report["notRead"] == []
    assert code == 0


def test_standalone_postgres_instance_is_judged_by_the_database_rules(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any]
) -> None:
    """A public, unencrypted instance with the postgres admin name: the instance rules fire, and
    the default-VPC subnets it uses are judged while unused default groups are not."""
    rds = aws_client("rds", REGION)
    ec2 = aws_client("ec2", REGION)
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    rds.create_db_subnet_group(
        DBSubnetGroupName="public",
        DBSubnetGroupDescription="default VPC subnets",
        SubnetIds=subnets,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="legacy",
        Engine="postgres",
        EngineVersion="16.4",
        DBInstanceClass="db.t4g.micro",
        AllocatedStorage=20,
        MasterUsername="postgres",
        MasterUserPassword="not-used-by-the-test-1",
        PubliclyAccessible=True,
        BackupRetentionPeriod=0,
        DBSubnetGroupName="public",
    )
    code, report = _audit(cli, moto)
    assert code == ExitCode.FAILED
    on_instance = {
        f["policy"]
        for f in report["findings"]
        if f["resourceType"] == "aws:rds/instance:Instance" and f["level"] == "mandatory"
    }
    assert {
        "instance-not-public",
        "aurora-storage-encrypted",
        "aurora-backup-retention",
        "aurora-deletion-protection",
        "aurora-custom-admin",
        "aurora-managed-password",
        "pg-force-ssl",
        "rds-instance-multi-az",
    } <= on_instance
    subnet_findings = {f["resource"] for f in _findings(report, "subnet-no-public-ip")}
    assert subnet_findings == set(subnets)  # the subnets it uses; other default subnets: not


def test_aurora_mysql_cluster_is_judged_by_mysql_rules(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any]
) -> None:
    """An aurora-mysql cluster needs MySQL log types and require_secure_transport."""
    rds = aws_client("rds", REGION)
    rds.create_db_cluster(
        DBClusterIdentifier="orders",
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.05.2",
        MasterUsername="orders_admin",
        MasterUserPassword="not-used-by-the-test-1",
        EnableCloudwatchLogsExports=["error"],
    )
    code, report = _audit(cli, moto)
    logs = [f["message"] for f in _findings(report, "aurora-log-exports")]
    assert logs == [
        'enabledCloudwatchLogsExports is ["error"], expected it to include "slowquery".'
    ]
    tls = [f["message"] for f in _findings(report, "pg-force-ssl")]
    assert len(tls) == 1 and "require_secure_transport" in tls[0]
    assert "postgresql" not in json.dumps(report["findings"])
    assert code == ExitCode.FAILED


def test_a_failing_reader_is_one_line_and_the_rest_is_audited(
    cli: Callable[..., CliResult], moto: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DSQL unreachable in the Region: "could not read dsql:clusters: why", exit by findings."""

    def unavailable(aws: Any, region: str) -> list[Any]:
        raise botocore.exceptions.EndpointConnectionError(
            endpoint_url=f"https://dsql.{region}.amazonaws.com/"
        )

    monkeypatch.setitem(collect.COLLECTORS, "dsql:clusters", unavailable)
    result = cli("audit", "--region", REGION, "--endpoint-url", moto)
    assert result.code == 0
    lines = [line for line in result.out.splitlines() if line.startswith("could not read")]
    assert lines == [
        "could not read dsql:clusters: EndpointConnectionError: Could not connect to the "
        f'endpoint URL: "https://dsql.{REGION}.amazonaws.com/"'
    ]
    assert "1 reader(s) failed" in result.out.splitlines()[0]


def test_external_key_is_not_judged_for_rotation() -> None:
    """Imported key material (Origin EXTERNAL) cannot rotate; its policy is still judged.

    moto 5 does not implement GetParametersForImport, so the key cannot leave PendingImport
    there; the DescribeKey item is the API's shape, evaluated by the audit's own path."""
    from auroractl.ops.audit.convert import kms_key
    from auroractl.ops.audit.run import evaluate

    meta = {
        "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
        "Arn": f"arn:aws:kms:{REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "Origin": "EXTERNAL",
        "KeyState": "Enabled",
        "KeyManager": "CUSTOMER",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "Description": "imported",
    }
    resource = kms_key(
        meta,
        None,
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}',
        REGION,
    )
    assert resource.type == "aws:kms/externalKey:ExternalKey"
    findings, _, ran = evaluate([resource], REGION)
    assert "kms-rotation" in ran
    assert [f.policy for f in findings] == ["kms-no-public-principal"]


def test_key_pending_deletion_is_named_as_such(
    cli: Callable[..., CliResult], moto: str, aws_client: Callable[..., Any]
) -> None:
    """A key scheduled for deletion: kms-enabled says "pending deletion", not "disabled"."""
    kms = aws_client("kms", REGION)
    key = kms.create_key(Description="going")["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    code, report = _audit(cli, moto)
    messages = [f["message"] for f in _findings(report, "kms-enabled") if key in f["resource"]]
    assert len(messages) == 1
    assert messages[0].startswith("the key is pending deletion")
    assert "isEnabled" not in messages[0]
    assert code == ExitCode.FAILED


@pytest.mark.parametrize(
    "content",
    [
        '{"aurora-backup-retention": {"minRetentionDays": -1}}',
        '{"aurora-backup-retention": {"minRetentionDays": NaN}}',
        '{"aurora-backup-retention": {"enforcementLevel": "strict"}}',
        '{"aurora-backup-retention": {"minimumDays": 7}}',
    ],
)
def test_policy_config_is_refused_exactly_as_plan_refuses_it(
    cli: Callable[..., CliResult],
    moto: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
) -> None:
    """The same file: audit and plan both exit 2 with the same line after "error: "."""
    path = tmp_path / "config.json"
    path.write_text(content)
    audit = cli(
        "audit", "--region", REGION, "--endpoint-url", moto, "--policy-pack-config", str(path)
    )
    capsys.readouterr()
    plan_code = auroractl_main(
        ["plan", "--stack", "prod", "--project-dir", str(ROOT), "--policy-pack-config", str(path)]
    )
    plan_err = capsys.readouterr().err
    assert audit.code == plan_code == ExitCode.USAGE
    assert audit.err.count("\n") == 1
    assert audit.err.split("error: ", 1)[1] == plan_err.strip().split("error: ", 1)[1] + "\n"


def test_exit_10_only_when_no_reader_could_read(
    cli: Callable[..., CliResult], moto: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every reader but one failing: the audit still runs on what was read (exit by findings,
    one "could not read" line per reader). Every reader failing: exit 10, one line on stderr."""

    def unavailable(aws: Any, region: str) -> list[Any]:
        raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://unreachable/")

    names = list(collect.COLLECTORS)
    for name in names[1:]:
        monkeypatch.setitem(collect.COLLECTORS, name, unavailable)
    partial = cli("audit", "--region", REGION, "--endpoint-url", moto)
    assert partial.code == ExitCode.OK
    failed = [line for line in partial.out.splitlines() if line.startswith("could not read")]
    why = 'EndpointConnectionError: Could not connect to the endpoint URL: "https://unreachable/"'
    assert failed == [f"could not read {name}: {why}" for name in names[1:]]
    assert f"{len(names) - 1} reader(s) failed" in partial.out.splitlines()[0]

    monkeypatch.setitem(collect.COLLECTORS, names[0], unavailable)
    none = cli("audit", "--region", REGION, "--endpoint-url", moto)
    assert none.code == ExitCode.AWS_ERROR
    assert none.err.count("\n") == 1
    assert names[0] in none.err and "Traceback" not in none.err
