"""The price table: one JSON data file shipped with the package, one entry per price.

Each entry carries ``value``, ``unit``, ``source``, ``date`` (the day the source was read) and
``verified`` (False unless the figure was read on the AWS pricing page itself).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

PRICE_FILE: Final = "prices.json"
"""Name of the price table inside this package."""

REQUIRED_PRICES: Final = (
    "auroraServerlessV2AcuHour",
    "auroraIoOptimizedAcuHour",
    "auroraStorageGbMonth",
    "auroraIoOptimizedStorageGbMonth",
    "auroraIoMillionRequests",
    "rdsProxyAcuHour",
    "rdsProxyMinimumAcu",
    "kmsKeyMonth",
    "kmsRotatedKeyMaterialMonth",
    "kmsMaxBilledRotations",
    "secretsManagerSecretMonth",
    "vpcInterfaceEndpointAzHour",
    "vpcInterfaceEndpointDataGb",
    "natGatewayHour",
    "natGatewayDataGb",
    "cloudwatchAlarmMetricMonth",
    "cloudwatchHighResolutionAlarmMetricMonth",
    "cloudwatchLogsIngestionGb",
    "cloudwatchCustomMetricMonth",
    "dsqlDpuMillion",
    "dsqlStorageGbMonth",
)
"""Every region must define all of these keys."""


class UnknownRegionError(ValueError):
    """The requested AWS region has no entry in the price table."""


@dataclass(frozen=True)
class Price:
    """One price: the figure and where it comes from."""

    key: str
    value: float
    unit: str
    source: str
    date: str
    verified: bool


@dataclass(frozen=True)
class RegionPrices:
    """All prices of one region."""

    region: str
    prices: Mapping[str, Price]

    def __getitem__(self, key: str) -> float:
        return self.prices[key].value

    def unverified(self) -> tuple[str, ...]:
        """Keys of the prices not confirmed from the AWS pricing page, sorted."""
        return tuple(sorted(k for k, p in self.prices.items() if not p.verified))


@dataclass(frozen=True)
class PriceTable:
    """The whole table: hours per month and the prices of every known region."""

    hours_per_month: float
    regions: Mapping[str, RegionPrices]

    def known_regions(self) -> tuple[str, ...]:
        """Region names with prices, sorted."""
        return tuple(sorted(self.regions))

    def region(self, name: str) -> RegionPrices:
        """The prices of ``name``; UnknownRegionError names the region and the known ones."""
        try:
            return self.regions[name]
        except KeyError:
            known = ", ".join(self.known_regions())
            raise UnknownRegionError(
                f"region: no prices for AWS region {name!r} in the cost price table; "
                f"known regions: {known}"
            ) from None


def parse_price_table(document: Mapping[str, Any]) -> PriceTable:
    """Build a PriceTable from the decoded JSON document, checking every entry."""
    hours = document.get("hoursPerMonth")
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
        raise ValueError(f"hoursPerMonth must be a positive number, got {hours!r}")
    raw_regions = document.get("regions")
    if not isinstance(raw_regions, Mapping) or not raw_regions:
        raise ValueError(f"regions must be a non-empty object, got {raw_regions!r}")
    regions: dict[str, RegionPrices] = {}
    for region, entries in raw_regions.items():
        if not isinstance(entries, Mapping):
            raise ValueError(f"regions.{region} must be an object, got {entries!r}")
        missing = [k for k in REQUIRED_PRICES if k not in entries]
        if missing:
            raise ValueError(f"regions.{region} lacks prices: {', '.join(missing)}")
        prices: dict[str, Price] = {}
        for key, entry in entries.items():
            prices[key] = _parse_entry(f"regions.{region}.{key}", key, entry)
        regions[region] = RegionPrices(region=region, prices=prices)
    return PriceTable(hours_per_month=float(hours), regions=regions)


def _parse_entry(path: str, key: str, entry: Any) -> Price:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{path} must be an object, got {entry!r}")
    value = entry.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{path}.value must be a number >= 0, got {value!r}")
    for text_key in ("unit", "source", "date"):
        text = entry.get(text_key)
        if not isinstance(text, str) or not text:
            raise ValueError(f"{path}.{text_key} must be a non-empty string, got {text!r}")
    verified = entry.get("verified")
    if not isinstance(verified, bool):
        raise ValueError(f"{path}.verified must be true or false, got {verified!r}")
    return Price(
        key=key,
        value=float(value),
        unit=entry["unit"],
        source=entry["source"],
        date=entry["date"],
        verified=verified,
    )


@lru_cache(maxsize=1)
def load_price_table() -> PriceTable:
    """The price table shipped with this package (read once per process)."""
    text = (
        resources.files("aurora_guardrails.cost").joinpath(PRICE_FILE).read_text(encoding="utf-8")
    )
    return parse_price_table(json.loads(text))


def known_regions() -> tuple[str, ...]:
    """Regions of the shipped price table, sorted."""
    return load_price_table().known_regions()
