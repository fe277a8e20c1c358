"""secret-description: secrets say what they are for."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import SECRET


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("description"):
        report("description is unset.")


POLICY = GuardrailResourcePolicy(
    name="secret-description",
    description="Secrets Manager secrets should have a description.",
    resource_types=(SECRET,),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set description to the secret's owner and use.",
    anchors=("beyond",),
    checks="`description` set.",
    enforcement_level=ADVISORY,
)
