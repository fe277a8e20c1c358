"""kms-referenced-key-rotated: every key a resource encrypts with rotates."""

from pulumi_policy import PolicyResource, Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.rules.kms.kms_rotation import rotates
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import KMS_ALIAS, KMS_KEY


def _is_key_input(key: str) -> bool:
    lowered = key.lower()
    return "kms" in lowered and ("keyid" in lowered or "keyarn" in lowered or lowered[-3:] == "key")


def _keys(view: StackView, resource: PolicyResource, key: str) -> list[PolicyResource]:
    keys = view.linked(resource, key, (KMS_KEY,), ("arn", "id", "keyId"))
    for alias in view.linked(resource, key, (KMS_ALIAS,), ("arn", "name")):
        for target in view.linked(alias, "targetKeyId", (KMS_KEY,), ("arn", "id", "keyId")):
            if target not in keys:
                keys.append(target)
    return keys


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for resource in view.resources:
        if resource.resource_type in (KMS_KEY, KMS_ALIAS):
            continue
        for key in (k for k in view.keys(resource) if _is_key_input(k)):
            for kms_key in _keys(view, resource, key):
                if rotates(view.props(kms_key)) is False:
                    report(
                        f'{key} uses KMS key "{kms_key.name}", which does not rotate.', resource.urn
                    )


POLICY = GuardrailStackPolicy(
    name="kms-referenced-key-rotated",
    description="KMS keys used by resources must rotate.",
    resource_types=(KMS_KEY, KMS_ALIAS),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Enable rotation on the key (also keys read with Key.get), or use "
    "another key.",
    anchors=("beyond",),
    checks="keys (directly or through an alias) behind any `*KmsKeyId`/`kmsKeyArn` input "
    "have `enableKeyRotation` true.",
)
