"""proxy-pool-limits: the proxy leaves database headroom and drops idle clients."""

from pulumi_policy import Severity

from aurora_guardrails.base import (
    ADVISORY,
    GuardrailResourcePolicy,
    Report,
    ResourceContext,
    schema,
)
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import PROXY, PROXY_DEFAULT_TARGET_GROUP

AWS_DEFAULT_PERCENT = 100.0
AWS_DEFAULT_IDLE_SECONDS = 1800.0


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if ctx.args.resource_type == PROXY:
        idle = props.num("idleClientTimeout")
        limit = float(ctx.config["maxIdleClientTimeoutSeconds"])
        if (idle if idle is not None else AWS_DEFAULT_IDLE_SECONDS) > limit:
            shown = show(idle) if idle is not None else "unset (AWS default 1800)"
            report(f"idleClientTimeout is {shown}, expected at most {show(limit)} seconds.")
        return
    pool = props.obj("connectionPoolConfig")
    percent = pool.num("maxConnectionsPercent") if pool is not None else None
    limit = float(ctx.config["maxConnectionsPercent"])
    if (percent if percent is not None else AWS_DEFAULT_PERCENT) > limit:
        shown = show(percent) if percent is not None else "unset (AWS default 100)"
        report(
            f"connectionPoolConfig.maxConnectionsPercent is {shown}, expected at most "
            f"{show(limit)}."
        )


POLICY = GuardrailResourcePolicy(
    name="proxy-pool-limits",
    description="RDS Proxy pools should leave connection headroom and close idle clients.",
    resource_types=(PROXY, PROXY_DEFAULT_TARGET_GROUP),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set connectionPoolConfig.maxConnectionsPercent on the default target "
    "group and idleClientTimeout on the proxy within the configured limits.",
    anchors=("beyond",),
    checks="`connectionPoolConfig.maxConnectionsPercent` ≤ `maxConnectionsPercent` (90; unset = "
    "100); `idleClientTimeout` ≤ `maxIdleClientTimeoutSeconds` (1800).",
    enforcement_level=ADVISORY,
    config_schema=schema(
        maxConnectionsPercent={
            "type": "number",
            "minimum": 1,
            "maximum": 100,
            "default": 90,
            "description": "Highest share of max_connections the proxy may use.",
        },
        maxIdleClientTimeoutSeconds={
            "type": "number",
            "minimum": 1,
            "maximum": 28800,
            "default": 1800,
            "description": "Longest idle client connection the proxy keeps.",
        },
    ),
)
