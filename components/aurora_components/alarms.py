"""Alarms: CloudWatch alarms for the cluster (and proxy) into a CMK-encrypted SNS topic.

Alarms (all notify on ALARM and OK):
- CPUUtilization average above 80 % for 15 minutes;
- DatabaseConnections above 80 % of ``max_connections`` at the maximum ACU;
- ACUUtilization average above 90 % for 15 minutes (sustained: the maximum ACU is too low);
- FreeableMemory below 10 % of the memory at the maximum ACU;
- connection failures (``FATAL`` lines in the postgresql log, e.g. failed authentication)
  and long-running queries (statements slower than the cluster's
  ``log_min_duration_statement``, 30 s by default) from metric filters on the log group;
- with a proxy: ClientConnections above a saturation threshold.
Missing data (a paused cluster sends none) does not breach.

``max_connections`` of Aurora PostgreSQL Serverless v2 derives from the memory at the
maximum ACU: the engine default is LEAST(DBInstanceClassMemory/9531392, 5000) (AWS,
"Managing Amazon Aurora PostgreSQL", docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/
AuroraPostgreSQL.Managing.html). AWS re:Post "Working of max_connections for Amazon Aurora
PostgreSQL Serverless" (repost.aws/articles/ARm5e6RHE3R4mnHS2S-UZUwA, pointing at the table in
the AWS page aurora-serverless-v2.setting-capacity#aurora-serverless-v2.max-connections, which
was not read directly) reports 189 connections for 0.5-1 ACU, 3,360 at 16 ACU and 5,000 from
32 ACU with a minimum of at least 1, and a cap of 2,000 whenever the minimum is 0 or 0.5.
Between those points the estimate interpolates linearly (823 at 4 ACU, 1,669 at 8 ACU;
unverified). It is a default only: pass ``database_max_connections`` when the parameter group
overrides ``max_connections`` or the published values change.
"""

import itertools
import math
from typing import TypedDict

import pulumi
import pulumi_aws as aws

from ._common import child_opts, merge_tags, type_token
from .naming import child_name, validate_component_name
from .validation import (
    validate_acu,
    validate_alarm_email,
    validate_int_range,
    validate_tags,
)

__all__ = ["Alarms", "AlarmsArgs", "estimated_max_connections"]

_PERIOD = 300
_PERIODS = 3
_GIB = 1024**3
# Published points (max ACU -> default max_connections), see the module docstring.
_POINTS: tuple[tuple[float, int], ...] = ((1.0, 189), (16.0, 3360), (32.0, 5000))
_LOW_MIN_CAP = 2000


def estimated_max_connections(min_capacity_acu: float, max_capacity_acu: float) -> int:
    """Default ``max_connections`` of Aurora PostgreSQL Serverless v2 at the maximum ACU."""
    validate_acu("min_capacity_acu", min_capacity_acu, 0)
    validate_acu("max_capacity_acu", max_capacity_acu, 1)
    if max_capacity_acu >= _POINTS[-1][0]:
        value = _POINTS[-1][1]
    else:
        (x0, y0), (x1, y1) = next(
            (a, b) for a, b in itertools.pairwise(_POINTS) if max_capacity_acu <= b[0]
        )
        value = round(y0 + (max_capacity_acu - x0) * (y1 - y0) / (x1 - x0))
    if min_capacity_acu <= 0.5:
        value = min(value, _LOW_MIN_CAP)
    return value


class AlarmsArgs(TypedDict, total=False):
    """Arguments of :class:`Alarms`."""

    cluster_identifier: pulumi.Input[str]
    """The cluster (DBClusterIdentifier dimension). Required."""
    kms_key_arn: pulumi.Input[str]
    """CMK of the SNS topic. Required."""
    min_capacity_acu: float
    """The cluster's minimum ACU (0 or 0.5 caps max_connections at 2,000). Default: 0.5."""
    max_capacity_acu: float
    """The cluster's maximum ACU (sizes the connection and memory thresholds). Default: 2."""
    database_max_connections: int
    """max_connections at the maximum ACU. Default: estimated from the ACU range."""
    cluster_log_group_name: pulumi.Input[str]
    """The postgresql log group; enables the connection-failure and slow-query alarms.
    Default: unset, those two alarms are not created."""
    proxy_name: pulumi.Input[str]
    """The proxy (ProxyName dimension); enables the proxy alarm. Default: unset, no proxy alarm."""
    proxy_client_connections_threshold: int
    """Proxy ClientConnections above this alarm. Default: 80 % of max_connections."""
    alarm_email: pulumi.Input[str]
    """E-mail subscribed to the topic (confirmation needed). Default: unset, no subscription.
    A plain string is validated; an ``Output`` (for example a secret from
    ``Config.get_secret``) is passed on as it is, secret marking included."""
    cpu_threshold_percent: int
    """CPUUtilization alarm threshold. Default: 80."""
    connections_threshold_percent: int
    """DatabaseConnections threshold as a percentage of max_connections. Default: 80."""
    acu_utilization_threshold_percent: int
    """ACUUtilization threshold (sustained 15 minutes). Default: 90."""
    tags: dict[str, str]
    """Tags merged onto every taggable child. Default: none."""


