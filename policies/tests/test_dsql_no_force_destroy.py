"""dsql-no-force-destroy: compliant, failing, unset, remediation, other types."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.props import Props
from aurora_guardrails.rules.dsql._testing import check_resource
from aurora_guardrails.rules.dsql.dsql_no_force_destroy import (
    POLICY_NAME,
    dsql_no_force_destroy,
    remediate_dsql_no_force_destroy,
)

CLUSTER = "aws:dsql/cluster:Cluster"


def run(
    props: dict[str, Any], type_: str = CLUSTER, config: dict[str, Any] | None = None
) -> list[str]:
    """Messages reported for one resource."""
    return check_resource(dsql_no_force_destroy, type_, props, config)


class TestDsqlNoForceDestroy:
    """The rule on aws:dsql/cluster:Cluster."""

    def test_metadata(self) -> None:
        """Id, severity and anchors."""
        assert dsql_no_force_destroy.name == POLICY_NAME == "dsql-no-force-destroy"
        assert dsql_no_force_destroy.severity is not None
        assert dsql_no_force_destroy.severity.value == "high"
        assert dsql_no_force_destroy.anchors == ("beyond",)

    def test_passes_unset(self) -> None:
        """Unset passes: the provider default is false."""
        assert run({"deletionProtectionEnabled": True}) == []

    def test_passes_false(self) -> None:
        """Explicit false passes."""
        assert run({"forceDestroy": False}) == []

    def test_fails_true(self) -> None:
        """true is reported with the reason."""
        assert run({"forceDestroy": True}) == [
            "forceDestroy is true, which deletes the cluster despite deletion protection; remove it"
        ]

    def test_ignores_other_types(self) -> None:
        """Other resource types return at once."""
        assert run({"forceDestroy": True}, "aws:s3/bucket:Bucket") == []

    def test_config_is_ignored(self) -> None:
        """The rule takes no config."""
        assert len(run({"forceDestroy": True}, config={"x": 1})) == 1

    @pytest.mark.parametrize(
        ("props", "expected"),
        [
            ({"forceDestroy": True}, {"forceDestroy": False}),
            ({}, None),
            ({"forceDestroy": False}, None),
        ],
    )
    def test_remediation(self, props: dict[str, Any], expected: dict[str, Any] | None) -> None:
        """Remediation clears forceDestroy and is idempotent."""
        assert remediate_dsql_no_force_destroy(Props(props)) == expected
