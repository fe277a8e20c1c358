"""The policy part of ``auroractl plan``: flags, running the pack, text and JSON rendering.

``auroractl/cli.py`` (the plan subcommand) calls :func:`add_arguments` on its parser,
:func:`load_config_arg` before running the stack (a malformed file fails fast),
:func:`check` after, and renders the report with :func:`text_lines` / :func:`json_fields`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from auroractl.policy._config import PolicyConfigFile, load_policy_config
from auroractl.policy._model import Finding, PackReport, PlanLike
from auroractl.policy._runner import analyze_plan, exit_status

__all__ = [
    "MODES",
    "add_arguments",
    "add_mode_argument",
    "check",
    "exit_status",
    "finding_diagnostic",
    "json_fields",
    "load_config_arg",
    "text_lines",
]

#: ``--mode`` values: preview (unknown ids, PULUMI_DRY_RUN=true) or update (known ids).
MODES = ("preview", "update")
_SEVERITY = {"mandatory": "error", "remediate": "info", "advisory": "warning"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--policy-pack``, ``--policy-pack-config``, ``--no-policy`` (``--mode`` is separate)."""
    group = parser.add_argument_group("policy")
    group.add_argument(
        "--policy-pack",
        metavar="DIR",
        type=Path,
        default=None,
        help="policy pack folder run on the plan (default: policies/ of the project)",
    )
    group.add_argument(
        "--policy-pack-config",
        metavar="FILE",
        type=Path,
        default=None,
        help="policy config JSON, as for `pulumi preview --policy-pack-config` "
        "(default: none, every policy at its production level)",
    )
    group.add_argument("--no-policy", action="store_true", help="skip the policy pack (plan only)")


def add_mode_argument(parser: argparse.ArgumentParser) -> None:
    """``--mode preview|update`` for parsers that do not have it yet."""
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="preview",
        help="preview: new resources have unknown ids (default); update: ids are known",
    )


def load_config_arg(args: argparse.Namespace) -> PolicyConfigFile | None:
    """The parsed ``--policy-pack-config`` file, or None (PolicyConfigError when invalid)."""
    path: Path | None = getattr(args, "policy_pack_config", None)
    if path is None or getattr(args, "no_policy", False):
        return None
    return load_policy_config(path)


def check(
    args: argparse.Namespace,
    plan: PlanLike,
    project_dir: Path,
    config: PolicyConfigFile | None,
) -> PackReport | None:
    """Run the pack on ``plan`` unless ``--no-policy``; PolicyPackError/PolicyConfigError raise."""
    if getattr(args, "no_policy", False):
        return None
    pack_dir: Path = getattr(args, "policy_pack", None) or project_dir / "policies"
    return analyze_plan(plan, pack_dir, config_file=config, preview=plan.preview)


def text_lines(report: PackReport) -> list[str]:
    """Findings as the CLI prints policy violations, then a one-line summary."""
    lines = [f"Policies ({report.pack}@v{report.version}):"]
    for f in report.findings:
        where = f"({f.resource_type}: {f.urn.rsplit('::', 1)[-1]})" if f.urn else "(stack)"
        description, _, detail = f.message.partition("\n")
        lines.append(f"    [{f.level}]  {f.policy}  {where}")
        lines.append(f"    {description}")
        lines.extend(f"    {line}" for line in detail.splitlines())
    for log in report.logs:
        lines.append(f"    {log.severity}: {log.message}")
    counts = {level: sum(1 for f in report.findings if f.level == level) for level in _SEVERITY}
    if not report.findings:
        lines.append("    no policy violations")
    verdict = "FAILED" if counts["mandatory"] else "passed"
    lines.append(
        f"    {verdict}: {counts['mandatory']} mandatory, {counts['advisory']} advisory, "
        f"{counts['remediate']} remediated"
    )
    return lines


def finding_diagnostic(finding: Finding, version: str) -> dict[str, Any]:
    """One ``diagnostics`` entry, shaped like the CLI's policy-violation event in JSON."""
    return {
        "urn": finding.urn or "",
        "prefix": f"{finding.level}: ",
        "message": finding.message,
        "severity": _SEVERITY.get(finding.level, "warning"),
        "policyName": finding.policy,
        "policyPackName": finding.pack,
        "policyPackVersion": version,
        "enforcementLevel": finding.level,
    }


def json_fields(report: PackReport | None) -> dict[str, Any]:
    """Keys to merge into the plan JSON: ``policyPack``, ``policyFindings``, ``policyDiagnostics``.

    ``policyDiagnostics`` are meant to be appended to the JSON's ``diagnostics`` list.
    """
    if report is None:
        return {"policyPack": None, "policyFindings": [], "policyDiagnostics": []}
    return {
        "policyPack": {"name": report.pack, "version": report.version},
        "policyFindings": [
            {
                "policy": f.policy,
                "level": f.level,
                "urn": f.urn,
                "resourceType": f.resource_type,
                "message": f.message,
                "pack": f.pack,
            }
            for f in report.findings
        ],
        "policyDiagnostics": [finding_diagnostic(f, report.version) for f in report.findings]
        + [
            {"urn": log.urn or "", "prefix": "", "message": log.message, "severity": log.severity}
            for log in report.logs
        ],
    }
