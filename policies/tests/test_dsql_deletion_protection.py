"""dsql-deletion-protection: compliant, failing, unset, remediation, other types."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.props import Props
from aurora_guardrails.rules.dsql._testing import UNKNOWN, check_resource
from aurora_guardrails.rules.dsql.dsql_deletion_protection import (
    POLICY_NAME,
    dsql_deletion_protection,
    remediate_dsql_deletion_protection,
)
from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UnknownValueError

CLUSTER = "aws:dsql/cluster:Cluster"
KEY = "arn:aws:kms:us-east-1:123456789012:key/abc"


def compliant(**changes: Any) -> dict[str, Any]:
    """Happy-path cluster props with one change (None removes the key)."""
    props: dict[str, Any] = {
        "deletionProtectionEnabled": True,
        "kmsEncryptionKey": KEY,
        "region": "us-east-1",
        "tags": {"team": "vela"},
    }
    props.update(changes)
    return {k: v for k, v in props.items() if v is not None}


def run(props: dict[str, Any], type_: str = CLUSTER) -> list[str]:
    """Messages reported for one resource."""
    return check_resource(dsql_deletion_protection, type_, props)


class TestDsqlDeletionProtection:
    """The rule on aws:dsql/cluster:Cluster."""

    def test_metadata(self) -> None:
        """Id, mandatory by default, severity high, anchored 'beyond'."""
        assert dsql_deletion_protection.name == POLICY_NAME == "dsql-deletion-protection"
        assert dsql_deletion_protection.enforcement_level == EnforcementLevel.MANDATORY
        assert dsql_deletion_protection.severity is not None
        assert dsql_deletion_protection.severity.value == "high"
        assert dsql_deletion_protection.anchors == ("beyond",)
        assert dsql_deletion_protection.remediation_steps

    def test_passes_compliant(self) -> None:
        """Deletion protection on: no violation."""
        assert run(compliant()) == []

    def test_fails_false(self) -> None:
        """Explicit false is reported."""
        assert run(compliant(deletionProtectionEnabled=False)) == [
            "deletionProtectionEnabled is false; set it to true"
        ]

    def test_fails_unset(self) -> None:
        """Unset fails closed."""
        assert run(compliant(deletionProtectionEnabled=None)) == [
            "deletionProtectionEnabled is unset; set it to true"
        ]

    def test_unknown_defers_to_preview_advisory(self) -> None:
        """An unknown value raises UnknownValueError (the SDK turns it into an advisory)."""
        with pytest.raises(UnknownValueError):
            run(compliant(deletionProtectionEnabled="1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"))

    def test_ignores_other_types(self) -> None:
        """Other resource types return at once."""
        assert run({"deletionProtection": False}, "aws:rds/cluster:Cluster") == []

    def test_ignores_unrelated_unknowns(self) -> None:
        """Unknown identifiers do not stop the check."""
        assert run(compliant(identifier=UNKNOWN, arn=UNKNOWN)) == []

    def test_config_is_ignored(self) -> None:
        """The rule takes no config: extra config changes nothing."""
        messages = check_resource(
            dsql_deletion_protection, CLUSTER, compliant(deletionProtectionEnabled=False), {"x": 1}
        )
        assert messages == ["deletionProtectionEnabled is false; set it to true"]

    @pytest.mark.parametrize(
        ("props", "expected"),
        [
            ({"deletionProtectionEnabled": False}, {"deletionProtectionEnabled": True}),
            ({}, {"deletionProtectionEnabled": True}),
            ({"deletionProtectionEnabled": True}, None),
        ],
    )
    def test_remediation(self, props: dict[str, Any], expected: dict[str, Any] | None) -> None:
        """Remediation turns protection on and is idempotent."""
        assert remediate_dsql_deletion_protection(Props(props)) == expected
