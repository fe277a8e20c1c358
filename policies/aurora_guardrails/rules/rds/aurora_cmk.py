"""aurora-cmk: database storage (clusters and RDS instances) uses a customer-managed KMS key."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, is_unknown, show


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("kmsKeyId"):
        report(
            "kmsKeyId is unset, so storage uses the AWS-managed key aws/rds; "
            "set a customer-managed KMS key."
        )
        return
    key = props.raw("kmsKeyId")
    allowed = [str(a) for a in ctx.config.get("allowedKmsKeyArns") or []]
    if is_unknown(key) and not allowed:
        return  # the ARN of a key created in this plan: a customer-managed key
    key = props.str_("kmsKeyId")  # unknown with an allow-list: the SDK's "can't run policy"
    if isinstance(key, str) and ("alias/aws/" in key or key.startswith("aws/")):
        report(f"kmsKeyId {show(key)} is an AWS-managed key; set a customer-managed KMS key.")
        return
    if allowed and key not in allowed:
        report(f"kmsKeyId {show(key)} is not in allowedKmsKeyArns.")


POLICY = GuardrailResourcePolicy(
    name="aurora-cmk",
    description="Aurora clusters and RDS instances must encrypt storage with a customer-managed "
    "KMS key.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Create an aws.kms.Key with rotation enabled and pass its ARN as kmsKeyId (this "
        "replaces the database; restore from a snapshot copied under the new key)."
    ),
    anchors=("CKV_AWS_327",),
    checks=(
        "`kmsKeyId` set, not an `alias/aws/…` key; optional allow-list `allowedKmsKeyArns` (a "
        "key unknown in preview counts as one created in the plan, or, with an allow-list, "
        "can't be verified)."
    ),
    config_schema=schema(
        allowedKmsKeyArns={
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "When non-empty, the only key ARNs a database may use.",
        }
    ),
)
