"""dsql-policy-not-public: compliant, public principal, lockout bypass, unset, bad JSON."""

from __future__ import annotations

import json
from typing import Any

from aurora_guardrails.rules.dsql._testing import check_resource
from aurora_guardrails.rules.dsql.dsql_policy_not_public import (
    POLICY_NAME,
    dsql_policy_not_public,
)

POLICY = "aws:dsql/clusterPolicy:ClusterPolicy"
ROLE = "arn:aws:iam::123456789012:role/api"


def document(principal: Any, condition: dict[str, Any] | None = None) -> str:
    """A one-statement cluster policy."""
    statement: dict[str, Any] = {
        "Sid": "Connect",
        "Effect": "Allow",
        "Principal": principal,
        "Action": "dsql:DbConnect",
        "Resource": "*",
    }
    if condition is not None:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def compliant(**changes: Any) -> dict[str, Any]:
    """Happy-path ClusterPolicy props with one change (None removes the key)."""
    props: dict[str, Any] = {"identifier": "abc", "policy": document({"AWS": ROLE})}
    props.update(changes)
    return {k: v for k, v in props.items() if v is not None}


def run(props: dict[str, Any], config: dict[str, Any] | None = None) -> list[str]:
    """Messages reported for one cluster policy."""
    return check_resource(dsql_policy_not_public, POLICY, props, config)


class TestDsqlPolicyNotPublic:
    """The rule on aws:dsql/clusterPolicy:ClusterPolicy."""

    def test_metadata(self) -> None:
        """Id, severity and anchors."""
        assert dsql_policy_not_public.name == POLICY_NAME == "dsql-policy-not-public"
        assert dsql_policy_not_public.severity is not None
        assert dsql_policy_not_public.severity.value == "critical"
        assert dsql_policy_not_public.anchors == ("beyond",)

    def test_passes_named_principal(self) -> None:
        """A role principal passes."""
        assert run(compliant()) == []

    def test_passes_star_with_condition(self) -> None:
        """'*' restricted by a Condition passes."""
        condition = {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}
        assert run(compliant(policy=document("*", condition))) == []

    def test_fails_bare_star(self) -> None:
        """A bare '*' principal is reported."""
        assert run(compliant(policy=document("*"))) == [
            'policy statement "Connect" allows principal "*" without a Condition; name the '
            "accounts or roles, or add a Condition"
        ]

    def test_fails_aws_star(self) -> None:
        """{"AWS": "*"} is the same as '*'."""
        assert run(compliant(policy=document({"AWS": "*"}))) == [
            'policy statement "Connect" allows principal "*" without a Condition; name the '
            "accounts or roles, or add a Condition"
        ]

    def test_fails_lockout_bypass(self) -> None:
        """bypassPolicyLockoutSafetyCheck true is reported."""
        assert run(compliant(bypassPolicyLockoutSafetyCheck=True)) == [
            "bypassPolicyLockoutSafetyCheck is true; remove it"
        ]

    def test_fails_unset_policy(self) -> None:
        """No document fails closed."""
        assert run(compliant(policy=None)) == ["policy is unset; a cluster policy needs a document"]

    def test_fails_bad_json(self) -> None:
        """Unparsable JSON fails closed."""
        messages = run(compliant(policy="{not json"))
        assert len(messages) == 1
        assert messages[0].startswith("policy is not valid JSON: ")
        assert messages[0].endswith("; it cannot be checked")

    def test_config_is_ignored(self) -> None:
        """The rule takes no config."""
        assert len(run(compliant(policy=document("*")), {"x": 1})) == 1
