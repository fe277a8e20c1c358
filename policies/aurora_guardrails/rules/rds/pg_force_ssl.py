"""pg-force-ssl: the database's parameter group refuses unencrypted connections.

PostgreSQL engines: `rds.force_ssl = 1`; MySQL, Aurora MySQL and MariaDB:
`require_secure_transport = ON` (or 1). Clusters are followed through
`dbClusterParameterGroupName` to a `ClusterParameterGroup`, RDS instances through
`parameterGroupName` to a `ParameterGroup`. Other engines are skipped.
"""

from pulumi_policy import PolicyResource, Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.engines import DB_TYPES, TLS_PARAMETERS, engine_family, kind_of
from aurora_guardrails.links import parameter_value
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER_PARAMETER_GROUP, PARAMETER_GROUP


def parameter_groups(view: StackView, database: PolicyResource) -> list[PolicyResource]:
    """The parameter groups in the stack that a cluster or an instance names."""
    kind = kind_of(database.resource_type)
    return view.linked(
        database, kind.parameter_group_key, (kind.parameter_group_type,), ("name", "id")
    )


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for database in view.of_type(*DB_TYPES):
        family = engine_family(view.props(database).raw("engine"))
        if family is None:
            continue
        parameter, accept = TLS_PARAMETERS[family]
        key = kind_of(database.resource_type).parameter_group_key
        groups = parameter_groups(view, database)
        if not groups:
            if not view.is_set(database, key):
                report(
                    f"{key} is unset, so the {kind_of(database.resource_type).label} uses the "
                    f"default parameter group; link a group that sets {parameter}.",
                    database.urn,
                )
            else:
                report(
                    f"{key} refers to a group outside this stack, so {parameter} cannot be "
                    "verified.",
                    database.urn,
                )
            continue
        for group in groups:
            value = parameter_value(view, group, parameter)
            if value not in accept:
                expected = " or ".join(show(a) for a in sorted(accept))
                report(
                    f'parameter group "{group.name}" sets {parameter} to {show(value)}, '
                    f"expected {expected}.",
                    database.urn,
                )


POLICY = GuardrailStackPolicy(
    name="pg-force-ssl",
    description="Databases must refuse unencrypted connections through their parameter group.",
    resource_types=(*DB_TYPES, CLUSTER_PARAMETER_GROUP, PARAMETER_GROUP),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Create a parameter group (aws.rds.ClusterParameterGroup for clusters, "
    'aws.rds.ParameterGroup for instances) with {"name": "rds.force_ssl", "value": "1"} '
    '(PostgreSQL) or {"name": "require_secure_transport", "value": "ON"} (MySQL/MariaDB) and '
    "pass its name as dbClusterParameterGroupName / parameterGroupName.",
    anchors=("CKV2_AWS_69", "rds-postgres-instance-encrypted-in-transit"),
    checks="clusters: `dbClusterParameterGroupName`, instances: `parameterGroupName` → a group "
    "in the stack with `rds.force_ssl` = 1 (PostgreSQL) or `require_secure_transport` = ON/1 "
    "(MySQL, MariaDB); followed through property dependencies in preview.",
)
