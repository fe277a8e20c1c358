"""Validators, CIDR math and naming: plain functions, no mocks (error cases first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aurora_components.alarms import estimated_max_connections
from aurora_components.cidr import subnet_cidrs
from aurora_components.naming import (
    cluster_log_group_name,
    instance_identifier,
    proxy_log_group_name,
    validate_component_name,
)
from aurora_components.validation import (
    parameter_group_family,
    supports_auto_pause,
    validate_alarm_email,
    validate_allowed_cidr_blocks,
    validate_auto_pause,
    validate_az_count,
    validate_backup_retention_days,
    validate_backup_window,
    validate_capacity,
    validate_client_pool_size,
    validate_database_name,
    validate_engine_version,
    validate_interface_endpoints,
    validate_log_retention_days,
    validate_maintenance_window,
    validate_master_username,
    validate_monitoring_interval,
    validate_network_mode,
    validate_performance_insights_retention,
    validate_port,
    validate_proxy_capacity,
    validate_reader_count,
    validate_subnet_ids,
    validate_tags,
    validate_vpc_cidr,
)

ACU = "must be a multiple of 0.5 between"
RESERVED_USERS = "admin, postgres, rds_iam, rds_replication, rds_superuser, rdsadmin, root"
RETENTION_VALUES = (
    "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, "
    "1096, 1827, 2192, 2557, 2922, 3288, 3653"
)

FAILING: list[tuple[str, Callable[[], Any], str]] = [
    # engine version
    ("version-format", lambda: validate_engine_version("16"),
     'engine_version must be an Aurora PostgreSQL version in the form "MAJOR.MINOR" '
     "(for example \"16.4\"), got '16'"),
    ("version-patch", lambda: validate_engine_version("16.4.1"),
     'engine_version must be an Aurora PostgreSQL version in the form "MAJOR.MINOR" '
     "(for example \"16.4\"), got '16.4.1'"),
    ("version-type", lambda: validate_engine_version(16.4),
     'engine_version must be an Aurora PostgreSQL version in the form "MAJOR.MINOR" '
     '(for example "16.4"), got 16.4'),
    ("version-old-major", lambda: validate_engine_version("12.9"),
     "engine_version must be an Aurora PostgreSQL version that supports Serverless v2 "
     "(13.6+, 14.3+, 15.2+, 16.1+, 17.0+), got '12.9'"),
    ("version-old-minor", lambda: validate_engine_version("14.2"),
     "engine_version must be an Aurora PostgreSQL version that supports Serverless v2 "
     "(13.6+, 14.3+, 15.2+, 16.1+, 17.0+), got '14.2'"),
    # capacity
    ("min-step", lambda: validate_capacity(0.3, 2, "16.4"),
     f"min_capacity_acu {ACU} 0 and 256, got 0.3"),
    ("min-negative", lambda: validate_capacity(-0.5, 2, "16.4"),
     f"min_capacity_acu {ACU} 0 and 256, got -0.5"),
    ("min-too-high", lambda: validate_capacity(256.5, 2, "16.4"),
     f"min_capacity_acu {ACU} 0 and 256, got 256.5"),
    ("min-bool", lambda: validate_capacity(True, 2, "16.4"),
     f"min_capacity_acu {ACU} 0 and 256, got True"),
    ("max-below-one", lambda: validate_capacity(0.5, 0.5, "16.4"),
     f"max_capacity_acu {ACU} 1 and 256, got 0.5"),
    ("max-step", lambda: validate_capacity(0.5, 2.25, "16.4"),
     f"max_capacity_acu {ACU} 1 and 256, got 2.25"),
    ("max-too-high", lambda: validate_capacity(0.5, 257, "16.4"),
     f"max_capacity_acu {ACU} 1 and 256, got 257"),
    ("max-below-min", lambda: validate_capacity(4, 2, "16.4"),
     "max_capacity_acu must be greater than or equal to min_capacity_acu (4), got 2"),
    ("min-zero-old-version", lambda: validate_capacity(0, 2, "16.2"),
     "min_capacity_acu may be 0 only on engine versions that support auto-pause "
     "(Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+, 17.x), got 0 with engine_version "
     "'16.2'; use 0.5 or upgrade the engine"),
    ("max-256-old-version", lambda: validate_capacity(0.5, 192, "14.9"),
     "max_capacity_acu above 128 needs Aurora PostgreSQL 13.13+, 14.10+, 15.5+ or 16.1+, "
     "got 192 with engine_version '14.9'"),
    # auto-pause
    ("pause-with-min", lambda: validate_auto_pause(600, 0.5),
     "seconds_until_auto_pause is only allowed when min_capacity_acu is 0, got 600 with "
     "min_capacity_acu 0.5"),
    ("pause-too-short", lambda: validate_auto_pause(299, 0),
     "seconds_until_auto_pause must be an integer from 300 to 86400, got 299"),
    ("pause-too-long", lambda: validate_auto_pause(86401, 0),
     "seconds_until_auto_pause must be an integer from 300 to 86400, got 86401"),
    ("proxy-min-zero", lambda: validate_proxy_capacity(True, 0),
     "min_capacity_acu must be at least 0.5 when enable_proxy is true (RDS Proxy keeps a "
     "connection open to every instance, so the cluster would never auto-pause), got 0"),
    # counts and retention
    ("retention-zero", lambda: validate_backup_retention_days(0),
     "backup_retention_days must be an integer from 1 to 35, got 0"),
    ("retention-36", lambda: validate_backup_retention_days(36),
     "backup_retention_days must be an integer from 1 to 35, got 36"),
    ("retention-float", lambda: validate_backup_retention_days(7.0),
     "backup_retention_days must be an integer from 1 to 35, got 7.0"),
    ("readers-16", lambda: validate_reader_count(16),
     "reader_count must be an integer from 0 to 15, got 16"),
    ("readers-negative", lambda: validate_reader_count(-1),
     "reader_count must be an integer from 0 to 15, got -1"),
    ("monitoring-7", lambda: validate_monitoring_interval(7),
     "monitoring_interval_seconds must be one of 0, 1, 5, 10, 15, 30, 60, got 7"),
    ("pi-30", lambda: validate_performance_insights_retention(30),
     "performance_insights_retention_days must be 7, 731 or a multiple of 31 between 31 "
     "and 713, got 30"),
    ("pi-744", lambda: validate_performance_insights_retention(744),
     "performance_insights_retention_days must be 7, 731 or a multiple of 31 between 31 "
     "and 713, got 744"),
    ("log-retention-2", lambda: validate_log_retention_days(2),
     f"log_retention_days must be one of {RETENTION_VALUES}, got 2"),
    ("log-retention-never", lambda: validate_log_retention_days(0),
     f"log_retention_days must be one of {RETENTION_VALUES}, got 0"),
    ("port-low", lambda: validate_port(80),
     "port must be an integer from 1150 to 65535, got 80"),
    ("port-high", lambda: validate_port(70000),
     "port must be an integer from 1150 to 65535, got 70000"),
    ("pool-zero", lambda: validate_client_pool_size(0),
     "client_pool_size must be an integer from 1 to 5000, got 0"),
    # names
    ("dbname-digit", lambda: validate_database_name("1app"),
     "database_name must be 1-63 letters, digits or underscores starting with a letter, "
     "got '1app'"),
    ("dbname-hyphen", lambda: validate_database_name("my-app"),
     "database_name must be 1-63 letters, digits or underscores starting with a letter, "
     "got 'my-app'"),
    ("dbname-reserved", lambda: validate_database_name("postgres"),
     "database_name must not be a reserved name (postgres, rdsadmin, template0, template1), "
     "got 'postgres'"),
    ("user-postgres", lambda: validate_master_username("postgres"),
     f"master_username must not be a reserved or default name ({RESERVED_USERS}), "
     "got 'postgres'"),
    ("user-admin", lambda: validate_master_username("Admin"),
     f"master_username must not be a reserved or default name ({RESERVED_USERS}), got 'Admin'"),
    ("user-rdsadmin", lambda: validate_master_username("rdsadmin"),
     f"master_username must not be a reserved or default name ({RESERVED_USERS}), "
     "got 'rdsadmin'"),
    ("user-too-long", lambda: validate_master_username("u" * 64),
     "master_username must be 1-63 letters, digits or underscores starting with a letter, "
     f"got '{'u' * 64}'"),
    ("name-upper", lambda: validate_component_name("Aurora"),
     "name must be 1-40 characters: a lowercase letter, then lowercase letters, digits or "
     "single hyphens, not ending with a hyphen, got 'Aurora'"),
    ("name-double-hyphen", lambda: validate_component_name("a--b"),
     "name must be 1-40 characters: a lowercase letter, then lowercase letters, digits or "
     "single hyphens, not ending with a hyphen, got 'a--b'"),
    ("name-trailing-hyphen", lambda: validate_component_name("db-"),
     "name must be 1-40 characters: a lowercase letter, then lowercase letters, digits or "
     "single hyphens, not ending with a hyphen, got 'db-'"),
    ("backup-window", lambda: validate_backup_window("3:00-4:00"),
     "preferred_backup_window must be \"hh:mm-hh:mm\" in UTC, got '3:00-4:00'"),
    ("maintenance-window", lambda: validate_maintenance_window("sunday:04:30-sunday:05:30"),
     'preferred_maintenance_window must be "ddd:hh:mm-ddd:hh:mm" in UTC (for example '
     "\"sun:04:30-sun:05:30\"), got 'sunday:04:30-sunday:05:30'"),
    # network
    ("adopt-vpc-only", lambda: validate_network_mode("vpc-1", None, None, None),
     "subnet_ids is required when vpc_id is given (adopt an existing network with both "
     "vpc_id and subnet_ids, or give neither to create one), got subnet_ids=None"),
    ("adopt-subnets-only", lambda: validate_network_mode(None, ["subnet-1"], None, None),
     "vpc_id is required when subnet_ids is given (adopt an existing network with both "
     "vpc_id and subnet_ids, or give neither to create one), got vpc_id=None"),
    ("adopt-with-cidr", lambda: validate_network_mode("vpc-1", ["s-1", "s-2"], "10.0.0.0/16", None),
     "vpc_cidr is only allowed when creating a network, not together with vpc_id and "
     "subnet_ids, got '10.0.0.0/16'"),
    ("adopt-with-az-count", lambda: validate_network_mode("vpc-1", ["s-1", "s-2"], None, 2),
     "az_count is only allowed when creating a network, not together with vpc_id and "
     "subnet_ids, got 2"),
    ("one-subnet", lambda: validate_subnet_ids(["subnet-1"]),
     "subnet_ids must list at least 2 subnets in different availability zones, "
     "got ['subnet-1']"),
    ("duplicate-subnets", lambda: validate_subnet_ids(["subnet-1", "subnet-1"]),
     "subnet_ids must not contain duplicates, got ['subnet-1', 'subnet-1']"),
    ("az-count-1", lambda: validate_az_count(1),
     "az_count must be an integer from 2 to 3, got 1"),
    ("az-count-4", lambda: validate_az_count(4),
     "az_count must be an integer from 2 to 3, got 4"),
    ("vpc-cidr-15", lambda: validate_vpc_cidr("10.0.0.0/15"),
     "vpc_cidr must be an IPv4 network address with a prefix from /16 to /24 "
     "(for example \"10.40.0.0/16\"), got '10.0.0.0/15'"),
    ("vpc-cidr-25", lambda: validate_vpc_cidr("10.0.0.0/25"),
     "vpc_cidr must be an IPv4 network address with a prefix from /16 to /24 "
     "(for example \"10.40.0.0/16\"), got '10.0.0.0/25'"),
    ("vpc-cidr-host-bits", lambda: validate_vpc_cidr("10.0.0.1/16"),
     "vpc_cidr must be an IPv4 network address with a prefix from /16 to /24 "
     "(for example \"10.40.0.0/16\"), got '10.0.0.1/16'"),
    ("vpc-cidr-garbage", lambda: validate_vpc_cidr("ten"),
     "vpc_cidr must be an IPv4 network address with a prefix from /16 to /24 "
     "(for example \"10.40.0.0/16\"), got 'ten'"),
    ("world-cidr", lambda: validate_allowed_cidr_blocks(["0.0.0.0/0"]),
     "allowed_cidr_blocks entries must be IPv4 network addresses with a prefix of /8 or "
     "longer (never 0.0.0.0/0), got '0.0.0.0/0'"),
    ("wide-cidr", lambda: validate_allowed_cidr_blocks(["10.0.0.0/8", "0.0.0.0/1"]),
     "allowed_cidr_blocks entries must be IPv4 network addresses with a prefix of /8 or "
     "longer (never 0.0.0.0/0), got '0.0.0.0/1'"),
    ("cidr-string", lambda: validate_allowed_cidr_blocks("10.0.0.0/16"),
     "allowed_cidr_blocks must be a list of IPv4 CIDR blocks, got '10.0.0.0/16'"),
    ("endpoint-upper", lambda: validate_interface_endpoints(["KMS"]),
     "interface_endpoints entries must be short AWS service names such as "
     "\"secretsmanager\" (lowercase letters, digits, dots, hyphens), got 'KMS'"),
    ("endpoint-duplicate", lambda: validate_interface_endpoints(["kms", "kms"]),
     "interface_endpoints must not contain duplicates, got ['kms', 'kms']"),
    # misc
    ("email", lambda: validate_alarm_email("ops"),
     "alarm_email must be an e-mail address or unset, got 'ops'"),
    ("tag-aws-prefix", lambda: validate_tags({"aws:owner": "x"}),
     "tags keys must be 1-128 characters and must not start with 'aws:', got 'aws:owner'"),
    ("tag-value-type", lambda: validate_tags({"team": 1}),
     "tags['team'] must be a string of at most 256 characters, got 1"),
    ("subnet-cidrs-az", lambda: subnet_cidrs("10.40.0.0/16", 4),
     "az_count must be an integer from 2 to 3, got 4"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("check", "expected"), [(c, m) for _, c, m in FAILING], ids=[i for i, _, _ in FAILING]
)
def test_fails_with_exact_message(check: Callable[[], Any], expected: str) -> None:
    """Each bad value raises one ValueError naming the argument, the value and the rule."""
    with pytest.raises(ValueError) as excinfo:
        check()
    assert str(excinfo.value) == expected


@pytest.mark.parametrize(
    ("low", "high", "version"),
    [
        (0, 1, "16.3"),
        (0, 2, "13.15"),
        (0, 2, "14.12"),
        (0, 2, "15.7"),
        (0, 2, "17.4"),
        (0.5, 1, "16.1"),
        (0.5, 128, "14.3"),
        (4, 256, "16.1"),
        (256, 256, "15.5"),
        (1.5, 1.5, "16.4"),
    ],
)
def test_capacity_accepts_valid_ranges(low: float, high: float, version: str) -> None:
    """Valid ACU ranges pass (0.5 steps, max >= min, auto-pause and 256 versions)."""
    validate_capacity(low, high, version)  # raises on failure
    assert low <= high


@pytest.mark.parametrize(
    ("version", "expected"),
    [("13.14", False), ("13.15", True), ("14.11", False), ("14.12", True), ("15.6", False),
     ("15.7", True), ("16.2", False), ("16.3", True), ("17.0", True), ("18.1", True)],
)  # fmt: skip
def test_auto_pause_versions(version: str, expected: bool) -> None:
    """The auto-pause version table from the AWS page (17+ treated as capable)."""
    assert supports_auto_pause(version) is expected


def test_auto_pause_defaults() -> None:
    """300 s when min is 0 and nothing is given; None when min is above 0."""
    assert validate_auto_pause(None, 0) == 300
    assert validate_auto_pause(None, 0.5) is None
    assert validate_auto_pause(86400, 0) == 86400


def test_parameter_group_family() -> None:
    """The family follows the major version."""
    assert parameter_group_family("16.4") == "aurora-postgresql16"
    assert parameter_group_family("13.15") == "aurora-postgresql13"


def test_accepting_values() -> None:
    """Boundary values that must pass."""
    assert validate_backup_retention_days(1) == 1
    assert validate_backup_retention_days(35) == 35
    assert validate_reader_count(15) == 15
    assert validate_performance_insights_retention(7) == 7
    assert validate_performance_insights_retention(62) == 62
    assert validate_performance_insights_retention(731) == 731
    assert validate_monitoring_interval(0) == 0
    assert validate_port(5432) == 5432
    assert validate_master_username("dbadmin") == "dbadmin"
    assert validate_database_name("app_db") == "app_db"
    assert validate_alarm_email(None) is None
    assert validate_network_mode(None, None, None, None) is False
    assert validate_network_mode("vpc-1", ["s-1", "s-2"], None, None) is True
    assert validate_allowed_cidr_blocks(["10.1.0.0/16"]) == ["10.1.0.0/16"]


@pytest.mark.parametrize(
    ("cidr", "count", "expected"),
    [
        ("10.40.0.0/16", 3, ["10.40.0.0/18", "10.40.64.0/18", "10.40.128.0/18"]),
        ("10.40.0.0/16", 2, ["10.40.0.0/18", "10.40.64.0/18"]),
        ("192.168.4.0/24", 3, ["192.168.4.0/26", "192.168.4.64/26", "192.168.4.128/26"]),
        ("172.16.0.0/20", 2, ["172.16.0.0/22", "172.16.4.0/22"]),
    ],
)
def test_subnet_cidrs(cidr: str, count: int, expected: list[str]) -> None:
    """Subnets are the first az_count quarters of the VPC and never overlap."""
    assert subnet_cidrs(cidr, count) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(1, 1, 189), (1, 4, 823), (1, 8, 1669), (1, 16, 3360), (1, 32, 5000), (2, 256, 5000),
     (0.5, 1, 189), (0.5, 16, 2000), (0, 64, 2000), (0.5, 8, 1669)],
)  # fmt: skip
def test_estimated_max_connections(low: float, high: float, expected: int) -> None:
    """Matches the published table points and the 2,000 cap for minimum 0 or 0.5 ACU."""
    assert estimated_max_connections(low, high) == expected


def test_derived_names() -> None:
    """Identifiers and log group names follow the AWS conventions."""
    assert instance_identifier("aurora-dev", 1) == "aurora-dev-instance-1"
    assert cluster_log_group_name("aurora-dev") == "/aws/rds/cluster/aurora-dev/postgresql"
    assert proxy_log_group_name("aurora-dev-proxy") == "/aws/rds/proxy/aurora-dev-proxy"


@pytest.mark.parametrize(
    "check",
    [
        lambda v: validate_engine_version(f"16.4{v}"),
        lambda v: validate_database_name(f"app{v}"),
        lambda v: validate_component_name(f"aurora-dev{v}"),
        lambda v: validate_backup_window(f"03:00-04:00{v}"),
        lambda v: validate_alarm_email(f"ops@example.com{v}"),
        lambda v: validate_interface_endpoints([f"secretsmanager{v}"]),
        lambda v: validate_engine_version(f"\u0661\u0666.4{v}"),
    ],
)
@pytest.mark.parametrize("suffix", ["\n", "\r\n"])
def test_fails_trailing_newline(check: Callable[[str], Any], suffix: str) -> None:
    """Patterns match the whole value: a trailing newline (or non-ASCII digits) never passes."""
    with pytest.raises(ValueError, match=r"must"):
        check(suffix)
