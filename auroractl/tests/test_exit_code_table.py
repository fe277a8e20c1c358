"""The README's exit-code table matches the codes the commands are built with."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from auroractl.cli import EXIT_INTERRUPTED, build_parser
from auroractl.extension import EXIT_CONFIG, EXIT_FAILURE, EXIT_PROGRAM
from auroractl.ops.errors import ExitCode

README = Path(__file__).resolve().parents[2] / "README.md"


def _table() -> dict[int, tuple[str, set[str]]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes") :]
    rows = re.findall(r"^\| (\d+) \| (.*) \| (.*) \|$", section, flags=re.M)
    return {
        int(code): (meaning, {c.strip() for c in commands.split(",")})
        for code, meaning, commands in rows
    }


def _commands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_code_of_the_commands_is_in_the_table() -> None:
    """Each ExitCode, the plan codes and Ctrl-C's 130 have a row, in order and nothing else."""
    table = _table()
    built = {int(c) for c in ExitCode} | {EXIT_CONFIG, EXIT_FAILURE, EXIT_PROGRAM, EXIT_INTERRUPTED}
    assert sorted(table) == sorted(built)


def test_rows_name_only_real_commands() -> None:
    """Every command named in the table exists; 0, 2 and 130 apply to all of them."""
    commands = _commands()
    for code, (_, named) in _table().items():
        assert named == {"all"} or named <= commands, (code, named - commands)
    for code in (0, EXIT_CONFIG, EXIT_INTERRUPTED):
        assert _table()[code][1] == {"all"}


def test_program_failure_and_dns_share_3_by_command() -> None:
    """Code 3 means the program failed for plan/cost and DNS for the database commands."""
    meaning, named = _table()[EXIT_PROGRAM]
    assert EXIT_PROGRAM == ExitCode.DNS == 3
    assert {"plan", "cost", "health"} <= named
    assert "program" in meaning and "DNS" in meaning
