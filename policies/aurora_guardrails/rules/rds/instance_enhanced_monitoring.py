"""instance-enhanced-monitoring: OS metrics at a useful interval, with a role."""

from pulumi_policy import Severity

from aurora_guardrails.base import (
    ADVISORY,
    GuardrailResourcePolicy,
    Report,
    ResourceContext,
    schema,
)
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE

INTERVALS = (1.0, 5.0, 10.0, 15.0, 30.0, 60.0)


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    interval = props.num("monitoringInterval")
    longest = float(ctx.config["maxIntervalSeconds"])
    allowed = [i for i in INTERVALS if i <= longest]
    if interval not in allowed:
        report(
            f"monitoringInterval is {show(interval)}, expected one of "
            f"{', '.join(show(i) for i in allowed)} seconds."
        )
    elif not props.is_set("monitoringRoleArn"):
        report("monitoringRoleArn is unset; Enhanced Monitoring needs a role.")


POLICY = GuardrailResourcePolicy(
    name="instance-enhanced-monitoring",
    description="Aurora and RDS instances should have Enhanced Monitoring enabled.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        "Set monitoringInterval (1, 5, 10, 15, 30 or 60) and monitoringRoleArn to a role that "
        "trusts monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole."
    ),
    anchors=(
        "RDSEnhancedMonitoringEnabled",
        "CKV_AWS_118",
        "rds-enhanced-monitoring-enabled",
        "RDS.6",
    ),
    enforcement_level=ADVISORY,
    checks="`monitoringInterval` ∈ {1,5,10,15,30,60} and ≤ `maxIntervalSeconds` (60); "
    "`monitoringRoleArn` set.",
    config_schema=schema(
        maxIntervalSeconds={
            "type": "number",
            "enum": list(INTERVALS),
            "default": 60,
            "description": "Longest allowed monitoring interval.",
        }
    ),
)
