# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Aurora DSQL rules in the shape matrix: resource rules in four shapes, stack rules in two.

The per-rule files (`test_dsql_<rule>.py`) test each rule in depth; this file runs one compliant
and failing cases of every DSQL rule through the shapes of `aurora_guardrails.testing.shapes`:
the compliant DSQL cluster and cluster policy of `aurora_guardrails.testing.compliant`, and a
compliant DSQL stack (two peered clusters, the connect policy attached to the application role,
the admin policy to an operator role).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aurora_guardrails import tokens as t
from aurora_guardrails.testing import DELETE, Case, StackCase, res, run_case, run_stack_case
from aurora_guardrails.testing.compliant import DSQL_CLUSTER_POLICY
from aurora_guardrails.testing.shapes import (
    SHAPES,
    STACK_SHAPES,
    U_STR,
    Computed,
    Shape,
    StackShape,
    expected_for,
)

ARN = "arn:aws:dsql:us-east-1:123456789012:cluster/abcdefghijklmnopqrstuvwxyz"


def doc(action: str, resource: str = ARN) -> str:
    """An IAM policy document with one Allow statement."""
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def public(policy: str) -> str:
    """`policy` with its principal replaced by everyone."""
    data = json.loads(policy)
    data["Statement"][0]["Principal"] = "*"
    return json.dumps(data)


CASES: list[Case] = [
    Case(
        t.DSQL_CLUSTER,
        "dsql-cmk",
        {"kmsEncryptionKey": DELETE},
        None,
        ["kmsEncryptionKey is unset, so an AWS owned key encrypts the cluster; set a CMK ARN"],
    ),
    Case(
        t.DSQL_CLUSTER,
        "dsql-cmk",
        {"kmsEncryptionKey": "AWS_OWNED_KMS_KEY"},
        None,
        ['kmsEncryptionKey is "AWS_OWNED_KMS_KEY"; set a customer managed KMS key ARN'],
    ),
    Case(
        t.DSQL_CLUSTER,
        "dsql-deletion-protection",
        {"deletionProtectionEnabled": False},
        None,
        ["deletionProtectionEnabled is false; set it to true"],
    ),
    Case(
        t.DSQL_CLUSTER,
        "dsql-deletion-protection",
        {"deletionProtectionEnabled": DELETE},
        None,
        {
            "input": ["deletionProtectionEnabled is unset; set it to true"],
            "checked": ["deletionProtectionEnabled is false; set it to true"],
        },
    ),
    Case(
        t.DSQL_CLUSTER,
        "dsql-no-force-destroy",
        {"forceDestroy": True},
        None,
        ["forceDestroy is true, which deletes the cluster despite deletion protection; remove it"],
    ),
    Case(
        t.DSQL_CLUSTER_POLICY,
        "dsql-policy-not-public",
        {"policy": public(DSQL_CLUSTER_POLICY["policy"])},
        None,
        [
            'policy statement 1 allows principal "*" without a Condition; name the accounts or roles, or add a Condition'
        ],
    ),
    Case(
        t.IAM_ROLE_POLICY,
        "dsql-connect-scoped",
        {"policy": doc("dsql:DbConnect", "*")},
        None,
        [
            'policy statement 1 grants dsql:DbConnect on "*"; scope it to cluster ARNs (arn:<partition>:dsql:<region>:<account>:cluster/<identifier>)'
        ],
    ),
]

MATRIX = CASES


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"{case.policy}-{i}") for i, case in enumerate(MATRIX)]
)
def test_rule_findings(case: Case, shape: Shape) -> None:
    """One change from the compliant resource: exactly these findings in this shape."""
    assert run_case(case, shape) == expected_for(case.expected, shape)


