"""dsql-admin-not-on-app-role: no application role can connect to DSQL as `admin`.

`dsql:DbConnectAdmin` opens a session as the cluster's `admin` PostgreSQL role. A policy that
grants it (directly or through `dsql:*` / `*`) may be attached only to the operator roles named in
`adminRoleNames`; every other role counts as an application role. Checked attachments: role policy
attachments, policy attachments, role inline policies and `managedPolicyArns`, and role policies.
Roles are matched by IAM name, or by Pulumi resource name when the IAM name is computed.
AWS managed policies (outside the plan) are not inspected.

The rule judges only what it is about: documents given to operator roles are never read, and a
document unknown during preview is "can't verify" only when it is computed from a DSQL resource
of the stack (its property dependencies name an `aws:dsql/...` resource, e.g. a cluster ARN). A
document computed from anything else (a secret's or a log group's ARN) cannot name a cluster of
this stack; it is judged in the update, when it is known. So a program without DSQL gets no
finding from this rule, and the "can't verify" advisory names the document it could not read.
"""

from __future__ import annotations

from typing import Any, Final

from pulumi_policy import PolicyResource, ReportViolation, Severity
from pulumi_policy.proxy import UnknownValueError

from aurora_guardrails.base import GuardrailStackPolicy, StackContext, schema
from aurora_guardrails.iamdoc import document_statements, policy_documents
from aurora_guardrails.props import is_unknown, show
from aurora_guardrails.rules.dsql._common import ANCHORS, IAM_POLICY_ATTACHMENT, grants
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import (
    IAM_POLICY,
    IAM_ROLE,
    IAM_ROLE_POLICY,
    IAM_ROLE_POLICY_ATTACHMENT,
)

POLICY_NAME: Final = "dsql-admin-not-on-app-role"
ADMIN_ACTION: Final = "dsql:DbConnectAdmin"
ADMIN_ROLES_KEY: Final = "adminRoleNames"
DSQL_PREFIX: Final = "aws:dsql/"


def _about_dsql(owner: PolicyResource, key: str) -> bool:
    """True when `owner`'s input `key` is computed from a DSQL resource of the stack."""
    deps = owner.property_dependencies.get(key) or []
    return any(dep.resource_type.startswith(DSQL_PREFIX) for dep in deps)


def _grants_admin(owner: PolicyResource, key: str, documents: list[tuple[str, Any]]) -> bool:
    """True when one of `owner`'s documents (input `key`) has an Allow statement covering
    DbConnectAdmin. An unknown document raises `UnknownValueError` (naming it) only when it is
    computed from a DSQL resource; otherwise it counts as not granting (judged in the update)."""
    for path, document in documents:
        try:
            statements = document_statements(document, path)
        except ValueError:
            continue  # unparsable documents are reported by the IAM document rules
        except UnknownValueError as err:
            if _about_dsql(owner, key):
                raise UnknownValueError(err.unknown_type_sentinel, [owner.name, path]) from None
            continue
        if any(grants(statement, ADMIN_ACTION) for statement in statements):
            return True
    return False


def _role_names(view: StackView, holder: PolicyResource, key: str) -> list[tuple[str, set[str]]]:
    """(label, names to match) for each role that `holder`'s input `key` designates."""
    out: list[tuple[str, set[str]]] = []
    raw = view.props(holder).raw(key)
    for value in raw if isinstance(raw, list) else [raw]:
        if isinstance(value, str) and value and not is_unknown(value):
            out.append((value, {value}))
    linked = view.linked(holder, key, (IAM_ROLE,), match_keys=("name", "id", "arn"))
    known = {name for _, names in out for name in names}
    for role in linked:
        iam_name = view.props(role).raw("name")
        names = {role.name}
        if isinstance(iam_name, str) and not is_unknown(iam_name):
            names.add(iam_name)
        if not names & known:
            label = (
                iam_name if isinstance(iam_name, str) and not is_unknown(iam_name) else role.name
            )
            out.append((label, names))
    return out


