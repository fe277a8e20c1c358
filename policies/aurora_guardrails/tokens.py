"""Pulumi type tokens of the AWS resources the guardrails inspect (pulumi-aws 7.x)."""

from __future__ import annotations

__all__ = [
    "CLUSTER",
    "CLUSTER_INSTANCE",
    "CLUSTER_PARAMETER_GROUP",
    "DEFAULT_NETWORK_ACL",
    "DEFAULT_SECURITY_GROUP",
    "DEFAULT_VPC",
    "DSQL_CLUSTER",
    "DSQL_CLUSTER_PEERING",
    "DSQL_CLUSTER_POLICY",
    "EXTERNAL_KEY",
    "FLOW_LOG",
    "GLOBAL_CLUSTER",
    "IAM_GROUP_POLICY",
    "IAM_POLICY",
    "IAM_POLICY_ATTACHMENT",
    "IAM_ROLE",
    "IAM_ROLE_POLICY",
    "IAM_ROLE_POLICY_ATTACHMENT",
    "IAM_USER_POLICY",
    "INTERNET_GATEWAY",
    "KMS_ALIAS",
    "KMS_KEY",
    "KMS_KEYS",
    "LEGACY_DB_SECURITY_GROUP",
    "LOG_GROUP",
    "NETWORK_ACL",
    "NETWORK_ACL_RULE",
    "PARAMETER_GROUP",
    "PROXY",
    "PROXY_DEFAULT_TARGET_GROUP",
    "PROXY_ENDPOINT",
    "PROXY_TARGET",
    "RDS_INSTANCE",
    "ROUTE",
    "ROUTE_TABLE",
    "ROUTE_TABLE_ASSOCIATION",
    "SECRET",
    "SECRET_ROTATION",
    "SECURITY_GROUP",
    "SECURITY_GROUP_RULE",
    "SG_TYPES",
    "SUBNET",
    "SUBNET_GROUP",
    "VPC",
    "VPC_EGRESS_RULE",
    "VPC_ENDPOINT",
    "VPC_INGRESS_RULE",
]

CLUSTER = "aws:rds/cluster:Cluster"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster"
PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
RDS_INSTANCE = "aws:rds/instance:Instance"
SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
PROXY = "aws:rds/proxy:Proxy"
PROXY_DEFAULT_TARGET_GROUP = "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup"
PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget"
PROXY_ENDPOINT = "aws:rds/proxyEndpoint:ProxyEndpoint"
LEGACY_DB_SECURITY_GROUP = "aws:rds/securityGroup:SecurityGroup"

SECRET = "aws:secretsmanager/secret:Secret"
SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation"

KMS_KEY = "aws:kms/key:Key"
KMS_ALIAS = "aws:kms/alias:Alias"
EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey"
KMS_KEYS = (KMS_KEY, EXTERNAL_KEY)

SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
VPC_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
SG_TYPES = (
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
    DEFAULT_SECURITY_GROUP,
    VPC_INGRESS_RULE,
    VPC_EGRESS_RULE,
)

VPC = "aws:ec2/vpc:Vpc"
DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc"
SUBNET = "aws:ec2/subnet:Subnet"
NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl"
DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"

LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"

IAM_ROLE = "aws:iam/role:Role"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy"
IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"

DSQL_CLUSTER = "aws:dsql/cluster:Cluster"
DSQL_CLUSTER_PEERING = "aws:dsql/clusterPeering:ClusterPeering"
DSQL_CLUSTER_POLICY = "aws:dsql/clusterPolicy:ClusterPolicy"
