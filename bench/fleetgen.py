"""Generate a throw-away project with an N-database stack for the benchmarks.

The project is a copy of ``Pulumi.yaml`` and ``__main__.py`` plus ``Pulumi.<stack>.yaml``: the
prod stack's config with ``databases`` listing N prod-shaped databases (writer + 1 reader,
RDS Proxy with a read-only endpoint), so every database adds the same resources.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]


def fleet_stack_name(count: int) -> str:
    """``fleet<N>``: the generated stack's name."""
    return f"fleet{count}"


def write_fleet_project(target: Path, count: int) -> str:
    """Write the project into ``target`` (created if needed); return the stack name."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(REPO_ROOT / name, target / name)
    config: dict[str, Any] = yaml.safe_load((REPO_ROOT / "Pulumi.prod.yaml").read_text())["config"]
    config["aurora-platform:databases"] = [{"name": f"db{i:03d}"} for i in range(count)]
    stack = fleet_stack_name(count)
    (target / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}))
    return stack
