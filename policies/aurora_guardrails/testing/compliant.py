"""One compliant resource per type, in the update-input shape (as a program writes it).

Each passes every resource policy of the pack in all four shapes of `shapes.SHAPES`; tests
derive failing cases from them with `changed()`. `COMPLIANT` maps a type token to its props and
its `protect` option; `NO_COMPLIANT_FORM` names the types that have none, and why.
"""

from __future__ import annotations

import json
from typing import Any

from aurora_guardrails import tokens as t

__all__ = [
    "CLUSTER",
    "CLUSTER_INSTANCE",
    "COMPLIANT",
    "DSQL_CLUSTER",
    "DSQL_CLUSTER_POLICY",
    "KEY",
    "KMS_KEY",
    "LOG_GROUP",
    "MONITORING_ROLE",
    "MYSQL_INSTANCE",
    "NETWORK_ACL",
    "NO_COMPLIANT_FORM",
    "PROXY",
    "PROXY_TARGET_GROUP",
    "RDS_INSTANCE",
    "ROLE_POLICY",
    "SECRET",
    "SECRET_ROTATION",
    "SECURITY_GROUP",
    "SECURITY_GROUP_RULE",
    "SUBNET",
    "VPC_INGRESS_RULE",
]

KEY = "arn:aws:kms:us-east-1:123456789012:key/1111"
MONITORING_ROLE = "arn:aws:iam::123456789012:role/monitoring"

CLUSTER: dict[str, Any] = {
    "engine": "aurora-postgresql",
    "engineVersion": "16.4",
    "engineMode": "provisioned",
    "storageEncrypted": True,
    "kmsKeyId": KEY,
    "deletionProtection": True,
    "iamDatabaseAuthenticationEnabled": True,
    "backupRetentionPeriod": 7.0,
    "enabledCloudwatchLogsExports": ["postgresql"],
    "copyTagsToSnapshot": True,
    "masterUsername": "dbadmin",
    "manageMasterUserPassword": True,
    "masterUserSecretKmsKeyId": KEY,
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
    "monitoringInterval": 60.0,
    "monitoringRoleArn": MONITORING_ROLE,
    "skipFinalSnapshot": False,
    "finalSnapshotIdentifier": "db-final",
    "serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": 2.0},
    "vpcSecurityGroupIds": ["sg-0db"],
    "port": 5432.0,
    "dbSubnetGroupName": "db-private",
}
"""An encrypted, protected Aurora PostgreSQL Serverless v2 cluster."""

CLUSTER_INSTANCE: dict[str, Any] = {
    "clusterIdentifier": "db",
    "instanceClass": "db.serverless",
    "engine": "aurora-postgresql",
    "publiclyAccessible": False,
    "monitoringInterval": 60.0,
    "monitoringRoleArn": MONITORING_ROLE,
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
    "caCertIdentifier": "rds-ca-rsa2048-g1",
}
"""A private, monitored Serverless v2 instance of `CLUSTER`."""

RDS_INSTANCE: dict[str, Any] = {
    "engine": "postgres",
    "engineVersion": "16.4",
    "instanceClass": "db.t4g.medium",
    "allocatedStorage": 20.0,
    "storageEncrypted": True,
    "kmsKeyId": KEY,
    "dbSubnetGroupName": "db-private",
    "vpcSecurityGroupIds": ["sg-0db"],
    "parameterGroupName": "db-tls",
    "backupRetentionPeriod": 7.0,
    "deletionProtection": True,
    "finalSnapshotIdentifier": "db-final",
    "username": "dbadmin",
    "manageMasterUserPassword": True,
    "masterUserSecretKmsKeyId": KEY,
    "iamDatabaseAuthenticationEnabled": True,
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
    "enabledCloudwatchLogsExports": ["postgresql"],
    "monitoringInterval": 60.0,
    "monitoringRoleArn": MONITORING_ROLE,
    "multiAz": True,
    "caCertIdentifier": "rds-ca-rsa2048-g1",
    "copyTagsToSnapshot": True,
    "port": 5432.0,
}
"""A secure standalone PostgreSQL instance."""

MYSQL_INSTANCE: dict[str, Any] = {
    **RDS_INSTANCE,
    "engine": "mysql",
    "engineVersion": "8.4.3",
    "enabledCloudwatchLogsExports": ["error", "slowquery"],
    "port": 3306.0,
}
"""The same instance on MySQL (a second compliant form of `aws:rds/instance:Instance`)."""

