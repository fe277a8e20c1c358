"""db-subnets-private: database and proxy subnets do not hand out public addresses."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import db_subnet_holders, subnet_findings
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import PROXY_ENDPOINT, SUBNET, SUBNET_GROUP


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for holder, key in db_subnet_holders(view):
        if holder.resource_type in (SUBNET_GROUP, PROXY_ENDPOINT):
            for problem in subnet_findings(view, holder, key, private=True, zones=False):
                report(problem, holder.urn)


POLICY = GuardrailStackPolicy(
    name="db-subnets-private",
    description="DB subnet groups and proxy endpoints must use private subnets.",
    resource_types=(SUBNET_GROUP, PROXY_ENDPOINT, SUBNET),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Use subnets without mapPublicIpOnLaunch/assignIpv6AddressOnCreation and "
    "without an internet gateway default route.",
    anchors=("beyond",),
    checks="subnets of each `SubnetGroup.subnetIds` and `ProxyEndpoint.vpcSubnetIds`: no "
    "public IPs, no IGW default route (the proxy itself: proxy-private).",
)
