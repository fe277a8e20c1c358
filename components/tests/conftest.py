"""Makes the component test harness importable and provides the ``monitor`` fixture."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from componentmocks import monitor  # noqa: E402

__all__ = ["monitor"]
