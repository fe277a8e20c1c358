"""The program reads every key it is given, so a misspelt key fails under the Pulumi CLI too."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from auroractl.engine import ConfigError, run_stack
from auroractl.engine import runner as engine_runner

from aurora_program.stackconfig import (
    ARG_KEYS,
    component_errors,
    project_values,
    refuse_unknown_keys,
)
from aurora_program.stackconfig import ConfigError as ProgramConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"aurora-platform:stage": "dev", "aws:region": "us-east-1"}, {"stage": "dev"}),
        ({"aurora-platform:readers": 1}, {"readers": "1"}),
        ({"aws:region": "us-east-1", "other:stage": "x"}, {}),
        ({}, {}),
    ],
)
def test_project_values_keeps_the_namespace_only(
    config: dict[str, Any], expected: dict[str, str]
) -> None:
    """Only `aurora-platform:` keys are kept, by short name, as strings."""
    assert project_values(config) == expected


def test_fails_unknown_key() -> None:
    """A key the contract does not declare is refused, naming it and the allowed keys."""
    with pytest.raises(ProgramConfigError) as err:
        refuse_unknown_keys({"stage": "dev", "raeders": "1"}, stack="dev")
    message = str(err.value)
    assert message.startswith(
        "Stack 'dev' has unknown configuration key 'raeders' (did you mean 'readers'?); "
        "allowed keys: "
    )
    assert "readers" in message


def test_declared_keys_pass() -> None:
    """Every declared key is accepted."""
    refuse_unknown_keys({"stage": "dev", "readers": "1", "databases": "[]"}, stack="dev")


def test_fails_program_given_an_unknown_key_as_the_cli_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Pulumi CLI passes undeclared keys straight to the program: the program itself
    refuses them before registering anything."""
    real_set_all_config = engine_runner.set_all_config

    def with_typo(strings: dict[str, str], secret_keys: list[str]) -> None:
        typo = {"aurora-platform:raeders": "1"} if strings else {}  # not on the final reset
        real_set_all_config({**strings, **typo}, secret_keys)

    monkeypatch.setattr(engine_runner, "set_all_config", with_typo)
    with pytest.raises(ConfigError) as err:
        run_stack(ROOT, "dev")
    assert "unknown configuration key 'raeders'" in str(err.value)


@pytest.mark.parametrize(("arg", "key"), list(ARG_KEYS.items()))
def test_component_messages_name_the_users_key(arg: str, key: str) -> None:
    """Every component argument the program fills from config is named by its config key."""
    with pytest.raises(ProgramConfigError) as info, component_errors(stack="dev", label="x"):
        raise ValueError(f"{arg} must be valid, got 1 (with {arg} again)\nsecond line")
    assert str(info.value) == f"Stack 'dev': x: {key} must be valid, got 1 (with {key} again)"


def test_component_errors_stop_the_program_as_run_errors(
    stack_copy: Callable[..., Path],
) -> None:
    """A component's refusal reaches the user as the SDK's RunError (one line under the CLI,
    no traceback), in the user's keys."""
    with pytest.raises(ConfigError) as info:
        run_stack(stack_copy("dev", {"proxy": True}), "dev")
    assert isinstance(info.value.__cause__, pulumi.RunError)
    assert str(info.value).startswith("Stack 'dev': minCapacity must be at least 0.5 when proxy")
