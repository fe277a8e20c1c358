"""aurora-storage-encrypted: Aurora cluster storage is encrypted at rest."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("storageEncrypted") is not True:
        report(f"storageEncrypted is {show(props.raw('storageEncrypted'))}, expected true.")


POLICY = GuardrailResourcePolicy(
    name="aurora-storage-encrypted",
    description="Aurora clusters must encrypt their storage at rest.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set storageEncrypted: true with kmsKeyId. Encryption cannot be added in place: the "
        "change replaces the cluster, so restore it from an encrypted snapshot copy."
    ),
    anchors=(
        "AwsSolutions-RDS2",
        "RDSStorageEncrypted",
        "CKV_AWS_96",
        "rds-cluster-encrypted-at-rest",
        "RDS.27",
    ),
    checks="`storageEncrypted` is true (unset = false).",
)
