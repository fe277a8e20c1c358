"""Child resource names and AWS identifiers derived from a component's name.

Child names are public API (renaming one replaces the resource unless an alias is added),
so every suffix lives here as a constant-like helper.
"""

from __future__ import annotations

from .validation import validate_identifier

__all__ = [
    "MAX_COMPONENT_NAME_LENGTH",
    "child_name",
    "cluster_log_group_name",
    "final_snapshot_identifier",
    "instance_identifier",
    "proxy_log_group_name",
    "validate_component_name",
]

# Long enough for stage-qualified names, short enough that every derived identifier stays
# within AWS limits (IAM role auto-names add ~25 characters, proxy names stop at 60).
MAX_COMPONENT_NAME_LENGTH = 40


def validate_component_name(name: object, arg: str = "name") -> str:
    """Component names become RDS identifiers, so they follow RDS identifier rules."""
    return validate_identifier(arg, name, MAX_COMPONENT_NAME_LENGTH)


def child_name(name: str, suffix: str) -> str:
    """``f"{name}-{suffix}"``: the Pulumi name of a child resource."""
    return f"{name}-{suffix}"


def instance_identifier(cluster_identifier: str, index: int) -> str:
    """Instance 1 is created as the writer (promotion tier 0); 2.. are readers."""
    return f"{cluster_identifier}-instance-{index}"


def final_snapshot_identifier(cluster_identifier: str) -> str:
    """Name of the snapshot RDS takes when the cluster is deleted."""
    return f"{cluster_identifier}-final"


def cluster_log_group_name(cluster_identifier: str) -> str:
    """The log group RDS writes the ``postgresql`` export into."""
    return f"/aws/rds/cluster/{cluster_identifier}/postgresql"


def proxy_log_group_name(proxy_name: str) -> str:
    """The log group RDS Proxy writes into."""
    return f"/aws/rds/proxy/{proxy_name}"
