"""db-subnets-multi-az: database and proxy subnets span two zones."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import db_subnet_holders, subnet_findings
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import PROXY_ENDPOINT, SUBNET, SUBNET_GROUP


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for holder, key in db_subnet_holders(view):
        if holder.resource_type in (SUBNET_GROUP, PROXY_ENDPOINT):
            for problem in subnet_findings(view, holder, key, private=False, zones=True):
                report(problem, holder.urn)


POLICY = GuardrailStackPolicy(
    name="db-subnets-multi-az",
    description="DB subnet groups and proxy endpoints must span at least two zones.",
    resource_types=(SUBNET_GROUP, PROXY_ENDPOINT, SUBNET),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="List at least two subnets in different availability zones.",
    anchors=("beyond",),
    checks="`SubnetGroup.subnetIds` / `ProxyEndpoint.vpcSubnetIds`: ≥ 2 subnets, known zones "
    "distinct (the proxy itself: proxy-private).",
)
