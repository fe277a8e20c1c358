"""What the typed baseline constructs for a plan: class, Python arguments and options per resource.

    python bench/typed_recipe.py PLAN.json > RECIPE.json

For every resource the program registered (``steps[].newState`` of an ``auroractl plan --json``
document, in order; the stack and the engine's default providers, which the SDK never
registers, left out): the typed class of its type token (from the provider package's own
resource-module table, ``bench/declared.py``), its inputs under the class's Python argument
names (nested objects as the provider's ``...Args`` input types, by their Python names too),
which arguments depend on which resources (``propertyDependencies``), the remaining explicit
dependencies, and the parent, ``protect``, ``ignoreChanges`` and ``additionalSecretOutputs``
options. Component resources keep their type and have no class. Run once per plan, outside
the timed runs: ``bench/typed_baseline.py`` only decodes this file.
"""

from __future__ import annotations

import collections.abc
import importlib
import json
import sys
import typing
from pathlib import Path
from typing import Any

from declared import resource_classes
from pulumi import _types

ROOT_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"
ARGS_KEY = "$args"


def engine_created(state: dict[str, Any]) -> bool:
    """The stack and the default providers: registered by the engine, not by the program."""
    name = state["urn"].rsplit("::", 1)[-1]
    return bool(state["type"] == ROOT_TYPE) or (
        state["type"].startswith(PROVIDER_PREFIX) and name.startswith("default")
    )


def _first_member(typ: Any) -> Any:
    """``Union[T, Awaitable[T], Output[T]]`` (``Input[T]``) and ``Optional[T]`` → ``T``."""
    while typing.get_origin(typ) is typing.Union:
        typ = typing.get_args(typ)[0]
    return typ


def encode(value: Any, typ: Any) -> Any:
    """The plan's wire value as the typed class takes it: input types by Python names."""
    typ = _first_member(typ)
    origin = typing.get_origin(typ)
    if isinstance(value, dict) and isinstance(typ, type) and _types.is_input_type(typ):
        to_py = {w: p for p, w in _types.input_type_py_to_pulumi_names(typ).items()}
        types = _types.input_type_types(typ)
        return {
            ARGS_KEY: f"{typ.__module__}:{typ.__qualname__}",
            "kwargs": {to_py[k]: encode(v, types.get(k)) for k, v in value.items()},
        }
    if isinstance(value, list) and origin in (collections.abc.Sequence, list):
        (item,) = typing.get_args(typ)
        return [encode(v, item) for v in value]
    if isinstance(value, dict) and origin in (collections.abc.Mapping, dict):
        _, item = typing.get_args(typ)
        return {k: encode(v, item) for k, v in value.items()}
    return value


def recipe(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per resource the program registered, in registration order."""
    classes: dict[str, tuple[str, str]] = {}
    out: list[dict[str, Any]] = []
    for state in states:
        if engine_created(state):
            continue
        entry: dict[str, Any] = {
            "urn": state["urn"],
            "type": state["type"],
            "name": state["urn"].rsplit("::", 1)[-1],
            "parent": state.get("parent"),
            "custom": state["custom"],
            "protect": bool(state.get("protect")),
            "ignoreChanges": state.get("ignoreChanges") or [],
            "additionalSecretOutputs": state.get("additionalSecretOutputs") or [],
        }
        out.append(entry)
        if not state["custom"]:
            continue
        token = state["type"]
        if token not in classes:
            classes.update(resource_classes(f"pulumi_{token.split(':', 1)[0]}"))
        module, name = classes[token]
        cls = getattr(importlib.import_module(module), name)
        args_cls = getattr(importlib.import_module(module), f"{name}Args")
        to_py = {w: p for p, w in _types.input_type_py_to_pulumi_names(args_cls).items()}
        types = _types.input_type_types(args_cls)
        inputs: dict[str, Any] = state.get("inputs", {})
        property_deps: dict[str, list[str]] = state.get("propertyDependencies", {})
        via_inputs = {urn for urns in property_deps.values() for urn in urns}
        entry["class"] = f"{module}:{cls.__name__}"
        entry["args"] = {to_py[k]: encode(v, types.get(k)) for k, v in inputs.items()}
        entry["deps"] = {to_py[k]: urns for k, urns in property_deps.items() if urns}
        entry["dependsOn"] = [u for u in state.get("dependencies", []) if u not in via_inputs]
    return out


def main(argv: list[str]) -> int:
    """Print the recipe of PLAN.json."""
    document = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    json.dump(recipe([step["newState"] for step in document["steps"]]), sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
