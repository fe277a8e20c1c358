"""subnet-no-public-ip: subnets do not hand out public addresses."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import SUBNET


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for flag in ("mapPublicIpOnLaunch", "assignIpv6AddressOnCreation"):
        if props.bool_(flag) is True:
            report(f"{flag} is true, expected false or unset.")


POLICY = GuardrailResourcePolicy(
    name="subnet-no-public-ip",
    description="Subnets must not assign public IP addresses on launch.",
    resource_types=(SUBNET,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Remove mapPublicIpOnLaunch / assignIpv6AddressOnCreation (default false).",
    anchors=(
        "VPCSubnetAutoAssignPublicIpDisabled",
        "CKV_AWS_130",
        "subnet-auto-assign-public-ip-disabled",
        "EC2.15",
    ),
    checks="`mapPublicIpOnLaunch` and `assignIpv6AddressOnCreation` not true.",
)
