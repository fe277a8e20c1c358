"""route-no-igw-default: database subnets have no default route to an internet gateway."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import db_subnet_holders, internet_gateway_routes, linked_subnets
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import ROUTE, ROUTE_TABLE, SUBNET


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    seen: set[tuple[str, str]] = set()
    for holder, key in db_subnet_holders(view):
        for subnet in linked_subnets(view, holder, key):
            for route in internet_gateway_routes(view, subnet):
                if (route.urn, subnet.urn) in seen:
                    continue
                seen.add((route.urn, subnet.urn))
                report(
                    f'sends 0.0.0.0/0 to an internet gateway for database subnet "{subnet.name}".',
                    route.urn,
                )


POLICY = GuardrailStackPolicy(
    name="route-no-igw-default",
    description="Route tables of database and proxy subnets must not route to the internet.",
    resource_types=(ROUTE_TABLE, ROUTE, SUBNET),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Use isolated subnets for the database (no 0.0.0.0/0 route) or route "
    "egress through a NAT gateway; use VPC endpoints for AWS APIs.",
    anchors=("VPCNoUnrestrictedRouteToIGW", "no-unrestricted-route-to-igw"),
    checks="route tables (inline `routes` or `Route`) associated with DB subnet group / proxy "
    "subnets have no `0.0.0.0/0`/`::/0` to an `igw-` or an `InternetGateway`.",
)
