"""aurora-non-default-port: opt-in rule against the engine's well-known port."""

from pulumi_policy import Severity

from aurora_guardrails.base import (
    DISABLED,
    GuardrailResourcePolicy,
    Report,
    ResourceContext,
    schema,
)
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    port = props.num("port")
    engine = props.str_("engine") or ""
    effective = port if port is not None else (3306.0 if "mysql" in engine else 5432.0)
    denied = [float(p) for p in ctx.config["disallowedPorts"]]
    if effective in denied:
        shown = show(port) if port is not None else f"unset (engine default {show(effective)})"
        report(f"port is {shown}, expected a port other than {', '.join(show(p) for p in denied)}.")


POLICY = GuardrailResourcePolicy(
    name="aurora-non-default-port",
    description="Aurora clusters should not listen on the engine's default port (opt-in).",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set port to a non-default value and publish it to clients (DATABASE_PORT).",
    anchors=("AwsSolutions-RDS11", "RDS.23"),
    checks="`port` not in `disallowedPorts` (default [5432]; unset = engine default). "
    "Disabled unless enabled by config.",
    enforcement_level=DISABLED,
    config_schema=schema(
        disallowedPorts={
            "type": "array",
            "items": {"type": "number"},
            "default": [5432],
            "description": "Ports a cluster may not use.",
        }
    ),
)
