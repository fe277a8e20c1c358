"""Stack files read as the CLI reads them, refusing what it would silently change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from auroractl.cli import main
from auroractl.engine import ConfigError, run_stack

REPO_ROOT = Path(__file__).resolve().parents[1]


def project(tmp_path: Path, stack_text: str | bytes, stack: str = "dev") -> Path:
    """A copy of the program with one stack file written verbatim."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    path = tmp_path / f"Pulumi.{stack}.yaml"
    if isinstance(stack_text, bytes):
        path.write_bytes(stack_text)
    else:
        path.write_text(stack_text)
    return tmp_path


DEV = (REPO_ROOT / "Pulumi.dev.yaml").read_text()


def fails(project_dir: Path, stack: str = "dev") -> str:
    with pytest.raises(ConfigError) as info:
        run_stack(project_dir, stack)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_fails_duplicate_key(tmp_path: Path) -> None:
    """PyYAML keeps the last of two equal keys silently; the stack file is refused instead."""
    text = DEV.replace(
        "  aurora-platform:readers: 0\n",
        "  aurora-platform:readers: 0\n  aurora-platform:readers: 3\n",
    )
    line = text.splitlines().index("  aurora-platform:readers: 0") + 1
    assert fails(project(tmp_path, text)) == (
        f"Pulumi.dev.yaml is not valid: key 'aurora-platform:readers' is given twice "
        f"(lines {line} and {line + 1}); keep one"
    )


def test_fails_duplicate_key_in_an_object(tmp_path: Path) -> None:
    """Nested maps are checked too."""
    text = DEV.replace("    azCount: 2\n", "    azCount: 2\n    azCount: 3\n")
    assert "key 'azCount' is given twice" in fails(project(tmp_path, text))


def test_fails_unquoted_engine_version_the_cli_would_change(tmp_path: Path) -> None:
    """engineVersion: 16.10 is the YAML number 16.1; the CLI would pass '16.1'."""
    text = DEV.replace('engineVersion: "16.4"', "engineVersion: 16.10")
    assert fails(project(tmp_path, text)) == (
        "Stack 'dev' with configuration key 'engineVersion' must be a quoted string, got the "
        "YAML number 16.10, which the Pulumi CLI passes on as '16.1'; "
        'write engineVersion: "16.10"'
    )


def test_unquoted_engine_version_kept_as_written_plans(tmp_path: Path) -> None:
    """engineVersion: 16.4 unquoted reaches the program as '16.4', as the CLI passes it."""
    text = DEV.replace('engineVersion: "16.4"', "engineVersion: 16.4")
    plan = run_stack(project(tmp_path, text), "dev")
    assert plan.config["aurora-platform:engineVersion"] == 16.4


def test_fails_stack_file_that_is_a_directory(tmp_path: Path) -> None:
    project_dir = project(tmp_path, DEV, stack="other")
    (project_dir / "Pulumi.dev.yaml").mkdir()
    assert fails(project_dir) == "Pulumi.dev.yaml is a directory, not a YAML file"


def test_fails_stack_file_that_is_not_utf8(tmp_path: Path) -> None:
    data = DEV.replace("environment: dev", "environment: d\xe9v").encode("latin-1")
    message = fails(project(tmp_path, data))
    assert message.startswith("Pulumi.dev.yaml is not UTF-8 text (byte ")


@pytest.mark.parametrize(
    ("stack", "shown"),
    [("../x", "../x"), ("a b", "a b"), ("x" * 300, "x" * 40 + "... (300 characters)")],
)
def test_fails_stack_names_the_cli_refuses(
    stack: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused by name before any file is read (../x would leave the project directory)."""
    assert main(["plan", "--stack", stack, "--project-dir", str(REPO_ROOT)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        f"stack name '{shown}' must be 1-100 letters, digits, hyphens, underscores or periods "
        "(as the Pulumi CLI requires)"
    )
    assert len(err.splitlines()) == 1
