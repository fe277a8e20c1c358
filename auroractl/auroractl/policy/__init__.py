"""Offline enforcement: run a Pulumi policy pack on a mock-engine plan (Analyzer protocol)."""

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
