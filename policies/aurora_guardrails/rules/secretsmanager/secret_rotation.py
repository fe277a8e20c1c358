"""secret-rotation: every secret rotates (RDS-managed master secrets rotate by themselves)."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import secret_rotations
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, SECRET, SECRET_ROTATION


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for secret in view.of_type(SECRET):
        rotations = secret_rotations(view, secret)
        if not rotations:
            report("no SecretRotation has secretId pointing at this secret.", secret.urn)
        for rotation in rotations:
            if view.props(rotation).bool_("rotationEnabled") is False:
                report(f'SecretRotation "{rotation.name}" has rotationEnabled false.', secret.urn)


POLICY = GuardrailStackPolicy(
    name="secret-rotation",
    description="Secrets Manager secrets must rotate automatically.",
    resource_types=(SECRET, SECRET_ROTATION, CLUSTER),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Prefer manageMasterUserPassword on the cluster (RDS rotates the secret "
    "every 7 days); otherwise add an aws.secretsmanager.SecretRotation with rotationRules.",
    anchors=(
        "AwsSolutions-SMG4",
        "SecretsManagerRotationEnabled",
        "CKV2_AWS_57",
        "secretsmanager-rotation-enabled-check",
        "SecretsManager.1",
    ),
    checks="a `SecretRotation` (`secretId`) per `Secret`; RDS-managed master secrets (cluster "
    "`manageMasterUserPassword`) are not `Secret` resources and count as rotated.",
)
