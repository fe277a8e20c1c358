"""kms-policy-explicit: keys carry an explicit key policy."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import KMS_KEYS


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("policy"):
        report("policy is unset, so the key gets the default key policy; set an explicit one.")


POLICY = GuardrailResourcePolicy(
    name="kms-policy-explicit",
    description="KMS keys must have an explicit key policy.",
    resource_types=KMS_KEYS,
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set policy to a document granting the account root administration and "
    "the services (rds, secretsmanager, logs) use of the key.",
    anchors=("CKV2_AWS_64",),
    checks="`policy` set (a computed policy counts as set).",
)
