"""Factories for the DSQL rule tests: runtime-shaped args (proxied props), exact messages.

Props are wrapped in `pulumi_policy`'s unknown-checking proxy, as the Analyzer does, so reading an
unknown sentinel raises `UnknownValueError` in tests exactly as in a real preview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import (
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.policy import PolicyCustomTimeouts
from pulumi_policy.proxy import unknown_checking_proxy

from aurora_guardrails.base import GuardrailResourcePolicy, GuardrailStackPolicy

__all__ = [
    "ACCOUNT",
    "UNKNOWN",
    "check_resource",
    "check_stack",
    "options",
    "resource",
    "stack_resource",
]

ACCOUNT = "123456789012"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The engine's sentinel for an unknown string during preview."""
PREFIX = "urn:pulumi:staging::aurora-platform::"


def options(protect: bool = False) -> PolicyResourceOptions:
    """Resource options as the Analyzer builds them."""
    return PolicyResourceOptions(
        protect=protect,
        ignore_changes=[],
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
    )


def resource(type_: str, name: str, props: Mapping[str, Any]) -> ResourceValidationArgs:
    """`ResourceValidationArgs` for one resource."""
    return ResourceValidationArgs(
        type_,
        unknown_checking_proxy(dict(props)),
        f"{PREFIX}{type_}::{name}",
        name,
        options(),
        None,
    )


def check_resource(
    policy: GuardrailResourcePolicy,
    type_: str,
    props: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
) -> list[str]:
    """Run a resource policy on one resource; return the reported messages."""
    messages: list[str] = []
    args = resource(type_, "subject", props)
    if config is not None:
        args = ResourceValidationArgs(
            args.resource_type, args.props, args.urn, args.name, args.opts, None, dict(config)
        )

    def report(message: str, urn: str | None = None) -> None:
        messages.append(message)

    policy.validate(args, report)
    return messages


def stack_resource(
    type_: str,
    name: str,
    props: Mapping[str, Any],
    property_dependencies: Mapping[str, Sequence[PolicyResource]] | None = None,
) -> PolicyResource:
    """A `PolicyResource` (stack policies), with optional property dependencies."""
    return PolicyResource(
        type_,
        unknown_checking_proxy(dict(props)),
        f"{PREFIX}{type_}::{name}",
        name,
        options(),
        None,
        None,
        [d for deps in (property_dependencies or {}).values() for d in deps],
        {k: list(v) for k, v in (property_dependencies or {}).items()},
    )


def check_stack(
    policy: GuardrailStackPolicy,
    resources: Sequence[PolicyResource],
    config: Mapping[str, Any] | None = None,
) -> list[tuple[str, str | None]]:
    """Run a stack policy; return (message, resource name or None) per violation."""
    by_urn = {r.urn: r.name for r in resources}
    found: list[tuple[str, str | None]] = []
    args = StackValidationArgs(list(resources), dict(config or {}))

    def report(message: str, urn: str | None = None) -> None:
        found.append((message, by_urn.get(urn) if urn else None))

    policy.validate(args, report)
    return found
