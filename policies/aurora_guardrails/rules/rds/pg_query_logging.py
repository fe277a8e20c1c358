"""pg-query-logging: a PostgreSQL database's parameter group logs statements or slow queries.

Clusters are followed through `dbClusterParameterGroupName`, RDS instances through
`parameterGroupName` (see `pg-force-ssl`); other engines are skipped.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.engines import DB_TYPES, POSTGRES, engine_family, kind_of
from aurora_guardrails.links import parameter_value
from aurora_guardrails.rules.rds.pg_force_ssl import parameter_groups
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER_PARAMETER_GROUP, PARAMETER_GROUP


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for database in view.of_type(*DB_TYPES):
        if engine_family(view.props(database).raw("engine")) != POSTGRES:
            continue
        groups = parameter_groups(view, database)
        if not groups:
            report(
                f"the {kind_of(database.resource_type).label} has no parameter group in this "
                "stack; set log_statement or log_min_duration_statement in one.",
                database.urn,
            )
        for group in groups:
            statement = parameter_value(view, group, "log_statement")
            duration = parameter_value(view, group, "log_min_duration_statement")
            if statement in (None, "none") and duration in (None, "-1"):
                report(
                    f'parameter group "{group.name}" sets neither log_statement nor '
                    "log_min_duration_statement.",
                    database.urn,
                )


POLICY = GuardrailStackPolicy(
    name="pg-query-logging",
    description="PostgreSQL parameter groups should log statements or slow queries.",
    resource_types=(*DB_TYPES, CLUSTER_PARAMETER_GROUP, PARAMETER_GROUP),
    check=_check,
    severity=Severity.LOW,
    remediation_steps='Set log_statement (e.g. "ddl") or log_min_duration_statement (e.g. '
    '"1000" ms) in the cluster (or instance) parameter group.',
    anchors=("CKV2_AWS_27", "CKV2_AWS_30"),
    checks="PostgreSQL clusters and instances: the linked group sets `log_statement` (not none) "
    "or `log_min_duration_statement` (not -1).",
    enforcement_level=ADVISORY,
)
