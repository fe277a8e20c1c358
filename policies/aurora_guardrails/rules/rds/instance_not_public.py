"""instance-not-public: database instances are not publicly accessible.

Unset `publiclyAccessible` passes on both instance types: it is never left to the AWS API. The
provider pulumi-aws bridges sends the input's value on create, unset as `false`
(terraform-provider-aws `internal/service/rds/cluster_instance.go`,
`resourceClusterInstanceCreate`: `PubliclyAccessible: aws.Bool(d.Get("publicly_accessible")
.(bool))`; the same for `aws_db_instance`), and pulumi-aws documents `false` as the default of
`aws.rds.ClusterInstance` and `aws.rds.Instance`. Left to the API, the default would depend on
the subnet group (RDS API reference, CreateDBInstance, `PubliclyAccessible`: without a DB subnet
group false for Aurora and true for other engines; with one false unless the group is
`default`), which is why the rule does not rely on it. Where the database lands is judged by
db-subnet-group-set, db-subnets-private and db-subnet-group-verifiable.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_("publiclyAccessible") is True:
        report("publiclyAccessible is true, expected false.")


POLICY = GuardrailResourcePolicy(
    name="instance-not-public",
    description="Aurora and RDS instances must not be publicly accessible.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Set publiclyAccessible: false (or leave it unset) and place the instances "
    "in private subnets.",
    anchors=(
        "RDSInstancePublicAccess",
        "awsguard rds-instance-public-access",
        "CKV_AWS_17",
        "rds-instance-public-access-check",
        "RDS.2",
    ),
    checks="`publiclyAccessible` not true; unset passes on Aurora and RDS instances (pulumi-aws "
    "sends false on create; the subnet-group rules judge where the database lands).",
)
