"""aurora-backup-retention: automated backups are kept long enough for point-in-time recovery.

Judges clusters and RDS instances; a read replica (`replicateSourceDb`) is skipped: its source
holds the backups.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, show

AWS_DEFAULT_DAYS = 1.0


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.is_set("replicateSourceDb"):
        return
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
    description="Aurora clusters and RDS instances must keep automated backups for the minimum "
    "retention period.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Set backupRetentionPeriod between the configured minimum and 35 days.",
    anchors=("CKV_AWS_133", "RDS.11", "AwsSolutions-RDS13", "db-instance-backup-enabled"),
    checks="`backupRetentionPeriod` ≥ `minRetentionDays` (default 7; unset = AWS default 1); "
    "read replicas skipped.",
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
