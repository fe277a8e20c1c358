"""kms-rotation: symmetric customer-managed keys rotate, at least every N days."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import KMS_KEY


def rotates(props: Props) -> bool | None:
    """True/False for symmetric keys, `None` when rotation does not apply (asymmetric, HMAC)."""
    spec = props.str_("customerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if spec != "SYMMETRIC_DEFAULT" or props.is_set("customKeyStoreId"):
        return None
    return props.bool_("enableKeyRotation") is True


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if rotates(props) is False:
        report(f"enableKeyRotation is {show(props.raw('enableKeyRotation'))}, expected true.")
        return
    period = props.num("rotationPeriodInDays")
    limit = float(ctx.config["maxRotationPeriodDays"])
    if period is not None and period > limit:
        report(f"rotationPeriodInDays is {show(period)}, expected at most {show(limit)}.")


POLICY = GuardrailResourcePolicy(
    name="kms-rotation",
    description="Symmetric KMS keys must rotate their key material automatically.",
    resource_types=(KMS_KEY,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set enableKeyRotation: true (rotationPeriodInDays 90-2560, default 365).",
    anchors=(
        "AwsSolutions-KMS5",
        "KMSBackingKeyRotationEnabled",
        "awsguard cmk-backing-key-rotation-enabled",
        "CKV_AWS_7",
        "cmk-backing-key-rotation-enabled",
        "KMS.4",
    ),
    checks="`enableKeyRotation` true for SYMMETRIC_DEFAULT keys; `rotationPeriodInDays` ≤ "
    "`maxRotationPeriodDays` (365).",
    config_schema=schema(
        maxRotationPeriodDays={
            "type": "number",
            "minimum": 90,
            "maximum": 2560,
            "default": 365,
            "description": "Longest allowed rotation period.",
        }
    ),
)
