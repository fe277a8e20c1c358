"""A fleet per stack (config key `databases`): validation, shared network and key, outputs, cost."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from aurora_components.platform import MAX_PLATFORM_NAME_LENGTH
from auroractl.cli import main
from auroractl.engine import ConfigError as PlanConfigError
from auroractl.engine import PlanResult, run_stack

from aurora_program.stackconfig import ConfigError, FleetSpec, config_string, fleet_spec

REPO_ROOT = Path(__file__).resolve().parents[1]

STACK_VALUES = {
    "stage": "prod",
    "engine": "aurora-postgresql",
    "engineVersion": "16.4",
    "minCapacity": "0.5",
    "maxCapacity": "4",
    "secondsUntilAutoPause": "300",
    "readers": "0",
    "proxy": "false",
    "backupRetentionDays": "7",
    "deletionProtection": "true",
    "network": "{}",
    "clientSecurityGroupIds": "[]",
    "alarmEmail": "",
    "tags": '{"environment":"prod"}',
    "dsql": "{}",
}
"""A prod stack's namespace values as `pulumi.Config` returns them (defaults merged)."""


def fleet(databases: Any, **stack: str) -> FleetSpec | None:
    """`fleet_spec` for the stack values above with `databases` (any JSON value) and overrides."""
    values = {**STACK_VALUES, **stack, "databases": config_string(databases)}
    return fleet_spec(values, stack="prod")


