"""iam-proxy-role-can-decrypt: the proxy role can decrypt the secrets it reads."""

import fnmatch

from pulumi_policy import PolicyResource, Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.iamdoc import action_matches, document_statements
from aurora_guardrails.props import is_unknown
from aurora_guardrails.rules.iam._docs import proxy_role, role_documents
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, IAM_ROLE, PROXY, SECRET


def _secret_keys(view: StackView, proxy: PolicyResource) -> list[object]:
    keys: list[object] = []
    for secret in view.linked(proxy, "auths", (SECRET,), ("arn", "id")):
        if view.is_set(secret, "kmsKeyId"):
            keys.append(view.props(secret).raw("kmsKeyId"))
    for cluster in view.linked(proxy, "auths", (CLUSTER,), ("arn",)):
        if view.is_set(cluster, "masterUserSecretKmsKeyId"):
            keys.append(view.props(cluster).raw("masterUserSecretKmsKeyId"))
    return keys


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for proxy in view.of_type(PROXY):
        keys = _secret_keys(view, proxy)
        if not keys:
            continue
        for role in proxy_role(view, proxy):
            decrypt = [
                st
                for label, document in role_documents(view, role)
                for st in document_statements(document, label)
                if st.allows and action_matches(st.actions, "kms:Decrypt")
            ]
            if not decrypt:
                report(
                    f'role "{role.name}" cannot kms:Decrypt the CMK of the proxy\'s secrets; '
                    'the proxy will fail with "Credentials couldn\'t be retrieved".',
                    proxy.urn,
                )
                continue
            for key in keys:
                if not isinstance(key, str) or is_unknown(key) or not key.startswith("arn:"):
                    continue
                if not any(fnmatch.fnmatchcase(key, r) for st in decrypt for r in st.resources):
                    report(f'role "{role.name}" has no kms:Decrypt on key {key}.', proxy.urn)


POLICY = GuardrailStackPolicy(
    name="iam-proxy-role-can-decrypt",
    description="The RDS Proxy role must be able to decrypt its CMK-encrypted secrets.",
    resource_types=(PROXY, IAM_ROLE, SECRET, CLUSTER),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Allow kms:Decrypt on each secret's key (kmsKeyId, or the cluster's "
    "masterUserSecretKmsKeyId) with kms:ViaService = secretsmanager.<region>.amazonaws.com.",
    anchors=("beyond",),
    checks="for each CMK behind the proxy's secrets, a statement of the role allows "
    "`kms:Decrypt` (on that key ARN when known).",
)
