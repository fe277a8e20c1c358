"""Result types of a policy-pack run and the errors the runner raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from auroractl.engine.model import PlannedResource, PlanResult
from auroractl.policy_config import PolicyConfigError as PolicyConfigError

#: Enforcement levels a finding can carry, most severe first (also the sort order).
FINDING_LEVELS = ("mandatory", "remediate", "advisory")


class PolicyPackError(Exception):
    """The pack could not be started or failed while analysing (message ready to print)."""


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
class PolicyDoc:
    """What a pack declares about one policy (``GetAnalyzerInfo``'s ``PolicyInfo``)."""

    name: str
    display_name: str
    description: str
    level: str
    """The pack's own enforcement level (before any policy config)."""
    remediation: str = ""
    url: str = ""
    severity: str = ""
    """``"low"``, ``"medium"``, ``"high"``, ``"critical"`` or ``""`` (unspecified)."""
    tags: tuple[str, ...] = ()


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
    policies: list[PolicyDoc] = field(default_factory=list)
    """Every policy of the pack, sorted by name."""

    @property
    def mandatory(self) -> list[Finding]:
        """Findings that block the deployment."""
        return [f for f in self.findings if f.level == "mandatory"]


PlannedResourceLike = PlannedResource
"""What the runner reads of a resource: the mock engine's own record (one definition)."""

PlanLike = PlanResult
"""What the runner reads of a plan: the mock engine's own result."""
