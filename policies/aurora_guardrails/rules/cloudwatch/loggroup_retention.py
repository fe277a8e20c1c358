"""loggroup-retention: log groups keep logs for the minimum period, not forever."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import LOG_GROUP


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    days = props.num("retentionInDays")
    minimum = float(ctx.config["minRetentionDays"])
    if not days:
        report(
            f"retentionInDays is {show(days)}, so logs never expire; set at least "
            f"{show(minimum)} days."
        )
    elif days < minimum:
        report(f"retentionInDays is {show(days)}, expected at least {show(minimum)}.")


POLICY = GuardrailResourcePolicy(
    name="loggroup-retention",
    description="CloudWatch log groups must set a retention of at least the minimum.",
    resource_types=(LOG_GROUP,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set retentionInDays to an allowed value ≥ the configured minimum "
    "(e.g. 365 or 731).",
    anchors=(
        "CloudWatchLogGroupRetentionPeriod",
        "CKV_AWS_338",
        "cw-loggroup-retention-period-check",
    ),
    checks="`retentionInDays` set (not 0 = forever) and ≥ `minRetentionDays` (365).",
    config_schema=schema(
        minRetentionDays={
            "type": "number",
            "minimum": 1,
            "default": 365,
            "description": "Fewest days logs are kept (PCI-DSS 10.7 asks for one year).",
        }
    ),
)
