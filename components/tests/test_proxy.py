"""DatabaseProxy: TLS, IAM auth, least-privilege role, target ordering, read-only endpoint."""

from __future__ import annotations

import json
from typing import Any

import pulumi_aws as aws
import pytest
from aurora_components import DatabaseProxy, DatabaseProxyArgs
from componentmocks import ACCOUNT, REGION, RecordingMonitor, run

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-4333-8444-555555555555"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!cluster-abc-AbCdEf"
PROXY = "aws:rds/proxy:Proxy"


def proxy_args(**overrides: Any) -> DatabaseProxyArgs:
    """Happy-path args with overrides applied."""
    args: dict[str, Any] = {
        "cluster_identifier": "orders",
        "secret_arn": SECRET,
        "kms_key_arn": KEY,
        "subnet_ids": ["subnet-a", "subnet-b"],
        "security_group_ids": ["sg-proxy"],
        "tags": {"team": "data"},
    }
    args.update(overrides)
    return args  # type: ignore[return-value]


def build_with_instances(readers: int) -> DatabaseProxy:
    """Two instances registered first, then the proxy that must wait for them."""
    instances = [
        aws.rds.ClusterInstance(
            f"orders-instance-{i}",
            identifier=f"orders-instance-{i}",
            cluster_identifier="orders",
            engine=aws.rds.EngineType.AURORA_POSTGRESQL,
            instance_class="db.serverless",
        )
        for i in range(1, readers + 2)
    ]
    return DatabaseProxy(
        "orders-proxy",
        proxy_args(cluster_instances=instances, enable_read_only_endpoint=readers > 0),
    )


def test_registers_exact_resources(monitor: RecordingMonitor) -> None:
    """Proxy, role and policy, log group, target group, target; no endpoint without readers."""
    run(lambda: DatabaseProxy("orders-proxy", proxy_args()))
    assert monitor.type_counts() == {
        "aurora-platform:proxy:DatabaseProxy": 1,
        "aws:cloudwatch/logGroup:LogGroup": 1,
        "aws:iam/role:Role": 1,
        "aws:iam/rolePolicy:RolePolicy": 1,
        PROXY: 1,
        "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": 1,
        "aws:rds/proxyTarget:ProxyTarget": 1,
    }


def test_proxy_security_inputs(monitor: RecordingMonitor) -> None:
    """TLS required, debug logging off, IAM auth REQUIRED with the cluster secret."""
    _, outputs = run(lambda: DatabaseProxy("orders-proxy", proxy_args()))
    proxy = monitor.one(PROXY)
    role = monitor.one("aws:iam/role:Role")
    expected = {
        "name": "orders-proxy",
        "engineFamily": "POSTGRESQL",
        "requireTls": True,
        "debugLogging": False,
        "idleClientTimeout": 1800,
        "roleArn": role.state["arn"],
        "vpcSubnetIds": ["subnet-a", "subnet-b"],
        "vpcSecurityGroupIds": ["sg-proxy"],
        "tags": {"team": "data"},
    }
    assert {k: proxy.inputs.get(k) for k in expected} == expected
    assert len(proxy.inputs["auths"]) == 1
    auth = proxy.inputs["auths"][0]
    assert {
        k: auth[k] for k in ("authScheme", "secretArn", "iamAuth", "clientPasswordAuthType")
    } == {
        "authScheme": "SECRETS",
        "secretArn": SECRET,
        "iamAuth": "REQUIRED",
        "clientPasswordAuthType": "POSTGRES_SCRAM_SHA_256",
    }
    log_group = monitor.one("aws:cloudwatch/logGroup:LogGroup")
    assert log_group.inputs["name"] == "/aws/rds/proxy/orders-proxy"
    assert log_group.inputs["kmsKeyId"] == KEY
    assert log_group.inputs["retentionInDays"] == 365
    assert log_group.urn in proxy.dependencies
    assert outputs["endpoint"] == proxy.state["endpoint"]
    assert outputs["read_only_endpoint"] is None
    assert outputs["proxy_name"] == "orders-proxy"


