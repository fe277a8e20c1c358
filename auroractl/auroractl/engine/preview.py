"""The plan as ``pulumi preview --json`` prints it: a PreviewDigest, plus our own members.

The real digest is ``PreviewDigest`` (pulumi/pulumi ``pkg/display/json.go``), filled by
``ShowPreviewDigest`` (``pkg/backend/display/json.go``):

- ``config``: every key's value as a string (``map[string]string``; secrets ``[secret]``;
  objects as JSON), from the engine's prelude event (``pkg/engine/events.go``, ``preludeEvent``);
- ``steps``: one per resource, ``op``, ``urn``, ``provider``, ``newState`` (an
  ``apitype.ResourceV3``, ``sdk/go/common/apitype/core.go``) and ``detailedDiff``, which has
  no ``omitempty`` and is ``null`` for a create (``pkg/resource/deploy/step.go``,
  ``NewCreateStep``); default providers are internal steps and not shown
  (``pkg/engine/update.go``, ``isInternalStep``);
- ``diagnostics``: ``urn``, ``message`` (the prefix such as ``warning: `` inside it, colours
  removed, ending in a newline as ``diag.Sink.Stringify`` writes it) and ``severity``;
- ``duration`` (nanoseconds) and ``changeSummary``;
- every empty member is omitted (``omitempty``), and policy events are not in it at all.

Our members, which the real digest does not have: ``outputs`` (the stack outputs; the real
digest shows the root stack's state before its outputs are registered), ``policyFindings``,
``cost`` and, when the run failed, ``error``.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from auroractl.engine.aws import AwsModel
from auroractl.engine.config import config_string
from auroractl.engine.model import (
    ROOT_STACK_TYPE,
    UNKNOWN,
    PlannedResource,
    PlanResult,
    blind,
)

__all__ = ["default_provider_urn", "error_json", "preview_json", "source_position"]


@functools.cache
def _package_version(package: str) -> str:
    """The installed provider SDK's version (cached: a metadata lookup scans site-packages)."""
    try:
        return metadata.version(f"pulumi_{package}").replace(".", "_")
    except metadata.PackageNotFoundError:
        return ""


def default_provider_urn(plan: PlanResult, resource: PlannedResource) -> str:
    """The provider reference the engine gives a custom resource: its own, or the package's
    default provider (``urn::id``; the id is unknown during preview). The engine records the
    default provider itself as a resource; this builds the reference for hand-made plans."""
    if resource.provider or not resource.custom or resource.type.startswith("pulumi:providers:"):
        return resource.provider
    package = resource.type.split(":", 1)[0]
    version = _package_version(package)
    name = f"default_{version}" if version else "default"
    urn = f"urn:pulumi:{plan.stack}::{plan.project}::pulumi:providers:{package}::{name}"
    provider_id = (
        UNKNOWN
        if plan.preview
        else AwsModel().create(f"pulumi:providers:{package}", name, urn, {})[0]
    )
    return f"{urn}::{provider_id}"


def source_position(project_dir: str, frame: tuple[str, int]) -> str:
    """A frame as the engine records it: ``project:///<path relative to the project>#<line>``
    (pulumi/pulumi ``pkg/resource/deploy/source_eval.go``, ``parseSourcePosition``)."""
    path, line = frame
    relative = os.path.relpath(path, project_dir) if project_dir else path.lstrip(os.sep)
    return f"project:///{Path(relative).as_posix()}#{line}"


def _as_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _as_json(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(v) for v in value]
    return value


def _omit_empty(members: dict[str, Any]) -> dict[str, Any]:
    """Go's ``omitempty``: no false, zero, empty string, empty list or empty map."""
    return {k: v for k, v in members.items() if v not in (None, False, 0, "", [], {})}


def _new_state(plan: PlanResult, resource: PlannedResource) -> dict[str, Any]:
    """``apitype.ResourceV3`` in its field order; the root stack without its outputs."""
    outputs = {} if resource.type == ROOT_STACK_TYPE else resource.outputs
    trace = [source_position(plan.project_dir, frame) for frame in resource.stack_trace]
    return {
        "urn": resource.urn,
        "custom": resource.custom,
        **_omit_empty(
            {
                "id": resource.id or "",
                "type": resource.type,
                "inputs": blind(resource.inputs, unknown=None),
                "outputs": blind(outputs, unknown=None),
                "parent": resource.parent or "",
                "protect": resource.protect,
                "dependencies": list(resource.dependencies),
                "provider": default_provider_urn(plan, resource),
                "propertyDependencies": {
                    k: list(v) for k, v in resource.property_dependencies.items() if v
                },
                "additionalSecretOutputs": list(resource.additional_secret_outputs),
                "aliases": list(resource.aliases),
                "importID": resource.import_id,
                "retainOnDelete": resource.retain_on_delete,
                "sourcePosition": trace[0] if trace else "",
                "stackTrace": [{"sourcePosition": position} for position in trace],
                "ignoreChanges": list(resource.ignore_changes),
                "replaceOnChanges": list(resource.replace_on_changes),
            }
        ),
    }


def _diagnostic(severity: str, message: str, urn: str | None = None) -> dict[str, Any]:
    """A PreviewDiagnostic: the prefix (none for info) inside the message, newline-ended."""
    prefix = "" if severity in ("info", "info#err") else f"{severity}: "
    text = message if message.endswith("\n") else f"{message}\n"
    return _omit_empty({"urn": urn or "", "message": f"{prefix}{text}", "severity": severity})


def _config(config: Mapping[str, Any]) -> dict[str, str]:
    return {key: config_string(value) for key, value in sorted(config.items())}


def preview_json(
    plan: PlanResult,
    findings: Sequence[Any] | None = None,
    cost: Any = None,
) -> dict[str, Any]:
    """The PreviewDigest of the plan, then ``outputs``, ``policyFindings`` and ``cost``.

    Every resource is a ``create`` step (the mock engine has no prior state). Secrets are
    ``"[secret]"``; values unknown during preview are Pulumi's unknown sentinel, as
    ``stack.SerializePropertyValue`` writes them. ``findings`` (when a pack ran) go under
    ``policyFindings`` and ``cost`` (a mapping or dataclass) under ``cost``.
    """
    steps = []
    for resource in plan.resources:
        state = _new_state(plan, resource)
        steps.append(
            {
                "op": "create",
                "urn": resource.urn,
                **_omit_empty({"provider": state.get("provider", "")}),
                "newState": state,
                "detailedDiff": None,
            }
        )
    doc = _omit_empty(
        {
            "config": _config(plan.config),
            "steps": steps,
            "diagnostics": [_diagnostic(d.severity, d.message, d.urn) for d in plan.diagnostics],
            "duration": plan.duration_ns,
            "changeSummary": {"create": len(steps)} if steps else {},
        }
    )
    doc["outputs"] = _as_json(plan.outputs)
    if findings is not None:
        doc["policyFindings"] = [_as_json(f) for f in findings]
    if cost is not None:
        doc["cost"] = _as_json(cost)
    return doc


def error_json(
    kind: str,
    message: str,
    exit_code: int,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The document of a run that failed before it had a plan.

    The error is a diagnostic, as the engine reports a failed program, and our ``error``
    member: ``kind`` (``config``, ``program``, ``policy-pack``), ``message`` (the one line
    printed on stderr) and ``exitCode``.
    """
    return {
        **_omit_empty({"config": _config(config or {})}),
        "diagnostics": [_diagnostic("error", message)],
        "error": {"kind": kind, "message": message, "exitCode": exit_code},
    }
