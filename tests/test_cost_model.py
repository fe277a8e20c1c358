"""Arithmetic of the shared cost model (aurora_guardrails.cost) on hand-built resource lists."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.cost import (
    Assumptions,
    CostResource,
    UnknownRegionError,
    estimate_monthly_cost,
    known_regions,
    load_price_table,
    parse_price_table,
    to_plain,
)
from pulumi_policy.proxy import unknown_checking_proxy

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
PREFIX = "urn:pulumi:dev::aurora-platform::"
CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
PROXY = "aws:rds/proxy:Proxy"
TARGET = "aws:rds/proxyTarget:ProxyTarget"
H = 730.0
ACU = 0.12
PROXY_ACU = 0.015


def res(type_: str, name: str, props: dict[str, Any] | None = None, **kw: Any) -> CostResource:
    """A CostResource with an engine-style URN."""
    return CostResource(
        urn=f"{PREFIX}{type_}::{name}", type=type_, name=name, props=props or {}, **kw
    )


def cluster(
    name: str = "db-cluster", min_acu: float = 0.5, max_acu: float = 2, **props: Any
) -> CostResource:
    """An Aurora PostgreSQL Serverless v2 cluster."""
    return res(
        CLUSTER,
        name,
        {
            "engine": "aurora-postgresql",
            "clusterIdentifier": name,
            "serverlessv2ScalingConfiguration": {"minCapacity": min_acu, "maxCapacity": max_acu},
            **props,
        },
    )


def instance(name: str, of: CostResource, *, by: str = "deps") -> CostResource:
    """A db.serverless instance linked to ``of`` by property dependency or by identifier."""
    if by == "deps":
        return res(
            INSTANCE,
            name,
            {"instanceClass": "db.serverless", "clusterIdentifier": UNKNOWN},
            property_dependencies={"clusterIdentifier": (of.urn,)},
        )
    return res(INSTANCE, name, {"instanceClass": "db.serverless", "clusterIdentifier": of.name})


def proxy_for(c: CostResource, name: str = "db-proxy") -> list[CostResource]:
    """An RDS Proxy and its target linked to cluster ``c``."""
    proxy = res(PROXY, name, {"name": name, "engineFamily": "POSTGRESQL"})
    target = res(
        TARGET,
        f"{name}-target",
        {"dbProxyName": UNKNOWN, "dbClusterIdentifier": UNKNOWN},
        property_dependencies={"dbProxyName": (proxy.urn,), "dbClusterIdentifier": (c.urn,)},
    )
    return [proxy, target]


def lines(resources: list[CostResource], item: str, **kw: Any) -> list[tuple[float, float]]:
    """(low, high) of every line with this item label."""
    est = estimate_monthly_cost(resources, "us-east-1", **kw)
    return [(round(x.low, 4), round(x.high, 4)) for x in est.lines if x.item == item]


class TestServerlessCompute:
    """Serverless v2 ACU-hours per db.serverless instance."""

    @pytest.mark.parametrize(
        ("min_acu", "max_acu", "low", "high"),
        [
            (0, 2, 0.0, 2 * H * ACU),
            (0.5, 2, 0.5 * H * ACU, 2 * H * ACU),
            (0.5, 8, 0.5 * H * ACU, 8 * H * ACU),
            (2, 16, 2 * H * ACU, 16 * H * ACU),
            (4, 32, 4 * H * ACU, 32 * H * ACU),
        ],
    )
    def test_floor_and_ceiling(
        self, min_acu: float, max_acu: float, low: float, high: float
    ) -> None:
        """Floor = min ACU x 730 h, ceiling = max ACU x 730 h, 0 when min is 0."""
        c = cluster(min_acu=min_acu, max_acu=max_acu)
        got = lines([c, instance("writer", c)], "Serverless v2 compute")
        assert got == [(round(low, 4), round(high, 4))]

    def test_each_reader_is_billed(self) -> None:
        """A writer and two readers are three instances, each with the full range."""
        c = cluster(min_acu=0.5, max_acu=4)
        rs = [c, instance("w", c), instance("r1", c), instance("r2", c)]
        assert lines(rs, "Serverless v2 compute") == [(43.8, 350.4)] * 3

    def test_links_by_identifier_when_no_property_dependency(self) -> None:
        """With two clusters, each instance is priced with its own cluster's range."""
        small = cluster("small", 0.5, 2)
        big = cluster("big", 2, 16)
        rs = [small, big, instance("a", small, by="name"), instance("b", big, by="name")]
        assert lines(rs, "Serverless v2 compute") == [(43.8, 175.2), (175.2, 1401.6)]

    def test_scale_to_zero_basis_is_printed(self) -> None:
        """The basis line says the instance scales to zero."""
        c = cluster(min_acu=0, max_acu=2)
        est = estimate_monthly_cost([c, instance("w", c)], "us-east-1")
        compute = [x for x in est.lines if x.item == "Serverless v2 compute"]
        assert compute[0].basis == "0-2 ACU x 730 h x $0.12/ACU-hour; scales to zero when idle"

    def test_io_optimized_uses_its_acu_price(self) -> None:
        """storageType aurora-iopt1 prices ACUs at the I/O-Optimized rate and drops I/O."""
        c = cluster(min_acu=1, max_acu=2, storageType="aurora-iopt1")
        est = estimate_monthly_cost([c, instance("w", c)], "us-east-1")
        got = {x.item: (round(x.low, 2), round(x.high, 2)) for x in est.lines}
        assert got == {
            "Serverless v2 compute": (113.88, 227.76),
            "storage (I/O-Optimized, I/O included)": (2.25, 2.25),
        }

    def test_fails_unknown_capacity_is_listed_unpriced(self) -> None:
        """A capacity not known in preview leaves the instance out, with the reason."""
        c = res(
            CLUSTER,
            "c",
            {
                "engine": "aurora-postgresql",
                "serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": UNKNOWN},
            },
        )
        est = estimate_monthly_cost([c, instance("w", c)], "us-east-1")
        assert [(u.name, u.reason) for u in est.unpriced] == [
            ("w", "cluster c's min/max capacity is not known yet")
        ]

    def test_fails_provisioned_class_is_listed_unpriced(self) -> None:
        """Provisioned instance classes are not priced and say so."""
        c = cluster()
        inst = res(INSTANCE, "w", {"instanceClass": "db.r6g.large", "clusterIdentifier": c.name})
        est = estimate_monthly_cost([c, inst], "us-east-1")
        assert [u.reason for u in est.unpriced] == [
            "instance class 'db.r6g.large' is not priced (only db.serverless)"
        ]


