"""A web tier in front of a PostgreSQL aws.rds.Instance, written the way teams write it."""

import json

import pulumi
import pulumi_aws as aws
import pulumi_random as random

config = pulumi.Config()
network = pulumi.StackReference(config.require("networkStack"))
vpc = aws.ec2.get_vpc(id=network.require_output("vpcId"))  # type: ignore[arg-type]
default_vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [default_vpc.id]}])
ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-*-x86_64"]}],
)
route_table = aws.ec2.get_route_table(subnet_id=subnets.ids[0])
api_key = aws.secretsmanager.get_secret(name="team/api-key")

password = random.RandomPassword("db-password", length=24, special=False)
group = aws.rds.SubnetGroup("db", subnet_ids=subnets.ids)
db = aws.rds.Instance(
    "db",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.t4g.micro",
    allocated_storage=20,
    db_subnet_group_name=group.name,
    username="app",
    password=password.result,
    skip_final_snapshot=True,
)
lb = aws.lb.LoadBalancer("web", load_balancer_type="application", subnets=subnets.ids)
cluster = aws.ecs.Cluster("web")
existing = aws.ec2.Subnet.get("existing", subnets.ids[1])

connection = pulumi.Output.all(db.address, db.port, password.result).apply(
    lambda args: f"postgresql://app:{args[2]}@{args[0]}:{args[1]}/app"
)
container = pulumi.Output.all(connection, ami.id).apply(
    lambda args: json.dumps(
        [
            {
                "name": "web",
                "image": args[1],
                "environment": [{"name": "DATABASE_URL", "value": args[0]}],
            }
        ]
    )
)
pulumi.export("url", lb.dns_name.apply(lambda name: f"http://{name.upper()}/"))
pulumi.export("endpoint", db.endpoint.apply(lambda e: e.split(":")[0]))
pulumi.export("connection", pulumi.Output.secret(connection))
pulumi.export("container", pulumi.Output.secret(container))
pulumi.export("existingAz", existing.availability_zone)
pulumi.export("routeTable", route_table.id)
pulumi.export("vpcCidr", vpc.cidr_block)
pulumi.export("apiKey", api_key.arn)
pulumi.export("admin", network.require_output("adminPassword"))
pulumi.export("clusterArn", cluster.arn)
