"""secret-cmk: secrets are encrypted with a customer-managed KMS key."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import SECRET


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("kmsKeyId"):
        report(
            "kmsKeyId is unset, so the secret uses the AWS-managed key aws/secretsmanager; "
            "set a customer-managed KMS key."
        )
        return
    key = props.raw("kmsKeyId")
    if isinstance(key, str) and ("alias/aws/" in key or key.startswith("aws/")):
        report(f"kmsKeyId {show(key)} is an AWS-managed key; set a customer-managed KMS key.")


POLICY = GuardrailResourcePolicy(
    name="secret-cmk",
    description="Secrets Manager secrets must be encrypted with a customer-managed KMS key.",
    resource_types=(SECRET,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set kmsKeyId to a customer-managed key and let the readers (e.g. the proxy "
    "role) decrypt with it through kms:ViaService.",
    anchors=("SecretsManagerUsingKMSKey", "CKV_AWS_149", "secretsmanager-using-cmk"),
    checks="`kmsKeyId` set and not an `alias/aws/…` key.",
)
