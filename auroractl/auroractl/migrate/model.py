"""The translation plan's data: target tables, columns, indexes, keys, objects."""

from __future__ import annotations

import dataclasses
from typing import Any

from auroractl.migrate.affinity import affinity
from auroractl.migrate.assume import Expectation
from auroractl.migrate.problems import Flags, Problem
from auroractl.migrate.source import Column, Table
from auroractl.migrate.typemap import Converter


@dataclasses.dataclass(frozen=True)
class ColumnPlan:
    """One target column: name, type, how it is read and converted."""

    source: Column
    name: str
    pg_type: str
    rule: str
    identity: bool
    select: str
    convert: Converter | None
    default: str | None
    notnull: bool


@dataclasses.dataclass(frozen=True)
class IndexPlan:
    """A target index; ``sql_tail`` is SQLite SQL tried verbatim (expression/partial)."""

    name: str
    unique: bool
    columns: tuple[str, ...]
    descending: tuple[bool, ...]
    sql_tail: str | None


@dataclasses.dataclass(frozen=True)
class ForeignKeyPlan:
    """A target foreign key (columns in target names)."""

    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]
    on_update: str
    on_delete: str
    violated: int


@dataclasses.dataclass(frozen=True)
class TablePlan:
    """One target table."""

    source: Table
    name: str
    columns: tuple[ColumnPlan, ...]
    primary_key: tuple[str, ...]
    """Target column names of the PRIMARY KEY (empty: none)."""
    order_key: tuple[str, ...]
    """Source columns the rows are compared in (empty: no key, compared as a multiset)."""
    unique: tuple[tuple[str, ...], ...]
    indexes: tuple[IndexPlan, ...]
    foreign_keys: tuple[ForeignKeyPlan, ...]
    checks: tuple[str, ...]
    identity_start: int | None
    rows: int
    taken: frozenset[str] = frozenset()
    """Relation names (tables, views, indexes) derived constraint names must avoid."""

    def column(self, source_name: str) -> ColumnPlan:
        """The plan of the source column ``source_name``."""
        for col in self.columns:
            if col.source.name == source_name:
                return col
        raise KeyError(source_name)


@dataclasses.dataclass(frozen=True)
class ObjectPlan:
    """A view or trigger: migrated when its SQL translates, otherwise listed with the reason."""

    kind: str
    name: str
    target: str
    sql: str
    migrate: bool
    reason: str


@dataclasses.dataclass(frozen=True)
class Context:
    """What planning a table takes besides its own data."""

    relation_names: dict[str, str]
    """SQLite table, view and index names -> target names."""
    casts: dict[tuple[str, str], str]
    flags: Flags
    taken: frozenset[str]
    """Target relation names (derived constraint names avoid them)."""


@dataclasses.dataclass(frozen=True)
class Plan:
    """Everything ``check`` prints and ``run`` executes."""

    tables: tuple[TablePlan, ...]
    objects: tuple[ObjectPlan, ...]
    problems: tuple[Problem, ...]
    dsql_refusals: tuple[str, ...]
    context: Context
    """What re-planning a table takes (``run``, when an assumed table's data disagrees)."""
    assumed: dict[str, tuple[Expectation, ...]] = dataclasses.field(default_factory=dict)
    """Tables planned from what their declarations promise (``run`` checks their data while
    it copies them): their expectations, one per column."""

    @property
    def blocking(self) -> list[Problem]:
        """Problems that need a flag before the file can move."""
        return [p for p in self.problems if p.blocking]

    def as_json(self) -> dict[str, Any]:
        """The ``check --json`` document."""
        return {
            "movable": not self.blocking,
            "tables": [
                {
                    "name": t.source.name,
                    "target": t.name,
                    "rows": t.rows,
                    "withoutRowid": t.source.without_rowid,
                    "primaryKey": list(t.primary_key),
                    "columns": [
                        {
                            "name": c.source.name,
                            "target": c.name,
                            "declared": c.source.declared,
                            "affinity": _affinity(c.source),
                            "type": c.pg_type,
                            "rule": c.rule,
                            "identity": c.identity,
                            "notNull": c.notnull,
                            "default": c.default,
                        }
                        for c in t.columns
                    ],
                    "unique": [list(u) for u in t.unique],
                    "indexes": [
                        {"name": i.name, "unique": i.unique, "columns": list(i.columns)}
                        for i in t.indexes
                    ],
                    "foreignKeys": [
                        {
                            "columns": list(f.columns),
                            "parent": f.parent,
                            "parentColumns": list(f.parent_columns),
                            "violatingRows": f.violated,
                        }
                        for f in t.foreign_keys
                    ],
                    "checks": list(t.checks),
                }
                for t in self.tables
            ],
            "objects": [
                {"kind": o.kind, "name": o.name, "migrate": o.migrate, "reason": o.reason}
                for o in self.objects
            ],
            "problems": [p.as_json() for p in self.problems],
            "dsqlRefusals": list(self.dsql_refusals),
        }


def _affinity(column: Column) -> str:
    return affinity(column.declared)
