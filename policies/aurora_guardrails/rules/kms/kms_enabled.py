"""kms-enabled: keys the stack relies on are enabled."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import KMS_KEY


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("isEnabled") is False:
        report("isEnabled is false, expected true or unset (AWS default true).")


POLICY = GuardrailResourcePolicy(
    name="kms-enabled",
    description="KMS keys must be enabled.",
    resource_types=(KMS_KEY,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Remove isEnabled: false; a disabled key makes encrypted data unreadable.",
    anchors=("CKV_AWS_227",),
    checks="`isEnabled` not false.",
)
