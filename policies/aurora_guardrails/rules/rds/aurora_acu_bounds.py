"""aurora-acu-bounds: Serverless v2 capacity is valid and inside the configured floor/ceiling."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER

AUTO_PAUSE_MIN_VERSIONS = {"13": "13.15", "14": "14.12", "15": "15.7", "16": "16.3", "17": "17.4"}
"""First Aurora PostgreSQL version of each major that supports 0 ACU (17: unverified)."""


def _version(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def supports_auto_pause(version: str, table: dict[str, str]) -> bool:
    """True when `version` is at or above the auto-pause minimum of its major."""
    major = version.split(".")[0]
    minimum = table.get(major)
    return minimum is not None and _version(version) >= _version(minimum)


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    scaling = props.obj("serverlessv2ScalingConfiguration")
    if scaling is None:
        return  # a provisioned cluster; instance-serverless-class judges db.serverless instances.
    low, high = scaling.num("minCapacity"), scaling.num("maxCapacity")
    for key, value, lo, hi in (("minCapacity", low, 0.0, 256.0), ("maxCapacity", high, 1.0, 256.0)):
        if value is None:
            report(f"serverlessv2ScalingConfiguration.{key} is unset.")
        elif not (value * 2).is_integer() or not lo <= value <= hi:
            report(
                f"serverlessv2ScalingConfiguration.{key} is {show(value)}, expected a "
                f"multiple of 0.5 from {show(lo)} to {show(hi)}."
            )
    if low is None or high is None:
        return
    if high < low:
        report(f"maxCapacity {show(high)} is below minCapacity {show(low)}.")
    floor, ceiling = float(ctx.config["minCapacityFloor"]), float(ctx.config["maxCapacityCeiling"])
    if low < floor:
        report(
            f"minCapacity is {show(low)}, below the configured floor minCapacityFloor "
            f"{show(floor)}."
        )
    if high > ceiling:
        report(
            f"maxCapacity is {show(high)}, above the configured ceiling maxCapacityCeiling "
            f"{show(ceiling)}."
        )
    version = props.str_("engineVersion")
    table = {str(k): str(v) for k, v in dict(ctx.config["autoPauseMinVersions"]).items()}
    if low == 0 and version is not None and not supports_auto_pause(version, table):
        report(
            f"minCapacity is 0 but engineVersion {show(version)} cannot pause "
            f"(needs {', '.join(v + '+' for v in table.values())}); use at least 0.5."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-acu-bounds",
    description="Aurora Serverless v2 capacity must be valid and within the configured bounds.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        "Set serverlessv2ScalingConfiguration.minCapacity ≥ minCapacityFloor and maxCapacity ≤ "
        "maxCapacityCeiling, both multiples of 0.5 with max ≥ min; use 0 only on versions that "
        "support automatic pause."
    ),
    anchors=("beyond",),
    checks="0.5 steps; min 0-256 (0 only on auto-pause versions); max 1-256; max ≥ min; "
    "min ≥ `minCapacityFloor` (0.5), max ≤ `maxCapacityCeiling` (64).",
    config_schema=schema(
        minCapacityFloor={
            "type": "number",
            "minimum": 0,
            "maximum": 256,
            "default": 0.5,
            "description": "Lowest allowed minCapacity (0 allows scale to zero).",
        },
        maxCapacityCeiling={
            "type": "number",
            "minimum": 1,
            "maximum": 256,
            "default": 64,
            "description": "Highest allowed maxCapacity (bounds the worst-case bill).",
        },
        autoPauseMinVersions={
            "type": "object",
            "additionalProperties": {"type": "string"},
            "default": AUTO_PAUSE_MIN_VERSIONS,
            "description": "Per major version, the first version that supports 0 ACU.",
        },
    ),
)
