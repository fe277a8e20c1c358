# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Stack rules for databases of any engine: web tiers, subnet groups, TLS parameters, coverage.

Each case is built twice: `preview` (ids unknown, links by property dependencies, as the engine
sends them) and `update` (ids known, links by value, no dependency information — the shape the
audit command and older runners give).
"""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails import tokens as t
from aurora_guardrails.testing import res, run

U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
U_ARR = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"

WEB_INGRESS = [
    {
        "protocol": "tcp",
        "fromPort": p,
        "toPort": p,
        "cidrBlocks": ["0.0.0.0/0"],
        "description": "web",
    }
    for p in (80.0, 443.0)
]
OPEN_EGRESS = [{"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "cidrBlocks": ["0.0.0.0/0"]}]


def db(
    shape: str,
    type_: str = t.RDS_INSTANCE,
    props: dict[str, Any] | None = None,
    links: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A database whose `links` (input → resource name) are unknown ids in preview."""
    base = {"engine": "postgres", **(props or {})}
    deps: dict[str, list[str]] = {}
    for key, target in (links or {}).items():
        many = key in ("vpcSecurityGroupIds", "securityGroupIds", "subnetIds")
        if shape == "preview":
            base[key] = [U] if many else U
            deps[key] = [target]
        else:
            base[key] = [f"id-{target}"] if many else f"id-{target}"
    return res(type_, "db", base, deps=deps)


def sg(name: str, **props: Any) -> dict[str, Any]:
    return res(t.SECURITY_GROUP, name, {"id": f"id-{name}", "description": name, **props})


SHAPES = ["preview", "update"]


