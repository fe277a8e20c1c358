"""aurora-cluster-monitoring: cluster-level Performance Insights and Enhanced Monitoring."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    pi = props.bool_("performanceInsightsEnabled")
    if pi is not True:
        report(
            f"performanceInsightsEnabled is {show(props.raw('performanceInsightsEnabled'))}, "
            "expected true."
        )
    elif not props.is_set("performanceInsightsKmsKeyId"):
        report("performanceInsightsKmsKeyId is unset, expected a customer-managed KMS key.")
    interval = props.num("monitoringInterval")
    if not interval:
        report(f"monitoringInterval is {show(interval)}, expected 1, 5, 10, 15, 30 or 60.")
    elif not props.is_set("monitoringRoleArn"):
        report("monitoringRoleArn is unset; Enhanced Monitoring needs a role.")


POLICY = GuardrailResourcePolicy(
    name="aurora-cluster-monitoring",
    description="Aurora clusters should configure Performance Insights and Enhanced Monitoring.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.LOW,
    remediation_steps=(
        "Set performanceInsightsEnabled with performanceInsightsKmsKeyId, and monitoringInterval "
        "with monitoringRoleArn, on the cluster (instance-level settings are checked by "
        "instance-performance-insights and instance-enhanced-monitoring)."
    ),
    anchors=("RDS.6",),
    checks="`performanceInsightsEnabled` + `performanceInsightsKmsKeyId`; `monitoringInterval` "
    "+ `monitoringRoleArn` on the cluster. Advisory: the instance rules are mandatory.",
    enforcement_level=ADVISORY,
)
