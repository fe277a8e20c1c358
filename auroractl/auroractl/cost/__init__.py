"""`auroractl cost`: the monthly cost range of a planned stack.

The arithmetic and the price table live in ``aurora_guardrails.cost`` (the policy library,
which must stand alone), so that this CLI and the ``monthly-cost-ceiling`` policy share one
path. This package only reads a ``PlanResult`` and renders the estimate.
"""

from aurora_guardrails.cost import Assumptions, Estimate, UnknownRegionError

from .plan import NotPriced, estimate_plan, plan_region, resources_from_plan
from .render import render_text

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
