"""aurora-final-snapshot: deleting a cluster keeps a final snapshot; the cluster is protected."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("skipFinalSnapshot") is True:
        report(
            "skipFinalSnapshot is true, expected false: deleting the cluster would "
            "discard its data."
        )
    elif not props.is_set("finalSnapshotIdentifier"):
        report("finalSnapshotIdentifier is unset; without it the final snapshot cannot be taken.")
    if ctx.config["requireProtect"] and not ctx.protect:
        report("the resource option protect is false, expected protect=True.")


POLICY = GuardrailResourcePolicy(
    name="aurora-final-snapshot",
    description="Aurora clusters must keep a final snapshot on delete and be protected.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set skipFinalSnapshot: false and finalSnapshotIdentifier, and pass "
        "opts=ResourceOptions(protect=True) so a program change cannot delete the cluster."
    ),
    anchors=("beyond",),
    checks="`skipFinalSnapshot` not true, `finalSnapshotIdentifier` set; resource option "
    "`protect` (unless `requireProtect` is false).",
    config_schema=schema(
        requireProtect={
            "type": "boolean",
            "default": True,
            "description": "Require the Pulumi protect option on clusters.",
        }
    ),
)