class TestConfig:
    """Mapping and checking `databases` (pure, no engine)."""

    @pytest.mark.parametrize("empty", [None, []])
    def test_absent_or_empty_is_one_implicit_database(self, empty: Any) -> None:
        """No entries: fleet_spec is None and the stack stays one AuroraPlatform."""
        values = dict(STACK_VALUES)
        if empty is not None:
            values["databases"] = config_string(empty)
        assert fleet_spec(values, stack="prod") is None

    def test_entries_inherit_the_stack_keys(self) -> None:
        """Top-level keys are defaults; an entry overrides them and merges its tags."""
        spec = fleet(
            [
                {"name": "orders", "maxCapacity": 16, "proxy": True, "tags": {"team": "shop"}},
                {"name": "audit", "minCapacity": 0, "databaseName": "audit"},
            ]
        )
        assert spec is not None
        assert spec.name == "aurora-prod"
        assert spec.protect_resources is True
        assert spec.network == {}
        orders, audit = spec.databases
        assert (orders.label, orders.resource_name) == (
            "databases[0] (orders)",
            "aurora-prod-orders",
        )
        assert orders.args["max_capacity_acu"] == 16
        assert orders.args["min_capacity_acu"] == 0.5
        assert orders.args["enable_proxy"] is True
        assert orders.args["tags"] == {"environment": "prod", "team": "shop"}
        assert audit.args["min_capacity_acu"] == 0
        assert audit.args["seconds_until_auto_pause"] == 300
        assert audit.args["max_capacity_acu"] == 4
        assert audit.args["database_name"] == "audit"
        assert "vpc_id" not in orders.args and "kms_key_arn" not in orders.args

    def test_stack_auto_pause_is_not_forced_on_a_database_that_does_not_pause(self) -> None:
        """A stack pausing after 600 s does not make a min-0.5 entry invalid."""
        spec = fleet(
            [{"name": "a"}, {"name": "b", "minCapacity": 1}],
            minCapacity="0",
            secondsUntilAutoPause="600",
        )
        assert spec is not None
        assert spec.databases[0].args["seconds_until_auto_pause"] == 600
        assert "seconds_until_auto_pause" not in spec.databases[1].args

    @pytest.mark.parametrize(
        ("databases", "stack", "message"),
        [
            (
                [{"name": "users"}, {"name": "orders", "maxCapacity": 300}],
                {},
                "Stack 'prod': databases[1] (orders).maxCapacity: must be a multiple of 0.5 "
                "from 1 to 256 (ACUs), got 300.0",
            ),
            (
                [{"name": "orders", "minCapacity": 8}],
                {},
                "Stack 'prod': databases[0] (orders).maxCapacity: must be at least minCapacity "
                "(8), got 4.0 (inherited from the stack's maxCapacity)",
            ),
            (
                [{"name": "orders", "readers": 16}],
                {},
                "databases[0] (orders).readers: must be an integer from 0 to 15, got 16",
            ),
            (
                [{"name": "orders", "proxy": "yes"}],
                {},
                "databases[0] (orders).proxy: must be true or false, got 'yes'",
            ),
            (
                [{"name": "orders", "backupRetentionDays": 0}],
                {},
                "databases[0] (orders).backupRetentionDays: must be an integer from 1 to 35, got 0",
            ),
            (
                [{"name": "orders", "secondsUntilAutoPause": 900}],
                {},
                "databases[0] (orders).secondsUntilAutoPause: must be left unset unless "
                "minCapacity is 0 (minCapacity is 0.5), got 900",
            ),
            (
                [{"name": "orders", "engineVersion": "16"}],
                {},
                "databases[0] (orders).engineVersion: must be a quoted major.minor version",
            ),
            (
                [{"name": "orders"}],
                {"engineVersion": ""},
                "Stack 'prod': databases[0] (orders).engineVersion: missing; set it on the "
                "database or as the stack's engineVersion",
            ),
            (
                [{"name": "orders", "alarmEmail": "oncall"}],
                {},
                "databases[0] (orders).alarmEmail: must be an email address or empty, got 'oncall'",
            ),
            (
                [{"name": "orders", "clientSecurityGroupIds": ["app"]}],
                {},
                "databases[0] (orders).clientSecurityGroupIds: must be a list of security group "
                "ids (sg-...), got 'app'",
            ),
            (
                [{"name": "orders", "tags": {"aws:x": "y"}}],
                {},
                "databases[0] (orders).tags: must be an object of string values",
            ),
            (
                [{"name": "orders", "databaseName": "orders-db"}],
                {},
                "databases[0] (orders).databaseName: must be 1-63 letters, digits or underscores "
                "starting with a letter, got 'orders-db'",
            ),
            (
                [{"name": "orders", "maxCapacty": 8}],
                {},
                "Stack 'prod': databases[0] (orders).maxCapacty: is not a database key (did you "
                "mean 'maxCapacity'?); allowed: name, engineVersion,",
            ),
            (
                [{"name": "orders", "network": {}}],
                {},
                "databases[0] (orders).network: is not a database key",
            ),
            (
                [{"name": "orders"}, {"name": "users"}, {"name": "orders"}],
                {},
                "Stack 'prod': databases[2] (orders).name: must be unique, got 'orders' again "
                "(first in databases[0])",
            ),
            (
                [{"name": "Orders"}],
                {},
                "Stack 'prod': databases[0].name: must be lowercase letters, digits and single "
                "hyphens, starting with a letter, at most 20 characters (the cluster identifier "
                "is aurora-prod-<name>), got 'Orders'",
            ),
            ([{"maxCapacity": 8}], {}, "databases[0].name: must be lowercase letters"),
            ([{"name": "a--b"}], {}, "databases[0].name: must be lowercase letters"),
            ([{"name": "x" * 21}], {}, "at most 20 characters"),
            (["orders"], {}, "configuration key 'databases[0]' must be an object {name, ...}"),
            (
                {"orders": {}},
                {},
                "configuration key 'databases' must be a list of database objects",
            ),
            (
                [{"name": "orders"}],
                {"stage": "qa"},
                "configuration key 'stage' must be one of dev, staging, prod, got 'qa'",
            ),
        ],
    )
    def test_errors_name_the_database_and_the_key(
        self, databases: Any, stack: dict[str, str], message: str
    ) -> None:
        """One message naming the entry (index and name), the key, the value and what is allowed."""
        with pytest.raises(ConfigError) as caught:
            fleet(databases, **stack)
        assert message in str(caught.value)
        assert "\n" not in str(caught.value)

    def test_name_budget_matches_the_component_limit(self) -> None:
        """The longest name that keeps aurora-<stack>-<name> fills the component's limit."""
        spec = fleet([{"name": "x" * 20}])
        assert spec is not None
        assert len(spec.databases[0].resource_name) == MAX_PLATFORM_NAME_LENGTH

    def test_adopted_network_is_shared(self) -> None:
        """network {vpcId, subnetIds} is the fleet's network; entries carry no network keys."""
        network = {
            "vpcId": "vpc-0a1b2c3d4e5f60718",
            "subnetIds": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
        }
        spec = fleet([{"name": "a"}], network=json.dumps(network))
        assert spec is not None
        assert spec.adopts_network
        assert spec.network == {"vpc_id": network["vpcId"], "subnet_ids": network["subnetIds"]}


