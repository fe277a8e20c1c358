"""What ``auroractl plan`` extensions implement: extra options, report sections, JSON additions
and exit codes. Extensions (cost, policy) import this module, never :mod:`auroractl.cli`."""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from auroractl.engine import PlanResult, ProgramStart

__all__ = [
    "EXIT_CONFIG",
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_PROGRAM",
    "PlanExtension",
    "PlanReadyHook",
    "PlanStartHook",
    "Section",
]

EXIT_OK = 0
EXIT_FAILURE = 1
"""A mandatory policy finding (or another extension's failure)."""
EXIT_CONFIG = 2
"""Bad input: config, flags, files, an invoke or stack reference without an answer."""
EXIT_PROGRAM = 3
"""The program itself failed (its exception, file and line are printed)."""


@dataclass(frozen=True)
class Section:
    """An extra part of the plan report, contributed by an extension."""

    title: str
    lines: list[str] = field(default_factory=list)
    findings: list[Any] | None = None
    """Policy findings: ``policyFindings`` of the JSON document, results of SARIF and JUnit."""
    rules: list[Any] | None = None
    """What the pack declares about each policy (``PolicyDoc``): SARIF's rules."""
    cost: Any = None
    """A cost estimate, added to the JSON document under ``cost``."""
    exit_code: int = EXIT_OK
    """Non-zero fails the command (the highest code of all sections wins)."""


class PlanExtension(Protocol):
    """Adds options to ``auroractl plan`` and sections to its report.

    ``name`` is the ``kind`` of the ``error`` member of ``plan --json`` when one of its
    methods raises ConfigError (e.g. ``policy`` for a pack that cannot run).
    """

    name: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add options to the plan subcommand's parser."""

    def sections(self, plan: PlanResult, args: argparse.Namespace) -> list[Section]:
        """Sections for this plan (may raise ConfigError for bad options)."""


@runtime_checkable
class PlanStartHook(Protocol):
    """Optional extra of an extension: work started before the program runs.

    ``before_program(start, args, cleanup)`` is called once the stack config is valid and
    before the program runs, so slow set-up (the policy pack's process) overlaps the
    program. It may raise ConfigError for bad options (reported before the program runs) and
    must register whatever it starts on ``cleanup``, which the command closes when it ends,
    also on errors and KeyboardInterrupt.
    """

    def before_program(
        self, start: ProgramStart, args: argparse.Namespace, cleanup: contextlib.ExitStack
    ) -> None:
        """Start work for this plan; register its stop on ``cleanup``."""


@runtime_checkable
class PlanReadyHook(Protocol):
    """Optional extra of an extension: work started as soon as the plan exists.

    ``plan_ready(plan, args)`` is called for every extension that has it once the program
    has run, before any extension's ``sections``, so work done elsewhere (the policy pack's
    ``AnalyzeStack``) overlaps the sections computed before this extension's own (the cost).
    It may raise ConfigError like ``sections``.
    """

    def plan_ready(self, plan: PlanResult, args: argparse.Namespace) -> None:
        """Start work on the finished plan; ``sections`` collects it."""
