"""End of RDS / Aurora standard support per engine major version, from `data/engine_support.json`.

The data file cites the AWS calendar page of each engine and, for each date read on an AWS page,
that page (`verifiedIn`); every other date is unverified, and the rule says so with the date.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SupportEnd", "major_of", "support_end", "support_table"]

_ENGINE_ALIASES = {"aurora": "aurora-mysql"}


@dataclass(frozen=True)
class SupportEnd:
    """When standard support of one engine major ends, and where the date comes from."""

    engine: str
    major: str
    date: datetime.date
    source: str
    """The AWS calendar page where the engine's dates are published."""
    verified_in: str | None
    """The AWS page the date was read on; `None` when the date is unverified."""

    @property
    def verified(self) -> bool:
        """True when the date was read on an AWS page."""
        return self.verified_in is not None


@cache
def support_table() -> dict[str, Any]:
    """The parsed data file."""
    text = resources.files("aurora_guardrails").joinpath("data/engine_support.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def major_of(engine: str, version: str) -> str | None:
    """The major version as the calendar names it: `16.4` → `16`, `9.6.24` → `9.6`,
    `8.0.35` → `8.0`, `8.0.mysql_aurora.3.05.2` → `8.0`; `None` when unparseable."""
    match = re.match(r"^(\d+)(?:\.(\d+))?", version.strip())
    if match is None:
        return None
    first, second = match.group(1), match.group(2)
    if "postgres" in engine and int(first) >= 10:
        return first
    return f"{first}.{second}" if second is not None else first


def support_end(engine: str, version: str) -> SupportEnd | None:
    """The end of standard support of `version` of `engine`, `None` when not in the calendar."""
    name = _ENGINE_ALIASES.get(engine, engine)
    entry = support_table()["engines"].get(name)
    major = major_of(name, version)
    if entry is None or major is None or major not in entry["majors"]:
        return None
    row = entry["majors"][major]
    return SupportEnd(
        engine=name,
        major=major,
        date=datetime.date.fromisoformat(row["endOfStandardSupport"]),
        source=str(entry["source"]),
        verified_in=str(row["verifiedIn"])
        if row.get("verified") and row.get("verifiedIn")
        else None,
    )
