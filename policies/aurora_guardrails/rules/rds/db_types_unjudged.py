"""db-types-unjudged: database-like resources that no rule of the pack judges are named.

A stack holding, say, a DocumentDB cluster or an RDS snapshot copy would otherwise pass with no
finding on it. Database-like types: every `aws:rds/` type, and the types of the other AWS data
stores (`DATABASE_MODULES`). Judged types are those some registered policy inspects.
"""

from collections.abc import Iterable

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext

__all__ = ["DATABASE_MODULES", "POLICY", "unjudged_types"]

DATABASE_MODULES = (
    "aws:rds/",
    "aws:docdb/",
    "aws:docdbelastic/",
    "aws:neptune/",
    "aws:redshift/",
    "aws:redshiftserverless/",
    "aws:dynamodb/",
    "aws:elasticache/",
    "aws:memorydb/",
    "aws:dsql/",
    "aws:keyspaces/",
    "aws:timestreamwrite/",
    "aws:timestreaminfluxdb/",
    "aws:qldb/",
    "aws:opensearch/",
    "aws:lightsail/database:",
)
"""Type-token prefixes of AWS data stores."""


def _judged() -> set[str]:
    from aurora_guardrails.registry import all_policies  # the registry imports this module

    judged: set[str] = set()
    for policy in all_policies():
        if policy.name != POLICY.name:
            judged.update(getattr(policy, "resource_types", ()) or ())
    return judged


def unjudged_types(types: Iterable[str], judged: set[str]) -> list[str]:
    """The database-like types among `types` that are not in `judged`, sorted, once each."""
    return sorted({t for t in types if t.startswith(DATABASE_MODULES) and t not in judged})


def _check(ctx: StackContext, report: Report) -> None:
    resources = ctx.args.resources
    for type_ in unjudged_types((r.resource_type for r in resources), _judged()):
        names = [r.name for r in resources if r.resource_type == type_]
        report(
            f"{type_} ({', '.join(f'{n!r}' for n in names)}) is database-like and no rule of "
            "this pack judges it; review it by hand or add a policy.",
            next(r.urn for r in resources if r.resource_type == type_),
        )


POLICY = GuardrailStackPolicy(
    name="db-types-unjudged",
    description="Database-like resources that no guardrail judges are listed, so nothing "
    "passes silently.",
    resource_types=(),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Review the listed resources against your data-store baseline, or compose "
    "a pack that adds policies for their types.",
    anchors=("beyond",),
    checks="every resource whose type is database-like (`aws:rds/…`, DocumentDB, Neptune, "
    "Redshift, DynamoDB, ElastiCache, MemoryDB, DSQL, Keyspaces, Timestream, QLDB, OpenSearch, "
    "Lightsail databases) and is inspected by no registered policy is named, once per type. "
    "Advisory: it reports a gap in coverage, not a weakness.",
    enforcement_level=ADVISORY,
)
