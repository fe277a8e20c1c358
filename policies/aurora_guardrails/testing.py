"""Helpers for testing guardrail rules (ours, or your own composed on this library).

Resources are plain dicts in the shape `evaluate_resources` takes; `res()` builds one with an
engine-style URN, and `stack()` wires links by resource *name* (`deps={"vpcId": ["vpc"]}`), as the
engine's property dependencies do. `run()` evaluates policies by name and returns
`(policy, resource name or None, message)` triples, so tests can assert exact findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from aurora_guardrails.evaluate import Violation, evaluate_resources
from aurora_guardrails.registry import build_policies

__all__ = ["DELETE", "URN_PREFIX", "changed", "res", "run", "stack", "urn"]

URN_PREFIX = "urn:pulumi:test::aurora-platform::"

DELETE: Any = object()
"""Marker for `changed()`: remove the key."""


def urn(type_: str, name: str) -> str:
    """An engine-style URN for a top-level resource."""
    return f"{URN_PREFIX}{type_}::{name}"


def changed(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `base` with `changes` applied (`DELETE` removes a key; dotted keys nest)."""
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key, value in changes.items():
        target = out
        *parents, leaf = key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        if value is DELETE:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    return out


def res(
    type_: str,
    name: str,
    props: Mapping[str, Any],
    *,
    protect: bool = False,
    deps: Mapping[str, Sequence[str]] | None = None,
    depends_on: Sequence[str] = (),
) -> dict[str, Any]:
    """One resource; `deps` and `depends_on` name other resources (resolved by `stack()`)."""
    return {
        "type": type_,
        "urn": urn(type_, name),
        "name": name,
        "props": dict(props),
        "protect": protect,
        "_deps": {k: list(v) for k, v in (deps or {}).items()},
        "_depends_on": list(depends_on),
    }


def stack(resources: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Resolve `deps` / `depends_on` names to URNs (unknown names raise `KeyError`)."""
    items = [dict(r) for r in resources]
    by_name = {r["name"]: r["urn"] for r in items}
    for r in items:
        if "_deps" not in r:
            continue
        prop_deps = {k: [by_name[n] for n in names] for k, names in r.pop("_deps").items()}
        r["property_dependencies"] = prop_deps
        explicit = [by_name[n] for n in r.pop("_depends_on", [])]
        r["dependencies"] = sorted({u for urns in prop_deps.values() for u in urns} | set(explicit))
    return items


def run(
    resources: Iterable[Mapping[str, Any]],
    names: Sequence[str] | None = None,
    config: Mapping[str, Any] | None = None,
) -> list[tuple[str, str | None, str]]:
    """Evaluate the named policies (all when `None`); `(policy, resource name, message)`."""
    items = stack(resources)
    names_by_urn = {r["urn"]: r["name"] for r in items}
    found: list[Violation] = evaluate_resources(items, config, policies=build_policies(names))
    return [(v.policy, names_by_urn.get(v.urn or ""), v.message) for v in found]
