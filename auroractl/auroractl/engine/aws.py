"""What the AWS provider would answer: realistic state for new resources and invoke results.

Identifiers are derived from a hash of the resource's URN, so they are stable between runs.
Region and account come from the stack (``aws:region``) and :data:`ACCOUNT_ID`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks

from auroractl.engine.datasources import DataSources, python_name
from auroractl.engine.mocks import MOCKS_FLAG
from auroractl.engine.mocks import Mocks as TeamMocks
from auroractl.engine.sdk import declared_properties, output_only_properties
from auroractl.engine.values import Subject, realistic_fields

__all__ = [
    "ACCOUNT_ID",
    "AUTONAME_PROPERTIES",
    "DEFAULT_REGION",
    "DNS_TAG",
    "AwsMocks",
    "AwsModel",
    "UnknownInvokeError",
]

ACCOUNT_ID: Final = "123456789012"
DEFAULT_REGION: Final = "us-east-1"
DNS_TAG: Final = "c0ffee"
"""The account/region hash part of RDS host names (``<id>.cluster-c0ffee.<region>.rds...``)."""

AUTONAME_PROPERTIES: Final[dict[str, tuple[str, bool]]] = {
    "aws:rds/cluster:Cluster": ("clusterIdentifier", True),
    "aws:rds/clusterInstance:ClusterInstance": ("identifier", True),
    "aws:rds/instance:Instance": ("identifier", True),
    "aws:rds/subnetGroup:SubnetGroup": ("name", True),
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": ("name", True),
    "aws:rds/parameterGroup:ParameterGroup": ("name", True),
    "aws:rds/proxy:Proxy": ("name", True),
    "aws:ec2/securityGroup:SecurityGroup": ("name", False),
    "aws:iam/role:Role": ("name", False),
    "aws:iam/policy:Policy": ("name", False),
    "aws:iam/rolePolicy:RolePolicy": ("name", False),
    "aws:cloudwatch/logGroup:LogGroup": ("name", False),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("name", False),
    "aws:sns/topic:Topic": ("name", False),
    "aws:secretsmanager/secret:Secret": ("name", False),
}
"""Properties the provider fills with ``<logical name>-<7 hex>`` when left out (as ``Check``
does, so they are known during preview too); ``True`` means lower-cased."""

_AZ_LETTERS: Final = {"us-east-1": "abcdef", "us-west-2": "abcd"}
_REGION_NAMES: Final = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-2": "US West (Oregon)",
    "eu-west-1": "Europe (Ireland)",
    "eu-central-1": "Europe (Frankfurt)",
}
_REGION_CODES: Final = {
    "us-east-1": "use1",
    "us-east-2": "use2",
    "us-west-2": "usw2",
    "eu-west-1": "euw1",
    "eu-central-1": "euc1",
}


class UnknownInvokeError(RuntimeError):
    """The program called a function the mock engine does not answer (neither built in nor in
    the ``--mocks`` file)."""

    def __init__(self, token: str) -> None:
        super().__init__(
            f"the program called {python_name(token)} ('{token}'), which auroractl does not "
            f"answer offline: give its result in a {MOCKS_FLAG} file "
            f"(invokes: {{'{token}': {{...result...}}}})"
        )
        self.token = token


def _hex(seed: str, n: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def _uuid(seed: str) -> str:
    return str(uuid.UUID(_hex(seed, 32)))


def _service(type_: str) -> str:
    """``aws:rds/cluster:Cluster`` -> ``rds``."""
    module = type_.split(":")[1] if type_.count(":") >= 2 else "index"
    return module.split("/")[0]


def _one_or_list(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


class AwsModel:
    """Provider behaviour for one run: state for new resources, results for invokes."""

    def __init__(
        self,
        region: str = DEFAULT_REGION,
        account_id: str = ACCOUNT_ID,
        mocks: TeamMocks | None = None,
    ) -> None:
        self.region = region
        self.account_id = account_id
        self.mocks = mocks or TeamMocks()
        self.data_sources = DataSources(region, account_id, self.az_names)
        self._writers: set[str] = set()
        self._handlers: dict[str, Callable[[str, str, dict[str, Any]], tuple[str, dict[str, Any]]]]
        self._handlers = {
            "aws:rds/cluster:Cluster": self._cluster,
            "aws:rds/clusterInstance:ClusterInstance": self._instance,
            "aws:rds/instance:Instance": self._db_instance,
            "aws:rds/subnetGroup:SubnetGroup": self._named_rds("subgrp"),
            "aws:rds/clusterParameterGroup:ClusterParameterGroup": self._named_rds("cluster-pg"),
            "aws:rds/parameterGroup:ParameterGroup": self._named_rds("pg"),
            "aws:rds/proxy:Proxy": self._proxy,
            "aws:rds/proxyEndpoint:ProxyEndpoint": self._proxy_endpoint,
            "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": self._target_group,
            "aws:rds/proxyTarget:ProxyTarget": self._proxy_target,
            "aws:kms/key:Key": self._kms_key,
            "aws:kms/alias:Alias": self._kms_alias,
            "aws:ec2/vpc:Vpc": self._vpc,
            "aws:ec2/subnet:Subnet": self._subnet,
            "aws:ec2/routeTable:RouteTable": self._ec2("rtb", "route-table"),
            "aws:ec2/routeTableAssociation:RouteTableAssociation": self._plain_id("rtbassoc"),
            "aws:ec2/securityGroup:SecurityGroup": self._ec2("sg", "security-group"),
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": self._ec2("sg", "security-group"),
            "aws:ec2/securityGroupRule:SecurityGroupRule": self._plain_id("sgrule"),
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": self._sg_rule,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": self._sg_rule,
            "aws:ec2/vpcEndpoint:VpcEndpoint": self._vpc_endpoint,
            "aws:ec2/flowLog:FlowLog": self._ec2("fl", "vpc-flow-log"),
            "aws:ec2/networkAcl:NetworkAcl": self._ec2("acl", "network-acl"),
            "aws:iam/role:Role": self._iam_role,
            "aws:iam/policy:Policy": self._iam_policy,
            "aws:iam/rolePolicy:RolePolicy": self._role_policy,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": self._attachment,
            "aws:cloudwatch/logGroup:LogGroup": self._log_group,
            "aws:cloudwatch/metricAlarm:MetricAlarm": self._alarm,
            "aws:sns/topic:Topic": self._topic,
            "aws:sns/topicSubscription:TopicSubscription": self._subscription,
            "aws:secretsmanager/secret:Secret": self._secret,
            "aws:dsql/cluster:Cluster": self._dsql_cluster,
        }

    # ---- helpers

    def arn(self, service: str, resource: str, *, regional: bool = True, region: Any = None) -> str:
        """An ARN in this run's partition and account; in ``region`` (a resource's ``region``
        input, pulumi-aws 7) when given, else in the provider's region."""
        where = (str(region) if region else self.region) if regional else ""
        return f"arn:aws:{service}:{where}:{self.account_id}:{resource}"

    def az_names(self, region: str | None = None) -> list[str]:
        """Availability zones of a region (six in us-east-1, else three or four)."""
        region = region or self.region
        return [region + letter for letter in _AZ_LETTERS.get(region, "abc")]

    def zone_id(self, az: str) -> str:
        """``us-east-1a`` -> ``use1-az1``."""
        region, letter = az[:-1], az[-1]
        code = _REGION_CODES.get(region, region.replace("-", "")[:4])
        return f"{code}-az{ord(letter) - ord('a') + 1}"

    def fill_autoname(self, type_: str, name: str, urn: str, inputs: dict[str, Any]) -> None:
        """Fill the autonamed property the way the provider's Check does."""
        spec = AUTONAME_PROPERTIES.get(type_)
        if spec is None:
            return
        prop, lower = spec
        if inputs.get(prop) or inputs.get(prop + "Prefix"):
            return
        value = f"{name}-{_hex(urn, 7)}"
        inputs[prop] = value.lower() if lower else value

    def create(
        self, type_: str, name: str, urn: str, inputs: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """Physical id and computed outputs (only those not already inputs) of a new resource."""
        plain = dict(inputs)
        if type_.startswith("pulumi:providers:"):
            return _uuid(urn), {}
        handler = self._handlers.get(type_)
        if handler is not None:
            id_, computed = handler(name, urn, plain)
        else:
            id_ = f"{name}-{_hex(urn, 8)}"
            computed = {}
            if not output_only_properties(type_):  # a class the SDK does not declare
                kind = type_.rsplit(":", 1)[-1].lower()
                computed["arn"] = self.arn(_service(type_), f"{kind}/{id_}")
        if "tags" in plain and "tagsAll" not in plain:
            computed.setdefault("tagsAll", plain["tags"])
        return id_, {k: v for k, v in computed.items() if k not in plain and v is not None}

    def subject(self, type_: str, name: str, urn: str, inputs: Mapping[str, Any]) -> Subject:
        """What generated values of one resource are derived from."""
        return Subject(type_, name, urn, self.region, self.account_id, inputs)

    def provider_outputs(
        self, type_: str, name: str, urn: str, state: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Realistic values for the output-only properties the SDK class declares and
        ``state`` lacks (``address``, ``dnsName``, ``result``, ...): never ``None``."""
        fields = output_only_properties(type_)
        missing = {k: t for k, t in fields.items() if state.get(k) is None}
        return realistic_fields(self.subject(type_, name, urn, state), missing, {})

    def read(
        self, type_: str, name: str, urn: str, id_: str, given: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The state a ``Resource.get`` read returns: every declared property known."""
        _, computed = self.create(type_, name, urn, given)
        state = {**computed, **given}
        state.update(self.provider_outputs(type_, name, urn, state))
        fields = declared_properties(type_)
        missing = {k: t for k, t in fields.items() if state.get(k) is None}
        state.update(realistic_fields(self.subject(type_, name, urn, state), missing, {}))
        if "id" in fields or type_.startswith("aws:"):
            state.setdefault("id", id_)
        return state

    # ---- RDS

    def _cluster(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = str(p.get("clusterIdentifier") or f"{name}-{_hex(urn, 7)}").lower()
        port = p.get("port") or 5432
        out: dict[str, Any] = {
            "clusterIdentifier": ident,
            "arn": self.arn("rds", f"cluster:{ident}"),
            "endpoint": f"{ident}.cluster-{DNS_TAG}.{self.region}.rds.amazonaws.com",
            "readerEndpoint": f"{ident}.cluster-ro-{DNS_TAG}.{self.region}.rds.amazonaws.com",
            "port": port,
            "clusterResourceId": "cluster-" + _hex(urn + "/res", 26).upper(),
            "hostedZoneId": "Z2R2ITUGPM61AM",
            "engineVersionActual": p.get("engineVersion"),
            "availabilityZones": self.az_names()[:3],
            "clusterMembers": [],
            "engineMode": "provisioned",
        }
        if p.get("manageMasterUserPassword"):
            suffix = _hex(urn + "/secret", 6)
            out["masterUserSecrets"] = [
                {
                    "secretArn": self.arn(
                        "secretsmanager", f"secret:rds!cluster-{_uuid(urn)}-{suffix}"
                    ),
                    "kmsKeyId": p.get("masterUserSecretKmsKeyId") or "",
                    "secretStatus": "active",
                }
            ]
        return ident, out

    def _instance(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = str(p.get("identifier") or f"{name}-{_hex(urn, 7)}").lower()
        cluster = str(p.get("clusterIdentifier") or "")
        writer = cluster not in self._writers
        self._writers.add(cluster)
        azs = self.az_names()
        return ident, {
            "identifier": ident,
            "arn": self.arn("rds", f"db:{ident}"),
            "endpoint": f"{ident}.{DNS_TAG}.{self.region}.rds.amazonaws.com",
            "port": 5432,
            "dbiResourceId": "db-" + _hex(urn + "/res", 26).upper(),
            "availabilityZone": azs[int(_hex(urn, 2), 16) % min(3, len(azs))],
            "writer": writer,
            "engineVersionActual": p.get("engineVersion"),
            "publiclyAccessible": False,
        }

    def _db_instance(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = str(p.get("identifier") or f"{name}-{_hex(urn, 7)}").lower()
        engine = str(p.get("engine") or "postgres")
        port = p.get("port") or (3306 if "mysql" in engine or "maria" in engine else 5432)
        address = f"{ident}.{DNS_TAG}.{self.region}.rds.amazonaws.com"
        out: dict[str, Any] = {
            "identifier": ident,
            "arn": self.arn("rds", f"db:{ident}"),
            "address": address,
            "endpoint": f"{address}:{port}",
            "port": port,
            "resourceId": "db-" + _hex(urn + "/res", 26).upper(),
            "hostedZoneId": "Z2R2ITUGPM61AM",
            "engineVersionActual": p.get("engineVersion") or "16.4",
            "status": "available",
            "availabilityZone": p.get("availabilityZone") or self.az_names()[0],
            "publiclyAccessible": bool(p.get("publiclyAccessible")),
        }
        if p.get("manageMasterUserPassword"):
            suffix = _hex(urn + "/secret", 6)
            out["masterUserSecrets"] = [
                {
                    "secretArn": self.arn("secretsmanager", f"secret:rds!db-{_uuid(urn)}-{suffix}"),
                    "kmsKeyId": p.get("masterUserSecretKmsKeyId") or "",
                    "secretStatus": "active",
                }
            ]
        return ident, out

    def _named_rds(
        self, kind: str
    ) -> Callable[[str, str, dict[str, Any]], tuple[str, dict[str, Any]]]:
        def handler(name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
            ident = str(p.get("name") or f"{name}-{_hex(urn, 7)}").lower()
            return ident, {"name": ident, "arn": self.arn("rds", f"{kind}:{ident}")}

        return handler

    def _proxy(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = str(p.get("name") or f"{name}-{_hex(urn, 7)}").lower()
        return ident, {
            "name": ident,
            "arn": self.arn("rds", f"db-proxy:prx-{_hex(urn, 17)}"),
            "endpoint": f"{ident}.proxy-{DNS_TAG}.{self.region}.rds.amazonaws.com",
        }

    def _proxy_endpoint(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        endpoint = str(p.get("dbProxyEndpointName") or name)
        proxy = str(p.get("dbProxyName") or "")
        return f"{proxy}/{endpoint}", {
            "arn": self.arn("rds", f"db-proxy-endpoint:prx-endpoint-{_hex(urn, 17)}"),
            "endpoint": f"{endpoint}.endpoint.proxy-{DNS_TAG}.{self.region}.rds.amazonaws.com",
            "isDefault": False,
            "targetRole": "READ_WRITE",
            "vpcId": "vpc-" + _hex(urn + "/vpc", 17),
        }

    def _target_group(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        proxy = str(p.get("dbProxyName") or name)
        return proxy, {
            "arn": self.arn("rds", f"target-group:prx-tg-{_hex(urn, 17)}"),
            "name": "default",
        }

    def _proxy_target(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        proxy = str(p.get("dbProxyName") or "")
        group = str(p.get("targetGroupName") or "default")
        cluster = p.get("dbClusterIdentifier")
        instance = p.get("dbInstanceIdentifier")
        kind = "TRACKED_CLUSTER" if cluster else "RDS_INSTANCE"
        target = str(cluster or instance or "")
        return f"{proxy}/{group}/{kind}/{target}", {
            "type": kind,
            "rdsResourceId": target,
            "trackedClusterId": str(cluster or ""),
            "port": 5432,
            "targetArn": self.arn("rds", f"cluster:{target}") if cluster else "",
        }

    # ---- KMS

    def _kms_key(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        key_id = _uuid(urn)
        return key_id, {
            "keyId": key_id,
            "arn": self.arn("kms", f"key/{key_id}", region=p.get("region")),
            "keyUsage": "ENCRYPT_DECRYPT",
            "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "isEnabled": True,
        }

    def _kms_alias(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        alias = str(p.get("name") or f"alias/{name}")
        target = str(p.get("targetKeyId") or "")
        target_arn = target if target.startswith("arn:") else self.arn("kms", f"key/{target}")
        return alias, {"arn": self.arn("kms", alias), "targetKeyArn": target_arn, "name": alias}

    # ---- EC2 / VPC

    def _ec2(
        self, prefix: str, kind: str
    ) -> Callable[[str, str, dict[str, Any]], tuple[str, dict[str, Any]]]:
        def handler(name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
            ident = f"{prefix}-{_hex(urn, 17)}"
            return ident, {"arn": self.arn("ec2", f"{kind}/{ident}"), "ownerId": self.account_id}

        return handler

    def _plain_id(
        self, prefix: str
    ) -> Callable[[str, str, dict[str, Any]], tuple[str, dict[str, Any]]]:
        def handler(name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
            return f"{prefix}-{_hex(urn, 17)}", {}

        return handler

    def _vpc(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = "vpc-" + _hex(urn, 17)
        return ident, {
            "arn": self.arn("ec2", f"vpc/{ident}"),
            "ownerId": self.account_id,
            "defaultSecurityGroupId": "sg-" + _hex(urn + "/sg", 17),
            "defaultNetworkAclId": "acl-" + _hex(urn + "/acl", 17),
            "defaultRouteTableId": "rtb-" + _hex(urn + "/rtb", 17),
            "mainRouteTableId": "rtb-" + _hex(urn + "/rtb", 17),
            "dhcpOptionsId": "dopt-" + _hex(urn + "/dopt", 17),
            "instanceTenancy": "default",
        }

    def _subnet(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = "subnet-" + _hex(urn, 17)
        az = str(p.get("availabilityZone") or self.az_names()[0])
        return ident, {
            "arn": self.arn("ec2", f"subnet/{ident}"),
            "ownerId": self.account_id,
            "availabilityZone": az,
            "availabilityZoneId": self.zone_id(az),
            "mapPublicIpOnLaunch": False,
        }

    def _sg_rule(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = "sgr-" + _hex(urn, 17)
        return ident, {
            "arn": self.arn("ec2", f"security-group-rule/{ident}"),
            "securityGroupRuleId": ident,
        }

    def _vpc_endpoint(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = "vpce-" + _hex(urn, 17)
        service = str(p.get("serviceName") or "").rsplit(".", 1)[-1] or "service"
        return ident, {
            "arn": self.arn("ec2", f"vpc-endpoint/{ident}"),
            "ownerId": self.account_id,
            "state": "available",
            "dnsEntries": [
                {
                    "dnsName": f"{ident}-{_hex(urn, 8)}.{service}.{self.region}.vpce.amazonaws.com",
                    "hostedZoneId": "Z7HUB22UULQXV",
                }
            ],
            "networkInterfaceIds": [
                "eni-" + _hex(f"{urn}/{s}", 17) for s in (p.get("subnetIds") or [])
            ],
        }

    # ---- IAM, logs, alarms, SNS, Secrets Manager, DSQL

    def _iam_role(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        role = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        return role, {
            "name": role,
            "arn": self.arn("iam", f"role/{role}", regional=False),
            "uniqueId": "AROA" + _hex(urn, 17).upper(),
            "createDate": "2025-01-01T00:00:00Z",
        }

    def _iam_policy(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        policy = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        arn = self.arn("iam", f"policy/{policy}", regional=False)
        return arn, {"name": policy, "arn": arn, "policyId": "ANPA" + _hex(urn, 17).upper()}

    def _role_policy(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        policy = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        return f"{p.get('role', '')}:{policy}", {"name": policy}

    def _attachment(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return f"{p.get('role', name)}-{_hex(urn, 20)}", {}

    def _log_group(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        group = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        return group, {"name": group, "arn": self.arn("logs", f"log-group:{group}")}

    def _alarm(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        alarm = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        return alarm, {"name": alarm, "arn": self.arn("cloudwatch", f"alarm:{alarm}")}

    def _topic(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        topic = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        arn = self.arn("sns", topic)
        return arn, {"name": topic, "arn": arn, "owner": self.account_id}

    def _subscription(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        arn = f"{p.get('topic', self.arn('sns', name))}:{_uuid(urn)}"
        return arn, {
            "arn": arn,
            "ownerId": self.account_id,
            "pendingConfirmation": p.get("protocol") == "email",
            "confirmationWasAuthenticated": False,
        }

    def _secret(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        secret = str(p.get("name") or f"{name}-{_hex(urn, 7)}")
        arn = self.arn("secretsmanager", f"secret:{secret}-{_hex(urn, 6)}")
        return arn, {"name": secret, "arn": arn}

    def _dsql_cluster(self, name: str, urn: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ident = _hex(urn, 26)
        region = str(p.get("region") or self.region)
        return ident, {
            "identifier": ident,
            "arn": self.arn("dsql", f"cluster/{ident}", region=region),
            "vpcEndpointServiceName": f"com.amazonaws.{region}.dsql-{ident[:4]}",
        }

    # ---- invokes

    def call(self, token: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """Result of an invoke: the ``--mocks`` file's answer, else the built-in one (every
        field the result class declares filled); :class:`UnknownInvokeError` otherwise."""
        answer = self.mocks.invoke(token, args)
        if answer is not None:
            return answer
        builtin = self._builtin(token, args)
        if builtin is not None:
            return self.data_sources.complete(token, args, builtin)
        answer = self.data_sources.answer(token, args)
        if answer is None:
            raise UnknownInvokeError(token)
        return answer

    def _builtin(self, token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
        if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            region = str(args.get("region") or self.region)
            names = self.az_names(region)
            return {
                "id": region,
                "names": names,
                "zoneIds": [self.zone_id(n) for n in names],
                "groupNames": [region] * len(names),
                "state": args.get("state") or "available",
            }
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "id": self.account_id,
                "accountId": self.account_id,
                "arn": f"arn:aws:iam::{self.account_id}:user/auroractl",
                "userId": "AIDACKCEVSQ6C2EXAMPLE",
            }
        if token == "aws:index/getRegion:getRegion":
            region = str(args.get("region") or args.get("name") or self.region)
            return {
                "id": region,
                "name": region,
                "region": region,
                "description": _REGION_NAMES.get(region, region),
                "endpoint": f"ec2.{region}.amazonaws.com",
            }
        if token == "aws:index/getPartition:getPartition":
            return {
                "id": "aws",
                "partition": "aws",
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
            }
        if token == "aws:iam/getPolicyDocument:getPolicyDocument":
            return self._policy_document(args)
        return None

    def _policy_document(self, args: Mapping[str, Any]) -> dict[str, Any]:
        statements = []
        for s in args.get("statements") or []:
            out: dict[str, Any] = {}
            if s.get("sid"):
                out["Sid"] = s["sid"]
            out["Effect"] = s.get("effect") or "Allow"
            for key, name in (
                ("actions", "Action"),
                ("notActions", "NotAction"),
                ("resources", "Resource"),
                ("notResources", "NotResource"),
            ):
                if s.get(key):
                    out[name] = _one_or_list(list(s[key]))
            for key, name in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
                if s.get(key):
                    out[name] = {p["type"]: _one_or_list(list(p["identifiers"])) for p in s[key]}
            if s.get("conditions"):
                cond: dict[str, dict[str, Any]] = {}
                for c in s["conditions"]:
                    cond.setdefault(c["test"], {})[c["variable"]] = _one_or_list(list(c["values"]))
                out["Condition"] = cond
            statements.append(out)
        doc = {"Version": args.get("version") or "2012-10-17", "Statement": statements}
        text = json.dumps(doc, indent=2)
        return {
            "id": _hex(text, 10),
            "json": text,
            "minifiedJson": json.dumps(doc, separators=(",", ":")),
        }


class AwsMocks(Mocks):
    """Pulumi ``Mocks`` over :class:`AwsModel`: used for invokes and for ``Resource.get`` reads."""

    def __init__(self, model: AwsModel) -> None:
        self.model = model

    def call(self, args: MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return self.model.call(args.token, args.args), []

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        state = dict(args.inputs)
        if args.resource_id:
            return args.resource_id, state
        id_, computed = self.model.create(args.typ, args.name, args.name, state)
        return id_, {**computed, **state}
