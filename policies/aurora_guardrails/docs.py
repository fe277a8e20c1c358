"""Generate `policies/POLICIES.md` from the registry: `python -m aurora_guardrails.docs`.

`--check` exits 1 when the file on disk differs (CI and a test use it); `--output PATH` writes
elsewhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pulumi_policy import EnforcementLevel, Policy, StackValidationPolicy

from aurora_guardrails._version import __version__
from aurora_guardrails.coverage import CONTROLS, FRAMEWORKS, SOURCES
from aurora_guardrails.engine_support import support_table
from aurora_guardrails.levels import BASIS
from aurora_guardrails.registry import PACK_NAME, all_policies
from aurora_guardrails.scope import GUARDRAIL_IDS, OUT_OF_SCOPE, PROVIDED_AS

__all__ = ["DEFAULT_OUTPUT", "main", "render"]

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "POLICIES.md"
"""`policies/POLICIES.md` next to the library."""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _types(policy: Policy) -> str:
    types = getattr(policy, "resource_types", ()) or ()
    short = [t.split(":")[1] if t.count(":") == 2 else t for t in types]
    kind = "stack: " if isinstance(policy, StackValidationPolicy) else ""
    return kind + ", ".join(f"`{s}`" for s in short)


def _level(policy: Policy) -> str:
    level = (policy.enforcement_level or EnforcementLevel.MANDATORY).value
    if getattr(policy, "has_remediation_fn", False):
        level += " (remediation)"
    return level


def _config_rows(policies: Sequence[Policy]) -> list[str]:
    rows: list[str] = []
    for policy in policies:
        schema = policy.config_schema
        for key, definition in (schema.properties if schema else {}).items():
            default = definition.get("default", "(unset)")
            rows.append(
                f"| {policy.name} | `{key}` | `{_cell(repr(default))}` | "
                f"{_cell(str(definition.get('description', '')))} |"
            )
    return rows


def _level_rows(policies: Sequence[Policy]) -> list[str]:
    lines = [
        "",
        "## Why each default level",
        "",
        "Mandatory for exposure or data loss (and for plans AWS would reject, a production "
        "database that stops with one zone, or the team's own budget); advisory for hygiene, "
        "operability and coverage notes.",
        "",
        "| Id | Level | Basis | What a violation costs |",
        "|---|---|---|---|",
    ]
    for policy in policies:
        basis, why = BASIS.get(policy.name, ("(none)", "no basis recorded"))
        lines.append(f"| `{policy.name}` | {_level(policy)} | {basis} | {_cell(why)} |")
    return lines


def _coverage_rows(names: set[str]) -> list[str]:
    lines = [
        "",
        "## Coverage of the field's controls",
        "",
        "Every AWS Security Hub control for RDS, KMS and Secrets Manager, the EC2/VPC controls "
        "that touch database networking, and the checkov and cdk-nag checks on the same "
        "resources, each with the policies that answer it or why it is out of scope "
        "(`aurora_guardrails.coverage`).",
    ]
    for framework in FRAMEWORKS:
        lines += [
            "",
            f"### {framework}",
            "",
            f"Source: {SOURCES[framework]}.",
            "",
            "| Control | Title | Answered by |",
            "|---|---|---|",
        ]
        for control in (c for c in CONTROLS if c.framework == framework):
            if control.rules:
                answer = ", ".join(
                    f"`{r}`" if r in names else f"`{r}` (not registered)" for r in control.rules
                )
                if control.note:
                    answer += f" ({control.note})"
            else:
                answer = f"out of scope: {control.out_of_scope}"
            lines.append(f"| {control.id} | {_cell(control.title)} | {_cell(answer)} |")
    return lines


def _support_rows() -> list[str]:
    """The engine support dates `db-engine-supported` judges by, verified or not."""
    table = support_table()
    lines = [
        "",
        "## Engine support dates",
        "",
        "`db-engine-supported` judges by `aurora_guardrails/data/engine_support.json` (checked "
        f"{table['verifiedOn']}). A date read on an AWS page is stated as fact with that page. "
        "An unverified date (not found on an AWS page when the file was checked) is still "
        "reported, advisory like every finding of this rule, but worded as unverified with the "
        "calendar page to check: silence would pass a database that is probably already in paid "
        "Extended Support, while stating the date as fact would claim what nobody read. Majors "
        "not listed are not judged.",
        "",
        "| Engine | Major | End of standard support | Verified in | Calendar page |",
        "|---|---|---|---|---|",
    ]
    for engine, entry in table["engines"].items():
        for major, row in entry["majors"].items():
            verified = row.get("verifiedIn") if row.get("verified") else None
            lines.append(
                f"| {engine} | {major} | {row['endOfStandardSupport']} | "
                f"{verified or '**unverified**'} | {entry['source']} |"
            )
    return lines


def render(policies: Sequence[Policy] | None = None) -> str:
    """The full POLICIES.md text for `policies` (default: the registry)."""
    chosen = list(policies) if policies is not None else all_policies()
    names = {p.name for p in chosen}
    lines = [
        "# Aurora guardrails: policies",
        "",
        f"<!-- Generated by `python -m aurora_guardrails.docs` from the registry "
        f"({PACK_NAME} {__version__}). Do not edit by hand. -->",
        "",
        f"{len(chosen)} policies. Levels are the defaults with no policy config (production "
        "grade); `policies/config/<env>.json`, passed with `--policy-pack-config`, relaxes them "
        '(`{"all": "<level>", "<policy>": {"enforcementLevel": "<level>", "<property>": '
        "<value>}}`). Remediations run only at the `remediate` level. Anchors are the ids of the "
        "same rule in cdk-nag, checkov, AWS Config, awsguard and Security Hub (`beyond`: none).",
        "",
        "| Id | Level | Severity | Resources | What it checks | Remediation | Anchors |",
        "|---|---|---|---|---|---|---|",
    ]
    for policy in chosen:
        severity = policy.severity.value if policy.severity is not None else ""
        checks = getattr(policy, "checks", "") or policy.description
        anchors = ", ".join(getattr(policy, "anchors", ()) or ()) or "beyond"
        lines.append(
            f"| `{policy.name}` | {_level(policy)} | {severity} | {_types(policy)} | "
            f"{_cell(checks)} | {_cell(policy.remediation_steps or '')} | {_cell(anchors)} |"
        )
    lines += [
        "",
        "## Configuration",
        "",
        "| Policy | Property | Default | Meaning |",
        "|---|---|---|---|",
        *_config_rows(chosen),
        "",
        "## Provided under another name",
        "",
        "| Table id | Policies |",
        "|---|---|",
    ]
    for table_id, provided in PROVIDED_AS.items():
        status = ", ".join(
            f"`{name}`" if name in names else f"`{name}` (not registered)" for name in provided
        )
        lines.append(f"| {table_id} | {status} |")
    lines += _level_rows(chosen)
    lines += _support_rows()
    lines += _coverage_rows(names)
    lines += [
        "",
        "## Out of scope",
        "",
        "| Rule | Reason |",
        "|---|---|",
    ]
    lines += [f"| {rule} | {_cell(reason)} |" for rule, reason in OUT_OF_SCOPE.items()]
    missing = [
        i
        for i in GUARDRAIL_IDS
        if i not in names and i not in PROVIDED_AS and i not in OUT_OF_SCOPE
    ]
    for table_id in missing:
        lines.append(f"| {table_id} | Not registered in this pack. |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with `--check`, compare) POLICIES.md; 1 when stale."""
    parser = argparse.ArgumentParser(prog="python -m aurora_guardrails.docs")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(
                f"{args.output.name} is stale; run python -m aurora_guardrails.docs",
                file=sys.stderr,
            )
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
