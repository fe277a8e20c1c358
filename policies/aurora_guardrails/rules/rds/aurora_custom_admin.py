"""aurora-custom-admin: the master user is not a well-known admin name."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.engines import DB_TYPES, kind_of
from aurora_guardrails.props import Props, show

_INHERITS_USER = (
    "snapshotIdentifier",
    "globalClusterIdentifier",
    "replicationSourceIdentifier",
    "replicateSourceDb",
)


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    key = kind_of(ctx.args.resource_type).user_key
    user = props.str_(key)
    if user is None:
        if not any(props.is_set(k) for k in _INHERITS_USER):
            report(f"{key} is unset, expected a custom admin user name.")
        return
    denied = [str(d).lower() for d in ctx.config["disallowedUsernames"]]
    if user.lower() in denied:
        report(
            f"{key} is {show(user)}, a well-known admin name; "
            f"choose another (disallowed: {', '.join(denied)})."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-custom-admin",
    description="Aurora clusters and RDS instances must not use a well-known master user name.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set masterUsername (clusters) or username (instances) to a custom name "
    "(changing it replaces the database).",
    anchors=("rds-cluster-default-admin-check", "RDS.24", "RDS.25"),
    checks="`masterUsername` (cluster) / `username` (instance) set and not in "
    "`disallowedUsernames` (default postgres, admin); restores and replicas inherit it.",
    config_schema=schema(
        disallowedUsernames={
            "type": "array",
            "items": {"type": "string"},
            "default": ["postgres", "admin"],
            "description": "Master user names that are refused (case-insensitive).",
        }
    ),
)