class TestProxy:
    """RDS Proxy billed on its Serverless v2 targets' ACUs with an 8-ACU minimum."""

    @pytest.mark.parametrize(
        ("instances", "min_acu", "max_acu", "low_acu", "high_acu"),
        [
            (1, 0.5, 2, 8, 8),
            (2, 0.5, 16, 8, 32),
            (2, 4, 32, 8, 64),
            (3, 4, 32, 12, 96),
            (1, 16, 32, 16, 32),
        ],
    )
    def test_minimum_and_sum(
        self, instances: int, min_acu: float, max_acu: float, low_acu: float, high_acu: float
    ) -> None:
        """low = max(8, sum of min ACU), high = max(8, sum of max ACU), x 730 h x $0.015."""
        c = cluster(min_acu=min_acu, max_acu=max_acu)
        rs = [c, *[instance(f"i{n}", c) for n in range(instances)], *proxy_for(c)]
        assert lines(rs, "RDS Proxy") == [
            (round(low_acu * H * PROXY_ACU, 4), round(high_acu * H * PROXY_ACU, 4))
        ]

    def test_min_zero_behind_a_proxy_never_pauses(self) -> None:
        """A proxy keeps a min-0 instance awake: its floor is 0.5 ACU, not 0."""
        c = cluster(min_acu=0, max_acu=2)
        rs = [c, instance("w", c), *proxy_for(c)]
        assert lines(rs, "Serverless v2 compute") == [(43.8, 175.2)]

    def test_proxy_without_target_costs_the_minimum(self) -> None:
        """A proxy with no target found is priced at the 8-ACU minimum."""
        rs = [res(PROXY, "p", {"name": "p"})]
        assert lines(rs, "RDS Proxy") == [(87.6, 87.6)]