def test_role_names_only_the_secret_and_the_key(monitor: RecordingMonitor) -> None:
    """Trust rds.amazonaws.com; GetSecretValue on the secret, Decrypt on the key via SM."""
    run(lambda: DatabaseProxy("orders-proxy", proxy_args()))
    trust = json.loads(monitor.one("aws:iam/role:Role").inputs["assumeRolePolicy"])
    assert trust["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "rds.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ]
    policy = json.loads(monitor.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    assert policy["Statement"] == [
        {
            "Sid": "ReadTheClusterSecret",
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": SECRET,
        },
        {
            "Sid": "DecryptTheSecretThroughSecretsManager",
            "Effect": "Allow",
            "Action": "kms:Decrypt",
            "Resource": KEY,
            "Condition": {
                "StringEquals": {"kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com"}
            },
        },
    ]
    assert "*" not in json.dumps(policy)


def test_pool_settings(monitor: RecordingMonitor) -> None:
    """Connection pool limits are explicit."""
    run(lambda: DatabaseProxy("orders-proxy", proxy_args(max_connections_percent=75)))
    group = monitor.one("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup")
    assert group.inputs["dbProxyName"] == "orders-proxy"
    assert group.inputs["connectionPoolConfig"] == {
        "maxConnectionsPercent": 75,
        "maxIdleConnectionsPercent": 50,
        "connectionBorrowTimeout": 120,
    }


def test_target_depends_on_every_instance(monitor: RecordingMonitor) -> None:
    """The target points at the cluster and is registered only after all instances."""
    run(lambda: build_with_instances(readers=1))
    target = monitor.one("aws:rds/proxyTarget:ProxyTarget")
    assert target.inputs["dbClusterIdentifier"] == "orders"
    assert target.inputs["targetGroupName"] == "default"
    instance_urns = {r.urn for r in monitor.of_type("aws:rds/clusterInstance:ClusterInstance")}
    assert len(instance_urns) == 2
    assert instance_urns <= set(target.dependencies)


def test_read_only_endpoint_for_readers(monitor: RecordingMonitor) -> None:
    """Readers get a READ_ONLY endpoint in the same subnets and groups."""
    _, outputs = run(lambda: build_with_instances(readers=1))
    endpoint = monitor.one("aws:rds/proxyEndpoint:ProxyEndpoint")
    assert endpoint.inputs["targetRole"] == "READ_ONLY"
    assert endpoint.inputs["dbProxyEndpointName"] == "orders-proxy-ro"
    assert endpoint.inputs["vpcSubnetIds"] == ["subnet-a", "subnet-b"]
    assert endpoint.inputs["vpcSecurityGroupIds"] == ["sg-proxy"]
    assert outputs["read_only_endpoint"] == endpoint.state["endpoint"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"subnet_ids": ["subnet-a"]},
            "subnet_ids must list at least 2 subnets in different availability zones, "
            "got ['subnet-a']",
        ),
        ({"secret_arn": None}, "secret_arn is required, got None"),
        ({"security_group_ids": []}, "security_group_ids must name at least one group, got []"),
        (
            {"max_connections_percent": 101},
            "max_connections_percent must be an integer from 1 to 100, got 101",
        ),
        (
            {"max_connections_percent": 40, "max_idle_connections_percent": 50},
            "max_idle_connections_percent must be an integer from 0 to 40, got 50",
        ),
        (
            {"idle_client_timeout_seconds": 0},
            "idle_client_timeout_seconds must be an integer from 1 to 28800, got 0",
        ),
    ],
)
def test_fails_before_any_registration(
    monitor: RecordingMonitor, overrides: dict[str, Any], message: str
) -> None:
    """Bad arguments raise before the component or any child is registered."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: DatabaseProxy("orders-proxy", proxy_args(**overrides)))
    assert str(excinfo.value) == message
    assert monitor.registrations == []
