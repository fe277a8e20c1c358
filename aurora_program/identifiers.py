"""Physical identifiers of a stack's databases, unique per (stack, database) by construction.

An identifier is the ``AuroraPlatform`` name, which is also the RDS cluster identifier, the
KMS alias and the prefix of every child's physical name. Changing it replaces the cluster, so
every identifier this program gave before keeps its form where that form is unambiguous:

- one database: ``aurora-<stack>`` when the stack name is lowercase letters, digits and single
  hyphens and its first hyphen (if any) is followed by a digit (``dev``, ``prod``, ``dev-1``);
- a fleet member: ``aurora-<stack>-<name>`` when the stack name has no hyphen (``prod`` +
  ``orders``); a database name always starts with a letter.

The two forms cannot meet: after ``aurora-``, the first hyphen of a one-database identifier is
followed by a digit or absent, that of a fleet member by a letter. Every other input (``dev_1``,
``Dev.1``, ``staging-eu``, a fleet of ``cx-prod``, names too long for 32 characters) gets
``aurorax-<readable part>-<hash>``: a prefix the two forms never produce, and 8 base32
characters of the SHA-256 of the exact stack and database names, so inputs that differ only in
what the readable part drops (case, ``_``, ``.``) still differ. Stack names follow the Pulumi
CLI's rule (pulumi/pulumi ``sdk/go/common/tokens/stack_name.go``, ``ParseStackName``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Final

from aurora_components.platform import MAX_PLATFORM_NAME_LENGTH

__all__ = [
    "DATABASE_NAME_MAX",
    "STACK_NAME_RULE",
    "database_identifier",
    "fleet_name_budget",
    "stack_identifier",
    "stack_name_problem",
]

PREFIX: Final = "aurora-"
ESCAPED_PREFIX: Final = "aurorax-"
HASH_LENGTH: Final = 8
DATABASE_NAME_MAX: Final = 63
"""Longest ``databases[].name``; a name longer than the readable budget is shortened and hashed."""
STACK_NAME_RULE: Final = "1-100 letters, digits, hyphens, underscores or periods"

_STACK_NAME: Final = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_ONE_DATABASE: Final = re.compile(r"[a-z0-9]+(?:-[0-9][a-z0-9]*(?:-[a-z0-9]+)*)?")
_FLEET_STACK: Final = re.compile(r"[a-z0-9]+")
_DATABASE_NAME: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def stack_name_problem(stack: str) -> str | None:
    """Why the Pulumi CLI would refuse ``stack`` as a stack name, or ``None``."""
    if _STACK_NAME.fullmatch(stack) is None:
        return f"must be {STACK_NAME_RULE} (as the Pulumi CLI requires)"
    return None


def stack_identifier(stack: str) -> str:
    """The identifier of a one-database stack (and the base name of a fleet's shared key and
    network). ``stack`` must be a valid stack name (:func:`stack_name_problem`)."""
    candidate = PREFIX + stack
    if _ONE_DATABASE.fullmatch(stack) and len(candidate) <= MAX_PLATFORM_NAME_LENGTH:
        return candidate
    return _escaped(stack, None)


def database_identifier(stack: str, name: str) -> str:
    """The identifier of fleet member ``name`` (a valid ``databases[].name``) in ``stack``."""
    candidate = f"{PREFIX}{stack}-{name}"
    if (
        _FLEET_STACK.fullmatch(stack)
        and _DATABASE_NAME.fullmatch(name)
        and len(candidate) <= MAX_PLATFORM_NAME_LENGTH
    ):
        return candidate
    return _escaped(stack, name)


def fleet_name_budget(stack: str) -> int | None:
    """Longest database name that keeps the ``aurora-<stack>-<name>`` form, or ``None`` when
    the stack's members always get the hashed form."""
    if not _FLEET_STACK.fullmatch(stack):
        return None
    return MAX_PLATFORM_NAME_LENGTH - len(PREFIX) - len(stack) - 1


def _escaped(stack: str, name: str | None) -> str:
    digest = hashlib.sha256(f"{stack}\0{name or ''}".encode()).digest()
    tag = base64.b32encode(digest).decode().lower()[:HASH_LENGTH]
    text = (f"{stack}-{name}" if name else stack).lower()
    room = MAX_PLATFORM_NAME_LENGTH - len(ESCAPED_PREFIX) - HASH_LENGTH - 1
    readable = re.sub(r"[^a-z0-9]+", "-", text)[:room].strip("-")
    return f"{ESCAPED_PREFIX}{readable}-{tag}" if readable else f"{ESCAPED_PREFIX}{tag}"
