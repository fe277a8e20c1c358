"""Monthly cost range of a list of planned resources: pure arithmetic, no Pulumi runtime.

The input is what both the mock engine (``PlanResult.resources``) and a stack policy
(``StackValidationArgs.resources``) carry: a type token, camelCase properties (numbers may be
floats, any value may be an unknown sentinel in preview), dependencies and property
dependencies. Adapters turn both into :class:`CostResource`.

Range semantics: ``low`` is the idle floor (every Serverless v2 instance at its minimum ACU,
scale-to-zero instances paused, no DSQL activity); ``high`` is the ceiling (every instance at
its maximum ACU for the whole month). Usage that the plan cannot know (storage, I/O, log
volume, data processed) comes from :class:`Assumptions` and is printed with the estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Final

from .prices import PriceTable, RegionPrices, load_price_table

UNKNOWN_SENTINELS: Final = frozenset(
    {
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",  # boolean
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",  # number
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",  # string (also the engine's generic unknown)
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",  # array
        "030794c1-ac77-496b-92df-f27374a8bd58",  # asset
        "e48ece36-62e2-4504-bad9-02848725956a",  # archive
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",  # object
    }
)
"""Pulumi's unknown-value sentinels (pulumi_policy.proxy and the gRPC wire format)."""

CLUSTER: Final = "aws:rds/cluster:Cluster"
INSTANCE: Final = "aws:rds/clusterInstance:ClusterInstance"
PROXY: Final = "aws:rds/proxy:Proxy"
PROXY_TARGET: Final = "aws:rds/proxyTarget:ProxyTarget"
KMS_KEY: Final = "aws:kms/key:Key"
KMS_REPLICA_KEY: Final = "aws:kms/replicaKey:ReplicaKey"
SECRET: Final = "aws:secretsmanager/secret:Secret"
VPC_ENDPOINT: Final = "aws:ec2/vpcEndpoint:VpcEndpoint"
NAT_GATEWAY: Final = "aws:ec2/natGateway:NatGateway"
METRIC_ALARM: Final = "aws:cloudwatch/metricAlarm:MetricAlarm"
LOG_GROUP: Final = "aws:cloudwatch/logGroup:LogGroup"
LOG_METRIC_FILTER: Final = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
PROXY_ENDPOINT: Final = "aws:rds/proxyEndpoint:ProxyEndpoint"
DSQL_CLUSTER: Final = "aws:dsql/cluster:Cluster"

SERVERLESS_CLASS: Final = "db.serverless"
IO_OPTIMIZED_STORAGE: Final = "aurora-iopt1"
PROXY_AWAKE_FLOOR_ACU: Final = 0.5
"""Floor used for a min-0 instance that an RDS Proxy keeps awake (lowest running capacity)."""

FREE_TYPES: Final = frozenset(
    {
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/route:Route",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
        "aws:ec2/defaultRouteTable:DefaultRouteTable",
        "aws:rds/subnetGroup:SubnetGroup",
        "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        "aws:rds/parameterGroup:ParameterGroup",
        "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
        "aws:rds/proxyTarget:ProxyTarget",
        "aws:kms/alias:Alias",
        "aws:kms/keyPolicy:KeyPolicy",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/policy:Policy",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:sns/topic:Topic",
        "aws:sns/topicPolicy:TopicPolicy",
        "aws:sns/topicSubscription:TopicSubscription",
        "aws:secretsmanager/secretVersion:SecretVersion",
        "aws:secretsmanager/secretPolicy:SecretPolicy",
        "aws:dsql/clusterPolicy:ClusterPolicy",
        "aws:dsql/clusterPeering:ClusterPeering",
        "aws:ec2/flowLog:FlowLog",  # ingestion is billed on its CloudWatch log group
    }
)
"""AWS types with no charge of their own (their cost, if any, is carried by another line)."""


def is_unknown(value: Any) -> bool:
    """True for a Pulumi unknown sentinel (a value not known until the update runs)."""
    return isinstance(value, str) and value in UNKNOWN_SENTINELS


