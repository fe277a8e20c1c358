"""Convert boto3 describe/list results into the property shape the policy pack sees.

Each converter takes plain boto3 response dictionaries and returns a :class:`LiveResource` whose
``props`` use the pulumi-aws camelCase input names (``storageEncrypted``, ``kmsKeyId`` …) with
numbers as floats, exactly as resource inputs reach a policy over the analyzer protocol.
Properties AWS does not report (Pulumi-only flags such as ``skipFinalSnapshot``) are left
unset; the audit lists the rules that cannot be judged from a live account
(:data:`auroractl.ops.audit.run.LIVE_UNOBSERVABLE`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

CLUSTER = "aws:rds/cluster:Cluster"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
DB_INSTANCE = "aws:rds/instance:Instance"
CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
PROXY = "aws:rds/proxy:Proxy"
PROXY_DEFAULT_TARGET_GROUP = "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup"
PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation"
KMS_KEY = "aws:kms/key:Key"
EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
DSQL_CLUSTER = "aws:dsql/cluster:Cluster"
DSQL_CLUSTER_POLICY = "aws:dsql/clusterPolicy:ClusterPolicy"

LIVE_STACK = "live"
LIVE_PROJECT = "aws-account"


@dataclasses.dataclass(frozen=True)
class LiveResource:
    """One resource read from the account, in policy-pack shape."""

    type: str
    name: str
    id: str
    region: str
    props: dict[str, Any]

    @property
    def urn(self) -> str:
        """A URN in engine form, so findings print like ``plan``'s."""
        return f"urn:pulumi:{LIVE_STACK}::{LIVE_PROJECT}::{self.type}::{self.name}"


