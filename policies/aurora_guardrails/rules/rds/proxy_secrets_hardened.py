"""proxy-secrets-hardened: the secrets RDS Proxy uses rotate and are encrypted with a CMK."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import secret_rotations
from aurora_guardrails.stack import StackView, known_strings
from aurora_guardrails.tokens import CLUSTER, PROXY, SECRET, SECRET_ROTATION


def managed_secret_arn(view: StackView, cluster_props_raw: object) -> list[str]:
    """ARNs in a cluster's `masterUserSecrets` output."""
    arns: list[str] = []
    if isinstance(cluster_props_raw, list):
        for item in cluster_props_raw:
            if isinstance(item, dict):
                arns.extend(known_strings(item.get("secretArn")))
    return arns


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for proxy in view.of_type(PROXY):
        auths = view.props(proxy).objs("auths")
        arns = [a for auth in auths for a in known_strings(auth.raw("secretArn"))]
        secrets = view.linked(proxy, "auths", (SECRET,), ("arn", "id"), value=arns)
        clusters = [
            c
            for c in view.linked(proxy, "auths", (CLUSTER,), ("arn",))
            if view.props(c).bool_("manageMasterUserPassword") is True
        ]
        for cluster in view.of_type(CLUSTER):
            managed = managed_secret_arn(view, view.props(cluster).raw("masterUserSecrets"))
            if cluster not in clusters and set(managed) & set(arns):
                clusters.append(cluster)
        for secret in secrets:
            if not secret_rotations(view, secret):
                report(f'auth secret "{secret.name}" has no SecretRotation.', proxy.urn)
            key = view.props(secret).raw("kmsKeyId")
            if not view.is_set(secret, "kmsKeyId") or (
                isinstance(key, str) and "alias/aws/" in key
            ):
                report(
                    f'auth secret "{secret.name}" is not encrypted with a customer-managed '
                    "KMS key.",
                    proxy.urn,
                )
        for cluster in clusters:
            if not view.is_set(cluster, "masterUserSecretKmsKeyId"):
                report(
                    f'auth secret is the RDS-managed secret of cluster "{cluster.name}", '
                    "encrypted with the AWS-managed key; set masterUserSecretKmsKeyId.",
                    proxy.urn,
                )
        if arns and not secrets and not clusters:
            report(
                "auths secretArn refers to secrets outside this stack; their rotation and "
                "encryption cannot be verified.",
                proxy.urn,
            )


POLICY = GuardrailStackPolicy(
    name="proxy-secrets-hardened",
    description="Secrets used by RDS Proxy must rotate and be encrypted with a CMK.",
    resource_types=(PROXY, SECRET, SECRET_ROTATION, CLUSTER),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Use the cluster's RDS-managed secret (manageMasterUserPassword with "
    "masterUserSecretKmsKeyId), or give each secret a kmsKeyId and a SecretRotation.",
    anchors=("beyond",),
    checks="each `auths[].secretArn` is an RDS-managed secret on a CMK, or a `Secret` with "
    "`kmsKeyId` and a `SecretRotation`.",
)
