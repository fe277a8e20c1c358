"""A project's ``Pulumi.yaml`` config block and a stack's config, checked as the Pulumi CLI does.

Pure functions, no Pulumi runtime and no I/O, and nothing specific to one program:

- :func:`parse_project` reads a parsed ``Pulumi.yaml`` and applies the checks the Pulumi CLI
  applies to its ``config:`` block.
- :func:`resolve_stack_config` merges a stack's ``config:`` map with the project's declarations
  and checks it the way ``pulumi preview`` does (missing values, declared types, secrets).
  Keys the project does not declare are accepted, as the CLI accepts them; a program that
  wants them refused refuses them itself when it runs.

Secure values (``{secure: v1:...}``) are never decrypted: they become a known placeholder of
the declared type (:data:`SECRET_PLACEHOLDER` for strings and undeclared keys; the declared
default, else 0, false or [] for integers, booleans and arrays), their keys are reported as
secret, and the program reads them as secrets, so every display shows ``[secret]``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from auroractl.errors import ConfigError

__all__ = [
    "SECRET_PLACEHOLDER",
    "ConfigDecl",
    "ConfigError",
    "ProjectSpec",
    "ResolvedConfig",
    "YamlFloat",
    "config_string",
    "namespace_values",
    "parse_project",
    "resolve_stack_config",
]

SECRET_PLACEHOLDER: Final = "[secret]"
"""What a secure value becomes offline, and how secrets are shown."""

_PROJECT_TYPES: Final = ("string", "integer", "boolean", "array")
_SECURE_KEY: Final = "secure"
_INT_RE: Final = re.compile(r"^[+-]?\d+$")


class YamlFloat(float):
    """A float read from YAML, with the text it was written as (``16.10``).

    The CLI reads a stack file's YAML numbers as numbers and hands the program their JSON text
    (pulumi/pulumi ``sdk/go/common/resource/config``: ``Value.UnmarshalYAML`` ->
    ``object.MarshalString``, which marshals a float64 with ``json.Marshal``), so an unquoted
    ``engineVersion: 16.10`` reaches the program as ``"16.1"``. Keeping the written text lets
    :func:`resolve_stack_config` refuse a string key whose text would change.
    """

    text: str

    def __new__(cls, value: float, text: str) -> YamlFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number


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
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, int):
        return repr(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=False)


def _number_text(value: float) -> str:
    """A float as Go's ``json.Marshal`` writes it, which is what the CLI passes on: the
    shortest digits, no exponent from 1e-6 to 1e21, no ``.0`` (``16.10`` -> ``16.1``,
    ``3.0`` -> ``3``)."""
    if not math.isfinite(value):
        return repr(value)
    if value == 0 or 1e-6 <= abs(value) < 1e21:
        return format(Decimal(repr(value)).normalize(), "f")
    return repr(value)


def _placeholder(decl: ConfigDecl | None) -> Any:
    """The known value a secure key gets offline: :data:`SECRET_PLACEHOLDER` for text, else a
    value of its type (the declared default, or 0, false or [])."""
    if decl is None or decl.type == "string":
        return SECRET_PLACEHOLDER
    if decl.type is None:  # a number or an object by its default, else text
        text = decl.default is None or isinstance(decl.default, str)
        return SECRET_PLACEHOLDER if text else decl.default
    if decl.default is not None:
        return decl.default
    return {"integer": 0, "boolean": False, "array": []}.get(decl.type, SECRET_PLACEHOLDER)


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

    Checks, as the CLI does, for each declared key in sorted order: a plaintext value for a
    ``secret`` key and a value of the wrong declared type (first error wins); finally every
    missing required key in one message (``Stack 'dev' is missing configuration value 'stage'``).
    Undeclared keys pass, as under the CLI.
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
                merged[full] = _placeholder(decl)
            continue
        if decl.secret:
            raise ConfigError(
                f"Stack '{stack}' with configuration key '{decl.key}' must be encrypted as "
                "it's secret"
            )
        if decl.type == "string" and isinstance(value, YamlFloat):
            _refuse_changed_number(stack, decl.key, value)
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
            merged[key] = _placeholder(declared.get(key))
    strings = {k: config_string(v) for k, v in merged.items()}
    return ResolvedConfig(values=merged, strings=strings, secret_keys=frozenset(secret_keys))


def _refuse_changed_number(stack: str, key: str, value: YamlFloat) -> None:
    """A string key written as a YAML number whose text the CLI would change (``16.10``)."""
    passed = _number_text(value)
    if passed != value.text:
        raise ConfigError(
            f"Stack '{stack}' with configuration key '{key}' must be a quoted string, got the "
            f"YAML number {value.text}, which the Pulumi CLI passes on as '{passed}'; "
            f'write {key}: "{value.text}"'
        )


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _missing_message(stack: str, keys: list[str]) -> str:
    keys = sorted(keys)
    if len(keys) == 1:
        return f"Stack '{stack}' is missing configuration value '{keys[0]}'"
    quoted = [f"'{k}'" for k in keys]
    listed = ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
    return f"Stack '{stack}' is missing configuration values {listed}"


def namespace_values(resolved: ResolvedConfig, project: str) -> dict[str, str]:
    """The project namespace's values as ``pulumi.Config(project).get(key)`` returns them."""
    prefix = project + ":"
    return {k[len(prefix) :]: v for k, v in resolved.strings.items() if k.startswith(prefix)}
