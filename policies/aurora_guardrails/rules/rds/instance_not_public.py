"""instance-not-public: database instances are not publicly accessible."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    value = props.bool_("publiclyAccessible")
    if value is None and ctx.args.resource_type == RDS_INSTANCE:
        return  # pulumi-aws documents false as the default for aws.rds.Instance.
    if value is not False:
        report(
            f"publiclyAccessible is {show(props.raw('publiclyAccessible'))}, "
            "expected an explicit false."
        )


POLICY = GuardrailResourcePolicy(
    name="instance-not-public",
    description="Aurora and RDS instances must not be publicly accessible.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Set publiclyAccessible: false and place the instances in private subnets.",
    anchors=(
        "RDSInstancePublicAccess",
        "awsguard rds-instance-public-access",
        "CKV_AWS_17",
        "rds-instance-public-access-check",
        "RDS.2",
    ),
    checks="`publiclyAccessible` not true; on Aurora instances explicitly false (unset fails: "
    "the API default depends on the subnets); on RDS instances unset passes (provider default "
    "false).",
)
