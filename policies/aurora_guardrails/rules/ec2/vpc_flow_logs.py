"""vpc-flow-logs: every VPC records flow logs."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import FLOW_LOG, VPC


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for vpc in view.of_type(VPC):
        if not view.referrers(vpc, (FLOW_LOG,), "vpcId", ("id",)):
            report("no aws.ec2.FlowLog has vpcId pointing at this VPC.", vpc.urn)


POLICY = GuardrailStackPolicy(
    name="vpc-flow-logs",
    description="VPCs must have flow logs.",
    resource_types=(VPC, FLOW_LOG),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps='Add aws.ec2.FlowLog(vpcId=vpc.id, trafficType="ALL") to a log group '
    "with retention and a KMS key.",
    anchors=(
        "AwsSolutions-VPC7",
        "VPCFlowLogsEnabled",
        "CKV2_AWS_11",
        "vpc-flow-logs-enabled",
        "EC2.6",
    ),
    checks="a `FlowLog` whose `vpcId` is the VPC, per `Vpc`.",
)
