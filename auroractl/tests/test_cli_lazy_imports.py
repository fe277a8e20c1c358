"""``auroractl`` registers every subcommand without importing the commands' implementations.

Each case runs in a fresh interpreter: it builds the parser, renders the help of the CLI and of
every subcommand, and lists which heavy modules that loaded. The help must not depend on
whether those modules were imported (the registration is the same code either way).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pulumi", "pulumi_policy", "aurora_guardrails", "grpc", "psycopg", "auroractl.engine")
"""What a command that does not need them must not import (the engine imports pulumi)."""

_SCRIPT = """
import argparse, contextlib, importlib, io, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from auroractl.cli import build_parser
helps = {}
def walk(parser, path):
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        parser.print_help()
    helps[" ".join(path)] = text.getvalue()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                walk(sub, [*path, name])
walk(build_parser(), ["auroractl"])
heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
print(json.dumps({"helps": helps, "heavy": heavy}))
""".replace("HEAVY", repr(HEAVY))


def _run(*preload: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *preload],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "PATH": ""},
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_parser_imports_no_command_implementation() -> None:
    lazy = _run()
    assert lazy["heavy"] == []
    helps = lazy["helps"]
    assert isinstance(helps, dict)
    assert {"auroractl", "auroractl plan", "auroractl cost", "auroractl migrate run"} <= set(helps)


def test_help_is_the_same_with_the_implementations_imported() -> None:
    lazy = _run()
    eager = _run(
        "auroractl.engine",
        "auroractl.cost.cli",
        "auroractl.cost.plan",
        "auroractl.policy._runner",
        "auroractl.formats",
        "auroractl.migrate.runner",
    )
    assert eager["heavy"] != []
    assert eager["helps"] == lazy["helps"]
