"""instance-serverless-class: instances of a Serverless v2 cluster use db.serverless."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import cluster_instances
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_INSTANCE


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        if view.props(cluster).obj("serverlessv2ScalingConfiguration") is None:
            continue
        for instance in cluster_instances(view, cluster):
            klass = view.props(instance).str_("instanceClass")
            if klass != "db.serverless":
                report(
                    f'instanceClass is {show(klass)}, expected "db.serverless" in a '
                    "Serverless v2 cluster.",
                    instance.urn,
                )


POLICY = GuardrailStackPolicy(
    name="instance-serverless-class",
    description="Instances of a Serverless v2 cluster must use the db.serverless class.",
    resource_types=(CLUSTER, CLUSTER_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps='Set instanceClass: "db.serverless" on every instance of the cluster.',
    anchors=("beyond",),
    checks="every instance of a cluster with `serverlessv2ScalingConfiguration` has "
    '`instanceClass` "db.serverless".',
)
