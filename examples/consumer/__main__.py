"""ACME Retail: the orders database, built from the aurora-platform components.

ACME names every cloud resource `acme-<environment>-<application>[-<role>]` and tags it with
application, environment, cost centre, owner and data classification. The components hard-code
no organisation: the name passed in becomes the prefix of every child resource, and the tags
passed in are merged onto every taggable child. The AWS provider is ACME's own (its Region,
its default tags) and reaches every child through `opts`.
"""

import pulumi
import pulumi_aws as aws
from aurora_components import AuroraPlatform

ENVIRONMENTS = ("sandbox", "production")

config = pulumi.Config()
environment = config.require("environment")
if environment not in ENVIRONMENTS:
    raise ValueError(
        f"acme-orders-db:environment must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}"
    )
production = environment == "production"

prefix = f"acme-{environment}-orders"
tags = {
    "acme:application": "orders",
    "acme:environment": environment,
    "acme:cost-centre": config.require("costCentre"),
    "acme:owner": "team-checkout",
    "acme:data-classification": "confidential",
}

provider = aws.Provider(
    f"{prefix}-aws",
    region=pulumi.Config("aws").require("region"),
    default_tags=aws.ProviderDefaultTagsArgs(tags={"acme:managed-by": "pulumi"}),
)

orders_db = AuroraPlatform(
    prefix,
    {
        "engine_version": config.require("engineVersion"),
        "min_capacity_acu": 0.5,
        "max_capacity_acu": float(config.get_int("maxCapacity") or 4),
        "reader_count": 1 if production else 0,
        "enable_proxy": production,
        "backup_retention_days": 35 if production else 14,
        "deletion_protection": production,
        "protect_resources": production,
        "vpc_cidr": "10.72.0.0/16",
        "az_count": 2,
        "interface_endpoints": [],
        "database_name": "orders",
        "master_username": "orders_admin",
        "client_pool_size": 20,
        "tags": tags,
    },
    opts=pulumi.ResourceOptions(provider=provider),
)

pulumi.export("ordersDbHost", orders_db.env.apply(lambda env: env["DATABASE_HOST"]))
pulumi.export("ordersDbSecretArn", orders_db.secret_arn)
pulumi.export("ordersDbSecurityGroupId", orders_db.security_group_id)
pulumi.export("ordersDbEnv", orders_db.env)
