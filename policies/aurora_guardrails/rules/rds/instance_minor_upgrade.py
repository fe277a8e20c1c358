"""instance-minor-upgrade: instances take automatic minor version upgrades."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("autoMinorVersionUpgrade") is False:
        report("autoMinorVersionUpgrade is false, expected true or unset (AWS default true).")


POLICY = GuardrailResourcePolicy(
    name="instance-minor-upgrade",
    description="Aurora and RDS instances must apply minor engine upgrades automatically.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Remove autoMinorVersionUpgrade: false (or set it to true).",
    anchors=(
        "RDSAutomaticMinorVersionUpgradeEnabled",
        "CKV_AWS_226",
        "rds-automatic-minor-version-upgrade-enabled",
        "RDS.13",
    ),
    checks="`autoMinorVersionUpgrade` is not false (unset = AWS default true).",
)
