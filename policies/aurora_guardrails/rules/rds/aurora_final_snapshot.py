"""aurora-final-snapshot: deleting a database keeps a final snapshot; the database is protected."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.engines import DB_TYPES, kind_of
from aurora_guardrails.props import Props


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.is_set("replicateSourceDb"):
        return  # RDS takes no final snapshot of a read replica; its source keeps the data.
    if props.bool_("skipFinalSnapshot") is True:
        report(
            f"skipFinalSnapshot is true, expected false: deleting the "
            f"{kind_of(ctx.args.resource_type).label} would discard its data."
        )
    elif not props.is_set("finalSnapshotIdentifier"):
        report("finalSnapshotIdentifier is unset; without it the final snapshot cannot be taken.")
    if ctx.config["requireProtect"] and not ctx.protect:
        report("the resource option protect is false, expected protect=True.")


POLICY = GuardrailResourcePolicy(
    name="aurora-final-snapshot",
    description="Aurora clusters and RDS instances must keep a final snapshot on delete and be "
    "protected.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set skipFinalSnapshot: false and finalSnapshotIdentifier, and pass "
        "opts=ResourceOptions(protect=True) so a program change cannot delete the database."
    ),
    anchors=("beyond",),
    checks="`skipFinalSnapshot` not true, `finalSnapshotIdentifier` set; resource option "
    "`protect` (unless `requireProtect` is false); read replicas skipped.",
    config_schema=schema(
        requireProtect={
            "type": "boolean",
            "default": True,
            "description": "Require the Pulumi protect option on clusters and instances.",
        }
    ),
)
