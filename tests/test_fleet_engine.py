"""The mock engine at fleet size: no nested event loops, the same wire data as before."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
import yaml
from auroractl.engine import run_stack
from auroractl.engine.monitor import state_struct
from pulumi.runtime import rpc

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("preview", [True, False])
def test_state_struct_is_what_serialize_properties_builds(preview: bool) -> None:
    """The synchronous Struct equals the SDK's async serialisation for every prod resource."""
    plan = run_stack(REPO_ROOT, "prod", preview=preview)
    for resource in plan.resources:
        expected = asyncio.run(rpc.serialize_properties(resource.outputs, {}))
        assert state_struct(resource.outputs) == expected, resource.urn


def test_state_struct_drops_top_level_none_only() -> None:
    """Like serialize_properties: None at the top is left out, nested None is kept."""
    struct = state_struct({"a": None, "b": {"c": None}, "d": [None, 1]})
    assert set(struct.keys()) == {"b", "d"}
    assert struct == asyncio.run(rpc.serialize_properties({"b": {"c": None}, "d": [None, 1]}, {}))


def test_fifteen_databases_plan_without_recursion(tmp_path: Path) -> None:
    """A 15-database prod-shaped stack plans (it hit RecursionError before the engine stopped
    nesting event loops), with every database's resources and no duplicates."""
    config = yaml.safe_load((REPO_ROOT / "Pulumi.prod.yaml").read_text())["config"]
    config["aurora-platform:databases"] = [{"name": f"db{i:02d}"} for i in range(15)]
    for name in ("Pulumi.yaml", "__main__.py"):
        (tmp_path / name).write_text((REPO_ROOT / name).read_text())
    (tmp_path / "Pulumi.fleet.yaml").write_text(yaml.safe_dump({"config": config}))
    plan = run_stack(tmp_path, "fleet")
    counts = Counter(r.type for r in plan.resources)
    assert counts["aws:rds/cluster:Cluster"] == 15
    assert counts["aws:rds/proxy:Proxy"] == 15
    assert counts["aws:ec2/vpc:Vpc"] == 1
    assert len({r.urn for r in plan.resources}) == len(plan.resources)
    assert set(plan.outputs["databases"]) == {f"db{i:02d}" for i in range(15)}
