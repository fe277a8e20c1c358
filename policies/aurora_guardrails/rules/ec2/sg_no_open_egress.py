"""sg-no-open-egress: no all-port egress to the internet."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import SG_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for rule in sg_rules(ctx.args.resource_type, props):
        if rule.direction == "egress" and rule.all_ports:
            for cidr in rule.world_cidrs:
                report(f"{rule.label} allows all traffic to {cidr}.")


POLICY = GuardrailResourcePolicy(
    name="sg-no-open-egress",
    description="Security groups must not allow all egress to the internet.",
    resource_types=SG_TYPES,
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Limit egress to the ports and destinations needed (a database group "
    "usually needs none; the provider removes AWS's default allow-all rule when egress is unset).",
    anchors=("CKV_AWS_382",),
    checks="no egress rule covering all ports/protocols to `0.0.0.0/0`/`::/0`. Advisory: a web "
    "or application tier needs egress; sg-attached-db-closed makes it mandatory on groups "
    "attached to a database, proxy or endpoint.",
    enforcement_level=ADVISORY,
)
