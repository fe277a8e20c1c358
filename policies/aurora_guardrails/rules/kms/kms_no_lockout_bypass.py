"""kms-no-lockout-bypass: the key policy lockout safety check stays on."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import KMS_KEYS


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("bypassPolicyLockoutSafetyCheck") is True:
        report(
            "bypassPolicyLockoutSafetyCheck is true, expected false: a bad policy could make "
            "the key unmanageable."
        )


POLICY = GuardrailResourcePolicy(
    name="kms-no-lockout-bypass",
    description="KMS keys must not bypass the policy lockout safety check.",
    resource_types=KMS_KEYS,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Remove bypassPolicyLockoutSafetyCheck.",
    anchors=("beyond",),
    checks="`bypassPolicyLockoutSafetyCheck` not true.",
)
