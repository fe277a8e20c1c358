"""aurora-log-exports: database logs are exported to CloudWatch Logs, per engine."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.engines import DB_TYPES, LOG_EXPORTS, MYSQL, POSTGRES, engine_family
from aurora_guardrails.props import Props, show

_CONFIG_KEY = {POSTGRES: "requiredExports", MYSQL: "requiredMysqlExports"}


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    family = engine_family(props.str_("engine"))
    if family is None:
        return  # another engine (or unset): its log types differ; not judged here.
    exports = props.strs("enabledCloudwatchLogsExports")
    missing = [str(e) for e in ctx.config[_CONFIG_KEY[family]] if e not in exports]
    if missing:
        current = show(exports) if props.is_set("enabledCloudwatchLogsExports") else "unset"
        report(
            f"enabledCloudwatchLogsExports is {current}, expected it to include "
            f"{', '.join(show(m) for m in missing)}."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-log-exports",
    description="Aurora clusters and RDS instances must export their database logs to "
    "CloudWatch Logs.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        'Set enabledCloudwatchLogsExports (PostgreSQL: ["postgresql"]; MySQL/MariaDB: '
        '["error", "slowquery"]) and manage the log group /aws/rds/<cluster|instance>/<id>/<log> '
        "with a retention and a KMS key."
    ),
    anchors=(
        "RDSLoggingEnabled",
        "CKV_AWS_324",
        "rds-logging-enabled",
        "RDS.37",
        "CKV_AWS_129",
        "RDS.9",
        "RDS.34",
    ),
    checks="`enabledCloudwatchLogsExports` includes every `requiredExports` entry (PostgreSQL "
    'engines, default `["postgresql"]`) or `requiredMysqlExports` entry (MySQL, Aurora MySQL, '
    'MariaDB, default `["error", "slowquery"]`); other engines are skipped.',
    config_schema=schema(
        requiredExports={
            "type": "array",
            "items": {"type": "string"},
            "default": list(LOG_EXPORTS[POSTGRES]),
            "description": "Log types every PostgreSQL database must export.",
        },
        requiredMysqlExports={
            "type": "array",
            "items": {"type": "string"},
            "default": list(LOG_EXPORTS[MYSQL]),
            "description": "Log types every MySQL/MariaDB database must export (also: audit, "
            "general).",
        },
    ),
)
