"""pg-force-ssl: the cluster's parameter group forces TLS (`rds.force_ssl = 1`)."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import cluster_parameter_groups, is_postgres, parameter_value
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_PARAMETER_GROUP


def check_parameter(ctx: StackContext, report: Report, parameter: str, accept: set[str]) -> None:
    """Report clusters whose parameter group does not set `parameter` to an accepted value."""
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        if not is_postgres(view, cluster):
            continue
        groups = cluster_parameter_groups(view, cluster)
        if not groups:
            if not view.is_set(cluster, "dbClusterParameterGroupName"):
                report(
                    "dbClusterParameterGroupName is unset, so the cluster uses the default "
                    f"parameter group; link a group that sets {parameter}.",
                    cluster.urn,
                )
            else:
                report(
                    "dbClusterParameterGroupName refers to a group outside this stack, so "
                    f"{parameter} cannot be verified.",
                    cluster.urn,
                )
            continue
        for group in groups:
            value = parameter_value(view, group, parameter)
            if value not in accept:
                expected = " or ".join(show(a) for a in sorted(accept))
                report(
                    f'parameter group "{group.name}" sets {parameter} to {show(value)}, '
                    f"expected {expected}.",
                    cluster.urn,
                )


def _check(ctx: StackContext, report: Report) -> None:
    check_parameter(ctx, report, "rds.force_ssl", {"1"})


POLICY = GuardrailStackPolicy(
    name="pg-force-ssl",
    description="Aurora PostgreSQL clusters must force TLS through their parameter group.",
    resource_types=(CLUSTER, CLUSTER_PARAMETER_GROUP),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps='Create an aws.rds.ClusterParameterGroup with parameters [{"name": '
    '"rds.force_ssl", "value": "1"}] and pass its name as dbClusterParameterGroupName.',
    anchors=("CKV2_AWS_69", "rds-postgres-instance-encrypted-in-transit"),
    checks="`dbClusterParameterGroupName` → a group in the stack with `rds.force_ssl` = 1 "
    "(followed through property dependencies in preview).",
)
