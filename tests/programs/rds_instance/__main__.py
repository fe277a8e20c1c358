"""A standalone RDS PostgreSQL instance in the shapes public programs use (test fixture).

`insecure`: the instance as quick-start programs write it (public, unencrypted, no backups, a
literal password, the `postgres` admin name, default VPC). `secure`: private subnets, a CMK,
RDS-managed password, TLS parameter group, monitoring, Multi-AZ, protect. `web`: `secure` plus
an internet-facing load balancer whose group admits 80/443 from anywhere, in front of it.
"""

import json

import pulumi
import pulumi_aws as aws

variant = pulumi.Config().require("variant")

if variant == "insecure":
    aws.rds.Instance(
        "db",
        engine="postgres",
        engine_version="16.4",
        instance_class="db.t4g.micro",
        allocated_storage=20,
        db_name="app",
        username="postgres",
        password="correct-horse-battery",
        publicly_accessible=True,
        skip_final_snapshot=True,
        backup_retention_period=0,
    )
else:
    vpc = aws.ec2.Vpc(
        "vpc", cidr_block="10.60.0.0/16", enable_dns_hostnames=True, enable_dns_support=True
    )
    aws.ec2.DefaultSecurityGroup("vpc-default", vpc_id=vpc.id, ingress=[], egress=[])
    flow_role = aws.iam.Role(
        "flow-logs",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    key = aws.kms.Key(
        "db-key",
        description="database storage, secrets, logs",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                        "Action": "kms:*",
                        "Resource": "*",
                    }
                ],
            }
        ),
        opts=pulumi.ResourceOptions(protect=True),
    )
    flow_group = aws.cloudwatch.LogGroup("flow-logs", retention_in_days=365, kms_key_id=key.arn)
    aws.ec2.FlowLog(
        "vpc-flow",
        vpc_id=vpc.id,
        traffic_type="ALL",
        log_destination=flow_group.arn,
        iam_role_arn=flow_role.arn,
    )
    private = [
        aws.ec2.Subnet(
            f"private-{zone}",
            vpc_id=vpc.id,
            cidr_block=f"10.60.{index}.0/24",
            availability_zone=f"us-east-1{zone}",
        )
        for index, zone in enumerate(("a", "b"))
    ]
    subnet_group = aws.rds.SubnetGroup("db", subnet_ids=[s.id for s in private])
    db_sg = aws.ec2.SecurityGroup("db", description="database", vpc_id=vpc.id)
    client_sg = aws.ec2.SecurityGroup("app", description="application tier", vpc_id=vpc.id)
    aws.vpc.SecurityGroupIngressRule(
        "db-from-app",
        security_group_id=db_sg.id,
        referenced_security_group_id=client_sg.id,
        ip_protocol="tcp",
        from_port=5432,
        to_port=5432,
        description="application tier",
    )
    params = aws.rds.ParameterGroup(
        "db-tls",
        family="postgres16",
        description="TLS only",
        parameters=[
            aws.rds.ParameterGroupParameterArgs(name="rds.force_ssl", value="1"),
            aws.rds.ParameterGroupParameterArgs(name="log_min_duration_statement", value="1000"),
        ],
    )
    monitoring = aws.iam.Role(
        "db-monitoring",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "monitoring.rds.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    aws.rds.Instance(
        "db",
        engine="postgres",
        engine_version="16.4",
        instance_class="db.t4g.medium",
        allocated_storage=20,
        db_name="app",
        username="app_admin",
        manage_master_user_password=True,
        master_user_secret_kms_key_id=key.arn,
        storage_encrypted=True,
        kms_key_id=key.arn,
        db_subnet_group_name=subnet_group.name,
        vpc_security_group_ids=[db_sg.id],
        parameter_group_name=params.name,
        publicly_accessible=False,
        multi_az=True,
        backup_retention_period=14,
        deletion_protection=True,
        skip_final_snapshot=False,
        final_snapshot_identifier="db-final",
        copy_tags_to_snapshot=True,
        iam_database_authentication_enabled=True,
        performance_insights_enabled=True,
        performance_insights_kms_key_id=key.arn,
        monitoring_interval=60,
        monitoring_role_arn=monitoring.arn,
        enabled_cloudwatch_logs_exports=["postgresql"],
        ca_cert_identifier="rds-ca-rsa2048-g1",
        opts=pulumi.ResourceOptions(protect=True),
    )
    if variant == "web":
        public = [
            aws.ec2.Subnet(
                f"public-{zone}",
                vpc_id=vpc.id,
                cidr_block=f"10.60.{10 + index}.0/24",
                availability_zone=f"us-east-1{zone}",
            )
            for index, zone in enumerate(("a", "b"))
        ]
        lb_sg = aws.ec2.SecurityGroup(
            "web",
            description="internet-facing load balancer",
            vpc_id=vpc.id,
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp",
                    from_port=port,
                    to_port=port,
                    cidr_blocks=["0.0.0.0/0"],
                    ipv6_cidr_blocks=["::/0"],
                    description=f"public {port}",
                )
                for port in (80, 443)
            ],
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    protocol="-1",
                    from_port=0,
                    to_port=0,
                    cidr_blocks=["0.0.0.0/0"],
                    description="to the application tier",
                )
            ],
        )
        aws.lb.LoadBalancer(
            "web",
            load_balancer_type="application",
            internal=False,
            security_groups=[lb_sg.id],
            subnets=[s.id for s in public],
            drop_invalid_header_fields=True,
        )
