"""aurora-managed-password: RDS manages the master password in Secrets Manager, on a CMK."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER

_SECONDARY = ("globalClusterIdentifier", "replicationSourceIdentifier")


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if any(props.is_set(k) for k in _SECONDARY):
        return  # RDS-managed passwords are not supported in global databases or replicas.
    for key in ("masterPassword", "masterPasswordWo"):
        if props.is_set(key):
            report(f"{key} is set; remove it and let RDS manage the master password.")
    managed = props.bool_("manageMasterUserPassword")
    if managed is not True:
        report(
            f"manageMasterUserPassword is {show(props.raw('manageMasterUserPassword'))}, "
            "expected true."
        )
    elif not props.is_set("masterUserSecretKmsKeyId"):
        report(
            "masterUserSecretKmsKeyId is unset, so the master secret uses the AWS-managed "
            "key aws/secretsmanager; set a customer-managed KMS key."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-managed-password",
    description="Aurora clusters must let RDS manage the master password, encrypted with a CMK.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set manageMasterUserPassword: true and masterUserSecretKmsKeyId to a customer-managed "
        "key; remove masterPassword. RDS then rotates the secret every 7 days."
    ),
    anchors=("beyond",),
    checks="`manageMasterUserPassword` true, no `masterPassword`/`masterPasswordWo`, "
    "`masterUserSecretKmsKeyId` set (global/replica clusters exempt).",
)
