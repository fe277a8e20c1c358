"""dsql-cmk: compliant, AWS owned, unset, computed key, allow-list config."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.rules.dsql._testing import UNKNOWN, check_resource
from aurora_guardrails.rules.dsql.dsql_cmk import POLICY_NAME, dsql_cmk
from pulumi_policy.proxy import UnknownValueError

CLUSTER = "aws:dsql/cluster:Cluster"
KEY = "arn:aws:kms:us-east-1:123456789012:key/abc"
OTHER = "arn:aws:kms:us-east-1:123456789012:key/other"


def compliant(**changes: Any) -> dict[str, Any]:
    """Happy-path cluster props with one change (None removes the key)."""
    props: dict[str, Any] = {"deletionProtectionEnabled": True, "kmsEncryptionKey": KEY}
    props.update(changes)
    return {k: v for k, v in props.items() if v is not None}


def run(props: dict[str, Any], config: dict[str, Any] | None = None) -> list[str]:
    """Messages reported for one cluster."""
    return check_resource(dsql_cmk, CLUSTER, props, config)


class TestDsqlCmk:
    """The rule on aws:dsql/cluster:Cluster."""

    def test_metadata(self) -> None:
        """Id, severity, anchors and the allow-list default."""
        assert dsql_cmk.name == POLICY_NAME == "dsql-cmk"
        assert dsql_cmk.severity is not None
        assert dsql_cmk.severity.value == "high"
        assert dsql_cmk.anchors == ("beyond",)
        assert dsql_cmk.config_schema is not None
        assert dsql_cmk.config_schema.properties["allowedKeyArns"]["default"] == []

    def test_passes_cmk(self) -> None:
        """A CMK ARN passes."""
        assert run(compliant()) == []

    def test_passes_computed_key(self) -> None:
        """A key created in the same plan (unknown ARN) counts as a CMK."""
        assert run(compliant(kmsEncryptionKey=UNKNOWN)) == []

    def test_fails_aws_owned(self) -> None:
        """AWS_OWNED_KMS_KEY is reported."""
        assert run(compliant(kmsEncryptionKey="AWS_OWNED_KMS_KEY")) == [
            'kmsEncryptionKey is "AWS_OWNED_KMS_KEY"; set a customer managed KMS key ARN'
        ]

    def test_fails_unset(self) -> None:
        """Unset means an AWS owned key: reported."""
        assert run(compliant(kmsEncryptionKey=None)) == [
            "kmsEncryptionKey is unset, so an AWS owned key encrypts the cluster; set a CMK ARN"
        ]

    def test_fails_empty(self) -> None:
        """An empty string counts as unset."""
        assert run(compliant(kmsEncryptionKey="")) == [
            "kmsEncryptionKey is unset, so an AWS owned key encrypts the cluster; set a CMK ARN"
        ]

    def test_config_allow_list_passes_listed_key(self) -> None:
        """With allowedKeyArns, a listed key passes."""
        assert run(compliant(), {"allowedKeyArns": [KEY]}) == []

    def test_fails_config_allow_list(self) -> None:
        """With allowedKeyArns, another key is reported naming both."""
        assert run(compliant(kmsEncryptionKey=OTHER), {"allowedKeyArns": [KEY]}) == [
            f'kmsEncryptionKey "{OTHER}" is not in allowedKeyArns ["{KEY}"]'
        ]

    def test_config_allow_list_with_unknown_key_defers(self) -> None:
        """With an allow-list, an unknown key cannot be judged: the SDK's preview advisory."""
        with pytest.raises(UnknownValueError):
            run(compliant(kmsEncryptionKey=UNKNOWN), {"allowedKeyArns": [KEY]})
