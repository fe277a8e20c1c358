"""Data shapes produced by the mock engine and consumed by the CLI, policy runner and cost model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from auroractl.engine.config import SECRET_PLACEHOLDER
from auroractl.errors import ProgramError

__all__ = [
    "RESOURCE_REF_SIG",
    "ROOT_STACK_TYPE",
    "SECRET_SIG",
    "SIG_KEY",
    "UNKNOWN",
    "UNKNOWN_PLACEHOLDER",
    "Diagnostic",
    "PlanResult",
    "PlannedResource",
    "ProgramError",
    "blind",
    "is_secret",
    "unwrap_secrets",
]

ROOT_STACK_TYPE: Final = "pulumi:pulumi:Stack"
SIG_KEY: Final = "4dabf18193072939515e22adb298388d"
"""Key of Pulumi's special wire objects (secrets, resource references, assets)."""
SECRET_SIG: Final = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_REF_SIG: Final = "5cf8f73096256a8f31e491e813e4eb8e"
UNKNOWN: Final = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""Pulumi's wire sentinel for a value that is unknown during preview."""
UNKNOWN_PLACEHOLDER: Final = "[unknown]"
"""How an unknown stack output is shown in :attr:`PlanResult.outputs`."""


@dataclass(frozen=True)
class Diagnostic:
    """A message the program logged (``pulumi.log``), as the preview JSON reports it."""

    severity: str
    message: str
    urn: str | None = None


@dataclass(frozen=True)
class PlannedResource:
    """One RegisterResource request as the engine recorded it.

    ``inputs`` and ``outputs`` are plain JSON values by camelCase wire name. Secrets stay in
    their wire form ``{SIG_KEY: SECRET_SIG, "value": ...}`` (also when their content is
    unknown); values unknown during preview are the wire sentinel :data:`UNKNOWN`, in lists
    too. ``outputs`` is the provider's state: in preview the inputs plus every output-only
    property the SDK class declares as :data:`UNKNOWN`; in update mode all known.
    """

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    id: str | None
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    protect: bool = False
    ignore_changes: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    provider: str = ""
    delete_before_replace: bool = False
    retain_on_delete: bool = False
    replace_on_changes: list[str] = field(default_factory=list)
    additional_secret_outputs: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    import_id: str = ""
    stack_trace: list[tuple[str, int]] = field(default_factory=list)
    """Where the program registered the resource: ``(absolute file, line)`` frames, innermost
    (the caller of the resource's constructor) first, as the SDK sends them in
    ``RegisterResourceRequest.stackTrace`` (empty with SDKs that send none)."""


@dataclass(frozen=True)
class PlanResult:
    """The outcome of one run of a stack under the mock engine."""

    project: str
    stack: str
    preview: bool
    config: dict[str, Any]
    """Full keys (``ns:key``) to typed values, defaults applied, secrets ``"[secret]"``."""
    resources: list[PlannedResource]
    """Registration order; the first is the root ``pulumi:pulumi:Stack``."""
    outputs: dict[str, Any]
    """Stack outputs; secrets ``"[secret]"``, unknown values ``"[unknown]"``."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    duration_ns: int = 0
    project_dir: str = ""
    """Absolute directory of ``Pulumi.yaml``: the engine's project root for source positions."""

    @property
    def stack_urn(self) -> str:
        """URN of the root stack resource."""
        return self.resources[0].urn

    def by_type(self, type_: str) -> list[PlannedResource]:
        """Resources of one type, in registration order."""
        return [r for r in self.resources if r.type == type_]

    def by_urn(self, urn: str) -> PlannedResource:
        """The resource with this URN; KeyError when absent."""
        for resource in self.resources:
            if resource.urn == urn:
                return resource
        raise KeyError(urn)

    def children(self, urn: str) -> list[PlannedResource]:
        """Direct children of a resource, in registration order."""
        return [r for r in self.resources if r.parent == urn]


def is_secret(value: Any) -> bool:
    """Whether a wire value is a secret wrapper."""
    return isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG


def unwrap_secrets(value: Any) -> Any:
    """A wire value with every secret wrapper replaced by its plaintext."""
    if is_secret(value):
        return unwrap_secrets(value.get("value"))
    if isinstance(value, dict):
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def blind(value: Any, unknown: str | None = UNKNOWN_PLACEHOLDER) -> Any:
    """A wire value with secrets as ``"[secret]"`` and unknowns as ``unknown``."""
    if is_secret(value):
        return SECRET_PLACEHOLDER
    if isinstance(value, dict):
        return {k: blind(v, unknown) for k, v in value.items()}
    if isinstance(value, list):
        return [blind(v, unknown) for v in value]
    if value == UNKNOWN and unknown is not None:
        return unknown
    return value
