"""proxy-iam-auth: clients authenticate to RDS Proxy with IAM."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import PROXY


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.str_("defaultAuthScheme") == "IAM_AUTH":
        return
    auths = props.objs("auths")
    if not auths:
        report('auths is unset and defaultAuthScheme is not "IAM_AUTH".')
    for index, auth in enumerate(auths):
        if auth.str_("iamAuth") != "REQUIRED":
            report(f'auths[{index}].iamAuth is {show(auth.raw("iamAuth"))}, expected "REQUIRED".')


POLICY = GuardrailResourcePolicy(
    name="proxy-iam-auth",
    description="RDS Proxy must require IAM authentication from clients.",
    resource_types=(PROXY,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps='Set iamAuth: "REQUIRED" on every auths entry (or defaultAuthScheme: '
    '"IAM_AUTH") and grant clients rds-db:connect on the proxy.',
    anchors=("beyond",),
    checks='every `auths[].iamAuth` is "REQUIRED", or `defaultAuthScheme` is "IAM_AUTH".',
)
