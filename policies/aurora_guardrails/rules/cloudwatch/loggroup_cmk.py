"""loggroup-cmk: log groups are encrypted with a customer-managed KMS key."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import LOG_GROUP


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("kmsKeyId"):
        report("kmsKeyId is unset; set a customer-managed KMS key.")


POLICY = GuardrailResourcePolicy(
    name="loggroup-cmk",
    description="CloudWatch log groups must be encrypted with a customer-managed KMS key.",
    resource_types=(LOG_GROUP,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set kmsKeyId to a key whose policy lets logs.<region>.amazonaws.com use it.",
    anchors=("CloudWatchLogGroupEncrypted", "CKV_AWS_158", "cloudwatch-log-group-encrypted"),
    checks="`kmsKeyId` set.",
)
