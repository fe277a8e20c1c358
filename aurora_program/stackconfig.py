"""The program's stack config contract: every key, its checks and its mapping to component args.

Pure functions over the namespace's values as ``pulumi.Config`` returns them (short keys,
strings; objects and lists as JSON). Every error is a :class:`ConfigError` naming the key the
user wrote, the value received and what is allowed.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import math
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import pulumi

from aurora_program import identifiers, schema
from aurora_program.schema import CONFIG_SCHEMA

if TYPE_CHECKING:
    from aurora_components import AuroraPlatformArgs

__all__ = [
    "ARG_KEYS",
    "AURORA_DEFAULTS",
    "CONFIG_KEYS",
    "NAMESPACE",
    "SECRET_ARGS",
    "SECRET_PLACEHOLDER",
    "ConfigError",
    "DatabaseSpec",
    "FleetSpec",
    "KeyKind",
    "check_stack_name",
    "component_error",
    "component_errors",
    "config_string",
    "explicit_values",
    "fleet_spec",
    "keep_secret",
    "platform_args",
    "platform_name",
    "project_values",
    "refuse_plaintext_only_secrets",
    "refuse_unknown_keys",
    "secret_keys",
]

NAMESPACE: Final = "aurora-platform"
"""The project name and the config namespace of every key below."""

SECRET_PLACEHOLDER: Final = "[secret]"
"""How a secret value is shown; an offline plan gives secure values this placeholder."""

KeyKind = Literal["string", "integer", "boolean", "number", "array", "object"]

_PROPERTIES: Final[dict[str, Any]] = CONFIG_SCHEMA["properties"]


def _kind(key: str) -> KeyKind:
    declared = schema.pulumi_type(key).get("type")
    if declared is not None:
        return cast(KeyKind, declared)
    return "number" if _PROPERTIES[key]["type"] == "number" else "object"


CONFIG_KEYS: Final[dict[str, KeyKind]] = {key: _kind(key) for key in _PROPERTIES}
"""Every key of the namespace and the kind of value it holds (from :data:`CONFIG_SCHEMA`).
``number`` and ``object`` (lists of objects included) are declared without ``type`` in
``Pulumi.yaml``: the project schema has no float type and older CLIs reject ``type: object``."""

STAGES: Final = tuple(_PROPERTIES["stage"]["enum"])
RESERVED_ENGINES: Final = ("dsql",)
ENGINES: Final = tuple(e for e in _PROPERTIES["engine"]["enum"] if e not in RESERVED_ENGINES)
NETWORK_CREATE_KEYS: Final = ("cidr", "azCount", "endpoints")
NETWORK_ADOPT_KEYS: Final = ("vpcId", "subnetIds")
DATABASE_KEYS: Final = tuple(_PROPERTIES["databases"]["items"]["properties"])
"""Keys of one ``databases`` entry: ``name`` plus the per-database subset of the stack keys
(which are the entry's defaults) and ``databaseName`` (the initial PostgreSQL database)."""
MAX_DATABASES: Final = int(_PROPERTIES["databases"]["maxItems"])
_INT_RE: Final = re.compile(r"[+-]?[0-9]+")
_NUMBER_RE: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""What ``pulumi.Config.get_float`` should accept: ``float()`` alone also takes whitespace, a
trailing newline, ``1_0``, ``nan`` and ``inf``."""


class ConfigError(pulumi.ConfigTypeError):
    """Invalid stack configuration; the message is one line naming the key, ready to print.

    A ``pulumi.ConfigTypeError`` (a ``pulumi.RunError``): under the Pulumi CLI the program stops
    with this one line and no traceback, and any offline engine can tell bad config from a
    program failure by the SDK's own type.
    """

    def __init__(self, message: str) -> None:
        pulumi.RunError.__init__(self, message)
        self.key = ""
        self.value = ""
        self.expect_type = ""


ARG_KEYS: Final[dict[str, str]] = {
    "engine_version": "engineVersion",
    "min_capacity_acu": "minCapacity",
    "max_capacity_acu": "maxCapacity",
    "seconds_until_auto_pause": "secondsUntilAutoPause",
    "reader_count": "readers",
    "enable_proxy": "proxy",
    "backup_retention_days": "backupRetentionDays",
    "deletion_protection": "deletionProtection",
    "client_security_group_ids": "clientSecurityGroupIds",
    "alarm_email": "alarmEmail",
    "database_name": "databaseName",
    "vpc_cidr": "network.cidr",
    "az_count": "network.azCount",
    "vpc_id": "network.vpcId",
    "subnet_ids": "network.subnetIds",
    "interface_endpoints": "network.endpoints",
    "peer_region": "dsql.peerRegion",
    "witness_region": "dsql.witnessRegion",
    "application_role_names": "dsql.applicationRoleNames",
    "enable_vpc_endpoint": "dsql.vpcEndpoint",
}
"""Component argument -> the config key the user wrote, for component messages."""
_ARG_RE: Final = re.compile(r"\b(" + "|".join(ARG_KEYS) + r")\b")


def component_error(error: ValueError, *, stack: str, label: str = "") -> ConfigError:
    """A component's ``ValueError`` as one line in the user's words: ``engineVersion``, not
    ``engine_version``; ``label`` names a fleet entry (``databases[1] (orders)``)."""
    text = _ARG_RE.sub(lambda m: ARG_KEYS[m.group(1)], str(error).strip().splitlines()[0])
    where = f"{label}: " if label else ""
    return ConfigError(f"Stack '{stack}': {where}{text}")


@contextmanager
def component_errors(*, stack: str, label: str = "") -> Iterator[None]:
    """Inside, a component's ``ValueError`` becomes :func:`component_error`: one line in the
    user's keys, a ``pulumi.RunError`` the CLI prints without a traceback."""
    try:
        yield
    except ValueError as exc:
        raise component_error(exc, stack=stack, label=label) from None


def config_string(value: Any) -> str:
    """A config value as the Pulumi runtime holds it: scalars as text, objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=False)


# --------------------------------------------------------------------------------------------
# Mapping to AuroraPlatformArgs


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _default(key: str) -> Any:
    return _PROPERTIES[key]["default"]


class _Reader:
    """Parses the namespace's values, which the runtime holds as strings (JSON for objects),
    into the typed values :data:`CONFIG_SCHEMA` describes, and checks them with it.

    Parsing is hand-written because the schema describes values, not their string form: the
    CLI hands a program ``"0.5"``, ``"true"`` and JSON text, and Python's ``int``/``float``
    accept more than the CLI's types (whitespace, ``1_0``, ``nan``). Every error names the
    stack, the key and the value (``[secret]`` for the value of a secret key).
    """

    def __init__(self, values: Mapping[str, str], stack: str, secret: Collection[str] = ()) -> None:
        self.values = values
        self.stack = stack
        self.secret = frozenset(secret)

    def shown(self, key: str, got: Any) -> str:
        return SECRET_PLACEHOLDER if key.split(".", 1)[0] in self.secret else _show(got)

    def fail(self, key: str, allowed: str, got: Any) -> ConfigError:
        return ConfigError(
            f"Stack '{self.stack}' with configuration key '{key}' must be {allowed}, "
            f"got {self.shown(key, got)}"
        )

    def missing(self, key: str) -> ConfigError:
        return ConfigError(f"Stack '{self.stack}' is missing configuration value '{key}'")

    def raw(self, key: str) -> str | None:
        return self.values.get(key)

    def string(self, key: str) -> str:
        """A string key, its schema default when unset."""
        value = self.raw(key)
        return str(_default(key)) if value is None else value

    def integer(self, key: str) -> int:
        """An integer key in its schema range, its schema default when unset."""
        text = self.raw(key)
        if text is None:
            return int(_default(key))
        if not _INT_RE.fullmatch(text):
            raise self.fail(key, schema.allowed(key), text)
        value = int(text)
        if not schema.is_valid(key, value):
            raise self.fail(key, schema.allowed(key), value)
        return value

    def boolean(self, key: str) -> bool:
        """``true`` or ``false`` (what the CLI accepts for a boolean key)."""
        text = self.raw(key)
        if text is None:
            return bool(_default(key))
        if text not in ("true", "false"):
            raise self.fail(key, schema.allowed(key), text)
        return text == "true"

    def number(self, key: str) -> float:
        """A number key allowed by its schema, its schema default when unset."""
        text = self.raw(key)
        if text is None:
            return float(_default(key))
        if not _NUMBER_RE.fullmatch(text) or not math.isfinite(float(text)):
            raise self.fail(key, schema.allowed(key), text)
        value = float(text)
        if not schema.is_valid(key, value):
            raise self.fail(key, schema.allowed(key), value)
        return value

    def json_value(self, key: str, allowed: str) -> Any:
        text = self.raw(key)
        if text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise self.fail(key, allowed, text) from None


def platform_name(stack: str) -> str:
    """The AuroraPlatform component's name for a one-database stack (``aurora-<stack>`` for
    the names it always had; see :mod:`aurora_program.identifiers`).

    Raises :class:`ConfigError` for a stack name the Pulumi CLI would refuse.
    """
    check_stack_name(stack)
    return identifiers.stack_identifier(stack)


def check_stack_name(stack: str) -> None:
    """Refuse a stack name the Pulumi CLI would refuse (``../x``, ``a b``, 300 characters)."""
    problem = identifiers.stack_name_problem(stack)
    if problem is not None:
        shown = stack if len(stack) <= 60 else f"{stack[:40]}... ({len(stack)} characters)"
        raise ConfigError(f"Stack name {_show(_printable(shown))} {problem}")


def _printable(text: str) -> str:
    """``text`` with control characters escaped, so a message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def platform_args(
    values: Mapping[str, str], *, stack: str, secret_keys: Collection[str] = ()
) -> AuroraPlatformArgs:
    """Map the namespace's config values (short keys, string form) to ``AuroraPlatformArgs``.

    Raises :class:`ConfigError` naming the key, the value received and what is allowed.
    Checks that need the engine version or the whole topology (auto-pause support, a proxy with
    min 0) are the components' job; they raise ``ValueError`` at construction.
    """
    _refuse_unknown(values, stack)
    r = _Reader(values, stack, secret_keys)
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