FLEET_STACK = {
    "aws:region": "us-east-1",
    "aurora-platform:stage": "prod",
    "aurora-platform:engineVersion": "16.4",
    "aurora-platform:minCapacity": 0.5,
    "aurora-platform:maxCapacity": 8,
    "aurora-platform:network": {"cidr": "10.60.0.0/16", "azCount": 3, "endpoints": []},
    "aurora-platform:tags": {"environment": "prod"},
    "aurora-platform:databases": [
        {"name": "orders", "maxCapacity": 16, "readers": 1, "proxy": True},
        {"name": "users"},
        {"name": "audit", "minCapacity": 0, "databaseName": "audit", "tags": {"team": "sec"}},
    ],
}


def project_with(tmp_path: Path, stack: str, config: dict[str, Any]) -> Path:
    """A copy of the project (Pulumi.yaml, __main__.py) with one stack file."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}))
    return tmp_path


@pytest.fixture(scope="module")
def fleet_plan(tmp_path_factory: pytest.TempPathFactory) -> PlanResult:
    """The 3-database stack above, planned in update mode (outputs known)."""
    project = project_with(tmp_path_factory.mktemp("fleet"), "prod", FLEET_STACK)
    return run_stack(project, "prod", preview=False)


class TestFleetStack:
    """A 3-database stack through auroractl.engine.run_stack."""

    def test_one_network_one_key_three_clusters(self, fleet_plan: PlanResult) -> None:
        """The VPC, subnets, flow log and KMS key exist once; each database has its cluster."""
        counts = Counter(r.type for r in fleet_plan.resources)
        assert counts["aws:ec2/vpc:Vpc"] == 1
        assert counts["aws:ec2/subnet:Subnet"] == 3
        assert counts["aws:ec2/flowLog:FlowLog"] == 1
        assert counts["aws:kms/key:Key"] == 1
        assert counts["aws:kms/alias:Alias"] == 1
        assert counts["aws:rds/cluster:Cluster"] == 3
        assert counts["aws:rds/clusterInstance:ClusterInstance"] == 4
        assert counts["aws:rds/proxy:Proxy"] == 1
        assert counts["aws:rds/subnetGroup:SubnetGroup"] == 3
        clusters = fleet_plan.by_type("aws:rds/cluster:Cluster")
        assert sorted(c.inputs["clusterIdentifier"] for c in clusters) == [
            "aurora-prod-audit",
            "aurora-prod-orders",
            "aurora-prod-users",
        ]

    def test_clusters_share_the_key_and_the_subnets(self, fleet_plan: PlanResult) -> None:
        """Every cluster is encrypted with the one key; every subnet group uses the one VPC's
        subnets; each database has its own security group in that VPC."""
        key = fleet_plan.by_type("aws:kms/key:Key")[0]
        assert {c.inputs["kmsKeyId"] for c in fleet_plan.by_type("aws:rds/cluster:Cluster")} == {
            key.outputs["arn"]
        }
        subnets = sorted(str(s.id) for s in fleet_plan.by_type("aws:ec2/subnet:Subnet"))
        for group in fleet_plan.by_type("aws:rds/subnetGroup:SubnetGroup"):
            assert sorted(group.inputs["subnetIds"]) == subnets
        vpc = fleet_plan.by_type("aws:ec2/vpc:Vpc")[0]
        db_groups = [g for g in fleet_plan.by_type("aws:ec2/securityGroup:SecurityGroup")]
        assert len(db_groups) == 4  # 3 databases + the orders proxy
        assert {g.inputs["vpcId"] for g in db_groups} == {vpc.id}

    def test_shared_resources_are_top_level(self, fleet_plan: PlanResult) -> None:
        """The key, the network and the databases are children of the stack, named after it."""
        top = sorted(r.name for r in fleet_plan.resources if r.parent == fleet_plan.stack_urn)
        assert top == [
            "aurora-prod-audit",
            "aurora-prod-kms",
            "aurora-prod-network",
            "aurora-prod-orders",
            "aurora-prod-users",
        ]

    def test_settings_per_database(self, fleet_plan: PlanResult) -> None:
        """orders: 0.5-16 ACU; users: the stack's 0.5-8; audit pauses; the prod protect."""
        scaling = {
            c.inputs["clusterIdentifier"]: c.inputs["serverlessv2ScalingConfiguration"]
            for c in fleet_plan.by_type("aws:rds/cluster:Cluster")
        }
        assert scaling["aurora-prod-orders"] == {"minCapacity": 0.5, "maxCapacity": 16}
        assert scaling["aurora-prod-users"] == {"minCapacity": 0.5, "maxCapacity": 8}
        assert scaling["aurora-prod-audit"]["secondsUntilAutoPause"] == 300
        assert all(c.protect for c in fleet_plan.by_type("aws:rds/cluster:Cluster"))

    def test_outputs_keyed_by_database(self, fleet_plan: PlanResult) -> None:
        """`databases` holds each database's endpoints and env; shared ids are top level."""
        outputs = fleet_plan.outputs
        assert set(outputs) == {"databases", "kmsKeyArn", "vpcId", "subnetIds"}
        assert set(outputs["databases"]) == {"orders", "users", "audit"}
        orders = outputs["databases"]["orders"]
        assert orders["clusterIdentifier"] == "aurora-prod-orders"
        assert orders["env"]["DATABASE_HOST"] == orders["proxyEndpoint"]
        users = outputs["databases"]["users"]
        assert users["proxyEndpoint"] is None
        assert users["env"]["DATABASE_HOST"] == users["writerEndpoint"]
        assert outputs["databases"]["audit"]["env"]["DATABASE_NAME"] == "audit"
        assert "kmsKeyArn" not in orders

    def test_component_errors_name_the_database(self, tmp_path: Path) -> None:
        """A check only the component makes (proxy with min 0) still names the entry."""
        config = {
            **FLEET_STACK,
            "aurora-platform:databases": [
                {"name": "a"},
                {"name": "b", "minCapacity": 0, "proxy": True},
            ],
        }
        project = project_with(tmp_path, "prod", config)
        with pytest.raises(
            PlanConfigError, match=r"^Stack 'prod': databases\[1\] \(b\): minCapacity must be"
        ):
            run_stack(project, "prod")

    def test_invalid_entry_fails_before_the_program(self, tmp_path: Path) -> None:
        """run_stack reports a bad entry as ConfigError with the entry and key."""
        config = {**FLEET_STACK, "aurora-platform:databases": [{"name": "a", "readers": -1}]}
        project = project_with(tmp_path, "prod", config)
        with pytest.raises(PlanConfigError, match=r"databases\[0\] \(a\)\.readers: must be"):
            run_stack(project, "prod")