PROXY: dict[str, Any] = {
    "name": "db-proxy",
    "engineFamily": "POSTGRESQL",
    "requireTls": True,
    "debugLogging": False,
    "idleClientTimeout": 1800.0,
    "auths": [{"secretArn": "arn:aws:secretsmanager:us-east-1:1:secret:db", "iamAuth": "REQUIRED"}],
}
PROXY_TARGET_GROUP: dict[str, Any] = {
    "dbProxyName": "db-proxy",
    "connectionPoolConfig": {"maxConnectionsPercent": 90.0},
}
SECRET: dict[str, Any] = {"kmsKeyId": KEY, "description": "app user", "recoveryWindowInDays": 7.0}
SECRET_ROTATION: dict[str, Any] = {
    "secretId": "s",
    "rotationRules": {"automaticallyAfterDays": 30.0},
}
KMS_KEY: dict[str, Any] = {
    "enableKeyRotation": True,
    "deletionWindowInDays": 30.0,
    "policy": json.dumps(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::1:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ]
        }
    ),
}
SECURITY_GROUP: dict[str, Any] = {
    "description": "database",
    "ingress": [
        {
            "protocol": "tcp",
            "fromPort": 5432.0,
            "toPort": 5432.0,
            "securityGroups": ["sg-app"],
            "description": "app",
        }
    ],
}
SECURITY_GROUP_RULE: dict[str, Any] = {
    "type": "ingress",
    "protocol": "tcp",
    "fromPort": 5432.0,
    "toPort": 5432.0,
    "securityGroupId": "sg-0db",
    "sourceSecurityGroupId": "sg-app",
    "description": "app",
}
VPC_INGRESS_RULE: dict[str, Any] = {
    "ipProtocol": "tcp",
    "fromPort": 5432.0,
    "toPort": 5432.0,
    "securityGroupId": "sg-0db",
    "referencedSecurityGroupId": "sg-app",
    "description": "app",
}
SUBNET: dict[str, Any] = {
    "vpcId": "vpc-1",
    "cidrBlock": "10.0.1.0/24",
    "mapPublicIpOnLaunch": False,
}
NETWORK_ACL: dict[str, Any] = {
    "vpcId": "vpc-1",
    "ingress": [
        {
            "protocol": "tcp",
            "fromPort": 5432.0,
            "toPort": 5432.0,
            "action": "allow",
            "cidrBlock": "10.0.0.0/16",
            "ruleNo": 100.0,
        }
    ],
}
LOG_GROUP: dict[str, Any] = {
    "name": "/aws/rds/cluster/db/postgresql",
    "retentionInDays": 365.0,
    "kmsKeyId": KEY,
}
ROLE_POLICY: dict[str, Any] = {
    "role": "proxy",
    "policy": json.dumps(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "arn:aws:secretsmanager:us-east-1:1:secret:db",
                }
            ]
        }
    ),
}
DSQL_CLUSTER: dict[str, Any] = {"deletionProtectionEnabled": True, "kmsEncryptionKey": KEY}
DSQL_CLUSTER_POLICY: dict[str, Any] = {
    "identifier": "abc",
    "policy": json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::123456789012:role/api"},
                    "Action": "dsql:DbConnect",
                    "Resource": "*",
                }
            ],
        }
    ),
}

COMPLIANT: dict[str, tuple[dict[str, Any], bool]] = {
    t.CLUSTER: (CLUSTER, True),
    t.CLUSTER_INSTANCE: (CLUSTER_INSTANCE, False),
    t.RDS_INSTANCE: (RDS_INSTANCE, True),
    t.PROXY: (PROXY, False),
    t.PROXY_DEFAULT_TARGET_GROUP: (PROXY_TARGET_GROUP, False),
    t.SECRET: (SECRET, False),
    t.SECRET_ROTATION: (SECRET_ROTATION, False),
    t.KMS_KEY: (KMS_KEY, False),
    t.SECURITY_GROUP: (SECURITY_GROUP, False),
    t.SECURITY_GROUP_RULE: (SECURITY_GROUP_RULE, False),
    t.VPC_INGRESS_RULE: (VPC_INGRESS_RULE, False),
    t.SUBNET: (SUBNET, False),
    t.NETWORK_ACL: (NETWORK_ACL, False),
    t.LOG_GROUP: (LOG_GROUP, False),
    t.IAM_ROLE_POLICY: (ROLE_POLICY, False),
    t.DSQL_CLUSTER: (DSQL_CLUSTER, False),
    t.DSQL_CLUSTER_POLICY: (DSQL_CLUSTER_POLICY, False),
}
"""Type token → (compliant props, `protect`)."""

NO_COMPLIANT_FORM: dict[str, str] = {
    t.LEGACY_DB_SECURITY_GROUP: "an EC2-Classic DB security group is itself the finding",
    t.DEFAULT_VPC: "managing the default VPC is itself the finding",
}
"""Types whose every instance is a finding: their rules have no compliant resource case."""
