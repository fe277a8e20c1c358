"""instance-pi-cmk: Performance Insights data is encrypted with a customer-managed key."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("performanceInsightsEnabled") is True and not props.is_set(
        "performanceInsightsKmsKeyId"
    ):
        report(
            "performanceInsightsKmsKeyId is unset, so Performance Insights uses the "
            "AWS-managed key; set a customer-managed KMS key."
        )


POLICY = GuardrailResourcePolicy(
    name="instance-pi-cmk",
    description="Performance Insights must be encrypted with a customer-managed KMS key.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set performanceInsightsKmsKeyId to the cluster's customer-managed key.",
    anchors=("CKV_AWS_354",),
    checks="`performanceInsightsKmsKeyId` set when Performance Insights is on.",
)
