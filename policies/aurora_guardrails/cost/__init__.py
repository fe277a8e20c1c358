"""Monthly cost model shared by ``auroractl cost``/``plan`` and the ``monthly-cost-ceiling`` policy.

This subpackage is the only place the arithmetic lives: it is part of the policy library
(which must stand alone) and the CLI imports it from here. The price table ships as package
data (``prices.json``).
"""

from .adapters import from_policy_resources, stack_region, to_plain
from .model import (
    Assumptions,
    CostResource,
    Estimate,
    LineItem,
    Unpriced,
    estimate_monthly_cost,
    is_unknown,
    resources_from_dicts,
)
from .prices import (
    Price,
    PriceTable,
    RegionPrices,
    UnknownRegionError,
    known_regions,
    load_price_table,
    parse_price_table,
)

__all__ = [
    "Assumptions",
    "CostResource",
    "Estimate",
    "LineItem",
    "Price",
    "PriceTable",
    "RegionPrices",
    "UnknownRegionError",
    "Unpriced",
    "estimate_monthly_cost",
    "from_policy_resources",
    "is_unknown",
    "known_regions",
    "load_price_table",
    "parse_price_table",
    "resources_from_dicts",
    "stack_region",
    "to_plain",
]
