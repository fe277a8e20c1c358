"""dsql-cmk: every Aurora DSQL cluster is encrypted with a customer managed KMS key.

`kmsEncryptionKey` unset or `AWS_OWNED_KMS_KEY` means a key the account cannot audit, rotate or
revoke. A computed value (the ARN of a key created in the same plan) counts as a customer managed
key. An optional allow-list pins the keys a stack may use.
"""

from __future__ import annotations

from typing import Final

from pulumi_policy import ReportViolation, Severity

from aurora_guardrails.base import GuardrailResourcePolicy, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.rules.dsql._common import ANCHORS, DSQL_CLUSTER

POLICY_NAME: Final = "dsql-cmk"
KEY: Final = "kmsEncryptionKey"
AWS_OWNED: Final = "AWS_OWNED_KMS_KEY"
ALLOWED_KEY: Final = "allowedKeyArns"


def check_dsql_cmk(props: Props, ctx: ResourceContext, report: ReportViolation) -> None:
    """Report an unset or AWS owned key, or a key outside `allowedKeyArns` when configured."""
    if not props.is_set(KEY):
        report(f"{KEY} is unset, so an AWS owned key encrypts the cluster; set a CMK ARN", None)
        return
    allowed = [k for k in ctx.config.get(ALLOWED_KEY) or [] if isinstance(k, str)]
    if props.is_unknown(KEY) and not allowed:
        return  # the ARN of a key created in this plan: a customer managed key
    value = props.str_(KEY)
    if value == AWS_OWNED:
        report(f"{KEY} is {show(value)}; set a customer managed KMS key ARN", None)
        return
    if allowed and value not in allowed:
        report(f"{KEY} {show(value)} is not in {ALLOWED_KEY} {show(allowed)}", None)


dsql_cmk: Final = GuardrailResourcePolicy(
    name=POLICY_NAME,
    description="Aurora DSQL clusters are encrypted with a customer managed KMS key.",
    resource_types=(DSQL_CLUSTER,),
    check=check_dsql_cmk,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set kms_encryption_key to the ARN of a customer managed KMS key in the cluster's "
        "Region whose key policy lets dsql.amazonaws.com use it (DsqlCluster: kms_key_arn, and "
        "peer_kms_key_arn or the key it creates for the peer Region)."
    ),
    anchors=ANCHORS,
    checks=(
        "`kmsEncryptionKey` set and not `AWS_OWNED_KMS_KEY`; in `allowedKeyArns` when that "
        "list is configured"
    ),
    config_schema=schema(
        allowedKeyArns={
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "KMS key ARNs a DSQL cluster may use; empty allows any CMK.",
        }
    ),
)
"""The policy instance the registry imports."""
