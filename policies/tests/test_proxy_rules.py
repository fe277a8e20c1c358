# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""RDS Proxy and its default target group under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case

P = tokens.PROXY

CASES = [
    (P, "proxy-require-tls", {"requireTls": DELETE}, None, ["requireTls is unset, expected true."]),
    (
        P,
        "proxy-iam-auth",
        {"auths": [{"secretArn": "s", "iamAuth": "DISABLED"}]},
        None,
        ['auths[0].iamAuth is "DISABLED", expected "REQUIRED".'],
    ),
    (
        P,
        "proxy-iam-auth",
        {"auths": DELETE},
        None,
        ['auths is unset and defaultAuthScheme is not "IAM_AUTH".'],
    ),
    (P, "proxy-iam-auth", {"auths": DELETE, "defaultAuthScheme": "IAM_AUTH"}, None, []),
    (
        P,
        "proxy-no-debug-logging",
        {"debugLogging": True},
        None,
        ["debugLogging is true, expected false: debug logs record SQL statements."],
    ),
    (
        P,
        "proxy-pool-limits",
        {"idleClientTimeout": 7200.0},
        None,
        ["idleClientTimeout is 7200, expected at most 1800 seconds."],
    ),
    (
        P,
        "proxy-pool-limits",
        {},
        {"proxy-pool-limits": {"maxIdleClientTimeoutSeconds": 600}},
        ["idleClientTimeout is 1800, expected at most 600 seconds."],
    ),
    (
        tokens.PROXY_DEFAULT_TARGET_GROUP,
        "proxy-pool-limits",
        {"connectionPoolConfig": DELETE},
        None,
        [
            "connectionPoolConfig.maxConnectionsPercent is unset (AWS default 100), expected at most 90."
        ],
    ),
]


MATRIX = [Case(*case) for case in CASES]
