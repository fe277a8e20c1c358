"""aurora-deletion-protection: Aurora clusters cannot be deleted by accident."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("deletionProtection") is not True:
        report(f"deletionProtection is {show(props.raw('deletionProtection'))}, expected true.")


POLICY = GuardrailResourcePolicy(
    name="aurora-deletion-protection",
    description="Aurora clusters must have deletion protection enabled.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Set deletionProtection: true (updates in place).",
    anchors=(
        "AwsSolutions-RDS10",
        "RDSInstanceDeletionProtectionEnabled",
        "CKV_AWS_139",
        "rds-cluster-deletion-protection-enabled",
        "RDS.7",
    ),
    checks="`deletionProtection` is true (unset = false).",
)
