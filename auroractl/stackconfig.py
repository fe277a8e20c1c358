"""Stack configuration: the project's config schema, CLI-equivalent checks, mapping to Args.

Pure functions, no Pulumi runtime and no I/O:

- :func:`parse_project` reads a parsed ``Pulumi.yaml`` and applies the checks the Pulumi CLI
  applies to its ``config:`` block.
- :func:`resolve_stack_config` merges a stack's ``config:`` map with the project's defaults and
  checks it the way ``pulumi preview`` does (missing values, declared types, secrets), plus the
  checks the CLI leaves out: unknown keys in the project namespace.
- :func:`platform_args` maps the namespace's values, as strings the way ``pulumi.Config``
  returns them, to ``AuroraPlatformArgs``: allowed values, ranges and shapes are checked here
  and every error names the key, the value received and what is allowed.

Secure values (``{secure: v1:...}``) are never decrypted: they become the placeholder
:data:`SECRET_PLACEHOLDER` and their keys are reported as secret.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, cast

if TYPE_CHECKING:
    from aurora_components import AuroraPlatformArgs

__all__ = [
    "AURORA_DEFAULTS",
    "CONFIG_KEYS",
    "NAMESPACE",
    "SECRET_PLACEHOLDER",
    "ConfigDecl",
    "ConfigError",
    "DatabaseSpec",
    "FleetSpec",
    "KeyKind",
    "ProjectSpec",
    "ResolvedConfig",
    "config_string",
    "explicit_values",
    "fleet_spec",
    "namespace_values",
    "parse_project",
    "platform_args",
    "platform_name",
    "project_values",
    "refuse_unknown_keys",
    "resolve_stack_config",
]

NAMESPACE: Final = "aurora-platform"
"""The project name and the config namespace of every key below."""

SECRET_PLACEHOLDER: Final = "[secret]"
"""What a secure value becomes offline, and how secrets are shown."""

KeyKind = Literal["string", "integer", "boolean", "number", "array", "object"]

CONFIG_KEYS: Final[dict[str, KeyKind]] = {
    "stage": "string",
    "engine": "string",
    "engineVersion": "string",
    "minCapacity": "number",
    "maxCapacity": "number",
    "secondsUntilAutoPause": "integer",
    "readers": "integer",
    "proxy": "boolean",
    "backupRetentionDays": "integer",
    "deletionProtection": "boolean",
    "network": "object",
    "clientSecurityGroupIds": "array",
    "alarmEmail": "string",
    "tags": "object",
    "dsql": "object",
    "databases": "object",  # a list of objects: like objects, declared without type
}
"""Every key of the namespace and the kind of value it holds. ``number`` and ``object`` are
declared without ``type`` in ``Pulumi.yaml``: the project schema has no float type and older
CLIs reject ``type: object``."""

STAGES: Final = ("dev", "staging", "prod")
ENGINES: Final = ("aurora-postgresql",)
RESERVED_ENGINES: Final = ("dsql",)
ACU_MAX: Final = 256.0
AUTO_PAUSE_MIN_SECONDS: Final = 300
AUTO_PAUSE_MAX_SECONDS: Final = 86_400
AUTO_PAUSE_DEFAULT_SECONDS: Final = 300
READERS_MAX: Final = 15
BACKUP_MIN_DAYS: Final = 1
BACKUP_MAX_DAYS: Final = 35
AZ_COUNTS: Final = (2, 3)
NETWORK_CREATE_KEYS: Final = ("cidr", "azCount", "endpoints")
NETWORK_ADOPT_KEYS: Final = ("vpcId", "subnetIds")
DATABASE_KEYS: Final = (
    "name",
    "engineVersion",
    "minCapacity",
    "maxCapacity",
    "secondsUntilAutoPause",
    "readers",
    "proxy",
    "backupRetentionDays",
    "deletionProtection",
    "clientSecurityGroupIds",
    "alarmEmail",
    "tags",
    "databaseName",
)
"""Keys of one ``databases`` entry: ``name`` plus the per-database subset of the stack keys
(which are the entry's defaults) and ``databaseName`` (the initial PostgreSQL database)."""
MAX_DATABASES: Final = 200
_DATABASE_NAME_RE: Final = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_PG_NAME_RE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
_PLATFORM_NAME_MAX: Final = 32
"""``aurora_components.MAX_PLATFORM_NAME_LENGTH`` (not imported: no Pulumi runtime here)."""

_PROJECT_TYPES: Final = ("string", "integer", "boolean", "array")
_SECURE_KEY: Final = "secure"
_VERSION_RE: Final = re.compile(r"^\d{1,2}\.\d{1,2}$")
_SG_RE: Final = re.compile(r"^sg-[0-9a-f]{8,17}$")
_VPC_RE: Final = re.compile(r"^vpc-[0-9a-f]{8,17}$")
_SUBNET_RE: Final = re.compile(r"^subnet-[0-9a-f]{8,17}$")
_ENDPOINT_RE: Final = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$")
_EMAIL_RE: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INT_RE: Final = re.compile(r"^[+-]?\d+$")


class ConfigError(ValueError):
    """Invalid project or stack configuration; the message is one line, ready to print."""


@dataclass(frozen=True)
class ConfigDecl:
    """One entry of ``Pulumi.yaml`` ``config:``."""

    key: str
    type: str | None = None
    items: Mapping[str, Any] | None = None
    description: str = ""
    default: Any = None
    value: Any = None
    secret: bool = False


@dataclass(frozen=True)
class ProjectSpec:
    """The parts of ``Pulumi.yaml`` the engine needs."""

    name: str
    config: Mapping[str, ConfigDecl]
    main: str | None = None
    runtime: str = "python"


@dataclass(frozen=True)
class ResolvedConfig:
    """A stack's config after defaults and checks, keyed by full key (``ns:key``)."""

    values: dict[str, Any]
    """Typed values (YAML scalars, lists, dicts); secure values are :data:`SECRET_PLACEHOLDER`."""
    strings: dict[str, str]
    """The same values as the Pulumi runtime holds them: scalars as text, objects as JSON."""
    secret_keys: frozenset[str] = field(default_factory=frozenset)

    def blinded(self) -> dict[str, Any]:
        """Typed values with every secret shown as ``"[secret]"``."""
        return {
            k: SECRET_PLACEHOLDER if k in self.secret_keys else v for k, v in self.values.items()
        }


# --------------------------------------------------------------------------------------------
# Pulumi.yaml


def _is_project_key(project: str, key: str) -> bool:
    return ":" not in key or key.startswith(project + ":")


def _short(project: str, key: str) -> str:
    prefix = project + ":"
    return key[len(prefix) :] if key.startswith(prefix) else key


def _full(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def parse_project(doc: Mapping[str, Any]) -> ProjectSpec:
    """Parse a loaded ``Pulumi.yaml`` and apply the CLI's checks to its ``config:`` block.

    Shorthand entries (``key: value``) become a default for project keys and a ``value`` for
    other namespaces, as the CLI rewrites them.
    """
    name = doc.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError("Pulumi.yaml: project is missing a non-empty string 'name' attribute")
    runtime = doc.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, Mapping) else runtime
    if not isinstance(runtime_name, str) or not runtime_name:
        raise ConfigError("Pulumi.yaml: project is missing a 'runtime' attribute")
    raw_config = doc.get("config") or {}
    if not isinstance(raw_config, Mapping):
        raise ConfigError(f"Pulumi.yaml: 'config' must be a map of keys, got {raw_config!r}")
    decls: dict[str, ConfigDecl] = {}
    for key, entry in raw_config.items():
        decls[key] = _parse_decl(name, str(key), entry)
    main = doc.get("main")
    return ProjectSpec(
        name=name,
        config=decls,
        main=main if isinstance(main, str) else None,
        runtime=runtime_name,
    )


def _parse_decl(project: str, key: str, entry: Any) -> ConfigDecl:
    where = f"Pulumi.yaml: config key '{key}'"
    in_project = _is_project_key(project, key)
    if not isinstance(entry, Mapping):
        # Shorthand: a default for project keys, a value for other namespaces.
        return ConfigDecl(key, default=entry) if in_project else ConfigDecl(key, value=entry)
    allowed = {"type", "items", "description", "secret", "default", "value"}
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ConfigError(
            f"{where} has unknown attribute '{unknown[0]}'; allowed: {', '.join(sorted(allowed))}"
        )
    decl = ConfigDecl(
        key=key,
        type=entry.get("type"),
        items=entry.get("items"),
        description=str(entry.get("description") or ""),
        default=entry.get("default"),
        value=entry.get("value"),
        secret=bool(entry.get("secret", False)),
    )
    if decl.default is not None and decl.value is not None:
        raise ConfigError(
            f"project config '{key}' cannot have both a 'default' and 'value' attribute"
        )
    if decl.type is not None and decl.type not in _PROJECT_TYPES:
        raise ConfigError(
            f"{where} has type {decl.type!r}; allowed: {', '.join(_PROJECT_TYPES)} "
            "(leave 'type' out for numbers with a fraction and for objects)"
        )
    if in_project:
        if decl.type == "array" and decl.items is None:
            raise ConfigError(
                f"The configuration key '{key}' declares an array but does not specify the "
                "underlying type via the 'items' attribute"
            )
        if (
            decl.type is not None
            and decl.default is not None
            and not _matches_type(decl.type, decl.items, decl.default)
        ):
            raise ConfigError(
                f"The default value specified for configuration key '{key}' is not of the "
                f"expected type '{_type_name(decl.type, decl.items)}'"
            )
    else:
        if decl.type is not None:
            raise ConfigError(
                f"Configuration key '{key}' is not namespaced by the project and should not "
                "define a type"
            )
        if decl.default is not None:
            raise ConfigError(
                f"Configuration key '{key}' is not namespaced by the project and should not "
                "define a default value. Did you mean to use the 'value' attribute instead of "
                "'default'?"
            )
        if decl.value is None:
            raise ConfigError(
                f"Configuration key '{key}' is namespaced and must provide an attribute 'value'"
            )
    return decl


def _type_name(type_: str, items: Mapping[str, Any] | None) -> str:
    if items is not None:
        return f"array<{_type_name(str(items.get('type')), items.get('items'))}>"
    return type_


def _matches_type(type_: str, items: Mapping[str, Any] | None, value: Any) -> bool:
    """The CLI's ``ValidateConfigValue``: scalars may arrive as their text."""
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return math.isfinite(value) and value == math.trunc(value)
        return isinstance(value, str) and bool(_INT_RE.match(value))
    if type_ == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if type_ == "object":
        return isinstance(value, Mapping)
    if type_ == "array":
        if not isinstance(value, list) or items is None:
            return False
        return all(
            _matches_type(str(items.get("type")), items.get("items"), item) for item in value
        )
    return False


# --------------------------------------------------------------------------------------------
# Pulumi.<stack>.yaml


def config_string(value: Any) -> str:
    """A config value as the Pulumi runtime holds it: scalars as text, objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=False)


def _is_secure(value: Any) -> bool:
    if isinstance(value, Mapping):
        if set(value) == {_SECURE_KEY}:
            return True
        return any(_is_secure(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_secure(v) for v in value)
    return False


def _stack_type_check_value(value: Any) -> Any:
    """What the CLI type-checks: primitives as their text, objects and lists as JSON values."""
    if isinstance(value, Mapping | list):
        return value
    return config_string(value)


def resolve_stack_config(
    project: ProjectSpec,
    stack: str,
    stack_config: Mapping[str, Any],
    overrides: Mapping[str, Any] | None = None,
) -> ResolvedConfig:
    """Merge a stack's ``config:`` map with the project's declarations and check it.

    ``overrides`` (short or full keys) replace stack values before the checks; an override of a
    secure key supplies its plaintext for the run and keeps the key secret.

    Checks, in this order: unknown keys in the project namespace; then for each declared key in
    sorted order, as the CLI does, a plaintext value for a ``secret`` key and a value of the
    wrong declared type (first error wins); finally every missing required key in one message
    (``Stack 'dev' is missing configuration value 'stage'``).
    """
    merged: dict[str, Any] = {}
    for key, value in stack_config.items():
        merged[_full(project.name, str(key))] = value
    secret_keys: set[str] = {k for k, v in merged.items() if _is_secure(v)}
    for key, value in (overrides or {}).items():
        full = _full(project.name, key)
        merged[full] = value
        if _is_secure(value):
            secret_keys.add(full)

    declared = {_full(project.name, k): d for k, d in project.config.items()}
    known = sorted(_short(project.name, k) for k in declared if _is_project_key(project.name, k))
    for key in sorted(merged):
        if key.startswith(project.name + ":") and key not in declared:
            short = _short(project.name, key)
            close = difflib.get_close_matches(short, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"Stack '{stack}' has unknown configuration key '{short}'{hint}; "
                f"allowed keys: {', '.join(known)}"
            )

    missing: list[str] = []
    for full in sorted(declared):
        decl = declared[full]
        if full not in merged:
            if decl.value is not None:
                merged[full] = decl.value
            elif decl.default is not None:
                merged[full] = decl.default
            elif _is_project_key(project.name, full):
                missing.append(decl.key)
            continue
        value = merged[full]
        if full in secret_keys:
            if _is_secure(value):
                if decl.type not in (None, "string"):
                    raise ConfigError(
                        f"Stack '{stack}' with configuration key '{decl.key}' is encrypted and "
                        f"of type '{decl.type}', which cannot be checked offline; pass its "
                        "plaintext as an override"
                    )
                merged[full] = SECRET_PLACEHOLDER
            continue
        if decl.secret:
            raise ConfigError(
                f"Stack '{stack}' with configuration key '{decl.key}' must be encrypted as "
                "it's secret"
            )
        if decl.type is not None and not _matches_type(
            decl.type, decl.items, _stack_type_check_value(value)
        ):
            raise ConfigError(
                f"Stack '{stack}' with configuration key '{decl.key}' must be of type "
                f"'{_type_name(decl.type, decl.items)}', got {_show(value)}"
            )
    if missing:
        raise ConfigError(_missing_message(stack, missing))

    for key in list(merged):
        if key in secret_keys and _is_secure(merged[key]):
            merged[key] = SECRET_PLACEHOLDER
    strings = {k: config_string(v) for k, v in merged.items()}
    return ResolvedConfig(values=merged, strings=strings, secret_keys=frozenset(secret_keys))


def _missing_message(stack: str, keys: list[str]) -> str:
    keys = sorted(keys)
    if len(keys) == 1:
        return f"Stack '{stack}' is missing configuration value '{keys[0]}'"
    quoted = [f"'{k}'" for k in keys]
    listed = ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
    return f"Stack '{stack}' is missing configuration values {listed}"


def namespace_values(resolved: ResolvedConfig, project: str = NAMESPACE) -> dict[str, str]:
    """The project namespace's values as ``pulumi.Config(project).get(key)`` returns them."""
    prefix = project + ":"
    return {k[len(prefix) :]: v for k, v in resolved.strings.items() if k.startswith(prefix)}


# --------------------------------------------------------------------------------------------
# Mapping to AuroraPlatformArgs


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


class _Reader:
    """Parses the namespace's string values; every error names the stack, key and value."""

    def __init__(self, values: Mapping[str, str], stack: str) -> None:
        self.values = values
        self.stack = stack

    def fail(self, key: str, allowed: str, got: Any) -> ConfigError:
        return ConfigError(
            f"Stack '{self.stack}' with configuration key '{key}' must be {allowed}, "
            f"got {_show(got)}"
        )

    def missing(self, key: str) -> ConfigError:
        return ConfigError(f"Stack '{self.stack}' is missing configuration value '{key}'")

    def raw(self, key: str) -> str | None:
        return self.values.get(key)

    def string(self, key: str, default: str) -> str:
        value = self.raw(key)
        return default if value is None else value

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        text = self.raw(key)
        if text is None:
            return default
        if not _INT_RE.match(text.strip()):
            raise self.fail(key, f"an integer from {low} to {high}", text)
        value = int(text)
        if not low <= value <= high:
            raise self.fail(key, f"an integer from {low} to {high}", value)
        return value

    def boolean(self, key: str, default: bool) -> bool:
        text = self.raw(key)
        if text is None:
            return default
        if text not in ("true", "false"):
            raise self.fail(key, "true or false", text)
        return text == "true"

    def number(self, key: str, default: float, allowed: str) -> float:
        text = self.raw(key)
        if text is None:
            return default
        try:
            value = float(text)
        except ValueError:
            raise self.fail(key, allowed, text) from None
        if not math.isfinite(value):
            raise self.fail(key, allowed, text)
        return value

    def json_value(self, key: str, allowed: str) -> Any:
        text = self.raw(key)
        if text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise self.fail(key, allowed, text) from None


def _acu_ok(value: float, low: float) -> bool:
    return low <= value <= ACU_MAX and (value * 2) == math.trunc(value * 2)


def platform_name(stack: str) -> str:
    """The AuroraPlatform component's name for a stack: ``aurora-<stack>``, DNS-safe."""
    base = stack.rsplit("/", 1)[-1].lower()
    cleaned = re.sub(r"[^a-z0-9-]+", "-", base).strip("-") or "stack"
    return f"aurora-{cleaned}"


def platform_args(values: Mapping[str, str], *, stack: str) -> AuroraPlatformArgs:
    """Map the namespace's config values (short keys, string form) to ``AuroraPlatformArgs``.

    Raises :class:`ConfigError` naming the key, the value received and what is allowed.
    Checks that need the engine version or the whole topology (auto-pause support, a proxy with
    min 0) are the components' job; they raise ``ValueError`` at construction.
    """
    _refuse_unknown(values, stack)
    r = _Reader(values, stack)
    args: dict[str, Any] = {}
    stage = _stage_and_engine(r)
    args.update(_database_settings(r, stage))
    args.update(_network(r))
    args.update(_access_settings(r))
    args["tags"] = _tags(r)
    dsql = r.json_value("dsql", "{} (the dsql object is used only with engine dsql)")
    if dsql not in (None, {}):
        raise r.fail("dsql", "{} (the dsql object is used only with engine dsql)", dsql)
    return cast("AuroraPlatformArgs", args)


def project_values(config: Mapping[str, Any], project: str = NAMESPACE) -> dict[str, str]:
    """The project namespace's entries of a runtime config map (``"ns:key"`` -> string),
    keyed by their short names: what the program was given, declared or not."""
    prefix = f"{project}:"
    return {
        key.removeprefix(prefix): str(value)
        for key, value in config.items()
        if key.startswith(prefix)
    }


def refuse_unknown_keys(values: Mapping[str, str], *, stack: str) -> None:
    """Refuse keys of the project namespace that the config contract does not declare.

    The Pulumi CLI hands a program every key of the stack file, declared or not; the program
    calls this so that a misspelt key fails under the CLI too instead of being ignored.
    """
    _refuse_unknown(values, stack)


def _refuse_unknown(values: Mapping[str, str], stack: str) -> None:
    unknown = sorted(set(values) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(
            f"Stack '{stack}' has unknown configuration key '{unknown[0]}'; "
            f"allowed keys: {', '.join(sorted(CONFIG_KEYS))}"
        )


def _stage_and_engine(r: _Reader) -> str:
    """Check ``stage`` and ``engine``; return the stage."""
    stage = r.raw("stage")
    if stage is None:
        raise r.missing("stage")
    if stage not in STAGES:
        raise r.fail("stage", f"one of {', '.join(STAGES)}", stage)

    engine = r.string("engine", ENGINES[0])
    if engine in RESERVED_ENGINES:
        raise ConfigError(
            f"Stack '{r.stack}' with configuration key 'engine' is '{engine}', which is not "
            f"supported yet; allowed: {', '.join(ENGINES)}"
        )
    if engine not in ENGINES:
        raise r.fail("engine", f"one of {', '.join(ENGINES)}", engine)
    return stage


def _database_settings(r: _Reader, stage: str) -> dict[str, Any]:
    """engineVersion, capacity, auto-pause, readers, proxy, backups, deletion protection."""
    args: dict[str, Any] = {}
    version = r.raw("engineVersion")
    if not version:
        raise r.missing("engineVersion")
    if not _VERSION_RE.match(version):
        raise r.fail("engineVersion", 'a quoted major.minor version such as "16.4"', version)
    args["engine_version"] = version

    min_allowed = "0 or a multiple of 0.5 from 0.5 to 256 (ACUs)"
    min_acu = r.number("minCapacity", 0.5, min_allowed)
    if not (min_acu == 0 or _acu_ok(min_acu, 0.5)):
        raise r.fail("minCapacity", min_allowed, min_acu)
    max_allowed = "a multiple of 0.5 from 1 to 256 (ACUs)"
    max_acu = r.number("maxCapacity", 2.0, max_allowed)
    if not _acu_ok(max_acu, 1.0):
        raise r.fail("maxCapacity", max_allowed, max_acu)
    if max_acu < min_acu:
        raise r.fail("maxCapacity", f"at least minCapacity ({min_acu:g})", max_acu)
    args["min_capacity_acu"] = min_acu
    args["max_capacity_acu"] = max_acu

    pause = r.integer(
        "secondsUntilAutoPause",
        AUTO_PAUSE_DEFAULT_SECONDS,
        AUTO_PAUSE_MIN_SECONDS,
        AUTO_PAUSE_MAX_SECONDS,
    )
    if min_acu == 0:
        args["seconds_until_auto_pause"] = pause
    elif pause != AUTO_PAUSE_DEFAULT_SECONDS:
        raise r.fail(
            "secondsUntilAutoPause",
            f"left unset unless minCapacity is 0 (minCapacity is {min_acu:g})",
            pause,
        )

    args["reader_count"] = r.integer("readers", 0, 0, READERS_MAX)
    args["enable_proxy"] = r.boolean("proxy", False)
    args["backup_retention_days"] = r.integer(
        "backupRetentionDays", 7, BACKUP_MIN_DAYS, BACKUP_MAX_DAYS
    )
    args["deletion_protection"] = r.boolean("deletionProtection", True)
    args["protect_resources"] = stage == "prod"
    return args


def _access_settings(r: _Reader) -> dict[str, Any]:
    """clientSecurityGroupIds and alarmEmail."""
    args: dict[str, Any] = {}
    sg_allowed = "a list of security group ids (sg-...)"
    groups = r.json_value("clientSecurityGroupIds", sg_allowed)
    if groups is not None:
        if not isinstance(groups, list):
            raise r.fail("clientSecurityGroupIds", sg_allowed, groups)
        for group in groups:
            if not isinstance(group, str) or not _SG_RE.match(group):
                raise r.fail("clientSecurityGroupIds", sg_allowed, group)
        if groups:
            args["client_security_group_ids"] = list(groups)

    email = r.string("alarmEmail", "")
    if email and email != SECRET_PLACEHOLDER and not _EMAIL_RE.match(email):
        raise r.fail("alarmEmail", "an email address or empty", email)
    if email:
        args["alarm_email"] = email
    return args


# --------------------------------------------------------------------------------------------
# A fleet: several databases in one stack (config key ``databases``)


@dataclass(frozen=True)
class DatabaseSpec:
    """One entry of ``databases``, checked and mapped to AuroraPlatform arguments."""

    label: str
    """How messages name the entry: ``databases[1] (orders)``."""
    name: str
    """The entry's ``name``: its key in the ``databases`` stack output."""
    resource_name: str
    """The AuroraPlatform's name, also its cluster identifier: ``aurora-<stack>-<name>``."""
    args: AuroraPlatformArgs
    """The database's arguments; the program adds the shared network and key."""


@dataclass(frozen=True)
class FleetSpec:
    """A stack with ``databases``: one network and one KMS key shared by every database."""

    name: str
    """Base name of the shared resources (``<name>-kms``, ``<name>-network``): the name a
    single-database stack gives its AuroraPlatform, ``aurora-<stack>``."""
    network: dict[str, Any]
    """``vpc_cidr``/``az_count``/``interface_endpoints`` to create one network, or
    ``vpc_id``/``subnet_ids`` to adopt one (then no network resource is created)."""
    protect_resources: bool
    """Pulumi ``protect`` on the shared key (and, per database, on clusters and instances)."""
    tags: dict[str, str]
    """The stack's tags, for the shared resources."""
    databases: tuple[DatabaseSpec, ...]

    @property
    def adopts_network(self) -> bool:
        """True when the stack adopts an existing VPC."""
        return "vpc_id" in self.network


class _DatabaseReader(_Reader):
    """Reads one ``databases`` entry merged over the stack's values; messages name the entry
    and the key, and say when the offending value was inherited from the stack."""

    def __init__(
        self, values: Mapping[str, str], stack: str, label: str, own: frozenset[str]
    ) -> None:
        super().__init__(values, stack)
        self.label = label
        self.own = own

    def _inherited(self, key: str) -> str:
        root = key.split(".", 1)[0]
        return "" if root in self.own else f" (inherited from the stack's {root})"

    def fail(self, key: str, allowed: str, got: Any) -> ConfigError:
        return ConfigError(
            f"Stack '{self.stack}': {self.label}.{key}: must be {allowed}, "
            f"got {_show(got)}{self._inherited(key)}"
        )

    def missing(self, key: str) -> ConfigError:
        return ConfigError(
            f"Stack '{self.stack}': {self.label}.{key}: missing; set it on the database or "
            f"as the stack's {key}"
        )


def _is_zero(text: str | None) -> bool:
    try:
        return text is not None and float(text) == 0
    except ValueError:
        return False


def fleet_spec(values: Mapping[str, str], *, stack: str) -> FleetSpec | None:
    """The stack's databases when ``databases`` lists at least one, else ``None``.

    ``None`` (key absent or ``[]``, its default) means one database from the top-level keys:
    :func:`platform_args`, with exactly the resources and names a stack had before fleets.
    Otherwise the top-level database keys (engineVersion, minCapacity, ..., alarmEmail,
    clientSecurityGroupIds) are every entry's defaults, entry ``tags`` are merged over the
    stack's, and ``network``, ``stage`` and ``tags`` describe the shared resources. Errors name
    the entry and the key: ``databases[1] (orders).maxCapacity: must be ..., got ...``.
    """
    r = _Reader(values, stack)
    allowed = "a list of database objects {name, minCapacity, maxCapacity, ...}"
    entries = r.json_value("databases", allowed)
    if entries is None or entries == []:
        return None
    _refuse_unknown(values, stack)
    if not isinstance(entries, list):
        raise r.fail("databases", allowed, entries)
    if len(entries) > MAX_DATABASES:
        raise r.fail("databases", f"a list of at most {MAX_DATABASES} databases", len(entries))
    stage = _stage_and_engine(r)
    network = _network(r)
    tags = _tags(r)
    dsql = r.json_value("dsql", "{} (the dsql object is used only with engine dsql)")
    if dsql not in (None, {}):
        raise r.fail("dsql", "{} (the dsql object is used only with engine dsql)", dsql)

    base = platform_name(stack)
    budget = _PLATFORM_NAME_MAX - len(base) - 1
    seen: dict[str, str] = {}
    specs: list[DatabaseSpec] = []
    for index, entry in enumerate(entries):
        where = f"databases[{index}]"
        if not isinstance(entry, dict):
            raise r.fail(where, "an object {name, ...}", entry)
        name = entry.get("name")
        if not isinstance(name, str) or not _DATABASE_NAME_RE.match(name) or len(name) > budget:
            raise ConfigError(
                f"Stack '{stack}': {where}.name: must be lowercase letters, digits and single "
                f"hyphens, starting with a letter, at most {budget} characters (the cluster "
                f"identifier is {base}-<name>), got {_show(name)}"
            )
        label = f"{where} ({name})"
        if name in seen:
            raise ConfigError(
                f"Stack '{stack}': {label}.name: must be unique, got '{name}' again "
                f"(first in {seen[name]})"
            )
        seen[name] = where
        unknown = sorted(set(entry) - set(DATABASE_KEYS))
        if unknown:
            close = difflib.get_close_matches(unknown[0], DATABASE_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"Stack '{stack}': {label}.{unknown[0]}: is not a database key{hint}; "
                f"allowed: {', '.join(DATABASE_KEYS)}"
            )
        merged = {k: v for k, v in values.items() if k != "databases"}
        for key, value in entry.items():
            if key not in ("name", "tags", "databaseName"):
                merged[key] = config_string(value)
        if "tags" in entry:
            own_tags = entry["tags"]
            both = {**tags, **own_tags} if isinstance(own_tags, dict) else own_tags
            merged["tags"] = config_string(both)
        if "secondsUntilAutoPause" not in entry and not _is_zero(merged.get("minCapacity")):
            merged.pop("secondsUntilAutoPause", None)  # the stack's pause is for min 0 only
        dr = _DatabaseReader(merged, stack, label, frozenset(entry))
        args = _database_settings(dr, stage)
        args.update(_access_settings(dr))
        args["tags"] = _tags(dr)
        if "databaseName" in entry:
            database_name = entry["databaseName"]
            if not isinstance(database_name, str) or not _PG_NAME_RE.match(database_name):
                raise dr.fail(
                    "databaseName",
                    "1-63 letters, digits or underscores starting with a letter",
                    database_name,
                )
            args["database_name"] = database_name
        specs.append(DatabaseSpec(label, name, f"{base}-{name}", cast("AuroraPlatformArgs", args)))
    return FleetSpec(
        name=base,
        network=network,
        protect_resources=stage == "prod",
        tags=tags,
        databases=tuple(specs),
    )


AURORA_DEFAULTS: Final[dict[str, str]] = {
    "engineVersion": "",
    "minCapacity": "0.5",
    "maxCapacity": "2",
    "secondsUntilAutoPause": "300",
    "readers": "0",
    "proxy": "false",
    "backupRetentionDays": "7",
    "alarmEmail": "",
    "databases": "[]",
}
"""The Aurora-only keys and their ``Pulumi.yaml`` defaults, in string form."""


def explicit_values(values: Mapping[str, str]) -> dict[str, str]:
    """``values`` without the Aurora-only keys that hold their project default.

    The CLI merges every project default into the config before the program runs, so a key
    left out of the stack file and a key set to its default look the same. Code that must
    refuse Aurora-only settings (engine dsql) calls this first: only values that differ from
    the defaults remain.
    """
    result: dict[str, str] = {}
    for key, value in values.items():
        default = AURORA_DEFAULTS.get(key)
        if default is not None and _same_value(value, default):
            continue
        result[key] = value
    return result


def _same_value(value: str, default: str) -> bool:
    if value == default:
        return True
    try:
        return float(value) == float(default)
    except ValueError:
        return False


def _network(r: _Reader) -> dict[str, Any]:
    shape = "an object {cidr, azCount, endpoints} or {vpcId, subnetIds}"
    network = r.json_value("network", shape)
    if network is None:
        return {}
    if not isinstance(network, dict):
        raise r.fail("network", shape, network)
    keys = set(network)
    unknown = sorted(keys - set(NETWORK_CREATE_KEYS) - set(NETWORK_ADOPT_KEYS))
    if unknown:
        allowed = ", ".join(sorted({*NETWORK_CREATE_KEYS, *NETWORK_ADOPT_KEYS}))
        raise r.fail(
            f"network.{unknown[0]}",
            f"absent; allowed keys: {allowed}",
            network[unknown[0]],
        )
    creating = keys & {"cidr", "azCount"}
    adopting = keys & {"vpcId", "subnetIds"}
    if creating and adopting:
        raise r.fail("network", f"{shape}, not both", sorted(keys))
    out: dict[str, Any] = {}
    if adopting:
        vpc = network.get("vpcId")
        subnets = network.get("subnetIds")
        if not isinstance(vpc, str) or not _VPC_RE.match(vpc):
            raise r.fail("network.vpcId", "a VPC id (vpc-...) given with subnetIds", vpc)
        subnet_allowed = "a list of at least 2 subnet ids (subnet-...)"
        if not isinstance(subnets, list) or len(subnets) < 2:
            raise r.fail("network.subnetIds", subnet_allowed, subnets)
        for subnet in subnets:
            if not isinstance(subnet, str) or not _SUBNET_RE.match(subnet):
                raise r.fail("network.subnetIds", subnet_allowed, subnet)
        if "endpoints" in network:
            raise r.fail(
                "network.endpoints",
                "absent when adopting a VPC (it manages its own endpoints)",
                network["endpoints"],
            )
        out["vpc_id"] = vpc
        out["subnet_ids"] = list(subnets)
    else:
        if "cidr" in network:
            cidr = network["cidr"]
            cidr_allowed = "a private IPv4 network such as 10.40.0.0/16 (prefix /16 to /24)"
            try:
                net = ipaddress.IPv4Network(cidr, strict=True) if isinstance(cidr, str) else None
            except ValueError:
                net = None
            if net is None or not net.is_private or not 16 <= net.prefixlen <= 24:
                raise r.fail("network.cidr", cidr_allowed, cidr)
            out["vpc_cidr"] = cidr
        if "azCount" in network:
            count = network["azCount"]
            if isinstance(count, bool) or not isinstance(count, int) or count not in AZ_COUNTS:
                raise r.fail("network.azCount", "2 or 3", count)
            out["az_count"] = count
    if "endpoints" in network:
        endpoints = network["endpoints"]
        ep_allowed = "a list of short service names such as secretsmanager"
        if not isinstance(endpoints, list):
            raise r.fail("network.endpoints", ep_allowed, endpoints)
        for endpoint in endpoints:
            if not isinstance(endpoint, str) or not _ENDPOINT_RE.match(endpoint):
                raise r.fail("network.endpoints", ep_allowed, endpoint)
        if len(set(endpoints)) != len(endpoints):
            raise r.fail("network.endpoints", "a list without duplicates", endpoints)
        out["interface_endpoints"] = list(endpoints)
    return out


def _tags(r: _Reader) -> dict[str, str]:
    allowed = "an object of string values (keys 1-128 characters, not starting with aws:)"
    tags = r.json_value("tags", allowed)
    if tags is None:
        return {}
    if not isinstance(tags, dict):
        raise r.fail("tags", allowed, tags)
    for key, value in tags.items():
        if not 1 <= len(key) <= 128 or key.lower().startswith("aws:"):
            raise r.fail("tags", allowed, key)
        if not isinstance(value, str) or len(value) > 256:
            raise r.fail(f"tags.{key}", "a string of at most 256 characters", value)
    return dict(tags)
