"""secret-recovery-window: a deleted secret can be restored for N days."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import SECRET


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    days = props.num("recoveryWindowInDays")
    minimum = float(ctx.config["minRecoveryWindowDays"])
    if days is not None and days < minimum:
        report(
            f"recoveryWindowInDays is {show(days)}, expected at least {show(minimum)} "
            "(0 deletes the secret immediately)."
        )


POLICY = GuardrailResourcePolicy(
    name="secret-recovery-window",
    description="Deleted secrets must stay recoverable for the minimum window.",
    resource_types=(SECRET,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Remove recoveryWindowInDays (AWS default 30) or set it to at least the "
    "configured minimum.",
    anchors=("beyond",),
    checks="`recoveryWindowInDays` ≥ `minRecoveryWindowDays` (7; unset = AWS default 30).",
    config_schema=schema(
        minRecoveryWindowDays={
            "type": "number",
            "minimum": 7,
            "maximum": 30,
            "default": 7,
            "description": "Fewest days a deleted secret stays recoverable.",
        }
    ),
)
