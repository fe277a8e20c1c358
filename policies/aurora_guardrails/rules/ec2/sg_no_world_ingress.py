"""sg-no-world-ingress: no security group admits the whole internet, web ports aside.

A load balancer's group admitting 80/443 from anywhere is the point of a web tier, so rules
whose ports are all `webPorts` pass here; `sg-attached-db-closed` still refuses them on a group
attached to a database, proxy or endpoint. Every other port (database, SSH, RDP …) stays
mandatory.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.netrules import SgRule, sg_rules
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import SG_TYPES


def web_only(rule: SgRule, web_ports: list[float]) -> bool:
    """True when a TCP rule opens a single port that is one of `web_ports`."""
    return (
        rule.protocol in ("tcp", "6")
        and rule.from_port is not None
        and rule.from_port == rule.to_port
        and rule.from_port in web_ports
    )


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    web_ports = [float(p) for p in ctx.config["webPorts"]]
    for rule in sg_rules(ctx.args.resource_type, props):
        if rule.direction == "ingress" and not web_only(rule, web_ports):
            for cidr in rule.world_cidrs:
                report(f"{rule.label} allows {rule.ports_text()} from {cidr}.")


POLICY = GuardrailResourcePolicy(
    name="sg-no-world-ingress",
    description="Security groups must not allow ingress from 0.0.0.0/0 or ::/0 (web ports aside).",
    resource_types=SG_TYPES,
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Admit clients by security group reference (or a narrow CIDR) instead of "
    "the whole internet.",
    anchors=(
        "AwsSolutions-EC23",
        "CKV_AWS_277",
        "CKV_AWS_24",
        "CKV_AWS_25",
        "vpc-sg-open-only-to-authorized-ports",
        "EC2.18",
    ),
    checks="no `0.0.0.0/0`/`::/0` in `ingress[].cidrBlocks`/`ipv6CidrBlocks`, ingress rule "
    "`cidrBlocks`, `cidrIpv4`/`cidrIpv6`, except single-port TCP rules on `webPorts` (80, 443): "
    "those are judged by sg-attached-db-closed where the group guards a database.",
    config_schema=schema(
        webPorts={
            "type": "array",
            "items": {"type": "number"},
            "default": [80, 443],
            "description": "Ports a web tier may open to the world (single-port TCP rules).",
        }
    ),
)
