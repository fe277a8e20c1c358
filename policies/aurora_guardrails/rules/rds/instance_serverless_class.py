"""instance-serverless-class: an instance's class fits its cluster's capacity model.

In a cluster with `serverlessv2ScalingConfiguration` every instance is `db.serverless`; in a
cluster without it no instance is, since Serverless v2 instances take their capacity range from
the cluster, which must be set before a `db.serverless` instance is added (Aurora User Guide,
"Clusters that use Aurora Serverless v2 must have a capacity range specified",
aurora-serverless-v2.requirements.html; CloudFormation `ServerlessV2ScalingConfiguration`).
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import cluster_instances
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_INSTANCE

SERVERLESS = "db.serverless"


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        scaling = view.props(cluster).obj("serverlessv2ScalingConfiguration") is not None
        for instance in cluster_instances(view, cluster):
            klass = view.props(instance).str_("instanceClass")
            if scaling and klass != SERVERLESS:
                report(
                    f'instanceClass is {show(klass)}, expected "{SERVERLESS}" in a '
                    "Serverless v2 cluster.",
                    instance.urn,
                )
            elif not scaling and klass == SERVERLESS:
                report(
                    f'instanceClass is "{SERVERLESS}" but cluster {cluster.name} has no '
                    "serverlessv2ScalingConfiguration; set minCapacity and maxCapacity on the "
                    "cluster.",
                    instance.urn,
                )


POLICY = GuardrailStackPolicy(
    name="instance-serverless-class",
    description="An instance's class must fit its cluster: db.serverless exactly when the "
    "cluster has Serverless v2 scaling.",
    resource_types=(CLUSTER, CLUSTER_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps='Set instanceClass: "db.serverless" on every instance of a cluster with '
    "serverlessv2ScalingConfiguration; give a cluster with db.serverless instances that "
    "configuration.",
    anchors=("beyond",),
    checks="every instance of a cluster with `serverlessv2ScalingConfiguration` has "
    '`instanceClass` "db.serverless"; no instance of a cluster without it has.',
)
