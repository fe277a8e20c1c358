"""dsql-no-force-destroy: no Aurora DSQL cluster sets `forceDestroy`.

`forceDestroy` makes the provider delete a cluster even when deletion protection is on, which
undoes dsql-deletion-protection. Unset passes (the provider default is false).
"""

from __future__ import annotations

from typing import Any, Final

from pulumi_policy import ReportViolation, Severity

from aurora_guardrails.base import GuardrailResourcePolicy, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.rules.dsql._common import ANCHORS, DSQL_CLUSTER

POLICY_NAME: Final = "dsql-no-force-destroy"
KEY: Final = "forceDestroy"


def check_dsql_no_force_destroy(
    props: Props, ctx: ResourceContext, report: ReportViolation
) -> None:
    """Report when `forceDestroy` is true."""
    if props.bool_(KEY) is True:
        report(
            f"{KEY} is true, which deletes the cluster despite deletion protection; remove it", None
        )


def remediate_dsql_no_force_destroy(props: Props) -> dict[str, Any] | None:
    """Set `forceDestroy` to false (used only at the `remediate` level)."""
    if props.raw(KEY) is not True:
        return None
    return {KEY: False}


dsql_no_force_destroy: Final = GuardrailResourcePolicy(
    name=POLICY_NAME,
    description="Aurora DSQL clusters do not set forceDestroy.",
    resource_types=(DSQL_CLUSTER,),
    check=check_dsql_no_force_destroy,
    severity=Severity.HIGH,
    remediation_steps=(
        "Remove force_destroy from aws.dsql.Cluster (DsqlCluster never sets it). Delete a "
        "cluster by turning deletion protection off first."
    ),
    anchors=ANCHORS,
    checks="`forceDestroy` is not true (unset passes)",
    remediate=remediate_dsql_no_force_destroy,
)
"""The policy instance the registry imports."""
