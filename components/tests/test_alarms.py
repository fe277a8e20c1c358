"""Alarms: topic on the CMK, the alarm set, thresholds and actions."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_components import Alarms, AlarmsArgs
from componentmocks import ACCOUNT, REGION, RecordingMonitor, run

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-4333-8444-555555555555"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def alarm_args(**overrides: Any) -> AlarmsArgs:
    """Happy-path args with overrides applied."""
    args: dict[str, Any] = {"cluster_identifier": "orders", "kms_key_arn": KEY}
    args.update(overrides)
    return args  # type: ignore[return-value]


def alarms_by_name(monitor: RecordingMonitor) -> dict[str, dict[str, Any]]:
    """Alarm inputs keyed by alarm name."""
    return {a.inputs["name"]: a.inputs for a in monitor.of_type(ALARM)}


def test_core_alarms_into_encrypted_topic(monitor: RecordingMonitor) -> None:
    """Four cluster alarms, all acting on the CMK-encrypted topic, missing data OK."""
    _, outputs = run(lambda: Alarms("ops", alarm_args(min_capacity_acu=1, max_capacity_acu=16)))
    assert monitor.type_counts() == {
        "aurora-platform:alarms:Alarms": 1,
        "aws:sns/topic:Topic": 1,
        ALARM: 4,
    }
    topic = monitor.one("aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == KEY
    alarms = alarms_by_name(monitor)
    expected = {
        "ops-cpu-high": ("CPUUtilization", "GreaterThanThreshold", 80),
        "ops-connections-high": ("DatabaseConnections", "GreaterThanThreshold", 2688),
        "ops-acu-utilization-high": ("ACUUtilization", "GreaterThanThreshold", 90),
        "ops-freeable-memory-low": ("FreeableMemory", "LessThanThreshold", 3435973836),
    }
    assert {
        n: (a["metricName"], a["comparisonOperator"], a["threshold"]) for n, a in alarms.items()
    } == expected
    for alarm in alarms.values():
        assert alarm["namespace"] == "AWS/RDS"
        assert alarm["dimensions"] == {"DBClusterIdentifier": "orders"}
        assert alarm["alarmActions"] == [topic.state["arn"]]
        assert alarm["okActions"] == [topic.state["arn"]]
        assert alarm["treatMissingData"] == "notBreaching"
        assert alarm["period"] * alarm["evaluationPeriods"] == 900
    assert outputs["topic_arn"] == topic.state["arn"]
    assert sorted(outputs["alarm_names"]) == sorted(expected)


def test_connection_threshold_override(monitor: RecordingMonitor) -> None:
    """database_max_connections replaces the estimate."""
    run(lambda: Alarms("ops", alarm_args(database_max_connections=1000)))
    assert alarms_by_name(monitor)["ops-connections-high"]["threshold"] == 800


def test_email_subscription_only_when_given(monitor: RecordingMonitor) -> None:
    """An alarm_email subscribes by e-mail to the topic."""
    run(lambda: Alarms("ops", alarm_args(alarm_email="dba@example.com")))
    subscription = monitor.one("aws:sns/topicSubscription:TopicSubscription")
    assert subscription.inputs["protocol"] == "email"
    assert subscription.inputs["endpoint"] == "dba@example.com"
    assert subscription.inputs["topic"] == monitor.one("aws:sns/topic:Topic").state["arn"]


def test_log_and_proxy_alarms(monitor: RecordingMonitor) -> None:
    """Log metric filters for failures and slow queries; proxy client saturation."""
    run(
        lambda: Alarms(
            "ops",
            alarm_args(
                cluster_log_group_name="/aws/rds/cluster/orders/postgresql",
                proxy_name="orders-proxy",
                max_capacity_acu=8,
            ),
        )
    )
    filters = {
        f.inputs["metricTransformation"]["name"]: f.inputs
        for f in monitor.of_type("aws:cloudwatch/logMetricFilter:LogMetricFilter")
    }
    assert {n: f["pattern"] for n, f in filters.items()} == {
        "ops-connection-failures": '"FATAL"',
        "ops-long-running-queries": '"duration:"',
    }
    assert {f["logGroupName"] for f in filters.values()} == {"/aws/rds/cluster/orders/postgresql"}
    alarms = alarms_by_name(monitor)
    assert len(alarms) == 7
    assert alarms["ops-long-running-queries"]["namespace"] == "AuroraPlatform"
    assert alarms["ops-long-running-queries"]["evaluationPeriods"] == 1
    proxy = alarms["ops-proxy-client-connections-high"]
    assert proxy["metricName"] == "ClientConnections"
    assert proxy["dimensions"] == {"ProxyName": "orders-proxy"}
    assert proxy["threshold"] == 1335  # 80 % of 1,669 (8 ACU)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"alarm_email": "nobody"}, "alarm_email must be an e-mail address or unset, got 'nobody'"),
        ({"kms_key_arn": None}, "kms_key_arn is required, got None"),
        (
            {"max_capacity_acu": 0.5},
            "max_capacity_acu must be a multiple of 0.5 between 1 and 256, got 0.5",
        ),
        (
            {"database_max_connections": 0},
            "database_max_connections must be an integer from 1 to 262143, got 0",
        ),
        (
            {"cpu_threshold_percent": 0},
            "cpu_threshold_percent must be an integer from 1 to 100, got 0",
        ),
    ],
)
def test_fails_before_any_registration(
    monitor: RecordingMonitor, overrides: dict[str, Any], message: str
) -> None:
    """Bad arguments raise before the component or any child is registered."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: Alarms("ops", alarm_args(**overrides)))
    assert str(excinfo.value) == message
    assert monitor.registrations == []