@dataclass(frozen=True)
class CostResource:
    """One planned resource as the cost model sees it."""

    urn: str
    type: str
    name: str
    props: Mapping[str, Any]
    """camelCase properties (inputs overlaid with known outputs); unknowns as sentinels."""
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    region: str | None = None
    """The resource's own region (its ``region`` input or its provider's); None = stack region."""


@dataclass(frozen=True)
class Assumptions:
    """Usage the plan cannot know, applied to both ends of the range unless noted."""

    storage_gb_per_cluster: float = 10.0
    """Aurora cluster volume size in GB (billed per GB-month)."""
    io_million_requests_per_cluster: float = 1.0
    """Aurora Standard I/O requests per month, in millions (none on I/O-Optimized)."""
    log_ingestion_gb_per_log_group: float = 0.5
    """GB per month ingested into each CloudWatch log group (explicit or exported by RDS)."""
    nat_data_gb_per_gateway: float = 1.0
    """GB per month processed by each NAT gateway."""
    endpoint_data_gb_per_endpoint: float = 1.0
    """GB per month processed by each interface VPC endpoint."""
    dsql_storage_gb_per_cluster: float = 1.0
    """Aurora DSQL storage in GB per cluster."""
    dsql_dpu_millions_per_cluster: float = 1.0
    """Million DPUs per month per DSQL cluster, high end only (an idle DSQL cluster uses none)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{f.name} must be a number >= 0, got {value!r}")

    def describe(self) -> tuple[str, ...]:
        """One printable sentence per assumption."""
        return (
            f"Aurora storage: {_fmt(self.storage_gb_per_cluster)} GB per cluster",
            f"Aurora I/O (Standard): {_fmt(self.io_million_requests_per_cluster)} million "
            "requests per cluster per month",
            f"CloudWatch Logs ingestion: {_fmt(self.log_ingestion_gb_per_log_group)} GB per log "
            "group per month (log storage not priced)",
            f"NAT gateway data: {_fmt(self.nat_data_gb_per_gateway)} GB per gateway per month",
            f"Interface endpoint data: {_fmt(self.endpoint_data_gb_per_endpoint)} GB per "
            "endpoint per month",
            f"DSQL: {_fmt(self.dsql_storage_gb_per_cluster)} GB stored per cluster; "
            f"{_fmt(self.dsql_dpu_millions_per_cluster)} million DPU per month at the high end, "
            "none at the low end",
            "Backups within the retention period up to the cluster's size, Performance Insights "
            "(7-day retention), API requests and free tiers are not priced",
        )


@dataclass(frozen=True)
class LineItem:
    """One priced component of one resource."""

    urn: str
    resource_type: str
    name: str
    item: str
    low: float
    high: float
    basis: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, amounts rounded to cents."""
        return {
            "urn": self.urn,
            "type": self.resource_type,
            "name": self.name,
            "item": self.item,
            "lowUsd": round(self.low, 2),
            "highUsd": round(self.high, 2),
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Unpriced:
    """A resource that may cost money but that the model could not price."""

    urn: str
    resource_type: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "urn": self.urn,
            "type": self.resource_type,
            "name": self.name,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Estimate:
    """Monthly cost range of a plan."""

    region: str
    hours_per_month: float
    lines: tuple[LineItem, ...]
    unpriced: tuple[Unpriced, ...]
    assumptions: tuple[str, ...]
    unverified_prices: tuple[str, ...]

    @property
    def low(self) -> float:
        """Total idle floor in USD per month."""
        return sum(line.low for line in self.lines)

    @property
    def high(self) -> float:
        """Total ceiling in USD per month."""
        return sum(line.high for line in self.lines)

    def per_resource(self) -> list[tuple[str, float, float]]:
        """(urn, low, high) per resource, in first-line order."""
        totals: dict[str, list[float]] = {}
        for line in self.lines:
            pair = totals.setdefault(line.urn, [0.0, 0.0])
            pair[0] += line.low
            pair[1] += line.high
        return [(urn, lo, hi) for urn, (lo, hi) in totals.items()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``cost`` key of ``auroractl plan --json``)."""
        return {
            "region": self.region,
            "currency": "USD",
            "hoursPerMonth": self.hours_per_month,
            "lowUsd": round(self.low, 2),
            "highUsd": round(self.high, 2),
            "lines": [line.to_dict() for line in self.lines],
            "perResource": [
                {"urn": urn, "lowUsd": round(lo, 2), "highUsd": round(hi, 2)}
                for urn, lo, hi in self.per_resource()
            ],
            "unpriced": [u.to_dict() for u in self.unpriced],
            "assumptions": list(self.assumptions),
            "unverifiedPrices": list(self.unverified_prices),
        }


def estimate_monthly_cost(
    resources: Sequence[CostResource],
    region: str,
    assumptions: Assumptions | None = None,
    table: PriceTable | None = None,
) -> Estimate:
    """Monthly (low, high) range per resource and in total.

    ``region`` is the stack's region (``aws:region``); a resource with its own region is priced
    there. An unknown region raises UnknownRegionError (a ValueError) naming the known ones.
    """
    table = table if table is not None else load_price_table()
    assumptions = assumptions if assumptions is not None else Assumptions()
    table.region(region)  # fail early on the stack's region
    model = _Model(resources, region, assumptions, table)
    model.run()
    unverified = sorted(
        {key for name in model.regions_used for key in table.region(name).unverified()}
    )
    extra_assumptions = (
        f"{_fmt(table.hours_per_month)} hours per month",
        "Serverless v2: low = min ACU for the whole month (0 when min is 0: paused), "
        "high = max ACU for the whole month, per instance",
        "RDS Proxy: billed on the ACUs of its Serverless v2 targets, at least the minimum per "
        "proxy; low = max(minimum, sum of the targets' min ACU), high = max(minimum, sum of "
        f"max ACU); a min-0 instance behind a proxy never pauses and counts "
        f"{_fmt(PROXY_AWAKE_FLOOR_ACU)} ACU",
    )
    return Estimate(
        region=region,
        hours_per_month=table.hours_per_month,
        lines=tuple(model.lines),
        unpriced=tuple(model.unpriced),
        assumptions=extra_assumptions + assumptions.describe(),
        unverified_prices=tuple(unverified),
    )


@dataclass
class _Scaling:
    min_acu: float
    max_acu: float


class _Model:
    def __init__(
        self,
        resources: Sequence[CostResource],
        region: str,
        assumptions: Assumptions,
        table: PriceTable,
    ) -> None:
        self.resources = list(resources)
        self.region = region
        self.a = assumptions
        self.table = table
        self.hours = table.hours_per_month
        self.by_urn = {r.urn: r for r in self.resources}
        self.lines: list[LineItem] = []
        self.unpriced: list[Unpriced] = []
        self.regions_used: set[str] = set()
        self.clusters = [r for r in self.resources if r.type == CLUSTER]
        self.instance_cluster: dict[str, CostResource | None] = {}
        for r in self.resources:
            if r.type == INSTANCE:
                self.instance_cluster[r.urn] = self._link(r, "clusterIdentifier", CLUSTER)
        self.proxy_clusters: dict[str, list[CostResource]] = {}
        self.proxy_unlinked_targets: dict[str, int] = {}
        for r in self.resources:
            if r.type == PROXY_TARGET:
                proxy = self._link(r, "dbProxyName", PROXY)
                if proxy is None:
                    continue
                cluster = self._link(r, "dbClusterIdentifier", CLUSTER)
                if cluster is None:
                    self.proxy_unlinked_targets[proxy.urn] = (
                        self.proxy_unlinked_targets.get(proxy.urn, 0) + 1
                    )
                    continue
                targets = self.proxy_clusters.setdefault(proxy.urn, [])
                if cluster not in targets:
                    targets.append(cluster)
        self.proxied_clusters = {c.urn for cs in self.proxy_clusters.values() for c in cs}

    # ---- linking -------------------------------------------------------------------------

    def _link(self, r: CostResource, prop: str, target_type: str) -> CostResource | None:
        """The resource of ``target_type`` that ``r.props[prop]`` refers to.

        Order: property dependencies, then the identifier/name value, then the only resource
        of that type in the plan.
        """
        for urn in r.property_dependencies.get(prop, ()):
            target = self.by_urn.get(urn)
            if target is not None and target.type == target_type:
                return target
        candidates = [c for c in self.resources if c.type == target_type]
        value = r.props.get(prop)
        if isinstance(value, str) and not is_unknown(value):
            for c in candidates:
                if value in _identifiers(c):
                    return c
        for urn in r.dependencies:
            target = self.by_urn.get(urn)
            if target is not None and target.type == target_type:
                return target
        if len(candidates) == 1:
            return candidates[0]
        return None

    # ---- helpers -------------------------------------------------------------------------

    def _prices(self, r: CostResource) -> RegionPrices:
        name = r.region if r.region else self.region
        prices = self.table.region(name)
        self.regions_used.add(name)
        return prices

    def _add(self, r: CostResource, item: str, low: float, high: float, basis: str) -> None:
        self.lines.append(LineItem(r.urn, r.type, r.name, item, low, high, basis))

    def _skip(self, r: CostResource, reason: str) -> None:
        self.unpriced.append(Unpriced(r.urn, r.type, r.name, reason))

    def _scaling(self, cluster: CostResource) -> _Scaling | str:
        raw = cluster.props.get("serverlessv2ScalingConfiguration")
        if isinstance(raw, Sequence) and not isinstance(raw, str):
            raw = raw[0] if len(raw) > 0 else None
        if raw is None:
            return f"cluster {cluster.name} has no serverlessv2ScalingConfiguration"
        if not isinstance(raw, Mapping):
            return f"cluster {cluster.name}'s serverlessv2ScalingConfiguration is not known yet"
        low = _number(raw.get("minCapacity"))
        high = _number(raw.get("maxCapacity"))
        if low is None or high is None:
            return f"cluster {cluster.name}'s min/max capacity is not known yet"
        return _Scaling(low, high)

    def _instance_floor(self, cluster: CostResource, scaling: _Scaling) -> float:
        if scaling.min_acu == 0 and cluster.urn in self.proxied_clusters:
            return PROXY_AWAKE_FLOOR_ACU
        return scaling.min_acu

    def _serverless_instances(self, cluster: CostResource) -> list[CostResource]:
        return [
            r
            for r in self.resources
            if r.type == INSTANCE
            and r.props.get("instanceClass") == SERVERLESS_CLASS
            and self.instance_cluster.get(r.urn) is cluster
        ]

    # ---- rules ---------------------------------------------------------------------------

    def run(self) -> None:
        handlers = {
            INSTANCE: self._instance,
            CLUSTER: self._cluster,
            PROXY: self._proxy,
            KMS_KEY: self._kms_key,
            KMS_REPLICA_KEY: self._kms_key,
            SECRET: self._secret,
            VPC_ENDPOINT: self._endpoint,
            NAT_GATEWAY: self._nat,
            METRIC_ALARM: self._alarm,
            LOG_GROUP: self._log_group,
            LOG_METRIC_FILTER: self._metric_filter,
            PROXY_ENDPOINT: self._proxy_endpoint,
            DSQL_CLUSTER: self._dsql,
        }
        for r in self.resources:
            handler = handlers.get(r.type)
            if handler is not None:
                handler(r)
            elif r.type.startswith("aws:") and r.type not in FREE_TYPES:
                self._skip(r, "no price rule for this resource type")

    def _instance(self, r: CostResource) -> None:
        instance_class = r.props.get("instanceClass")
        if instance_class != SERVERLESS_CLASS:
            shown = "unknown" if is_unknown(instance_class) else repr(instance_class)
            self._skip(r, f"instance class {shown} is not priced (only {SERVERLESS_CLASS})")
            return
        cluster = self.instance_cluster.get(r.urn)
        if cluster is None:
            self._skip(r, "its cluster (clusterIdentifier) could not be found in the plan")
            return
        scaling = self._scaling(cluster)
        if isinstance(scaling, str):
            self._skip(r, scaling)
            return
        p = self._prices(r)
        io_optimized = cluster.props.get("storageType") == IO_OPTIMIZED_STORAGE
        key = "auroraIoOptimizedAcuHour" if io_optimized else "auroraServerlessV2AcuHour"
        rate = p[key]
        floor = self._instance_floor(cluster, scaling)
        basis = (
            f"{_fmt(scaling.min_acu)}-{_fmt(scaling.max_acu)} ACU x {_fmt(self.hours)} h x "
            f"${_fmt(rate)}/ACU-hour"
        )
        if scaling.min_acu == 0:
            if floor > 0:
                basis += f"; min 0 but an RDS Proxy keeps it awake: floor {_fmt(floor)} ACU"
            else:
                basis += "; scales to zero when idle"
        if io_optimized:
            basis += "; I/O-Optimized"
        self._add(
            r,
            "Serverless v2 compute",
            floor * self.hours * rate,
            scaling.max_acu * self.hours * rate,
            basis,
        )

    def _cluster(self, r: CostResource) -> None:
        p = self._prices(r)
        engine = r.props.get("engine")
        if isinstance(engine, str) and engine.startswith("aurora"):
            if r.props.get("storageType") == IO_OPTIMIZED_STORAGE:
                rate = p["auroraIoOptimizedStorageGbMonth"]
                cost = self.a.storage_gb_per_cluster * rate
                basis = f"{_fmt(self.a.storage_gb_per_cluster)} GB x ${_fmt(rate)}/GB-month"
                self._add(r, "storage (I/O-Optimized, I/O included)", cost, cost, basis)
            else:
                rate = p["auroraStorageGbMonth"]
                cost = self.a.storage_gb_per_cluster * rate
                basis = f"{_fmt(self.a.storage_gb_per_cluster)} GB x ${_fmt(rate)}/GB-month"
                self._add(r, "storage", cost, cost, basis)
                io_rate = p["auroraIoMillionRequests"]
                io = self.a.io_million_requests_per_cluster * io_rate
                io_basis = (
                    f"{_fmt(self.a.io_million_requests_per_cluster)} million requests x "
                    f"${_fmt(io_rate)}/million"
                )
                self._add(r, "I/O", io, io, io_basis)
        elif engine is not None:
            self._skip(r, f"engine {engine!r} is not priced (only aurora-*)")
            return
        if r.props.get("manageMasterUserPassword") is True:
            rate = p["secretsManagerSecretMonth"]
            self._add(r, "RDS-managed master secret", rate, rate, f"1 secret x ${_fmt(rate)}/month")
        exports = r.props.get("enabledCloudwatchLogsExports")
        if isinstance(exports, Sequence) and not isinstance(exports, str):
            uncovered = [
                e for e in exports if isinstance(e, str) and not self._log_group_exists(r, e)
            ]
            if uncovered:
                rate = p["cloudwatchLogsIngestionGb"]
                gb = self.a.log_ingestion_gb_per_log_group * len(uncovered)
                basis = (
                    f"{len(uncovered)} exported log group(s) ({', '.join(uncovered)}) x "
                    f"{_fmt(self.a.log_ingestion_gb_per_log_group)} GB x ${_fmt(rate)}/GB"
                )
                self._add(r, "log export ingestion", gb * rate, gb * rate, basis)

    def _log_group_exists(self, cluster: CostResource, log_type: str) -> bool:
        """True when the plan declares the log group RDS exports ``log_type`` into."""
        suffix = f"/{log_type}"
        names = [
            str(g.props.get("name"))
            for g in self.resources
            if g.type == LOG_GROUP and isinstance(g.props.get("name"), str)
        ]
        idents = {i for i in _identifiers(cluster) if not is_unknown(i)}
        for name in names:
            if not name.startswith("/aws/rds/cluster/") or not name.endswith(suffix):
                continue
            middle = name[len("/aws/rds/cluster/") : -len(suffix)]
            if middle in idents or not idents:
                return True
        return False

    def _proxy(self, r: CostResource) -> None:
        p = self._prices(r)
        rate = p["rdsProxyAcuHour"]
        minimum = p["rdsProxyMinimumAcu"]
        floor_acu = 0.0
        ceiling_acu = 0.0
        targets = self.proxy_clusters.get(r.urn, [])
        for cluster in targets:
            scaling = self._scaling(cluster)
            if isinstance(scaling, str):
                self._skip(r, f"target {scaling}; priced at the minimum only")
                continue
            count = len(self._serverless_instances(cluster))
            floor_acu += count * self._instance_floor(cluster, scaling)
            ceiling_acu += count * scaling.max_acu
        low_acu = max(minimum, floor_acu)
        high_acu = max(minimum, ceiling_acu)
        if targets:
            names = ", ".join(c.name for c in targets)
            basis = (
                f"targets {names}: max({_fmt(minimum)}, {_fmt(floor_acu)})-"
                f"max({_fmt(minimum)}, {_fmt(ceiling_acu)}) ACU x {_fmt(self.hours)} h x "
                f"${_fmt(rate)}/ACU-hour"
            )
        else:
            basis = (
                f"no Serverless v2 target found: minimum {_fmt(minimum)} ACU x "
                f"{_fmt(self.hours)} h x ${_fmt(rate)}/ACU-hour"
            )
        self._add(r, "RDS Proxy", low_acu * self.hours * rate, high_acu * self.hours * rate, basis)

    def _kms_key(self, r: CostResource) -> None:
        p = self._prices(r)
        key_rate = p["kmsKeyMonth"]
        low = key_rate
        high = key_rate
        basis = f"1 key x ${_fmt(key_rate)}/month"
        if r.props.get("enableKeyRotation") is True:
            rotations = p["kmsMaxBilledRotations"]
            rot_rate = p["kmsRotatedKeyMaterialMonth"]
            high += rotations * rot_rate
            basis += (
                f"; rotation adds ${_fmt(rot_rate)}/month for each of the first "
                f"{_fmt(rotations)} rotations (high end)"
            )
        self._add(r, "KMS key", low, high, basis)

    def _secret(self, r: CostResource) -> None:
        rate = self._prices(r)["secretsManagerSecretMonth"]
        self._add(r, "secret", rate, rate, f"1 secret x ${_fmt(rate)}/month")

    def _endpoint(self, r: CostResource) -> None:
        kind = r.props.get("vpcEndpointType", "Gateway")
        if kind != "Interface":
            if is_unknown(kind):
                self._skip(r, "vpcEndpointType is not known yet")
            return  # Gateway endpoints (S3, DynamoDB) have no charge
        azs = _az_count(r, "subnetIds")
        if azs == 0:
            self._skip(r, "subnetIds (one per AZ) are not known yet")
            return
        p = self._prices(r)
        hour_rate = p["vpcInterfaceEndpointAzHour"]
        data_rate = p["vpcInterfaceEndpointDataGb"]
        hours = azs * self.hours * hour_rate
        data = self.a.endpoint_data_gb_per_endpoint * data_rate
        service = r.props.get("serviceName")
        label = service if isinstance(service, str) and not is_unknown(service) else "endpoint"
        basis = (
            f"{label}: {azs} AZ x {_fmt(self.hours)} h x ${_fmt(hour_rate)}/AZ-hour + "
            f"{_fmt(self.a.endpoint_data_gb_per_endpoint)} GB x ${_fmt(data_rate)}/GB"
        )
        self._add(r, "interface endpoint", hours + data, hours + data, basis)

    def _nat(self, r: CostResource) -> None:
        p = self._prices(r)
        hour_rate = p["natGatewayHour"]
        data_rate = p["natGatewayDataGb"]
        cost = self.hours * hour_rate + self.a.nat_data_gb_per_gateway * data_rate
        basis = (
            f"{_fmt(self.hours)} h x ${_fmt(hour_rate)}/hour + "
            f"{_fmt(self.a.nat_data_gb_per_gateway)} GB x ${_fmt(data_rate)}/GB"
        )
        self._add(r, "NAT gateway", cost, cost, basis)

    def _alarm(self, r: CostResource) -> None:
        p = self._prices(r)
        queries = r.props.get("metricQueries")
        metrics = 1
        if isinstance(queries, Sequence) and not isinstance(queries, str) and len(queries) > 0:
            metrics = sum(
                1 for q in queries if isinstance(q, Mapping) and q.get("metric") is not None
            )
            metrics = max(metrics, 1)
        period = _number(r.props.get("period"))
        high_res = period is not None and period < 60
        key = (
            "cloudwatchHighResolutionAlarmMetricMonth" if high_res else "cloudwatchAlarmMetricMonth"
        )
        rate = p[key]
        kind = "high-resolution" if high_res else "standard"
        basis = f"{metrics} {kind} alarm metric(s) x ${_fmt(rate)}/month"
        self._add(r, "alarm", metrics * rate, metrics * rate, basis)

    def _log_group(self, r: CostResource) -> None:
        rate = self._prices(r)["cloudwatchLogsIngestionGb"]
        gb = self.a.log_ingestion_gb_per_log_group
        self._add(r, "log ingestion", gb * rate, gb * rate, f"{_fmt(gb)} GB x ${_fmt(rate)}/GB")

    def _metric_filter(self, r: CostResource) -> None:
        rate = self._prices(r)["cloudwatchCustomMetricMonth"]
        transform = r.props.get("metricTransformation")
        if isinstance(transform, Sequence) and not isinstance(transform, str):
            transform = transform[0] if len(transform) > 0 else None
        always = isinstance(transform, Mapping) and transform.get("defaultValue") is not None
        low = rate if always else 0.0
        basis = f"1 custom metric x ${_fmt(rate)}/month" + (
            " (defaultValue set: published whenever the group ingests logs)"
            if always
            else " (published only when the pattern matches: none at the low end)"
        )
        self._add(r, "custom metric", low, rate, basis)

    def _proxy_endpoint(self, r: CostResource) -> None:
        azs = _az_count(r, "vpcSubnetIds")
        if azs == 0:
            self._skip(r, "vpcSubnetIds are not known yet")
            return
        rate = self._prices(r)["vpcInterfaceEndpointAzHour"]
        cost = azs * self.hours * rate
        basis = (
            f"assumed billed like an interface endpoint (no verified price): {azs} AZ x "
            f"{_fmt(self.hours)} h x ${_fmt(rate)}/AZ-hour"
        )
        self._add(r, "proxy endpoint", cost, cost, basis)

    def _dsql(self, r: CostResource) -> None:
        p = self._prices(r)
        storage_rate = p["dsqlStorageGbMonth"]
        dpu_rate = p["dsqlDpuMillion"]
        storage = self.a.dsql_storage_gb_per_cluster * storage_rate
        dpu = self.a.dsql_dpu_millions_per_cluster * dpu_rate
        basis = (
            f"{_fmt(self.a.dsql_storage_gb_per_cluster)} GB x ${_fmt(storage_rate)}/GB-month; "
            f"0-{_fmt(self.a.dsql_dpu_millions_per_cluster)} million DPU x "
            f"${_fmt(dpu_rate)}/million"
        )
        self._add(r, "Aurora DSQL", storage, storage + dpu, basis)


def _identifiers(r: CostResource) -> set[str]:
    """Strings another resource may use to refer to ``r``: identifier, name, id, arn, URN."""
    found = {r.urn, r.name}
    for key in ("clusterIdentifier", "name", "id", "arn", "identifier"):
        value = r.props.get(key)
        if isinstance(value, str) and not is_unknown(value):
            found.add(value)
    return found


def _az_count(r: CostResource, key: str) -> int:
    """Subnets (one per AZ) of an endpoint: the list's length or, when a preview dropped its
    unknown elements, the number of subnet resources it depends on; 0 when neither is known."""
    listed = r.props.get(key)
    count = len(listed) if isinstance(listed, Sequence) and not isinstance(listed, str) else 0
    return max(count, len(set(r.property_dependencies.get(key, ()))))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _fmt(value: float) -> str:
    """Compact number: 0.5, 2, 0.015, 730."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text else "0"


def resources_from_dicts(items: Iterable[Mapping[str, Any]]) -> list[CostResource]:
    """CostResources from plain dicts (``urn``, ``type``, ``name``, ``props``, optional
    ``dependencies``, ``propertyDependencies``, ``region``), e.g. a plan's JSON."""
    out: list[CostResource] = []
    for item in items:
        deps = item.get("propertyDependencies") or {}
        out.append(
            CostResource(
                urn=str(item["urn"]),
                type=str(item["type"]),
                name=str(item.get("name", "")),
                props=dict(item.get("props") or {}),
                dependencies=tuple(item.get("dependencies") or ()),
                property_dependencies={k: tuple(v) for k, v in deps.items()},
                region=item.get("region"),
            )
        )
    return out
