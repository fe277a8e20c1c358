"""`PolicyPack`: pulumi_policy's own pack, serving each request decoded once.

pulumi_policy 1.21's Analyzer servicer decodes an `Analyze` request's properties and provider
once *per resource policy*, and every resource of an `AnalyzeStack` request once *per stack
policy*. This `PolicyPack` is `pulumi_policy.PolicyPack` (same arguments, same
`GetAnalyzerInfo`, `Configure`, `ConfigureStack` and `Remediate`: policies are still listed and
configured one by one, by name) whose servicer overrides only `Analyze` and `AnalyzeStack`:

- the request is decoded once, on first need, and the same `ResourceValidationArgs.props`
  (or the same list of `PolicyResource`s) goes to every policy;
- the policies run in a `request_scope`, so what they derive from those shared objects (`Props`,
  the `StackView` index, the cost model's resources) is built once too;
- a `GuardrailResourcePolicy` whose `resource_types` do not include the request's type is not
  called at all (it would return without a word).

Everything else is the stock loop, line for line: the same enforcement levels, diagnostics,
"can't run policy … during preview" findings and not-applicable answers. Any `Policy` works in
it, not only this library's. The upstream change that would make this unnecessary is in
`docs/upstream/` of the repository.

The servicer is installed by binding `pulumi_policy.policy._PolicyAnalyzerServicer` to it for
the duration of `PolicyPack.__init__` (which builds the servicer from that name and then serves
until the process ends). That and the private names the loop calls are checked by
`internals_problem()`; when pulumi_policy no longer has them the pack says so on stderr and
serves with the stock servicer (correct, only slower), and the library's tests fail.
"""

from __future__ import annotations

import asyncio
import sys
from inspect import isawaitable
from typing import Any, cast

import pulumi_policy
import pulumi_policy.policy as sdk
from google.protobuf import json_format
from pulumi.runtime import proto
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from aurora_guardrails.base import GuardrailResourcePolicy
from aurora_guardrails.shared import request_scope

__all__ = ["SDK_NAMES", "PolicyPack", "SharedDecodeServicer", "internals_problem"]

_STOCK = sdk._PolicyAnalyzerServicer
_PRIVATE = "_PolicyAnalyzerServicer__"

SDK_NAMES: tuple[str, ...] = (
    "_configure_runtime_settings",
    "_get_enforcement_level",
    "_create_report_violation",
    "_get_resource_options",
    "_get_provider_resource",
    "_get_policy_config",
    "_map_enforcement_level",
)
"""Methods of pulumi_policy's servicer that `SharedDecodeServicer` calls."""

_SDK_ATTRIBUTES = ("policies", "policy_pack_name", "policy_pack_version", "stack_tags")


def internals_problem() -> str | None:
    """What this module relies on and the installed pulumi_policy lacks; `None` when all is there.

    Checked: the servicer class, the methods in `SDK_NAMES`, `PolicyPack.__init__` building its
    servicer through the module-level name, and the private attributes the loop reads (set by
    the servicer's constructor).
    """
    servicer: Any = getattr(sdk, "_PolicyAnalyzerServicer", None)
    if not isinstance(servicer, type) or not issubclass(servicer, proto.AnalyzerServicer):
        return "pulumi_policy.policy._PolicyAnalyzerServicer is missing"
    missing = [name for name in SDK_NAMES if not callable(getattr(servicer, name, None))]
    if missing:
        return f"pulumi_policy's servicer lacks {', '.join(missing)}"
    if "_PolicyAnalyzerServicer" not in pulumi_policy.PolicyPack.__init__.__code__.co_names:
        return "pulumi_policy.PolicyPack no longer builds _PolicyAnalyzerServicer by name"
    if not hasattr(sdk, "_NotApplicableError"):
        return "pulumi_policy.policy._NotApplicableError is missing"
    try:
        probe = cast(Any, servicer)(
            "probe", "0.0.1", [_PROBE], EnforcementLevel.ADVISORY, None, None, None, None, None
        )
    except TypeError as exc:
        return f"pulumi_policy's servicer takes other arguments: {exc}"
    absent = [a for a in _SDK_ATTRIBUTES if not hasattr(probe, _PRIVATE + a)]
    if absent:
        return f"pulumi_policy's servicer no longer stores {', '.join(absent)}"
    return None


_PROBE = StackValidationPolicy("probe", "probe", validate=lambda args, report: None)


def _run(result: Any) -> None:
    """Await a validation's awaitable on a fresh loop, as the stock servicer does."""
    if isawaitable(result):
        loop = asyncio.new_event_loop()
        task: asyncio.Task[Any] = asyncio.Task(cast(Any, result), loop=loop)
        loop.run_until_complete(task)
        loop.close()


