"""kms-deletion-guard: a key cannot be deleted quickly by a program change."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import KMS_KEYS

AWS_DEFAULT_DAYS = 30.0


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    days = props.num("deletionWindowInDays")
    minimum = float(ctx.config["minDeletionWindowDays"])
    effective = days if days is not None else AWS_DEFAULT_DAYS
    if effective < minimum and not ctx.protect:
        report(
            f"deletionWindowInDays is {show(days)} and the key is not protected; use at least "
            f"{show(minimum)} days or protect=True."
        )


POLICY = GuardrailResourcePolicy(
    name="kms-deletion-guard",
    description="KMS keys must have a long deletion window or be protected.",
    resource_types=KMS_KEYS,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Set deletionWindowInDays to the configured minimum (max 30) or pass "
    "opts=ResourceOptions(protect=True).",
    anchors=("kms-cmk-not-scheduled-for-deletion", "KMS.3"),
    checks="`deletionWindowInDays` ≥ `minDeletionWindowDays` (30; unset = 30) or resource "
    "option `protect`.",
    config_schema=schema(
        minDeletionWindowDays={
            "type": "number",
            "minimum": 7,
            "maximum": 30,
            "default": 30,
            "description": "Shortest allowed deletion window for unprotected keys.",
        }
    ),
)
