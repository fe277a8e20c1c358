"""Run the pack's own policy objects on resources from anywhere (e.g. read from AWS).

One implementation of each rule, two sources of resources: the Pulumi engine calls the policies
through the Analyzer protocol; `evaluate_resources` calls the very same `validate` functions with
`pulumi_policy`'s own `ResourceValidationArgs` / `StackValidationArgs` (props wrapped in the SDK's
unknown-checking proxy), and applies config the way the engine does: schema defaults, then the
`--policy-pack-config` document, whose `"all"` key sets every policy's level.

    violations = evaluate_resources(
        [{"type": "aws:rds/cluster:Cluster", "urn": "urn:…", "name": "db", "props": {...}}],
        load_policy_config(Path("policies/config/dev.json")),
    )

A resource is a mapping (or an object with the same attributes) with `type`, `urn`, `name` and
`props` (camelCase inputs); optional `outputs` (used by stack policies instead of `props`),
`protect`, `ignore_changes`, `parent` (URN), `dependencies` (URNs) and `property_dependencies`
(input name → URNs; `propertyDependencies` also accepted).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.policy import PolicyCustomTimeouts, _NotApplicableError
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from aurora_guardrails.base import merged_config
from aurora_guardrails.registry import PACK_NAME, all_policies
from aurora_guardrails.shared import request_scope

__all__ = [
    "PolicySettings",
    "Violation",
    "evaluate_resources",
    "load_policy_config",
    "resolve_config",
]

_LEVELS = {level.value: level for level in EnforcementLevel}


@dataclass(frozen=True)
class Violation:
    """One finding, shaped like the engine's diagnostic."""

    policy: str
    level: str
    """`"advisory"` or `"mandatory"` (remediate reports as mandatory, as the SDK does)."""
    urn: str | None
    """The resource's URN; `None` for a stack-wide finding."""
    resource_type: str | None
    message: str
    """What the rule reported (no secret values)."""
    description: str
    severity: str | None

    @property
    def text(self) -> str:
        """The engine's diagnostic text: description, newline, message."""
        return f"{self.description}\n{self.message}" if self.message else self.description


@dataclass(frozen=True)
class PolicySettings:
    """A policy's effective level and config after merging."""

    level: EnforcementLevel
    config: dict[str, Any]


