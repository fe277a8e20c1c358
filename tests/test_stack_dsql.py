"""The dsql stack (Pulumi.dsql.yaml) through the mock engine and the DSQL policies.

Two peered clusters (us-east-1, us-east-2) sharing the witness us-west-2, connect/admin policies
scoped to their ARNs, the API role attached to the connect policy only, an interface endpoint
in the application VPC; the pack's DSQL rules pass it, and an insecure variant fails them.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from auroractl.cli import main
from auroractl.engine import ConfigError, PlannedResource, PlanResult, run_stack
from auroractl.policy import run_pack
from auroractl.policy.testing import write_pack

REPO_ROOT = Path(__file__).resolve().parents[1]
CLUSTER = "aws:dsql/cluster:Cluster"
PEERING = "aws:dsql/clusterPeering:ClusterPeering"
POLICY = "aws:iam/policy:Policy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
DSQL_PACK_MAIN = textwrap.dedent(
    """
    from pulumi_policy import PolicyPack

    from aurora_guardrails.registry import collect

    PolicyPack("dsql-only", collect(["aurora_guardrails.rules.dsql"]))
    """
)


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    """dsql in update mode (every output known)."""
    return run_stack(REPO_ROOT, "dsql", preview=False)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack holding every registered DSQL rule (registry package `rules.dsql`)."""
    return write_pack(tmp_path_factory.mktemp("dsql-pack"), DSQL_PACK_MAIN)


def named(plan: PlanResult, name: str) -> PlannedResource:
    """The resource with this Pulumi name."""
    (found,) = [r for r in plan.resources if r.name == name]
    return found


def statements(resource: PlannedResource) -> list[dict[str, Any]]:
    """The statements of an IAM policy resource."""
    return list(json.loads(resource.inputs["policy"])["Statement"])


class TestTopology:
    """What the stack contains."""

    def test_two_clusters_in_two_regions_one_witness(self, plan: PlanResult) -> None:
        """Primary in aws:region, peer in us-east-2, both protected by deletion protection,
        both on a CMK of their own Region, both naming the witness us-west-2."""
        clusters = {r.name: r for r in plan.by_type(CLUSTER)}
        assert sorted(clusters) == ["aurora-dsql-cluster", "aurora-dsql-peer-cluster"]
        primary, peer = clusters["aurora-dsql-cluster"], clusters["aurora-dsql-peer-cluster"]
        assert (primary.inputs["region"], peer.inputs["region"]) == ("us-east-1", "us-east-2")
        for cluster in (primary, peer):
            assert cluster.inputs["deletionProtectionEnabled"] is True
            assert "forceDestroy" not in cluster.inputs
            assert cluster.inputs["multiRegionProperties"] == {"witnessRegion": "us-west-2"}
        assert (
            primary.inputs["kmsEncryptionKey"] == named(plan, "aurora-dsql-key-key").outputs["arn"]
        )
        peer_key = named(plan, "aurora-dsql-peer-key")
        assert peer.inputs["kmsEncryptionKey"] == peer_key.outputs["arn"]
        assert peer_key.outputs["arn"].startswith("arn:aws:kms:us-east-2:")
        assert primary.outputs["arn"].startswith("arn:aws:dsql:us-east-1:")
        assert peer.outputs["arn"].startswith("arn:aws:dsql:us-east-2:")

    def test_peered_both_ways(self, plan: PlanResult) -> None:
        """Each ClusterPeering names its cluster and the other cluster's ARN."""
        primary = named(plan, "aurora-dsql-cluster")
        peer = named(plan, "aurora-dsql-peer-cluster")
        peerings = {r.name: r.inputs for r in plan.by_type(PEERING)}
        assert peerings == {
            "aurora-dsql-peering": {
                "identifier": primary.outputs["identifier"],
                "clusters": [peer.outputs["arn"]],
                "witnessRegion": "us-west-2",
                "region": "us-east-1",
            },
            "aurora-dsql-peer-peering": {
                "identifier": peer.outputs["identifier"],
                "clusters": [primary.outputs["arn"]],
                "witnessRegion": "us-west-2",
                "region": "us-east-2",
            },
        }

    def test_policies_scoped_to_both_clusters(self, plan: PlanResult) -> None:
        """DbConnect and DbConnectAdmin on the two cluster ARNs only."""
        arns = sorted(r.outputs["arn"] for r in plan.by_type(CLUSTER))
        assert statements(named(plan, "aurora-dsql-connect-policy")) == [
            {"Sid": "DbConnect", "Effect": "Allow", "Action": "dsql:DbConnect", "Resource": arns}
        ]
        assert statements(named(plan, "aurora-dsql-admin-policy")) == [
            {
                "Sid": "DbConnectAdmin",
                "Effect": "Allow",
                "Action": "dsql:DbConnectAdmin",
                "Resource": arns,
            }
        ]

    def test_api_role_gets_connect_only(self, plan: PlanResult) -> None:
        """One attachment: vela-api to the connect policy; the admin policy is unattached."""
        connect = named(plan, "aurora-dsql-connect-policy").outputs["arn"]
        attachments = [
            (a.name, a.inputs["role"], a.inputs["policyArn"]) for a in plan.by_type(ATTACHMENT)
        ]
        assert attachments == [("aurora-dsql-connect-vela-api", "vela-api", connect)]

    def test_vpc_endpoint_in_application_vpc(self, plan: PlanResult) -> None:
        """Interface endpoint on the primary cluster's service, 5432 from the API's group."""
        endpoint = named(plan, "aurora-dsql-endpoint")
        primary = named(plan, "aurora-dsql-cluster")
        assert endpoint.inputs["serviceName"] == primary.outputs["vpcEndpointServiceName"]
        assert endpoint.inputs["vpcId"] == "vpc-0a1b2c3d4e5f60718"
        assert endpoint.inputs["privateDnsEnabled"] is True
        group = named(plan, "aurora-dsql-endpoint-sg")
        assert [(i["fromPort"], i["securityGroups"]) for i in group.inputs["ingress"]] == [
            (5432, ["sg-0a1b2c3d4e5f60718"])
        ]

    def test_no_aurora_resources(self, plan: PlanResult) -> None:
        """No RDS cluster, instance, proxy or secret in a dsql stack."""
        assert [r.type for r in plan.resources if r.type.startswith("aws:rds/")] == []
        assert plan.by_type("aws:secretsmanager/secret:Secret") == []

    def test_outputs(self, plan: PlanResult) -> None:
        """Endpoints follow <identifier>.dsql.<region>.on.aws; env says IAM auth."""
        primary = named(plan, "aurora-dsql-cluster").outputs["identifier"]
        peer = named(plan, "aurora-dsql-peer-cluster").outputs["identifier"]
        outputs = plan.outputs
        assert outputs["endpoint"] == f"{primary}.dsql.us-east-1.on.aws"
        assert outputs["writerEndpoint"] == outputs["endpoint"]
        assert outputs["peerEndpoint"] == f"{peer}.dsql.us-east-2.on.aws"
        assert outputs["env"] == {
            "DATABASE_HOST": f"{primary}.dsql.us-east-1.on.aws",
            "DATABASE_PORT": "5432",
            "DATABASE_NAME": "postgres",
            "DATABASE_SSL": "true",
            "DATABASE_AUTH": "iam",
            "DATABASE_REGION": "us-east-1",
        }
        assert (
            outputs["connectPolicyArn"] == named(plan, "aurora-dsql-connect-policy").outputs["arn"]
        )
        assert outputs["adminPolicyArn"] == named(plan, "aurora-dsql-admin-policy").outputs["arn"]


