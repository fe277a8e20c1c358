# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Findings that were not weaknesses (seen planning examples/ and the project's stacks), each
with compliant and non-compliant cases in the preview shape (ids and computed inputs unknown,
links by property dependency) and the update shape (all known, links by value).
"""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails import tokens as t
from aurora_guardrails.testing import res, run

U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
U_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"
SHAPES = ["preview", "update"]


def link(
    shape: str, props: dict[str, Any], key: str, target: str, *, many: bool = False
) -> dict[str, list[str]]:
    """Set `props[key]` to `target`'s id (unknown in preview) and return the dependency map."""
    value = U if shape == "preview" else f"id-{target}"
    props[key] = [value] if many else value
    return {key: [target]} if shape == "preview" else {}


# --- instance-not-public on Aurora cluster instances -----------------------------------------


def cluster_instance(shape: str, **props: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"instanceClass": "db.r6g.large", "engine": "aurora-postgresql", **props}
    deps = link(shape, base, "clusterIdentifier", "cluster")
    deps |= link(shape, base, "dbSubnetGroupName", "subnets")
    return res(t.CLUSTER_INSTANCE, "writer", base, deps=deps)


def cluster_stack(shape: str, **instance_props: Any) -> list[dict[str, Any]]:
    return [
        res(t.CLUSTER, "cluster", {"id": "id-cluster", "engine": "aurora-postgresql"}),
        res(t.SUBNET_GROUP, "subnets", {"id": "id-subnets", "name": "id-subnets"}),
        cluster_instance(shape, **instance_props),
    ]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("props", [{}, {"publiclyAccessible": False}], ids=["unset", "false"])
def test_cluster_instance_not_public_unset_or_false_passes(
    shape: str, props: dict[str, Any]
) -> None:
    """pulumi-aws sends publiclyAccessible false on create when it is unset: no finding."""
    assert run(cluster_stack(shape, **props), ["instance-not-public"]) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_cluster_instance_public_fails(shape: str) -> None:
    assert run(cluster_stack(shape, publiclyAccessible=True), ["instance-not-public"]) == [
        ("instance-not-public", "writer", "publiclyAccessible is true, expected false.")
    ]


def test_cluster_instance_public_unknown_is_not_passed() -> None:
    """A publiclyAccessible computed in preview: the SDK's "can't run" advisory, no verdict."""
    found = run(cluster_stack("preview", publiclyAccessible=U_BOOL), ["instance-not-public"])
    assert [(p, n) for p, n, _ in found] == [("instance-not-public", "writer")]
    assert found[0][2].startswith("can't run policy 'instance-not-public'")


# --- aurora-managed-password: one finding per instance ---------------------------------------


@pytest.mark.parametrize(
    ("shape", "password", "text"),
    [
        ("preview", U, "password is set (computed by another resource); "),
        (
            "update",
            "generated-in-another-resource",
            "password is set to a value known at plan time ",
        ),
    ],
)
def test_set_password_is_one_finding_naming_the_fix(shape: str, password: str, text: str) -> None:
    instance = res(t.RDS_INSTANCE, "db", {"engine": "postgres", "password": password})
    found = run([instance], ["aurora-managed-password"])
    assert len(found) == 1
    policy, name, message = found[0]
    assert (policy, name) == ("aurora-managed-password", "db")
    assert message.startswith(text)
    assert message.endswith(
        "set manageMasterUserPassword: true so RDS keeps the password in Secrets Manager."
    )
    assert password not in message


@pytest.mark.parametrize("shape", SHAPES)
def test_managed_password_passes(shape: str) -> None:
    props: dict[str, Any] = {"engine": "postgres", "manageMasterUserPassword": True}
    deps = link(shape, props, "masterUserSecretKmsKeyId", "key")
    stack = [res(t.KMS_KEY, "key", {"id": "id-key"}), res(t.RDS_INSTANCE, "db", props, deps=deps)]
    assert run(stack, ["aurora-managed-password"]) == []


# --- sg-attached: groups attached inside network blocks --------------------------------------


