"""db-engine-supported: the engine major version is within RDS / Aurora standard support."""

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
    flag = "" if end.verified else "; date unverified"
    report(
        f"engineVersion is {show(version)}: {end.engine} {end.major} left RDS standard support "
        f"on {end.date.isoformat()} (source: {end.source}{flag}); upgrade to a supported major "
        "version (running on means paid RDS Extended Support, then a forced upgrade)."
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
    "`data/engine_support.json` (dated, with its AWS source; majors not listed pass). "
    "Advisory: a lifecycle and cost matter; aurora-engine-not-vulnerable holds the mandatory "
    "denylist.",
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
