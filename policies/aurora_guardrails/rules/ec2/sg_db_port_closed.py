"""sg-db-port-closed: the database port is never open to the internet."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import SG_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    ports = [float(p) for p in ctx.config["databasePorts"]]
    for rule in sg_rules(ctx.args.resource_type, props):
        if rule.direction != "ingress":
            continue
        for port in (p for p in ports if rule.covers(p)):
            for cidr in rule.world_cidrs:
                report(f"{rule.label} opens database port {show(port)} to {cidr}.")


POLICY = GuardrailResourcePolicy(
    name="sg-db-port-closed",
    description="Database ports must never be open to the internet.",
    resource_types=SG_TYPES,
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Remove the world-open rule; admit application security groups on the "
    "database port instead.",
    anchors=("beyond",),
    checks="no ingress from `0.0.0.0/0`/`::/0` covering a `databasePorts` port (5432, 3306), "
    "in any "
    "group or standalone rule (so it also covers rules added to DB/proxy groups).",
    config_schema=schema(
        databasePorts={
            "type": "array",
            "items": {"type": "number"},
            "default": [5432, 3306],
            "description": "Ports that must never be world-open (PostgreSQL and MySQL/MariaDB "
            "defaults; a database's own port is judged by sg-attached-db-closed).",
        }
    ),
)
