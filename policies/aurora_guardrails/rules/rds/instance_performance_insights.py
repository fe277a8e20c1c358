"""instance-performance-insights: Performance Insights is on."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("performanceInsightsEnabled") is not True:
        report(
            f"performanceInsightsEnabled is "
            f"{show(props.raw('performanceInsightsEnabled'))}, expected true."
        )


POLICY = GuardrailResourcePolicy(
    name="instance-performance-insights",
    description="Aurora and RDS instances should enable Performance Insights.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set performanceInsightsEnabled: true with performanceInsightsKmsKeyId.",
    anchors=("CKV_AWS_353",),
    enforcement_level=ADVISORY,
    checks="`performanceInsightsEnabled` is true.",
)
