"""kms-enabled: keys the stack relies on are enabled (and, read live, not pending deletion).

`aws:kms/key:Key` says so with `isEnabled`, `aws:kms/externalKey:ExternalKey` (imported key
material) with `enabled`. `auroractl audit` also passes the key's `keyState` as read from AWS, so a
key pending deletion is named as such rather than as merely disabled.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import EXTERNAL_KEY, KMS_KEYS


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    state = props.str_("keyState")
    if state == "PendingDeletion":
        window = props.num("deletionWindowInDays")
        when = f" (window {show(window)} days)" if window is not None else ""
        report(
            f"the key is pending deletion{when}: once deleted, everything encrypted under it is "
            "unreadable for good; cancel the deletion (CancelKeyDeletion) and re-enable it."
        )
        return
    key = "enabled" if ctx.args.resource_type == EXTERNAL_KEY else "isEnabled"
    if props.bool_(key) is False:
        report(f"{key} is false, expected true or unset (AWS default true).")
    elif state is not None and state not in ("Enabled", "PendingImport"):
        report(f'the key state is {show(state)}, expected "Enabled".')


POLICY = GuardrailResourcePolicy(
    name="kms-enabled",
    description="KMS keys must be enabled.",
    resource_types=KMS_KEYS,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Remove isEnabled: false (enabled: false on imported keys); a disabled key "
    "makes encrypted data unreadable. A key pending deletion: cancel the deletion.",
    anchors=("CKV_AWS_227",),
    checks="`isEnabled` (`enabled` on external keys) not false; read live, `keyState` "
    "PendingDeletion is named as such.",
)
