"""A team's own answers (``auroractl plan --mocks FILE``): invoke results and the outputs of
the stacks a program reads with ``pulumi.StackReference``.

The file is JSON or YAML::

    invokes:
      aws:ssm/getParameter:getParameter:          # the function's token
        value: "ami-0abc"                           # its result, whatever the arguments
      aws:ec2/getSecurityGroup:getSecurityGroup:  # or answers chosen by their arguments
        - args: {name: web}                        # every key given must match
          result: {id: sg-0123456789abcdef0}
        - result: {id: sg-0fedcba9876543210}       # no args: the fallback
    stackReferences:
      acme/network/prod:                          # the name given to StackReference
        outputs: {vpcId: vpc-0123, privateSubnetIds: [subnet-1, subnet-2]}
        secretOutputNames: [dbPassword]           # optional: outputs that are secrets

An invoke answered here wins over the engine's built-in answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from auroractl.engine.config import ConfigError

__all__ = ["MOCKS_FLAG", "InvokeAnswer", "Mocks", "StackOutputs", "load_mocks"]

MOCKS_FLAG: Final = "--mocks"
_TOP_KEYS: Final = ("invokes", "stackReferences")
_ANSWER_KEYS: Final = ("args", "result")
_STACK_KEYS: Final = ("outputs", "secretOutputNames")


@dataclass(frozen=True)
class InvokeAnswer:
    """One answer: the arguments it is for (a subset match; empty matches any) and the result."""

    args: Mapping[str, Any]
    result: Mapping[str, Any]

    def matches(self, args: Mapping[str, Any]) -> bool:
        """Whether every given argument equals the call's."""
        return all(args.get(k) == v for k, v in self.args.items())


@dataclass(frozen=True)
class StackOutputs:
    """What a ``StackReference`` reads: the stack's outputs and which of them are secrets."""

    outputs: Mapping[str, Any]
    secret_output_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mocks:
    """The parsed ``--mocks`` file (empty when none is given)."""

    invokes: Mapping[str, tuple[InvokeAnswer, ...]] = field(default_factory=dict)
    stack_references: Mapping[str, StackOutputs] = field(default_factory=dict)
    source: str = ""
    """The file's name, for messages."""

    def invoke(self, token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
        """The first matching answer for ``token``, or ``None``."""
        for answer in self.invokes.get(token, ()):
            if answer.matches(args):
                return dict(answer.result)
        return None


def _fail(path: Path, where: str, got: Any, allowed: str) -> ConfigError:
    shown = json.dumps(got, default=str)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ConfigError(f"{MOCKS_FLAG} {path.name}: {where} is {shown}; {allowed}")


def _map(path: Path, where: str, value: Any, allowed: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise _fail(path, where, value, allowed)
    return value


def _answers(path: Path, token: str, value: Any) -> tuple[InvokeAnswer, ...]:
    where = f"invokes.{token}"
    if token.count(":") != 2:
        raise _fail(path, "an invokes key", token, "expected a function token like pkg:mod:fn")
    if isinstance(value, Mapping):
        return (InvokeAnswer({}, _map(path, where, value, "expected a map (the result)")),)
    if not isinstance(value, list) or not value:
        raise _fail(path, where, value, "expected a map (the result) or a list of {args, result}")
    answers = []
    for i, item in enumerate(value):
        entry = _map(
            path, f"{where}[{i}]", item, "expected a map with 'result' and optional 'args'"
        )
        unknown = sorted(set(entry) - set(_ANSWER_KEYS))
        if unknown or "result" not in entry:
            raise _fail(path, f"{where}[{i}]", item, "allowed keys: args, result (required)")
        args = _map(path, f"{where}[{i}].args", entry.get("args") or {}, "expected a map")
        result = _map(path, f"{where}[{i}].result", entry["result"], "expected a map")
        answers.append(InvokeAnswer(args, result))
    return tuple(answers)


def _stack(path: Path, name: str, value: Any) -> StackOutputs:
    where = f"stackReferences.{name}"
    entry = _map(
        path, where, value, "expected a map with 'outputs' and optional 'secretOutputNames'"
    )
    unknown = sorted(set(entry) - set(_STACK_KEYS))
    if unknown or "outputs" not in entry:
        raise _fail(path, where, dict(entry), "allowed keys: outputs (required), secretOutputNames")
    outputs = _map(path, f"{where}.outputs", entry["outputs"], "expected a map of output values")
    secrets = entry.get("secretOutputNames") or []
    if not isinstance(secrets, list) or not all(isinstance(s, str) for s in secrets):
        raise _fail(path, f"{where}.secretOutputNames", secrets, "expected a list of output names")
    return StackOutputs(outputs, tuple(secrets))


def load_mocks(path: Path) -> Mocks:
    """Read and check a ``--mocks`` file; ConfigError (one line naming the key) if bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{MOCKS_FLAG} {path}: cannot read the file ({exc.strerror})") from None
    try:
        doc = yaml.safe_load(text) if path.suffix != ".json" else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"{MOCKS_FLAG} {path.name} is not valid JSON/YAML: {first}") from None
    top = _map(path, "the document", doc or {}, "expected a map with invokes, stackReferences")
    unknown = sorted(set(top) - set(_TOP_KEYS))
    if unknown:
        raise _fail(path, "a top-level key", unknown[0], "allowed keys: invokes, stackReferences")
    invokes = _map(path, "invokes", top.get("invokes") or {}, "expected a map of token -> result")
    stacks = _map(path, "stackReferences", top.get("stackReferences") or {}, "expected a map")
    return Mocks(
        invokes={token: _answers(path, token, v) for token, v in invokes.items()},
        stack_references={str(name): _stack(path, str(name), v) for name, v in stacks.items()},
        source=path.name,
    )
