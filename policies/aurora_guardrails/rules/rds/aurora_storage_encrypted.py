"""aurora-storage-encrypted: database storage (clusters and RDS instances) is encrypted at rest."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, show


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("storageEncrypted") is not True:
        report(f"storageEncrypted is {show(props.raw('storageEncrypted'))}, expected true.")


POLICY = GuardrailResourcePolicy(
    name="aurora-storage-encrypted",
    description="Aurora clusters and RDS instances must encrypt their storage at rest.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set storageEncrypted: true with kmsKeyId. Encryption cannot be added in place: the "
        "change replaces the database, so restore it from an encrypted snapshot copy."
    ),
    anchors=(
        "AwsSolutions-RDS2",
        "RDSStorageEncrypted",
        "CKV_AWS_96",
        "rds-cluster-encrypted-at-rest",
        "RDS.27",
        "CKV_AWS_16",
        "rds-storage-encrypted",
        "RDS.3",
    ),
    checks="`storageEncrypted` is true (unset = false).",
)
