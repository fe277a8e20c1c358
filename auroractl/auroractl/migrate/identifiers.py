"""PostgreSQL names for SQLite identifiers: folded to lower case unless that would collide.

PostgreSQL folds unquoted identifiers to lower case (ASCII letters only, in a UTF-8 database)
and truncates names to 63 bytes
(https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS), so a
table ``Users`` becomes ``users``: applications keep working with unquoted SQL. SQLite already
compares ASCII names without case, so what collides is truncation (two long names sharing their
first 63 bytes) and the names PostgreSQL derives for constraints (``users_pkey``) meeting a
table or index of that name. Long names are shortened with a hash, colliding names keep their
exact spelling, and derived names that are taken get a hash suffix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

MAX_IDENTIFIER_BYTES = 63
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

RESERVED = frozenset(
    {
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "authorization",
        "binary",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "collation",
        "column",
        "concurrently",
        "constraint",
        "create",
        "cross",
        "current_catalog",
        "current_date",
        "current_role",
        "current_schema",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "freeze",
        "from",
        "full",
        "grant",
        "group",
        "having",
        "ilike",
        "in",
        "initially",
        "inner",
        "intersect",
        "into",
        "is",
        "isnull",
        "join",
        "lateral",
        "leading",
        "left",
        "like",
        "limit",
        "localtime",
        "localtimestamp",
        "natural",
        "not",
        "notnull",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "outer",
        "overlaps",
        "placing",
        "primary",
        "references",
        "returning",
        "right",
        "select",
        "session_user",
        "similar",
        "some",
        "symmetric",
        "system_user",
        "table",
        "tablesample",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "verbose",
        "when",
        "where",
        "window",
        "with",
    }
)
"""PostgreSQL's reserved key words (``pg_get_keywords()`` category R and T, PostgreSQL 16)."""


def fold(names: Iterable[str]) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    """Target names for ``names`` of one namespace, and the groups PostgreSQL would merge
    (names equal in their first 63 bytes once folded); long names get a hash suffix."""
    groups: dict[str, list[str]] = {}
    for name in names:
        folded = name.translate(_ASCII_LOWER)
        truncated = folded.encode("utf-8")[:MAX_IDENTIFIER_BYTES].decode("utf-8", "ignore")
        groups.setdefault(truncated, []).append(name)
    result: dict[str, str] = {}
    collisions: list[tuple[str, ...]] = []
    for members in groups.values():
        if len(members) > 1:
            collisions.append(tuple(members))
        for name in members:
            result[name] = _shorten(name.translate(_ASCII_LOWER))
    return result, collisions


def derived_name(base: str, taken: frozenset[str]) -> str:
    """A constraint name PostgreSQL will accept: ``base`` (shortened past 63 bytes), with a hash
    suffix when a relation already has that name."""
    name = _shorten(base)
    if name not in taken:
        return name
    digest = hashlib.sha256(base.encode("utf-8")).hexdigest()[:8]
    cut = base.encode("utf-8")[: MAX_IDENTIFIER_BYTES - 9].decode("utf-8", "ignore")
    return f"{cut}_{digest}"


def too_long(name: str) -> bool:
    """Whether PostgreSQL would truncate ``name``."""
    return len(name.encode("utf-8")) > MAX_IDENTIFIER_BYTES


def _shorten(name: str) -> str:
    if not too_long(name):
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    cut = name.encode("utf-8")[: MAX_IDENTIFIER_BYTES - 9].decode("utf-8", "ignore")
    return f"{cut}_{digest}"
