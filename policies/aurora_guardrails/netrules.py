"""Security group rules from every resource shape, normalised.

Rules live inline on `aws:ec2/securityGroup` and `defaultSecurityGroup` (`ingress[]`, `egress[]`),
in standalone `aws:ec2/securityGroupRule` (`type`), and in `aws:vpc/securityGroupIngressRule` /
`EgressRule` (`cidrIpv4`, `cidrIpv6`, `referencedSecurityGroupId`, `ipProtocol`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aurora_guardrails import tokens
from aurora_guardrails.props import Props

__all__ = ["WORLD", "SgRule", "sg_rules"]

WORLD = frozenset({"0.0.0.0/0", "::/0"})
"""CIDR blocks that mean "anyone on the internet"."""

_ALL_PROTOCOLS = {"-1", "all"}


@dataclass(frozen=True)
class SgRule:
    """One rule: direction, protocol and port range, and where traffic may come from / go to."""

    label: str
    direction: str
    protocol: str
    from_port: float | None
    to_port: float | None
    cidrs: tuple[str, ...]
    references: int
    description: str | None

    @property
    def world_cidrs(self) -> list[str]:
        """The world-open CIDRs of this rule, in order."""
        return [c for c in self.cidrs if c in WORLD]

    @property
    def all_ports(self) -> bool:
        """True when the rule covers every port (protocol -1 / all, or 0-65535)."""
        if self.protocol.lower() in _ALL_PROTOCOLS:
            return True
        return (self.from_port or 0) <= 0 and (self.to_port or 0) >= 65535

    def covers(self, port: float) -> bool:
        """True when TCP `port` is inside the rule's range."""
        if self.protocol.lower() in _ALL_PROTOCOLS:
            return True
        if self.protocol.lower() not in {"tcp", "6"}:
            return False
        low = self.from_port if self.from_port is not None else 0.0
        high = self.to_port if self.to_port is not None else 65535.0
        return low <= port <= high

    def ports_text(self) -> str:
        """`tcp 5432-5432`, `all traffic` …, for messages."""
        if self.protocol.lower() in _ALL_PROTOCOLS:
            return "all traffic"
        low = "*" if self.from_port is None else f"{self.from_port:g}"
        high = "*" if self.to_port is None else f"{self.to_port:g}"
        return f"{self.protocol} {low}-{high}"


def _inline(props: Props, key: str) -> list[SgRule]:
    rules: list[SgRule] = []
    for index, item in enumerate(props.objs(key)):
        refs = len(item.strs("securityGroups")) + (1 if item.bool_("self") else 0)
        rules.append(
            SgRule(
                label=f"{key}[{index}]",
                direction=key,
                protocol=(item.str_("protocol") or "").lower(),
                from_port=item.num("fromPort"),
                to_port=item.num("toPort"),
                cidrs=(*item.strs("cidrBlocks"), *item.strs("ipv6CidrBlocks")),
                references=refs + len(item.strs("prefixListIds")),
                description=item.str_("description"),
            )
        )
    return rules


def sg_rules(resource_type: str, props: Props) -> list[SgRule]:
    """All rules a security group resource declares (empty for other types)."""
    if resource_type in (tokens.SECURITY_GROUP, tokens.DEFAULT_SECURITY_GROUP):
        return _inline(props, "ingress") + _inline(props, "egress")
    if resource_type == tokens.SECURITY_GROUP_RULE:
        refs = (1 if props.is_set("sourceSecurityGroupId") else 0) + (
            1 if props.bool_("self") else 0
        )
        return [
            SgRule(
                label="rule",
                direction=(props.str_("type") or "").lower(),
                protocol=(props.str_("protocol") or "").lower(),
                from_port=props.num("fromPort"),
                to_port=props.num("toPort"),
                cidrs=(*props.strs("cidrBlocks"), *props.strs("ipv6CidrBlocks")),
                references=refs + len(props.strs("prefixListIds")),
                description=props.str_("description"),
            )
        ]
    if resource_type in (tokens.VPC_INGRESS_RULE, tokens.VPC_EGRESS_RULE):
        cidrs = [c for c in (props.str_("cidrIpv4"), props.str_("cidrIpv6")) if c]
        refs = sum(1 for k in ("referencedSecurityGroupId", "prefixListId") if props.is_set(k))
        return [
            SgRule(
                label="rule",
                direction="ingress" if resource_type == tokens.VPC_INGRESS_RULE else "egress",
                protocol=(props.str_("ipProtocol") or "").lower(),
                from_port=props.num("fromPort"),
                to_port=props.num("toPort"),
                cidrs=tuple(cidrs),
                references=refs,
                description=props.str_("description"),
            )
        ]
    return []
