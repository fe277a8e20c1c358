"""`StackView`'s tables answer what a scan of the whole stack answers, on generated stacks."""

from __future__ import annotations

from typing import Any

from aurora_guardrails.props import plain
from aurora_guardrails.shared import request_scope
from aurora_guardrails.stack import StackView, known_strings
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_policy import PolicyResource, PolicyResourceOptions
from pulumi_policy.policy import PolicyCustomTimeouts
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

TYPES = ("t:m/a:A", "t:m/b:B", "t:m/c:C")
VALUES = st.sampled_from(["v1", "v2", "v3", UNKNOWN_STRING_VALUE, ""])
OPTS = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)


@st.composite
def stacks(draw: Any) -> list[PolicyResource]:
    """Resources of three types with ids, `ref` inputs (value or list) and dependencies."""
    count = draw(st.integers(min_value=1, max_value=8))
    resources = []
    for i in range(count):
        props: dict[str, Any] = {}
        if draw(st.booleans()):
            props["id"] = draw(VALUES)
        if draw(st.booleans()):
            props["name"] = draw(VALUES)
        ref = draw(st.one_of(st.none(), VALUES, st.lists(VALUES, max_size=3)))
        if ref is not None:
            props["ref"] = ref
        resources.append(
            PolicyResource(
                draw(st.sampled_from(TYPES)),
                unknown_checking_proxy(props),
                f"urn:{i}",
                f"r{i}",
                OPTS,
                None,
                None,
                [],
                {},
            )
        )
    for r in resources:
        deps = draw(st.lists(st.sampled_from(resources), max_size=3, unique_by=id))
        if deps:
            r.property_dependencies["ref"] = deps
    return resources


def _raw(r: PolicyResource, key: str) -> Any:
    return plain(r.props).get(key)


def scan_linked(
    resources: list[PolicyResource],
    r: PolicyResource,
    types: tuple[str, ...],
    keys: tuple[str, ...],
) -> list[PolicyResource]:
    """`linked` as a scan: dependencies first, else known values against each candidate."""
    found = [d for d in r.property_dependencies.get("ref", []) if d.resource_type in types]
    found = [d for i, d in enumerate(found) if all(d is not e for e in found[:i])]
    if found:
        return found
    wanted = set(known_strings(_raw(r, "ref")))
    return [
        c
        for c in resources
        if c.resource_type in types
        and wanted
        and any(isinstance(_raw(c, m), str) and _raw(c, m) in wanted for m in keys)
    ]


@settings(max_examples=150, deadline=None)
@given(stacks(), st.sampled_from([("id",), ("id", "name")]), st.sampled_from(TYPES))
def test_links_match_a_scan_of_the_stack(
    resources: list[PolicyResource], keys: tuple[str, ...], target_type: str
) -> None:
    """`linked`, `referrers`, `referenced_by` and `of_type`, inside a request and outside."""
    for scoped in (True, False):
        with request_scope() if scoped else _nothing():
            view = StackView(resources)
            again = StackView(resources)  # a second policy's view of the same request
            types = (target_type,)
            assert view.of_type(*types) == [r for r in resources if r.resource_type in types]
            for r in resources:
                expected = scan_linked(resources, r, types, keys)
                assert view.linked(r, "ref", types, keys) == expected
                assert again.linked(r, "ref", types, keys) == expected
            for target in resources:
                expected = [
                    r
                    for r in resources
                    if r.resource_type in TYPES[:2]
                    and any(
                        t is target
                        for t in scan_linked(resources, r, (target.resource_type,), keys)
                    )
                ]
                assert view.referrers(target, TYPES[:2], "ref", keys) == expected
                users = [
                    r
                    for r in resources
                    if r.resource_type != TYPES[2]
                    and (
                        any(d is target for d in r.property_dependencies.get("ref", []))
                        or any(
                            isinstance(_raw(target, m), str)
                            and _raw(target, m) in known_strings(_raw(r, "ref"))
                            for m in keys
                        )
                    )
                ]
                assert view.referenced_by(target, ("ref",), keys, (TYPES[2],)) == users


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
