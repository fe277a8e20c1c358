"""aurora-serverless-v2-shape: the cluster is a provisioned-mode cluster with v2 scaling."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    mode = props.str_("engineMode")
    if mode not in (None, "provisioned"):
        report(f'engineMode is {show(mode)}, expected unset or "provisioned" (Serverless v2).')
    if props.obj("serverlessv2ScalingConfiguration") is None:
        report(
            "serverlessv2ScalingConfiguration is unset; Serverless v2 needs minCapacity and "
            "maxCapacity."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-serverless-v2-shape",
    description="Aurora clusters must be Serverless v2: provisioned engine mode with v2 scaling.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        'Leave engineMode unset (or "provisioned"), set serverlessv2ScalingConfiguration, '
        'and use instanceClass "db.serverless" on the instances.'
    ),
    anchors=("beyond",),
    checks='`engineMode` unset/"provisioned"; `serverlessv2ScalingConfiguration` set.',
)