NESTED = [
    (
        t.ECS_SERVICE if hasattr(t, "ECS_SERVICE") else "aws:ecs/service:Service",
        "networkConfiguration",
        lambda v: {"subnets": ["subnet-1"], "securityGroups": [v], "assignPublicIp": False},
    ),
    (
        "aws:lambda/function:Function",
        "vpcConfig",
        lambda v: {"subnetIds": ["subnet-1"], "securityGroupIds": [v]},
    ),
    (
        "aws:ec2/launchTemplate:LaunchTemplate",
        "networkInterfaces",
        lambda v: [{"securityGroups": [v]}],
    ),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("type_", "key", "block"), NESTED, ids=["ecs-service", "lambda", "launch-template"]
)
def test_group_attached_inside_a_network_block_passes(
    shape: str, type_: str, key: str, block: Any
) -> None:
    """The storefront's ECS service names its group in networkConfiguration: attached."""
    value = U if shape == "preview" else "id-app"
    deps = {key: ["app"]} if shape == "preview" else {}
    stack = [
        res(t.SECURITY_GROUP, "app", {"id": "id-app", "description": "app"}),
        res(type_, "user", {key: block(value)}, deps=deps),
    ]
    assert run(stack, ["sg-attached"]) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_group_only_referenced_by_another_groups_rule_is_unattached(shape: str) -> None:
    """Named only in another group's ingress (and a block that names a different group): not attached."""
    value = U if shape == "preview" else "id-other"
    other_deps = {"networkConfiguration": ["other"]} if shape == "preview" else {}
    ingress = [
        {"protocol": "tcp", "fromPort": 5432.0, "toPort": 5432.0, "securityGroups": ["id-app"]}
    ]
    stack = [
        res(t.SECURITY_GROUP, "app", {"id": "id-app", "description": "app"}),
        res(t.SECURITY_GROUP, "other", {"id": "id-other", "description": "other"}),
        res(t.SECURITY_GROUP, "db", {"id": "id-db", "description": "db", "ingress": ingress}),
        res(
            "aws:ecs/service:Service",
            "svc",
            {"networkConfiguration": {"securityGroups": [value]}},
            deps=other_deps,
        ),
    ]
    found = {(p, n) for p, n, _ in run(stack, ["sg-attached"])}
    assert ("sg-attached", "app") in found
    assert ("sg-attached", "other") not in found


# --- aurora-serverless-v2-shape / instance-serverless-class: provisioned clusters ------------


def aurora(shape: str, cluster: dict[str, Any], klass: str) -> list[dict[str, Any]]:
    props: dict[str, Any] = {"instanceClass": klass, "engine": "aurora-postgresql"}
    deps = link(shape, props, "clusterIdentifier", "ledger")
    return [
        res(t.CLUSTER, "ledger", {"id": "id-ledger", "engine": "aurora-postgresql", **cluster}),
        res(t.CLUSTER_INSTANCE, "ledger-0", props, deps=deps),
    ]


SCALING = {"serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": 4.0}}
RULES = ["aurora-serverless-v2-shape", "instance-serverless-class"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("cluster", "klass"),
    [
        ({}, "db.r6g.large"),
        ({"engineMode": "provisioned"}, "db.r6g.large"),
        (SCALING, "db.serverless"),
    ],
    ids=["provisioned", "provisioned-mode", "serverless-v2"],
)
def test_provisioned_and_serverless_v2_clusters_pass(
    shape: str, cluster: dict[str, Any], klass: str
) -> None:
    """A provisioned Aurora cluster (the ledger example) is not a fault; nor is Serverless v2."""
    assert run(aurora(shape, cluster, klass), RULES) == []


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("cluster", "klass", "expected"),
    [
        (
            {},
            "db.serverless",
            [
                (
                    "instance-serverless-class",
                    "ledger-0",
                    'instanceClass is "db.serverless" but cluster ledger has no serverlessv2ScalingConfiguration; set minCapacity and maxCapacity on the cluster.',
                )
            ],
        ),
        (
            SCALING,
            "db.r6g.large",
            [
                (
                    "instance-serverless-class",
                    "ledger-0",
                    'instanceClass is "db.r6g.large", expected "db.serverless" in a Serverless v2 cluster.',
                )
            ],
        ),
        (
            {"engineMode": "serverless"},
            "db.r6g.large",
            [
                (
                    "aurora-serverless-v2-shape",
                    "ledger",
                    'engineMode is "serverless", expected unset or "provisioned" (Serverless v2 or provisioned instances).',
                )
            ],
        ),
    ],
    ids=["serverless-class-without-scaling", "provisioned-class-with-scaling", "serverless-v1"],
)
def test_mismatched_capacity_model_fails(
    shape: str, cluster: dict[str, Any], klass: str, expected: list[tuple[str, str, str]]
) -> None:
    assert sorted(run(aurora(shape, cluster, klass), RULES)) == expected
