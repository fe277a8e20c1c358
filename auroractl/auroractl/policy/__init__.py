"""Offline enforcement: run a Pulumi policy pack on a mock-engine plan (Analyzer protocol).

The names below are imported on first use (PEP 562), so that ``auroractl`` registers the
policy options of ``plan`` (:mod:`auroractl.policy.cli`) without importing the runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auroractl.lazy import exports

if TYPE_CHECKING:
    from auroractl.policy._config import (
        LEVELS,
        PolicyConfigEntry,
        PolicyConfigFile,
        load_policy_config,
        parse_policy_config,
    )
    from auroractl.policy._model import (
        Finding,
        PackLog,
        PackReport,
        PolicyConfigError,
        PolicyDoc,
        PolicyPackError,
    )
    from auroractl.policy._runner import (
        PolicyPackSession,
        analyze_plan,
        exit_status,
        run_pack,
        sort_findings,
    )

_HOMES = {
    **dict.fromkeys(
        (
            "LEVELS",
            "PolicyConfigEntry",
            "PolicyConfigFile",
            "load_policy_config",
            "parse_policy_config",
        ),
        "auroractl.policy._config",
    ),
    **dict.fromkeys(
        ("Finding", "PackLog", "PackReport", "PolicyConfigError", "PolicyDoc", "PolicyPackError"),
        "auroractl.policy._model",
    ),
    **dict.fromkeys(
        ("PolicyPackSession", "analyze_plan", "exit_status", "run_pack", "sort_findings"),
        "auroractl.policy._runner",
    ),
}

__all__ = [
    "LEVELS",
    "Finding",
    "PackLog",
    "PackReport",
    "PolicyConfigEntry",
    "PolicyConfigError",
    "PolicyConfigFile",
    "PolicyDoc",
    "PolicyPackError",
    "PolicyPackSession",
    "analyze_plan",
    "exit_status",
    "load_policy_config",
    "parse_policy_config",
    "run_pack",
    "sort_findings",
]


__getattr__ = exports(__name__, _HOMES)
