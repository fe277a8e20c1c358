"""DsqlCluster under strict mocks: exact children, security-relevant inputs and outputs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pulumi
import pytest
from aurora_components.dsql import DsqlCluster, DsqlClusterArgs
from componentmocks import ACCOUNT, PROJECT, STACK, AwsMocks, ImmediateExecutor, run
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockMonitor, MockResourceArgs

KEY_EAST_1 = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
KEY_EAST_2 = f"arn:aws:kms:us-east-2:{ACCOUNT}:key/66666666-7777-8888-9999-000000000000"


@dataclass
class Registration:
    """One resource registration: type, name, inputs, and the protect option."""

    type: str
    name: str
    inputs: dict[str, Any]
    protect: bool = False


class DsqlMocks(AwsMocks):
    """The component harness's mocks, Region-aware for DSQL clusters and peer keys, recording
    every registration from `new_resource` itself (type, name and inputs arrive together)."""

    def __init__(self) -> None:
        super().__init__()
        self.registrations: list[Registration] = []

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        """Record, then answer with the harness's state."""
        self.registrations.append(Registration(args.typ, args.name, dict(args.inputs)))
        return super().new_resource(args)

    def _state(self, typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        rid, state = super()._state(typ, name, inputs)
        region = str(inputs.get("region", "us-east-1"))
        if typ == "aws:dsql/cluster:Cluster":
            rid = f"{name.replace('-', '')}{'x' * 26}"[:26]
            state.update(
                id=rid,
                identifier=rid,
                arn=f"arn:aws:dsql:{region}:{ACCOUNT}:cluster/{rid}",
                vpcEndpointServiceName=f"com.amazonaws.{region}.dsql-a1b2",
            )
        elif typ == "aws:kms/key:Key" and region == "us-east-2":
            state["arn"] = KEY_EAST_2
        return rid, state


class Recorder(MockMonitor):
    """Mock monitor that adds each resource's `protect` option to the mocks' records."""

    def __init__(self, mocks: DsqlMocks) -> None:
        super().__init__(mocks)
        self.dsql = mocks
        self.protected: set[tuple[str, str]] = set()

    @property
    def registrations(self) -> list[Registration]:
        """Every registration with its protect flag."""
        for r in self.dsql.registrations:
            r.protect = (r.type, r.name) in self.protected
        return self.dsql.registrations

    def RegisterResource(self, request: Any) -> Any:
        """Note the protect option, then register as usual."""
        if request.protect:
            self.protected.add((request.type, request.name))
        return super().RegisterResource(request)  # type: ignore[no-untyped-call]

    def of_type(self, typ: str) -> list[Registration]:
        """Registrations of one type, in registration order."""
        return [r for r in self.registrations if r.type == typ]


@pytest.fixture
def mocks() -> Iterator[Recorder]:
    """Fresh loop, runtime settings and recording monitor (DSQL-aware mocks) per test."""
    loop = asyncio.new_event_loop()
    loop.set_default_executor(ImmediateExecutor(max_workers=1))
    asyncio.set_event_loop(loop)
    settings.reset_options()
    recording = Recorder(DsqlMocks())
    pulumi.runtime.set_mocks(
        recording.dsql, project=PROJECT, stack=STACK, preview=False, monitor=recording
    )
    try:
        yield recording
    finally:
        settings.reset_options()
        asyncio.set_event_loop(None)
        loop.close()


def base_args(**overrides: Any) -> DsqlClusterArgs:
    """Single-Region happy-path args with one override applied."""
    args: dict[str, Any] = {
        "region": "us-east-1",
        "kms_key_arn": KEY_EAST_1,
        "tags": {"team": "vela"},
    }
    args.update(overrides)
    return args  # type: ignore[return-value]


def multi_args(**overrides: Any) -> DsqlClusterArgs:
    """Two-Region happy-path args."""
    return base_args(peer_region="us-east-2", witness_region="us-west-2", **overrides)


def of_type(mocks: Recorder, typ: str) -> list[Registration]:
    """Registrations of one resource type, in order."""
    return mocks.of_type(typ)


def build(args: DsqlClusterArgs, name: str = "db") -> dict[str, Any]:
    """Build a DsqlCluster, wait for every registration and return its resolved outputs."""
    _, values = run(lambda: DsqlCluster(name, args))
    return values


def types_and_names(mocks: Recorder) -> list[tuple[str, str]]:
    """(type, name) of every registration, sorted (registration order is asynchronous)."""
    return sorted((r.type, r.name) for r in mocks.registrations)


class TestSingleRegion:
    """A single-Region cluster: exact children and inputs."""

    def test_registers_exactly_cluster_and_two_policies(self, mocks: Recorder) -> None:
        """The component, one cluster and the two IAM policies; nothing else."""
        build(base_args())
        assert types_and_names(mocks) == sorted(
            [
                ("aurora-platform:dsql:DsqlCluster", "db"),
                ("aws:dsql/cluster:Cluster", "db-cluster"),
                ("aws:iam/policy:Policy", "db-connect-policy"),
                ("aws:iam/policy:Policy", "db-admin-policy"),
            ]
        )

    def test_cluster_is_protected_and_on_the_cmk(self, mocks: Recorder) -> None:
        """Deletion protection on, CMK set, no force destroy, tags, Region, no multi-Region."""
        build(base_args())
        (cluster,) = of_type(mocks, "aws:dsql/cluster:Cluster")
        assert cluster.inputs["deletionProtectionEnabled"] is True
        assert cluster.inputs["kmsEncryptionKey"] == KEY_EAST_1
        assert cluster.inputs["region"] == "us-east-1"
        assert cluster.inputs["tags"] == {"team": "vela"}
        assert "forceDestroy" not in cluster.inputs
        assert "multiRegionProperties" not in cluster.inputs

    def test_deletion_protection_can_be_turned_off(self, mocks: Recorder) -> None:
        """deletion_protection=False reaches the cluster (the policy pack then flags it)."""
        build(base_args(deletion_protection=False))
        (cluster,) = of_type(mocks, "aws:dsql/cluster:Cluster")
        assert cluster.inputs["deletionProtectionEnabled"] is False

    def test_connect_policy_is_scoped_to_the_cluster_arn(self, mocks: Recorder) -> None:
        """dsql:DbConnect on the cluster ARN only, never on '*'; admin likewise."""
        out = build(base_args())
        arn = out["arn"]
        policies = {
            r.name: json.loads(r.inputs["policy"]) for r in of_type(mocks, "aws:iam/policy:Policy")
        }
        assert policies["db-connect-policy"]["Statement"] == [
            {"Sid": "DbConnect", "Effect": "Allow", "Action": "dsql:DbConnect", "Resource": [arn]}
        ]
        assert policies["db-admin-policy"]["Statement"] == [
            {
                "Sid": "DbConnectAdmin",
                "Effect": "Allow",
                "Action": "dsql:DbConnectAdmin",
                "Resource": [arn],
            }
        ]
        assert arn.startswith("arn:aws:dsql:us-east-1:")

    def test_admin_policy_is_never_attached(self, mocks: Recorder) -> None:
        """With application roles, only the connect policy is attached, once per role."""
        out = build(base_args(application_role_names=["api", "worker"]))
        attachments = of_type(mocks, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        assert sorted((a.name, a.inputs["role"], a.inputs["policyArn"]) for a in attachments) == [
            ("db-connect-api", "api", out["connect_policy_arn"]),
            ("db-connect-worker", "worker", out["connect_policy_arn"]),
        ]
        assert out["admin_policy_arn"] != out["connect_policy_arn"]

    def test_no_roles_means_no_attachment(self, mocks: Recorder) -> None:
        """By default the connect policy is attached to nothing."""
        build(base_args())
        assert of_type(mocks, "aws:iam/rolePolicyAttachment:RolePolicyAttachment") == []

    def test_outputs_and_env(self, mocks: Recorder) -> None:
        """Endpoint is <identifier>.dsql.<region>.on.aws; env has the Aurora keys plus IAM auth."""
        out = build(base_args())
        host = f"{out['identifier']}.dsql.us-east-1.on.aws"
        assert out["endpoint"] == host
        assert (out["port"], out["database_name"], out["region"]) == (5432, "postgres", "us-east-1")
        assert out["env"] == {
            "DATABASE_HOST": host,
            "DATABASE_PORT": "5432",
            "DATABASE_NAME": "postgres",
            "DATABASE_SSL": "true",
            "DATABASE_AUTH": "iam",
            "DATABASE_REGION": "us-east-1",
        }
        for optional in ("peer_identifier", "peer_arn", "peer_endpoint", "peer_kms_key_arn"):
            assert out[optional] is None
        assert out["vpc_endpoint_id"] is None
        assert out["endpoint_security_group_id"] is None

    def test_clusters_and_peer_key_are_protected_by_default(self, mocks: Recorder) -> None:
        """Pulumi protect on both clusters and the created peer key, nothing else."""
        build(multi_args())
        assert sorted(r.name for r in mocks.registrations if r.protect) == [
            "db-cluster",
            "db-peer-cluster",
            "db-peer-key",
        ]

    def test_protect_follows_protect_resources(self, mocks: Recorder) -> None:
        """protect_resources=False protects nothing."""
        build(multi_args(protect_resources=False))
        assert [r.name for r in mocks.registrations if r.protect] == []
        assert len(of_type(mocks, "aws:dsql/cluster:Cluster")) == 2


class TestMultiRegion:
    """Two peered clusters sharing one witness Region."""

    def test_registers_two_clusters_peering_both_ways_and_peer_key(self, mocks: Recorder) -> None:
        """Exact children for a two-Region pair without a given peer key."""
        build(multi_args())
        assert types_and_names(mocks) == sorted(
            [
                ("aurora-platform:dsql:DsqlCluster", "db"),
                ("aws:dsql/cluster:Cluster", "db-cluster"),
                ("aws:kms/key:Key", "db-peer-key"),
                ("aws:dsql/cluster:Cluster", "db-peer-cluster"),
                ("aws:dsql/clusterPeering:ClusterPeering", "db-peering"),
                ("aws:dsql/clusterPeering:ClusterPeering", "db-peer-peering"),
                ("aws:iam/policy:Policy", "db-connect-policy"),
                ("aws:iam/policy:Policy", "db-admin-policy"),
            ]
        )

    def test_clusters_share_the_witness_and_are_peered(self, mocks: Recorder) -> None:
        """Both clusters name us-west-2; each peering points at the other cluster."""
        out = build(multi_args())
        clusters = {r.name: r.inputs for r in of_type(mocks, "aws:dsql/cluster:Cluster")}
        assert clusters["db-cluster"]["multiRegionProperties"] == {"witnessRegion": "us-west-2"}
        peer = clusters["db-peer-cluster"]
        assert peer["multiRegionProperties"] == {"witnessRegion": "us-west-2"}
        assert peer["region"] == "us-east-2"
        assert peer["deletionProtectionEnabled"] is True
        assert peer["kmsEncryptionKey"] == KEY_EAST_2
        peerings = {
            r.name: r.inputs for r in of_type(mocks, "aws:dsql/clusterPeering:ClusterPeering")
        }
        assert peerings["db-peering"] == {
            "identifier": out["identifier"],
            "clusters": [out["peer_arn"]],
            "witnessRegion": "us-west-2",
            "region": "us-east-1",
        }
        assert peerings["db-peer-peering"] == {
            "identifier": out["peer_identifier"],
            "clusters": [out["arn"]],
            "witnessRegion": "us-west-2",
            "region": "us-east-2",
        }
        assert out["peer_endpoint"] == f"{out['peer_identifier']}.dsql.us-east-2.on.aws"
        assert out["peer_kms_key_arn"] == KEY_EAST_2

    def test_peer_key_rotates_and_trusts_only_account_and_dsql(self, mocks: Recorder) -> None:
        """The created peer key is in the peer Region, rotates, and names no '*' principal."""
        build(multi_args())
        (key,) = of_type(mocks, "aws:kms/key:Key")
        assert key.inputs["region"] == "us-east-2"
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["deletionWindowInDays"] == 30
        statements = json.loads(key.inputs["policy"])["Statement"]
        assert [s["Principal"] for s in statements] == [
            {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            {"Service": "dsql.amazonaws.com"},
            {"Service": "dsql.amazonaws.com"},
        ]
        assert statements[1]["Condition"] == {
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "ArnLike": {"aws:SourceArn": f"arn:aws:dsql:us-east-2:{ACCOUNT}:cluster/*"},
        }

    def test_given_peer_key_is_used_and_none_created(self, mocks: Recorder) -> None:
        """peer_kms_key_arn replaces the created key."""
        build(multi_args(peer_kms_key_arn=KEY_EAST_2))
        assert of_type(mocks, "aws:kms/key:Key") == []
        clusters = {r.name: r.inputs for r in of_type(mocks, "aws:dsql/cluster:Cluster")}
        assert clusters["db-peer-cluster"]["kmsEncryptionKey"] == KEY_EAST_2

    def test_policies_cover_both_cluster_arns_only(self, mocks: Recorder) -> None:
        """Connect and admin policies list exactly the two cluster ARNs."""
        out = build(multi_args())
        arns = sorted([out["arn"], out["peer_arn"]])
        policies = of_type(mocks, "aws:iam/policy:Policy")
        assert len(policies) == 2
        for policy in policies:
            (statement,) = json.loads(policy.inputs["policy"])["Statement"]
            assert statement["Resource"] == arns


class TestVpcEndpoint:
    """The optional interface endpoint and its security group."""

    def test_endpoint_uses_cluster_service_and_own_group(self, mocks: Recorder) -> None:
        """Interface endpoint on the cluster's PrivateLink service, private DNS, own SG."""
        out = build(
            base_args(
                enable_vpc_endpoint=True,
                vpc_id="vpc-1",
                subnet_ids=["subnet-a", "subnet-b"],
                client_security_group_ids=["sg-app"],
            )
        )
        (endpoint,) = of_type(mocks, "aws:ec2/vpcEndpoint:VpcEndpoint")
        assert endpoint.inputs["serviceName"] == "com.amazonaws.us-east-1.dsql-a1b2"
        assert endpoint.inputs["vpcEndpointType"] == "Interface"
        assert endpoint.inputs["privateDnsEnabled"] is True
        assert endpoint.inputs["subnetIds"] == ["subnet-a", "subnet-b"]
        assert endpoint.inputs["securityGroupIds"] == [out["endpoint_security_group_id"]]
        assert out["vpc_endpoint_id"].startswith("vpce-")
        assert out["endpoint_security_group_id"].startswith("sg-")
        (group,) = of_type(mocks, "aws:ec2/securityGroup:SecurityGroup")
        assert group.inputs["vpcId"] == "vpc-1"
        assert group.inputs["ingress"] == [
            {
                "description": "PostgreSQL from an application security group",
                "protocol": "tcp",
                "fromPort": 5432,
                "toPort": 5432,
                "securityGroups": ["sg-app"],
            }
        ]
        assert "egress" not in group.inputs

    def test_no_client_groups_means_no_ingress(self, mocks: Recorder) -> None:
        """Without client groups the endpoint's group admits nothing."""
        build(
            base_args(enable_vpc_endpoint=True, vpc_id="vpc-1", subnet_ids=["subnet-a", "subnet-b"])
        )
        (group,) = of_type(mocks, "aws:ec2/securityGroup:SecurityGroup")
        assert group.inputs.get("ingress", []) == []


class TestValidationRunsFirst:
    """Bad args fail before any child is registered."""

    def test_fails_before_registration(self, mocks: Recorder) -> None:
        """A missing witness Region raises and registers nothing."""
        errors: list[str] = []

        @pulumi.runtime.test  # type: ignore[untyped-decorator]
        def program() -> None:
            with pytest.raises(ValueError) as raised:
                DsqlCluster("db", base_args(peer_region="us-east-2"))
            errors.append(str(raised.value))

        program()
        assert errors == [
            "witness_region is required with peer_region 'us-east-2': a multi-Region DSQL pair "
            "needs a third Region as witness, got None"
        ]
        assert mocks.registrations == []

    def test_fails_grant_connect_with_bad_role(self, mocks: Recorder) -> None:
        """grant_connect refuses a value that is not a role name, naming the value."""
        errors: list[str] = []

        @pulumi.runtime.test  # type: ignore[untyped-decorator]
        def program() -> None:
            cluster = DsqlCluster("db", base_args())
            with pytest.raises(ValueError) as raised:
                cluster.grant_connect("arn:aws:iam::1:role/x")
            errors.append(str(raised.value))

        program()
        assert errors == [
            "role_name must be an IAM role name (1-64 characters of letters, digits and "
            "+=,.@_-), got 'arn:aws:iam::1:role/x'"
        ]
