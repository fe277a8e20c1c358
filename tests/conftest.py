"""Shared fixtures: a small throwaway Pulumi project and editable copies of the real stacks."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
"""The Pulumi project at the repository root."""

TOY_PULUMI_YAML = """\
name: toy
runtime: python
config:
  size:
    type: integer
    default: 2
  label:
    type: string
  password:
    type: string
    secret: true
"""

TOY_STACK_YAML = """\
config:
  aws:region: us-east-1
  toy:label: hello
  toy:password:
    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=
"""

TOY_PROGRAM = """\
import pulumi
import pulumi_aws as aws


class Thing(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("toy:index:Thing", name, None, opts)
        self.key = aws.kms.Key(
            f"{name}-key",
            description="toy key",
            opts=pulumi.ResourceOptions(parent=self, protect=True),
        )
        self.cluster = aws.rds.Cluster(
            f"{name}-cluster",
            engine="aurora-postgresql",
            kms_key_id=self.key.arn,
            manage_master_user_password=True,
            master_username="dbadmin",
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=["availability_zones"]),
        )
        self.register_outputs({})


config = pulumi.Config()
zones = aws.get_availability_zones()
identity = aws.get_caller_identity()
region = aws.get_region()
partition = aws.get_partition()
thing = Thing(f"thing-{config.get_int('size')}")
topic = aws.sns.Topic("alerts", opts=pulumi.ResourceOptions(depends_on=[thing]))
pulumi.export("endpoint", thing.cluster.endpoint)
pulumi.export("zones", zones.names)
pulumi.export("account", identity.account_id)
pulumi.export("region", region.region)
pulumi.export("partition", partition.partition)
pulumi.export("label", config.require("label"))
pulumi.export("password", config.get_secret("password"))
pulumi.export(
    "secretArn",
    thing.cluster.master_user_secrets.apply(lambda s: s[0]["secret_arn"] if s else None),
)
"""


def write_project(
    root: Path,
    program: str = TOY_PROGRAM,
    pulumi_yaml: str = TOY_PULUMI_YAML,
    stack_yaml: str = TOY_STACK_YAML,
) -> Path:
    """Write a toy project (stack ``dev``) into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text(pulumi_yaml)
    (root / "Pulumi.dev.yaml").write_text(stack_yaml)
    (root / "__main__.py").write_text(textwrap.dedent(program))
    return root


@dataclass(frozen=True)
class ToyKit:
    """The toy project's texts and writer, handed to tests through the ``toy`` fixture
    (test modules cannot import conftest under ``--import-mode=importlib``)."""

    program: str = TOY_PROGRAM
    pulumi_yaml: str = TOY_PULUMI_YAML
    stack_yaml: str = TOY_STACK_YAML

    def write(
        self,
        root: Path,
        program: str = TOY_PROGRAM,
        pulumi_yaml: str = TOY_PULUMI_YAML,
        stack_yaml: str = TOY_STACK_YAML,
    ) -> Path:
        """Write a toy project (stack ``dev``) into ``root``."""
        return write_project(root, program, pulumi_yaml, stack_yaml)


@pytest.fixture(scope="session")
def toy() -> ToyKit:
    """Texts and writer of the toy project."""
    return ToyKit()


@pytest.fixture
def toy_project(tmp_path: Path) -> Path:
    """A throwaway project: a component with a protected KMS key and a cluster, a topic."""
    return write_project(tmp_path / "toy")


@pytest.fixture
def stack_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy the real project into a temp dir, changing keys of one stack file.

    ``stack_copy("dev", {"readers": 20, "proxy": None})`` returns the copy's directory;
    ``None`` removes the key; short keys are in the ``aurora-platform`` namespace.
    """

    def make(stack: str, changes: dict[str, Any] | None = None) -> Path:
        target = tmp_path / f"project-{stack}"
        target.mkdir(exist_ok=True)
        for name in ("Pulumi.yaml", "__main__.py", f"Pulumi.{stack}.yaml"):
            shutil.copy(REPO_ROOT / name, target / name)
        path = target / f"Pulumi.{stack}.yaml"
        doc = yaml.safe_load(path.read_text())
        for key, value in (changes or {}).items():
            full = key if ":" in key else f"aurora-platform:{key}"
            if value is None:
                doc["config"].pop(full, None)
            else:
                doc["config"][full] = value
        path.write_text(yaml.safe_dump(doc, sort_keys=False))
        return target

    return make