def wire(value: Any) -> Any:
    """Numbers as floats, ``None`` values dropped, recursively (protobuf ``Struct`` shape)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [wire(v) for v in value if v is not None]
    return str(value)


def _tags(tag_list: Iterable[dict[str, Any]] | None) -> dict[str, str]:
    return {
        str(t.get("Key")): str(t.get("Value", ""))
        for t in tag_list or []
        if t.get("Key") is not None
    }


def _res(
    type_: str, name: str, id_: str, region: str, props: dict[str, Any], *, arn: str | None = None
) -> LiveResource:
    """A resource whose props also carry the outputs ``id`` (and ``arn``) that stack rules
    compare when following links between resources."""
    full = {**props, "id": id_}
    if arn:
        full["arn"] = arn
    return LiveResource(type=type_, name=name, id=arn or id_, region=region, props=wire(full))


def cluster(c: dict[str, Any], region: str) -> LiveResource:
    """``DescribeDBClusters`` item → ``aws:rds/cluster:Cluster``."""
    secret = c.get("MasterUserSecret") or {}
    scaling = c.get("ServerlessV2ScalingConfiguration")
    props: dict[str, Any] = {
        "clusterIdentifier": c.get("DBClusterIdentifier"),
        "engine": c.get("Engine"),
        "engineVersion": c.get("EngineVersion"),
        "engineMode": c.get("EngineMode"),
        "databaseName": c.get("DatabaseName"),
        "masterUsername": c.get("MasterUsername"),
        "port": c.get("Port"),
        "storageEncrypted": bool(c.get("StorageEncrypted", False)),
        "kmsKeyId": c.get("KmsKeyId"),
        "deletionProtection": bool(c.get("DeletionProtection", False)),
        "iamDatabaseAuthenticationEnabled": bool(c.get("IAMDatabaseAuthenticationEnabled", False)),
        "backupRetentionPeriod": c.get("BackupRetentionPeriod"),
        "preferredBackupWindow": c.get("PreferredBackupWindow"),
        "enabledCloudwatchLogsExports": list(c.get("EnabledCloudwatchLogsExports") or []),
        "copyTagsToSnapshot": bool(c.get("CopyTagsToSnapshot", False)),
        "dbClusterParameterGroupName": c.get("DBClusterParameterGroup"),
        "dbSubnetGroupName": c.get("DBSubnetGroup"),
        "vpcSecurityGroupIds": [
            g.get("VpcSecurityGroupId") for g in c.get("VpcSecurityGroups") or []
        ],
        "availabilityZones": list(c.get("AvailabilityZones") or []),
        "manageMasterUserPassword": bool(secret.get("SecretArn")),
        "masterUserSecretKmsKeyId": secret.get("KmsKeyId"),
        "performanceInsightsEnabled": c.get("PerformanceInsightsEnabled"),
        "performanceInsightsKmsKeyId": c.get("PerformanceInsightsKMSKeyId"),
        "monitoringInterval": c.get("MonitoringInterval"),
        "monitoringRoleArn": c.get("MonitoringRoleArn"),
        "autoMinorVersionUpgrade": c.get("AutoMinorVersionUpgrade"),
        "globalClusterIdentifier": c.get("GlobalClusterIdentifier"),
        "tags": _tags(c.get("TagList")),
    }
    if scaling:
        props["serverlessv2ScalingConfiguration"] = {
            "minCapacity": scaling.get("MinCapacity"),
            "maxCapacity": scaling.get("MaxCapacity"),
            "secondsUntilAutoPause": scaling.get("SecondsUntilAutoPause"),
        }
    if secret.get("SecretArn"):
        props["masterUserSecrets"] = [
            {
                "secretArn": secret.get("SecretArn"),
                "kmsKeyId": secret.get("KmsKeyId"),
                "secretStatus": secret.get("SecretStatus"),
            }
        ]
    ident = str(c.get("DBClusterIdentifier"))
    return _res(CLUSTER, ident, ident, region, props, arn=c.get("DBClusterArn"))


def instance(i: dict[str, Any], region: str) -> LiveResource:
    """``DescribeDBInstances`` item → ``ClusterInstance`` (cluster member) or ``Instance``."""
    ident = str(i.get("DBInstanceIdentifier"))
    props: dict[str, Any] = {
        "identifier": ident,
        "instanceClass": i.get("DBInstanceClass"),
        "engine": i.get("Engine"),
        "engineVersion": i.get("EngineVersion"),
        "publiclyAccessible": bool(i.get("PubliclyAccessible", False)),
        "monitoringInterval": i.get("MonitoringInterval"),
        "monitoringRoleArn": i.get("MonitoringRoleArn"),
        "autoMinorVersionUpgrade": i.get("AutoMinorVersionUpgrade"),
        "performanceInsightsEnabled": bool(i.get("PerformanceInsightsEnabled", False)),
        "performanceInsightsKmsKeyId": i.get("PerformanceInsightsKMSKeyId"),
        "performanceInsightsRetentionPeriod": i.get("PerformanceInsightsRetentionPeriod"),
        "caCertIdentifier": i.get("CACertificateIdentifier"),
        "availabilityZone": i.get("AvailabilityZone"),
        "dbSubnetGroupName": (i.get("DBSubnetGroup") or {}).get("DBSubnetGroupName"),
        "tags": _tags(i.get("TagList")),
    }
    arn = i.get("DBInstanceArn")
    if i.get("DBClusterIdentifier"):
        props["clusterIdentifier"] = i.get("DBClusterIdentifier")
        props["promotionTier"] = i.get("PromotionTier")
        return _res(CLUSTER_INSTANCE, ident, ident, region, props, arn=arn)
    props.update(
        {
            "storageEncrypted": bool(i.get("StorageEncrypted", False)),
            "kmsKeyId": i.get("KmsKeyId"),
            "deletionProtection": bool(i.get("DeletionProtection", False)),
            "multiAz": bool(i.get("MultiAZ", False)),
            "backupRetentionPeriod": i.get("BackupRetentionPeriod"),
            "iamDatabaseAuthenticationEnabled": bool(
                i.get("IAMDatabaseAuthenticationEnabled", False)
            ),
            "copyTagsToSnapshot": bool(i.get("CopyTagsToSnapshot", False)),
            "enabledCloudwatchLogsExports": list(i.get("EnabledCloudwatchLogsExports") or []),
            "port": (i.get("Endpoint") or {}).get("Port") or i.get("DbInstancePort"),
            "username": i.get("MasterUsername"),
            "parameterGroupName": next(
                (g.get("DBParameterGroupName") for g in i.get("DBParameterGroups") or []), None
            ),
            "manageMasterUserPassword": bool((i.get("MasterUserSecret") or {}).get("SecretArn")),
            "masterUserSecretKmsKeyId": (i.get("MasterUserSecret") or {}).get("KmsKeyId"),
            "replicateSourceDb": i.get("ReadReplicaSourceDBInstanceIdentifier"),
            "vpcSecurityGroupIds": [
                g.get("VpcSecurityGroupId") for g in i.get("VpcSecurityGroups") or []
            ],
        }
    )
    return _res(DB_INSTANCE, ident, ident, region, props, arn=arn)


def _group_props(
    g: dict[str, Any], name: str, parameters: list[dict[str, Any]], *, apply_method: bool
) -> dict[str, Any]:
    """A parameter group's inputs: its user-set parameters (those with a value), with their
    ``applyMethod`` where the resource type declares one."""
    entries = []
    for p in parameters:
        if p.get("ParameterValue") is None:
            continue
        entry = {"name": p.get("ParameterName"), "value": p.get("ParameterValue")}
        if apply_method:
            method = p.get("ApplyMethod")
            entry["applyMethod"] = method.replace("-", "_") if method else None
        entries.append(entry)
    return {
        "name": name,
        "family": g.get("DBParameterGroupFamily"),
        "description": g.get("Description"),
        "parameters": entries,
    }


def cluster_parameter_group(
    g: dict[str, Any], parameters: list[dict[str, Any]], region: str
) -> LiveResource:
    """Group + its user-set parameters → ``ClusterParameterGroup`` (``parameters[]``)."""
    name = str(g.get("DBClusterParameterGroupName"))
    props = _group_props(g, name, parameters, apply_method=True)
    return _res(
        CLUSTER_PARAMETER_GROUP, name, name, region, props, arn=g.get("DBClusterParameterGroupArn")
    )


def parameter_group(
    g: dict[str, Any], parameters: list[dict[str, Any]], region: str
) -> LiveResource:
    """Instance parameter group + its user-set parameters → ``ParameterGroup``."""
    name = str(g.get("DBParameterGroupName"))
    props = _group_props(g, name, parameters, apply_method=False)
    return _res(PARAMETER_GROUP, name, name, region, props, arn=g.get("DBParameterGroupArn"))


def subnet_group(g: dict[str, Any], region: str) -> LiveResource:
    """``DescribeDBSubnetGroups`` item → ``aws:rds/subnetGroup:SubnetGroup``."""
    name = str(g.get("DBSubnetGroupName"))
    props = {
        "name": name,
        "description": g.get("DBSubnetGroupDescription"),
        "subnetIds": [s.get("SubnetIdentifier") for s in g.get("Subnets") or []],
    }
    return _res(SUBNET_GROUP, name, name, region, props, arn=g.get("DBSubnetGroupArn"))


def proxy(p: dict[str, Any], region: str) -> LiveResource:
    """``DescribeDBProxies`` item → ``aws:rds/proxy:Proxy``."""
    name = str(p.get("DBProxyName"))
    props = {
        "name": name,
        "engineFamily": p.get("EngineFamily"),
        "requireTls": bool(p.get("RequireTLS", False)),
        "debugLogging": bool(p.get("DebugLogging", False)),
        "idleClientTimeout": p.get("IdleClientTimeout"),
        "roleArn": p.get("RoleArn"),
        "vpcSubnetIds": list(p.get("VpcSubnetIds") or []),
        "vpcSecurityGroupIds": list(p.get("VpcSecurityGroupIds") or []),
        "defaultAuthScheme": p.get("DefaultAuthScheme"),
        "auths": [
            {
                "authScheme": a.get("AuthScheme"),
                "description": a.get("Description"),
                "iamAuth": a.get("IAMAuth"),
                "secretArn": a.get("SecretArn"),
                "clientPasswordAuthType": a.get("ClientPasswordAuthType"),
                "username": a.get("UserName"),
            }
            for a in p.get("Auth") or []
        ],
    }
    return _res(PROXY, name, name, region, props, arn=p.get("DBProxyArn"))


def proxy_target_group(g: dict[str, Any], region: str) -> LiveResource:
    """``DescribeDBProxyTargetGroups`` item → ``ProxyDefaultTargetGroup``."""
    proxy_name = str(g.get("DBProxyName"))
    pool = g.get("ConnectionPoolConfig") or {}
    props = {
        "dbProxyName": proxy_name,
        "connectionPoolConfig": {
            "maxConnectionsPercent": pool.get("MaxConnectionsPercent"),
            "maxIdleConnectionsPercent": pool.get("MaxIdleConnectionsPercent"),
            "connectionBorrowTimeout": pool.get("ConnectionBorrowTimeout"),
            "initQuery": pool.get("InitQuery"),
            "sessionPinningFilters": pool.get("SessionPinningFilters"),
        },
    }
    name = f"{proxy_name}/{g.get('TargetGroupName', 'default')}"
    return _res(
        PROXY_DEFAULT_TARGET_GROUP, name, proxy_name, region, props, arn=g.get("TargetGroupArn")
    )


def proxy_target(proxy_name: str, t: dict[str, Any], region: str) -> LiveResource:
    """``DescribeDBProxyTargets`` item → ``aws:rds/proxyTarget:ProxyTarget``."""
    props: dict[str, Any] = {"dbProxyName": proxy_name, "targetGroupName": "default"}
    rid = str(t.get("RdsResourceId"))
    if t.get("Type") == "TRACKED_CLUSTER":
        props["dbClusterIdentifier"] = rid
    else:
        props["dbInstanceIdentifier"] = rid
    name = f"{proxy_name}/{rid}"
    target_id = f"{proxy_name}/default/{t.get('Type')}/{rid}"
    return _res(PROXY_TARGET, name, target_id, region, props, arn=t.get("TargetArn"))


def secret(s: dict[str, Any], region: str) -> list[LiveResource]:
    """``ListSecrets`` item → ``Secret`` plus a ``SecretRotation`` when rotation is on.

    RDS-managed secrets (``OwningService`` ``rds``) are rotated by RDS; they count as rotated
    even without rotation rules in the listing.
    """
    name = str(s.get("Name"))
    arn = str(s.get("ARN") or name)
    props = {
        "name": name,
        "description": s.get("Description"),
        "kmsKeyId": s.get("KmsKeyId"),
        "tags": _tags(s.get("Tags")),
    }
    out = [_res(SECRET, name, arn, region, props, arn=arn)]
    rules = s.get("RotationRules") or {}
    if s.get("RotationEnabled") or s.get("OwningService") == "rds":
        rot: dict[str, Any] = {
            "secretId": arn,
            "rotationLambdaArn": s.get("RotationLambdaARN"),
            "rotationRules": {
                "automaticallyAfterDays": rules.get("AutomaticallyAfterDays"),
                "scheduleExpression": rules.get("ScheduleExpression"),
                "duration": rules.get("Duration"),
            },
        }
        if s.get("OwningService") == "rds" and not rules:
            rot["rotationRules"] = {"automaticallyAfterDays": 7}
        out.append(_res(SECRET_ROTATION, f"{name}-rotation", arn, region, rot))
    return out


def kms_key(
    meta: dict[str, Any],
    rotation: dict[str, Any] | None,
    policy: str | None,
    region: str,
) -> LiveResource:
    """``DescribeKey`` metadata + ``GetKeyRotationStatus`` + ``GetKeyPolicy`` → ``Key``.

    A key with imported material (``Origin`` EXTERNAL) becomes ``ExternalKey``, the pulumi-aws type
    for it: AWS cannot rotate imported material, so no rotation rule applies. ``keyState`` (not a
    pulumi input) carries the live state, so a key pending deletion is reported as such.
    """
    key_id = str(meta.get("KeyId"))
    spec = meta.get("KeySpec") or meta.get("CustomerMasterKeySpec")
    state = meta.get("KeyState")
    if meta.get("Origin") == "EXTERNAL":
        external: dict[str, Any] = {
            "description": meta.get("Description"),
            "enabled": state == "Enabled",
            "multiRegion": bool(meta.get("MultiRegion", False)),
            "policy": policy,
            "keyState": state,
        }
        if state == "PendingDeletion":
            external["deletionWindowInDays"] = meta.get("PendingDeletionWindowInDays")
        return _res(EXTERNAL_KEY, key_id, key_id, region, external, arn=meta.get("Arn"))
    props: dict[str, Any] = {
        "description": meta.get("Description"),
        "keyUsage": meta.get("KeyUsage"),
        "customerMasterKeySpec": spec,
        "isEnabled": meta.get("KeyState") == "Enabled",
        "multiRegion": bool(meta.get("MultiRegion", False)),
        "enableKeyRotation": bool((rotation or {}).get("KeyRotationEnabled", False)),
        "rotationPeriodInDays": (rotation or {}).get("RotationPeriodInDays"),
        "policy": policy,
        "keyState": state,
    }
    if state == "PendingDeletion":
        props["deletionWindowInDays"] = meta.get("PendingDeletionWindowInDays")
    return _res(KMS_KEY, key_id, key_id, region, props, arn=meta.get("Arn"))


def _rules(perms: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """IpPermissions → pulumi ``ingress``/``egress`` blocks, one block per source."""
    out: list[dict[str, Any]] = []
    for p in perms:
        base = {
            "protocol": str(p.get("IpProtocol", "-1")),
            "fromPort": p.get("FromPort", 0),
            "toPort": p.get("ToPort", 0),
        }
        for r in p.get("IpRanges") or []:
            out.append(
                {**base, "cidrBlocks": [r.get("CidrIp")], "description": r.get("Description")}
            )
        for r in p.get("Ipv6Ranges") or []:
            out.append(
                {**base, "ipv6CidrBlocks": [r.get("CidrIpv6")], "description": r.get("Description")}
            )
        for r in p.get("UserIdGroupPairs") or []:
            out.append(
                {**base, "securityGroups": [r.get("GroupId")], "description": r.get("Description")}
            )
        for r in p.get("PrefixListIds") or []:
            out.append(
                {
                    **base,
                    "prefixListIds": [r.get("PrefixListId")],
                    "description": r.get("Description"),
                }
            )
    return out


def security_group(g: dict[str, Any], region: str) -> LiveResource:
    """``DescribeSecurityGroups`` item → ``SecurityGroup`` (or ``DefaultSecurityGroup``)."""
    group_id = str(g.get("GroupId"))
    type_ = DEFAULT_SECURITY_GROUP if g.get("GroupName") == "default" else SECURITY_GROUP
    props = {
        "name": g.get("GroupName"),
        "description": g.get("Description"),
        "vpcId": g.get("VpcId"),
        "ingress": _rules(g.get("IpPermissions") or []),
        "egress": _rules(g.get("IpPermissionsEgress") or []),
        "tags": _tags(g.get("Tags")),
    }
    return _res(type_, group_id, group_id, region, props)


def subnet(s: dict[str, Any], region: str) -> LiveResource:
    """``DescribeSubnets`` item → ``aws:ec2/subnet:Subnet``."""
    sid = str(s.get("SubnetId"))
    props = {
        "vpcId": s.get("VpcId"),
        "cidrBlock": s.get("CidrBlock"),
        "availabilityZone": s.get("AvailabilityZone"),
        "mapPublicIpOnLaunch": bool(s.get("MapPublicIpOnLaunch", False)),
        "assignIpv6AddressOnCreation": bool(s.get("AssignIpv6AddressOnCreation", False)),
        "tags": _tags(s.get("Tags")),
    }
    return _res(SUBNET, sid, sid, region, props)


def route_table(t: dict[str, Any], region: str) -> list[LiveResource]:
    """``DescribeRouteTables`` item → ``RouteTable`` plus one ``RouteTableAssociation`` each."""
    rid = str(t.get("RouteTableId"))
    routes = []
    for r in t.get("Routes") or []:
        routes.append(
            {
                "cidrBlock": r.get("DestinationCidrBlock"),
                "ipv6CidrBlock": r.get("DestinationIpv6CidrBlock"),
                "destinationPrefixListId": r.get("DestinationPrefixListId"),
                "gatewayId": r.get("GatewayId"),
                "natGatewayId": r.get("NatGatewayId"),
                "transitGatewayId": r.get("TransitGatewayId"),
                "vpcEndpointId": r.get("VpcEndpointId"),
                "vpcPeeringConnectionId": r.get("VpcPeeringConnectionId"),
                "networkInterfaceId": r.get("NetworkInterfaceId"),
            }
        )
    out = [
        _res(
            ROUTE_TABLE,
            rid,
            rid,
            region,
            {"vpcId": t.get("VpcId"), "routes": routes, "tags": _tags(t.get("Tags"))},
        )
    ]
    for a in t.get("Associations") or []:
        if a.get("SubnetId"):
            aid = str(a.get("RouteTableAssociationId") or f"{rid}-{a['SubnetId']}")
            out.append(
                _res(
                    ROUTE_TABLE_ASSOCIATION,
                    aid,
                    aid,
                    region,
                    {"routeTableId": rid, "subnetId": a.get("SubnetId")},
                )
            )
    return out


def dsql_cluster(c: dict[str, Any], region: str) -> LiveResource:
    """``GetCluster`` result → ``aws:dsql/cluster:Cluster``."""
    ident = str(c.get("identifier"))
    enc = c.get("encryptionDetails") or {}
    kms = enc.get("kmsKeyArn") if enc.get("encryptionType") == "CUSTOMER_MANAGED_KMS_KEY" else None
    mrp = c.get("multiRegionProperties")
    props: dict[str, Any] = {
        "identifier": ident,
        "arn": c.get("arn"),
        "deletionProtectionEnabled": bool(c.get("deletionProtectionEnabled", False)),
        "kmsEncryptionKey": kms or "AWS_OWNED_KMS_KEY",
        "tags": dict(c.get("tags") or {}),
    }
    if mrp:
        props["multiRegionProperties"] = {
            "witnessRegion": mrp.get("witnessRegion"),
            "clusters": list(mrp.get("clusters") or []),
        }
    return _res(DSQL_CLUSTER, ident, ident, region, props, arn=c.get("arn"))


def dsql_cluster_policy(identifier: str, arn: str, policy: str, region: str) -> LiveResource:
    """``GetClusterPolicy`` result → ``aws:dsql/clusterPolicy:ClusterPolicy``."""
    return _res(
        DSQL_CLUSTER_POLICY,
        f"{identifier}-policy",
        identifier,
        region,
        {"identifier": identifier, "policy": policy},
    )


def policy_json(document: Any) -> str | None:
    """A KMS/DSQL policy as the JSON string pulumi-aws carries (``None`` stays ``None``)."""
    if document is None:
        return None
    return document if isinstance(document, str) else json.dumps(document)