class TestOtherResources:
    """Fixed-price and assumption-based lines."""

    def test_kms_key_with_rotation(self) -> None:
        """$1/month; rotation adds up to $2 at the high end (first two rotations)."""
        rs = [res("aws:kms/key:Key", "k", {"enableKeyRotation": True})]
        assert lines(rs, "KMS key") == [(1.0, 3.0)]

    def test_kms_key_without_rotation(self) -> None:
        """Without rotation a key is a flat $1/month."""
        assert lines([res("aws:kms/key:Key", "k")], "KMS key") == [(1.0, 1.0)]

    def test_managed_master_secret_counts_as_a_secret(self) -> None:
        """manageMasterUserPassword adds one Secrets Manager secret to the cluster."""
        c = cluster(manageMasterUserPassword=True)
        assert lines([c], "RDS-managed master secret") == [(0.4, 0.4)]

    def test_explicit_secret(self) -> None:
        """A Secrets Manager secret resource is $0.40/month."""
        assert lines([res("aws:secretsmanager/secret:Secret", "s")], "secret") == [(0.4, 0.4)]

    @pytest.mark.parametrize(("subnets", "cost"), [(2, 14.61), (3, 21.91)])
    def test_interface_endpoint_per_az(self, subnets: int, cost: float) -> None:
        """Interface endpoints: AZs (subnets) x 730 h x $0.01 + 1 GB x $0.01."""
        ep = res(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            "ep",
            {"vpcEndpointType": "Interface", "subnetIds": [UNKNOWN] * subnets},
        )
        assert lines([ep], "interface endpoint") == [(cost, cost)]

    def test_interface_endpoint_counts_subnet_dependencies(self) -> None:
        """A preview that dropped unknown subnet ids still counts the subnets it depends on."""
        subnets = tuple(f"{PREFIX}aws:ec2/subnet:Subnet::s{n}" for n in range(3))
        ep = res(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            "ep",
            {"vpcEndpointType": "Interface", "subnetIds": []},
            property_dependencies={"subnetIds": subnets},
        )
        assert lines([ep], "interface endpoint") == [(21.91, 21.91)]

    def test_fails_interface_endpoint_without_subnets(self) -> None:
        """No subnet known at all: listed as unpriced with the reason."""
        ep = res("aws:ec2/vpcEndpoint:VpcEndpoint", "ep", {"vpcEndpointType": "Interface"})
        est = estimate_monthly_cost([ep], "us-east-1")
        assert [u.reason for u in est.unpriced] == ["subnetIds (one per AZ) are not known yet"]

    def test_gateway_endpoint_is_free(self) -> None:
        """Gateway endpoints (S3, DynamoDB) have no line and are not 'unpriced'."""
        ep = res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", {"vpcEndpointType": "Gateway"})
        est = estimate_monthly_cost([ep], "us-east-1")
        assert (est.lines, est.unpriced) == ((), ())

    def test_nat_gateway(self) -> None:
        """NAT: 730 h x $0.045 + 1 GB x $0.045."""
        assert lines([res("aws:ec2/natGateway:NatGateway", "nat")], "NAT gateway") == [
            (32.895, 32.895)
        ]

    @pytest.mark.parametrize(
        ("props", "cost"),
        [
            ({"period": 60}, 0.1),
            ({"period": 10}, 0.3),
            ({"metricQueries": [{"metric": {"m": 1}}, {"metric": {"m": 2}}, {"id": "e"}]}, 0.2),
        ],
    )
    def test_alarms(self, props: dict[str, Any], cost: float) -> None:
        """Alarms: $0.10 per standard metric, $0.30 high-resolution, per metric in math."""
        alarm = res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", props)
        assert lines([alarm], "alarm") == [(cost, cost)]

    def test_exported_logs_are_not_counted_twice(self) -> None:
        """A declared /aws/rds/cluster/<id>/postgresql log group carries the ingestion."""
        c = cluster("db", enabledCloudwatchLogsExports=["postgresql"])
        group = res(
            "aws:cloudwatch/logGroup:LogGroup", "lg", {"name": "/aws/rds/cluster/db/postgresql"}
        )
        est = estimate_monthly_cost([c, group], "us-east-1")
        logs = [(x.name, x.item, x.low) for x in est.lines if "log" in x.item]
        assert logs == [("lg", "log ingestion", 0.25)]

    def test_exported_logs_without_log_group(self) -> None:
        """Without a declared log group, the cluster line carries the export's ingestion."""
        c = cluster("db", enabledCloudwatchLogsExports=["postgresql"])
        assert lines([c], "log export ingestion") == [(0.25, 0.25)]

    @pytest.mark.parametrize(
        ("transform", "low"),
        [({"name": "m", "value": "1", "defaultValue": "0"}, 0.3), ({"name": "m", "value": "1"}, 0)],
    )
    def test_metric_filter_custom_metric(self, transform: dict[str, Any], low: float) -> None:
        """A metric filter publishes one custom metric; always with a defaultValue."""
        f = res(
            "aws:cloudwatch/logMetricFilter:LogMetricFilter",
            "f",
            {"metricTransformation": transform},
        )
        assert lines([f], "custom metric") == [(low, 0.3)]

    def test_proxy_endpoint_priced_like_interface_endpoint(self) -> None:
        """An extra proxy endpoint is assumed to bill per AZ-hour like an interface endpoint."""
        ep = res("aws:rds/proxyEndpoint:ProxyEndpoint", "ro", {"vpcSubnetIds": [UNKNOWN] * 3})
        assert lines([ep], "proxy endpoint") == [(21.9, 21.9)]

    def test_flow_log_charge_sits_on_its_log_group(self) -> None:
        """A flow log has no line of its own and is not reported as unpriced."""
        est = estimate_monthly_cost([res("aws:ec2/flowLog:FlowLog", "fl")], "us-east-1")
        assert (est.lines, est.unpriced) == ((), ())

    def test_dsql_idle_floor_is_storage_only(self) -> None:
        """DSQL: low = storage; high adds the assumed DPUs."""
        assert lines([res("aws:dsql/cluster:Cluster", "d")], "Aurora DSQL") == [(0.33, 8.33)]

    def test_storage_and_io_follow_assumptions(self) -> None:
        """Storage and I/O scale with the configured assumptions."""
        a = Assumptions(storage_gb_per_cluster=100, io_million_requests_per_cluster=50)
        est = estimate_monthly_cost([cluster()], "us-east-1", a)
        got = {x.item: round(x.low, 2) for x in est.lines}
        assert got == {"storage": 10.0, "I/O": 10.0}

    def test_unknown_aws_type_is_listed_unpriced(self) -> None:
        """An AWS type without a rule is reported, never silently dropped."""
        est = estimate_monthly_cost([res("aws:ec2/eip:Eip", "ip")], "us-east-1")
        assert [(u.name, u.reason) for u in est.unpriced] == [
            ("ip", "no price rule for this resource type")
        ]

    def test_free_and_non_aws_types_are_ignored(self) -> None:
        """VPCs, subnets, components and the stack produce no line and no gap."""
        rs = [
            res("aws:ec2/vpc:Vpc", "v"),
            res("aws:ec2/subnet:Subnet", "s"),
            res("aurora-platform:platform:AuroraPlatform", "p"),
            res("pulumi:pulumi:Stack", "aurora-platform-dev"),
        ]
        est = estimate_monthly_cost(rs, "us-east-1")
        assert (est.lines, est.unpriced) == ((), ())


