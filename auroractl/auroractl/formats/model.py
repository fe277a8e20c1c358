"""What the report formats read: one run of ``auroractl plan`` and where a resource was declared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auroractl.engine import PlannedResource, PlanResult
from auroractl.extension import Section

__all__ = ["Failure", "PlanRun", "field_of", "program_location"]


@dataclass(frozen=True)
class Failure:
    """Why the run failed: ``kind`` (``config``, ``program``, ``policy``, ``cost``), the one
    line printed on stderr and the exit code."""

    kind: str
    message: str
    exit_code: int


@dataclass(frozen=True)
class PlanRun:
    """One run of ``auroractl plan``."""

    project_dir: Path
    stack: str
    preview: bool
    plan: PlanResult | None
    sections: Sequence[Section] = ()
    failure: Failure | None = None
    exit_code: int = 0

    @property
    def findings(self) -> list[Any]:
        """Every section's policy findings, in report order."""
        return [f for s in self.sections for f in (s.findings or [])]

    @property
    def rules(self) -> list[Any]:
        """Every section's policy descriptions (``PolicyDoc``), in report order."""
        return [r for s in self.sections for r in (s.rules or [])]

    @property
    def policy_ran(self) -> bool:
        """Whether a pack reported (a section with findings, possibly none)."""
        return any(s.findings is not None for s in self.sections)

    def resource(self, urn: str | None) -> PlannedResource | None:
        """The planned resource with this URN, if the plan has it."""
        if self.plan is None or not urn:
            return None
        for resource in self.plan.resources:
            if resource.urn == urn:
                return resource
        return None


def field_of(item: Any, name: str, default: Any = "") -> Any:
    """An attribute of a finding or policy description, also when given as a mapping."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _in_environment(path: Path) -> bool:
    """Installed code (a virtual environment's or the interpreter's own packages)."""
    return any(part in ("site-packages", "dist-packages") for part in path.parts)


def program_location(resource: PlannedResource, project_dir: Path) -> list[tuple[Path, int]]:
    """The frames of the resource's registration that are the program's own code: inside the
    project directory and not installed packages, innermost first (the declaring line)."""
    root = project_dir.resolve()
    frames = []
    for file, line in resource.stack_trace:
        path = Path(file)
        if path.is_relative_to(root) and not _in_environment(path.relative_to(root)):
            frames.append((path, line))
    return frames
