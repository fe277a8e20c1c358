"""dsql-deletion-protection: every Aurora DSQL cluster has deletion protection enabled.

Unset is a violation: the provider leaves deletion protection off unless it is asked for, and a
DSQL cluster holds the only copy of its data outside of AWS Backup.
"""

from __future__ import annotations

from typing import Any, Final

from pulumi_policy import ReportViolation, Severity

from aurora_guardrails.base import GuardrailResourcePolicy, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.rules.dsql._common import ANCHORS, DSQL_CLUSTER

POLICY_NAME: Final = "dsql-deletion-protection"
KEY: Final = "deletionProtectionEnabled"


def check_dsql_deletion_protection(
    props: Props, ctx: ResourceContext, report: ReportViolation
) -> None:
    """Report when `deletionProtectionEnabled` is not true."""
    value = props.bool_(KEY)
    if value is not True:
        report(f"{KEY} is {show(value)}; set it to true", None)


def remediate_dsql_deletion_protection(props: Props) -> dict[str, Any] | None:
    """Turn deletion protection on (used only at the `remediate` level)."""
    if props.raw(KEY) is True:
        return None
    return {KEY: True}


dsql_deletion_protection: Final = GuardrailResourcePolicy(
    name=POLICY_NAME,
    description="Aurora DSQL clusters have deletion protection enabled.",
    resource_types=(DSQL_CLUSTER,),
    check=check_dsql_deletion_protection,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set deletion_protection_enabled=True on aws.dsql.Cluster (DsqlCluster does unless "
        "deletion_protection is False; stack config deletionProtection: true). To delete a "
        "cluster on purpose, turn protection off in one deployment and delete in the next."
    ),
    anchors=ANCHORS,
    checks="`deletionProtectionEnabled` is true (unset fails)",
    remediate=remediate_dsql_deletion_protection,
)
"""The policy instance the registry imports."""
