"""The benchmark baselines register what the plan registered (``bench/typed_baseline.py``,
``bench/mock_baseline.py``): same resources (type, name, parent), same inputs as on the wire,
and for the typed baseline the same dependencies. Not timed: ``make bench`` times them."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH = REPO_ROOT / "bench"
STACK_TYPE = "pulumi:pulumi:Stack"


def _run(argv: list[str], out: Path | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, *argv], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    if out is not None:
        out.write_text(proc.stdout, encoding="utf-8")
    return proc.stdout


@pytest.fixture(scope="module", params=["prod", "dev"])
def plan(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stack's ``auroractl plan --json --no-policy`` document."""
    path = tmp_path_factory.mktemp(request.param) / "plan.json"
    _run(["-m", "auroractl.cli", "plan", "--stack", request.param, "--json", "--no-policy"], path)
    return path


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _program_states(plan: Path) -> list[dict[str, Any]]:
    """What the program registered: the plan without the stack and the engine's default
    providers (created by the engine, never registered by the SDK)."""
    states = [s["newState"] for s in json.loads(plan.read_text(encoding="utf-8"))["steps"]]
    return [
        s
        for s in states
        if s["type"] != STACK_TYPE
        and not (
            s["type"].startswith("pulumi:providers:") and _name(s["urn"]).startswith("default")
        )
    ]


def _by_key(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    keyed = {(r["type"], r["name"]): r for r in records}
    assert len(keyed) == len(records), "type and name identify a resource"
    return keyed


def _check(states: list[dict[str, Any]], record: Path, dependencies: bool) -> None:
    """Every planned resource was registered once with the same parent, custom and protect
    flags and inputs; with ``dependencies`` the same dependencies per resource and input."""
    received = _by_key(json.loads(record.read_text(encoding="utf-8")))
    planned = {(s["type"], _name(s["urn"])): s for s in states}
    assert received.keys() == planned.keys()
    # The mock monitor builds its own URNs; map them back to the plan's through (type, name).
    to_plan = {r["urn"]: planned[key]["urn"] for key, r in received.items()}
    for key, state in planned.items():
        got = received[key]
        parent = to_plan.get(got["parent"])
        if parent is None:  # the mocks' root stack: the plan's stack, or none (a provider)
            assert STACK_TYPE in got["parent"], key
            assert STACK_TYPE in state.get("parent", STACK_TYPE), key
        else:
            assert parent == state["parent"], key
        assert got["custom"] == state["custom"], key
        assert got["protect"] == bool(state.get("protect")), key
        assert got["inputs"] == state.get("inputs", {}), key
        if dependencies:
            assert sorted(to_plan[u] for u in got["dependencies"]) == sorted(
                state.get("dependencies", [])
            ), key
            got_deps = {
                k: sorted(to_plan[u] for u in urns)
                for k, urns in got["propertyDependencies"].items()
                if urns
            }
            want_deps = {
                k: sorted(v) for k, v in state.get("propertyDependencies", {}).items() if v
            }
            assert got_deps == want_deps, key


def test_typed_baseline_registers_the_plans_resources_inputs_and_dependencies(
    plan: Path, tmp_path: Path
) -> None:
    recipe, record = tmp_path / "recipe.json", tmp_path / "record.json"
    _run([str(BENCH / "typed_recipe.py"), str(plan)], recipe)
    classes = {e.get("class") for e in json.loads(recipe.read_text(encoding="utf-8"))}
    assert any(c and c.startswith("pulumi_aws.") for c in classes), "typed classes are used"
    states = _program_states(plan)
    out = _run([str(BENCH / "typed_baseline.py"), str(recipe), "--record", str(record)])
    assert int(out) == len(states)
    _check(states, record, dependencies=True)


def test_generic_baseline_registers_the_plans_resources_and_inputs(
    plan: Path, tmp_path: Path
) -> None:
    declared, record = tmp_path / "declared.json", tmp_path / "record.json"
    _run([str(BENCH / "declared.py"), str(plan)], declared)
    _run([str(BENCH / "mock_baseline.py"), str(plan), str(declared), "--record", str(record)])
    # The generic baseline also registers the default provider as a plain resource.
    states = [
        s
        for s in (s["newState"] for s in json.loads(plan.read_text(encoding="utf-8"))["steps"])
        if s["type"] != STACK_TYPE
    ]
    _check(states, record, dependencies=False)


@pytest.mark.parametrize("script", sorted(p.name for p in BENCH.glob("*.py")))
def test_bench_docstrings_name_only_flags_the_scripts_take(script: str) -> None:
    """A ``name.py ... --flag`` in a bench script's docstring is a flag ``name.py`` parses."""
    doc = ast.get_docstring(ast.parse((BENCH / script).read_text(encoding="utf-8"))) or ""
    for named, rest in re.findall(r"(\w+)\.py\b([^`\n]*)", doc):
        target = BENCH / f"{named}.py"
        if not target.exists():
            continue
        source = target.read_text(encoding="utf-8")
        for flag in re.findall(r"--[\w-]+", rest):
            assert f'"{flag}' in source, f"{script} names {named}.py {flag}"
