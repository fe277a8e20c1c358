"""Physical identifiers unique per (stack, database) by construction; bad stack names refused."""

from __future__ import annotations

import pytest
from aurora_components.validation import validate_identifier
from hypothesis import given, settings
from hypothesis import strategies as st

from aurora_program.identifiers import database_identifier, stack_identifier
from aurora_program.stackconfig import ConfigError, check_stack_name, fleet_spec, platform_name

Input = tuple[str, str | None]

STACK_NAMES = st.from_regex(r"[A-Za-z0-9_.-]{1,100}", fullmatch=True)
SMALL_STACK_NAMES = st.text(alphabet="aB1-_.", min_size=1, max_size=8)
"""Few characters, so inputs that differ only in case, '_', '.' or hyphen placement occur."""
DATABASE_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,3}(-[a-z0-9]{1,3}){0,2}", fullmatch=True)


def identifier(key: Input) -> str:
    stack, database = key
    return stack_identifier(stack) if database is None else database_identifier(stack, database)


INPUTS = st.tuples(SMALL_STACK_NAMES | STACK_NAMES, st.none() | DATABASE_NAMES)


@settings(max_examples=400)
@given(st.lists(INPUTS, min_size=2, max_size=30, unique=True))
def test_distinct_inputs_never_share_an_identifier(keys: list[Input]) -> None:
    """Property: different (stack, database) pairs give different identifiers."""
    seen: dict[str, Input] = {}
    for key in keys:
        ident = identifier(key)
        assert seen.setdefault(ident, key) == key, f"{key} and {seen[ident]} -> {ident}"


@given(INPUTS)
def test_every_identifier_is_a_valid_rds_identifier(key: Input) -> None:
    """Property: at most 32 characters, lowercase letter first, single hyphens."""
    validate_identifier("name", identifier(key), 32)


@pytest.mark.parametrize(
    "keys",
    [
        [("dev_1", None), ("dev-1", None), ("Dev.1", None)],
        [("cx", "orders"), ("cx-orders", None)],
        [("a-b", "c"), ("a", "b-c")],
        [("dev", None), ("-dev", None), ("dev-", None)],
    ],
)
def test_the_reported_collisions_are_gone(keys: list[Input]) -> None:
    """Each group mapped to one identifier before; now each gets its own."""
    assert len({identifier(k) for k in keys}) == len(keys)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (("dev", None), "aurora-dev"),
        (("prod", None), "aurora-prod"),
        (("dsql", None), "aurora-dsql"),
        (("dev-1", None), "aurora-dev-1"),
        (("prod", "orders"), "aurora-prod-orders"),
        (("prod", "x" * 20), "aurora-prod-" + "x" * 20),
        (("cx", "orders"), "aurora-cx-orders"),
    ],
)
def test_existing_identifiers_are_kept(key: Input, expected: str) -> None:
    """The identifiers existing stacks and fleet members have keep their form (no replacement)."""
    assert identifier(key) == expected


@pytest.mark.parametrize(
    ("stack", "shown"),
    [
        ("../x", "'../x'"),
        ("a b", "'a b'"),
        ("", "''"),
        ("x" * 300, "'" + "x" * 40 + "... (300 characters)'"),
        ("dev\n", "'dev\\n'"),
    ],
)
def test_fails_stack_names_the_cli_refuses(stack: str, shown: str) -> None:
    """One line naming the stack name and the CLI's rule."""
    with pytest.raises(ConfigError) as info:
        platform_name(stack)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("Stack name ")
    assert message.endswith(
        "must be 1-100 letters, digits, hyphens, underscores or periods "
        "(as the Pulumi CLI requires)"
    )
    with pytest.raises(ConfigError):
        check_stack_name(stack)


def test_fleet_of_a_hyphenated_stack_uses_hashed_identifiers() -> None:
    """A fleet in stack cx-prod cannot take aurora-cx-prod-<name> (stack cx, database
    prod-<name> could); its members get the hashed form, still readable."""
    values = {"stage": "prod", "engineVersion": "16.4", "databases": '[{"name": "orders"}]'}
    spec = fleet_spec(values, stack="cx-prod")
    assert spec is not None
    (orders,) = spec.databases
    assert orders.resource_name.startswith("aurorax-cx-prod-orders-")
    assert orders.resource_name != database_identifier("cx", "prod-orders")
