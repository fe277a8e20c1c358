"""dsql-connect-scoped: exact cluster ARNs pass; '*', wildcards, NotResource, NotAction fail."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aurora_guardrails.rules.dsql._testing import UNKNOWN, check_resource
from aurora_guardrails.rules.dsql.dsql_connect_scoped import POLICY_NAME, dsql_connect_scoped
from pulumi_policy.proxy import UnknownValueError

POLICY = "aws:iam/policy:Policy"
ARN_1 = "arn:aws:dsql:us-east-1:123456789012:cluster/abcdefghijklmnopqrstuvwxyz"
ARN_2 = "arn:aws:dsql:us-east-2:123456789012:cluster/zyxwvutsrqponmlkjihgfedcba"


def statement(**changes: Any) -> dict[str, Any]:
    """The compliant connect statement with changes (None removes a key)."""
    item: dict[str, Any] = {
        "Sid": "DbConnect",
        "Effect": "Allow",
        "Action": "dsql:DbConnect",
        "Resource": [ARN_1, ARN_2],
    }
    item.update(changes)
    return {k: v for k, v in item.items() if v is not None}


def doc(*statements: dict[str, Any]) -> str:
    """A policy document as JSON text."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def run(props: dict[str, Any], type_: str = POLICY) -> list[str]:
    """Messages reported for one IAM resource."""
    return check_resource(dsql_connect_scoped, type_, props)


HINT = "scope it to cluster ARNs (arn:<partition>:dsql:<region>:<account>:cluster/<identifier>)"


class TestDsqlConnectScoped:
    """The rule on IAM permission documents."""

    def test_metadata(self) -> None:
        """Id, severity, anchors and inspected types."""
        assert dsql_connect_scoped.name == POLICY_NAME == "dsql-connect-scoped"
        assert dsql_connect_scoped.severity is not None
        assert dsql_connect_scoped.severity.value == "high"
        assert dsql_connect_scoped.anchors == ("beyond",)
        assert dsql_connect_scoped.resource_types == (
            "aws:iam/policy:Policy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/role:Role",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/groupPolicy:GroupPolicy",
        )

    def test_passes_cluster_arns(self) -> None:
        """DbConnect on two exact cluster ARNs passes."""
        assert run({"policy": doc(statement())}) == []

    def test_passes_unrelated_star(self) -> None:
        """Other actions on '*' are not this rule's business."""
        assert run({"policy": doc(statement(Action="logs:PutLogEvents", Resource="*"))}) == []

    def test_passes_deny_star(self) -> None:
        """A Deny on '*' grants nothing."""
        assert run({"policy": doc(statement(Effect="Deny", Resource="*"))}) == []

    def test_fails_star(self) -> None:
        """DbConnect on '*' is reported."""
        assert run({"policy": doc(statement(Resource="*"))}) == [
            f'policy statement "DbConnect" grants dsql:DbConnect on "*"; {HINT}'
        ]

    def test_fails_admin_star(self) -> None:
        """DbConnectAdmin on '*' is reported."""
        props = {"policy": doc(statement(Action="dsql:DbConnectAdmin", Resource="*"))}
        assert run(props) == [
            f'policy statement "DbConnect" grants dsql:DbConnectAdmin on "*"; {HINT}'
        ]

    def test_fails_wildcard_action_reports_both(self) -> None:
        """dsql:* grants both connect actions: one finding naming both."""
        props = {"policy": doc(statement(Action="dsql:*", Resource="*"))}
        assert run(props) == [
            f'policy statement "DbConnect" grants dsql:DbConnect on "*"; {HINT}. '
            f'policy statement "DbConnect" grants dsql:DbConnectAdmin on "*"; {HINT}.'
        ]

    def test_fails_wildcard_arn(self) -> None:
        """A wildcard cluster ARN covers every cluster: reported with only the bad entry."""
        wildcard = "arn:aws:dsql:us-east-1:123456789012:cluster/*"
        assert run({"policy": doc(statement(Resource=[ARN_1, wildcard]))}) == [
            f'policy statement "DbConnect" grants dsql:DbConnect on "{wildcard}"; {HINT}'
        ]

    def test_fails_not_resource(self) -> None:
        """NotResource covers every other cluster."""
        props = {"policy": doc(statement(Resource=None, NotResource=ARN_1))}
        assert run(props) == [
            'policy statement "DbConnect" grants dsql:DbConnect with NotResource, which covers '
            "every cluster; list cluster ARNs in Resource"
        ]

    def test_fails_not_action(self) -> None:
        """NotAction that does not exclude DbConnect grants it."""
        props = {"policy": doc(statement(Action=None, NotAction="s3:*", Resource="*"))}
        assert run(props) == [
            f'policy statement "DbConnect" grants dsql:DbConnect on "*"; {HINT}. '
            f'policy statement "DbConnect" grants dsql:DbConnectAdmin on "*"; {HINT}.'
        ]

    def test_fails_missing_resource(self) -> None:
        """A statement without Resource is reported (unset fails)."""
        assert run({"policy": doc(statement(Resource=None, Sid=None))}) == [
            "policy statement 1 grants dsql:DbConnect without Resource; list cluster ARNs"
        ]

    def test_fails_role_inline_policy(self) -> None:
        """Role inline policies are read too, with their path."""
        props = {"inlinePolicies": [{"name": "db", "policy": doc(statement(Resource="*"))}]}
        assert run(props, "aws:iam/role:Role") == [
            f'inlinePolicies[0].policy statement "DbConnect" grants dsql:DbConnect on "*"; {HINT}'
        ]

    def test_fails_role_policy(self) -> None:
        """aws:iam/rolePolicy:RolePolicy documents are read."""
        props = {"role": "api", "policy": doc(statement(Resource="*"))}
        assert run(props, "aws:iam/rolePolicy:RolePolicy") == [
            f'policy statement "DbConnect" grants dsql:DbConnect on "*"; {HINT}'
        ]

    def test_fails_bad_json(self) -> None:
        """An unparsable document fails closed."""
        (message,) = run({"policy": "{"})
        assert message.startswith("policy is not valid JSON: ")

    def test_unknown_document_defers(self) -> None:
        """A document holding unknown ARNs raises UnknownValueError (preview advisory)."""
        with pytest.raises(UnknownValueError):
            run({"policy": doc(statement(Resource=[UNKNOWN]))})

    def test_ignores_other_types(self) -> None:
        """Other resource types return at once."""
        assert (
            run({"policy": doc(statement(Resource="*"))}, "aws:s3/bucketPolicy:BucketPolicy") == []
        )

    def test_unset_policy_passes(self) -> None:
        """A policy resource without a document grants nothing."""
        assert run({}) == []
