"""Helpers shared by the IAM rules (private to this folder)."""

from __future__ import annotations

from pulumi_policy import PolicyResource

from aurora_guardrails import tokens
from aurora_guardrails.iamdoc import policy_documents
from aurora_guardrails.stack import StackView

PERMISSION_TYPES = (
    tokens.IAM_ROLE,
    tokens.IAM_ROLE_POLICY,
    tokens.IAM_POLICY,
    tokens.IAM_USER_POLICY,
    tokens.IAM_GROUP_POLICY,
)
"""Resources whose `policy` (or role `inlinePolicies[].policy`) grants permissions."""


def role_documents(view: StackView, role: PolicyResource) -> list[tuple[str, object]]:
    """(label, document) of every permission policy attached to `role` in the stack."""
    docs: list[tuple[str, object]] = [
        (f'role "{role.name}" {path}', doc)
        for path, doc in policy_documents(role.resource_type, view.props(role))
    ]
    for rp in view.referrers(role, (tokens.IAM_ROLE_POLICY,), "role", ("name", "id")):
        if view.props(rp).is_set("policy"):
            docs.append((f'role policy "{rp.name}"', view.props(rp).raw("policy")))
    attachments = view.referrers(role, (tokens.IAM_ROLE_POLICY_ATTACHMENT,), "role", ("name", "id"))
    for attachment in attachments:
        for managed in view.linked(attachment, "policyArn", (tokens.IAM_POLICY,), ("arn", "id")):
            if view.props(managed).is_set("policy"):
                docs.append((f'policy "{managed.name}"', view.props(managed).raw("policy")))
    return docs


def proxy_role(view: StackView, proxy: PolicyResource) -> list[PolicyResource]:
    """The IAM role a proxy's `roleArn` refers to."""
    return view.linked(proxy, "roleArn", (tokens.IAM_ROLE,), ("arn", "name", "id"))
