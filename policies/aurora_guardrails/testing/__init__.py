"""Helpers for testing guardrail rules (ours, or your own composed on this library).

Resources are plain dicts in the shape `evaluate_resources` takes; `res()` builds one with an
engine-style URN, and `stack()` wires links by resource *name* (`deps={"vpcId": ["vpc"]}`), as the
engine's property dependencies do. `run()` evaluates policies by name and returns
`(policy, resource name or None, message)` triples, so tests can assert exact findings.

The shape matrix (every rule judged as the engine shows a resource in preview and update, before
and after the provider filled its defaults) lives in the submodules:

- `shapes`: `SHAPES`, `shaped()`, `STACK_SHAPES`, `stack_shaped()`, the unknown sentinels
  (`U_STR`, `U_BOOL`, `U_NUM`, `U_ARR`) and `COMPUTED_INPUTS`;
- `provider_defaults`: `PROVIDER_DEFAULTS`, the documented pulumi-aws defaults per type, with
  `SOURCES` and the defaults deliberately `NOT_MODELLED`;
- `compliant`: one compliant resource per type (`COMPLIANT`);
- `stacks`: a compliant stack (`compliant_stack()`) and the edits deriving failing stacks;
- `tables`: `table_modules()`, the test modules of a folder holding case tables, loaded by file;
- `Case` / `run_case()` and `StackCase` / `run_stack_case()` below: one change from the compliant
  resource (or stack) judged by one policy in one shape.

    case = Case(tokens.CLUSTER, "aurora-cmk", {"kmsKeyId": DELETE}, None, ["kmsKeyId is unset, …"])
    for shape in SHAPES:
        assert run_case(case, shape) == expected_for(case.expected, shape)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from aurora_guardrails.evaluate import Violation, evaluate_resources
from aurora_guardrails.registry import build_policies
from aurora_guardrails.testing.compliant import COMPLIANT
from aurora_guardrails.testing.shapes import Shape, StackShape, shaped, stack_shaped

__all__ = [
    "DELETE",
    "URN_PREFIX",
    "Case",
    "StackCase",
    "changed",
    "res",
    "run",
    "run_case",
    "run_stack_case",
    "stack",
    "urn",
]

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


class Case(NamedTuple):
    """One matrix case: `policy`'s findings on the compliant `type_` with `changes`.

    `expected` is the list of messages, or a mapping from shape (or shape half: `"input"`,
    `"checked"`, `"preview"`, `"update"`) to that list when a shape changes the message.
    `changes` may hold `"protect"` (the resource option); `base` replaces the compliant props.
    """

    type_: str
    policy: str
    changes: Mapping[str, Any]
    config: Mapping[str, Any] | None
    expected: Any
    base: Mapping[str, Any] | None = None


class StackCase(NamedTuple):
    """One stack matrix case: `edit` applied to a compliant stack, `policy`'s findings."""

    policy: str
    edit: Callable[[list[dict[str, Any]]], None]
    config: Mapping[str, Any] | None
    expected: Any


def run_case(case: Case, shape: Shape) -> list[str]:
    """The messages of `case.policy` in `shape` (compare with `expected_for(expected, shape)`)."""
    changes = dict(case.changes)
    base, protect = COMPLIANT.get(case.type_, ({}, False))
    protect = bool(changes.pop("protect", protect))
    props = changed(case.base if case.base is not None else base, changes)
    resource = res(case.type_, "r", shaped(case.type_, props, shape, changes), protect=protect)
    return [m for _, _, m in run([resource], [case.policy], case.config)]


def run_stack_case(
    case: StackCase, baseline: Iterable[Mapping[str, Any]], shape: StackShape
) -> list[tuple[str | None, str]]:
    """`(resource name, message)` of `case.policy` on the edited `baseline` in `shape`."""
    items = [{**r, "props": dict(r["props"]), "_deps": dict(r.get("_deps", {}))} for r in baseline]
    case.edit(items)
    found = run(stack_shaped(items, shape), [case.policy], case.config)
    return [(name, message) for _, name, message in found]