SECRET_ARGS: Final[dict[str, str]] = {"alarmEmail": "alarm_email"}
"""Keys the program keeps secret when the stack stores them encrypted -> the argument that
carries them (as a secret ``Output``) to the resources."""


def secret_keys(config_keys: Collection[str], project: str = NAMESPACE) -> frozenset[str]:
    """The short keys of the project namespace among ``config_keys`` (full ``ns:key`` names of
    the config the runtime marks secret)."""
    prefix = f"{project}:"
    return frozenset(k.removeprefix(prefix) for k in config_keys if k.startswith(prefix))


def refuse_plaintext_only_secrets(secret: Collection[str], *, stack: str) -> None:
    """Refuse a secure value for a key the program passes to AWS in plaintext (everything but
    :data:`SECRET_ARGS`): stored encrypted, it would still land in resource inputs as text."""
    for key in sorted(set(secret) - set(SECRET_ARGS)):
        raise ConfigError(
            f"Stack '{stack}' with configuration key '{key}' must be plaintext, got a secure "
            f"value: the program passes {key} to AWS as it is (only "
            f"{', '.join(SECRET_ARGS)} can be kept secret)"
        )


def keep_secret(args: Mapping[str, Any], secret: Collection[str]) -> dict[str, Any]:
    """``args`` with the arguments of secret keys wrapped in ``pulumi.Output.secret``, so the
    value reaches the resources (and every display) as a secret."""
    out = dict(args)
    for key, arg in SECRET_ARGS.items():
        if key in secret and arg in out:
            out[arg] = pulumi.Output.secret(out[arg])
    return out


