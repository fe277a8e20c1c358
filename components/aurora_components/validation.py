"""Plain validators for every constraint that can be known before deploy.

Each function takes plain Python values, raises :class:`ValueError` with one message that
names the argument, the value received and what is allowed, and returns nothing (or the
normalised value). Components call them synchronously at the start of ``__init__``, before
any child resource is registered, so a bad argument never produces a half-built plan.

Sources for the numbers are listed in the project's AWS facts table (capacity and
auto-pause version tables, RDS API ranges, CloudWatch Logs retention values).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence

__all__ = [
    "AUTO_PAUSE_MIN_VERSIONS",
    "CA_CERT_IDENTIFIERS",
    "LOG_RETENTION_DAYS",
    "MAX_256_MIN_VERSIONS",
    "MONITORING_INTERVALS",
    "RESERVED_USERNAMES",
    "SERVERLESS_V2_MIN_VERSIONS",
    "parameter_group_family",
    "supports_auto_pause",
    "validate_acu",
    "validate_alarm_email",
    "validate_allowed_cidr_blocks",
    "validate_auto_pause",
    "validate_az_count",
    "validate_backup_retention_days",
    "validate_backup_window",
    "validate_capacity",
    "validate_client_pool_size",
    "validate_database_name",
    "validate_engine_version",
    "validate_identifier",
    "validate_int_range",
    "validate_interface_endpoints",
    "validate_log_retention_days",
    "validate_maintenance_window",
    "validate_master_username",
    "validate_monitoring_interval",
    "validate_network_mode",
    "validate_performance_insights_retention",
    "validate_port",
    "validate_proxy_capacity",
    "validate_reader_count",
    "validate_subnet_ids",
    "validate_tags",
    "validate_vpc_cidr",
]

# Aurora PostgreSQL minor versions from which Serverless v2 (0.5-128 ACU) is available.
SERVERLESS_V2_MIN_VERSIONS: Mapping[int, int] = {13: 6, 14: 3, 15: 2, 16: 1, 17: 0}
# Versions that allow a maximum above 128 ACU (up to 256).
MAX_256_MIN_VERSIONS: Mapping[int, int] = {13: 13, 14: 10, 15: 5, 16: 1, 17: 0}
# Versions that support auto-pause (minimum 0 ACU). 17.x is absent from the AWS table and is
# treated as capable (unverified; CDK's engine tests do the same).
AUTO_PAUSE_MIN_VERSIONS: Mapping[int, int] = {13: 15, 14: 12, 15: 7, 16: 3, 17: 0}
_UNVERIFIED_FROM_MAJOR = 17

MONITORING_INTERVALS: tuple[int, ...] = (0, 1, 5, 10, 15, 30, 60)
LOG_RETENTION_DAYS: tuple[int, ...] = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
CA_CERT_IDENTIFIERS: tuple[str, ...] = (
    "rds-ca-rsa2048-g1",
    "rds-ca-rsa4096-g1",
    "rds-ca-ecc384-g1",
)
# Names RDS or PostgreSQL reserve, or that the aurora-custom-admin guardrail refuses.
RESERVED_USERNAMES: frozenset[str] = frozenset(
    {"admin", "postgres", "rdsadmin", "rds_superuser", "rds_iam", "rds_replication", "root"}
)
_RESERVED_DATABASE_NAMES: frozenset[str] = frozenset(
    {"postgres", "rdsadmin", "template0", "template1"}
)

_ENGINE_VERSION_RE = re.compile(r"([0-9]+)\.([0-9]+)")
_PG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")
_IDENTIFIER_RE = re.compile(r"[a-z](?:[a-z0-9]|-(?!-))*(?<!-)")
_WINDOW_RE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])")
_MAINT_RE = re.compile(
    r"(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])-"
    r"(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])"
)
_ENDPOINT_RE = re.compile(r"[a-z0-9][a-z0-9.-]{0,62}")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_int_range(arg: str, value: object, low: int, high: int) -> int:
    """Check that ``value`` is an integer in ``[low, high]`` and return it."""
    if not _is_int(value) or not low <= value <= high:  # type: ignore[operator]
        raise ValueError(f"{arg} must be an integer from {low} to {high}, got {value!r}")
    return value  # type: ignore[return-value]


# --- engine version -----------------------------------------------------------------------


def validate_engine_version(engine_version: object) -> tuple[int, int]:
    """Parse ``"MAJOR.MINOR"`` and check that the version runs Aurora Serverless v2.

    Returns ``(major, minor)``. Majors above 17 are accepted as unverified (treated like 17).
    """
    if not isinstance(engine_version, str) or not _ENGINE_VERSION_RE.fullmatch(engine_version):
        raise ValueError(
            "engine_version must be an Aurora PostgreSQL version in the form "
            f'"MAJOR.MINOR" (for example "16.4"), got {engine_version!r}'
        )
    major_s, minor_s = engine_version.split(".")
    major, minor = int(major_s), int(minor_s)
    floor = _table_floor(SERVERLESS_V2_MIN_VERSIONS, major)
    if floor is None or minor < floor:
        allowed = ", ".join(f"{m}.{n}+" for m, n in SERVERLESS_V2_MIN_VERSIONS.items())
        raise ValueError(
            "engine_version must be an Aurora PostgreSQL version that supports "
            f"Serverless v2 ({allowed}), got {engine_version!r}"
        )
    return major, minor


def _table_floor(table: Mapping[int, int], major: int) -> int | None:
    if major in table:
        return table[major]
    if major > _UNVERIFIED_FROM_MAJOR:
        return 0
    return None


def parameter_group_family(engine_version: str) -> str:
    """Return the cluster parameter group family, e.g. ``aurora-postgresql16`` for ``16.4``."""
    major, _ = validate_engine_version(engine_version)
    return f"aurora-postgresql{major}"


def supports_auto_pause(engine_version: str) -> bool:
    """Whether the engine version allows a minimum of 0 ACU (auto-pause).

    Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+; 17.x and later are treated as capable
    (unverified against the AWS table).
    """
    major, minor = validate_engine_version(engine_version)
    floor = _table_floor(AUTO_PAUSE_MIN_VERSIONS, major)
    return floor is not None and minor >= floor


def _supports_256(engine_version: str) -> bool:
    major, minor = validate_engine_version(engine_version)
    floor = _table_floor(MAX_256_MIN_VERSIONS, major)
    return floor is not None and minor >= floor


# --- capacity -----------------------------------------------------------------------------


def validate_acu(arg: str, value: object, low: float) -> float:
    """One ACU value: a multiple of 0.5 between ``low`` and 256."""
    if not _is_number(value) or not low <= value <= 256 or (value * 2) % 1 != 0:  # type: ignore[operator]
        low_text = "0" if low == 0 else f"{low:g}"
        raise ValueError(
            f"{arg} must be a multiple of 0.5 between {low_text} and 256, got {value!r}"
        )
    return float(value)  # type: ignore[arg-type]


def validate_capacity(
    min_capacity_acu: object, max_capacity_acu: object, engine_version: str
) -> None:
    """ACU range: 0 or 0.5-256 in 0.5 steps, max >= 1, max >= min, version limits."""
    low = validate_acu("min_capacity_acu", min_capacity_acu, 0)
    high = validate_acu("max_capacity_acu", max_capacity_acu, 1)
    if high < low:
        raise ValueError(
            f"max_capacity_acu must be greater than or equal to min_capacity_acu ({low:g}), "
            f"got {max_capacity_acu!r}"
        )
    if low == 0 and not supports_auto_pause(engine_version):
        raise ValueError(
            "min_capacity_acu may be 0 only on engine versions that support auto-pause "
            "(Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+, 17.x), got 0 with "
            f"engine_version {engine_version!r}; use 0.5 or upgrade the engine"
        )
    if high > 128 and not _supports_256(engine_version):
        raise ValueError(
            "max_capacity_acu above 128 needs Aurora PostgreSQL 13.13+, 14.10+, 15.5+ or "
            f"16.1+, got {max_capacity_acu!r} with engine_version {engine_version!r}"
        )


def validate_auto_pause(seconds_until_auto_pause: object, min_capacity_acu: float) -> int | None:
    """Auto-pause delay: 300-86400 s and only with a minimum of 0 ACU.

    Returns the effective value: the given one, 300 when min is 0 and nothing was given,
    ``None`` when min is above 0.
    """
    if seconds_until_auto_pause is None:
        return 300 if min_capacity_acu == 0 else None
    if min_capacity_acu != 0:
        raise ValueError(
            "seconds_until_auto_pause is only allowed when min_capacity_acu is 0, "
            f"got {seconds_until_auto_pause!r} with min_capacity_acu {min_capacity_acu:g}"
        )
    return validate_int_range("seconds_until_auto_pause", seconds_until_auto_pause, 300, 86400)


def validate_proxy_capacity(enable_proxy: bool, min_capacity_acu: float) -> None:
    """A proxy keeps an open connection to every instance, so min 0 would never pause."""
    if enable_proxy and min_capacity_acu == 0:
        raise ValueError(
            "min_capacity_acu must be at least 0.5 when enable_proxy is true (RDS Proxy keeps "
            "a connection open to every instance, so the cluster would never auto-pause), got 0"
        )


# --- cluster settings ---------------------------------------------------------------------


def validate_backup_retention_days(value: object) -> int:
    """Backup retention: 1-35 days (0 is not allowed for Aurora)."""
    return validate_int_range("backup_retention_days", value, 1, 35)


def validate_reader_count(value: object) -> int:
    """Readers: 0-15 (Aurora allows 15 replicas besides the writer)."""
    return validate_int_range("reader_count", value, 0, 15)


def validate_monitoring_interval(value: object) -> int:
    """Enhanced monitoring interval in seconds: one of 0, 1, 5, 10, 15, 30, 60."""
    if not _is_int(value) or value not in MONITORING_INTERVALS:
        allowed = ", ".join(str(v) for v in MONITORING_INTERVALS)
        raise ValueError(f"monitoring_interval_seconds must be one of {allowed}, got {value!r}")
    return value


def validate_performance_insights_retention(value: object) -> int:
    """Performance Insights retention: 7, 731, or a multiple of 31 up to 713 days."""
    ok = _is_int(value) and (value in (7, 731) or (31 <= value <= 713 and value % 31 == 0))  # type: ignore[operator]
    if not ok:
        raise ValueError(
            "performance_insights_retention_days must be 7, 731 or a multiple of 31 "
            f"between 31 and 713, got {value!r}"
        )
    return value  # type: ignore[return-value]


def validate_log_retention_days(value: object, arg: str = "log_retention_days") -> int:
    """CloudWatch Logs retention: one of the values the service accepts (never 'forever')."""
    if not _is_int(value) or value not in LOG_RETENTION_DAYS:
        allowed = ", ".join(str(v) for v in LOG_RETENTION_DAYS)
        raise ValueError(f"{arg} must be one of {allowed}, got {value!r}")
    return value


def validate_port(value: object) -> int:
    """Database port: 1150-65535 (RDS range for Aurora)."""
    return validate_int_range("port", value, 1150, 65535)


def validate_database_name(value: object) -> str:
    """1-63 letters, digits or underscores, starting with a letter, not reserved."""
    if not isinstance(value, str) or not _PG_NAME_RE.fullmatch(value):
        raise ValueError(
            "database_name must be 1-63 letters, digits or underscores starting with a "
            f"letter, got {value!r}"
        )
    if value.lower() in _RESERVED_DATABASE_NAMES:
        reserved = ", ".join(sorted(_RESERVED_DATABASE_NAMES))
        raise ValueError(f"database_name must not be a reserved name ({reserved}), got {value!r}")
    return value


def validate_master_username(value: object) -> str:
    """1-63 letters, digits or underscores, starting with a letter, not a reserved word."""
    if not isinstance(value, str) or not _PG_NAME_RE.fullmatch(value):
        raise ValueError(
            "master_username must be 1-63 letters, digits or underscores starting with a "
            f"letter, got {value!r}"
        )
    if value.lower() in RESERVED_USERNAMES:
        reserved = ", ".join(sorted(RESERVED_USERNAMES))
        raise ValueError(
            f"master_username must not be a reserved or default name ({reserved}), got {value!r}"
        )
    return value


def validate_identifier(arg: str, value: object, max_length: int) -> str:
    """RDS-style identifier: lowercase letter first, then lowercase letters, digits and
    single hyphens, no trailing hyphen, at most ``max_length`` characters."""
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= max_length
        or not _IDENTIFIER_RE.fullmatch(value)
    ):
        raise ValueError(
            f"{arg} must be 1-{max_length} characters: a lowercase letter, then lowercase "
            f"letters, digits or single hyphens, not ending with a hyphen, got {value!r}"
        )
    return value


def validate_backup_window(value: object) -> str:
    """``hh:mm-hh:mm`` in UTC."""
    if not isinstance(value, str) or not _WINDOW_RE.fullmatch(value):
        raise ValueError(f'preferred_backup_window must be "hh:mm-hh:mm" in UTC, got {value!r}')
    return value


def validate_maintenance_window(value: object) -> str:
    """``ddd:hh:mm-ddd:hh:mm`` in UTC."""
    if not isinstance(value, str) or not _MAINT_RE.fullmatch(value):
        raise ValueError(
            'preferred_maintenance_window must be "ddd:hh:mm-ddd:hh:mm" in UTC '
            f'(for example "sun:04:30-sun:05:30"), got {value!r}'
        )
    return value


def validate_client_pool_size(value: object) -> int:
    """Application pool size exported as DATABASE_MAX_CONNECTIONS: 1-5000."""
    return validate_int_range("client_pool_size", value, 1, 5000)


# --- network ------------------------------------------------------------------------------


def validate_network_mode(
    vpc_id: object, subnet_ids: object, vpc_cidr: object, az_count: object
) -> bool:
    """Create (``vpc_cidr``/``az_count``) or adopt (``vpc_id`` + ``subnet_ids``).

    Returns True when adopting.
    """
    has_vpc, has_subnets = vpc_id is not None, subnet_ids is not None
    if has_vpc != has_subnets:
        given = "vpc_id" if has_vpc else "subnet_ids"
        missing = "subnet_ids" if has_vpc else "vpc_id"
        raise ValueError(
            f"{missing} is required when {given} is given (adopt an existing network with "
            f"both vpc_id and subnet_ids, or give neither to create one), got {missing}=None"
        )
    if has_vpc and (vpc_cidr is not None or az_count is not None):
        extra = "vpc_cidr" if vpc_cidr is not None else "az_count"
        value = vpc_cidr if vpc_cidr is not None else az_count
        raise ValueError(
            f"{extra} is only allowed when creating a network, not together with vpc_id and "
            f"subnet_ids, got {value!r}"
        )
    return has_vpc


def validate_subnet_ids(value: object) -> None:
    """Adopted subnets: at least 2, no duplicates among plain string ids.

    That they lie in distinct AZs can only be checked at deploy time (the ids may be outputs).
    """
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) < 2:
        raise ValueError(
            "subnet_ids must list at least 2 subnets in different availability zones, "
            f"got {value!r}"
        )
    plain = [v for v in value if isinstance(v, str)]
    if len(set(plain)) != len(plain):
        raise ValueError(f"subnet_ids must not contain duplicates, got {list(value)!r}")


def validate_az_count(value: object) -> int:
    """Created networks span 2 or 3 availability zones."""
    return validate_int_range("az_count", value, 2, 3)


def validate_vpc_cidr(value: object) -> ipaddress.IPv4Network:
    """An IPv4 network address with a prefix from /16 to /24."""
    try:
        if not isinstance(value, str):
            raise TypeError
        network = ipaddress.IPv4Network(value, strict=True)
    except (TypeError, ValueError):
        network = None
    if network is None or not 16 <= network.prefixlen <= 24:
        raise ValueError(
            "vpc_cidr must be an IPv4 network address with a prefix from /16 to /24 "
            f'(for example "10.40.0.0/16"), got {value!r}'
        )
    return network


def validate_allowed_cidr_blocks(value: object) -> list[str]:
    """Explicit client CIDRs: IPv4 networks, /8 or narrower, never 0.0.0.0/0."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ValueError(f"allowed_cidr_blocks must be a list of IPv4 CIDR blocks, got {value!r}")
    for block in value:
        try:
            network = ipaddress.IPv4Network(block, strict=True) if isinstance(block, str) else None
        except ValueError:
            network = None
        if network is None or network.prefixlen < 8:
            raise ValueError(
                "allowed_cidr_blocks entries must be IPv4 network addresses with a prefix of "
                f"/8 or longer (never 0.0.0.0/0), got {block!r}"
            )
    return list(value)