@pytest.mark.parametrize("shape", SHAPES)
def test_web_group_not_attached_to_a_database_passes(shape: str) -> None:
    """The load balancer's 80/443 from anywhere and open egress: not attached, no finding."""
    stack = [
        sg("web", ingress=WEB_INGRESS, egress=OPEN_EGRESS),
        sg("db-sg"),
        db(shape, links={"vpcSecurityGroupIds": "db-sg"}),
    ]
    assert run(stack, ["sg-attached-db-closed", "sg-no-world-ingress"]) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_web_ports_on_a_database_group_are_mandatory(shape: str) -> None:
    """The same group attached to the database: world ingress and open egress are refused."""
    stack = [
        sg("web", ingress=WEB_INGRESS, egress=OPEN_EGRESS),
        db(shape, links={"vpcSecurityGroupIds": "web"}),
    ]
    assert run(stack, ["sg-attached-db-closed"]) == [
        (
            "sg-attached-db-closed",
            "web",
            'security group "web" guards "db": ingress[0] allows tcp 80-80 from 0.0.0.0/0; '
            "ingress[1] allows tcp 443-443 from 0.0.0.0/0; egress[0] allows all traffic to "
            "0.0.0.0/0.",
        ),
    ]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("engine", "port", "note"),
    [
        ("mysql", None, 'database port 3306 of "db" (mysql default)'),
        ("aurora-postgresql", 6543.0, 'database port 6543 of "db" (port)'),
    ],
)
def test_database_port_comes_from_the_resource(
    shape: str, engine: str, port: float | None, note: str
) -> None:
    """A standalone rule opening the database's own port to the world names that port."""
    props: dict[str, Any] = {"engine": engine}
    if port is not None:
        props["port"] = port
    opened = port or 3306.0
    rule = res(
        t.VPC_INGRESS_RULE,
        "open",
        {
            "securityGroupId": U if shape == "preview" else "id-db-sg",
            "ipProtocol": "tcp",
            "fromPort": opened,
            "toPort": opened,
            "cidrIpv4": "0.0.0.0/0",
        },
        deps={"securityGroupId": ["db-sg"]} if shape == "preview" else None,
    )
    stack = [sg("db-sg"), rule, db(shape, t.CLUSTER, props, {"vpcSecurityGroupIds": "db-sg"})]
    assert run(stack, ["sg-attached-db-closed"]) == [
        (
            "sg-attached-db-closed",
            "open",
            f'security group "db-sg" guards "db": rule allows tcp {opened:g}-{opened:g}, {note} from 0.0.0.0/0.',
        )
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_vpc_endpoint_groups_count_as_attached(shape: str) -> None:
    """An interface endpoint's group open to the world is refused like a database's."""
    endpoint = res(
        t.VPC_ENDPOINT,
        "sm",
        {"securityGroupIds": [U] if shape == "preview" else ["id-ep"]},
        deps={"securityGroupIds": ["ep"]} if shape == "preview" else None,
    )
    stack = [sg("ep", ingress=WEB_INGRESS[1:]), endpoint]
    assert [m for _, _, m in run(stack, ["sg-attached-db-closed"])] == [
        'security group "ep" guards "sm": ingress[0] allows tcp 443-443 from 0.0.0.0/0.'
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_subnet_group_in_the_stack_is_verifiable(shape: str) -> None:
    """A database whose subnet group is a resource of the stack: nothing to say."""
    group = res(
        t.SUBNET_GROUP,
        "private",
        {"id": "id-private", "name": "id-private", "subnetIds": ["s-1", "s-2"]},
    )
    stack = [group, db(shape, links={"dbSubnetGroupName": "private"})]
    assert run(stack, ["db-subnet-group-verifiable"]) == []


def test_subnet_group_from_a_stack_reference_cant_be_verified() -> None:
    """A StackReference-fed name: an advisory "can't verify" naming the reference."""
    ref = res("pulumi:pulumi:StackReference", "network", {"name": "acme/network/prod"})
    database = res(
        t.RDS_INSTANCE,
        "db",
        {"engine": "postgres", "dbSubnetGroupName": "net-private"},
        deps={"dbSubnetGroupName": ["network"]},
    )
    found = run([ref, database], ["db-subnet-group-verifiable"])
    assert found == [
        (
            "db-subnet-group-verifiable",
            "db",
            'dbSubnetGroupName comes from StackReference "network", so its subnets can\'t be verified private and multi-AZ here; check that subnet group where it is defined.',
        )
    ]


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        (U, "is unknown during preview and no resource of this stack provides it"),
        ("shared-private", 'is "shared-private", not the name of a subnet group in this stack'),
    ],
)
def test_unknown_or_literal_subnet_group_cant_be_verified(value: str, origin: str) -> None:
    """Unknown with no resource behind it, or a literal name: can't verify, advisory."""
    database = res(t.CLUSTER, "db", {"engine": "aurora-postgresql", "dbSubnetGroupName": value})
    found = run(
        [database],
        ["db-subnet-group-verifiable"],
        {"all": "mandatory", "db-subnet-group-verifiable": "advisory"},
    )
    assert [m for _, _, m in found] == [
        f"dbSubnetGroupName {origin}, so its subnets can't be verified private and multi-AZ here; check that subnet group where it is defined."
    ]


def test_missing_subnet_group_is_left_to_db_subnet_group_set() -> None:
    """Unset: db-subnet-group-set (mandatory) reports it; the advisory rule stays quiet."""
    database = res(t.CLUSTER, "db", {"engine": "aurora-mysql"})
    found = run([database], ["db-subnet-group-verifiable", "db-subnet-group-set"])
    assert [p for p, _, _ in found] == ["db-subnet-group-set"]


def tls_stack(
    shape: str, type_: str, engine: str, parameter: str, value: str
) -> list[dict[str, Any]]:
    group_type = t.PARAMETER_GROUP if type_ == t.RDS_INSTANCE else t.CLUSTER_PARAMETER_GROUP
    key = "parameterGroupName" if type_ == t.RDS_INSTANCE else "dbClusterParameterGroupName"
    group = res(
        group_type,
        "params",
        {
            "id": "id-params",
            "name": "id-params",
            "parameters": [{"name": parameter, "value": value}],
        },
    )
    return [group, db(shape, type_, {"engine": engine}, {key: "params"})]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("type_", "engine", "parameter", "value", "expected"),
    [
        (t.RDS_INSTANCE, "postgres", "rds.force_ssl", "1", []),
        (
            t.RDS_INSTANCE,
            "postgres",
            "rds.force_ssl",
            "0",
            ['parameter group "params" sets rds.force_ssl to "0", expected "1".'],
        ),
        (t.RDS_INSTANCE, "mysql", "require_secure_transport", "ON", []),
        (t.RDS_INSTANCE, "mariadb", "require_secure_transport", "1", []),
        (
            t.CLUSTER,
            "aurora-mysql",
            "require_secure_transport",
            "OFF",
            [
                'parameter group "params" sets require_secure_transport to "OFF", expected "1" or "ON" or "On" or "on".'
            ],
        ),
        (
            t.CLUSTER,
            "aurora-mysql",
            "rds.force_ssl",
            "1",
            [
                'parameter group "params" sets require_secure_transport to unset, expected "1" or "ON" or "On" or "on".'
            ],
        ),
        (t.RDS_INSTANCE, "sqlserver-ex", "rds.force_ssl", "0", []),
    ],
)
def test_tls_parameter_follows_the_engine(
    shape: str, type_: str, engine: str, parameter: str, value: str, expected: list[str]
) -> None:
    """rds.force_ssl for PostgreSQL, require_secure_transport for MySQL-family engines."""
    found = run(tls_stack(shape, type_, engine, parameter, value), ["pg-force-ssl"])
    assert [m for _, _, m in found] == expected


