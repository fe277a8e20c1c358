"""proxy-require-tls: clients must use TLS to reach RDS Proxy."""

from typing import Any

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import PROXY


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("requireTls") is not True:
        report(f"requireTls is {show(props.raw('requireTls'))}, expected true.")


def _fix(props: Props) -> dict[str, Any] | None:
    return None if props.raw("requireTls") is True else {"requireTls": True}


POLICY = GuardrailResourcePolicy(
    name="proxy-require-tls",
    description="RDS Proxy must require TLS from clients.",
    resource_types=(PROXY,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Set requireTls: true (updates in place; remediated automatically at the "
    "remediate level). Clients connect with sslmode=require or verify-full.",
    anchors=("rds-proxy-tls-encryption", "RDS.43"),
    checks="`requireTls` is true (unset = false). Remediation sets it.",
    remediate=_fix,
)