def test_fleet_cost_prices_shared_resources_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`auroractl cost` on three dev-shaped databases: three times dev's floor minus the key
    and the flow-log group counted twice in three single-database stacks."""
    dev = yaml.safe_load((REPO_ROOT / "Pulumi.dev.yaml").read_text())["config"]
    config = {**dev, "aurora-platform:databases": [{"name": n} for n in ("a", "b", "c")]}
    project = project_with(tmp_path, "dev", config)
    assert main(["cost", "--stack", "dev", "--json", "--project-dir", str(project)]) == 0
    fleet_cost = json.loads(capsys.readouterr().out)["cost"]
    assert main(["cost", "--stack", "dev", "--json", "--project-dir", str(REPO_ROOT)]) == 0
    single = json.loads(capsys.readouterr().out)["cost"]
    types = Counter(line["type"] for line in fleet_cost["lines"])
    assert types["aws:kms/key:Key"] == 1
    flow_logs = [ln for ln in fleet_cost["lines"] if ln["name"].endswith("network-flow-logs")]
    assert len(flow_logs) == 1
    shared_low = sum(
        ln["lowUsd"]
        for ln in single["lines"]
        if ln["type"] == "aws:kms/key:Key" or ln["name"].endswith("network-flow-logs")
    )
    assert fleet_cost["lowUsd"] == pytest.approx(3 * single["lowUsd"] - 2 * shared_low)
    assert fleet_cost["highUsd"] > 2.9 * single["highUsd"]


def test_database_name_can_never_replace_a_cluster(fleet_plan: PlanResult) -> None:
    """databaseName forces a new aws.rds.Cluster in pulumi-aws, so every cluster ignores later
    changes to it; the outputs report the name the cluster has (its state), not the config."""
    for cluster in fleet_plan.by_type("aws:rds/cluster:Cluster"):
        assert "databaseName" in cluster.ignore_changes, cluster.name
    audit = fleet_plan.outputs["databases"]["audit"]
    assert audit["databaseName"] == audit["env"]["DATABASE_NAME"] == "audit"
