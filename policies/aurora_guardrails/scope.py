"""Which rules of the guardrail table this library implements, and why the others are not here.

`GUARDRAIL_IDS` is the rule table the pack answers to (the project's `guardrails.md`); every id is
either a registered policy, provided under another name (`PROVIDED_AS`), or listed in
`OUT_OF_SCOPE` with the reason. A test keeps the three in step, and POLICIES.md prints them.
"""

from __future__ import annotations

__all__ = ["GUARDRAIL_IDS", "OUT_OF_SCOPE", "PROVIDED_AS"]

GUARDRAIL_IDS: tuple[str, ...] = (
    # Cluster
    "aurora-storage-encrypted",
    "aurora-cmk",
    "aurora-deletion-protection",
    "aurora-iam-auth",
    "aurora-backup-retention",
    "aurora-in-backup-plan",
    "aurora-log-exports",
    "aurora-non-default-port",
    "aurora-multi-az",
    "aurora-copy-tags",
    "aurora-custom-admin",
    "aurora-minor-upgrade",
    "aurora-engine-not-vulnerable",
    "aurora-managed-password",
    "aurora-cluster-monitoring",
    "aurora-final-snapshot",
    "aurora-serverless-v2-shape",
    "aurora-acu-bounds",
    "aurora-auto-pause-valid",
    "aurora-no-az-list",
    "aurora-security-groups",
    "aurora-snapshots-encrypted",
    # Instance
    "instance-not-public",
    "instance-enhanced-monitoring",
    "instance-minor-upgrade",
    "instance-performance-insights",
    "instance-pi-cmk",
    "instance-ca-cert",
    "instance-serverless-class",
    "instance-failover-tier",
    "rds-instance-baseline",
    # Parameter group
    "pg-force-ssl",
    "pg-query-logging",
    "pg-family-matches",
    # Proxy
    "proxy-require-tls",
    "proxy-iam-auth",
    "proxy-no-debug-logging",
    "proxy-pool-limits",
    "proxy-private",
    "proxy-target-consistent",
    "proxy-target-after-instances",
    "proxy-secrets-hardened",
    # Secrets
    "secret-rotation",
    "secret-rotation-interval",
    "secret-cmk",
    "secret-recovery-window",
    "secret-description",
    # KMS
    "kms-rotation",
    "kms-no-public-principal",
    "kms-policy-explicit",
    "kms-enabled",
    "kms-deletion-guard",
    "kms-no-lockout-bypass",
    # Security groups
    "sg-no-world-ingress",
    "sg-db-port-closed",
    "sg-no-open-ssh",
    "sg-descriptions",
    "sg-no-open-egress",
    "sg-default-closed",
    "sg-attached",
    "sg-no-mixed-rules",
    "sg-no-legacy-db-sg",
    "sg-db-ingress-by-reference",
    # Subnet / route / VPC
    "subnet-no-public-ip",
    "vpc-flow-logs",
    "route-no-igw-default",
    "nacl-hygiene",
    "no-default-vpc",
    "db-subnets-private",
    "db-subnets-multi-az",
    "vpc-dns-for-endpoints",
    # Log group
    "loggroup-retention",
    "loggroup-cmk",
    "loggroup-managed",
    # DSQL (rules/dsql)
    "dsql-deletion-protection",
    "dsql-cmk",
    "dsql-no-force-destroy",
    "dsql-peering-complete",
    "dsql-policy-not-public",
    # IAM
    "iam-no-admin",
    "iam-proxy-role-scoped",
    "iam-proxy-role-can-decrypt",
    "iam-db-connect-scoped",
    # Cross-resource
    "aurora-no-pause-with-proxy",
    "aurora-no-pause-blockers",
    "kms-referenced-key-rotated",
    "stack-cost-ceiling",
)

PROVIDED_AS: dict[str, tuple[str, ...]] = {
    "stack-cost-ceiling": ("monthly-cost-ceiling",),
    "rds-instance-baseline": (
        "aurora-storage-encrypted",
        "aurora-cmk",
        "aurora-deletion-protection",
        "aurora-iam-auth",
        "aurora-backup-retention",
        "aurora-log-exports",
        "aurora-copy-tags",
        "aurora-custom-admin",
        "aurora-managed-password",
        "aurora-final-snapshot",
        "aurora-security-groups",
        "aurora-engine-not-vulnerable",
        "instance-not-public",
        "instance-enhanced-monitoring",
        "instance-minor-upgrade",
        "instance-performance-insights",
        "instance-pi-cmk",
        "instance-ca-cert",
        "pg-force-ssl",
        "rds-instance-multi-az",
        "db-engine-supported",
        "db-subnet-group-set",
    ),
}
"""Table ids implemented under other policy names (the rules that answer them together)."""

OUT_OF_SCOPE: dict[str, str] = {
    "aurora-snapshots-encrypted": (
        "The project creates no global clusters, manual snapshots, snapshot copies or database "
        "activity streams. Automated snapshots inherit the cluster's key, which "
        "aurora-storage-encrypted and aurora-cmk enforce."
    ),
    "backtrack (AwsSolutions-RDS14, CKV_AWS_326)": (
        "Backtrack exists only for Aurora MySQL and rewinds data in place; it is an operational "
        "choice, not a security or data-loss control (backups and final snapshots are)."
    ),
    "SecretsManager.2 / SecretsManager.3": (
        "Runtime state (the last rotation succeeded; the secret was used recently) is not in a "
        "Pulumi plan; `auroractl health`/AWS Config observe it."
    ),
    "nacl-hygiene (attachment half: CKV2_AWS_1, EC2.16)": (
        "The project manages no network ACLs (subnets keep the VPC's default ACL, and security "
        "groups are the control); the inbound 22/3389 half of nacl-hygiene is implemented."
    ),
}
"""Guardrail table rows (or parts of rows) not implemented, with the reason."""
