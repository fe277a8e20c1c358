"""Property values as the engine sends them to an analyzer.

The mock engine records inputs as the Python SDK serialises them: camelCase keys, secrets in wire
form, unknowns as ``pulumi.output.Unknown`` (or the ``UNKNOWN`` string), resource references and
output values as signature dicts. The engine hands an analyzer secrets in wire form (the pack
unwraps them), resource references as plain ids (URNs for components) and unknowns as the typed
sentinels of ``pulumi_policy.proxy``; every sentinel makes the policy's read raise
``UnknownValueError``, so the runner uses the string sentinel (the SDK's own wire form) when the
expected type is not known.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from aurora_guardrails.props import SECRET_SIG as SECRET_SIG
from aurora_guardrails.props import SIG_KEY as SIG_KEY
from aurora_guardrails.props import is_unknown as _is_sentinel
from google.protobuf import struct_pb2
from pulumi.output import Unknown
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

# SIG_KEY, SECRET_SIG and the unknown sentinels are the guardrails library's (one definition).
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17"
ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7"

#: Secret values shorter than this are not scrubbed from text (they would garble every message).
MIN_SCRUB_LENGTH = 4
SECRET_PLACEHOLDER = "[secret]"


def is_unknown(value: Any) -> bool:
    """True for a mock-engine unknown or any policy sentinel."""
    return isinstance(value, Unknown) or _is_sentinel(value)


def to_wire(value: Any, where: str = "") -> Any:
    """Convert one recorded property value into what the engine sends an analyzer.

    ``where`` names the property in the error raised for a value that has no wire form.
    """
    if isinstance(value, Unknown):
        return UNKNOWN_STRING_VALUE
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise TypeError(f"{where}: {value!r} has no JSON form")
        return value
    if isinstance(value, Mapping):
        return _mapping_to_wire(value, where)
    if isinstance(value, list | tuple):
        return [to_wire(v, f"{where}[{i}]") for i, v in enumerate(value)]
    raise TypeError(
        f"{where}: a {type(value).__name__} has no wire form "
        "(expected JSON values, secrets, unknowns, resource references or output values)"
    )


def _mapping_to_wire(value: Mapping[str, Any], where: str) -> Any:
    sig = value.get(SIG_KEY)
    if sig == SECRET_SIG:
        return {SIG_KEY: SECRET_SIG, "value": to_wire(value.get("value"), where)}
    if sig == RESOURCE_SIG:
        # The engine sends a reference as the resource's id (custom) or URN (component).
        if "id" in value:
            rid = value["id"]
            return UNKNOWN_STRING_VALUE if rid in ("", None) or is_unknown(rid) else rid
        return value.get("urn", UNKNOWN_STRING_VALUE)
    if sig == OUTPUT_SIG:
        if "value" not in value or is_unknown(value["value"]):
            inner: Any = UNKNOWN_STRING_VALUE
        else:
            inner = to_wire(value["value"], where)
        return {SIG_KEY: SECRET_SIG, "value": inner} if value.get("secret") else inner
    if sig in (ASSET_SIG, ARCHIVE_SIG):
        return dict(value)
    return {str(k): to_wire(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}


def to_struct(props: Mapping[str, Any], where: str = "") -> struct_pb2.Struct:
    """A protobuf Struct of the wire form of ``props`` (numbers become floats, as in the CLI)."""
    struct = struct_pb2.Struct()
    struct.update({k: to_wire(v, f"{where}.{k}" if where else k) for k, v in props.items()})
    return struct


def secret_values(values: Iterable[Any]) -> set[str]:
    """Every scalar inside a secret wrapper in ``values``, as the strings a message could show."""
    found: set[str] = set()
    for value in values:
        _collect(value, inside_secret=False, acc=found)
    return {s for s in found if len(s) >= MIN_SCRUB_LENGTH}


def _collect(value: Any, *, inside_secret: bool, acc: set[str]) -> None:
    if isinstance(value, Mapping):
        sig = value.get(SIG_KEY)
        secret = (
            inside_secret or sig == SECRET_SIG or (sig == OUTPUT_SIG and bool(value.get("secret")))
        )
        for v in value.values():
            _collect(v, inside_secret=secret, acc=acc)
        return
    if isinstance(value, list | tuple):
        for v in value:
            _collect(v, inside_secret=inside_secret, acc=acc)
        return
    if not inside_secret or value is None or isinstance(value, bool) or is_unknown(value):
        return
    if value in (SECRET_SIG, OUTPUT_SIG):
        return
    acc.add(str(value))
    if isinstance(value, float) and value.is_integer():
        acc.add(str(int(value)))
    if isinstance(value, int):
        acc.add(f"{value}.0")


class Scrubber:
    """Replaces known secret values in text with ``[secret]``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted(set(secrets), key=lambda s: (-len(s), s))

    def add(self, secrets: Iterable[str]) -> None:
        """Learn more secret values."""
        self._secrets = sorted(set(self._secrets) | set(secrets), key=lambda s: (-len(s), s))

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, SECRET_PLACEHOLDER)
        return text


def config_env(config: Mapping[str, Any]) -> dict[str, str]:
    """Stack config as ``PULUMI_CONFIG`` carries it: ``"ns:key"`` → string (JSON if not one)."""
    result: dict[str, str] = {}
    for key, value in config.items():
        if isinstance(value, str):
            result[key] = value
        else:
            result[key] = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return result
