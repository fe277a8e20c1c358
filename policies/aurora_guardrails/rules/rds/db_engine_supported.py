"""db-engine-supported: the engine major version is within RDS / Aurora standard support.

Dates come from `data/engine_support.json`. A verified date (read on an AWS page) is stated as
fact with that page. An unverified date is still reported, as advisory like every finding of
this rule, but worded as unverified with the calendar page to check: staying silent would pass
a database that is probably already in paid Extended Support, while stating the date as fact
would claim what nobody read.
"""

import datetime

from pulumi_policy import Severity

from aurora_guardrails.base import (
    ADVISORY,
    GuardrailResourcePolicy,
    Report,
    ResourceContext,
    schema,
)
from aurora_guardrails.engine_support import support_end
from aurora_guardrails.engines import DB_TYPES
from aurora_guardrails.props import Props, show


def _as_of(ctx: ResourceContext) -> datetime.date:
    given = str(ctx.config["asOf"] or "")
    return (
        datetime.date.fromisoformat(given) if given else datetime.datetime.now(datetime.UTC).date()
    )


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    engine, version = props.str_("engine"), props.str_("engineVersion")
    if engine is None or version is None:
        return
    end = support_end(engine, version)
    if end is None or end.date > _as_of(ctx):
        return
    if end.verified:
        fact = (
            f"{end.engine} {end.major} left RDS standard support on {end.date.isoformat()} "
            f"(source: {end.verified_in})"
        )
    else:
        fact = (
            f"{end.engine} {end.major} is past its end of RDS standard support if the date "
            f"{end.date.isoformat()} holds (unverified: check {end.source})"
        )
    report(
        f"engineVersion is {show(version)}: {fact}; upgrade to a supported major version "
        "(running on means paid RDS Extended Support, then a forced upgrade)."
    )


POLICY = GuardrailResourcePolicy(
    name="db-engine-supported",
    description="Databases should run an engine major version within RDS standard support.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Upgrade engineVersion to a major version whose standard support has not "
    "ended (set allowMajorVersionUpgrade and a parameter group of the new family).",
    anchors=("beyond",),
    checks="`engine` + `engineVersion` major not past its end of standard support in "
    "`data/engine_support.json` (see Engine support dates below; majors not listed pass). A "
    "date read on an AWS page is stated with that page; an unverified date is reported as "
    "unverified, with the calendar page to check. Advisory: a lifecycle and cost matter; "
    "aurora-engine-not-vulnerable holds the mandatory denylist.",
    enforcement_level=ADVISORY,
    config_schema=schema(
        asOf={
            "type": "string",
            "pattern": r"^(\d{4}-\d{2}-\d{2})?$",
            "default": "",
            "description": "Judge as of this date (YYYY-MM-DD); empty means today (UTC).",
        }
    ),
)
