"""Baseline: the program's typed classes registering the plan's resources under Pulumi's mocks.

    python bench/typed_baseline.py RECIPE.json [--record OUT.json] [--freeze-at-exit]

RECIPE.json comes from ``bench/typed_recipe.py``. Every resource the program registered is
constructed again, in the same order, from the same class (``pulumi_aws.rds.Cluster``, ...;
component resources as ``pulumi.ComponentResource`` of their type) with the same name, parent,
``protect``, ``ignore_changes`` and ``additional_secret_outputs``, the plan's inputs as the
class's Python arguments, and each argument that depended on other resources as an ``Output``
of those resources, under ``pulumi.runtime.set_mocks`` with trivial mocks
(``bench/mock_monitor.py``).
One process, CPython's default settings. What is left is what any program using these classes
pays in the SDK and the provider package: imports, argument handling, serialization,
registration. No config, components' logic, invokes, cost or policy.

``--record OUT.json``: see ``bench/mock_monitor.py``.
Prints the number of resources registered.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
from mock_monitor import run_under_mocks

ARGS_KEY = "$args"
SECRET = "[secret]"


def _class(path: str) -> Any:
    module, name = path.split(":", 1)
    return getattr(importlib.import_module(module), name)


def decode(value: Any) -> Any:
    """The recipe's value as the program passes it: ``...Args`` objects, secrets as secrets."""
    if isinstance(value, dict):
        if ARGS_KEY in value:
            kwargs = {k: decode(v) for k, v in value["kwargs"].items()}
            return _class(value[ARGS_KEY])(**kwargs)
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    if value == SECRET:
        return pulumi.Output.secret(value)
    return value


def register_all(entries: list[dict[str, Any]]) -> list[pulumi.Resource]:
    """Construct the resources in order; parents and dependencies are looked up by URN."""
    by_urn: dict[str, pulumi.Resource] = {}
    created: list[pulumi.Resource] = []
    for entry in entries:
        opts = pulumi.ResourceOptions(
            parent=by_urn.get(entry["parent"] or ""),
            protect=entry["protect"] or None,
            ignore_changes=entry["ignoreChanges"] or None,
            additional_secret_outputs=entry["additionalSecretOutputs"] or None,
        )
        resource: pulumi.Resource
        if entry["custom"]:
            args = {k: decode(v) for k, v in entry["args"].items()}
            for key, urns in entry["deps"].items():
                args[key] = pulumi.Output.all(*[by_urn[u].urn for u in urns]).apply(
                    _constant(args[key])
                )
            if entry["dependsOn"]:
                opts.depends_on = [by_urn[u] for u in entry["dependsOn"]]
            resource = _class(entry["class"])(entry["name"], opts=opts, **args)
        else:
            resource = pulumi.ComponentResource(entry["type"], entry["name"], None, opts)
        by_urn[entry["urn"]] = resource
        created.append(resource)
    return created


def _constant(value: Any) -> Callable[[list[str]], Any]:
    """``value`` once the dependencies' URNs are known: the input carries their dependency."""
    return lambda _urns: value


def main(argv: list[str]) -> int:
    """Construct RECIPE.json's resources under the mocks and wait for every registration."""
    entries: list[dict[str, Any]] = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    record = Path(argv[3]) if len(argv) > 3 and argv[2] == "--record" else None
    print(run_under_mocks(entries[0]["urn"], lambda: register_all(entries), record))
    if "--freeze-at-exit" in argv:
        # What `auroractl` does before exiting: the collector skips the imported modules'
        # objects at teardown. A column of bench/run.py, so the prod ratio can be read without
        # the teardown the stock baseline pays.
        gc.freeze()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
