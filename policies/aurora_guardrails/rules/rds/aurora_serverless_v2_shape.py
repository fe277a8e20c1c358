"""aurora-serverless-v2-shape: the cluster uses the provisioned engine mode.

Serverless v2 and provisioned instances both run in engine mode `provisioned` (the default);
`serverless` is Aurora Serverless v1, which AWS ended on 31 March 2025 (Aurora User Guide,
aurora-serverless.modifying.html: "end-of-life date for Aurora Serverless v1"). A cluster
without `serverlessv2ScalingConfiguration` is a provisioned cluster, which is not a fault; a
`db.serverless` instance in such a cluster is (AWS refuses it), and instance-serverless-class
reports it on that instance.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    mode = props.str_("engineMode")
    if mode not in (None, "provisioned"):
        report(
            f'engineMode is {show(mode)}, expected unset or "provisioned" (Serverless v2 or '
            "provisioned instances)."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-serverless-v2-shape",
    description="Aurora clusters must use the provisioned engine mode (Serverless v2 or "
    "provisioned instances).",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        'Leave engineMode unset (or "provisioned"); for Serverless v2 set '
        'serverlessv2ScalingConfiguration and use instanceClass "db.serverless" on the instances.'
    ),
    anchors=("beyond",),
    checks='`engineMode` unset/"provisioned" (a cluster without Serverless v2 scaling is a '
    "provisioned cluster; instance-serverless-class judges the instances' classes).",
)
