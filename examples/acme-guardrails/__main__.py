"""ACME database guardrails: a subset of aurora-guardrails with ACME's own thresholds.

The rules, their checks, messages and config schemas come from the `aurora_guardrails`
library; ACME chooses which ones apply, how strict they are and how the pack is named and
versioned. `build_policies` refuses unknown names, so a renamed rule fails loudly at start-up
instead of silently disappearing from the pack.
"""

from typing import Any

from aurora_guardrails.registry import build_policies
from pulumi_policy import EnforcementLevel, PolicyPack

ACME_RULES = [
    "aurora-storage-encrypted",
    "aurora-cmk",
    "aurora-deletion-protection",
    "aurora-backup-retention",
    "aurora-acu-bounds",
    "instance-not-public",
    "proxy-require-tls",
]
"""The aurora-guardrails policies ACME enforces, in the order its reports list them."""

ACME_CONFIG: dict[str, EnforcementLevel | dict[str, Any]] = {
    "aurora-backup-retention": {
        "enforcementLevel": EnforcementLevel.MANDATORY,
        "minRetentionDays": 14,
    },
    "aurora-acu-bounds": {"enforcementLevel": EnforcementLevel.MANDATORY, "maxCapacityCeiling": 16},
    "aurora-deletion-protection": EnforcementLevel.ADVISORY,
}
"""ACME's thresholds: two weeks of backups, at most 16 ACU, deletion protection only advised
(sandboxes are torn down daily). A `--policy-pack-config` file still overrides these."""

PolicyPack(
    "acme-database-guardrails",
    build_policies(ACME_RULES),
    enforcement_level=EnforcementLevel.MANDATORY,
    initial_config=ACME_CONFIG,
)