def test_instance_without_parameter_group_uses_the_default_one() -> None:
    """No parameterGroupName: the default group accepts unencrypted connections."""
    found = run([res(t.RDS_INSTANCE, "db", {"engine": "mysql"})], ["pg-force-ssl"])
    assert [m for _, _, m in found] == [
        "parameterGroupName is unset, so the instance uses the default parameter group; link a group that sets require_secure_transport."
    ]


def test_unjudged_database_types_are_listed_once_per_type() -> None:
    """DocumentDB and an RDS snapshot: named; judged types and other services: not."""
    stack = [
        res("aws:docdb/cluster:Cluster", "docs-a", {}),
        res("aws:docdb/cluster:Cluster", "docs-b", {}),
        res("aws:rds/snapshot:Snapshot", "snap", {}),
        res(t.RDS_INSTANCE, "db", {"engine": "postgres"}),
        res("aws:s3/bucket:Bucket", "bucket", {}),
    ]
    found = run(stack, ["db-types-unjudged"])
    assert found == [
        (
            "db-types-unjudged",
            "docs-a",
            "aws:docdb/cluster:Cluster ('docs-a', 'docs-b') is database-like and no rule of this pack judges it; review it by hand or add a policy.",
        ),
        (
            "db-types-unjudged",
            "snap",
            "aws:rds/snapshot:Snapshot ('snap') is database-like and no rule of this pack judges it; review it by hand or add a policy.",
        ),
    ]


def test_a_stack_of_judged_types_lists_nothing() -> None:
    """Only judged database types: no finding."""
    stack = [
        res(t.RDS_INSTANCE, "db", {}),
        res(t.CLUSTER, "c", {}),
        res(t.PARAMETER_GROUP, "p", {}),
    ]
    assert run(stack, ["db-types-unjudged"]) == []


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("engine", "parameters", "expected"),
    [
        ("postgres", [{"name": "log_min_duration_statement", "value": "500"}], []),
        (
            "postgres",
            [{"name": "log_statement", "value": "none"}],
            ['parameter group "params" sets neither log_statement nor log_min_duration_statement.'],
        ),
        ("mysql", [], []),
    ],
)
def test_instance_query_logging(
    shape: str, engine: str, parameters: list[dict[str, str]], expected: list[str]
) -> None:
    """PostgreSQL instances: the instance parameter group logs statements or slow queries."""
    group = res(
        t.PARAMETER_GROUP,
        "params",
        {"id": "id-params", "name": "id-params", "parameters": parameters},
    )
    stack = [group, db(shape, t.RDS_INSTANCE, {"engine": engine}, {"parameterGroupName": "params"})]
    assert [m for _, _, m in run(stack, ["pg-query-logging"])] == expected


def test_instance_without_parameter_group_has_no_query_logging() -> None:
    """No parameterGroupName on a PostgreSQL instance: nothing sets the logging parameters."""
    found = run([res(t.RDS_INSTANCE, "db", {"engine": "postgres"})], ["pg-query-logging"])
    assert [m for _, _, m in found] == [
        "the instance has no parameter group in this stack; set log_statement or log_min_duration_statement in one."
    ]
