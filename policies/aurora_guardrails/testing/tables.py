"""Case tables kept in test modules, loaded by file for the tests that run or audit them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def table_modules(folder: Path, *patterns: str) -> dict[str, ModuleType]:
    """The modules of `folder` whose names match `patterns`, by file stem, in name order.

    Test folders are no packages (pytest imports them by path), so each file is loaded from its
    path; a module's tables are its `MATRIX` (`Case`s) and `STACK_MATRIX` (`StackCase`s).
    """
    paths = sorted({path for pattern in patterns for path in folder.glob(pattern)})
    modules = {}
    for path in paths:
        spec = importlib.util.spec_from_file_location(f"tables_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules[path.stem] = module
    return modules
