"""Plain validators of the DSQL component, tested without mocks (exact messages)."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_components.dsql import (
    DSQL_MEANINGLESS_SETTINGS,
    dsql_endpoint,
    validate_dsql_cluster_args,
    validate_dsql_settings,
)

KEY_EAST_1 = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
KEY_EAST_2 = "arn:aws:kms:us-east-2:123456789012:key/66666666-7777-8888-9999-000000000000"


def args(**overrides: Any) -> dict[str, Any]:
    """Valid single-Region args with overrides (None removes a key)."""
    base: dict[str, Any] = {"region": "us-east-1", "kms_key_arn": KEY_EAST_1}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


class TestValidateDsqlClusterArgs:
    """validate_dsql_cluster_args: accepted shapes, then one test per failure."""

    @pytest.mark.parametrize(
        "overrides",
        [
            {},
            {"peer_region": "us-east-2", "witness_region": "us-west-2"},
            {
                "peer_region": "us-east-2",
                "witness_region": "us-west-2",
                "peer_kms_key_arn": KEY_EAST_2,
            },
            {"application_role_names": ["api", "worker.role@x"]},
            {"enable_vpc_endpoint": True, "vpc_id": "vpc-1", "subnet_ids": ["s-a", "s-b"]},
            {
                "enable_vpc_endpoint": True,
                "vpc_id": "vpc-1",
                "subnet_ids": ["s-a", "s-b"],
                "client_security_group_ids": ["sg-1"],
            },
            {"deletion_protection": False, "protect_resources": False, "tags": {"team": "vela"}},
        ],
    )
    def test_accepts(self, overrides: dict[str, Any]) -> None:
        """Valid combinations raise nothing."""
        validate_dsql_cluster_args(args(**overrides))  # raises on failure

    def test_accepts_output_key(self) -> None:
        """A key wired from another resource (not a str) is left to the dsql-cmk policy."""
        validate_dsql_cluster_args(args(kms_key_arn=object()))  # raises on failure

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {"region": None},
                "region must be an AWS Region name such as 'us-east-1', got None",
            ),
            (
                {"region": "US-EAST-1"},
                "region must be an AWS Region name such as 'us-east-1', got 'US-EAST-1'",
            ),
            (
                {"kms_key_arn": None},
                "kms_key_arn is required: the ARN of a customer managed KMS key in us-east-1, "
                "got None",
            ),
            (
                {"kms_key_arn": "AWS_OWNED_KMS_KEY"},
                "kms_key_arn must be a customer managed KMS key ARN, got 'AWS_OWNED_KMS_KEY': "
                "the platform does not use AWS owned keys",
            ),
            (
                {"kms_key_arn": "alias/db"},
                "kms_key_arn must be a KMS key ARN "
                "'arn:<partition>:kms:<region>:<account>:key/<id>', got 'alias/db'",
            ),
            (
                {"kms_key_arn": KEY_EAST_2},
                f"kms_key_arn must be a key in us-east-1 (KMS keys are regional), got a key in "
                f"us-east-2: {KEY_EAST_2!r}",
            ),
            (
                {"witness_region": "us-west-2"},
                "witness_region is only allowed with peer_region, got witness_region "
                "'us-west-2' and no peer_region",
            ),
            (
                {"peer_kms_key_arn": KEY_EAST_2},
                "peer_kms_key_arn is only allowed with peer_region, got a key and no peer_region",
            ),
            (
                {"peer_region": "us-east-1", "witness_region": "us-west-2"},
                "peer_region must differ from region 'us-east-1', got 'us-east-1'",
            ),
            (
                {"peer_region": "us-east-2"},
                "witness_region is required with peer_region 'us-east-2': a multi-Region DSQL "
                "pair needs a third Region as witness, got None",
            ),
            (
                {"peer_region": "us-east-2", "witness_region": "us-east-2"},
                "witness_region must differ from region 'us-east-1' and peer_region "
                "'us-east-2', got 'us-east-2'",
            ),
            (
                {"peer_region": "us-east-2", "witness_region": "west"},
                "witness_region must be an AWS Region name such as 'us-east-1', got 'west'",
            ),
            (
                {
                    "peer_region": "us-east-2",
                    "witness_region": "us-west-2",
                    "peer_kms_key_arn": KEY_EAST_1,
                },
                f"peer_kms_key_arn must be a key in us-east-2 (KMS keys are regional), got a key "
                f"in us-east-1: {KEY_EAST_1!r}",
            ),
            (
                {"deletion_protection": "yes"},
                "deletion_protection must be true or false, got 'yes'",
            ),
            (
                {"application_role_names": "api"},
                "application_role_names must be a list, got 'api'",
            ),
            (
                {"application_role_names": ["arn:aws:iam::1:role/api"]},
                "application_role_names entries must be IAM role names (1-64 characters of "
                "letters, digits and +=,.@_-), got 'arn:aws:iam::1:role/api'",
            ),
            (
                {"enable_vpc_endpoint": True, "subnet_ids": ["s-a", "s-b"]},
                "vpc_id is required with enable_vpc_endpoint, got None",
            ),
            (
                {"enable_vpc_endpoint": True, "vpc_id": "vpc-1", "subnet_ids": ["s-a"]},
                "subnet_ids must list at least 2 subnets in different availability zones, "
                "got ['s-a']",
            ),
            (
                {"client_security_group_ids": ["sg-1"]},
                "client_security_group_ids is only used by the VPC endpoint: set "
                "enable_vpc_endpoint to true or remove client_security_group_ids, got ['sg-1']",
            ),
            (
                {"vpc_id": "vpc-1"},
                "vpc_id is only used by the VPC endpoint: set enable_vpc_endpoint to true or "
                "remove vpc_id, got 'vpc-1'",
            ),
            (
                {"tags": {"aws:x": "y"}},
                "tags keys must be 1-128 characters and must not start with 'aws:', got 'aws:x'",
            ),
        ],
    )
    def test_fails(self, overrides: dict[str, Any], message: str) -> None:
        """Each bad argument gives one message naming it, the value and what is allowed."""
        with pytest.raises(ValueError) as raised:
            validate_dsql_cluster_args(args(**overrides))
        assert str(raised.value) == message


class TestValidateDsqlSettings:
    """validate_dsql_settings refuses settings that mean nothing for DSQL."""

    def test_accepts_dsql_settings(self) -> None:
        """Keys that apply to DSQL, and refused keys set to None, pass."""
        settings = {
            "stage": "staging",
            "engine": "dsql",
            "deletionProtection": True,
            "readers": None,
        }
        validate_dsql_settings(settings)  # raises on failure

    @pytest.mark.parametrize(
        ("key", "value", "reason"),
        [
            ("minCapacity", 0.5, "Aurora DSQL has no capacity units (ACU) to size"),
            ("maxCapacity", 4, "Aurora DSQL has no capacity units (ACU) to size"),
            ("secondsUntilAutoPause", 300, "Aurora DSQL has no instances to pause"),
            ("readers", 1, "Aurora DSQL has no reader instances"),
            (
                "proxy",
                False,
                "Aurora DSQL has no RDS Proxy; connections authenticate with IAM tokens",
            ),
            ("backupRetentionDays", 7, "Aurora DSQL has no automated backup retention setting"),
            ("min_capacity_acu", 0.5, "Aurora DSQL has no capacity units (ACU) to size"),
            ("reader_count", 0, "Aurora DSQL has no reader instances"),
            (
                "enable_proxy",
                True,
                "Aurora DSQL has no RDS Proxy; connections authenticate with IAM tokens",
            ),
            ("backup_retention_days", 35, "Aurora DSQL has no automated backup retention setting"),
        ],
    )
    def test_fails_meaningless_setting(self, key: str, value: object, reason: str) -> None:
        """Even a falsy value (proxy: false, readers: 0) is refused: never silently ignored."""
        with pytest.raises(ValueError) as raised:
            validate_dsql_settings({"engine": "dsql", key: value})
        assert str(raised.value) == (
            f"{key} is not allowed with engine dsql, got {value!r}: {reason}; remove {key}"
        )

    def test_table_covers_both_spellings(self) -> None:
        """Every refused stack key has its AuroraPlatformArgs twin in the table."""
        assert sorted(DSQL_MEANINGLESS_SETTINGS) == sorted(
            [
                "backupRetentionDays",
                "backup_retention_days",
                "enable_proxy",
                "maxCapacity",
                "max_capacity_acu",
                "minCapacity",
                "min_capacity_acu",
                "proxy",
                "reader_count",
                "readers",
                "secondsUntilAutoPause",
                "seconds_until_auto_pause",
            ]
        )


class TestDsqlEndpoint:
    """dsql_endpoint builds the documented host name."""

    @pytest.mark.parametrize(
        ("identifier", "region", "host"),
        [
            ("abc123", "us-east-1", "abc123.dsql.us-east-1.on.aws"),
            ("xyz", "eu-west-1", "xyz.dsql.eu-west-1.on.aws"),
        ],
    )
    def test_host(self, identifier: str, region: str, host: str) -> None:
        """<identifier>.dsql.<region>.on.aws."""
        assert dsql_endpoint(identifier, region) == host
