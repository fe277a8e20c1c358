"""aurora-engine-not-vulnerable: the engine version is not on a denylist."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext, schema
from aurora_guardrails.engines import DB_TYPES, POSTGRES, engine_family
from aurora_guardrails.props import Props, show


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if engine_family(props.str_("engine")) != POSTGRES:
        return  # the default denylist holds PostgreSQL majors; MySQL: db-engine-supported.
    version = props.str_("engineVersion")
    if version is None:
        return
    for entry in (str(e) for e in ctx.config["deniedVersions"]):
        if version == entry or version.startswith(entry + "."):
            report(
                f"engineVersion is {show(version)}, denied by deniedVersions entry "
                f"{show(entry)}; upgrade to a supported version."
            )
            return


POLICY = GuardrailResourcePolicy(
    name="aurora-engine-not-vulnerable",
    description="PostgreSQL clusters and instances must not run a denied (vulnerable or "
    "unsupported) engine version.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Upgrade engineVersion to a supported release (major upgrades need "
    "allowMajorVersionUpgrade and a matching parameter group family).",
    anchors=("CKV_AWS_250", "CKV_AWS_388"),
    checks="PostgreSQL engines: `engineVersion` not equal to, or inside, a `deniedVersions` "
    "entry (default: "
    "majors 9.6, 10, 11, 12 — past end of standard support).",
    config_schema=schema(
        deniedVersions={
            "type": "array",
            "items": {"type": "string"},
            "default": ["9.6", "10", "11", "12"],
            "description": 'Versions or version prefixes ("12" denies 12.x) that are refused.',
        }
    ),
)
