"""aurora-auto-pause-valid: secondsUntilAutoPause is in range and only used with 0 ACU."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    scaling = props.obj("serverlessv2ScalingConfiguration")
    if scaling is None:
        return
    seconds = scaling.num("secondsUntilAutoPause")
    if seconds is None:
        return
    low = scaling.num("minCapacity")
    if low != 0:
        report(
            f"secondsUntilAutoPause is {show(seconds)} but minCapacity is {show(low)}; "
            "auto-pause applies only with minCapacity 0."
        )
    if not 300 <= seconds <= 86400:
        report(f"secondsUntilAutoPause is {show(seconds)}, expected 300 to 86400.")


POLICY = GuardrailResourcePolicy(
    name="aurora-auto-pause-valid",
    description="Aurora auto-pause settings must be valid.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set secondsUntilAutoPause between 300 and 86400, only with minCapacity 0.",
    anchors=("beyond",),
    checks="`secondsUntilAutoPause` 300-86400 and only with `minCapacity` 0.",
)
