"""aurora-log-exports: database logs are exported to CloudWatch Logs."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    exports = props.strs("enabledCloudwatchLogsExports")
    missing = [str(e) for e in ctx.config["requiredExports"] if e not in exports]
    if missing:
        current = show(exports) if props.is_set("enabledCloudwatchLogsExports") else "unset"
        report(
            f"enabledCloudwatchLogsExports is {current}, expected it to include "
            f"{', '.join(show(m) for m in missing)}."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-log-exports",
    description="Aurora clusters must export their database logs to CloudWatch Logs.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        'Set enabledCloudwatchLogsExports: ["postgresql"] and manage the log group '
        "/aws/rds/cluster/<id>/postgresql with a retention and a KMS key."
    ),
    anchors=("RDSLoggingEnabled", "CKV_AWS_324", "rds-logging-enabled", "RDS.37"),
    checks="`enabledCloudwatchLogsExports` includes every `requiredExports` entry "
    '(default `["postgresql"]`).',
    config_schema=schema(
        requiredExports={
            "type": "array",
            "items": {"type": "string"},
            "default": ["postgresql"],
            "description": "Log types every cluster must export (Aurora MySQL: audit, error…).",
        }
    ),
)
