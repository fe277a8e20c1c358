"""The properties the typed provider classes declare, per resource type of a plan.

    python bench/declared.py PLAN.json > DECLARED.json

A typed resource (``pulumi_aws.rds.Cluster(...)``) registers every property its class declares,
inputs and outputs, unset ones as ``None``; ``mock_baseline.py PLAN.json DECLARED.json``
registers the same keys so that the baseline pays what the typed classes pay in the SDK. The
class of a type token comes from the provider package's own resource-module table
(``pulumi_aws/__init__.py``); the names from the class's ``@pulumi.getter`` properties. Types
without a typed class (components, providers) are left out. Run once per plan, outside the
timed runs.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from pulumi import _types


def resource_classes(package: str) -> dict[str, tuple[str, str]]:
    """Type token → (module, class name) from ``_utilities.register(resource_modules=...)``."""
    module = importlib.import_module(package)
    source = Path(str(module.__file__)).read_text(encoding="utf-8")
    table = source.split('resource_modules="""', 1)[1].split('"""', 1)[0]
    found: dict[str, tuple[str, str]] = {}
    for entry in json.loads(table):
        for token, name in entry["classes"].items():
            found[token] = (entry["fqn"], name)
    return found


def declared(types: set[str]) -> dict[str, list[str]]:
    """Wire names of every property the typed class of each type declares."""
    classes: dict[str, tuple[str, str]] = {}
    out: dict[str, list[str]] = {}
    for token in sorted(types):
        package = token.split(":", 1)[0]
        if package in ("pulumi",) or ":" not in token:
            continue
        if not classes or token not in classes:
            try:
                classes.update(resource_classes(f"pulumi_{package}"))
            except (ImportError, IndexError):
                continue
        if token not in classes:
            continue
        fqn, name = classes[token]
        cls: Any = getattr(importlib.import_module(fqn), name)
        out[token] = sorted({pulumi_name for _, pulumi_name, _ in _types._py_properties(cls)})
    return out


def main(argv: list[str]) -> int:
    """Print ``{type: [property, ...]}`` for the types of PLAN.json."""
    document = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    types = {step["newState"]["type"] for step in document["steps"]}
    json.dump(declared(types), sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
