"""The ``--policy-pack-config`` file and the engine's config merge (``plan`` and ``audit``).

Mirrors the Pulumi engine (``pkg/resource/analyzer/config.go``): each policy starts from its
schema defaults and its own level, then the pack's ``initial_config`` is applied, then the file;
in each layer ``"all"`` sets every policy's level before per-policy entries apply. A layer entry
whose level is unset on the wire reads as ``advisory`` (proto default), as in the engine. The
merged properties are validated against each policy's JSON schema. Stricter than the engine:
unknown policy names and properties no schema declares are errors, not silently ignored.

It lives outside the command layers so ``auroractl plan`` (``auroractl.policy``) and
``auroractl audit`` (``auroractl.ops``) validate a config file with the same code and messages.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auroractl.inputs import InputError, loads_json, read_text


class PolicyConfigError(ValueError):
    """The ``--policy-pack-config`` file is invalid (message ready to print)."""


LEVELS = ("advisory", "mandatory", "remediate", "disabled")


ALL = "all"


@dataclass(frozen=True)
class PolicyConfigEntry:
    """One layer's setting for one policy."""

    level: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PolicyConfigFile:
    """A parsed ``--policy-pack-config`` file: policy name (or ``"all"``) → entry."""

    source: str
    entries: dict[str, PolicyConfigEntry]


def _bad(source: str, what: str, got: Any, allowed: str) -> PolicyConfigError:
    return PolicyConfigError(f"{source}: {what} is invalid: got {json.dumps(got)}; {allowed}")


def _level(source: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or value not in LEVELS:
        raise _bad(source, f"enforcement level of {key!r}", value, f"allowed: {', '.join(LEVELS)}")
    return value


def parse_policy_config(data: Any, source: str) -> PolicyConfigFile:
    """Shape-check a decoded config file (names are checked against the pack later)."""
    if data is None:
        return PolicyConfigFile(source, {})
    if not isinstance(data, dict):
        raise _bad(
            source, "the file", data, "expected a JSON object of policy name → level or object"
        )
    entries: dict[str, PolicyConfigEntry] = {}
    for key, value in data.items():
        if isinstance(value, str):
            entries[key] = PolicyConfigEntry(level=_level(source, key, value))
        elif isinstance(value, dict):
            props = dict(value)
            level = None
            if "enforcementLevel" in props:
                level = _level(source, key, props.pop("enforcementLevel"))
            if key == ALL and props:
                raise _bad(source, "'all'", value, f"it takes only a level: {', '.join(LEVELS)}")
            entries[key] = PolicyConfigEntry(level=level, properties=props)
        else:
            raise _bad(
                source,
                f"entry {key!r}",
                value,
                'expected a level string or an object like {"enforcementLevel": "advisory", ...}',
            )
    return PolicyConfigFile(source, entries)


def load_policy_config(path: Path) -> PolicyConfigFile:
    """Read and shape-check a ``--policy-pack-config`` JSON file (empty file = no config)."""
    try:
        text = read_text(path, "--policy-pack-config")
        if not text.strip():
            return PolicyConfigFile(str(path), {})
        data = loads_json(text, f"--policy-pack-config {str(path)!r}")
    except InputError as exc:
        raise PolicyConfigError(str(exc)) from None
    return parse_policy_config(data, str(path))


@dataclass(frozen=True)
class PolicyMeta:
    """What the config merge needs to know about one policy (from ``GetAnalyzerInfo``)."""

    name: str
    level: str
    schema: dict[str, Any]
    required: list[str]


def _apply(result: dict[str, PolicyConfigEntry], layer: Mapping[str, PolicyConfigEntry]) -> None:
    all_entry = layer.get(ALL)
    if all_entry is not None and all_entry.level is not None:
        for name, entry in result.items():
            result[name] = PolicyConfigEntry(all_entry.level, entry.properties)
    for name, given in layer.items():
        if name == ALL or name not in result:
            continue
        current = result[name]
        result[name] = PolicyConfigEntry(
            given.level if given.level is not None else current.level,
            {**current.properties, **given.properties},
        )


def merge_config(
    policies: Sequence[PolicyMeta],
    initial: Mapping[str, PolicyConfigEntry],
    file: PolicyConfigFile | None,
) -> dict[str, PolicyConfigEntry]:
    """Schema defaults → pack initial config → file; validated. Raises PolicyConfigError."""
    known = {p.name: p for p in policies}
    if file is not None:
        for name, entry in file.entries.items():
            if name == ALL:
                continue
            if name not in known:
                raise PolicyConfigError(
                    f"{file.source}: policy {name!r} is not in the pack; "
                    f"allowed: 'all' or one of {', '.join(sorted(known))}"
                )
            declared = known[name].schema
            for prop in entry.properties:
                if prop not in declared:
                    allowed = ", ".join(sorted(declared)) or "none (only enforcementLevel)"
                    raise PolicyConfigError(
                        f"{file.source}: {name}.{prop} is not a config property of the policy; "
                        f"allowed: enforcementLevel, {allowed}"
                    )
    result = {
        p.name: PolicyConfigEntry(
            p.level, {k: v["default"] for k, v in p.schema.items() if "default" in v}
        )
        for p in policies
    }
    _apply(result, initial)
    if file is not None:
        _apply(result, file.entries)
    source = file.source if file is not None else "policy pack config"
    for p in policies:
        props = result[p.name].properties
        for req in p.required:
            if req not in props:
                raise PolicyConfigError(f"{source}: {p.name}.{req} is required but not set")
        for prop, value in props.items():
            if prop in p.schema:
                _check_schema(value, p.schema[prop], f"{p.name}.{prop}", source)
    return result


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _type_ok(value: Any, kind: str) -> bool:
    if kind not in _JSON_TYPES:
        return True
    if isinstance(value, bool) and kind not in ("boolean",):
        return False
    if not isinstance(value, _JSON_TYPES[kind]):
        return False
    if kind == "integer":
        return isinstance(value, int) or (
            isinstance(value, float) and math.isfinite(value) and value.is_integer()
        )
    return True


def _check_schema(value: Any, schema: Mapping[str, Any], where: str, source: str) -> None:
    """The subset of JSON Schema policy configs use: type, enum, bounds, items, properties."""
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else list(kind) if isinstance(kind, list) else []
    if kinds and not any(_type_ok(value, k) for k in kinds):
        raise _bad(source, where, value, f"expected type {' or '.join(kinds)}")
    if "enum" in schema and value not in schema["enum"]:
        raise _bad(source, where, value, f"allowed: {json.dumps(schema['enum'])}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        for key, sign in (
            ("minimum", ">="),
            ("maximum", "<="),
            ("exclusiveMinimum", ">"),
            ("exclusiveMaximum", "<"),
        ):
            bound = schema.get(key)
            if (
                isinstance(bound, int | float)
                and not isinstance(bound, bool)
                and not _within(float(value), sign, float(bound))
            ):
                raise _bad(source, where, value, f"must be {sign} {bound:g}")
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for i, item in enumerate(value):
            _check_schema(item, schema["items"], f"{where}[{i}]", source)
    if isinstance(value, dict) and isinstance(schema.get("properties"), Mapping):
        for key, item in value.items():
            sub = schema["properties"].get(key)
            if isinstance(sub, Mapping):
                _check_schema(item, sub, f"{where}.{key}", source)


def _within(value: float, sign: str, bound: float) -> bool:
    if sign == ">=":
        return value >= bound
    if sign == "<=":
        return value <= bound
    if sign == ">":
        return value > bound
    return value < bound
