"""aurora-no-pause-blockers: no scale-to-zero where something keeps the cluster awake."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import CLUSTER_KEYS, cluster_instances, min_capacity
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_INSTANCE, GLOBAL_CLUSTER


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        if min_capacity(view, cluster) != 0:
            continue
        sources = view.referrers(
            cluster, (GLOBAL_CLUSTER,), "sourceDbClusterIdentifier", ("arn", *CLUSTER_KEYS)
        )
        if view.is_set(cluster, "globalClusterIdentifier") or sources:
            report(
                "minCapacity is 0 but the cluster belongs to a global database, which keeps "
                "it awake; use minCapacity 0.5 or more.",
                cluster.urn,
            )
        for instance in cluster_instances(view, cluster):
            klass = view.props(instance).str_("instanceClass")
            if klass is not None and klass != "db.serverless":
                report(
                    f'minCapacity is 0 but instance "{instance.name}" is provisioned '
                    f"({show(klass)}) and keeps the writer awake.",
                    cluster.urn,
                )


POLICY = GuardrailStackPolicy(
    name="aurora-no-pause-blockers",
    description="Clusters that scale to 0 ACU must have nothing that prevents pausing.",
    resource_types=(CLUSTER, CLUSTER_INSTANCE, GLOBAL_CLUSTER),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Use minCapacity ≥ 0.5 for global databases and clusters with provisioned "
    "instances, or make every instance db.serverless.",
    anchors=("beyond",),
    checks="`minCapacity` 0 with a global cluster or a provisioned instance.",
)
