"""Following links between resources in a stack policy, with or without known ids.

During preview the ids and ARNs of new resources are unknown, so comparing values cannot tell
which parameter group a cluster uses. The engine tells us anyway: every input that came from
another resource's output lists that resource in `property_dependencies[<input>]`.
`StackView.linked` follows those first and falls back to comparing known values (`id`, `arn`,
`name`, …) — the only way when resources come from somewhere without dependency information (the
audit command reads them from AWS).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pulumi_policy import PolicyResource

from aurora_guardrails.props import Props, is_unknown

__all__ = ["DEFAULT_MATCH_KEYS", "StackView", "known_strings"]

DEFAULT_MATCH_KEYS = ("id", "arn", "name")
"""Output properties compared with a link's value when no property dependency is recorded."""


def known_strings(value: Any) -> list[str]:
    """The known string values in a scalar or a (nested) list; unknowns and non-strings dropped."""
    if isinstance(value, str):
        return [] if is_unknown(value) or not value else [value]
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(known_strings(item))
        return out
    return []


class StackView:
    """Index of a stack's resources by URN and type, with link following."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.resources = list(resources)
        self.by_urn = {r.urn: r for r in self.resources}
        self._props: dict[str, Props] = {}

    def props(self, resource: PolicyResource) -> Props:
        """Plain, typed view of a resource's properties (cached per URN)."""
        cached = self._props.get(resource.urn)
        if cached is None:
            cached = Props(resource.props)
            self._props[resource.urn] = cached
        return cached

    def is_set(self, resource: PolicyResource, key: str) -> bool:
        """True when `key` has a value, or is computed from another resource (a property
        dependency), which covers runners that leave unknown outputs out during preview."""
        return self.props(resource).is_set(key) or bool(resource.property_dependencies.get(key))

    def keys(self, resource: PolicyResource) -> list[str]:
        """Input names with a value or a property dependency, sorted."""
        return sorted(set(self.props(resource).data) | set(resource.property_dependencies))

    def of_type(self, *types: str) -> list[PolicyResource]:
        """Resources of the given types, in stack order."""
        return [r for r in self.resources if r.resource_type in types]

    def linked(
        self,
        resource: PolicyResource,
        key: str,
        types: Sequence[str],
        match_keys: Sequence[str] = DEFAULT_MATCH_KEYS,
        value: Any = None,
    ) -> list[PolicyResource]:
        """The resources of `types` that `resource`'s input `key` refers to.

        Property dependencies first (they work during preview); otherwise the known values of
        `key` (or `value`, for a nested field) compared with each candidate's `match_keys`.
        """
        found: list[PolicyResource] = []
        for dep in resource.property_dependencies.get(key, []) or []:
            if dep.resource_type in types and dep not in found:
                found.append(dep)
        if found:
            return found
        wanted = set(known_strings(self.props(resource).raw(key) if value is None else value))
        if not wanted:
            return []
        for candidate in self.of_type(*types):
            cprops = self.props(candidate)
            if any(cprops.raw(m) in wanted for m in match_keys if isinstance(cprops.raw(m), str)):
                found.append(candidate)
        return found

    def referrers(
        self,
        target: PolicyResource,
        types: Sequence[str],
        key: str,
        match_keys: Sequence[str] = DEFAULT_MATCH_KEYS,
    ) -> list[PolicyResource]:
        """The resources of `types` whose input `key` refers to `target`."""
        return [
            r
            for r in self.of_type(*types)
            if target in self.linked(r, key, (target.resource_type,), match_keys)
        ]

    def depends_on(self, resource: PolicyResource, other: PolicyResource) -> bool:
        """True when `resource` depends on `other` (directly, by any input, or via a parent)."""
        if other in resource.dependencies:
            return True
        return any(other in deps for deps in resource.property_dependencies.values())
