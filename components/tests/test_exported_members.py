"""The public API: an explicit, sorted ``__all__`` of components and their Args."""

from __future__ import annotations

import typing

import aurora_components
import pulumi
from pulumi.provider.experimental.analyzer import Analyzer


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted and lists every component with its Args type."""
    exported = aurora_components.__all__
    assert exported == sorted(exported)
    assert set(exported) == {
        "Alarms",
        "AlarmsArgs",
        "AuroraCluster",
        "AuroraClusterArgs",
        "AuroraPlatform",
        "AuroraPlatformArgs",
        "DatabaseProxy",
        "DatabaseProxyArgs",
        "DsqlCluster",
        "DsqlClusterArgs",
        "Encryption",
        "EncryptionArgs",
        "Network",
        "NetworkArgs",
    }
    for name in exported:
        assert getattr(aurora_components, name) is not None


def test_components_are_hostable_across_languages() -> None:
    """Pulumi's component analyzer accepts every component; every property is documented."""
    names = ("Alarms", "AuroraCluster", "AuroraPlatform", "DatabaseProxy", "Encryption", "Network")
    for name in names:
        assert issubclass(getattr(aurora_components, name), pulumi.ComponentResource)
        assert typing.is_typeddict(getattr(aurora_components, f"{name}Args"))
        assert getattr(aurora_components, f"{name}Args").__total__ is False
    result = Analyzer("aurora-platform").analyze(
        [getattr(aurora_components, name) for name in names]
    )
    definitions = result["component_definitions"]
    assert sorted(definitions) == sorted(names)
    for name, definition in definitions.items():
        assert definition.inputs and definition.outputs, name
        for prop, spec in {**definition.inputs, **definition.outputs}.items():
            assert spec.description, f"{name}.{prop} has no description"
    platform = definitions["AuroraPlatform"]
    assert platform.inputs["minCapacityAcu"].plain is True
    assert platform.inputs["engineVersion"].plain is True


def test_platform_args_match_the_contract() -> None:
    """AuroraPlatformArgs has exactly the keys of the shared contract."""
    assert set(aurora_components.AuroraPlatformArgs.__annotations__) == {
        "engine_version",
        "min_capacity_acu",
        "max_capacity_acu",
        "seconds_until_auto_pause",
        "reader_count",
        "enable_proxy",
        "backup_retention_days",
        "deletion_protection",
        "protect_resources",
        "vpc_cidr",
        "az_count",
        "vpc_id",
        "subnet_ids",
        "interface_endpoints",
        "client_security_group_ids",
        "allowed_cidr_blocks",
        "database_name",
        "master_username",
        "port",
        "alarm_email",
        "log_retention_days",
        "monitoring_interval_seconds",
        "performance_insights_retention_days",
        "client_pool_size",
        "tags",
        "kms_key_arn",
    }
