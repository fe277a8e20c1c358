"""Every file an ``auroractl`` command reads: unusable files are one line and exit 2.

One shared reader (:mod:`auroractl.inputs`) serves ``--outputs`` (env, health),
``--policy-pack-config`` (plan, audit) and ``--ca-bundle`` (health); each command is run for
real, in-process, with a missing file, a directory, bytes that are not UTF-8 and JSON holding
a non-finite number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from auroractl.cli import main

ROOT = Path(__file__).resolve().parents[2]

FlagCommand = Callable[[str], list[str]]

COMMANDS: dict[str, tuple[str, FlagCommand]] = {
    "env --outputs": ("--outputs", lambda f: ["env", "--stack", "dev", "--outputs", f]),
    "health --outputs": ("--outputs", lambda f: ["health", "--outputs", f]),
    "health --ca-bundle": (
        "--ca-bundle",
        lambda f: ["health", "--host", "127.0.0.1", "--auth", "iam", "--user", "u",
                   "--region", "us-east-1", "--ca-bundle", f],
    ),
    "audit --policy-pack-config": (
        "--policy-pack-config",
        lambda f: ["audit", "--region", "us-east-1", "--policy-pack-config", f],
    ),
    "plan --policy-pack-config": (
        "--policy-pack-config",
        lambda f: ["plan", "--stack", "dev", "--project-dir", str(ROOT),
                   "--policy-pack-config", f],
    ),
}  # fmt: skip


def _file(tmp_path: Path, case: str) -> tuple[Path, str]:
    """A file of the given kind and the reason the reader must give."""
    path = tmp_path / "input.json"
    if case == "missing":
        return path, "no such file; expected a readable file"
    if case == "directory":
        path.mkdir()
        return path, "is a directory; expected a readable file"
    if case == "latin-1":
        path.write_bytes('{"all": "advisory", "note": "café"}'.encode("latin-1"))
        return path, "not UTF-8 text (byte 0xe9 at offset 32); expected a UTF-8 file"
    path.write_text('{"aurora-acu-bounds": {"maxCapacityCeiling": Infinity}}', encoding="utf-8")
    return path, "Infinity is not a JSON number; numbers must be finite"


@pytest.mark.parametrize("case", ["missing", "directory", "latin-1", "infinity"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_unusable_file_is_one_line_naming_flag_and_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, case: str
) -> None:
    """Exit 2 and one stderr line: the flag, the file, what is wrong and what is expected."""
    flag, argv = COMMANDS[name]
    path, reason = _file(tmp_path, case)
    if name == "health --ca-bundle" and case == "infinity":
        reason = "no PEM certificate in the file"  # a CA bundle is PEM, not JSON
    code = main(argv(str(path)))
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert f"{flag} '{path}': {reason}" in err


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (b"runtime: pyth\xf6n\n", "not UTF-8 text (byte 0xf6 at offset 13)"),
        (b"runtime: [python\n", "not valid YAML (while parsing a flow sequence"),
    ],
)
def test_unusable_pack_manifest_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, manifest: bytes, reason: str
) -> None:
    """A --policy-pack whose PulumiPolicy.yaml is not UTF-8 or not YAML: one line, exit 2."""
    (tmp_path / "PulumiPolicy.yaml").write_bytes(manifest)
    argv = ["plan", "--stack", "dev", "--project-dir", str(ROOT), "--policy-pack", str(tmp_path)]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "PulumiPolicy.yaml" in err and reason in err
