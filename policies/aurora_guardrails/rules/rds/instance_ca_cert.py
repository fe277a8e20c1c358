"""instance-ca-cert: instances use a current RDS certificate authority."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import CLUSTER_INSTANCE, RDS_INSTANCE

CURRENT_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"]


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    ca = props.str_("caCertIdentifier")
    allowed = [str(c) for c in ctx.config["allowedCaCertIdentifiers"]]
    if ca is not None and ca not in allowed:
        report(f"caCertIdentifier is {show(ca)}, expected one of {', '.join(allowed)}.")


POLICY = GuardrailResourcePolicy(
    name="instance-ca-cert",
    description="Aurora and RDS instances must use a current RDS certificate authority.",
    resource_types=(CLUSTER_INSTANCE, RDS_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set caCertIdentifier to rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or "
    "rds-ca-ecc384-g1 and update client trust stores.",
    anchors=("CKV_AWS_211",),
    checks="`caCertIdentifier` in `allowedCaCertIdentifiers` (unset passes: new instances get "
    "rds-ca-rsa2048-g1).",
    config_schema=schema(
        allowedCaCertIdentifiers={
            "type": "array",
            "items": {"type": "string"},
            "default": CURRENT_CAS,
            "description": "Certificate authorities instances may use.",
        }
    ),
)
