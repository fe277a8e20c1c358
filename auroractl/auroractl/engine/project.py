"""Reading ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` the way the CLI reads them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from auroractl.engine.config import ConfigError, ProjectSpec, parse_project

__all__ = ["load_project", "load_stack_config", "load_yaml"]

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false, so ``yes``/``on`` stay strings,
    as in the CLI's YAML parser."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; ConfigError naming the file on a syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path.name} not found in {path.parent.name or '.'}") from None
    try:
        return yaml.load(text, Loader=_Yaml12Loader)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"{path.name} is not valid YAML: {first}") from None


def load_project(project_dir: Path) -> ProjectSpec:
    """Read and check ``Pulumi.yaml``."""
    doc = load_yaml(project_dir / "Pulumi.yaml")
    if not isinstance(doc, dict):
        raise ConfigError("Pulumi.yaml must be a map with 'name' and 'runtime'")
    return parse_project(doc)


def load_stack_config(project_dir: Path, stack: str) -> dict[str, Any]:
    """The ``config:`` map of ``Pulumi.<stack>.yaml``."""
    path = project_dir / f"Pulumi.{stack}.yaml"
    if not path.exists():
        stacks = sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in project_dir.glob("Pulumi.*.yaml")
        )
        raise ConfigError(
            f"no stack named '{stack}': Pulumi.{stack}.yaml not found; "
            f"stacks here: {', '.join(stacks) or 'none'}"
        )
    doc = load_yaml(path) or {}
    if not isinstance(doc, dict):
        raise ConfigError(f"{path.name} must be a map with a 'config' key")
    config = doc.get("config") or {}
    if not isinstance(config, dict):
        raise ConfigError(f"{path.name}: 'config' must be a map of keys to values")
    return {str(k): v for k, v in config.items()}