class Alarms(pulumi.ComponentResource):
    """SNS topic, optional e-mail subscription and the CloudWatch alarms."""

    topic_arn: pulumi.Output[str]
    """The alarm topic."""
    alarm_names: pulumi.Output[list[str]]
    """Names of every alarm created."""

    def __init__(
        self, name: str, args: AlarmsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        validate_component_name(name)
        for required in ("cluster_identifier", "kms_key_arn"):
            if args.get(required) is None:
                raise ValueError(f"{required} is required, got None")
        min_acu = args.get("min_capacity_acu", 0.5)
        max_acu = args.get("max_capacity_acu", 2.0)
        max_connections = args.get("database_max_connections")
        if max_connections is None:
            max_connections = estimated_max_connections(min_acu, max_acu)
        validate_int_range("database_max_connections", max_connections, 1, 262143)
        cpu = validate_int_range(
            "cpu_threshold_percent", args.get("cpu_threshold_percent", 80), 1, 100
        )
        conn_pct = validate_int_range(
            "connections_threshold_percent", args.get("connections_threshold_percent", 80), 1, 100
        )
        acu_pct = validate_int_range(
            "acu_utilization_threshold_percent",
            args.get("acu_utilization_threshold_percent", 90),
            1,
            100,
        )
        connections_threshold = max(1, math.floor(max_connections * conn_pct / 100))
        proxy_threshold = validate_int_range(
            "proxy_client_connections_threshold",
            args.get("proxy_client_connections_threshold", connections_threshold),
            1,
            1_000_000,
        )
        email_arg = args.get("alarm_email")
        email = (
            email_arg if isinstance(email_arg, pulumi.Output) else validate_alarm_email(email_arg)
        )
        tags = validate_tags(args.get("tags", {}))

        super().__init__(type_token("alarms", "Alarms"), name, None, opts)

        topic = aws.sns.Topic(
            child_name(name, "topic"),
            kms_master_key_id=args["kms_key_arn"],
            tags=merge_tags(tags),
            opts=child_opts(self),
        )
        if email is not None:
            aws.sns.TopicSubscription(
                child_name(name, "email"),
                topic=topic.arn,
                protocol="email",
                endpoint=email,
                opts=child_opts(self),
            )

        cluster_dims = {"DBClusterIdentifier": args["cluster_identifier"]}
        alarms: list[aws.cloudwatch.MetricAlarm] = []

        def alarm(
            suffix: str,
            description: str,
            metric: str,
            statistic: str,
            operator: str,
            threshold: float,
            dimensions: dict[str, pulumi.Input[str]] | None,
            namespace: str = "AWS/RDS",
            periods: int = _PERIODS,
        ) -> None:
            alarms.append(
                aws.cloudwatch.MetricAlarm(
                    child_name(name, suffix),
                    name=child_name(name, suffix),
                    alarm_description=description,
                    namespace=namespace,
                    metric_name=metric,
                    dimensions=dimensions,
                    statistic=statistic,
                    period=_PERIOD,
                    evaluation_periods=periods,
                    datapoints_to_alarm=periods,
                    comparison_operator=operator,
                    threshold=threshold,
                    treat_missing_data="notBreaching",
                    alarm_actions=[topic.arn],
                    ok_actions=[topic.arn],
                    tags=merge_tags(tags),
                    opts=child_opts(self),
                )
            )

        alarm(
            "cpu-high",
            f"Aurora CPU above {cpu} % for 15 minutes",
            "CPUUtilization",
            "Average",
            "GreaterThanThreshold",
            cpu,
            cluster_dims,
        )
        alarm(
            "connections-high",
            f"Aurora connections above {conn_pct} % of max_connections ({max_connections})",
            "DatabaseConnections",
            "Maximum",
            "GreaterThanThreshold",
            connections_threshold,
            cluster_dims,
        )
        alarm(
            "acu-utilization-high",
            f"Aurora ACU utilisation above {acu_pct} % for 15 minutes: review max capacity",
            "ACUUtilization",
            "Average",
            "GreaterThanThreshold",
            acu_pct,
            cluster_dims,
        )
        memory_floor = math.floor(max_acu * 2 * _GIB * 0.10)
        alarm(
            "freeable-memory-low",
            "Aurora freeable memory below 10 % of the memory at maximum capacity",
            "FreeableMemory",
            "Average",
            "LessThanThreshold",
            memory_floor,
            cluster_dims,
        )

        log_group = args.get("cluster_log_group_name")
        if log_group is not None:
            namespace = "AuroraPlatform"
            for suffix, pattern, description in (
                ("connection-failures", '"FATAL"', "FATAL errors (failed logins) in the log"),
                ("long-running-queries", '"duration:"', "Statements slower than the threshold"),
            ):
                metric_name = child_name(name, suffix)
                aws.cloudwatch.LogMetricFilter(
                    child_name(name, f"{suffix}-filter"),
                    log_group_name=log_group,
                    pattern=pattern,
                    metric_transformation=aws.cloudwatch.LogMetricFilterMetricTransformationArgs(
                        name=metric_name,
                        namespace=namespace,
                        value="1",
                        default_value="0",
                    ),
                    opts=child_opts(self),
                )
                alarm(
                    suffix,
                    f"Aurora: {description}",
                    metric_name,
                    "Sum",
                    "GreaterThanOrEqualToThreshold",
                    1,
                    None,
                    namespace=namespace,
                    periods=1,
                )

        proxy_name = args.get("proxy_name")
        if proxy_name is not None:
            alarm(
                "proxy-client-connections-high",
                f"RDS Proxy client connections above {proxy_threshold}",
                "ClientConnections",
                "Maximum",
                "GreaterThanThreshold",
                proxy_threshold,
                {"ProxyName": proxy_name},
            )

        self.topic_arn = topic.arn
        self.alarm_names = pulumi.Output.all(*[a.name for a in alarms])
        self.register_outputs({"topic_arn": self.topic_arn, "alarm_names": self.alarm_names})
