"""Evaluate the guardrails on resources read from AWS, and render the findings.

The rules are the policy pack's own ``pulumi_policy`` policy objects from ``aurora_guardrails``
(one implementation of each rule, two sources of resources): resource policies run once per
converted resource, stack policies once over all of them. Rules that judge what only the Pulumi
program knows (``protect``, ``skipFinalSnapshot``, dependency order …) or need resource types the
audit does not read are listed in :data:`LIVE_UNOBSERVABLE` and reported as not checked.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from auroractl.ops.audit.collect import Inventory, ReadError, collect
from auroractl.ops.audit.convert import LiveResource
from auroractl.ops.audit.scope import used_by_databases
from auroractl.ops.aws import AwsContext
from auroractl.ops.errors import ExitCode, usage_error

LIVE_UNOBSERVABLE: dict[str, str] = {
    "aurora-final-snapshot": "skipFinalSnapshot and protect exist only in the Pulumi program",
    "aurora-in-backup-plan": "AWS Backup selections are not read by the audit",
    "kms-deletion-guard": "deletionWindowInDays and protect exist only in the Pulumi program",
    "secret-recovery-window": "recoveryWindowInDays is not readable from the AWS API",
    "proxy-target-after-instances": "dependency order exists only in the Pulumi program",
    "sg-no-mixed-rules": "inline versus standalone rules exist only in the Pulumi program",
    "sg-attached": "network interfaces are not read by the audit",
    "vpc-flow-logs": "VPCs and flow logs are not read by the audit",
    "vpc-dns-for-endpoints": "VPC endpoints are not read by the audit",
    "loggroup-managed": "CloudWatch log groups are not read by the audit",
    "iam-proxy-role-scoped": "IAM roles are not read by the audit",
    "iam-proxy-role-can-decrypt": "IAM roles are not read by the audit",
    "dsql-admin-not-on-app-role": "IAM roles are not read by the audit",
    "monthly-cost-ceiling": "cost is estimated from the plan (`auroractl cost`), not the account",
    "stack-cost-ceiling": "cost is estimated from the plan (`auroractl cost`), not the account",
}
"""Policies the audit does not run, with the reason printed in its report."""


@dataclasses.dataclass(frozen=True)
class AuditFinding:
    """One violation (or a rule that failed to run: level ``error``)."""

    policy: str
    level: str
    resource_type: str | None
    resource_id: str | None
    region: str
    message: str

    def as_json(self) -> dict[str, Any]:
        """Machine-readable form."""
        return {
            "policy": self.policy,
            "level": self.level,
            "resourceType": self.resource_type,
            "resource": self.resource_id,
            "region": self.region,
            "message": self.message,
        }


@dataclasses.dataclass(frozen=True)
class AuditResult:
    """Findings, what could not be read and what was not checked."""

    region: str
    resources: list[LiveResource]
    findings: list[AuditFinding]
    read_errors: list[ReadError]
    collected: list[str]
    not_checked: dict[str, str]
    policies_run: list[str]

    @property
    def exit_code(self) -> ExitCode:
        """1 when any finding is mandatory (or a rule crashed), else 0."""
        blocking = any(f.level in ("mandatory", "error") for f in self.findings)
        return ExitCode.FAILED if blocking else ExitCode.OK


# --------------------------------------------------------------------------- policies


def load_policies() -> list[Any]:
    """The pack's policies, from the ``aurora_guardrails`` registry.

    Raises :class:`~auroractl.ops.errors.OpsError` (exit 2) when ``aurora_guardrails`` is not
    installed or its registry cannot be loaded.
    """
    try:
        registry = importlib.import_module("aurora_guardrails.registry")
        return list(registry.all_policies())
    except ImportError as exc:
        raise usage_error(f"the aurora_guardrails policy library is not installed: {exc}") from None


def load_config(path: Path | None, policies: Iterable[Any]) -> dict[str, Any]:
    """A ``--policy-pack-config`` file, validated exactly as ``plan`` validates it; exit 2 when bad.

    The file is read and merged by ``auroractl.policy``'s own functions (``load_policy_config``,
    ``merge_config``) against the library's policies and their JSON schemas, so a value ``plan``
    refuses (an unknown level, NaN or a negative number below a schema minimum, a property the
    policy does not declare) is refused here with the same line. The result is one entry per
    policy: its effective level and properties.
    """
    if path is None:
        return {}
    from auroractl.policy_config import (
        PolicyConfigError,
        PolicyMeta,
        load_policy_config,
        merge_config,
    )

    metas = []
    for policy in policies:
        schema = policy.config_schema
        metas.append(
            PolicyMeta(
                name=policy.name,
                level=(policy.enforcement_level.value if policy.enforcement_level else "mandatory"),
                schema=dict(schema.properties) if schema is not None else {},
                required=list(schema.required or []) if schema is not None else [],
            )
        )
    try:
        merged = merge_config(sorted(metas, key=lambda m: m.name), {}, load_policy_config(path))
    except PolicyConfigError as exc:
        raise usage_error(str(exc)) from None
    return {
        name: {"enforcementLevel": entry.level, **entry.properties}
        for name, entry in merged.items()
    }


# --------------------------------------------------------------------------- evaluation


def evaluate(
    resources: list[LiveResource],
    region: str,
    config: Mapping[str, Any] | None = None,
    policies: Iterable[Any] | None = None,
) -> tuple[list[AuditFinding], dict[str, str], list[str]]:
    """Run every applicable policy; return (findings, not checked, policies run).

    The rules run through ``aurora_guardrails.evaluate.evaluate_resources``, the library's one
    evaluation path for resources from anywhere; levels and config are merged as the engine
    merges them (a config naming an unknown policy or property: exit 2).
    """
    from aurora_guardrails.evaluate import evaluate_resources, resolve_config
    from pulumi_policy import EnforcementLevel

    chosen = list(policies) if policies is not None else load_policies()
    config = dict(config or {})
    try:
        settings = resolve_config(chosen, config)
    except ValueError as exc:
        raise usage_error(f"--policy-pack-config: {exc}") from None
    not_checked: dict[str, str] = {}
    runnable: list[Any] = []
    for policy in chosen:
        if policy.name in LIVE_UNOBSERVABLE:
            not_checked[policy.name] = LIVE_UNOBSERVABLE[policy.name]
        elif settings[policy.name].level == EnforcementLevel.DISABLED:
            not_checked[policy.name] = "disabled by the policy config"
        else:
            runnable.append(policy)
    names = {p.name for p in runnable}
    errors: list[AuditFinding] = []

    def crashed(policy: Any, exc: Exception) -> None:
        errors.append(
            AuditFinding(policy.name, "error", None, None, region, f"rule failed to run: {exc!r}")
        )

    violations = evaluate_resources(
        resources,
        {k: v for k, v in config.items() if k == "all" or k in names},
        policies=runnable,
        on_error=crashed,
    )
    by_urn = {r.urn: r for r in resources}
    findings = []
    for v in violations:
        target = by_urn.get(v.urn) if v.urn else None
        findings.append(
            AuditFinding(
                policy=v.policy,
                level=v.level,
                resource_type=target.type if target else None,
                resource_id=target.id if target else None,
                region=region,
                message=v.message.strip() or v.description,
            )
        )
    return findings + errors, not_checked, [p.name for p in runnable]


def audit(
    aws: AwsContext,
    region: str,
    *,
    config_file: Path | None = None,
    only: list[str] | None = None,
) -> AuditResult:
    """Read ``region`` and evaluate the guardrails; OpsError on bad input or fatal AWS errors."""
    from auroractl.ops.audit.collect import COLLECTORS

    if only:
        unknown = [name for name in only if name not in COLLECTORS]
        if unknown:
            raise usage_error(
                f"--only {unknown[0]!r} is not a resource reader; choose from "
                f"{', '.join(COLLECTORS)}"
            )
    policies = load_policies()
    config = load_config(config_file, policies)
    inventory: Inventory = collect(aws, region, only)
    resources = used_by_databases(inventory.resources, inventory.default_vpcs or set())
    findings, not_checked, ran = evaluate(resources, region, config, policies)
    order = {"error": 0, "mandatory": 1, "advisory": 2}
    findings.sort(key=lambda f: (order.get(f.level, 3), f.policy, f.resource_id or ""))
    return AuditResult(
        region=region,
        resources=resources,
        findings=findings,
        read_errors=inventory.errors,
        collected=inventory.collected,
        not_checked=not_checked,
        policies_run=ran,
    )


# --------------------------------------------------------------------------- rendering


def render_text(result: AuditResult) -> str:
    """The human report; first line is the summary."""
    counts = {lvl: sum(1 for f in result.findings if f.level == lvl) for lvl in order_levels()}
    lines = [
        f"audit {result.region}: {len(result.resources)} resources read, "
        f"{len(result.policies_run)} policies run, {counts['mandatory']} mandatory, "
        f"{counts['advisory']} advisory"
        + (f", {counts['error']} rule error(s)" if counts["error"] else "")
        + (
            f"; INCOMPLETE: {len(result.read_errors)} reader(s) failed"
            if result.read_errors
            else ""
        )
    ]
    for f in result.findings:
        lines.append(
            f"{f.level:<9} {f.policy}  {f.resource_type or 'stack'}  {f.resource_id or '-'}"
        )
        for msg_line in f.message.splitlines():
            lines.append(f"          {msg_line}")
    for err in result.read_errors:
        why = f"{err.code}: {err.message}" if err.message else err.code
        lines.append(f"could not read {err.what}: {why}")
    if result.not_checked:
        lines.append(
            "not checked live: " + ", ".join(sorted(result.not_checked)) + " (see --json for why)"
        )
    return "\n".join(lines) + "\n"


def order_levels() -> tuple[str, ...]:
    """Finding levels in report order."""
    return ("error", "mandatory", "advisory")


def render_json(result: AuditResult) -> str:
    """The ``--json`` report."""
    return (
        json.dumps(
            {
                "region": result.region,
                "exitCode": int(result.exit_code),
                "resources": len(result.resources),
                "readers": result.collected,
                "policiesRun": result.policies_run,
                "findings": [f.as_json() for f in result.findings],
                "notRead": [dataclasses.asdict(e) for e in result.read_errors],
                "notChecked": result.not_checked,
            },
            indent=2,
        )
        + "\n"
    )