def load_policy_config(path: Path) -> dict[str, Any]:
    """Read a `--policy-pack-config` JSON file; `ValueError` naming the file when malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"policy config {path.name} is not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ValueError(
            f"policy config {path.name} must be a JSON object, got {type(data).__name__}"
        )
    return data


def _level(value: Any, where: str) -> EnforcementLevel:
    if isinstance(value, str) and value in _LEVELS:
        return _LEVELS[value]
    raise ValueError(f"{where} must be one of {', '.join(_LEVELS)}, got {value!r}")


def resolve_config(
    policies: Sequence[Policy], config: Mapping[str, Any] | None
) -> dict[str, PolicySettings]:
    """Effective level and config per policy, merged as the engine merges them.

    Raises `ValueError` naming the key for an unknown policy, an unknown config property or an
    invalid enforcement level.
    """
    config = dict(config or {})
    by_name = {p.name: p for p in policies}
    all_level: EnforcementLevel | None = None
    if "all" in config:
        entry = config["all"]
        raw = entry.get("enforcementLevel") if isinstance(entry, dict) else entry
        all_level = _level(raw, '"all"')
    unknown = sorted(k for k in config if k != "all" and k not in by_name)
    if unknown:
        raise ValueError(f"policy config names unknown policies: {', '.join(unknown)}")
    settings: dict[str, PolicySettings] = {}
    for policy in policies:
        level = policy.enforcement_level or EnforcementLevel.MANDATORY
        if all_level is not None:
            level = all_level
        entry = config.get(policy.name)
        given: dict[str, Any] = {}
        if isinstance(entry, str):
            level = _level(entry, f'"{policy.name}"')
        elif isinstance(entry, dict):
            if "enforcementLevel" in entry:
                level = _level(entry["enforcementLevel"], f'"{policy.name}".enforcementLevel')
            allowed = set(policy.config_schema.properties) if policy.config_schema else set()
            extra = sorted(k for k in entry if k != "enforcementLevel" and k not in allowed)
            if extra:
                raise ValueError(
                    f'policy config "{policy.name}" has unknown properties {", ".join(extra)}; '
                    f"allowed: {', '.join(sorted(allowed)) or 'none'}"
                )
            given = {k: v for k, v in entry.items() if k != "enforcementLevel"}
        elif entry is not None:
            raise ValueError(
                f'policy config "{policy.name}" must be a level or an object, got {entry!r}'
            )
        settings[policy.name] = PolicySettings(level, merged_config(policy.config_schema, given))
    return settings


def _field(resource: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(resource, Mapping):
            if name in resource:
                return resource[name]
        elif hasattr(resource, name):
            return getattr(resource, name)
    return default


def _options(resource: Any) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=bool(_field(resource, "protect", default=False)),
        ignore_changes=list(_field(resource, "ignore_changes", "ignoreChanges", default=[]) or []),
        delete_before_replace=_field(resource, "delete_before_replace", default=None),
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
        parent=_field(resource, "parent", default=None),
    )


def _props(raw: Any) -> Mapping[str, Any]:
    return unknown_checking_proxy(deserialize_properties(dict(raw or {})))


def _run(call: Any) -> None:
    result = call()
    if inspect.isawaitable(result):
        asyncio.run(_await(result))


async def _await(awaitable: Any) -> None:
    await awaitable


def _reported(
    policy: Policy,
    level: EnforcementLevel,
    sink: list[Violation],
    rtype: str | None,
    urn: str | None,
) -> Any:
    shown = EnforcementLevel.MANDATORY if level == EnforcementLevel.REMEDIATE else level

    def report(message: str, violation_urn: str | None = None) -> None:
        sink.append(
            Violation(
                policy=policy.name,
                level=shown.value,
                urn=urn if urn is not None else violation_urn,
                resource_type=rtype,
                message=message or "",
                description=policy.description,
                severity=policy.severity.value if policy.severity is not None else None,
            )
        )

    return report


def _skipped(policy: Policy, error: UnknownValueError, urn: str | None) -> Violation:
    from aurora_guardrails._version import __version__

    return Violation(
        policy=policy.name,
        level=EnforcementLevel.ADVISORY.value,
        urn=urn,
        resource_type=None,
        message=(
            f"can't run policy '{policy.name}' from policy pack '{PACK_NAME}@v{__version__}' "
            f"during preview: {error.message}"
        ),
        description=policy.description,
        severity=None,
    )


def _stack_resources(resources: Sequence[Any]) -> list[PolicyResource]:
    built: list[tuple[PolicyResource, Any]] = []
    for r in resources:
        outputs = _field(r, "outputs", default=None)
        props = outputs if outputs else _field(r, "props", "inputs", default={})
        pr = PolicyResource(
            str(_field(r, "type")),
            _props(props),
            str(_field(r, "urn")),
            str(_field(r, "name")),
            _options(r),
            None,
            None,
            [],
            {},
        )
        built.append((pr, r))
    by_urn = {pr.urn: pr for pr, _ in built}
    for pr, r in built:
        parent = _field(r, "parent", default=None)
        pr.parent = by_urn.get(parent) if isinstance(parent, str) else None
        pr.dependencies = [
            by_urn[u] for u in _field(r, "dependencies", default=[]) or [] if u in by_urn
        ]
        deps = _field(r, "property_dependencies", "propertyDependencies", default={}) or {}
        pr.property_dependencies = {
            key: [by_urn[u] for u in urns if u in by_urn] for key, urns in dict(deps).items()
        }
    return [pr for pr, _ in built]


def evaluate_resources(
    resources: Iterable[Any],
    config: Mapping[str, Any] | None = None,
    *,
    policies: Sequence[Policy] | None = None,
    stack_tags: Mapping[str, str] | None = None,
    on_error: Callable[[Policy, Exception], None] | None = None,
) -> list[Violation]:
    """Run every (or the given) policy on `resources`; violations in policy, then resource order.

    Disabled policies are skipped; a rule that reads a value unknown during preview yields the
    SDK's advisory "can't run policy … during preview" finding; a rule that calls
    `not_applicable()` yields nothing. A rule that raises stops the evaluation, unless `on_error`
    is given: then the exception is handed to it, what the rule reported before stays, and the
    next policy runs (a rule crashing on odd data must not hide the others).
    """
    items = list(resources)
    chosen = list(policies) if policies is not None else all_policies()
    settings = resolve_config(chosen, config)
    tags = dict(stack_tags or {})
    found: list[Violation] = []
    stack: list[PolicyResource] | None = None
    with request_scope():  # one StackView index and cost model for every stack policy
        for policy in chosen:
            setting = settings[policy.name]
            if setting.level == EnforcementLevel.DISABLED:
                continue
            if isinstance(policy, StackValidationPolicy) and stack is None:
                stack = _stack_resources(items)
            try:
                _evaluate_policy(policy, setting, items, stack or [], tags, found)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(policy, exc)
    return found


def _evaluate_policy(
    policy: Policy,
    setting: PolicySettings,
    items: Sequence[Any],
    stack: list[PolicyResource],
    tags: dict[str, str],
    found: list[Violation],
) -> None:
    """One policy: once per resource (resource policy) or once over `stack` (stack policy)."""
    if isinstance(policy, ResourceValidationPolicy):
        for r in items:
            rtype, urn = str(_field(r, "type")), str(_field(r, "urn"))
            args = ResourceValidationArgs(
                rtype,
                _props(_field(r, "props", "inputs", default={})),
                urn,
                str(_field(r, "name")),
                _options(r),
                None,
                setting.config,
                tags,
            )
            report = _reported(policy, setting.level, found, rtype, urn)
            try:
                _run(lambda: policy.validate(args, report))  # noqa: B023
            except UnknownValueError as error:
                found.append(_skipped(policy, error, urn))
            except _NotApplicableError:
                pass
    elif isinstance(policy, StackValidationPolicy):
        types = {pr.urn: pr.resource_type for pr in stack}
        sargs = StackValidationArgs(stack, setting.config, tags)
        sink: list[Violation] = []
        report = _reported(policy, setting.level, sink, None, None)
        try:
            _run(lambda: policy.validate(sargs, report))
        except UnknownValueError as error:
            found.append(_skipped(policy, error, None))
        except _NotApplicableError:
            pass
        finally:
            for v in sink:
                found.append(
                    Violation(
                        v.policy,
                        v.level,
                        v.urn,
                        types.get(v.urn or ""),
                        v.message,
                        v.description,
                        v.severity,
                    )
                )
