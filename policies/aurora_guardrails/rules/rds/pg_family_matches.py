"""pg-family-matches: the parameter group family matches the engine's major version."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import cluster_parameter_groups, is_postgres
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_PARAMETER_GROUP


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        version = view.props(cluster).str_("engineVersion") if is_postgres(view, cluster) else None
        if not version:
            continue
        expected = f"aurora-postgresql{version.split('.')[0]}"
        for group in cluster_parameter_groups(view, cluster):
            family = view.props(group).str_("family")
            if family != expected:
                report(
                    f'parameter group "{group.name}" has family {show(family)}, expected '
                    f"{show(expected)} for engineVersion {show(version)}.",
                    cluster.urn,
                )


POLICY = GuardrailStackPolicy(
    name="pg-family-matches",
    description="Cluster parameter group families must match the engine's major version.",
    resource_types=(CLUSTER, CLUSTER_PARAMETER_GROUP),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set the parameter group's family to aurora-postgresql<major> (a new "
    "group is needed for a major upgrade).",
    anchors=("beyond",),
    checks="`family` = `aurora-postgresql<major of engineVersion>`.",
)
