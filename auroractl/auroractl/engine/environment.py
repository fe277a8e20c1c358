"""The program's own Python environment, as ``Pulumi.yaml`` names it.

The Pulumi CLI runs a Python program with the virtual environment of
``runtime.options.virtualenv`` (relative to the project directory), or ``.venv`` with
``toolchain: uv``, else the ``python`` on ``PATH``. ``auroractl plan`` runs the program
in-process, so it must itself run from that environment, installed next to the program's
dependencies (like pytest): the program then imports its own ``pulumi``, provider and helper
packages.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auroractl.engine.config import ConfigError
from auroractl.engine.project import load_yaml

__all__ = ["ProgramEnvironment", "program_environment"]


@dataclass(frozen=True)
class ProgramEnvironment:
    """The virtual environment ``Pulumi.yaml`` names and how it relates to this process."""

    named: str
    """As written in ``Pulumi.yaml`` (``venv``, ``.venv``)."""
    path: Path
    """Resolved against the project directory."""

    @property
    def exists(self) -> bool:
        """Whether the folder is a virtual environment."""
        return (self.path / "pyvenv.cfg").is_file()

    @property
    def is_current(self) -> bool:
        """Whether auroractl runs from it."""
        return Path(sys.prefix).resolve() == self.path.resolve()

    @property
    def auroractl(self) -> Path:
        """Where auroractl's console script is when installed there."""
        return self.path / ("Scripts" if sys.platform == "win32" else "bin") / "auroractl"

    @property
    def python(self) -> Path:
        """The environment's interpreter."""
        return self.path / ("Scripts" if sys.platform == "win32" else "bin") / "python"

    def not_installed(self) -> ConfigError:
        """The one-line error when the environment exists without auroractl."""
        return ConfigError(
            f"Pulumi.yaml runs the program in the virtual environment '{self.named}' "
            f"({self.path}), and auroractl runs from {sys.prefix}: install auroractl next to "
            f"the program's packages with `{self.python} -m pip install auroractl` and run "
            f"`{self.auroractl} plan ...`"
        )

    def run_there(self) -> ConfigError:
        """The one-line error when auroractl is installed there but runs from elsewhere."""
        return ConfigError(
            f"Pulumi.yaml runs the program in the virtual environment '{self.named}' "
            f"({self.path}), and auroractl runs from {sys.prefix}: run `{self.auroractl} plan "
            "...` (the auroractl installed there)"
        )


def _options(doc: Any) -> Mapping[str, Any]:
    runtime = doc.get("runtime") if isinstance(doc, Mapping) else None
    options = runtime.get("options") if isinstance(runtime, Mapping) else None
    return options if isinstance(options, Mapping) else {}


def program_environment(project_dir: Path) -> ProgramEnvironment | None:
    """The environment ``Pulumi.yaml``'s runtime options name, or ``None`` (the CLI would use
    the ``python`` on ``PATH``: here, the interpreter running auroractl)."""
    options = _options(load_yaml(project_dir / "Pulumi.yaml"))
    named = options.get("virtualenv")
    if not named and options.get("toolchain") == "uv":
        named = ".venv"
    if not isinstance(named, str) or not named:
        return None
    path = Path(named).expanduser()
    return ProgramEnvironment(named, path if path.is_absolute() else project_dir / path)
