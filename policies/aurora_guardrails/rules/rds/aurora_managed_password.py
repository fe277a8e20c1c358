"""aurora-managed-password: RDS manages the master password in Secrets Manager, on a CMK.

A password in the program is named for what it is. A value known at plan time may be a literal
or plain config, plaintext in the program's source and stack settings and visible to every
policy and plan reader; a resource policy cannot tell it from another resource's output that is
already known (every value is known in an update), so the message says both. pulumi-aws's SDKs
mark `masterPassword`/`password` secret before they reach the state (`pulumi.Output.secret` in
the generated `rds.Cluster`/`rds.Instance` constructors), so the state copy is encrypted; the
source copy is not. A value unknown in preview is named as computed by another resource. When a
password is set, its message carries the fix (manageMasterUserPassword), once.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES, kind_of
from aurora_guardrails.props import Props, show

_SECONDARY = ("globalClusterIdentifier", "replicationSourceIdentifier", "replicateSourceDb")


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if any(props.is_set(k) for k in _SECONDARY):
        return  # RDS-managed passwords are not supported in global databases or replicas.
    fix = (
        "remove it and set manageMasterUserPassword: true so RDS keeps the password in "
        "Secrets Manager."
    )
    passwords = [k for k in kind_of(ctx.args.resource_type).password_keys if props.is_set(k)]
    for key in passwords:
        if props.is_unknown(key):
            report(f"{key} is set (computed by another resource); {fix}")
        else:
            report(
                f"{key} is set to a value known at plan time (as a literal or plain config it is "
                f"plaintext in the program's source and in every plan); {fix}"
            )
    if passwords:
        return  # the password's message already asks for manageMasterUserPassword.
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
    description="Aurora clusters and RDS instances must let RDS manage the master password, "
    "encrypted with a CMK.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set manageMasterUserPassword: true and masterUserSecretKmsKeyId to a customer-managed "
        "key; remove masterPassword (clusters) / password (instances) from the program and its "
        "config. RDS then rotates the secret every 7 days."
    ),
    anchors=("beyond",),
    checks="`manageMasterUserPassword` true, no `masterPassword`/`masterPasswordWo` (cluster) or "
    "`password`/`passwordWo` (instance) — a known value is named as plaintext — and "
    "`masterUserSecretKmsKeyId` set (global clusters and replicas exempt).",
)
