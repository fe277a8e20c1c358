"""The one list of guardrail policies, and the checks that keep it sound.

Each entry of `RULE_MODULES` names a rule module (one policy, file named by the policy id with
`_` for `-`) or a rule package (every public submodule is loaded, in name order). A module's
policy is its module-level `pulumi_policy.Policy` instance. Building the list rejects duplicate
names, the reserved name `all`, names that are not kebab-case, and modules whose file name does
not match their policy id.

Other organisations compose their own pack from a subset::

    from pulumi_policy import PolicyPack
    from aurora_guardrails import build_policies

    PolicyPack("my-pack", build_policies(names=["aurora-storage-encrypted", "proxy-require-tls"]))
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import cache
from types import ModuleType

from pulumi_policy import Policy

__all__ = [
    "PACK_NAME",
    "RESERVED_NAMES",
    "RULE_MODULES",
    "all_policies",
    "build_policies",
    "collect",
    "policy_names",
]

PACK_NAME = "aurora-guardrails"
"""The name of the pack `policies/__main__.py` builds."""

RESERVED_NAMES = frozenset({"all"})
"""Names the engine reserves in policy config (`"all"` sets every policy's level)."""

_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

_R = "aurora_guardrails.rules."

RULE_MODULES: tuple[str, ...] = (
    # Aurora cluster
    _R + "rds.aurora_storage_encrypted",
    _R + "rds.aurora_cmk",
    _R + "rds.aurora_deletion_protection",
    _R + "rds.aurora_iam_auth",
    _R + "rds.aurora_backup_retention",
    _R + "rds.aurora_in_backup_plan",
    _R + "rds.aurora_log_exports",
    _R + "rds.aurora_non_default_port",
    _R + "rds.aurora_multi_az",
    _R + "rds.aurora_copy_tags",
    _R + "rds.aurora_custom_admin",
    _R + "rds.aurora_minor_upgrade",
    _R + "rds.aurora_engine_not_vulnerable",
    _R + "rds.aurora_managed_password",
    _R + "rds.aurora_cluster_monitoring",
    _R + "rds.aurora_final_snapshot",
    _R + "rds.aurora_serverless_v2_shape",
    _R + "rds.aurora_acu_bounds",
    _R + "rds.aurora_auto_pause_valid",
    _R + "rds.aurora_no_az_list",
    _R + "rds.aurora_security_groups",
    _R + "rds.aurora_no_pause_with_proxy",
    _R + "rds.aurora_no_pause_blockers",
    # Clusters and standalone RDS instances alike
    _R + "rds.rds_instance_multi_az",
    _R + "rds.db_engine_supported",
    _R + "rds.db_subnet_group_set",
    _R + "rds.db_subnet_group_verifiable",
    _R + "rds.db_types_unjudged",
    # Aurora instances
    _R + "rds.instance_not_public",
    _R + "rds.instance_enhanced_monitoring",
    _R + "rds.instance_minor_upgrade",
    _R + "rds.instance_performance_insights",
    _R + "rds.instance_pi_cmk",
    _R + "rds.instance_ca_cert",
    _R + "rds.instance_serverless_class",
    _R + "rds.instance_failover_tier",
    # Parameter groups
    _R + "rds.pg_force_ssl",
    _R + "rds.pg_query_logging",
    _R + "rds.pg_family_matches",
    # RDS Proxy
    _R + "rds.proxy_require_tls",
    _R + "rds.proxy_iam_auth",
    _R + "rds.proxy_no_debug_logging",
    _R + "rds.proxy_pool_limits",
    _R + "rds.proxy_private",
    _R + "rds.proxy_target_consistent",
    _R + "rds.proxy_target_after_instances",
    _R + "rds.proxy_secrets_hardened",
    # Secrets Manager
    _R + "secretsmanager.secret_rotation",
    _R + "secretsmanager.secret_rotation_interval",
    _R + "secretsmanager.secret_cmk",
    _R + "secretsmanager.secret_recovery_window",
    _R + "secretsmanager.secret_description",
    # KMS
    _R + "kms.kms_rotation",
    _R + "kms.kms_no_public_principal",
    _R + "kms.kms_policy_explicit",
    _R + "kms.kms_enabled",
    _R + "kms.kms_deletion_guard",
    _R + "kms.kms_no_lockout_bypass",
    _R + "kms.kms_referenced_key_rotated",
    # Security groups
    _R + "ec2.sg_no_world_ingress",
    _R + "ec2.sg_db_port_closed",
    _R + "ec2.sg_no_open_ssh",
    _R + "ec2.sg_descriptions",
    _R + "ec2.sg_no_open_egress",
    _R + "ec2.sg_default_closed",
    _R + "ec2.sg_attached",
    _R + "ec2.sg_no_mixed_rules",
    _R + "ec2.sg_no_legacy_db_sg",
    _R + "ec2.sg_db_ingress_by_reference",
    _R + "ec2.sg_attached_db_closed",
    # Subnets, routes, VPC
    _R + "ec2.subnet_no_public_ip",
    _R + "ec2.vpc_flow_logs",
    _R + "ec2.route_no_igw_default",
    _R + "ec2.nacl_hygiene",
    _R + "ec2.no_default_vpc",
    _R + "ec2.db_subnets_private",
    _R + "ec2.db_subnets_multi_az",
    _R + "ec2.vpc_dns_for_endpoints",
    # CloudWatch Logs
    _R + "cloudwatch.loggroup_retention",
    _R + "cloudwatch.loggroup_cmk",
    _R + "cloudwatch.loggroup_managed",
    # IAM
    _R + "iam.iam_no_admin",
    _R + "iam.iam_secrets_kms_scoped",
    _R + "iam.iam_proxy_role_scoped",
    _R + "iam.iam_proxy_role_can_decrypt",
    _R + "iam.iam_db_connect_scoped",
    # Other modules register here, one line each:
    _R + "cost.monthly_cost_ceiling",
    _R + "dsql",  # Aurora DSQL: every public module of rules/dsql (one policy each)
)


def _module_policies(module: ModuleType) -> list[Policy]:
    found: list[Policy] = []
    for value in vars(module).values():
        if isinstance(value, Policy) and value not in found:
            found.append(value)
    return found


def _load(path: str) -> list[tuple[str, Policy]]:
    module = importlib.import_module(path)
    if hasattr(module, "__path__"):  # a package: every public submodule, in name order
        loaded: list[tuple[str, Policy]] = []
        for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda m: m.name):
            if not info.name.startswith("_"):
                loaded.extend(_load(f"{path}.{info.name}"))
        return loaded
    policies = _module_policies(module)
    file_name = path.rsplit(".", 1)[-1]
    if len(policies) != 1:
        raise ValueError(
            f"rule module {path} must define exactly one policy, found {len(policies)}"
        )
    if policies[0].name.replace("-", "_") != file_name:
        raise ValueError(
            f"rule module {path} must be named after its policy id: policy "
            f"{policies[0].name!r} belongs in {policies[0].name.replace('-', '_')}.py"
        )
    return [(path, policies[0])]


