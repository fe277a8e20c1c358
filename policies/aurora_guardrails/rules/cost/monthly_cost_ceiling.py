"""monthly-cost-ceiling: the plan's estimated monthly cost stays under a configured ceiling.

A stack policy. Inactive (not applicable) unless ``maxMonthlyUsd`` is configured, because a
sensible ceiling depends on the organisation, not on this pack. The estimate is computed by
``aurora_guardrails.cost`` — the same code as ``auroractl cost`` — and the high end (every
Serverless v2 instance at its maximum ACU all month) is compared with the ceiling.
"""

from __future__ import annotations

from typing import Final

from pulumi_policy import EnforcementLevel, PolicyConfigSchema, ReportViolation, Severity

from aurora_guardrails.base import GuardrailStackPolicy, StackContext
from aurora_guardrails.cost import estimate_monthly_cost, from_policy_resources, stack_region
from aurora_guardrails.cost.model import (
    CLUSTER,
    DSQL_CLUSTER,
    INSTANCE,
    KMS_KEY,
    LOG_GROUP,
    LOG_METRIC_FILTER,
    METRIC_ALARM,
    NAT_GATEWAY,
    PROXY,
    PROXY_ENDPOINT,
    SECRET,
    VPC_ENDPOINT,
)

POLICY_NAME: Final = "monthly-cost-ceiling"
CEILING_KEY: Final = "maxMonthlyUsd"
REGION_KEY: Final = "region"


def _money(value: float) -> str:
    return f"${value:,.2f}"


def check_monthly_cost_ceiling(ctx: StackContext, report: ReportViolation) -> None:
    """Report one stack violation when the estimated high end exceeds ``maxMonthlyUsd``."""
    args = ctx.args
    config = ctx.config
    ceiling = config.get(CEILING_KEY)
    if ceiling is None:
        args.not_applicable(f"{CEILING_KEY} is not configured")
        return
    if isinstance(ceiling, bool) or not isinstance(ceiling, int | float) or ceiling <= 0:
        report(f"{CEILING_KEY} must be a number greater than 0, got {ceiling!r}", None)
        return
    resources = args.resources
    region = config.get(REGION_KEY) or stack_region(resources)
    if not isinstance(region, str) or not region:
        report(
            f"cannot estimate the monthly cost: no AWS region in the plan's aws provider; "
            f"set the policy's {REGION_KEY} config",
            None,
        )
        return
    try:
        estimate = estimate_monthly_cost(from_policy_resources(resources), region)
    except ValueError as err:
        report(f"cannot estimate the monthly cost: {err}", None)
        return
    if estimate.high > float(ceiling):
        unpriced = len(estimate.unpriced)
        note = f"; {unpriced} resource(s) not priced" if unpriced else ""
        report(
            f"estimated monthly cost up to {_money(estimate.high)} "
            f"(idle floor {_money(estimate.low)}, {region}) exceeds the ceiling "
            f"{CEILING_KEY} = {_money(float(ceiling))}{note}",
            None,
        )


monthly_cost_ceiling: Final = GuardrailStackPolicy(
    name=POLICY_NAME,
    description=(
        "The stack's estimated monthly cost (high end: every Serverless v2 instance at its "
        "maximum ACU all month) stays at or under the configured maxMonthlyUsd."
    ),
    resource_types=(
        CLUSTER,
        INSTANCE,
        PROXY,
        KMS_KEY,
        SECRET,
        VPC_ENDPOINT,
        NAT_GATEWAY,
        METRIC_ALARM,
        LOG_GROUP,
        LOG_METRIC_FILTER,
        PROXY_ENDPOINT,
        DSQL_CLUSTER,
    ),
    check=check_monthly_cost_ceiling,
    anchors=(),
    checks=(
        "high end of the monthly estimate (aurora_guardrails.cost, same code as "
        "`auroractl cost`) <= maxMonthlyUsd; inactive when maxMonthlyUsd is unset"
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            CEILING_KEY: {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Monthly ceiling in USD; the policy is inactive when unset.",
            },
            REGION_KEY: {
                "type": "string",
                "description": "AWS region to price in; default: the aws provider's region.",
            },
        }
    ),
    severity=Severity.MEDIUM,
    remediation_steps=(
        "Lower maxCapacity (the high end is max ACU x 730 h per instance), drop readers or the "
        "proxy (billed on at least 8 ACUs), or raise maxMonthlyUsd. Run `auroractl cost` for "
        "the line-by-line estimate."
    ),
)
"""The policy instance the registry imports."""
