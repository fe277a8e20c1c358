"""aurora_program.dsqlconfig: engine dsql config -> DsqlCluster args; Aurora-only keys refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aurora_program.dsqlconfig import dsql_stack
from aurora_program.stackconfig import AURORA_DEFAULTS, ConfigError

NETWORK = {"vpcId": "vpc-0a1b2c3d4e5f60718", "subnetIds": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]}


def values(**changes: Any) -> dict[str, str]:
    """Namespace values (string form, as pulumi.Config returns them) of a two-Region stack."""
    base: dict[str, Any] = {
        "stage": "staging",
        "engine": "dsql",
        "deletionProtection": "true",
        "dsql": {
            "peerRegion": "us-east-2",
            "witnessRegion": "us-west-2",
            "vpcEndpoint": True,
            "applicationRoleNames": ["vela-api"],
        },
        "network": NETWORK,
        "clientSecurityGroupIds": ["sg-0a1b2c3d4e5f60718"],
        "tags": {"environment": "staging"},
    }
    base.update(changes)
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in base.items() if v is not None}


class TestDsqlStack:
    """The mapping of a valid stack."""

    def test_maps_two_region_stack(self) -> None:
        """Every key lands in the DsqlCluster args; prod-only protect stays off in staging."""
        spec = dsql_stack(values(), stack="dsql", region="us-east-1")
        assert spec.name == "aurora-dsql"
        assert spec.encryption == {"protect_resources": False, "tags": {"environment": "staging"}}
        assert spec.cluster == {
            "region": "us-east-1",
            "deletion_protection": True,
            "protect_resources": False,
            "tags": {"environment": "staging"},
            "peer_region": "us-east-2",
            "witness_region": "us-west-2",
            "application_role_names": ["vela-api"],
            "enable_vpc_endpoint": True,
            "vpc_id": NETWORK["vpcId"],
            "subnet_ids": NETWORK["subnetIds"],
            "client_security_group_ids": ["sg-0a1b2c3d4e5f60718"],
        }

    def test_maps_minimal_single_region_stack(self) -> None:
        """Only stage and engine: one cluster, no endpoint, project defaults tolerated."""
        minimal = {
            "stage": "prod",
            "engine": "dsql",
            "engineVersion": "",
            "alarmEmail": "",
            "network": "{}",
            "tags": "{}",
            "clientSecurityGroupIds": "[]",
            "deletionProtection": "true",
        }
        spec = dsql_stack(minimal, stack="p", region="eu-west-1")
        assert spec.cluster == {
            "region": "eu-west-1",
            "deletion_protection": True,
            "protect_resources": True,
            "tags": {},
        }

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            (
                "minCapacity",
                "0.5",
                "minCapacity is not allowed with engine dsql, got 0.5: Aurora DSQL has no "
                "capacity units (ACU) to size; remove minCapacity",
            ),
            (
                "maxCapacity",
                "4",
                "maxCapacity is not allowed with engine dsql, got 4: Aurora DSQL has no "
                "capacity units (ACU) to size; remove maxCapacity",
            ),
            (
                "secondsUntilAutoPause",
                "300",
                "secondsUntilAutoPause is not allowed with engine dsql, got 300: Aurora DSQL has "
                "no instances to pause; remove secondsUntilAutoPause",
            ),
            (
                "readers",
                "0",
                "readers is not allowed with engine dsql, got 0: Aurora DSQL has no reader "
                "instances; remove readers",
            ),
            (
                "proxy",
                "false",
                "proxy is not allowed with engine dsql, got False: Aurora DSQL has no RDS "
                "Proxy; connections authenticate with IAM tokens; remove proxy",
            ),
            (
                "backupRetentionDays",
                "7",
                "backupRetentionDays is not allowed with engine dsql, got 7: Aurora DSQL has no "
                "automated backup retention setting; remove backupRetentionDays",
            ),
            (
                "engineVersion",
                "16.4",
                "engineVersion is not allowed with engine dsql, got '16.4': Aurora DSQL "
                "manages its engine version; remove engineVersion",
            ),
            (
                "alarmEmail",
                "a@example.com",
                "alarmEmail is not allowed with engine dsql, got 'a@example.com': no alarms are "
                "created for Aurora DSQL; remove alarmEmail",
            ),
            (
                "databases",
                '[{"name": "orders"}]',
                'databases is not allowed with engine dsql, got \'[{"name": "orders"}]\': a '
                "dsql stack holds one cluster (pair); databases lists Aurora fleets; "
                "remove databases",
            ),
        ],
    )
    def test_fails_aurora_only_key(self, key: str, value: str, message: str) -> None:
        """Each Aurora-only key is refused by name, even with a default-looking value."""
        stack_file = {**values(), key: value}
        with pytest.raises(ConfigError) as err:
            dsql_stack(stack_file, stack="dsql", region="us-east-1", given_keys=stack_file)
        assert str(err.value) == f"Stack 'dsql': {message}"

    def test_program_tolerates_project_defaults(self) -> None:
        """Without the stack file's keys (the program), Aurora-only defaults pass..."""
        with_defaults = {**values(), **AURORA_DEFAULTS}
        spec = dsql_stack(with_defaults, stack="dsql", region="us-east-1")
        assert spec.cluster["region"] == "us-east-1"

    def test_fails_program_non_default_value(self) -> None:
        """...but a value that differs from its project default is refused."""
        with pytest.raises(ConfigError) as err:
            dsql_stack(
                {**values(), **AURORA_DEFAULTS, "readers": "2"}, stack="dsql", region="us-east-1"
            )
        assert str(err.value) == (
            "Stack 'dsql': readers is not allowed with engine dsql, got 2: Aurora DSQL has no "
            "reader instances; remove readers"
        )

    @pytest.mark.parametrize(
        ("changes", "region", "message"),
        [
            (
                {"dsql": {"peerRegion": "us-east-2"}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.witnessRegion' must be set together "
                "with dsql.peerRegion (a multi-Region pair), got null",
            ),
            (
                {"dsql": {"peerRegion": "us-east-1", "witnessRegion": "us-west-2"}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.peerRegion' must be a Region other "
                "than aws:region us-east-1, got 'us-east-1'",
            ),
            (
                {"dsql": {"peerRegion": "us-east-2", "witnessRegion": "us-east-2"}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.witnessRegion' must be a third "
                "Region, neither us-east-1 nor us-east-2, got 'us-east-2'",
            ),
            (
                {"dsql": {"peerRegion": "Ohio", "witnessRegion": "us-west-2"}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.peerRegion' must be an AWS Region "
                "such as us-east-2, got 'Ohio'",
            ),
            (
                {"dsql": {"regions": ["us-east-1"]}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.regions' must be absent; allowed "
                "keys: applicationRoleNames, peerRegion, vpcEndpoint, witnessRegion, got "
                '["us-east-1"]',
            ),
            (
                {"dsql": {"vpcEndpoint": "yes"}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.vpcEndpoint' must be true or false, "
                "got 'yes'",
            ),
            (
                {"dsql": {"applicationRoleNames": ["arn:aws:iam::1:role/x"]}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'dsql.applicationRoleNames' must be a list "
                "of IAM role names, got 'arn:aws:iam::1:role/x'",
            ),
            (
                {"network": {"cidr": "10.40.0.0/16"}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'network' must be {} or the application "
                'VPC {vpcId, subnetIds} with engine dsql, got {"cidr": "10.40.0.0/16"}',
            ),
            (
                {"dsql": {"vpcEndpoint": True}, "network": {}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'network' must be the application VPC "
                "{vpcId, subnetIds} with dsql.vpcEndpoint, got {}",
            ),
            (
                {"dsql": {}},
                "us-east-1",
                "Stack 'dsql' with configuration key 'clientSecurityGroupIds' must be empty "
                'unless dsql.vpcEndpoint is true, got ["sg-0a1b2c3d4e5f60718"]',
            ),
            (
                {"deletionProtection": "maybe"},
                "us-east-1",
                "Stack 'dsql' with configuration key 'deletionProtection' must be true or false, "
                "got 'maybe'",
            ),
            (
                {"stage": "qa"},
                "us-east-1",
                "Stack 'dsql' with configuration key 'stage' must be one of dev, staging, prod, "
                "got 'qa'",
            ),
            (
                {},
                None,
                "Stack 'dsql' with configuration key 'aws:region' must be an AWS Region such as "
                "us-east-1, got null",
            ),
        ],
    )
    def test_fails(self, changes: dict[str, Any], region: str | None, message: str) -> None:
        """Each bad value gives one message naming the key, the value and what is allowed."""
        with pytest.raises(ConfigError) as err:
            dsql_stack(values(**changes), stack="dsql", region=region)
        assert str(err.value) == message
