"""sg-attached-db-closed: groups guarding a database, proxy or endpoint are closed to the world.

Attached means named in `vpcSecurityGroupIds` of a cluster, Aurora or RDS instance, proxy or
proxy endpoint, or in `securityGroupIds` of a VPC endpoint. On those groups (and standalone
rules targeting them) world ingress on any port — web ports included — and all-port egress to
the world are refused. A rule covering the database's own port (`port`, else the engine
default) names it.
"""

from pulumi_policy import PolicyResource, Severity

from aurora_guardrails import tokens
from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.engines import effective_port
from aurora_guardrails.links import DB_SG_HOLDERS, rules_targeting
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView

_HOLDERS = (*DB_SG_HOLDERS, tokens.VPC_ENDPOINT)


def _attached(view: StackView) -> dict[str, tuple[PolicyResource, list[PolicyResource]]]:
    """Security group URN → (group, the holders it is attached to)."""
    groups: dict[str, tuple[PolicyResource, list[PolicyResource]]] = {}
    for holder in view.of_type(*_HOLDERS):
        key = (
            "securityGroupIds"
            if holder.resource_type == tokens.VPC_ENDPOINT
            else ("vpcSecurityGroupIds")
        )
        for group in view.linked(holder, key, (tokens.SECURITY_GROUP,), ("id",)):
            groups.setdefault(group.urn, (group, []))[1].append(holder)
    return groups


def _port_note(view: StackView, holders: list[PolicyResource], covers: object) -> str:
    for holder in holders:
        if holder.resource_type not in (tokens.CLUSTER, tokens.RDS_INSTANCE):
            continue
        port, origin = effective_port(view.props(holder))
        if port is not None and callable(covers) and covers(port):
            return f', database port {show(port)} of "{holder.name}" ({origin})'
    return ""


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for group, holders in _attached(view).values():
        guarded = ", ".join(f'"{h.name}"' for h in holders)
        sources = [group, *rules_targeting(view, group)]
        for source in sources:
            faults: list[str] = []
            for rule in sg_rules(source.resource_type, view.props(source)):
                if rule.direction == "ingress":
                    note = _port_note(view, holders, rule.covers)
                    faults += [
                        f"{rule.label} allows {rule.ports_text()}{note} from {cidr}"
                        for cidr in rule.world_cidrs
                    ]
                elif rule.direction == "egress" and rule.all_ports:
                    faults += [
                        f"{rule.label} allows all traffic to {cidr}" for cidr in rule.world_cidrs
                    ]
            if faults:
                report(
                    f'security group "{group.name}" guards {guarded}: {"; ".join(faults)}.',
                    source.urn,
                )


POLICY = GuardrailStackPolicy(
    name="sg-attached-db-closed",
    description="Security groups attached to a database, proxy or endpoint must not be open to "
    "the internet in either direction.",
    resource_types=(*_HOLDERS, tokens.SECURITY_GROUP, tokens.SECURITY_GROUP_RULE),
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Give the database its own group that admits only client security groups "
    "on its port and has no egress rule; keep the load balancer's 80/443 in the load "
    "balancer's group.",
    anchors=("beyond",),
    checks="groups in `vpcSecurityGroupIds` of clusters, instances, proxies, proxy endpoints and "
    "`securityGroupIds` of VPC endpoints (and standalone rules on them): no ingress from "
    "`0.0.0.0/0`/`::/0` on any port, naming the database's port (`port`, else engine "
    "default); no all-port egress to the world.",
)
