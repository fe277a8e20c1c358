"""aurora-deletion-protection: clusters and RDS instances cannot be deleted by accident."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, show


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("deletionProtection") is not True:
        report(f"deletionProtection is {show(props.raw('deletionProtection'))}, expected true.")


POLICY = GuardrailResourcePolicy(
    name="aurora-deletion-protection",
    description="Aurora clusters and RDS instances must have deletion protection enabled.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Set deletionProtection: true (updates in place).",
    anchors=(
        "AwsSolutions-RDS10",
        "RDSInstanceDeletionProtectionEnabled",
        "CKV_AWS_139",
        "rds-cluster-deletion-protection-enabled",
        "RDS.7",
        "CKV_AWS_293",
        "rds-instance-deletion-protection-enabled",
        "RDS.8",
    ),
    checks="`deletionProtection` is true (unset = false).",
)
