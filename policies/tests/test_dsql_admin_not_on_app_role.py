"""dsql-admin-not-on-app-role: admin grants reach only roles in adminRoleNames."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aurora_guardrails.rules.dsql._testing import UNKNOWN, check_stack, stack_resource
from aurora_guardrails.rules.dsql.dsql_admin_not_on_app_role import (
    POLICY_NAME,
    dsql_admin_not_on_app_role,
)
from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

POLICY = "aws:iam/policy:Policy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
DSQL_CLUSTER = "aws:dsql/cluster:Cluster"
ARN = "arn:aws:dsql:us-east-1:123456789012:cluster/abcdefghijklmnopqrstuvwxyz"


def doc(action: str) -> str:
    """A one-statement document granting `action` on the cluster."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": ARN}],
        }
    )


def policy(name: str, action: str) -> PolicyResource:
    """A managed policy with an unknown ARN (preview)."""
    return stack_resource(POLICY, name, {"policy": doc(action), "arn": UNKNOWN})


def attach(name: str, role: str, target: PolicyResource) -> PolicyResource:
    """A role policy attachment naming the role by plain name."""
    return stack_resource(
        ATTACHMENT, name, {"role": role, "policyArn": UNKNOWN}, {"policyArn": [target]}
    )


def component(**overrides: Any) -> list[PolicyResource]:
    """Happy-path factory: DsqlCluster's two policies, connect attached to the app role."""
    connect = policy("db-connect-policy", "dsql:DbConnect")
    admin = policy("db-admin-policy", overrides.get("admin_action", "dsql:DbConnectAdmin"))
    target = admin if overrides.get("attach_admin") else connect
    return [connect, admin, attach("db-connect-api", overrides.get("role", "api"), target)]


def run(
    resources: list[PolicyResource], config: dict[str, Any] | None = None
) -> list[tuple[str, str | None]]:
    """(message, resource name) per violation."""
    return check_stack(dsql_admin_not_on_app_role, resources, config)


def message(role: str, source: str) -> str:
    """The expected violation text."""
    return (
        f'role "{role}" gets dsql:DbConnectAdmin from {source}; attach a dsql:DbConnect policy '
        "to application roles, or list an operator role in adminRoleNames"
    )


