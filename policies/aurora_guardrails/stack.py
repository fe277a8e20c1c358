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
from aurora_guardrails.shared import shared

__all__ = ["DEFAULT_MATCH_KEYS", "StackView", "known_strings"]

DEFAULT_MATCH_KEYS = ("id", "arn", "name")
"""Output properties compared with a link's value when no property dependency is recorded."""


def known_strings(value: Any) -> list[str]:
    """The known string values in a scalar or a (nested) list or object (the object's values);
    unknowns and non-strings dropped."""
    if isinstance(value, str):
        return [] if is_unknown(value) or not value else [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(known_strings(item))
        return out
    return []


class _Index:
    """What every `StackView` of one resource list shares: lookups built once, answers kept."""

    def __init__(self, resources: list[PolicyResource]) -> None:
        self.resources = resources
        self.by_urn = {r.urn: r for r in resources}
        self.position = {id(r): i for i, r in enumerate(resources)}
        self.props: dict[str, Props] = {}
        self.of_type: dict[tuple[str, ...], list[PolicyResource]] = {}
        self.by_value: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, list[int]]] = {}
        # Keyed by id() of a resource, which is kept alongside (so the id stays its own).
        self.linked: dict[
            tuple[int, str, tuple[str, ...], tuple[str, ...]],
            tuple[PolicyResource, list[PolicyResource]],
        ] = {}
        self.referrers: dict[
            tuple[tuple[str, ...], str, str, tuple[str, ...]],
            dict[int, tuple[PolicyResource, list[PolicyResource]]],
        ] = {}
        self.users: dict[tuple[tuple[str, ...], tuple[str, ...]], _Users] = {}


class _Users:
    """Who refers to what through some inputs: by property dependency and by known value."""

    def __init__(self) -> None:
        self.by_dependency: dict[int, tuple[PolicyResource, list[int]]] = {}
        self.by_value: dict[str, list[int]] = {}


class StackView:
    """Index of a stack's resources by URN and type, with link following.

    Views of the same resource list within one `request_scope` (one `AnalyzeStack` request, one
    `evaluate_resources` call) share one index: every stack policy builds its own `StackView`,
    the resources' `Props`, the type lists and the links are computed once.
    """

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self._index = shared("stack-view", resources, lambda: _Index(list(resources)))
        self.resources = self._index.resources
        self.by_urn = self._index.by_urn

    def props(self, resource: PolicyResource) -> Props:
        """Plain, typed view of a resource's properties (cached per URN)."""
        cache = self._index.props
        cached = cache.get(resource.urn)
        if cached is None:
            cached = Props(resource.props)
            cache[resource.urn] = cached
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
        found = self._index.of_type.get(types)
        if found is None:
            found = [r for r in self.resources if r.resource_type in types]
            self._index.of_type[types] = found
        return list(found)

    def _by_value(
        self, types: tuple[str, ...], match_keys: tuple[str, ...]
    ) -> dict[str, list[int]]:
        """Known string values of `match_keys` → stack positions of the resources of `types`."""
        key = (types, match_keys)
        table = self._index.by_value.get(key)
        if table is None:
            table = {}
            for candidate in self.of_type(*types):
                cprops = self.props(candidate)
                for m in match_keys:
                    value = cprops.raw(m)
                    if isinstance(value, str):
                        positions = table.setdefault(value, [])
                        position = self._index.position[id(candidate)]
                        if not positions or positions[-1] != position:
                            positions.append(position)
            self._index.by_value[key] = table
        return table

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
        memo_key = (id(resource), key, tuple(types), tuple(match_keys))
        if value is None:
            cached = self._index.linked.get(memo_key)
            if cached is not None and cached[0] is resource:
                return list(cached[1])
        found: list[PolicyResource] = []
        for dep in resource.property_dependencies.get(key, []) or []:
            if dep.resource_type in types and dep not in found:
                found.append(dep)
        if not found:
            wanted = set(known_strings(self.props(resource).raw(key) if value is None else value))
            if wanted:
                table = self._by_value(tuple(types), tuple(match_keys))
                positions = sorted({p for w in wanted for p in table.get(w, ())})
                found = [self.resources[p] for p in positions]
        if value is None:
            self._index.linked[memo_key] = (resource, found)
        return list(found)

    def referrers(
        self,
        target: PolicyResource,
        types: Sequence[str],
        key: str,
        match_keys: Sequence[str] = DEFAULT_MATCH_KEYS,
    ) -> list[PolicyResource]:
        """The resources of `types` whose input `key` refers to `target`."""
        memo_key = (tuple(types), key, target.resource_type, tuple(match_keys))
        table = self._index.referrers.get(memo_key)
        if table is None:
            table = {}
            for r in self.of_type(*types):
                for linked in self.linked(r, key, (target.resource_type,), match_keys):
                    table.setdefault(id(linked), (linked, []))[1].append(r)
            self._index.referrers[memo_key] = table
        hit = table.get(id(target))
        return list(hit[1]) if hit is not None and hit[0] is target else []

    def referenced_by(
        self,
        target: PolicyResource,
        keys: Sequence[str],
        match_keys: Sequence[str] = ("id",),
        exclude_types: Sequence[str] = (),
    ) -> list[PolicyResource]:
        """The resources (not of `exclude_types`, in stack order) whose inputs `keys` refer to
        `target`: a property dependency on it, or a known value equal to one of its known
        `match_keys` values. Any type may refer; the table is built once per `keys`."""
        table_key = (tuple(keys), tuple(exclude_types))
        users = self._index.users.get(table_key)
        if users is None:
            users = _Users()
            for position, r in enumerate(self.resources):
                if r.resource_type in exclude_types:
                    continue
                for key in keys:
                    for dep in r.property_dependencies.get(key) or []:
                        users.by_dependency.setdefault(id(dep), (dep, []))[1].append(position)
                    for value in known_strings(self.props(r).raw(key)):
                        users.by_value.setdefault(value, []).append(position)
            self._index.users[table_key] = users
        positions: set[int] = set()
        hit = users.by_dependency.get(id(target))
        if hit is not None and hit[0] is target:
            positions.update(hit[1])
        for m in match_keys:
            value = self.props(target).raw(m)
            if isinstance(value, str):
                positions.update(users.by_value.get(value, ()))
        return [self.resources[p] for p in sorted(positions)]

    def depends_on(self, resource: PolicyResource, other: PolicyResource) -> bool:
        """True when `resource` depends on `other` (directly, by any input, or via a parent)."""
        if other in resource.dependencies:
            return True
        return any(other in deps for deps in resource.property_dependencies.values())
