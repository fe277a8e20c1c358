"""Policy classes that carry the metadata every guardrail needs.

`GuardrailResourcePolicy` and `GuardrailStackPolicy` are ordinary `pulumi_policy`
`ResourceValidationPolicy` / `StackValidationPolicy` objects (so any pack can use them), plus:

- `resource_types`: the Pulumi type tokens the rule inspects (other types return at once);
- `anchors`: the ids of the same rule in cdk-nag, checkov, AWS Config, awsguard or Security Hub;
- `checks`: one line for POLICIES.md saying what is checked;
- a config schema whose `default`s are applied by the rule itself, so a direct call (tests, the
  audit command) behaves exactly like the engine, which merges schema defaults before `Configure`.

A rule's check function receives `(props, ctx, report)`: `props` is a `Props` view of the
resource, `ctx` the original `args` plus the merged config. Whatever a check reports, a policy
yields at most one finding per resource: the messages for one resource are joined into one
(`Findings`), so a resource with two faults under one rule is one finding naming both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from aurora_guardrails.props import Props, plain
from aurora_guardrails.shared import shared

__all__ = [
    "ADVISORY",
    "DISABLED",
    "MANDATORY",
    "CheckResource",
    "CheckStack",
    "Findings",
    "GuardrailResourcePolicy",
    "GuardrailStackPolicy",
    "Remediate",
    "Report",
    "ResourceContext",
    "StackContext",
    "merged_config",
    "schema",
]

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY
DISABLED = EnforcementLevel.DISABLED


def schema(**properties: dict[str, Any]) -> PolicyConfigSchema:
    """A `PolicyConfigSchema` from JSON-Schema property definitions (each with a `default`)."""
    for key, definition in properties.items():
        if "default" not in definition:
            raise ValueError(f"config property {key!r} needs a default, got {definition!r}")
    return PolicyConfigSchema(properties=dict(properties))


def merged_config(
    config_schema: PolicyConfigSchema | None, given: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Schema defaults overlaid with the config the engine (or a caller) sent."""
    merged: dict[str, Any] = {}
    if config_schema is not None:
        for key, definition in config_schema.properties.items():
            merged[key] = plain(definition.get("default"))
    for key, value in (given or {}).items():
        if key != "enforcementLevel":
            merged[key] = plain(value)
    return merged


@dataclass(frozen=True)
class ResourceContext:
    """What a resource check needs besides the properties."""

    args: ResourceValidationArgs
    config: dict[str, Any]

    @property
    def protect(self) -> bool:
        """The resource's `protect` option."""
        return bool(getattr(self.args.opts, "protect", False))


@dataclass(frozen=True)
class StackContext:
    """What a stack check needs: the args (resources) and the merged config."""

    args: StackValidationArgs
    config: dict[str, Any]


class Report(Protocol):
    """The SDK's `report_violation`: a message and, for stack policies, the resource's URN."""

    def __call__(self, message: str, urn: str | None = None) -> None: ...


def _sentence(message: str) -> str:
    """`message` ending in a full stop, to be joined with the resource's other messages."""
    text = message.rstrip()
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


class Findings:
    """Messages reported during one check, kept per resource and sent once per resource.

    Used as a context manager around a check: on exit (also when the check raises, e.g. the
    SDK's `UnknownValueError` after some findings) each resource's messages are sent to the
    SDK's `report_violation` as one message, in the order the resources were first reported.
    """

    def __init__(self, sink: ReportViolation) -> None:
        self._sink = sink
        self._messages: dict[str | None, list[str]] = {}

    def __call__(self, message: str, urn: str | None = None) -> None:
        messages = self._messages.setdefault(urn, [])
        if message not in messages:
            messages.append(message)

    def __enter__(self) -> Findings:
        return self

    def __exit__(self, *_exc: object) -> None:
        for urn, messages in self._messages.items():
            joined = messages[0] if len(messages) == 1 else " ".join(map(_sentence, messages))
            self._sink(joined, urn)
        self._messages.clear()


CheckResource = Callable[[Props, ResourceContext, Report], None]
CheckStack = Callable[[StackContext, Report], None]
Remediate = Callable[[Props], dict[str, Any] | None]


def _props(args: ResourceValidationArgs) -> Props:
    """The `Props` of the resource, built once per request for all policies (`shared`)."""
    return shared("props", args.props, lambda: Props(args.props))


def _service_tags(resource_types: Sequence[str]) -> list[str]:
    """The AWS services of `resource_types` (`aws:rds/cluster:Cluster` → `rds`), sorted."""
    return sorted({t.split(":")[1].split("/")[0] for t in resource_types})


class GuardrailResourcePolicy(ResourceValidationPolicy):
    """A resource policy that knows its types, anchors and config defaults."""

    def __init__(
        self,
        *,
        name: str,
        description: str,
        resource_types: Sequence[str],
        check: CheckResource,
        severity: Severity,
        remediation_steps: str,
        anchors: Sequence[str],
        checks: str,
        enforcement_level: EnforcementLevel = MANDATORY,
        config_schema: PolicyConfigSchema | None = None,
        remediate: Remediate | None = None,
    ) -> None:
        self.resource_types = tuple(resource_types)
        self.anchors = tuple(anchors)
        self.checks = checks
        self.has_remediation_fn = remediate is not None
        self._check = check
        self._remediate_fn = remediate
        super().__init__(
            name=name,
            description=description,
            validate=self._validate,
            enforcement_level=enforcement_level,
            config_schema=config_schema,
            # The SDK accepts a plain (non-awaitable) mapping; its annotation is narrower.
            remediate=cast(Any, self._remediate) if remediate is not None else None,
            severity=severity,
            remediation_steps=remediation_steps,
            tags=_service_tags(self.resource_types),
        )

    def _validate(self, args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type not in self.resource_types:
            return
        ctx = ResourceContext(args, merged_config(self.config_schema, args.get_config()))
        with Findings(report) as findings:
            self._check(_props(args), ctx, findings)

    def _remediate(self, args: ResourceValidationArgs) -> Mapping[str, Any] | None:
        """Run the fix on a copy of the inputs; `None` when nothing changes (idempotent)."""
        if args.resource_type not in self.resource_types or self._remediate_fn is None:
            return None
        changes = self._remediate_fn(_props(args))
        if not changes:
            return None
        source = args.props
        target = source["__target"] if not isinstance(source, dict) else source
        new_props = dict(target)
        new_props.update(changes)
        return new_props


class GuardrailStackPolicy(StackValidationPolicy):
    """A stack policy that knows the types it links, its anchors and config defaults."""

    def __init__(
        self,
        *,
        name: str,
        description: str,
        resource_types: Sequence[str],
        check: CheckStack,
        severity: Severity,
        remediation_steps: str,
        anchors: Sequence[str],
        checks: str,
        enforcement_level: EnforcementLevel = MANDATORY,
        config_schema: PolicyConfigSchema | None = None,
    ) -> None:
        self.resource_types = tuple(resource_types)
        self.anchors = tuple(anchors)
        self.checks = checks
        self.has_remediation_fn = False
        self._check = check
        super().__init__(
            name=name,
            description=description,
            validate=self._validate,
            enforcement_level=enforcement_level,
            config_schema=config_schema,
            severity=severity,
            remediation_steps=remediation_steps,
            tags=_service_tags(self.resource_types),
        )

    def _validate(self, args: StackValidationArgs, report: ReportViolation) -> None:
        ctx = StackContext(args, merged_config(self.config_schema, args.get_config()))
        with Findings(report) as findings:
            self._check(ctx, findings)
