"""pg-query-logging: the parameter group logs statements or slow queries."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import cluster_parameter_groups, is_postgres, parameter_value
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_PARAMETER_GROUP


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        if not is_postgres(view, cluster):
            continue
        groups = cluster_parameter_groups(view, cluster)
        if not groups:
            report(
                "the cluster has no parameter group in this stack; set log_statement or "
                "log_min_duration_statement in one.",
                cluster.urn,
            )
        for group in groups:
            statement = parameter_value(view, group, "log_statement")
            duration = parameter_value(view, group, "log_min_duration_statement")
            if statement in (None, "none") and duration in (None, "-1"):
                report(
                    f'parameter group "{group.name}" sets neither log_statement nor '
                    "log_min_duration_statement.",
                    cluster.urn,
                )


POLICY = GuardrailStackPolicy(
    name="pg-query-logging",
    description="Aurora PostgreSQL parameter groups should log statements or slow queries.",
    resource_types=(CLUSTER, CLUSTER_PARAMETER_GROUP),
    check=_check,
    severity=Severity.LOW,
    remediation_steps='Set log_statement (e.g. "ddl") or log_min_duration_statement (e.g. '
    '"1000" ms) in the cluster parameter group.',
    anchors=("CKV2_AWS_27",),
    checks="the linked group sets `log_statement` (not none) or `log_min_duration_statement` "
    "(not -1).",
    enforcement_level=ADVISORY,
)
