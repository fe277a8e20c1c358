"""proxy-private: RDS Proxy sits in private subnets in two zones, behind security groups."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import subnet_findings
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import PROXY, ROUTE_TABLE, SUBNET


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for proxy in view.of_type(PROXY):
        for problem in subnet_findings(view, proxy, "vpcSubnetIds", private=True, zones=True):
            report(problem, proxy.urn)
        if not view.is_set(proxy, "vpcSecurityGroupIds"):
            report("vpcSecurityGroupIds is unset; attach a dedicated security group.", proxy.urn)


POLICY = GuardrailStackPolicy(
    name="proxy-private",
    description="RDS Proxy must run in private subnets in two zones, with security groups.",
    resource_types=(PROXY, SUBNET, ROUTE_TABLE),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Pass at least two private subnets in different zones (no public IPs, no "
    "internet gateway route) as vpcSubnetIds and a dedicated vpcSecurityGroupIds.",
    anchors=("beyond",),
    checks="`vpcSubnetIds` ≥ 2 subnets in distinct zones, none with public IPs or an IGW "
    "default route; `vpcSecurityGroupIds` set.",
)
