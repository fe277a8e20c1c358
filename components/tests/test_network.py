"""Network: created and adopted networks, security groups and their rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aurora_components import Network, NetworkArgs
from componentmocks import ACCOUNT, AZ_NAMES, REGION, RecordingMonitor, run

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-4333-8444-555555555555"
NETWORK = "aurora-platform:network:Network"


def create_args(**overrides: Any) -> NetworkArgs:
    """Happy-path create-mode args with overrides applied."""
    args: dict[str, Any] = {"kms_key_arn": KEY, "tags": {"team": "data"}}
    args.update(overrides)
    return args  # type: ignore[return-value]


def test_create_registers_exact_resources(monitor: RecordingMonitor) -> None:
    """Default create mode: VPC, 3 subnets, closed default SG, flow logs, DB group only."""
    run(lambda: Network("net", create_args()))
    assert monitor.type_counts() == {
        NETWORK: 1,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
        "aws:ec2/routeTable:RouteTable": 1,
        "aws:ec2/subnet:Subnet": 3,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 3,
        "aws:cloudwatch/logGroup:LogGroup": 1,
        "aws:iam/role:Role": 1,
        "aws:iam/rolePolicy:RolePolicy": 1,
        "aws:ec2/flowLog:FlowLog": 1,
        "aws:ec2/securityGroup:SecurityGroup": 1,
        "aws:rds/subnetGroup:SubnetGroup": 1,
    }
    component = monitor.one(NETWORK)
    assert all(r.parent == component.urn for r in monitor.registrations if r.custom)
    assert "aws:index/getAvailabilityZones:getAvailabilityZones" in monitor.invoked()
    zones_call = next(c for c in monitor.aws.calls if "getAvailabilityZones" in c.token)
    assert zones_call.args["state"] == "available"


def test_vpc_subnets_and_routes_are_private(monitor: RecordingMonitor) -> None:
    """DNS on, no public IPs, subnets in distinct AZs, a route table without routes."""
    _, outputs = run(lambda: Network("net", create_args(vpc_cidr="10.8.0.0/20", az_count=2)))
    vpc = monitor.one("aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.8.0.0/20"
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True
    assert vpc.inputs["tags"] == {"team": "data", "Name": "net-vpc"}
    subnets = monitor.of_type("aws:ec2/subnet:Subnet")
    assert [s.inputs["cidrBlock"] for s in subnets] == ["10.8.0.0/22", "10.8.4.0/22"]
    assert [s.inputs["availabilityZone"] for s in subnets] == AZ_NAMES[:2]
    for subnet in subnets:
        assert subnet.inputs["mapPublicIpOnLaunch"] is False
        assert subnet.inputs["assignIpv6AddressOnCreation"] is False
    route_table = monitor.one("aws:ec2/routeTable:RouteTable")
    assert route_table.inputs["routes"] == []
    associations = monitor.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")
    assert sorted(a.inputs["subnetId"] for a in associations) == sorted(
        s.state["id"] for s in subnets
    )
    assert {a.inputs["routeTableId"] for a in associations} == {route_table.state["id"]}
    assert "aws:ec2/internetGateway:InternetGateway" not in monitor.type_counts()
    assert "aws:ec2/natGateway:NatGateway" not in monitor.type_counts()
    assert outputs["availability_zones"] == AZ_NAMES[:2]
    assert outputs["subnet_ids"] == [s.state["id"] for s in subnets]
    assert outputs["vpc_id"] == vpc.state["id"]


def test_default_security_group_is_closed(monitor: RecordingMonitor) -> None:
    """The VPC's default security group is adopted with no rules."""
    run(lambda: Network("net", create_args()))
    default = monitor.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert default.inputs["vpcId"] == monitor.one("aws:ec2/vpc:Vpc").state["id"]
    assert default.inputs["ingress"] == []
    assert default.inputs["egress"] == []


