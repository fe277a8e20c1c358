"""The aurora-platform Pulumi program: stack config -> AuroraPlatform -> stack outputs.

This is the only place that reads stack configuration; the mapping and its checks live in
``auroractl.stackconfig`` and the resources in ``aurora_components``.
"""

import pulumi
from aurora_components import AuroraPlatform

from auroractl import stackconfig

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

config = pulumi.Config()
values = {key: value for key in stackconfig.CONFIG_KEYS if (value := config.get(key)) is not None}
stack = pulumi.get_stack()
platform = AuroraPlatform(
    stackconfig.platform_name(stack),
    stackconfig.platform_args(values, stack=stack),
)
for output_name, attribute in OUTPUTS.items():
    pulumi.export(output_name, getattr(platform, attribute))