def check_dsql_admin_not_on_app_role(ctx: StackContext, report: ReportViolation) -> None:
    """Report each attachment that gives DbConnectAdmin to a role outside `adminRoleNames`."""
    view = StackView(ctx.args.resources)
    allowed = {n for n in ctx.config.get(ADMIN_ROLES_KEY) or [] if isinstance(n, str)}
    unknown: UnknownValueError | None = None
    reported = False

    def judge(
        holder: PolicyResource, role_key: str, source: str, owner: PolicyResource, key: str
    ) -> None:
        nonlocal unknown, reported
        try:
            roles = [r for r in _role_names(view, holder, role_key) if not r[1] & allowed]
            if not roles or not _grants_admin(owner, key, _documents(owner)):
                return
        except UnknownValueError as err:
            unknown = unknown or err
            return
        for label, _ in roles:
            reported = True
            report(
                f"role {show(label)} gets {ADMIN_ACTION} from {source}; attach a "
                f"dsql:DbConnect policy to application roles, or list an operator role in "
                f"{ADMIN_ROLES_KEY}",
                holder.urn,
            )

    def _documents(owner: PolicyResource) -> list[tuple[str, Any]]:
        return policy_documents(owner.resource_type, view.props(owner))

    def managed(holder: PolicyResource, key: str) -> list[PolicyResource]:
        return view.linked(holder, key, (IAM_POLICY,), match_keys=("arn", "id"))

    for holder in view.of_type(IAM_ROLE_POLICY_ATTACHMENT):
        for policy in managed(holder, "policyArn"):
            source = f"policy {policy.name} (attachment {holder.name})"
            judge(holder, "role", source, policy, "policy")
    for holder in view.of_type(IAM_POLICY_ATTACHMENT):
        for policy in managed(holder, "policyArn"):
            source = f"policy {policy.name} (attachment {holder.name})"
            judge(holder, "roles", source, policy, "policy")
    for holder in view.of_type(IAM_ROLE_POLICY):
        judge(holder, "role", f"role policy {holder.name}", holder, "policy")
    for role in view.of_type(IAM_ROLE):
        iam_name = view.props(role).raw("name")
        names = {role.name} | (
            {iam_name} if isinstance(iam_name, str) and not is_unknown(iam_name) else set()
        )
        if names & allowed:
            continue
        sources: list[tuple[str, PolicyResource, str]] = [
            (f"an inline policy of role {role.name}", role, "inlinePolicies")
        ]
        sources += [
            (f"policy {p.name} in managedPolicyArns of role {role.name}", p, "policy")
            for p in managed(role, "managedPolicyArns")
        ]
        label = iam_name if isinstance(iam_name, str) and not is_unknown(iam_name) else role.name
        for source, owner, key in sources:
            try:
                grants_admin = _grants_admin(owner, key, _documents(owner))
            except UnknownValueError as err:
                unknown = unknown or err
                continue
            if grants_admin:
                reported = True
                report(
                    f"role {show(label)} gets {ADMIN_ACTION} from {source}; attach a "
                    f"dsql:DbConnect policy to application roles, or list an operator role in "
                    f"{ADMIN_ROLES_KEY}",
                    role.urn,
                )

    if unknown is not None and not reported:
        raise unknown


dsql_admin_not_on_app_role: Final = GuardrailStackPolicy(
    name=POLICY_NAME,
    description=(
        "No policy granting dsql:DbConnectAdmin is attached to an application role; only the "
        "operator roles named in adminRoleNames may connect as admin."
    ),
    resource_types=(
        IAM_ROLE_POLICY_ATTACHMENT,
        IAM_POLICY_ATTACHMENT,
        IAM_ROLE_POLICY,
        IAM_ROLE,
        IAM_POLICY,
    ),
    check=check_dsql_admin_not_on_app_role,
    severity=Severity.HIGH,
    remediation_steps=(
        "Attach DsqlCluster's connect_policy_arn (dsql:DbConnect) to application roles and "
        "create a PostgreSQL role for them (AWS IAM GRANT); keep admin_policy_arn for operator "
        "roles and list those in the policy's adminRoleNames config."
    ),
    anchors=ANCHORS,
    checks=(
        "policies granting `dsql:DbConnectAdmin` are attached (attachment, inline, "
        "`managedPolicyArns`) only to roles in `adminRoleNames`; in preview a document is "
        '"can\'t verify" only when computed from a DSQL resource of the stack'
    ),
    config_schema=schema(
        adminRoleNames={
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": (
                "IAM role names (or Pulumi resource names) of operator roles allowed to hold "
                "dsql:DbConnectAdmin; every other role is an application role."
            ),
        }
    ),
)
"""The policy instance the registry imports."""
