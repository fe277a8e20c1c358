"""Result types of a policy-pack run and the errors the runner raises."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

#: Enforcement levels a finding can carry, most severe first (also the sort order).
FINDING_LEVELS = ("mandatory", "remediate", "advisory")


class PolicyPackError(Exception):
    """The pack could not be started or failed while analysing (message ready to print)."""


class PolicyConfigError(ValueError):
    """The ``--policy-pack-config`` file is invalid (message ready to print)."""


@dataclass(frozen=True)
class Finding:
    """One diagnostic reported by a policy, as the Pulumi CLI shows it."""

    policy: str
    level: str
    """``"advisory"``, ``"mandatory"`` or ``"remediate"`` (a remediation that was applied)."""
    urn: str | None
    """The resource the finding is about; ``None`` for a stack-wide finding."""
    resource_type: str | None
    message: str
    """Policy description, a newline, then the policy's message; secret values scrubbed."""
    pack: str


@dataclass(frozen=True)
class PackLog:
    """A log line the pack wrote (``pulumi.log`` through the engine, or its stdout/stderr)."""

    severity: str
    """``"debug"``, ``"info"``, ``"warning"`` or ``"error"``."""
    message: str
    urn: str | None = None


@dataclass(frozen=True)
class PackReport:
    """Everything one analysis produced."""

    pack: str
    version: str
    findings: list[Finding]
    logs: list[PackLog] = field(default_factory=list)
    not_applicable: list[tuple[str, str, str]] = field(default_factory=list)
    """``(policy, urn, reason)`` for each policy that declared itself not applicable."""

    @property
    def mandatory(self) -> list[Finding]:
        """Findings that block the deployment."""
        return [f for f in self.findings if f.level == "mandatory"]


class PlannedResourceLike(Protocol):
    """The fields of ``auroractl.engine.PlannedResource`` the runner reads."""

    @property
    def urn(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def custom(self) -> bool: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def id(self) -> str | None: ...
    @property
    def inputs(self) -> dict[str, Any]: ...
    @property
    def outputs(self) -> dict[str, Any]: ...
    @property
    def protect(self) -> bool: ...
    @property
    def ignore_changes(self) -> list[str]: ...
    @property
    def dependencies(self) -> list[str]: ...
    @property
    def property_dependencies(self) -> dict[str, list[str]]: ...
    @property
    def provider(self) -> str: ...


class PlanLike(Protocol):
    """The fields of ``auroractl.engine.PlanResult`` the runner reads."""

    @property
    def project(self) -> str: ...
    @property
    def stack(self) -> str: ...
    @property
    def preview(self) -> bool: ...
    @property
    def config(self) -> dict[str, Any]: ...
    @property
    def resources(self) -> Sequence[PlannedResourceLike]: ...
