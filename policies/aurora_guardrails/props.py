"""Reading resource properties the way every Pulumi program delivers them.

Properties arrive with camelCase wire names, numbers as floats, secrets unwrapped (or, when a
caller hands us raw wire data, as `{"4dabf…": "1b47…", "value": …}` envelopes) and, during
preview, computed values as typed sentinel strings. `Props` turns all of that into plain data and
offers small typed getters:

- `is_set(key)` never fails on an unknown: an unknown value will be set by the provider, so it
  counts as set (a computed key ARN is a customer-managed key, a computed id exists).
- `bool_`, `num`, `str_`, `list_`, `obj` return `None` when the key is unset and raise
  `pulumi_policy`'s `UnknownValueError` when the value is unknown, so the SDK reports the usual
  advisory "can't run policy … during preview" instead of a wrong verdict.
- `show(value)` formats a value for a message; it is only ever called on non-secret fields.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
    _DictProxy,
    _ListProxy,
)
from pulumi_policy.secret import Secret, _DictSecretsProxy, _ListSecretsProxy

__all__ = [
    "SECRET_SIG",
    "SIG_KEY",
    "UNKNOWN_SENTINELS",
    "Props",
    "is_unknown",
    "plain",
    "show",
]

SIG_KEY = "4dabf18193072939515e22adb298388d"
"""Key marking a special wire value (secret, asset, archive)."""

SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
"""Signature of a secret wire value."""

UNKNOWN_SENTINELS = frozenset(
    {
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    }
)
"""The typed sentinel strings the engine sends for values unknown during preview."""


def is_unknown(value: Any) -> bool:
    """True when `value` is one of the engine's unknown sentinels."""
    return isinstance(value, str) and value in UNKNOWN_SENTINELS


def plain(value: Any) -> Any:
    """Return `value` as plain dicts, lists and scalars.

    Unwraps the SDK's unknown-checking and secret-preserving proxies without reading through them
    (so no `UnknownValueError` is raised here), `Secret` objects and secret wire envelopes.
    Unknown sentinels are kept as they are.
    """
    if isinstance(value, _DictProxy | _DictSecretsProxy):
        return plain(value["__target"])
    if isinstance(value, _ListProxy | _ListSecretsProxy):
        return plain(value["__target"])
    if isinstance(value, Secret):
        return plain(value.value)
    if isinstance(value, Mapping):
        if value.get(SIG_KEY) == SECRET_SIG:
            return plain(value.get("value"))
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def show(value: Any) -> str:
    """Format a (non-secret) property value for a violation message.

    Floats that are whole numbers print without `.0` (`5432.0` → `5432`), booleans as `true` /
    `false`, unset as `unset`, strings in double quotes, lists and objects as compact JSON.
    """
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    return json.dumps(plain(value), separators=(",", ":"), sort_keys=True)


class Props:
    """Typed, unknown-aware access to one resource's properties (camelCase keys)."""

    def __init__(self, source: Any, path: tuple[str, ...] = ()) -> None:
        data = plain(source) if source is not None else {}
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self._path = path

    # -- presence ---------------------------------------------------------------------------
    def raw(self, key: str) -> Any:
        """The plain value (possibly an unknown sentinel), `None` when unset."""
        return self.data.get(key)

    def is_unknown(self, key: str) -> bool:
        """True when the value of `key` is unknown (preview)."""
        return is_unknown(self.data.get(key))

    def is_set(self, key: str) -> bool:
        """True when `key` holds a value: unknown counts as set; `None`, `""`, `[]` do not."""
        value = self.data.get(key)
        return value is not None and value != "" and value != [] and value != {}

    # -- typed getters ----------------------------------------------------------------------
    def _known(self, key: str) -> Any:
        value = self.data.get(key)
        if isinstance(value, str) and is_unknown(value):
            raise UnknownValueError(value, [*self._path, key])
        return value

    def bool_(self, key: str) -> bool | None:
        """The boolean at `key`; `None` when unset. Strings "true"/"false" are accepted."""
        value = self._known(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip().lower() == "true"
        return bool(value)

    def num(self, key: str) -> float | None:
        """The number at `key` as a float; `None` when unset or not numeric."""
        value = self._known(key)
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return None
        return None

    def str_(self, key: str) -> str | None:
        """The string at `key`; `None` when unset. Numbers are formatted without `.0`."""
        value = self._known(key)
        if value is None:
            return None
        if isinstance(value, float | int) and not isinstance(value, bool):
            return show(value)
        return str(value) if isinstance(value, str) else None

    def list_(self, key: str) -> list[Any] | None:
        """The list at `key`; `None` when unset. A single value is treated as a list of one."""
        value = self._known(key)
        if value is None:
            return None
        if isinstance(value, list):
            return value
        return [value]

    def objs(self, key: str) -> list[Props]:
        """The list of objects at `key` (e.g. `ingress`, `auths`) as `Props`; `[]` when unset."""
        items = self.list_(key) or []
        out: list[Props] = []
        for index, item in enumerate(items):
            if is_unknown(item):
                raise UnknownValueError(item, [*self._path, key, str(index)])
            if isinstance(item, Mapping):
                out.append(Props(item, (*self._path, key, str(index))))
        return out

    def obj(self, key: str) -> Props | None:
        """The object at `key` as `Props`; `None` when unset."""
        value = self._known(key)
        if isinstance(value, Mapping):
            return Props(value, (*self._path, key))
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            return Props(value[0], (*self._path, key, "0"))
        return None

    def strs(self, key: str) -> list[str]:
        """The list of strings at `key`, unknown elements kept as sentinels; `[]` when unset."""
        return [v for v in (self.list_(key) or []) if isinstance(v, str)]

    def __repr__(self) -> str:
        return f"Props(keys={sorted(self.data)})"
