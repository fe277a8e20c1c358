"""dsql-policy-not-public: a DSQL resource-based policy grants nothing to everyone.

An Allow statement whose principal is `*` (bare or `{"AWS": "*"}`) without a Condition opens the
cluster's IAM authorization to every AWS account; `bypassPolicyLockoutSafetyCheck` lets a policy
lock its own administrators out. A policy that cannot be parsed fails closed.
"""

from __future__ import annotations

from typing import Final

from pulumi_policy import ReportViolation, Severity

from aurora_guardrails.base import GuardrailResourcePolicy, ResourceContext
from aurora_guardrails.iamdoc import document_statements
from aurora_guardrails.props import Props
from aurora_guardrails.rules.dsql._common import ANCHORS, DSQL_CLUSTER_POLICY

POLICY_NAME: Final = "dsql-policy-not-public"
POLICY_KEY: Final = "policy"
BYPASS_KEY: Final = "bypassPolicyLockoutSafetyCheck"


def check_dsql_policy_not_public(
    props: Props, ctx: ResourceContext, report: ReportViolation
) -> None:
    """Report a lockout bypass, an unparsable policy and every public Allow statement."""
    if props.bool_(BYPASS_KEY) is True:
        report(f"{BYPASS_KEY} is true; remove it", None)
    if not props.is_set(POLICY_KEY):
        report(f"{POLICY_KEY} is unset; a cluster policy needs a document", None)
        return
    try:
        statements = document_statements(props.raw(POLICY_KEY), POLICY_KEY)
    except ValueError as err:
        report(f"{err}; it cannot be checked", None)
        return
    for index, statement in enumerate(statements):
        if statement.allows and "*" in statement.principals and not statement.condition:
            report(
                f'{POLICY_KEY} {statement.label(index)} allows principal "*" without a '
                "Condition; name the accounts or roles, or add a Condition",
                None,
            )


dsql_policy_not_public: Final = GuardrailResourcePolicy(
    name=POLICY_NAME,
    description="Aurora DSQL cluster policies grant nothing to every principal.",
    resource_types=(DSQL_CLUSTER_POLICY,),
    check=check_dsql_policy_not_public,
    severity=Severity.CRITICAL,
    remediation_steps=(
        'In aws.dsql.ClusterPolicy, replace the "*" principal by account or role ARNs (or add '
        "a Condition such as aws:PrincipalOrgID or aws:SourceVpce), and remove "
        "bypass_policy_lockout_safety_check."
    ),
    anchors=ANCHORS,
    checks=(
        "`ClusterPolicy.policy`: no Allow to `*` without Condition; "
        "`bypassPolicyLockoutSafetyCheck` not true"
    ),
)
"""The policy instance the registry imports."""
