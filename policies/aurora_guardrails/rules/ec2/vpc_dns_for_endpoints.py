"""vpc-dns-for-endpoints: private-DNS interface endpoints have DNS support in their VPC."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import VPC, VPC_ENDPOINT


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for endpoint in view.of_type(VPC_ENDPOINT):
        props = view.props(endpoint)
        if (
            props.str_("vpcEndpointType") != "Interface"
            or props.bool_("privateDnsEnabled") is not True
        ):
            continue
        for vpc in view.linked(endpoint, "vpcId", (VPC,), ("id",)):
            vprops = view.props(vpc)
            if vprops.bool_("enableDnsHostnames") is not True:
                report(
                    f'VPC "{vpc.name}" has enableDnsHostnames unset or false; private DNS of '
                    "this endpoint will not resolve.",
                    endpoint.urn,
                )
            if vprops.bool_("enableDnsSupport") is False:
                report(f'VPC "{vpc.name}" has enableDnsSupport false.', endpoint.urn)


POLICY = GuardrailStackPolicy(
    name="vpc-dns-for-endpoints",
    description="VPCs with private-DNS interface endpoints must enable DNS hostnames and support.",
    resource_types=(VPC, VPC_ENDPOINT),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set enableDnsHostnames: true and enableDnsSupport: true on the VPC.",
    anchors=("beyond",),
    checks="interface endpoints with `privateDnsEnabled` → their `Vpc` has `enableDnsHostnames` "
    "true and `enableDnsSupport` not false.",
)