def collect(modules: Iterable[str]) -> list[Policy]:
    """Load the policies of `modules` and validate their names (see the module docstring)."""
    seen: dict[str, str] = {}
    policies: list[Policy] = []
    for path in modules:
        for origin, policy in _load(path):
            name = policy.name
            if name in RESERVED_NAMES:
                raise ValueError(f"policy name {name!r} in {origin} is reserved by the engine")
            if not _NAME_RE.match(name):
                raise ValueError(
                    f"policy name {name!r} in {origin} must be kebab-case (a-z, 0-9, -)"
                )
            if name in seen:
                raise ValueError(f"duplicate policy name {name!r} in {origin} and {seen[name]}")
            seen[name] = origin
            policies.append(policy)
    return policies


@cache
def _registered() -> tuple[Policy, ...]:
    return tuple(collect(RULE_MODULES))


def all_policies() -> list[Policy]:
    """Every registered policy, in registry order (a new list each call)."""
    return list(_registered())


def policy_names() -> list[str]:
    """The registered policy names, in registry order."""
    return [p.name for p in _registered()]


def build_policies(
    names: Iterable[str] | None = None, *, exclude: Iterable[str] = ()
) -> list[Policy]:
    """The registered policies named in `names` (all when `None`), minus `exclude`.

    Raises `ValueError` naming any unknown policy, so a typo cannot silently drop a rule.
    """
    registered = {p.name: p for p in _registered()}
    wanted = list(registered) if names is None else list(names)
    excluded = set(exclude)
    unknown = sorted((set(wanted) | excluded) - set(registered))
    if unknown:
        raise ValueError(
            f"unknown policy name(s) {', '.join(unknown)}; known: {', '.join(registered)}"
        )
    return [registered[n] for n in wanted if n not in excluded]
