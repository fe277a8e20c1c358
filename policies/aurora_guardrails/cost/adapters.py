"""Turn a stack policy's resources (``StackValidationArgs.resources``) into CostResources.

pulumi_policy wraps properties in proxies that raise on unknown values; the cost model wants
the raw values (sentinels included) so that it can say "not known yet" instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from aurora_guardrails.shared import shared

from .model import CostResource, is_unknown


class _PolicyResourceLike(Protocol):
    """The attributes of pulumi_policy.PolicyResource that the cost model reads."""

    @property
    def resource_type(self) -> str: ...
    @property
    def props(self) -> Mapping[str, Any]: ...
    @property
    def urn(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def provider(self) -> Any: ...
    @property
    def dependencies(self) -> Sequence[Any]: ...
    @property
    def property_dependencies(self) -> Mapping[str, Sequence[Any]]: ...


def to_plain(value: Any) -> Any:
    """A plain copy of ``value`` with pulumi_policy proxies removed and unknowns kept."""
    if isinstance(value, str | bytes):
        return value
    if isinstance(value, Mapping):
        target = _proxy_target(value)
        source = target if target is not None else value
        return {str(k): to_plain(source[k]) for k in list(source)}
    if isinstance(value, Sequence):
        target = _proxy_target(value)
        source = target if target is not None else value
        return [to_plain(v) for v in source]
    return value


def _proxy_target(container: Any) -> Any:
    """The raw container behind a pulumi_policy proxy (it answers the key "__target")."""
    if isinstance(container, dict | list | tuple):
        return None
    try:
        return container["__target"]
    except (KeyError, TypeError, IndexError):
        return None


def region_of(props: Mapping[str, Any]) -> str | None:
    """A known, non-empty ``region`` property, else None."""
    region = props.get("region")
    if isinstance(region, str) and region and not is_unknown(region):
        return region
    return None


def from_policy_resources(resources: Iterable[_PolicyResourceLike]) -> list[CostResource]:
    """CostResources from ``StackValidationArgs.resources`` (built once per request scope)."""
    return list(shared("cost-resources", resources, lambda: _cost_resources(resources)))


def _cost_resources(resources: Iterable[_PolicyResourceLike]) -> list[CostResource]:
    out: list[CostResource] = []
    for r in resources:
        props = to_plain(r.props)
        region = region_of(props)
        if region is None and r.provider is not None:
            region = region_of(to_plain(r.provider.props))
        out.append(
            CostResource(
                urn=r.urn,
                type=r.resource_type,
                name=r.name,
                props=props,
                dependencies=tuple(d.urn for d in r.dependencies),
                property_dependencies={
                    k: tuple(d.urn for d in deps) for k, deps in r.property_dependencies.items()
                },
                region=region,
            )
        )
    return out


def stack_region(resources: Iterable[_PolicyResourceLike]) -> str | None:
    """The region of the stack's default AWS provider, when the plan shows one."""
    for r in resources:
        if r.resource_type == "pulumi:providers:aws":
            region = region_of(to_plain(r.props))
            if region is not None:
                return region
    for r in resources:
        if r.provider is not None and getattr(r.provider, "resource_type", "") == (
            "pulumi:providers:aws"
        ):
            region = region_of(to_plain(r.provider.props))
            if region is not None:
                return region
    return None
