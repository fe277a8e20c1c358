"""Every numeric flag of every ``auroractl`` command refuses what it cannot use, in one line.

The flags are found by walking the real parser, so a flag added later is covered (and a flag
typed with bare ``int``/``float``, which would accept ``nan``, ``inf`` or any size, fails here).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest
from auroractl.argtypes import AWS_REGION, Number, Text, http_url
from auroractl.cli import build_parser
from hypothesis import given
from hypothesis import strategies as st


def _subcommands(
    parser: argparse.ArgumentParser | None = None, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every (sub)command with its parser, nested ones as "migrate run"."""
    for action in (parser or build_parser())._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix}{name}", sub
                yield from _subcommands(sub, f"{prefix}{name} ")


def _typed_flags() -> Iterator[tuple[str, str, object]]:
    for command, sub in _subcommands():
        for action in sub._actions:
            if action.option_strings and action.type is not None:
                yield command, action.option_strings[0], action.type


NUMERIC_FLAGS = [(c, f, t) for c, f, t in _typed_flags() if isinstance(t, Number)]


def test_numeric_flags_are_found() -> None:
    """The walk finds the flags it must (so the parametrised tests below are not empty)."""
    found = {(c, f) for c, f, _ in NUMERIC_FLAGS}
    assert {("health", "--timeout"), ("health", "--backoff"), ("cost", "--storage-gb")} <= found
    assert {("plan", "--storage-gb"), ("audit", "--max-attempts"), ("health", "--port")} <= found


@pytest.mark.parametrize(("command", "flag", "kind"), list(_typed_flags()))
def test_no_flag_takes_a_bare_number_type(command: str, flag: str, kind: object) -> None:
    """No flag is typed int or float: those accept nan, inf and any size."""
    assert kind not in (int, float), f"{command} {flag}: use auroractl.argtypes.Number"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "1e309", "1e30", "12abc", ""])
@pytest.mark.parametrize(
    ("command", "flag"), [(c, f) for c, f, _ in NUMERIC_FLAGS], ids=lambda x: str(x)
)
def test_numeric_flag_refuses_value_in_one_line(
    capsys: pytest.CaptureFixture[str], command: str, flag: str, value: str
) -> None:
    """nan, inf, negative, huge and non-numbers: exit 2, one line naming flag, value, range."""
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([*command.split(), f"{flag}={value}"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"auroractl {command}: error: argument {flag}: expected ")
    assert f"got {value!r}" in err


@pytest.mark.parametrize(("command", "flag", "kind"), NUMERIC_FLAGS)
def test_numeric_flag_accepts_its_bounds(command: str, flag: str, kind: Number) -> None:
    """Both ends of each flag's allowed range are accepted as they are."""
    for bound in (kind.minimum, kind.maximum):
        text = str(int(bound)) if kind.integer else repr(float(bound))
        assert kind(text) == bound, f"{command} {flag}"


TEXT_FLAGS = [(c, f) for c, f, t in _typed_flags() if isinstance(t, Text) or t is http_url]


@pytest.mark.parametrize(("command", "sub"), list(_subcommands()), ids=lambda x: str(x))
def test_aws_flags_use_the_shared_types(command: str, sub: argparse.ArgumentParser) -> None:
    """Every --region and --endpoint-url of every command is checked by shape."""
    for action in sub._actions:
        if "--region" in action.option_strings:
            assert action.type is AWS_REGION, f"{command} --region"
        if "--endpoint-url" in action.option_strings:
            assert action.type is http_url, f"{command} --endpoint-url"


def test_text_flags_are_found() -> None:
    """The walk finds the region and endpoint flags of the AWS commands."""
    assert {("env", "--region"), ("health", "--endpoint-url"), ("audit", "--region")} <= set(
        TEXT_FLAGS
    )


@pytest.mark.parametrize("value", ["", "a b", "$(touch x)", "US-EAST-1\n"])
@pytest.mark.parametrize(("command", "flag"), TEXT_FLAGS, ids=lambda x: str(x))
def test_text_flag_refuses_value_in_one_line(
    capsys: pytest.CaptureFixture[str], command: str, flag: str, value: str
) -> None:
    """A region or endpoint URL of the wrong shape: exit 2, one line naming flag and value."""
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([*command.split(), f"{flag}={value}"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"auroractl {command}: error: argument {flag}: expected ")
    assert " ".join(f"got {value!r}".split()) in err


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_number_accepts_exactly_finite_values_in_range(value: float) -> None:
    """Number(0, 100) returns the value when finite and within range; refuses anything else."""
    kind = Number(0, 100)
    if 0 <= value <= 100:
        assert kind(repr(value)) == value
    else:
        with pytest.raises(
            argparse.ArgumentTypeError, match="expected a finite number from 0 to 100"
        ):
            kind(repr(value))
