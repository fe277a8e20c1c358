"""Read the mock engine's PlanResult into the cost model's resources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aurora_guardrails.cost import (
    Assumptions,
    CostResource,
    Estimate,
    estimate_monthly_cost,
    is_unknown,
    known_regions,
)

if TYPE_CHECKING:
    from auroractl.engine.model import PlannedResource, PlanResult

AWS_PROVIDER_TYPE = "pulumi:providers:aws"
REGION_CONFIG_KEY = "aws:region"


def _region(props: Mapping[str, Any]) -> str | None:
    value = props.get("region")
    if isinstance(value, str) and value and not is_unknown(value):
        return value
    return None


def _props(r: PlannedResource) -> dict[str, Any]:
    """Inputs, completed by the outputs.

    In preview the engine drops unknown list elements from ``outputs`` (three unknown subnet
    ids become ``[]``), so an input wins unless it is wholly unknown; computed values that are
    not inputs (``id``, ``arn``, ``endpoint``) come from the outputs.
    """
    merged = dict(r.outputs or {})
    for key, value in (r.inputs or {}).items():
        if is_unknown(value) and merged.get(key) is not None:
            continue
        merged[key] = value
    return merged


def resources_from_plan(plan: PlanResult) -> list[CostResource]:
    """CostResources from ``PlanResult.resources`` (the stack and providers are kept; the
    model ignores types that are not ``aws:``)."""
    provider_regions: dict[str, str] = {}
    for r in plan.resources:
        if r.type == AWS_PROVIDER_TYPE:
            region = _region(_props(r))
            if region is not None:
                provider_regions[r.urn] = region
    out: list[CostResource] = []
    for r in plan.resources:
        props = _props(r)
        region = _region(props) if r.type.startswith("aws:") else None
        provider_ref = r.provider
        if region is None and provider_ref:
            # A provider reference is "<provider urn>::<provider id>".
            region = provider_regions.get(provider_ref) or provider_regions.get(
                provider_ref.rsplit("::", 1)[0]
            )
        out.append(
            CostResource(
                urn=r.urn,
                type=r.type,
                name=r.name,
                props=props,
                dependencies=tuple(r.dependencies or ()),
                property_dependencies={
                    k: tuple(v) for k, v in (r.property_dependencies or {}).items()
                },
                region=region,
            )
        )
    return out


def plan_region(plan: PlanResult) -> str | None:
    """The stack's region: config ``aws:region``, else the default aws provider's region;
    None when the plan names none."""
    value = plan.config.get(REGION_CONFIG_KEY)
    if isinstance(value, str) and value and value != "[secret]":
        return value
    for r in plan.resources:
        if r.type == AWS_PROVIDER_TYPE:
            region = _region(_props(r))
            if region is not None:
                return region
    return None


@dataclass(frozen=True)
class NotPriced:
    """A plan the price table cannot price: its region (or a resource's) has no prices."""

    region: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``cost`` member of ``plan --json`` and ``cost --json``)."""
        return {"region": self.region, "priced": False, "reason": self.reason}


def estimate_plan(plan: PlanResult, assumptions: Assumptions | None = None) -> Estimate | NotPriced:
    """The monthly cost range of a PlanResult, or why it cannot be priced."""
    region = plan_region(plan)
    if region is None:
        return NotPriced(
            None,
            f"not priced: stack {plan.stack!r} sets no {REGION_CONFIG_KEY} and its aws "
            "provider no region",
        )
    resources = resources_from_plan(plan)
    known = known_regions()
    missing = sorted(
        {region, *(r.region for r in resources if r.type.startswith("aws:") and r.region)}
        - set(known)
    )
    if missing:
        return NotPriced(
            region, f"not priced for {', '.join(missing)} (prices known for {', '.join(known)})"
        )
    return estimate_monthly_cost(resources, region, assumptions)
