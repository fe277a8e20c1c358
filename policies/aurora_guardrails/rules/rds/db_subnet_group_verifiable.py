"""db-subnet-group-verifiable: a database's subnet group is one this stack can judge.

`db-subnets-private` and `db-subnets-multi-az` judge the `aws:rds/subnetGroup` resources of
the stack. A database whose `dbSubnetGroupName` comes from elsewhere — a `StackReference`
output, a literal name, a value unknown in preview with no resource behind it — cannot be
judged; this rule says so instead of passing it silently.
"""

from pulumi_policy import PolicyResource, Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import is_unknown, show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import SUBNET_GROUP

_KEY = "dbSubnetGroupName"


def _origin(view: StackView, database: PolicyResource) -> str:
    deps = database.property_dependencies.get(_KEY) or []
    if deps:
        names = ", ".join(f'{d.resource_type.rsplit(":", 1)[-1]} "{d.name}"' for d in deps)
        return f"comes from {names}"
    value = view.props(database).raw(_KEY)
    if is_unknown(value):
        return "is unknown during preview and no resource of this stack provides it"
    return f"is {show(value)}, not the name of a subnet group in this stack"


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for database in view.of_type(*DB_TYPES):
        if not view.is_set(database, _KEY):
            continue  # unset: db-subnet-group-set reports it.
        if view.linked(database, _KEY, (SUBNET_GROUP,), ("name", "id")):
            continue
        report(
            f"{_KEY} {_origin(view, database)}, so its subnets can't be verified private and "
            "multi-AZ here; check that subnet group where it is defined.",
            database.urn,
        )


POLICY = GuardrailStackPolicy(
    name="db-subnet-group-verifiable",
    description="A database's subnet group should be in the stack, where its subnets can be "
    "verified.",
    resource_types=(*DB_TYPES, SUBNET_GROUP),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Define the aws.rds.SubnetGroup in this program, or run the guardrails on "
    "the stack that defines it (its db-subnets-private findings then cover this database).",
    anchors=("beyond",),
    checks="`dbSubnetGroupName` of clusters and instances links to an `aws:rds/subnetGroup` of "
    'the stack; otherwise "can\'t verify" naming where the value comes from (StackReference, '
    "literal, unknown). Advisory: nothing is known to be wrong.",
    enforcement_level=ADVISORY,
)
