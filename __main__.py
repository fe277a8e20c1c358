"""The aurora-platform Pulumi program: stack config -> AuroraPlatform (or, with engine dsql,
Encryption + DsqlCluster) -> stack outputs.

This is the only place that reads stack configuration; the mapping and its checks live in
``auroractl.stackconfig`` and the resources in ``aurora_components``.
"""

import pulumi
from aurora_components import AuroraPlatform, DsqlCluster, Encryption

from auroractl import dsqlconfig, stackconfig

OUTPUTS = {
    "writerEndpoint": "writer_endpoint",
    "readerEndpoint": "reader_endpoint",
    "proxyEndpoint": "proxy_endpoint",
    "proxyReadOnlyEndpoint": "proxy_read_only_endpoint",
    "port": "port",
    "databaseName": "database_name",
    "secretArn": "secret_arn",
    "clusterIdentifier": "cluster_identifier",
    "clusterArn": "cluster_arn",
    "kmsKeyArn": "kms_key_arn",
    "securityGroupId": "security_group_id",
    "proxySecurityGroupId": "proxy_security_group_id",
    "vpcId": "vpc_id",
    "subnetIds": "subnet_ids",
    "env": "env",
}
"""Stack output name -> AuroraPlatform attribute."""

DSQL_OUTPUTS = {
    "clusterIdentifier": "identifier",
    "clusterArn": "arn",
    "endpoint": "endpoint",
    "writerEndpoint": "endpoint",
    "region": "region",
    "peerClusterIdentifier": "peer_identifier",
    "peerClusterArn": "peer_arn",
    "peerEndpoint": "peer_endpoint",
    "peerKmsKeyArn": "peer_kms_key_arn",
    "connectPolicyArn": "connect_policy_arn",
    "adminPolicyArn": "admin_policy_arn",
    "vpcEndpointId": "vpc_endpoint_id",
    "endpointSecurityGroupId": "endpoint_security_group_id",
    "port": "port",
    "databaseName": "database_name",
    "env": "env",
}
"""Stack output name -> DsqlCluster attribute (engine dsql); `writerEndpoint` = `endpoint`."""

config = pulumi.Config()
values = {key: value for key in stackconfig.CONFIG_KEYS if (value := config.get(key)) is not None}
stack = pulumi.get_stack()
if values.get("engine") == "dsql":
    spec = dsqlconfig.dsql_stack(values, stack=stack, region=pulumi.Config("aws").get("region"))
    key = Encryption(f"{spec.name}-key", spec.encryption)
    cluster = DsqlCluster(spec.name, {**spec.cluster, "kms_key_arn": key.key_arn})
    pulumi.export("kmsKeyArn", key.key_arn)
    for output_name, attribute in DSQL_OUTPUTS.items():
        pulumi.export(output_name, getattr(cluster, attribute))
else:
    platform = AuroraPlatform(
        stackconfig.platform_name(stack),
        stackconfig.platform_args(values, stack=stack),
    )
    for output_name, attribute in OUTPUTS.items():
        pulumi.export(output_name, getattr(platform, attribute))