class TestRefusedSettings:
    """Aurora-only keys with engine dsql are refused by name, through the engine."""

    @pytest.mark.parametrize(
        ("key", "value", "reason"),
        [
            ("minCapacity", 1, "Aurora DSQL has no capacity units (ACU) to size"),
            ("readers", 1, "Aurora DSQL has no reader instances"),
            (
                "proxy",
                True,
                "Aurora DSQL has no RDS Proxy; connections authenticate with IAM tokens",
            ),
            ("backupRetentionDays", 14, "Aurora DSQL has no automated backup retention setting"),
        ],
    )
    def test_fails_aurora_only_key(self, key: str, value: object, reason: str) -> None:
        """An Aurora-only setting is refused by name. (A value equal to the project default is
        indistinguishable from no value: the CLI merges project defaults into the config.)"""
        with pytest.raises(ConfigError) as err:
            run_stack(REPO_ROOT, "dsql", config_overrides={key: value})
        assert str(err.value) == (
            f"Stack 'dsql': {key} is not allowed with engine dsql, got {value!r}: {reason}; "
            f"remove {key}"
        )

    def test_fails_engine_version(self) -> None:
        """engineVersion means nothing for DSQL."""
        with pytest.raises(ConfigError) as err:
            run_stack(REPO_ROOT, "dsql", config_overrides={"engineVersion": "16.4"})
        assert str(err.value) == (
            "Stack 'dsql': engineVersion is not allowed with engine dsql, got '16.4': Aurora "
            "DSQL manages its engine version; remove engineVersion"
        )


