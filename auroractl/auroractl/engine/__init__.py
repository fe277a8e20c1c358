"""The mock engine: runs the Pulumi program in-process for a stack and records the plan."""

from auroractl.engine.aws import ACCOUNT_ID, AwsModel, UnknownInvokeError
from auroractl.engine.config import SECRET_PLACEHOLDER, ConfigError
from auroractl.engine.mocks import Mocks, load_mocks
from auroractl.engine.model import (
    UNKNOWN,
    UNKNOWN_PLACEHOLDER,
    Diagnostic,
    PlannedResource,
    PlanResult,
    ProgramError,
    blind,
    is_secret,
    unwrap_secrets,
)
from auroractl.engine.monitor import DuplicateUrnError, StackReferenceError, engine_urn
from auroractl.engine.preview import preview_json
from auroractl.engine.runner import PROGRAM_GC_THRESHOLD, ProgramStart, run_stack

__all__ = [
    "ACCOUNT_ID",
    "PROGRAM_GC_THRESHOLD",
    "SECRET_PLACEHOLDER",
    "UNKNOWN",
    "UNKNOWN_PLACEHOLDER",
    "AwsModel",
    "ConfigError",
    "Diagnostic",
    "DuplicateUrnError",
    "Mocks",
    "PlanResult",
    "PlannedResource",
    "ProgramError",
    "ProgramStart",
    "StackReferenceError",
    "UnknownInvokeError",
    "blind",
    "engine_urn",
    "is_secret",
    "load_mocks",
    "preview_json",
    "run_stack",
    "unwrap_secrets",
]