def validate_interface_endpoints(value: object) -> list[str]:
    """Short AWS service names (``secretsmanager``, ``kms``, ``logs``...), no duplicates."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ValueError(
            f'interface_endpoints must be a list of service names like ["secretsmanager"], '
            f"got {value!r}"
        )
    for service in value:
        if not isinstance(service, str) or not _ENDPOINT_RE.fullmatch(service):
            raise ValueError(
                "interface_endpoints entries must be short AWS service names such as "
                f'"secretsmanager" (lowercase letters, digits, dots, hyphens), got {service!r}'
            )
    if len(set(value)) != len(value):
        raise ValueError(f"interface_endpoints must not contain duplicates, got {list(value)!r}")
    return list(value)


# --- misc ---------------------------------------------------------------------------------


def validate_alarm_email(value: object) -> str | None:
    """None (no subscription) or one e-mail address."""
    if value is None:
        return None
    if not isinstance(value, str) or not _EMAIL_RE.fullmatch(value):
        raise ValueError(f"alarm_email must be an e-mail address or unset, got {value!r}")
    return value


def validate_tags(value: object) -> dict[str, str]:
    """Tag keys 1-128 characters not starting with ``aws:``, string values up to 256."""
    if not isinstance(value, Mapping):
        raise ValueError(f"tags must be a mapping of strings to strings, got {value!r}")
    for key, item in value.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 128 or key.lower().startswith("aws:"):
            raise ValueError(
                f"tags keys must be 1-128 characters and must not start with 'aws:', got {key!r}"
            )
        if not isinstance(item, str) or len(item) > 256:
            raise ValueError(
                f"tags[{key!r}] must be a string of at most 256 characters, got {item!r}"
            )
    return dict(value)
