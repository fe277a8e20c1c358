"""aurora-custom-admin: the master user is not a well-known admin name."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER

_INHERITS_USER = ("snapshotIdentifier", "globalClusterIdentifier", "replicationSourceIdentifier")


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    user = props.str_("masterUsername")
    if user is None:
        if not any(props.is_set(k) for k in _INHERITS_USER):
            report("masterUsername is unset, expected a custom admin user name.")
        return
    denied = [str(d).lower() for d in ctx.config["disallowedUsernames"]]
    if user.lower() in denied:
        report(
            f"masterUsername is {show(user)}, a well-known admin name; "
            f"choose another (disallowed: {', '.join(denied)})."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-custom-admin",
    description="Aurora clusters must not use a well-known master user name.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set masterUsername to a custom name (changing it replaces the cluster).",
    anchors=("rds-cluster-default-admin-check", "RDS.24"),
    checks="`masterUsername` set and not in `disallowedUsernames` (default postgres, admin); "
    "restores and replicas inherit it.",
    config_schema=schema(
        disallowedUsernames={
            "type": "array",
            "items": {"type": "string"},
            "default": ["postgres", "admin"],
            "description": "Master user names that are refused (case-insensitive).",
        }
    ),
)
