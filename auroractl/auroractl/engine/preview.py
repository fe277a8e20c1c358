"""The plan as a ``pulumi preview --json`` document (``sdk/go/common/display/json.go``)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from importlib import metadata
from typing import Any

from auroractl.engine.aws import AwsModel
from auroractl.engine.model import UNKNOWN, PlannedResource, PlanResult, blind

__all__ = ["default_provider_urn", "preview_json"]


@functools.cache
def _package_version(package: str) -> str:
    """The installed provider SDK's version (cached: a metadata lookup scans site-packages)."""
    try:
        return metadata.version(f"pulumi_{package}").replace(".", "_")
    except metadata.PackageNotFoundError:
        return ""


def default_provider_urn(plan: PlanResult, resource: PlannedResource) -> str:
    """The provider reference the engine gives a custom resource: its own, or the package's
    default provider (``urn::id``; the id is unknown during preview)."""
    if resource.provider or not resource.custom:
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


def _as_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _as_json(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(v) for v in value]
    return value


def _field(item: Any, name: str, default: Any = "") -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _new_state(plan: PlanResult, resource: PlannedResource) -> dict[str, Any]:
    state: dict[str, Any] = {
        "urn": resource.urn,
        "custom": resource.custom,
        "type": resource.type,
        "inputs": blind(resource.inputs, unknown=None),
        "outputs": blind(resource.outputs, unknown=None),
        "parent": resource.parent or "",
        "protect": resource.protect,
        "dependencies": list(resource.dependencies),
        "propertyDependencies": {k: list(v) for k, v in resource.property_dependencies.items()},
        "ignoreChanges": list(resource.ignore_changes),
    }
    if resource.id:
        state["id"] = resource.id
    provider = default_provider_urn(plan, resource)
    if provider:
        state["provider"] = provider
    if resource.retain_on_delete:
        state["retainOnDelete"] = True
    if resource.additional_secret_outputs:
        state["additionalSecretOutputs"] = list(resource.additional_secret_outputs)
    return state


def preview_json(
    plan: PlanResult,
    findings: Sequence[Any] | None = None,
    cost: Any = None,
) -> dict[str, Any]:
    """A ``pulumi preview --json``-shaped document for the plan.

    Every resource is a ``create`` step (the mock engine has no prior state). Secrets are
    ``"[secret]"``; values unknown during preview keep Pulumi's unknown sentinel.
    ``findings`` (policy findings) are added as ``diagnostics`` entries, as the CLI reports
    policy violations, and in full under ``policyFindings``; ``cost`` (a mapping or dataclass)
    goes under ``cost``. Both keys are extensions of the CLI's format.
    """
    steps = []
    for resource in plan.resources:
        state = _new_state(plan, resource)
        steps.append(
            {
                "op": "create",
                "urn": resource.urn,
                "provider": state.get("provider", ""),
                "newState": state,
            }
        )
    diagnostics: list[dict[str, Any]] = [
        {
            "urn": d.urn or "",
            "prefix": f"{d.severity}: ",
            "message": d.message,
            "severity": d.severity,
        }
        for d in plan.diagnostics
    ]
    doc: dict[str, Any] = {
        "config": _as_json(plan.config),
        "steps": steps,
        "outputs": _as_json(plan.outputs),
        "diagnostics": diagnostics,
        "duration": plan.duration_ns,
        "changeSummary": {"create": len(steps)},
    }
    if findings is not None:
        for finding in findings:
            level = str(_field(finding, "level", "advisory"))
            diagnostics.append(
                {
                    "urn": _field(finding, "urn", None) or "",
                    "prefix": f"[{level}]  {_field(finding, 'pack')}  "
                    f"{_field(finding, 'policy')}: ",
                    "message": str(_field(finding, "message")),
                    "severity": "error" if level == "mandatory" else "warning",
                }
            )
        doc["policyFindings"] = [_as_json(f) for f in findings]
    if cost is not None:
        doc["cost"] = _as_json(cost)
    return doc
