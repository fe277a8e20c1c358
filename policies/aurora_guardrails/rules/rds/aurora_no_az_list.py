"""aurora-no-az-list: no availabilityZones list that forces a replacement on the next run."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    zones = props.list_("availabilityZones")
    if zones is not None and len(zones) not in (0, 3):
        report(
            f"availabilityZones lists {len(zones)} zone(s) {show(zones)}; RDS always uses 3, "
            "so the next update would replace the cluster. Remove it or list exactly 3."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-no-az-list",
    description="Aurora clusters must not list fewer or more than 3 availability zones.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Remove availabilityZones (the subnet group decides placement) or list exactly 3 and "
        'add "availabilityZones" to ignoreChanges.'
    ),
    anchors=("beyond",),
    checks="`availabilityZones` unset or exactly 3 entries (a replaced cluster is a new, "
    "empty cluster).",
)