class TestDsqlAdminNotOnAppRole:
    """The stack rule over IAM attachments."""

    def test_metadata(self) -> None:
        """Id, severity, anchors and the adminRoleNames default."""
        assert dsql_admin_not_on_app_role.name == POLICY_NAME == "dsql-admin-not-on-app-role"
        assert dsql_admin_not_on_app_role.severity is not None
        assert dsql_admin_not_on_app_role.severity.value == "high"
        assert dsql_admin_not_on_app_role.anchors == ("beyond",)
        assert dsql_admin_not_on_app_role.config_schema is not None
        assert (
            dsql_admin_not_on_app_role.config_schema.properties["adminRoleNames"]["default"] == []
        )

    def test_passes_connect_on_app_role(self) -> None:
        """The component's shape (admin policy unattached) passes."""
        assert run(component()) == []

    def test_fails_admin_attached(self) -> None:
        """The admin policy attached to an application role is reported on the attachment."""
        assert run(component(attach_admin=True)) == [
            (message("api", "policy db-admin-policy (attachment db-connect-api)"), "db-connect-api")
        ]

    def test_fails_wildcard_action(self) -> None:
        """dsql:* covers DbConnectAdmin."""
        assert run(component(attach_admin=True, admin_action="dsql:*")) == [
            (message("api", "policy db-admin-policy (attachment db-connect-api)"), "db-connect-api")
        ]

    def test_config_admin_role_allowed(self) -> None:
        """A role listed in adminRoleNames may hold the admin policy."""
        assert run(component(attach_admin=True, role="dba"), {"adminRoleNames": ["dba"]}) == []

    def test_fails_config_other_role(self) -> None:
        """adminRoleNames does not cover other roles."""
        assert run(component(attach_admin=True), {"adminRoleNames": ["dba"]}) == [
            (message("api", "policy db-admin-policy (attachment db-connect-api)"), "db-connect-api")
        ]

    def test_fails_role_linked_by_dependency(self) -> None:
        """A role given as another resource's output is named by its IAM name when known."""
        role = stack_resource(ROLE, "app-role", {"name": "app", "arn": UNKNOWN})
        admin = policy("db-admin-policy", "dsql:DbConnectAdmin")
        attachment = stack_resource(
            ATTACHMENT,
            "att",
            {"role": UNKNOWN, "policyArn": UNKNOWN},
            {"role": [role], "policyArn": [admin]},
        )
        assert run([role, admin, attachment]) == [
            (message("app", "policy db-admin-policy (attachment att)"), "att")
        ]

    def test_fails_inline_role_policy(self) -> None:
        """An aws:iam/rolePolicy granting admin is reported."""
        inline = stack_resource(ROLE_POLICY, "inline", {"role": "api", "policy": doc("dsql:*")})
        assert run([inline]) == [(message("api", "role policy inline"), "inline")]

    def test_fails_role_inline_policies(self) -> None:
        """A Role's own inlinePolicies granting admin are reported on the role."""
        role = stack_resource(
            ROLE,
            "app-role",
            {
                "name": "app",
                "inlinePolicies": [{"name": "x", "policy": doc("dsql:DbConnectAdmin")}],
            },
        )
        assert run([role]) == [(message("app", "an inline policy of role app-role"), "app-role")]

    def test_fails_role_managed_policy_arns(self) -> None:
        """A Role's managedPolicyArns pointing at the admin policy are reported."""
        admin = policy("db-admin-policy", "dsql:DbConnectAdmin")
        role = stack_resource(
            ROLE,
            "app-role",
            {"name": "app", "managedPolicyArns": [UNKNOWN]},
            {"managedPolicyArns": [admin]},
        )
        assert run([admin, role]) == [
            (
                message("app", "policy db-admin-policy in managedPolicyArns of role app-role"),
                "app-role",
            )
        ]

    def test_unknown_document_from_a_dsql_cluster_is_cant_verify(self) -> None:
        """A policy computed from the cluster's ARN, attached to an application role, unknown in
        preview: "can't verify" (the SDK's advisory), naming the document it could not read."""
        cluster = stack_resource(DSQL_CLUSTER, "db", {"arn": UNKNOWN})
        admin = stack_resource(
            POLICY, "p", {"policy": UNKNOWN, "arn": UNKNOWN}, {"policy": [cluster]}
        )
        with pytest.raises(UnknownValueError) as raised:
            run([cluster, admin, attach("att", "api", admin)])
        assert raised.value.message == "string value at .p.policy can't be known during preview"

    def test_unknown_document_on_an_operator_role_is_not_read(self) -> None:
        """The same document attached only to an operator role: nothing to verify."""
        cluster = stack_resource(DSQL_CLUSTER, "db", {"arn": UNKNOWN})
        admin = stack_resource(
            POLICY, "p", {"policy": UNKNOWN, "arn": UNKNOWN}, {"policy": [cluster]}
        )
        resources = [cluster, admin, attach("att", "dba", admin)]
        assert run(resources, {"adminRoleNames": ["dba"]}) == []

    @pytest.mark.parametrize("holder", ["role policy", "attachment", "inline"])
    def test_unknown_document_not_computed_from_dsql_is_not_judged(self, holder: str) -> None:
        """A program without DSQL: a role policy computed from a secret's ARN is unknown in
        preview; it cannot name a cluster of this stack, so the rule does not fire (the update,
        where it is known, judges it)."""
        secret = stack_resource("aws:secretsmanager/secret:Secret", "s", {"arn": UNKNOWN})
        if holder == "role policy":
            resources = [
                secret,
                stack_resource(
                    ROLE_POLICY, "read", {"role": "api", "policy": UNKNOWN}, {"policy": [secret]}
                ),
            ]
        elif holder == "attachment":
            managed = stack_resource(
                POLICY, "p", {"policy": UNKNOWN, "arn": UNKNOWN}, {"policy": [secret]}
            )
            resources = [secret, managed, attach("att", "api", managed)]
        else:
            resources = [
                secret,
                stack_resource(
                    ROLE,
                    "api",
                    {"name": "api", "inlinePolicies": [{"name": "x", "policy": UNKNOWN}]},
                    {"inlinePolicies": [secret]},
                ),
            ]
        assert run(resources) == []

    def test_known_document_not_computed_from_dsql_is_judged(self) -> None:
        """Update shape of the same program: the known document granting admin is reported."""
        secret = stack_resource("aws:secretsmanager/secret:Secret", "s", {"arn": "arn:s"})
        read = stack_resource(
            ROLE_POLICY,
            "read",
            {"role": "api", "policy": doc("dsql:DbConnectAdmin")},
            {"policy": [secret]},
        )
        assert run([secret, read]) == [(message("api", "role policy read"), "read")]

    def test_unset_documents_pass(self) -> None:
        """A policy without a document grants nothing (unset passes: nothing to attach)."""
        empty = stack_resource(POLICY, "p", {"arn": UNKNOWN})
        assert run([empty, attach("att", "api", empty)]) == []
