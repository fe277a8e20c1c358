"""aurora-iam-auth: clusters and RDS instances accept IAM database authentication."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, show

_KEY = "iamDatabaseAuthenticationEnabled"


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.bool_(_KEY) is not True:
        report(f"{_KEY} is {show(props.raw(_KEY))}, expected true.")


POLICY = GuardrailResourcePolicy(
    name="aurora-iam-auth",
    description="Aurora clusters and RDS instances must enable IAM database authentication.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps=(
        "Set iamDatabaseAuthenticationEnabled: true and grant rds-db:connect on "
        "dbuser:<resource id>/<user> to the roles that connect."
    ),
    anchors=(
        "AwsSolutions-RDS6",
        "CKV_AWS_162",
        "rds-cluster-iam-authentication-enabled",
        "RDS.12",
        "CKV_AWS_161",
        "rds-instance-iam-authentication-enabled",
        "RDS.10",
    ),
    checks="`iamDatabaseAuthenticationEnabled` is true (unset = false).",
)
