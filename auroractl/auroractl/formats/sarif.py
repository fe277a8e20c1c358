"""A plan's policy findings as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange
Format), as GitHub code scanning and other CI tools read it.

- One run; ``tool.driver`` is auroractl and its ``rules`` are the pack's policies: description,
  help (the remediation steps) and, when the pack gives them, a help URL and severity.
- One result per finding: ``ruleId`` the policy, ``level`` ``error`` (mandatory), ``warning``
  (advisory) or ``note`` (remediated), the URN as logical location and, where the SDK's
  registration stack trace gives it, the program file and line that declared the resource as
  physical location, with the program's frames as the result's stack. A finding without one
  (stack-wide, or an SDK that sends no stack trace) points at ``Pulumi.yaml``.
- A run that failed has ``executionSuccessful: false`` and the error as a notification.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Final

from auroractl._version import __version__
from auroractl.formats.model import PlanRun, field_of, program_location

__all__ = ["SARIF_SCHEMA_URI", "SARIF_VERSION", "sarif_log"]

SARIF_VERSION: Final = "2.1.0"
SARIF_SCHEMA_URI: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT: Final = "%SRCROOT%"
"""Base of relative artifact URIs: the directory auroractl ran in (the repository's root in CI)."""

_LEVELS: Final = {"mandatory": "error", "advisory": "warning", "remediate": "note"}
_SECURITY_SEVERITY: Final = {"low": "3.0", "medium": "5.5", "high": "8.0", "critical": "9.5"}
"""GitHub's ``security-severity`` scores for the pack's severities (its documented bands)."""


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def _rule(doc: Any) -> dict[str, Any]:
    name = str(field_of(doc, "name"))
    description = str(field_of(doc, "description")) or name
    remediation = str(field_of(doc, "remediation"))
    level = str(field_of(doc, "level", "advisory"))
    url = str(field_of(doc, "url"))
    severity = str(field_of(doc, "severity"))
    properties: dict[str, Any] = {"enforcementLevel": level}
    tags = [str(t) for t in field_of(doc, "tags", ()) or ()]
    if remediation:
        properties["remediation"] = remediation
    if severity:
        properties["security-severity"] = _SECURITY_SEVERITY.get(severity, "5.5")
        tags = [*tags, "security"]
    if tags:
        properties["tags"] = sorted(set(tags))
    help_text = f"{description}\n\nRemediation: {remediation}" if remediation else description
    rule: dict[str, Any] = {
        "id": name,
        "shortDescription": _text(str(field_of(doc, "display_name")) or description),
        "fullDescription": _text(description),
        "help": _text(help_text),
        "defaultConfiguration": {"level": _LEVELS.get(level, "warning")},
        "properties": properties,
    }
    if url:
        rule["helpUri"] = url
    return rule


def _artifact(path: Path, base: Path) -> dict[str, str]:
    """A path relative to the directory auroractl ran in, or an absolute ``file`` URI."""
    if path.is_relative_to(base):
        return {"uri": path.relative_to(base).as_posix(), "uriBaseId": SRCROOT}
    return {"uri": path.as_uri()}


def _physical(path: Path, line: int, base: Path) -> dict[str, Any]:
    return {"artifactLocation": _artifact(path, base), "region": {"startLine": line}}


def _result(run: PlanRun, finding: Any, rule_index: dict[str, int], base: Path) -> dict[str, Any]:
    policy = str(field_of(finding, "policy"))
    level = str(field_of(finding, "level", "advisory"))
    urn = field_of(finding, "urn", None) or ""
    resource = run.resource(urn)
    frames = program_location(resource, run.project_dir) if resource is not None else []
    if frames:
        physical = _physical(*frames[0], base)
    else:
        physical = _physical(run.project_dir.resolve() / "Pulumi.yaml", 1, base)
    location: dict[str, Any] = {"physicalLocation": physical}
    if urn:
        location["logicalLocations"] = [
            {"name": urn.rsplit("::", 1)[-1], "fullyQualifiedName": urn, "kind": "resource"}
        ]
    result: dict[str, Any] = {
        "ruleId": policy,
        "ruleIndex": rule_index[policy],
        "level": _LEVELS.get(level, "warning"),
        "message": _text(str(field_of(finding, "message")) or policy),
        "locations": [location],
        "partialFingerprints": {
            "policyUrn/v1": hashlib.sha256(f"{policy}\0{urn}".encode()).hexdigest()
        },
        "properties": {
            "enforcementLevel": level,
            "policyPack": str(field_of(finding, "pack")),
            **({"resourceType": field_of(finding, "resource_type")} if urn else {}),
        },
    }
    if len(frames) > 1:
        result["stacks"] = [
            {
                "message": _text("where the program registered the resource"),
                "frames": [
                    {"location": {"physicalLocation": _physical(path, line, base)}}
                    for path, line in frames
                ],
            }
        ]
    return result


def sarif_log(run: PlanRun, base: Path | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log of a plan run; relative URIs are relative to ``base`` (cwd)."""
    base = (base or Path.cwd()).resolve()
    rules = [_rule(doc) for doc in run.rules]
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    for finding in run.findings:  # a finding of a policy the pack did not describe
        policy = str(field_of(finding, "policy"))
        if policy not in rule_index:
            rule_index[policy] = len(rules)
            rules.append(_rule({"name": policy, "level": field_of(finding, "level")}))
    invocation: dict[str, Any] = {
        "executionSuccessful": run.failure is None,
        "exitCode": run.exit_code,
    }
    if run.failure is not None:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": _text(run.failure.message),
                "descriptor": {"id": run.failure.kind},
            }
        ]
    project = run.plan.project if run.plan is not None else run.project_dir.resolve().name
    mode = "preview" if run.preview else "update"
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "auroractl",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri() + "/"}},
                "automationDetails": {"id": f"auroractl/{project}/{run.stack}/{mode}/"},
                "results": [_result(run, f, rule_index, base) for f in run.findings],
                "properties": {
                    "project": project,
                    "stack": run.stack,
                    "mode": mode,
                },
            }
        ],
    }
