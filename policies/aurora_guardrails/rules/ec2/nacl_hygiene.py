"""nacl-hygiene: network ACLs do not admit SSH or RDP from the internet."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.netrules import WORLD
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import DEFAULT_NETWORK_ACL, NETWORK_ACL, NETWORK_ACL_RULE

ADMIN_PORTS = (22.0, 3389.0)


def _admits(entry: Props, action_key: str, label: str, report: Report) -> None:
    if (entry.str_(action_key) or "").lower() != "allow":
        return
    cidrs = [c for c in (entry.str_("cidrBlock"), entry.str_("ipv6CidrBlock")) if c in WORLD]
    protocol = (entry.str_("protocol") or "").lower()
    low, high = entry.num("fromPort"), entry.num("toPort")
    for port in ADMIN_PORTS:
        covered = protocol in ("-1", "all") or (
            protocol in ("tcp", "6") and (low or 0) <= port <= (high if high is not None else 65535)
        )
        for cidr in cidrs if covered else []:
            report(f"{label} allows port {show(port)} from {cidr}.")


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if ctx.args.resource_type == NETWORK_ACL_RULE:
        if props.bool_("egress") is not True:
            _admits(props, "ruleAction", "rule", report)
        return
    for index, entry in enumerate(props.objs("ingress")):
        _admits(entry, "action", f"ingress[{index}]", report)


POLICY = GuardrailResourcePolicy(
    name="nacl-hygiene",
    description="Network ACLs must not allow SSH (22) or RDP (3389) from the internet.",
    resource_types=(NETWORK_ACL, DEFAULT_NETWORK_ACL, NETWORK_ACL_RULE),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Deny or narrow inbound 22/3389; rely on security groups and SSM.",
    anchors=(
        "CKV_AWS_231",
        "CKV_AWS_232",
        "CKV_AWS_352",
        "EC2.21",
    ),
    checks="no inbound allow from `0.0.0.0/0`/`::/0` covering 22 or 3389 (inline entries and "
    '`NetworkAclRule`). The "NACLs attached" half (CKV2_AWS_1, EC2.16) is out of scope.',
)
