"""Package attributes imported on first use (PEP 562).

``auroractl`` registers every subcommand at start-up; a package whose exports pull in heavy
libraries (the guardrails, the policy runner) lists where each name lives and lets this module
import it when it is first read, so that building the parser imports none of them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for `package`: each name of `homes` is imported from the
    module named there on first use and cached in the package."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