class SharedDecodeServicer(_STOCK):
    """The stock servicer with `Analyze` and `AnalyzeStack` decoding each request once."""

    def _private(self, name: str) -> Any:
        return getattr(self, _PRIVATE + name)

    def _cannot_run(self, policy: Policy, error: UnknownValueError) -> Any:
        name, version = self._private("policy_pack_name"), self._private("policy_pack_version")
        return proto.AnalyzeDiagnostic(
            policyName=policy.name,
            policyPackName=name,
            policyPackVersion=version,
            message=(
                f"can't run policy '{policy.name}' from policy pack "
                f"'{name}@v{version}' during preview: {error.message}"
            ),
            urn="",
            description=policy.description,
            enforcementLevel=self._map_enforcement_level(EnforcementLevel.ADVISORY),
        )

    def _validate(
        self,
        response: Any,
        policy: Policy,
        level: EnforcementLevel,
        args: ResourceValidationArgs | StackValidationArgs,
    ) -> None:
        report: ReportViolation = self._create_report_violation(
            response, policy.name, policy.description, level, policy.severity
        )
        try:
            _run(policy.validate(args, report))  # type: ignore[attr-defined]
        except UnknownValueError as error:
            response.diagnostics.append(self._cannot_run(policy, error))
        except sdk._NotApplicableError as error:
            response.not_applicable.append(
                proto.PolicyNotApplicable(policy_name=policy.name, reason=error.reason or "")
            )

    def Analyze(self, request: Any, _context: Any) -> Any:
        """Every enabled resource policy on one resource, decoded once."""
        self._configure_runtime_settings()  # type: ignore[no-untyped-call]
        response = proto.AnalyzeResponse()
        decoded: tuple[Any, PolicyResourceOptions, PolicyProviderResource | None] | None = None
        with request_scope():
            for policy in self._private("policies"):
                level = self._get_enforcement_level(policy)
                if level == EnforcementLevel.DISABLED or not isinstance(
                    policy, ResourceValidationPolicy
                ):
                    continue
                if not policy.has_validation():
                    response.not_applicable.append(
                        proto.PolicyNotApplicable(
                            policy_name=policy.name, reason="Policy does not implement validate"
                        )
                    )
                    continue
                if level == EnforcementLevel.REMEDIATE:
                    level = EnforcementLevel.MANDATORY
                if (
                    isinstance(policy, GuardrailResourcePolicy)
                    and request.type not in policy.resource_types
                ):
                    continue
                if decoded is None:
                    props = deserialize_properties(json_format.MessageToDict(request.properties))
                    decoded = (
                        unknown_checking_proxy(props),
                        self._get_resource_options(request),
                        self._get_provider_resource(request),
                    )
                args = ResourceValidationArgs(
                    request.type,
                    decoded[0],
                    request.urn,
                    request.name,
                    decoded[1],
                    decoded[2],
                    self._get_policy_config(policy.name),
                    self._private("stack_tags"),
                )
                self._validate(response, policy, level, args)
        return response

    def AnalyzeStack(self, request: Any, _context: Any) -> Any:
        """Every enabled stack policy on one list of resources, decoded once."""
        self._configure_runtime_settings()  # type: ignore[no-untyped-call]
        response = proto.AnalyzeResponse()
        resources: list[PolicyResource] | None = None
        with request_scope():
            for policy in self._private("policies"):
                level = self._get_enforcement_level(policy)
                if level == EnforcementLevel.DISABLED or not isinstance(
                    policy, StackValidationPolicy
                ):
                    continue
                if level == EnforcementLevel.REMEDIATE:
                    level = EnforcementLevel.MANDATORY
                if resources is None:
                    resources = self._stack_resources(request)
                args = StackValidationArgs(
                    resources, self._get_policy_config(policy.name), self._private("stack_tags")
                )
                self._validate(response, policy, level, args)
        return response

    def _stack_resources(self, request: Any) -> list[PolicyResource]:
        """The request's resources with parents and dependencies linked, as the SDK builds them."""
        built: list[tuple[PolicyResource, Any]] = []
        for r in request.resources:
            props = unknown_checking_proxy(
                deserialize_properties(json_format.MessageToDict(r.properties))
            )
            resource = PolicyResource(
                r.type,
                props,
                r.urn,
                r.name,
                self._get_resource_options(r),
                self._get_provider_resource(r),
                None,
                [],
                {},
            )
            built.append((resource, r))
        by_urn = {resource.urn: resource for resource, _ in built}
        for resource, r in built:
            if r.parent is not None and r.parent in by_urn:
                resource.parent = by_urn[r.parent]
            resource.dependencies.extend(by_urn[d] for d in r.dependencies if d in by_urn)
            for key, deps in r.propertyDependencies.items():
                resource.property_dependencies[key] = [by_urn[d] for d in deps.urns if d in by_urn]
        return [resource for resource, _ in built]


class PolicyPack(pulumi_policy.PolicyPack):
    """`pulumi_policy.PolicyPack` (same arguments; serves until the process ends) whose
    `Analyze` and `AnalyzeStack` decode each request once; see the module docstring."""

    def __init__(self, name: str, policies: list[Policy], **kwargs: Any) -> None:
        problem = internals_problem()
        if problem is not None:
            sys.stderr.write(
                f"aurora-guardrails: {problem} (pulumi_policy {_sdk_version()}); "
                "serving with the stock servicer, which decodes every request once per policy\n"
            )
            super().__init__(name, policies, **kwargs)
            return
        module: Any = sdk
        module._PolicyAnalyzerServicer = SharedDecodeServicer
        try:
            super().__init__(name, policies, **kwargs)
        finally:
            module._PolicyAnalyzerServicer = _STOCK


def _sdk_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("pulumi-policy")
    except metadata.PackageNotFoundError:
        return "unknown"
