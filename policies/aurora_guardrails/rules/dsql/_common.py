"""Type tokens (re-exported from `aurora_guardrails.tokens`) and IAM helpers shared by the DSQL
rules (private to this folder)."""

from __future__ import annotations

from typing import Final

from aurora_guardrails.iamdoc import Statement, action_matches
from aurora_guardrails.tokens import (
    DSQL_CLUSTER,
    DSQL_CLUSTER_PEERING,
    DSQL_CLUSTER_POLICY,
    IAM_GROUP_POLICY,
    IAM_POLICY_ATTACHMENT,
    IAM_USER_POLICY,
)

__all__ = [
    "ANCHORS",
    "CONNECT_ACTIONS",
    "DSQL_CLUSTER",
    "DSQL_CLUSTER_PEERING",
    "DSQL_CLUSTER_POLICY",
    "IAM_GROUP_POLICY",
    "IAM_POLICY_ATTACHMENT",
    "IAM_USER_POLICY",
    "grants",
]

CONNECT_ACTIONS: Final = ("dsql:DbConnect", "dsql:DbConnectAdmin")
"""The IAM actions that open a PostgreSQL session on a DSQL cluster."""

ANCHORS: Final = ("beyond",)
"""No cdk-nag, checkov, AWS Config, awsguard or Security Hub rule covers DSQL yet."""


def grants(statement: Statement, action: str) -> bool:
    """True when an Allow statement grants `action` (by Action wildcards or by NotAction)."""
    if not statement.allows:
        return False
    if statement.actions and action_matches(statement.actions, action):
        return True
    return bool(statement.not_actions) and not action_matches(statement.not_actions, action)
