"""What the pack sees matches the real engine, as read in pulumi/pulumi's source:

- ``AnalyzeStack`` gets each resource's outputs (``pkg/resource/deploy/step_generator.go``,
  ``AnalyzeResources``: "AnalyzeStack is called on the final outputs"): in preview the
  provider's preview state, so unknown list members stay and output-only properties are
  unknown (``step.go``, ``CreateStep.Apply`` with ``Preview: true``;
  ``pkg/resource/plugin/provider_plugin.go``, ``Create``, ``KeepUnknowns: req.Preview``).
- The default provider is a resource: analyzed and part of ``AnalyzeStack``
  (``pkg/resource/deploy/default_providers.go``).
- Stack-level findings carry the root stack's URN (``resolveStackPolicyViolationURN``).
- In update mode a mandatory finding stops the deployment at that resource and
  ``AnalyzeStack`` is skipped (``step_generator.go``, ``generateSteps``: "resource %s is
  invalid"; ``deployment_executor.go``, ``Execute``: AnalyzeResources only without errors).
"""

from __future__ import annotations

import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from auroractl.engine import UNKNOWN, PlanResult, run_stack
from auroractl.policy import PolicyPackSession, analyze_plan
from auroractl.policy.testing import write_pack
from google.protobuf import json_format

PROGRAM = """\
import pulumi
import pulumi_aws as aws

group = aws.ec2.SecurityGroup("db", vpc_id="vpc-0123456789abcdef0")
bucket = aws.s3.Bucket("logs")
cluster = aws.rds.Cluster(
    "db",
    engine="aurora-postgresql",
    vpc_security_group_ids=[group.id, "sg-0aaaaaaaaaaaaaaaa"],
    master_username="app",
    manage_master_user_password=True,
)
"""

PACK = textwrap.dedent(
    """
    import json

    from pulumi_policy import (
        EnforcementLevel, PolicyPack, ResourceValidationPolicy, StackValidationPolicy,
    )

    UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


    def shown(read):
        try:
            value = read()
            if isinstance(value, list):
                return [shown(lambda v=v: v) for v in value]
            value = json.loads(json.dumps(value))  # reading an unknown proxy raises here
        except Exception as exc:  # UnknownValueError: the value is unknown
            return "<unknown>" if "unknown" in type(exc).__name__.lower() else repr(exc)
        return "<unknown>" if value == UNKNOWN else value


    def seen(args, report):
        report(args.resource_type)


    def no_bucket(args, report):
        if args.resource_type == "aws:s3/bucket:Bucket":
            report("no buckets")


    def shape(args, report):
        out = {}
        for r in args.resources:
            keys = ("vpcSecurityGroupIds", "arn", "endpoint", "tagsAll", "region", "version")
            out[r.resource_type] = {
                k: shown(lambda k=k: r.props[k]) for k in keys if k in r.props
            }
        report(json.dumps(out, sort_keys=True))


    PolicyPack(
        name="fidelity",
        enforcement_level=EnforcementLevel.ADVISORY,
        policies=[
            ResourceValidationPolicy(name="seen", description="seen", validate=seen),
            ResourceValidationPolicy(
                name="no-bucket", description="no buckets", validate=no_bucket,
                enforcement_level=EnforcementLevel.MANDATORY),
            StackValidationPolicy(name="shape", description="shape", validate=shape),
        ],
    )
    """
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fidelity")
    (root / "Pulumi.yaml").write_text("name: fid\nruntime: python\n")
    (root / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (root / "__main__.py").write_text(PROGRAM)
    write_pack(root / "pack", PACK)
    return root


def _report(project: Path, preview: bool) -> tuple[PlanResult, Any]:
    plan = run_stack(project, "dev", preview=preview)
    return plan, analyze_plan(plan, project / "pack")


def _message(finding: Any) -> str:
    return str(finding.message.split("\n", 1)[1])


def test_preview_analyze_stack_state(project: Path) -> None:
    """The AnalyzeStack request as sent on the wire (the pack SDK turns any unknown read into
    its "can't run policy during preview" advisory, so the state is checked on the wire)."""
    plan = run_stack(project, "dev", preview=True)
    session = PolicyPackSession(
        project / "pack", project=plan.project, stack=plan.stack, preview=True, config=plan.config
    )
    by_urn = {r.urn: r for r in plan.resources}
    state = {
        r.type: json_format.MessageToDict(session._stack_resource(r, by_urn, {}).properties)
        for r in plan.resources
    }
    cluster = state["aws:rds/cluster:Cluster"]
    # The unknown member stays in the list (it used to be dropped).
    assert cluster["vpcSecurityGroupIds"] == [UNKNOWN, "sg-0aaaaaaaaaaaaaaaa"]
    # Output-only properties are there, unknown (they used to be absent).
    assert cluster["arn"] == cluster["endpoint"] == cluster["tagsAll"] == UNKNOWN
    assert cluster["id"] == UNKNOWN
    # The default provider is a resource of AnalyzeStack with its config and version.
    assert state["pulumi:providers:aws"] == {
        "region": "us-east-1",
        "version": metadata.version("pulumi_aws"),
    }


def test_stack_findings_carry_the_root_stack_urn(project: Path) -> None:
    plan, report = _report(project, preview=True)
    (shape,) = [f for f in report.findings if f.policy == "shape"]
    assert shape.urn == plan.stack_urn == "urn:pulumi:dev::fid::pulumi:pulumi:Stack::fid-dev"


def test_default_provider_is_analyzed(project: Path) -> None:
    _plan, report = _report(project, preview=True)
    analyzed = sorted(_message(f) for f in report.findings if f.policy == "seen")
    assert "pulumi:providers:aws" in analyzed
    assert "pulumi:pulumi:Stack" in analyzed


def test_update_stops_at_the_first_mandatory_finding(project: Path) -> None:
    """The bucket's mandatory finding stops the update: the cluster after it is never
    analyzed and AnalyzeStack does not run. Preview goes on and runs AnalyzeStack."""
    _plan, update = _report(project, preview=False)
    assert [f.policy for f in update.findings if f.level == "mandatory"] == ["no-bucket"]
    assert not any(f.policy == "shape" for f in update.findings)
    analyzed = {_message(f) for f in update.findings if f.policy == "seen"}
    assert "aws:s3/bucket:Bucket" in analyzed
    assert "aws:rds/cluster:Cluster" not in analyzed
    _plan, preview = _report(project, preview=True)
    assert {_message(f) for f in preview.findings if f.policy == "seen"} >= {
        "aws:s3/bucket:Bucket",
        "aws:rds/cluster:Cluster",
    }
    assert any(f.policy == "shape" for f in preview.findings)
