"""aurora-non-default-port: opt-in rule against the engine's well-known port."""

from pulumi_policy import Severity

from aurora_guardrails.base import (
    DISABLED,
    GuardrailResourcePolicy,
    Report,
    ResourceContext,
    schema,
)
from aurora_guardrails.engines import DB_TYPES, effective_port
from aurora_guardrails.props import Props, show


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    port = props.num("port")
    effective, _ = effective_port(props)
    denied = [float(p) for p in ctx.config["disallowedPorts"]]
    if effective is not None and effective in denied:
        shown = show(port) if port is not None else f"unset (engine default {show(effective)})"
        report(f"port is {shown}, expected a port other than {', '.join(show(p) for p in denied)}.")


POLICY = GuardrailResourcePolicy(
    name="aurora-non-default-port",
    description="Databases should not listen on the engine's default port (opt-in).",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set port to a non-default value and publish it to clients (DATABASE_PORT).",
    anchors=("AwsSolutions-RDS11", "RDS.23"),
    checks="`port` not in `disallowedPorts` (default [5432, 3306]; unset = engine default). "
    "Disabled unless enabled by config.",
    enforcement_level=DISABLED,
    config_schema=schema(
        disallowedPorts={
            "type": "array",
            "items": {"type": "number"},
            "default": [5432, 3306],
            "description": "Ports a cluster or instance may not use.",
        }
    ),
)