def refuse_unknown_keys(values: Mapping[str, str], *, stack: str) -> None:
    """Refuse keys of the project namespace that the config contract does not declare.

    The Pulumi CLI hands a program every key of the stack file, declared or not; the program
    calls this so that a misspelt key fails under the CLI too instead of being ignored.
    """
    _refuse_unknown(values, stack)


def _refuse_unknown(values: Mapping[str, str], stack: str) -> None:
    unknown = sorted(set(values) - set(CONFIG_KEYS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(CONFIG_KEYS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(
            f"Stack '{stack}' has unknown configuration key '{unknown[0]}'{hint}; "
            f"allowed keys: {', '.join(sorted(CONFIG_KEYS))}"
        )


def _stage_and_engine(r: _Reader) -> str:
    """Check ``stage`` and ``engine``; return the stage."""
    stage = r.raw("stage")
    if stage is None:
        raise r.missing("stage")
    if not schema.is_valid("stage", stage):
        raise r.fail("stage", schema.allowed("stage"), stage)

    engine = r.string("engine")
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
    if not schema.is_valid("engineVersion", version):
        raise r.fail("engineVersion", schema.allowed("engineVersion"), version)
    args["engine_version"] = version

    min_acu = r.number("minCapacity")
    max_acu = r.number("maxCapacity")
    if max_acu < min_acu:
        raise r.fail("maxCapacity", f"at least minCapacity ({min_acu:g})", max_acu)
    args["min_capacity_acu"] = min_acu
    args["max_capacity_acu"] = max_acu

    pause = r.integer("secondsUntilAutoPause")
    if min_acu == 0:
        args["seconds_until_auto_pause"] = pause
    elif pause != _default("secondsUntilAutoPause"):
        raise r.fail(
            "secondsUntilAutoPause",
            f"left unset unless minCapacity is 0 (minCapacity is {min_acu:g})",
            pause,
        )

    args["reader_count"] = r.integer("readers")
    args["enable_proxy"] = r.boolean("proxy")
    args["backup_retention_days"] = r.integer("backupRetentionDays")
    args["deletion_protection"] = r.boolean("deletionProtection")
    args["protect_resources"] = stage == "prod"
    return args


def _access_settings(r: _Reader) -> dict[str, Any]:
    """clientSecurityGroupIds and alarmEmail."""
    args: dict[str, Any] = {}
    sg_allowed = schema.allowed("clientSecurityGroupIds")
    groups = r.json_value("clientSecurityGroupIds", sg_allowed)
    if groups is not None:
        if not isinstance(groups, list):
            raise r.fail("clientSecurityGroupIds", sg_allowed, groups)
        for group in groups:
            if not schema.is_valid("clientSecurityGroupIds", [group]):
                raise r.fail("clientSecurityGroupIds", sg_allowed, group)
        if groups:
            args["client_security_group_ids"] = list(groups)

    email = r.string("alarmEmail")
    if email != SECRET_PLACEHOLDER and not schema.is_valid("alarmEmail", email):
        raise r.fail("alarmEmail", schema.allowed("alarmEmail"), email)
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
        self,
        values: Mapping[str, str],
        stack: str,
        label: str,
        own: frozenset[str],
        secret: Collection[str] = (),
    ) -> None:
        super().__init__(values, stack, secret)
        self.label = label
        self.own = own

    def _inherited(self, key: str) -> str:
        root = key.split(".", 1)[0]
        return "" if root in self.own else f" (inherited from the stack's {root})"

    def fail(self, key: str, allowed: str, got: Any) -> ConfigError:
        return ConfigError(
            f"Stack '{self.stack}': {self.label}.{key}: must be {allowed}, "
            f"got {self.shown(key, got)}{self._inherited(key)}"
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


def fleet_spec(
    values: Mapping[str, str], *, stack: str, secret_keys: Collection[str] = ()
) -> FleetSpec | None:
    """The stack's databases when ``databases`` lists at least one, else ``None``.

    ``None`` (key absent or ``[]``, its default) means one database from the top-level keys:
    :func:`platform_args`, with exactly the resources and names a stack had before fleets.
    Otherwise the top-level database keys (engineVersion, minCapacity, ..., alarmEmail,
    clientSecurityGroupIds) are every entry's defaults, entry ``tags`` are merged over the
    stack's, and ``network``, ``stage`` and ``tags`` describe the shared resources. Errors name
    the entry and the key: ``databases[1] (orders).maxCapacity: must be ..., got ...``.
    """
    r = _Reader(values, stack, secret_keys)
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
    budget = identifiers.fleet_name_budget(stack)
    limit = identifiers.DATABASE_NAME_MAX if budget is None else budget
    shape = "" if budget is None else f" (the cluster identifier is {base}-<name>)"
    seen: dict[str, str] = {}
    specs: list[DatabaseSpec] = []
    for index, entry in enumerate(entries):
        where = f"databases[{index}]"
        if not isinstance(entry, dict):
            raise r.fail(where, "an object {name, ...}", entry)
        name = entry.get("name")
        if (
            not isinstance(name, str)
            or not schema.is_valid("databases.name", name)
            or len(name) > limit
        ):
            raise ConfigError(
                f"Stack '{stack}': {where}.name: must be lowercase letters, digits and single "
                f"hyphens, starting with a letter, at most {limit} characters{shape}, "
                f"got {_show(name)}"
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
        dr = _DatabaseReader(merged, stack, label, frozenset(entry), r.secret)
        args = _database_settings(dr, stage)
        args.update(_access_settings(dr))
        args["tags"] = _tags(dr)
        if "databaseName" in entry:
            database_name = entry["databaseName"]
            if not schema.is_valid("databases.databaseName", database_name):
                raise dr.fail(
                    "databaseName", schema.allowed("databases.databaseName"), database_name
                )
            args["database_name"] = database_name
        resource_name = identifiers.database_identifier(stack, name)
        specs.append(DatabaseSpec(label, name, resource_name, cast("AuroraPlatformArgs", args)))
    return FleetSpec(
        name=base,
        network=network,
        protect_resources=stage == "prod",
        tags=tags,
        databases=tuple(specs),
    )


AURORA_DEFAULTS: Final[dict[str, str]] = {
    key: config_string(spec["default"])
    for key, spec in _PROPERTIES.items()
    if spec.get("x-aurora-only")
}
"""The Aurora-only keys (``x-aurora-only`` in the schema) and their defaults, in string form."""


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
        if not schema.is_valid("network.vpcId", vpc):
            raise r.fail("network.vpcId", schema.allowed("network.vpcId"), vpc)
        subnet_allowed = schema.allowed("network.subnetIds")
        if not isinstance(subnets, list) or len(subnets) < 2:
            raise r.fail("network.subnetIds", subnet_allowed, subnets)
        for subnet in subnets:
            if not schema.is_valid("network.subnetIds", [subnet, subnet]):
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
            cidr_allowed = schema.allowed("network.cidr")
            try:
                net = ipaddress.IPv4Network(cidr, strict=True) if isinstance(cidr, str) else None
            except ValueError:
                net = None
            if net is None or not net.is_private or not 16 <= net.prefixlen <= 24:
                raise r.fail("network.cidr", cidr_allowed, cidr)
            out["vpc_cidr"] = cidr
        if "azCount" in network:
            count = network["azCount"]
            if not schema.is_valid("network.azCount", count):
                raise r.fail("network.azCount", schema.allowed("network.azCount"), count)
            out["az_count"] = count
    if "endpoints" in network:
        endpoints = network["endpoints"]
        ep_allowed = schema.allowed("network.endpoints")
        if not isinstance(endpoints, list):
            raise r.fail("network.endpoints", ep_allowed, endpoints)
        for endpoint in endpoints:
            if not schema.is_valid("network.endpoints", [endpoint]):
                raise r.fail("network.endpoints", ep_allowed, endpoint)
        if len(set(endpoints)) != len(endpoints):
            raise r.fail("network.endpoints", "a list without duplicates", endpoints)
        out["interface_endpoints"] = list(endpoints)
    return out


def _tags(r: _Reader) -> dict[str, str]:
    allowed = schema.allowed("tags")
    tags = r.json_value("tags", allowed)
    if tags is None:
        return {}
    if not isinstance(tags, dict):
        raise r.fail("tags", allowed, tags)
    for key, value in tags.items():
        if not schema.is_valid("tags", {key: ""}):
            raise r.fail("tags", allowed, key)
        if not schema.is_valid("tags", {key: value}):
            raise r.fail(f"tags.{key}", "a string of at most 256 characters", value)
    return dict(tags)
