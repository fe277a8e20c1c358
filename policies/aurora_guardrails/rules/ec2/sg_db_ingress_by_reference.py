"""sg-db-ingress-by-reference: database and proxy groups admit clients by group only."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext, schema
from aurora_guardrails.links import db_security_groups, rules_targeting
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, PROXY, SECURITY_GROUP


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    allowed = {str(c) for c in ctx.config["allowedCidrBlocks"]}
    for group in db_security_groups(view):
        sources = [(group, group.resource_type)] + [
            (rule, rule.resource_type) for rule in rules_targeting(view, group)
        ]
        for resource, resource_type in sources:
            for rule in sg_rules(resource_type, view.props(resource)):
                if rule.direction != "ingress":
                    continue
                for cidr in (c for c in rule.cidrs if c not in allowed):
                    report(
                        f'database security group "{group.name}": {rule.label} admits {cidr} '
                        "by address; admit client security groups instead.",
                        resource.urn,
                    )


POLICY = GuardrailStackPolicy(
    name="sg-db-ingress-by-reference",
    description="Database and proxy security groups must admit clients by security group.",
    resource_types=(SECURITY_GROUP, CLUSTER, PROXY),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Replace CIDR ingress on the database/proxy groups with "
    "securityGroups / referencedSecurityGroupId rules naming the client groups.",
    anchors=("beyond",),
    checks="groups in a cluster/instance/proxy `vpcSecurityGroupIds`: ingress (inline and "
    "standalone) has no CIDRs outside `allowedCidrBlocks` (default none).",
    config_schema=schema(
        allowedCidrBlocks={
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "CIDR blocks the database groups may admit (e.g. a VPN range).",
        }
    ),
)
