"""What a rule needs to know about a database's engine: family, default port, TLS parameter.

Clusters (`aws:rds/cluster:Cluster`) and standalone instances (`aws:rds/instance:Instance`)
share most property names; where they differ (`masterUsername`/`username`,
`masterPassword`/`password`, `dbClusterParameterGroupName`/`parameterGroupName`) the
`DbKind` of the resource type names the key, so one rule judges both types.

Engine families: `postgres` (`postgres`, `aurora-postgresql`) and `mysql` (`mysql`,
`aurora-mysql`, `aurora`, `mariadb`, which speaks the MySQL protocol and shares its port and
TLS parameter). Other engines (Oracle, SQL Server, Db2) have no family here: rules that need
one skip them, and `db-types-unjudged` does not list them because the type is judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from aurora_guardrails import tokens
from aurora_guardrails.props import Props, is_unknown

__all__ = [
    "DB_TYPES",
    "DEFAULT_PORTS",
    "LOG_EXPORTS",
    "MYSQL",
    "POSTGRES",
    "TLS_PARAMETERS",
    "DbKind",
    "effective_port",
    "engine_family",
    "kind_of",
]

POSTGRES = "postgres"
MYSQL = "mysql"

DEFAULT_PORTS: dict[str, float] = {POSTGRES: 5432.0, MYSQL: 3306.0}
"""The port a database listens on when `port` is unset, by engine family."""

LOG_EXPORTS: dict[str, tuple[str, ...]] = {
    POSTGRES: ("postgresql",),
    MYSQL: ("error", "slowquery"),
}
"""Default `enabledCloudwatchLogsExports` each family must include (configurable per rule)."""

TLS_PARAMETERS: dict[str, tuple[str, frozenset[str]]] = {
    POSTGRES: ("rds.force_ssl", frozenset({"1"})),
    MYSQL: ("require_secure_transport", frozenset({"1", "ON", "on", "On"})),
}
"""The parameter that refuses unencrypted connections, and the values that turn it on."""


@dataclass(frozen=True)
class DbKind:
    """Property names of one database resource type."""

    label: str
    user_key: str
    password_keys: tuple[str, ...]
    parameter_group_key: str
    parameter_group_type: str


CLUSTER_KIND = DbKind(
    label="cluster",
    user_key="masterUsername",
    password_keys=("masterPassword", "masterPasswordWo"),
    parameter_group_key="dbClusterParameterGroupName",
    parameter_group_type=tokens.CLUSTER_PARAMETER_GROUP,
)
INSTANCE_KIND = DbKind(
    label="instance",
    user_key="username",
    password_keys=("password", "passwordWo"),
    parameter_group_key="parameterGroupName",
    parameter_group_type=tokens.PARAMETER_GROUP,
)

DB_TYPES = (tokens.CLUSTER, tokens.RDS_INSTANCE)
"""Resource types that hold a database's own settings (storage, backups, credentials)."""


def kind_of(resource_type: str) -> DbKind:
    """The property names of a cluster or a standalone instance."""
    return INSTANCE_KIND if resource_type == tokens.RDS_INSTANCE else CLUSTER_KIND


def engine_family(engine: str | None) -> str | None:
    """`postgres`, `mysql` or `None` (unknown, unset or another engine)."""
    if not isinstance(engine, str) or is_unknown(engine):
        return None
    name = engine.lower()
    if "postgres" in name:
        return POSTGRES
    if "mysql" in name or "mariadb" in name or name == "aurora":
        return MYSQL
    return None


def effective_port(props: Props) -> tuple[float | None, str]:
    """The port a database listens on and where it comes from (`port` or the engine default).

    `(None, "unknown")` when the port is computed or the engine has no known default.
    """
    raw = props.raw("port")
    if is_unknown(raw):
        return None, "unknown"
    port = props.num("port")
    if port is not None:
        return port, "port"
    family = engine_family(props.raw("engine"))
    if family is None:
        return None, "unknown"
    return DEFAULT_PORTS[family], f"{props.raw('engine')} default"