def stack() -> list[dict[str, Any]]:
    """Two clusters peered both ways; connect on the app role, admin on the operator role."""
    clusters = [
        res(
            t.DSQL_CLUSTER,
            name,
            {
                "region": region,
                "deletionProtectionEnabled": True,
                "multiRegionProperties": {"witnessRegion": "us-west-2"},
                "identifier": Computed(name),
                "arn": Computed(f"arn:aws:dsql:{region}:123456789012:cluster/{name}"),
            },
        )
        for name, region in (("east1", "us-east-1"), ("east2", "us-east-2"))
    ]
    peerings = [
        res(
            t.DSQL_CLUSTER_PEERING,
            f"{source}-peering",
            {"identifier": U_STR, "clusters": [U_STR], "witnessRegion": "us-west-2"},
            deps={"identifier": [source], "clusters": [target]},
        )
        for source, target in (("east1", "east2"), ("east2", "east1"))
    ]
    policies = [
        res(
            t.IAM_POLICY,
            name,
            {"policy": doc(action), "arn": Computed(f"arn:aws:iam::123456789012:policy/{name}")},
        )
        for name, action in (("connect", "dsql:DbConnect"), ("admin", "dsql:DbConnectAdmin"))
    ]
    attachments = [
        res(
            t.IAM_ROLE_POLICY_ATTACHMENT,
            f"{role}-{target}",
            {"role": role, "policyArn": U_STR},
            deps={"policyArn": [target]},
        )
        for role, target in (("api", "connect"), ("operator", "admin"))
    ]
    return clusters + peerings + policies + attachments


def edit_props(name: str, **changes: Any) -> Any:
    """An edit changing one resource's props."""

    def edit(items: list[dict[str, Any]]) -> None:
        target = next(r for r in items if r["name"] == name)
        target["props"] = {**target["props"], **changes}

    return edit


def edit_deps(name: str, key: str, targets: list[str]) -> Any:
    """An edit pointing one property dependency elsewhere."""

    def edit(items: list[dict[str, Any]]) -> None:
        next(r for r in items if r["name"] == name)["_deps"][key] = targets

    return edit


def drop(name: str) -> Any:
    """An edit removing one resource."""

    def edit(items: list[dict[str, Any]]) -> None:
        items[:] = [r for r in items if r["name"] != name]

    return edit


STACK_POLICIES = ["dsql-admin-not-on-app-role", "dsql-peering-complete"]
CONFIG = {"dsql-admin-not-on-app-role": {"adminRoleNames": ["operator"]}}

STACK_MATRIX: list[StackCase] = [
    StackCase(
        "dsql-admin-not-on-app-role",
        edit_deps("api-connect", "policyArn", ["admin"]),
        CONFIG,
        [
            (
                "api-connect",
                'role "api" gets dsql:DbConnectAdmin from policy admin (attachment api-connect); attach a dsql:DbConnect policy to application roles, or list an operator role in adminRoleNames',
            )
        ],
    ),
    StackCase(
        "dsql-peering-complete",
        drop("east2-peering"),
        None,
        [
            (
                "east2",
                'cluster east2 has witnessRegion "us-west-2" but no ClusterPeering from it; peer it with its partner cluster. cluster east2 has no ClusterPeering back to east1; peer both ways.',
            )
        ],
    ),
]


@pytest.mark.parametrize("shape", STACK_SHAPES)
def test_compliant_dsql_stack_passes(shape: StackShape) -> None:
    """The compliant DSQL stack: no finding from the DSQL stack rules."""
    for policy in STACK_POLICIES:
        case = StackCase(policy, lambda items: None, CONFIG if policy in CONFIG else None, [])
        assert run_stack_case(case, stack(), shape) == []


@pytest.mark.parametrize("shape", STACK_SHAPES)
@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"{c.policy}-{i}") for i, c in enumerate(STACK_MATRIX)]
)
def test_stack_rule_findings(case: StackCase, shape: StackShape) -> None:
    """One change to the compliant DSQL stack: exactly these findings in this shape."""
    assert run_stack_case(case, stack(), shape) == expected_for(case.expected, shape)
