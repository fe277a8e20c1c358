"""Reading ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` the way the CLI reads them.

A key given twice in one mapping is refused, as the CLI's YAML parser refuses it (pulumi/pulumi
``sdk/go/common/encoding/marshal.go`` decodes with ``gopkg.in/yaml.v3``, whose
``decoder.mapping`` reports "mapping key ... already defined"; PyYAML would keep the last).
Numbers keep their written text (:class:`YamlFloat`), so a string key the CLI would pass on
changed (``engineVersion: 16.10`` as ``16.1``) can be refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import yaml

from auroractl.engine.config import ConfigError, ProjectSpec, YamlFloat, parse_project

__all__ = ["STACK_NAME_RULE", "load_project", "load_stack_config", "load_yaml", "stack_problem"]

_BOOL_TAG = "tag:yaml.org,2002:bool"
STACK_NAME_RULE: Final = "1-100 letters, digits, hyphens, underscores or periods"
_STACK_NAME: Final = re.compile(r"[A-Za-z0-9_.-]{1,100}")
"""pulumi/pulumi ``sdk/go/common/tokens/stack_name.go`` (``ParseStackName``)."""


class _DuplicateKeyError(yaml.YAMLError):
    """A mapping gives one key twice."""


class _Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false, so ``yes``/``on`` stay strings,
    as in the CLI's YAML parser. Refuses duplicate keys, as yaml.v3 does, and keeps the
    source text of floats (:class:`YamlFloat`)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _DuplicateKeyError(
                    f"key '{key}' is given twice (lines {seen[key]} and {line}); keep one"
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        return YamlFloat(value, str(node.value))


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _Yaml12Loader.construct_yaml_float)


def stack_problem(stack: str) -> str | None:
    """Why the Pulumi CLI would refuse ``stack`` as a stack name, or ``None``."""
    if _STACK_NAME.fullmatch(stack) is None:
        return f"must be {STACK_NAME_RULE} (as the Pulumi CLI requires)"
    return None


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; ConfigError naming the file on a syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path.name} not found in {path.parent.name or '.'}") from None
    except IsADirectoryError:
        raise ConfigError(f"{path.name} is a directory, not a YAML file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    try:
        return yaml.load(text, Loader=_Yaml12Loader)
    except _DuplicateKeyError as exc:
        raise ConfigError(f"{path.name} is not valid: {exc}") from None
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
    """The ``config:`` map of ``Pulumi.<stack>.yaml``; refuses a stack name the CLI refuses."""
    problem = stack_problem(stack)
    if problem is not None:
        shown = stack if len(stack) <= 60 else f"{stack[:40]}... ({len(stack)} characters)"
        raise ConfigError(f"stack name '{shown}' {problem}")
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
