"""Northwind storefront: ECS Fargate behind an ALB, PostgreSQL on RDS, a bastion host.

Written the way application teams usually write it: the VPC and subnets are looked up by tag,
the certificate comes from the network team's stack, the database password is a
RandomPassword handed to the container through Secrets Manager.
"""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

config = pulumi.Config()
stack = pulumi.get_stack()
app_image = config.require("appImage")
desired_count = config.get_int("desiredCount") or 2
db_instance_class = config.get("dbInstanceClass") or "db.t4g.micro"
tags = {"app": "storefront", "env": stack, "team": "web"}

# --- what the network team's stack and the account already have
network = pulumi.StackReference(config.require("networkStack"))
certificate_arn = network.require_output("certificateArn")

vpc = aws.ec2.get_vpc(tags={"Name": config.require("vpcName")})
public_subnets = aws.ec2.get_subnets(
    filters=[{"name": "vpc-id", "values": [vpc.id]}], tags={"tier": "public"}
)
private_subnets = aws.ec2.get_subnets(
    filters=[{"name": "vpc-id", "values": [vpc.id]}], tags={"tier": "private"}
)
bastion_ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

# --- security groups: internet -> ALB -> tasks -> database <- bastion
everywhere = [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]
alb_sg = aws.ec2.SecurityGroup(
    "storefront-alb",
    vpc_id=vpc.id,
    description="Storefront load balancer",
    ingress=[
        {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
        {"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]},
    ],
    egress=everywhere,
    tags=tags,
)
app_sg = aws.ec2.SecurityGroup(
    "storefront-app",
    vpc_id=vpc.id,
    description="Storefront tasks",
    ingress=[
        {"protocol": "tcp", "from_port": 8080, "to_port": 8080, "security_groups": [alb_sg.id]}
    ],
    egress=everywhere,
    tags=tags,
)
bastion_sg = aws.ec2.SecurityGroup(
    "storefront-bastion",
    vpc_id=vpc.id,
    description="DBA bastion (SSM Session Manager only, no inbound)",
    egress=everywhere,
    tags=tags,
)
db_sg = aws.ec2.SecurityGroup(
    "storefront-db",
    vpc_id=vpc.id,
    description="Storefront PostgreSQL",
    ingress=[
        {
            "protocol": "tcp",
            "from_port": 5432,
            "to_port": 5432,
            "security_groups": [app_sg.id, bastion_sg.id],
        }
    ],
    tags=tags,
)

# --- the database
db_password = random.RandomPassword(
    "storefront-db-password", length=32, special=True, override_special="!#$%^&*()-_=+"
)
db_subnets = aws.rds.SubnetGroup("storefront-db", subnet_ids=private_subnets.ids, tags=tags)
db = aws.rds.Instance(
    "storefront-db",
    engine="postgres",
    engine_version="16.4",
    instance_class=db_instance_class,
    allocated_storage=20,
    max_allocated_storage=100,
    storage_type="gp3",
    storage_encrypted=True,
    db_name="storefront",
    username="storefront",
    password=db_password.result,
    db_subnet_group_name=db_subnets.name,
    vpc_security_group_ids=[db_sg.id],
    publicly_accessible=False,
    backup_retention_period=7,
    skip_final_snapshot=False,
    final_snapshot_identifier=f"storefront-{stack}-final",
    tags=tags,
)

database_url = pulumi.Output.format(
    "postgresql://storefront:{0}@{1}:{2}/storefront?sslmode=require",
    db_password.result,
    db.address,
    db.port,
)
db_secret = aws.secretsmanager.Secret("storefront-database-url", tags=tags)
aws.secretsmanager.SecretVersion(
    "storefront-database-url", secret_id=db_secret.id, secret_string=database_url
)

# --- the service
logs = aws.cloudwatch.LogGroup("storefront", retention_in_days=30, tags=tags)
execution_role = aws.iam.Role(
    "storefront-execution",
    assume_role_policy=aws.iam.get_policy_document(
        statements=[
            {
                "actions": ["sts:AssumeRole"],
                "principals": [{"type": "Service", "identifiers": ["ecs-tasks.amazonaws.com"]}],
            }
        ]
    ).json,
    tags=tags,
)
aws.iam.RolePolicyAttachment(
    "storefront-execution",
    role=execution_role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
)
aws.iam.RolePolicy(
    "storefront-read-database-url",
    role=execution_role.id,
    policy=db_secret.arn.apply(
        lambda arn: (
            aws.iam.get_policy_document(
                statements=[{"actions": ["secretsmanager:GetSecretValue"], "resources": [arn]}]
            ).json
        )
    ),
)

cluster = aws.ecs.Cluster(
    "storefront", settings=[{"name": "containerInsights", "value": "enabled"}], tags=tags
)
task = aws.ecs.TaskDefinition(
    "storefront",
    family=f"storefront-{stack}",
    cpu="512",
    memory="1024",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    execution_role_arn=execution_role.arn,
    container_definitions=pulumi.Output.json_dumps(
        [
            {
                "name": "web",
                "image": app_image,
                "essential": True,
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                "environment": [
                    {"name": "DATABASE_HOST", "value": db.address},
                    {"name": "DATABASE_PORT", "value": db.port.apply(str)},
                ],
                "secrets": [{"name": "DATABASE_URL", "valueFrom": db_secret.arn}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": logs.name,
                        "awslogs-region": aws.get_region().region,
                        "awslogs-stream-prefix": "web",
                    },
                },
            }
        ]
    ),
    tags=tags,
)

alb = aws.lb.LoadBalancer(
    "storefront",
    load_balancer_type="application",
    security_groups=[alb_sg.id],
    subnets=public_subnets.ids,
    drop_invalid_header_fields=True,
    tags=tags,
)
target_group = aws.lb.TargetGroup(
    "storefront",
    port=8080,
    protocol="HTTP",
    target_type="ip",
    vpc_id=vpc.id,
    health_check={"path": "/healthz", "matcher": "200"},
    tags=tags,
)
https = aws.lb.Listener(
    "storefront-https",
    load_balancer_arn=alb.arn,
    port=443,
    protocol="HTTPS",
    ssl_policy="ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificate_arn=certificate_arn,
    default_actions=[{"type": "forward", "target_group_arn": target_group.arn}],
)
aws.lb.Listener(
    "storefront-http",
    load_balancer_arn=alb.arn,
    port=80,
    protocol="HTTP",
    default_actions=[
        {
            "type": "redirect",
            "redirect": {"port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"},
        }
    ],
)
aws.ecs.Service(
    "storefront",
    cluster=cluster.arn,
    task_definition=task.arn,
    desired_count=desired_count,
    launch_type="FARGATE",
    network_configuration={
        "subnets": private_subnets.ids,
        "security_groups": [app_sg.id],
        "assign_public_ip": False,
    },
    load_balancers=[
        {"target_group_arn": target_group.arn, "container_name": "web", "container_port": 8080}
    ],
    opts=pulumi.ResourceOptions(depends_on=[https]),
    tags=tags,
)

# --- the DBAs' way in: Session Manager to a bastion in a private subnet
bastion_role = aws.iam.Role(
    "storefront-bastion",
    assume_role_policy=aws.iam.get_policy_document(
        statements=[
            {
                "actions": ["sts:AssumeRole"],
                "principals": [{"type": "Service", "identifiers": ["ec2.amazonaws.com"]}],
            }
        ]
    ).json,
    tags=tags,
)
aws.iam.RolePolicyAttachment(
    "storefront-bastion-ssm",
    role=bastion_role.name,
    policy_arn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
)
bastion_profile = aws.iam.InstanceProfile("storefront-bastion", role=bastion_role.name)
bastion = aws.ec2.Instance(
    "storefront-bastion",
    ami=bastion_ami.id,
    instance_type="t3.micro",
    subnet_id=private_subnets.ids[0],
    vpc_security_group_ids=[bastion_sg.id],
    iam_instance_profile=bastion_profile.name,
    metadata_options={"http_tokens": "required"},
    root_block_device={"encrypted": True, "volume_size": 8},
    tags={**tags, "Name": f"storefront-{stack}-bastion"},
)

pulumi.export("url", alb.dns_name.apply(lambda name: f"https://{name}"))
pulumi.export("databaseEndpoint", pulumi.Output.format("{0}:{1}", db.address, db.port))
pulumi.export("databaseUrlSecretArn", db_secret.arn)
pulumi.export("bastionInstanceId", bastion.id)
pulumi.export("amiId", bastion_ami.id)
