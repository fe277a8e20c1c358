"""sg-no-legacy-db-sg: no EC2-Classic DB security groups."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import LEGACY_DB_SECURITY_GROUP


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    report("aws.rds.SecurityGroup is an EC2-Classic DB security group; use a VPC security group.")


POLICY = GuardrailResourcePolicy(
    name="sg-no-legacy-db-sg",
    description="EC2-Classic DB security groups must not be used.",
    resource_types=(LEGACY_DB_SECURITY_GROUP,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Replace it with an aws.ec2.SecurityGroup in vpcSecurityGroupIds.",
    anchors=("AwsSolutions-RDS8", "CKV_AWS_198", "rds-db-security-group-not-allowed"),
    checks="no `aws:rds/securityGroup:SecurityGroup` resource.",
)
