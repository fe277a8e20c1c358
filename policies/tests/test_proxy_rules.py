# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""RDS Proxy and its default target group under the resource rules, in the four shapes.

Each case changes the compliant resource of `aurora_guardrails.testing.compliant` in one field (or
option, or config value) and asserts the exact findings of one policy in every shape of
`SHAPES`; a mapping keyed by shape half (`"input"`, `"checked"`, `"preview"`, `"update"`) names
the shapes where a provider default or an unknown changes the finding.
"""

from __future__ import annotations

import pytest
from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case, run_case
from aurora_guardrails.testing.shapes import SHAPES, Shape, expected_for

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


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"{case.policy}-{i}") for i, case in enumerate(MATRIX)]
)
def test_rule_findings(case: Case, shape: Shape) -> None:
    """One change from the compliant resource: exactly these findings in this shape."""
    assert run_case(case, shape) == expected_for(case.expected, shape)
