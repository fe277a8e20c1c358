"""aurora-copy-tags: snapshots inherit the database's tags."""

from typing import Any

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, show


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("copyTagsToSnapshot") is not True:
        report(f"copyTagsToSnapshot is {show(props.raw('copyTagsToSnapshot'))}, expected true.")


def _fix(props: Props) -> dict[str, Any] | None:
    return None if props.raw("copyTagsToSnapshot") is True else {"copyTagsToSnapshot": True}


POLICY = GuardrailResourcePolicy(
    name="aurora-copy-tags",
    description="Aurora clusters and RDS instances should copy their tags to snapshots.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set copyTagsToSnapshot: true (updates in place; remediated automatically "
    "at the remediate level).",
    anchors=("CKV_AWS_313", "RDS.16", "RDS.47", "RDS.17"),
    checks="`copyTagsToSnapshot` is true. Remediation sets it.",
    enforcement_level=ADVISORY,
    remediate=_fix,
)
