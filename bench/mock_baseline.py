"""Baseline: Pulumi's own mock monitor registering a plan's resources in one process.

    python bench/mock_baseline.py PLAN.json [DECLARED.json] [--record OUT.json]

PLAN.json is an ``auroractl plan --json`` document. Every ``steps[].newState`` is registered
again, in the same order, with the same type, name, parent, custom flag, protect flag and
inputs, as a generic ``pulumi.CustomResource`` / ``pulumi.ComponentResource`` under
``pulumi.runtime.set_mocks`` (which installs ``pulumi.runtime.mocks.MockMonitor``). No provider
SDK, component library, config checks, cost or policy: what is left is the Pulumi SDK's own
registration path, the floor any mock-based plan pays. With DECLARED.json (``bench/declared.py``)
every property the typed class of a type declares is registered too (``None`` when the plan has
no value), as the typed classes register them. It imports neither the provider package nor the
typed classes: a stricter reference than ``bench/typed_baseline.py``, the target's baseline.
``--record OUT.json``: see ``bench/mock_monitor.py``. Prints the number of resources registered.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pulumi
from mock_monitor import ROOT_TYPE, run_under_mocks


def register_all(states: list[dict[str, Any]]) -> list[pulumi.Resource]:
    """Register the resources in order; parents are looked up by URN."""
    by_urn: dict[str, pulumi.Resource] = {}
    created: list[pulumi.Resource] = []
    for state in states:
        if state["type"] == ROOT_TYPE:
            continue
        parent = by_urn.get(state.get("parent") or "")
        opts = pulumi.ResourceOptions(parent=parent, protect=bool(state.get("protect")))
        resource: pulumi.Resource
        if state["custom"]:
            resource = pulumi.CustomResource(state["type"], state["name"], state["inputs"], opts)
        else:
            resource = pulumi.ComponentResource(state["type"], state["name"], None, opts)
        by_urn[state["urn"]] = resource
        created.append(resource)
    return created


def main(argv: list[str]) -> int:
    """Register PLAN.json's resources under the mocks and wait for every registration."""
    args = argv[1:]
    record = Path(args.pop(args.index("--record") + 1)) if "--record" in args else None
    if record:
        args.remove("--record")
    document = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    declared: dict[str, list[str]] = (
        json.loads(Path(args[1]).read_text(encoding="utf-8")) if len(args) > 1 else {}
    )
    states = [step["newState"] for step in document["steps"]]
    for state in states:
        state["name"] = state["urn"].rsplit("::", 1)[-1]
        names = declared.get(state["type"], [])
        state["inputs"] = {**dict.fromkeys(names), **state.get("inputs", {})}
    print(run_under_mocks(states[0]["urn"], lambda: register_all(states), record))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
