# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Aurora cluster, instance, parameter group and database-coverage stack rules on the compliant stack, in preview and in update.

Case table (`STACK_MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails.testing import DELETE, StackCase, res
from aurora_guardrails.testing.stacks import add, both, drop, literal, props, unset

CASES = [
    (
        "aurora-multi-az",
        drop("reader"),
        None,
        [
            (
                "cluster",
                "the cluster has 1 instance(s), expected at least 2 in different availability zones (add a reader).",
            )
        ],
    ),
    (
        "aurora-multi-az",
        props("reader", availabilityZone="us-east-1a"),
        None,
        [
            (
                "cluster",
                'all 2 instances are in availability zone "us-east-1a"; place a reader in another zone.',
            )
        ],
    ),
    ("aurora-multi-az", drop("reader"), {"aurora-multi-az": {"minInstances": 1}}, []),
    (
        "instance-serverless-class",
        props("reader", instanceClass="db.r6g.large"),
        None,
        [
            (
                "reader",
                'instanceClass is "db.r6g.large", expected "db.serverless" in a Serverless v2 cluster.',
            )
        ],
    ),
    (
        "instance-serverless-class",
        props("cluster", serverlessv2ScalingConfiguration=DELETE),
        None,
        [
            (
                name,
                'instanceClass is "db.serverless" but cluster cluster has no serverlessv2ScalingConfiguration; set minCapacity and maxCapacity on the cluster.',
            )
            for name in ("writer", "reader")
        ],
    ),
    (
        "instance-serverless-class",
        both(
            props("cluster", serverlessv2ScalingConfiguration=DELETE),
            props("writer", instanceClass="db.r6g.large"),
            props("reader", instanceClass="db.r6g.large"),
        ),
        None,
        [],
    ),
    (
        "instance-failover-tier",
        props("reader", promotionTier=15.0),
        None,
        [
            (
                "cluster",
                "1 of 2 instances have promotionTier 0 or 1; give at least one reader tier 0-1 so it scales with the writer and takes over on failover.",
            )
        ],
    ),
    (
        "aurora-in-backup-plan",
        drop("backup"),
        None,
        [("cluster", "no aws.backup.Selection covers this cluster.")],
    ),
    (
        "aurora-no-pause-with-proxy",
        props("cluster", serverlessv2ScalingConfiguration__minCapacity=0.0),
        None,
        [
            (
                "cluster",
                'minCapacity is 0 but ProxyTarget "target" attaches RDS Proxy, which keeps a connection open, so the cluster never pauses; use minCapacity 0.5 or more, or remove the proxy.',
            )
        ],
    ),
    (
        "aurora-no-pause-blockers",
        props(
            "cluster",
            serverlessv2ScalingConfiguration__minCapacity=0.0,
            globalClusterIdentifier="g",
        ),
        None,
        [
            (
                "cluster",
                "minCapacity is 0 but the cluster belongs to a global database, which keeps it awake; use minCapacity 0.5 or more.",
            )
        ],
    ),
    (
        "aurora-no-pause-blockers",
        props("cluster", serverlessv2ScalingConfiguration__minCapacity=0.0),
        None,
        [],
    ),
    (
        "pg-force-ssl",
        props("pg", parameters=[{"name": "rds.force_ssl", "value": "0"}]),
        None,
        [("cluster", 'parameter group "pg" sets rds.force_ssl to "0", expected "1".')],
    ),
    (
        "pg-force-ssl",
        props("pg", parameters=[]),
        None,
        [("cluster", 'parameter group "pg" sets rds.force_ssl to unset, expected "1".')],
    ),
    (
        "pg-force-ssl",
        literal("cluster", "dbClusterParameterGroupName", "shared-pg"),
        None,
        [
            (
                "cluster",
                "dbClusterParameterGroupName refers to a group outside this stack, so rds.force_ssl cannot be verified.",
            )
        ],
    ),
    (
        "pg-force-ssl",
        unset("cluster", "dbClusterParameterGroupName"),
        None,
        [
            (
                "cluster",
                "dbClusterParameterGroupName is unset, so the cluster uses the default parameter group; link a group that sets rds.force_ssl.",
            )
        ],
    ),
    (
        "pg-query-logging",
        props("pg", parameters=[{"name": "rds.force_ssl", "value": "1"}]),
        None,
        [
            (
                "cluster",
                'parameter group "pg" sets neither log_statement nor log_min_duration_statement.',
            )
        ],
    ),
    (
        "pg-family-matches",
        props("pg", family="aurora-postgresql15"),
        None,
        [
            (
                "cluster",
                'parameter group "pg" has family "aurora-postgresql15", expected "aurora-postgresql16" for engineVersion "16.4".',
            )
        ],
    ),
    (
        "db-subnet-group-verifiable",
        literal("cluster", "dbSubnetGroupName", "shared-db-subnets"),
        None,
        [
            (
                "cluster",
                'dbSubnetGroupName is "shared-db-subnets", not the name of a subnet group in this stack, so its subnets can\'t be verified private and multi-AZ here; check that subnet group where it is defined.',
            )
        ],
    ),
    (
        "db-types-unjudged",
        add(res("aws:docdb/cluster:Cluster", "docs", {"engine": "docdb"})),
        None,
        [
            (
                "docs",
                "aws:docdb/cluster:Cluster ('docs') is database-like and no rule of this pack judges it; review it by hand or add a policy.",
            )
        ],
    ),
]

STACK_MATRIX = [StackCase(*case) for case in CASES]
