"""aurora-backup-retention: automated backups are kept long enough for point-in-time recovery."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER

AWS_DEFAULT_DAYS = 1.0


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    minimum = float(ctx.config["minRetentionDays"])
    days = props.num("backupRetentionPeriod")
    if days is None:
        if minimum > AWS_DEFAULT_DAYS:
            report(
                f"backupRetentionPeriod is unset (AWS default 1 day), "
                f"expected at least {show(minimum)} days."
            )
    elif days < minimum:
        report(f"backupRetentionPeriod is {show(days)} days, expected at least {show(minimum)}.")


POLICY = GuardrailResourcePolicy(
    name="aurora-backup-retention",
    description="Aurora clusters must keep automated backups for the minimum retention period.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Set backupRetentionPeriod between the configured minimum and 35 days.",
    anchors=("CKV_AWS_133", "RDS.11"),
    checks="`backupRetentionPeriod` ≥ `minRetentionDays` (default 7; unset = AWS default 1).",
    config_schema=schema(
        minRetentionDays={
            "type": "number",
            "minimum": 1,
            "maximum": 35,
            "default": 7,
            "description": "Fewest days of automated backups (point-in-time recovery window).",
        }
    ),
)
