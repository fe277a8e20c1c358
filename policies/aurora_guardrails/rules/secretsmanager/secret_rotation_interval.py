"""secret-rotation-interval: secrets rotate at least every N days."""

import re

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import SECRET_ROTATION

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$")
_CRON = re.compile(r"^cron\((.*)\)$")


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    limit = float(ctx.config["maxRotationDays"])
    rules = props.obj("rotationRules")
    days = rules.num("automaticallyAfterDays") if rules else None
    expression = rules.str_("scheduleExpression") if rules else None
    if days is not None:
        if days > limit:
            report(
                f"rotationRules.automaticallyAfterDays is {show(days)}, expected at most "
                f"{show(limit)}."
            )
        return
    if expression is None:
        report("rotationRules sets neither automaticallyAfterDays nor scheduleExpression.")
        return
    rate, cron = _RATE.match(expression.strip()), _CRON.match(expression.strip())
    if rate:
        value = float(rate.group(1)) / (24.0 if rate.group(2).startswith("hour") else 1.0)
        if value > limit:
            report(
                f"rotationRules.scheduleExpression {show(expression)} rotates every "
                f"{show(value)} days, expected at most {show(limit)}."
            )
    elif cron:
        fields = cron.group(1).split()
        if len(fields) < 4 or fields[3] not in ("*", "?"):
            report(
                f"rotationRules.scheduleExpression {show(expression)} does not run every "
                "month; use rate() or a monthly cron."
            )
    else:
        report(f"rotationRules.scheduleExpression {show(expression)} is neither rate() nor cron().")


POLICY = GuardrailResourcePolicy(
    name="secret-rotation-interval",
    description="Secret rotation must happen at least every maxRotationDays days.",
    resource_types=(SECRET_ROTATION,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set rotationRules.automaticallyAfterDays (or a rate()/monthly cron "
    "scheduleExpression) within the configured maximum.",
    anchors=("CKV_AWS_304", "secretsmanager-secret-periodic-rotation", "SecretsManager.4"),
    checks="`rotationRules.automaticallyAfterDays` ≤ `maxRotationDays` (90); `rate()` ≤ N days; "
    "`cron()` must run every month.",
    config_schema=schema(
        maxRotationDays={
            "type": "number",
            "minimum": 1,
            "maximum": 1000,
            "default": 90,
            "description": "Longest allowed time between rotations, in days.",
        }
    ),
)