class TestPolicies:
    """The DSQL rules over the planned stack (Analyzer gRPC path, real runtime proxies)."""

    def test_passes_in_update_mode(self, plan: PlanResult, pack: Path) -> None:
        """No finding at all when every value is known."""
        assert run_pack(plan, pack) == []

    def test_preview_has_no_mandatory_finding(self, pack: Path) -> None:
        """In preview only 'cannot run during preview' advisories remain (unknown ARNs)."""
        findings = run_pack(run_stack(REPO_ROOT, "dsql"), pack)
        assert [f for f in findings if f.level == "mandatory"] == []
        assert {f.policy for f in findings} <= {"dsql-connect-scoped", "dsql-admin-not-on-app-role"}
        assert all("during preview" in f.message for f in findings)

    @pytest.mark.parametrize("preview", [True, False])
    def test_full_pack_has_no_mandatory_finding(self, preview: bool) -> None:
        """The whole aurora-guardrails pack (policies/) at production strictness passes."""
        findings = run_pack(run_stack(REPO_ROOT, "dsql", preview=preview), REPO_ROOT / "policies")
        assert [(f.policy, f.urn) for f in findings if f.level != "advisory"] == []

    def test_fails_insecure_variant(self, pack: Path) -> None:
        """Deletion protection off (config) and dsql:DbConnect on '*' (policy document) fail.

        Preview: every resource is analyzed (an update would stop at the first)."""
        insecure = run_stack(
            REPO_ROOT, "dsql", preview=True, config_overrides={"deletionProtection": False}
        )
        star = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "dsql:DbConnect", "Resource": "*"}],
            }
        )
        resources = [
            dataclasses.replace(
                r,
                inputs={**r.inputs, "policy": star},
                outputs={**r.outputs, "policy": star},
            )
            if r.name == "aurora-dsql-connect-policy"
            else r
            for r in insecure.resources
        ]
        found = run_pack(dataclasses.replace(insecure, resources=resources), pack)
        findings = [f for f in found if f.level == "mandatory"]
        assert sorted((f.policy, f.level, (f.urn or "").rsplit("::", 1)[-1]) for f in findings) == [
            ("dsql-connect-scoped", "mandatory", "aurora-dsql-connect-policy"),
            ("dsql-deletion-protection", "mandatory", "aurora-dsql-cluster"),
            ("dsql-deletion-protection", "mandatory", "aurora-dsql-peer-cluster"),
        ]
        messages = {f.message.splitlines()[-1] for f in findings}
        assert messages == {
            'policy statement 1 grants dsql:DbConnect on "*"; scope it to cluster ARNs '
            "(arn:<partition>:dsql:<region>:<account>:cluster/<identifier>)",
            "deletionProtectionEnabled is false; set it to true",
        }
        # An update stops at the first invalid resource (step_generator.go, generateSteps).
        updated = run_stack(
            REPO_ROOT, "dsql", preview=False, config_overrides={"deletionProtection": False}
        )
        assert [
            (f.policy, f.level, (f.urn or "").rsplit("::", 1)[-1])
            for f in run_pack(updated, pack)
            if f.level == "mandatory"
        ] == [("dsql-deletion-protection", "mandatory", "aurora-dsql-cluster")]


class TestAuroractlPlanDsql:
    """`auroractl plan --stack dsql`, the command the issue names, end to end."""

    def test_plan_shows_clusters_peering_policies_and_outputs(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Exit 0 under the full pack; the tree and the outputs name what DSQL needs."""
        code = main(["plan", "--stack", "dsql", "--project-dir", str(REPO_ROOT)])
        out = capsys.readouterr().out
        assert code == 0
        assert f"{CLUSTER}  aurora-dsql-cluster" in out
        assert f"{CLUSTER}  aurora-dsql-peer-cluster" in out
        assert out.count(f"{PEERING}  ") == 2
        assert f"{POLICY}  aurora-dsql-connect-policy" in out
        assert f"{POLICY}  aurora-dsql-admin-policy" in out
        for output in ("clusterArn:", "peerEndpoint:", "connectPolicyArn:", "env:"):
            assert output in out
        assert "passed: 0 mandatory" in out

    def test_fails_deletion_protection_off(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same stack with deletion protection off exits 1 naming the policy."""
        for name in ("Pulumi.yaml", "__main__.py"):
            (tmp_path / name).write_text((REPO_ROOT / name).read_text(encoding="utf-8"))
        data = yaml.safe_load((REPO_ROOT / "Pulumi.dsql.yaml").read_text(encoding="utf-8"))
        data["config"]["aurora-platform:deletionProtection"] = False
        (tmp_path / "Pulumi.dsql.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        code = main(
            [
                "plan",
                "--stack",
                "dsql",
                "--project-dir",
                str(tmp_path),
                "--policy-pack",
                str(REPO_ROOT / "policies"),
            ]
        )
        out = capsys.readouterr().out
        assert code == 1
        assert f"[mandatory]  dsql-deletion-protection  ({CLUSTER}: aurora-dsql-cluster)" in out
        assert (
            f"[mandatory]  dsql-deletion-protection  ({CLUSTER}: aurora-dsql-peer-cluster)" in out
        )
