"""proxy-no-debug-logging: RDS Proxy does not log SQL text."""

from typing import Any

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import PROXY


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("debugLogging") is True:
        report("debugLogging is true, expected false: debug logs record SQL statements.")


def _fix(props: Props) -> dict[str, Any] | None:
    return {"debugLogging": False} if props.raw("debugLogging") is True else None


POLICY = GuardrailResourcePolicy(
    name="proxy-no-debug-logging",
    description="RDS Proxy must not enable debug logging.",
    resource_types=(PROXY,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set debugLogging: false (remediated automatically at the remediate level); "
    "turn it on only briefly while diagnosing.",
    anchors=("beyond",),
    checks="`debugLogging` not true. Remediation sets it to false.",
    remediate=_fix,
)
