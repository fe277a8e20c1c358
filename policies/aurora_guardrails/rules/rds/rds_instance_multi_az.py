"""rds-instance-multi-az: a standalone RDS instance keeps a standby in another zone."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import RDS_INSTANCE


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.is_set("replicateSourceDb"):
        return  # a read replica's availability comes from its source.
    if props.bool_("multiAz") is not True:
        report(
            f"multiAz is {show(props.raw('multiAz'))}, expected true (a standby in another "
            "availability zone)."
        )


POLICY = GuardrailResourcePolicy(
    name="rds-instance-multi-az",
    description="RDS instances must run Multi-AZ (production default; dev config relaxes it).",
    resource_types=(RDS_INSTANCE,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set multiAz: true (updates in place; the standby is created during the "
    "next maintenance window unless applyImmediately).",
    anchors=("AwsSolutions-RDS3", "CKV_AWS_157", "rds-multi-az-support", "RDS.5"),
    checks="`multiAz` is true (unset = false); read replicas skipped.",
)
