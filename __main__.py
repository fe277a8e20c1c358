"""The aurora-platform Pulumi program: stack config -> AuroraPlatform (or, with engine dsql,
Encryption + DsqlCluster) -> stack outputs.

This is the only place that reads stack configuration; the config contract, its checks and the
mapping to component args live in ``aurora_program``, the resources in ``aurora_components``.
Bad config stops the program with one line (``stackconfig.ConfigError``, a ``pulumi.RunError``).
Secure config stays secret: the program passes it on with ``pulumi.Output.secret``.
"""

from typing import cast

import pulumi
from aurora_components import (
    AuroraPlatform,
    AuroraPlatformArgs,
    DsqlCluster,
    Encryption,
    Network,
    NetworkArgs,
)

from aurora_program import dsqlconfig, stackconfig

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

SHARED_OUTPUTS = ("kmsKeyArn", "vpcId", "subnetIds")
"""With `databases`, these are stack outputs once; the rest of OUTPUTS are per database."""


def build_fleet(fleet: stackconfig.FleetSpec, secret: frozenset[str]) -> None:
    """One KMS key and one network (unless adopted) shared by one AuroraPlatform per database;
    the arguments of secret keys (``alarmEmail``) reach the resources as secrets.

    Outputs: `databases` = {name: {writerEndpoint, ..., env}}, plus kmsKeyArn, vpcId, subnetIds.
    """
    stack = pulumi.get_stack()
    with stackconfig.component_errors(stack=stack):
        key = Encryption(
            f"{fleet.name}-kms",
            {
                "alias_name": f"alias/{fleet.name}",
                "protect_resources": fleet.protect_resources,
                "tags": fleet.tags,
            },
        )
    vpc_id: pulumi.Input[str]
    subnet_ids: list[pulumi.Input[str]]
    if fleet.adopts_network:
        vpc_id, subnet_ids = fleet.network["vpc_id"], list(fleet.network["subnet_ids"])
    else:
        network_args = {"kms_key_arn": key.key_arn, "database_tier": False, "tags": fleet.tags}
        with stackconfig.component_errors(stack=stack, label="network"):
            network = Network(
                f"{fleet.name}-network", cast(NetworkArgs, fleet.network | network_args)
            )
        vpc_id, subnet_ids = network.vpc_id, network.subnet_id_inputs
    databases: dict[str, pulumi.Output[dict[str, object]]] = {}
    for database in fleet.databases:
        with stackconfig.component_errors(stack=stack, label=database.label):
            platform = AuroraPlatform(
                database.resource_name,
                {
                    **stackconfig.keep_secret(database.args, secret),
                    "vpc_id": vpc_id,
                    "subnet_ids": subnet_ids,
                    "kms_key_arn": key.key_arn,
                },
            )
        databases[database.name] = pulumi.Output.all(
            **{o: getattr(platform, a) for o, a in OUTPUTS.items() if o not in SHARED_OUTPUTS}
        )
    pulumi.export("databases", databases)
    pulumi.export("kmsKeyArn", key.key_arn)
    pulumi.export("vpcId", vpc_id)
    pulumi.export("subnetIds", pulumi.Output.all(*subnet_ids))


# Every key the stack was given: PULUMI_CONFIG under the Pulumi CLI, the runtime's map under
# mocks. Reading them all (not only the declared ones) lets a misspelt key fail here.
# Secret keys: PULUMI_CONFIG_SECRET_KEYS under the CLI, the runtime's set under mocks.
stack = pulumi.get_stack()
stackconfig.check_stack_name(stack)
config = {**pulumi.runtime.get_config_env(), **pulumi.runtime.config.CONFIG.get()}
values = stackconfig.project_values(config, pulumi.get_project())
secret = stackconfig.secret_keys(
    [
        *pulumi.runtime.get_config_secret_keys_env(),
        *filter(pulumi.runtime.is_config_secret, config),
    ],
    pulumi.get_project(),
)
stackconfig.refuse_unknown_keys(values, stack=stack)
stackconfig.refuse_plaintext_only_secrets(secret, stack=stack)
if values.get("engine") == "dsql":
    spec = dsqlconfig.dsql_stack(
        values, stack=stack, region=pulumi.Config("aws").get("region"), secret_keys=secret
    )
    with stackconfig.component_errors(stack=stack):
        key = Encryption(f"{spec.name}-key", spec.encryption)
        cluster = DsqlCluster(spec.name, {**spec.cluster, "kms_key_arn": key.key_arn})
    pulumi.export("kmsKeyArn", key.key_arn)
    for output_name, attribute in DSQL_OUTPUTS.items():
        pulumi.export(output_name, getattr(cluster, attribute))
elif (fleet := stackconfig.fleet_spec(values, stack=stack, secret_keys=secret)) is not None:
    build_fleet(fleet, secret)
else:
    args = stackconfig.platform_args(values, stack=stack, secret_keys=secret)
    with stackconfig.component_errors(stack=stack):
        platform = AuroraPlatform(
            stackconfig.platform_name(stack),
            cast(AuroraPlatformArgs, stackconfig.keep_secret(args, secret)),
        )
    for output_name, attribute in OUTPUTS.items():
        pulumi.export(output_name, getattr(platform, attribute))
