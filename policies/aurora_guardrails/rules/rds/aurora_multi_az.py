"""aurora-multi-az: every cluster has instances in at least two availability zones."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext, schema
from aurora_guardrails.links import cluster_instances
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_INSTANCE


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    minimum = int(float(ctx.config["minInstances"]))
    for cluster in view.of_type(CLUSTER):
        instances = cluster_instances(view, cluster)
        if len(instances) < minimum:
            report(
                f"the cluster has {len(instances)} instance(s), expected at least {minimum} "
                "in different availability zones (add a reader).",
                cluster.urn,
            )
            continue
        zones = [view.props(i).raw("availabilityZone") for i in instances]
        if len(zones) >= 2 and all(isinstance(z, str) and z for z in zones) and len(set(zones)) < 2:
            report(
                f"all {len(instances)} instances are in availability zone {show(zones[0])}; "
                "place a reader in another zone.",
                cluster.urn,
            )


POLICY = GuardrailStackPolicy(
    name="aurora-multi-az",
    description="Aurora clusters must have instances in at least two availability zones.",
    resource_types=(CLUSTER, CLUSTER_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Add a reader instance (promotionTier 0-1) and leave availabilityZone "
    "unset or set it to a different zone than the writer.",
    anchors=("rds-cluster-multi-az-enabled", "RDS.15"),
    checks="≥ `minInstances` (2) instances per cluster; explicit `availabilityZone`s distinct.",
    config_schema=schema(
        minInstances={
            "type": "number",
            "minimum": 1,
            "default": 2,
            "description": "Fewest instances per cluster.",
        }
    ),
)
