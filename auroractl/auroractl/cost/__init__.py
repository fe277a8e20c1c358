"""`auroractl cost`: the monthly cost range of a planned stack.

The arithmetic and the price table live in ``aurora_guardrails.cost`` (the policy library,
which must stand alone), so that this CLI and the ``monthly-cost-ceiling`` policy share one
path. This package only reads a ``PlanResult`` and renders the estimate.

The names below are imported on first use (PEP 562), so that ``auroractl`` registers its
``cost`` subcommand (:mod:`auroractl.cost.cli`) without importing the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auroractl.lazy import exports

if TYPE_CHECKING:
    from aurora_guardrails.cost import Assumptions, Estimate, UnknownRegionError

    from .plan import NotPriced, estimate_plan, plan_region, resources_from_plan
    from .render import render_text

_HOMES = {
    "Assumptions": "aurora_guardrails.cost",
    "Estimate": "aurora_guardrails.cost",
    "UnknownRegionError": "aurora_guardrails.cost",
    "NotPriced": "auroractl.cost.plan",
    "estimate_plan": "auroractl.cost.plan",
    "plan_region": "auroractl.cost.plan",
    "resources_from_plan": "auroractl.cost.plan",
    "render_text": "auroractl.cost.render",
}

__all__ = [
    "Assumptions",
    "Estimate",
    "NotPriced",
    "UnknownRegionError",
    "estimate_plan",
    "plan_region",
    "render_text",
    "resources_from_plan",
]


__getattr__ = exports(__name__, _HOMES)