def test_flow_logs_go_to_encrypted_group_with_scoped_role(monitor: RecordingMonitor) -> None:
    """Flow logs of the VPC land in a CMK log group; the role writes only there."""
    run(lambda: Network("net", create_args(flow_log_retention_days=90)))
    group = monitor.one("aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["kmsKeyId"] == KEY
    assert group.inputs["retentionInDays"] == 90
    flow = monitor.one("aws:ec2/flowLog:FlowLog")
    assert flow.inputs["vpcId"] == monitor.one("aws:ec2/vpc:Vpc").state["id"]
    assert flow.inputs["logDestinationType"] == "cloud-watch-logs"
    assert flow.inputs["logDestination"] == group.state["arn"]
    assert flow.inputs["trafficType"] == "ALL"
    role = monitor.one("aws:iam/role:Role")
    assert flow.inputs["iamRoleArn"] == role.state["arn"]
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    policy = json.loads(monitor.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    assert policy["Statement"][0]["Resource"] == [group.state["arn"], f"{group.state['arn']}:*"]
    assert monitor.one("aws:iam/rolePolicy:RolePolicy").urn in flow.dependencies


def test_db_security_group_ingress_only_from_named_groups(monitor: RecordingMonitor) -> None:
    """Clients by security group and explicit CIDR only, on the DB port, no egress."""
    run(
        lambda: Network(
            "net",
            create_args(
                port=6543,
                client_security_group_ids=["sg-app1", "sg-app2"],
                allowed_cidr_blocks=["10.9.0.0/24"],
            ),
        )
    )
    db_sg = monitor.one("aws:ec2/securityGroup:SecurityGroup")
    assert (
        db_sg.inputs["description"] == "Aurora PostgreSQL (net): port 6543 from named clients only"
    )
    assert "ingress" not in db_sg.inputs and "egress" not in db_sg.inputs
    rules = monitor.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert [
        (r.inputs.get("referencedSecurityGroupId"), r.inputs.get("cidrIpv4")) for r in rules
    ] == [
        ("sg-app1", None),
        ("sg-app2", None),
        (None, "10.9.0.0/24"),
    ]
    for rule in rules:
        assert rule.inputs["securityGroupId"] == db_sg.state["id"]
        assert (rule.inputs["ipProtocol"], rule.inputs["fromPort"], rule.inputs["toPort"]) == (
            "tcp",
            6543,
            6543,
        )
        assert rule.inputs["description"]
    assert monitor.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") == []


def test_no_clients_means_no_ingress(monitor: RecordingMonitor) -> None:
    """Without named clients nothing can connect."""
    run(lambda: Network("net", create_args()))
    assert monitor.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") == []


def test_proxy_sits_between_clients_and_database(monitor: RecordingMonitor) -> None:
    """With a proxy: clients -> proxy group, proxy group -> DB group, nothing else."""
    _, outputs = run(
        lambda: Network("net", create_args(enable_proxy=True, client_security_group_ids=["sg-app"]))
    )
    groups = {r.name: r for r in monitor.of_type("aws:ec2/securityGroup:SecurityGroup")}
    db_id, proxy_id = groups["net-db-sg"].state["id"], groups["net-proxy-sg"].state["id"]
    ingress = {
        r.name: r
        for r in monitor.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    }
    assert set(ingress) == {"net-client-sg-1", "net-db-from-proxy"}
    assert ingress["net-client-sg-1"].inputs["securityGroupId"] == proxy_id
    assert ingress["net-client-sg-1"].inputs["referencedSecurityGroupId"] == "sg-app"
    assert ingress["net-db-from-proxy"].inputs["securityGroupId"] == db_id
    assert ingress["net-db-from-proxy"].inputs["referencedSecurityGroupId"] == proxy_id
    egress = monitor.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    assert egress.inputs["securityGroupId"] == proxy_id
    assert egress.inputs["referencedSecurityGroupId"] == db_id
    assert (egress.inputs["fromPort"], egress.inputs["toPort"]) == (5432, 5432)
    assert "cidrIpv4" not in egress.inputs
    assert outputs["proxy_security_group_id"] == proxy_id
    assert outputs["security_group_id"] == db_id


def test_interface_endpoints_have_private_dns_and_own_group(monitor: RecordingMonitor) -> None:
    """Requested endpoints: interface type, private DNS, HTTPS from the VPC CIDR only."""
    run(lambda: Network("net", create_args(interface_endpoints=["secretsmanager", "kms"])))
    endpoints = monitor.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    assert [e.inputs["serviceName"] for e in endpoints] == [
        f"com.amazonaws.{REGION}.secretsmanager",
        f"com.amazonaws.{REGION}.kms",
    ]
    sg = monitor.named("net-endpoints-sg")
    for endpoint in endpoints:
        assert endpoint.inputs["vpcEndpointType"] == "Interface"
        assert endpoint.inputs["privateDnsEnabled"] is True
        assert endpoint.inputs["securityGroupIds"] == [sg.state["id"]]
        assert len(endpoint.inputs["subnetIds"]) == 3
    https = monitor.named("net-endpoints-https")
    assert https.inputs["cidrIpv4"] == "10.40.0.0/16"
    assert (https.inputs["fromPort"], https.inputs["toPort"]) == (443, 443)


def test_adopt_mode_creates_only_group_and_subnet_group(monitor: RecordingMonitor) -> None:
    """Adopting: no VPC, subnets or flow logs; the DB subnet group uses the given subnets."""
    _, outputs = run(
        lambda: Network("net", {"vpc_id": "vpc-existing", "subnet_ids": ["subnet-a", "subnet-b"]})
    )
    assert monitor.type_counts() == {
        NETWORK: 1,
        "aws:ec2/securityGroup:SecurityGroup": 1,
        "aws:rds/subnetGroup:SubnetGroup": 1,
    }
    assert monitor.one("aws:ec2/securityGroup:SecurityGroup").inputs["vpcId"] == "vpc-existing"
    group = monitor.one("aws:rds/subnetGroup:SubnetGroup")
    assert group.inputs["subnetIds"] == ["subnet-a", "subnet-b"]
    assert group.inputs["name"] == "net"
    assert outputs["vpc_id"] == "vpc-existing"
    assert outputs["subnet_ids"] == ["subnet-a", "subnet-b"]
    assert outputs["proxy_security_group_id"] is None
    assert monitor.invoked() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {},
            "kms_key_arn is required when creating a network (the flow-log log group is "
            "encrypted with it), got None",
        ),
        (
            {"vpc_id": "vpc-1", "subnet_ids": ["s-1", "s-2"], "interface_endpoints": ["kms"]},
            "interface_endpoints are only created with a new network; an adopted VPC manages "
            "its own endpoints, got ['kms']",
        ),
        (
            {"kms_key_arn": KEY, "flow_log_traffic_type": "SOME"},
            "flow_log_traffic_type must be one of ALL, REJECT, ACCEPT, got 'SOME'",
        ),
        (
            {"vpc_id": "vpc-1", "subnet_ids": ["s-1"]},
            "subnet_ids must list at least 2 subnets in different availability zones, got ['s-1']",
        ),
        (
            {"kms_key_arn": KEY, "allowed_cidr_blocks": ["0.0.0.0/0"]},
            "allowed_cidr_blocks entries must be IPv4 network addresses with a prefix of /8 or "
            "longer (never 0.0.0.0/0), got '0.0.0.0/0'",
        ),
    ],
)
def test_fails_before_any_registration(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    """Bad arguments raise before the component or any child is registered."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: Network("net", args))  # type: ignore[arg-type]
    assert str(excinfo.value) == message
    assert monitor.registrations == []