class TestRegionsAndPrices:
    """Price table loading and region errors."""

    def test_fails_unknown_region(self) -> None:
        """An unknown region is one clear error naming it and the known regions."""
        with pytest.raises(UnknownRegionError) as err:
            estimate_monthly_cost([], "eu-west-9")
        assert str(err.value) == (
            "region: no prices for AWS region 'eu-west-9' in the cost price table; "
            "known regions: us-east-1, us-east-2, us-west-2"
        )

    def test_fails_unknown_resource_region(self) -> None:
        """A resource with its own unknown region fails the same way."""
        with pytest.raises(UnknownRegionError, match="'ap-south-9'"):
            estimate_monthly_cost([res("aws:kms/key:Key", "k", region="ap-south-9")], "us-east-1")

    def test_every_price_has_source_and_date(self) -> None:
        """Each price names its source and date; the KMS key price is the verified one."""
        table = load_price_table()
        assert known_regions() == ("us-east-1", "us-east-2", "us-west-2")
        prices = table.region("us-east-1").prices
        assert all(p.source and p.date for p in prices.values())
        assert sorted(k for k, p in prices.items() if p.verified) == ["kmsKeyMonth"]
        for region in ("us-east-2", "us-west-2"):
            copied = table.region(region).prices
            assert not any(p.verified for p in copied.values())
            assert all(p.source.startswith("assumed equal to us-east-1") for p in copied.values())

    def test_fails_price_entry_without_source(self) -> None:
        """A malformed entry names its path and the value received."""
        doc = {
            "hoursPerMonth": 730,
            "regions": {"x-1": {key: {} for key in load_price_table().region("us-east-1").prices}},
        }
        with pytest.raises(ValueError, match=r"regions\.x-1\.auroraServerlessV2AcuHour\.value"):
            parse_price_table(doc)

    def test_fails_negative_assumption(self) -> None:
        """Assumptions refuse negative numbers, naming the field."""
        with pytest.raises(ValueError) as err:
            Assumptions(storage_gb_per_cluster=-1)
        assert str(err.value) == "storage_gb_per_cluster must be a number >= 0, got -1"

    def test_policy_proxies_are_unwrapped_with_unknowns_kept(self) -> None:
        """pulumi_policy proxies become plain values; unknown sentinels survive."""
        proxied = unknown_checking_proxy({"a": {"b": [1, UNKNOWN]}, "c": UNKNOWN})
        assert to_plain(proxied) == {"a": {"b": [1, UNKNOWN]}, "c": UNKNOWN}


class TestDevShapedStack:
    """The dev stack's shape built by hand (min 0, no proxy, no endpoints, no NAT)."""

    def test_idle_floor_at_most_five_dollars(self) -> None:
        """KMS key, managed secret, storage, I/O, logs and alarms stay under $5 idle."""
        c = cluster(
            "dev",
            min_acu=0,
            max_acu=2,
            manageMasterUserPassword=True,
            enabledCloudwatchLogsExports=["postgresql"],
        )
        alarms = [res("aws:cloudwatch/metricAlarm:MetricAlarm", f"a{n}") for n in range(4)]
        rs = [res("aws:kms/key:Key", "key", {"enableKeyRotation": True}), c, instance("w", c)]
        est = estimate_monthly_cost(rs + alarms, "us-east-1")
        assert (round(est.low, 2), round(est.high, 2)) == (3.25, 180.45)
        assert est.low <= 5
