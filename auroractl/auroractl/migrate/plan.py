"""The translation plan of a SQLite file: target names and types, objects and problems."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from auroractl.migrate import ddl, dsql
from auroractl.migrate.assume import assumed_profile, expectations
from auroractl.migrate.ddl import constraint_name, translate_default
from auroractl.migrate.errors import usage_error
from auroractl.migrate.identifiers import RESERVED, fold, too_long
from auroractl.migrate.model import (
    ColumnPlan,
    Context,
    ForeignKeyPlan,
    IndexPlan,
    ObjectPlan,
    Plan,
    TablePlan,
)
from auroractl.migrate.problems import Flags, Problem, column_problems, foreign_key_problems
from auroractl.migrate.profile import ColumnProfile, profile_table, register_functions
from auroractl.migrate.source import Index, Schema, Table, inspect, open_readonly, quote
from auroractl.migrate.typemap import PG_TYPES, choose, converter, select_expression

PG_MAX_COLUMNS = 1600
"""Columns of a PostgreSQL table (https://www.postgresql.org/docs/current/limits.html)."""


def parse_casts(values: Sequence[str]) -> dict[tuple[str, str], str]:
    """``--cast table.column=TYPE`` values as ``{(table, column): type}`` (exit 2 if bad)."""
    result = {}
    for value in values:
        target, sep, pg_type = value.partition("=")
        table, dot, column = target.rpartition(".")
        pg_type = pg_type.strip().lower()
        if not sep or not dot or not table or not column:
            raise usage_error(f"--cast {value!r}: expected TABLE.COLUMN=TYPE")
        if pg_type not in PG_TYPES:
            raise usage_error(f"--cast {value!r}: TYPE must be one of {', '.join(PG_TYPES)}")
        result[(table, column)] = pg_type
    return result


def build(
    conn: sqlite3.Connection,
    *,
    casts: dict[tuple[str, str], str] | None = None,
    flags: Flags | None = None,
    tables: Sequence[str] | None = None,
    source: Path | None = None,
    jobs: int = 1,
    check_foreign_keys: bool = True,
    assume: bool = False,
) -> Plan:
    """Inspect and profile the file and decide everything (reads every row once).

    With ``source`` and ``jobs`` > 1 the tables are measured in parallel, each thread on its
    own read-only connection (SQLite releases the GIL while it scans).
    ``check_foreign_keys`` runs ``PRAGMA foreign_key_check`` (``run`` leaves it to
    PostgreSQL's ``VALIDATE CONSTRAINT``).
    ``assume`` plans the tables whose declarations allow it from the data those declarations
    promise, unread (:mod:`assume`: ``run`` checks them while it copies).
    """
    casts = casts or {}
    flags = flags or Flags()
    register_functions(conn)
    schema = inspect(conn)
    chosen = _select_tables(schema, tables)
    for table_name, column_name in casts:
        if table_name not in {t.name for t in chosen}:
            raise usage_error(f"--cast {table_name}.{column_name}: no table {table_name!r}")
        if column_name not in {c.name for c in schema.table(table_name).columns}:
            raise usage_error(
                f"--cast {table_name}.{column_name}: table {table_name!r} has no column "
                f"{column_name!r}"
            )
    problems: list[Problem] = []
    relation_names, collisions = fold(
        [t.name for t in schema.tables]
        + [v.name for v in schema.views]
        + [i.name for t in schema.tables for i in t.indexes if i.origin == "c"]
    )
    for group in collisions:
        problems.append(_collision("table/view/index", "", group))
    for name, target in relation_names.items():
        problems.extend(_name_problems(name, "", name, target))
    assumed = {}
    if assume:
        for table in chosen:
            expected = expectations(table, casts)
            if expected is not None:
                assumed[table.name] = tuple(expected)
    measured = _measure(
        conn, [t for t in chosen if t.name not in assumed], source, jobs, check_foreign_keys
    )
    for table in chosen:
        if table.name in assumed:
            (rows,) = conn.execute(f"SELECT count(*) FROM {quote(table.name)}").fetchone()
            profiles = {e.column: assumed_profile(e) for e in assumed[table.name]}
            measured[table.name] = (profiles, int(rows), [])
    context = Context(relation_names, casts, flags, frozenset(relation_names.values()))
    plans = []
    for table in chosen:
        plans.append(_table_plan(conn, table, measured[table.name], context, problems))
    plans = [dataclasses.replace(_map_parent_columns(p, plans), taken=context.taken) for p in plans]
    problems.extend(_derived_collisions(plans))
    objects = _objects(schema, relation_names)
    refusals = dsql.refusals(plans, objects)
    return Plan(tuple(plans), tuple(objects), tuple(problems), tuple(refusals), context, assumed)


def replan(
    conn: sqlite3.Connection, planned: TablePlan, measures: Measures, context: Context
) -> tuple[TablePlan, list[Problem]]:
    """``planned``'s table planned again from ``measures`` (its foreign keys and the names it
    must avoid, which the data does not change, kept), with the problems found."""
    problems: list[Problem] = []
    table = _table_plan(conn, planned.source, measures, context, problems)
    return dataclasses.replace(
        table, foreign_keys=planned.foreign_keys, taken=planned.taken
    ), problems


def same_shape(a: TablePlan, b: TablePlan) -> bool:
    """Whether two plans of a table create, read, convert and index it the same way."""
    schema = "s"
    return (
        ddl.create_table(schema, a) == ddl.create_table(schema, b)
        and [s.sql for s in ddl.post_data(schema, a)] == [s.sql for s in ddl.post_data(schema, b)]
        and [(c.select, c.convert) for c in a.columns] == [(c.select, c.convert) for c in b.columns]
        and a.order_key == b.order_key
    )


def profile_again(
    source: Path, planned: TablePlan, context: Context
) -> tuple[TablePlan, list[Problem]]:
    """:func:`replan` from a full profile of the table (read on its own connection)."""
    conn = open_readonly(source)
    try:
        register_functions(conn)
        profiles, rows = profile_table(conn, planned.source)
        return replan(conn, planned, (profiles, rows, []), context)
    finally:
        conn.close()


Measures = tuple[dict[str, ColumnProfile], int, list[Problem]]


def _measure(
    conn: sqlite3.Connection,
    tables: list[Table],
    source: Path | None,
    jobs: int,
    check_foreign_keys: bool,
) -> dict[str, Measures]:
    """Profiles, row counts and foreign-key violations of every table."""

    def one(table: Table, db: sqlite3.Connection) -> Measures:
        profiles, rows = profile_table(db, table)
        fks = foreign_key_problems(db, table) if check_foreign_keys else []
        return profiles, rows, fks

    if source is None or jobs < 2 or len(tables) < 2:
        return {t.name: one(t, conn) for t in tables}

    def in_thread(table: Table) -> Measures:
        db = open_readonly(source)
        try:
            register_functions(db)
            return one(table, db)
        finally:
            db.close()

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(in_thread, tables))
    return {t.name: r for t, r in zip(tables, results, strict=True)}


def _derived_collisions(plans: list[TablePlan]) -> list[Problem]:
    """Constraint names PostgreSQL would derive that a table, view or index already holds."""
    found = []
    for table in plans:
        derived = [(f"{table.name}_pkey", "primary key")] if table.primary_key else []
        derived += [(f"{table.name}_{'_'.join(u)}_key", "unique constraint") for u in table.unique]
        for base, what in derived:
            if base in table.taken:
                found.append(
                    Problem(
                        "identifiers collide",
                        table.source.name,
                        None,
                        0,
                        "",
                        f"the {what} name {base!r} is a table, view or index name",
                        "the constraint is named "
                        f"{constraint_name(table, (), base[len(table.name) + 1 :])!r}",
                    )
                )
    return found


def _map_parent_columns(table: TablePlan, plans: list[TablePlan]) -> TablePlan:
    """Foreign keys name their parent's columns by target name (folded like the parent's)."""
    by_name = {p.name: p for p in plans}
    fks = []
    for fk in table.foreign_keys:
        parent = by_name.get(fk.parent)
        if parent is not None and fk.parent_columns:
            names = {c.source.name: c.name for c in parent.columns}
            fk = dataclasses.replace(
                fk, parent_columns=tuple(names.get(c, c) for c in fk.parent_columns)
            )
        fks.append(fk)
    return dataclasses.replace(table, foreign_keys=tuple(fks))


def _select_tables(schema: Schema, tables: Sequence[str] | None) -> list[Table]:
    if not tables:
        return list(schema.tables)
    known = {t.name for t in schema.tables}
    unknown = [t for t in tables if t not in known]
    if unknown:
        raise usage_error(
            f"--tables: no table {', '.join(map(repr, unknown))} in the file; it has "
            f"{', '.join(sorted(known)) or 'no tables'}"
        )
    return [t for t in schema.tables if t.name in tables]


def _collision(what: str, table: str, group: tuple[str, ...]) -> Problem:
    return Problem(
        "identifiers collide",
        table or group[0],
        None,
        0,
        "",
        f"{what} names {', '.join(map(repr, group))}",
        "PostgreSQL would truncate them to one name: each gets a distinct name with a hash",
    )


def _name_problems(name: str, table: str, where: str, target: str) -> list[Problem]:
    found = []
    column = name if table else None
    if name.lower() in RESERVED:
        found.append(
            Problem(
                "reserved word as identifier",
                table or where,
                column,
                0,
                "",
                repr(name),
                f"created as {target!r}; quote it in SQL",
            )
        )
    if too_long(name):
        found.append(
            Problem(
                "identifier longer than 63 bytes",
                table or where,
                column,
                0,
                "",
                repr(name),
                f"renamed {target!r}",
            )
        )
    return found


def _table_plan(
    conn: sqlite3.Connection,
    table: Table,
    measures: Measures,
    context: Context,
    problems: list[Problem],
) -> TablePlan:
    profiles, rows, fk_problems = measures
    relation_names, casts, flags = context.relation_names, context.casts, context.flags
    if len(table.copied_columns) > PG_MAX_COLUMNS:
        problems.append(
            Problem(
                "more columns than a PostgreSQL table holds",
                table.name,
                None,
                0,
                "",
                "",
                f"not movable: {len(table.copied_columns)} columns, PostgreSQL allows "
                f"{PG_MAX_COLUMNS}; split the table in SQLite",
                blocking=True,
            )
        )
    names, collisions = fold(c.name for c in table.copied_columns)
    for group in collisions:
        problems.append(_collision("column", table.name, group))
    columns = []
    for column in table.copied_columns:
        problems.extend(_name_problems(column.name, table.name, table.name, names[column.name]))
        data = profiles.get(column.name, ColumnProfile())
        cast = casts.get((table.name, column.name))
        choice = choose(column, data, rowid_alias=column.name == table.rowid_alias, cast=cast)
        problems.extend(
            column_problems(conn, table, column, data, choice.pg_type, flags, cast is not None)
        )
        default, reason = translate_default(column.default, choice.pg_type)
        if reason:
            problems.append(
                Problem(
                    "default not translated",
                    table.name,
                    column.name,
                    0,
                    "",
                    repr(column.default),
                    reason,
                )
            )
        columns.append(
            ColumnPlan(
                source=column,
                name=names[column.name],
                pg_type=choice.pg_type,
                rule=choice.rule,
                identity=column.name == table.rowid_alias,
                select=select_expression(column, choice.pg_type, data),
                convert=converter(
                    choice.pg_type,
                    data,
                    on_invalid_utf8=flags.on_invalid_utf8,
                    drop_nul=flags.drop_nul,
                ),
                default=default,
                notnull=column.notnull or bool(column.pk and table.without_rowid),
            )
        )
    for column in table.columns:
        if column.generated:
            problems.append(
                Problem(
                    "generated column",
                    table.name,
                    column.name,
                    0,
                    "",
                    "",
                    "not copied (SQLite expression); add it with ALTER TABLE ... GENERATED",
                )
            )
    pk = table.primary_key
    pk_nullable = any(
        profiles.get(name, ColumnProfile()).null for name in pk if name != table.rowid_alias
    )
    by_source = {c.source.name: c.name for c in columns}
    primary_key = () if pk_nullable else tuple(by_source[n] for n in pk)
    unique = [tuple(by_source[n] for n in pk)] if pk_nullable else []
    indexes = []
    for index in table.indexes:
        if index.origin == "pk":
            continue
        plain = all(c is not None and c in by_source for c in index.columns)
        if index.origin == "u" and plain:
            unique.append(tuple(by_source[c] for c in index.columns if c))
            continue
        indexes.append(_index_plan(index, relation_names, by_source, plain))
    identity_start = None
    if table.rowid_alias:
        (largest,) = conn.execute(
            f"SELECT coalesce(max({quote(table.rowid_alias)}), 0) FROM {quote(table.name)}"
        ).fetchone()
        identity_start = max(int(largest), table.autoincrement or 0) + 1
    problems.extend(fk_problems)
    violated = {p.column: p.count for p in fk_problems}
    fks = tuple(
        ForeignKeyPlan(
            columns=tuple(by_source.get(c, c) for c in fk.columns),
            parent=relation_names.get(fk.parent, fk.parent),
            parent_columns=tuple(fk.parent_columns or ()),
            on_update=fk.on_update,
            on_delete=fk.on_delete,
            violated=violated.get(", ".join(fk.columns), 0),
        )
        for fk in table.foreign_keys
    )
    return TablePlan(
        source=table,
        name=relation_names[table.name],
        columns=tuple(columns),
        primary_key=primary_key,
        order_key=pk if primary_key else (),
        unique=tuple(unique),
        indexes=tuple(indexes),
        foreign_keys=fks,
        checks=table.checks,
        identity_start=identity_start,
        rows=int(rows),
    )


def _index_plan(
    index: Index, relation_names: dict[str, str], by_source: dict[str, str], plain: bool
) -> IndexPlan:
    tail = None
    if not plain or index.partial:
        sql = index.sql or ""
        open_paren = sql.find("(")
        tail = sql[open_paren:] if open_paren >= 0 else None
    name = relation_names.get(index.name, index.name.lower())
    return IndexPlan(
        name=name,
        unique=index.unique,
        columns=tuple(by_source.get(c, c) for c in index.columns if c),
        descending=index.descending,
        sql_tail=tail,
    )


def _objects(schema: Schema, relation_names: dict[str, str]) -> list[ObjectPlan]:
    result = []
    for view in schema.views:
        if view.kind == "view":
            body = (
                view.sql[view.sql.upper().find(" AS ") + 4 :] if " AS " in view.sql.upper() else ""
            )
            result.append(
                ObjectPlan(
                    "view",
                    view.name,
                    relation_names.get(view.name, view.name.lower()),
                    body,
                    bool(body),
                    "created when its SELECT runs on PostgreSQL unchanged",
                )
            )
        else:
            result.append(
                ObjectPlan(
                    view.kind,
                    view.name,
                    view.name,
                    view.sql,
                    False,
                    "virtual tables (FTS, R-tree, ...) are SQLite modules; not migrated",
                )
            )
    for trigger in schema.triggers:
        result.append(
            ObjectPlan(
                "trigger",
                trigger.name,
                trigger.name,
                trigger.sql,
                False,
                "SQLite trigger bodies have no PostgreSQL form: rewrite as a PL/pgSQL trigger "
                "function",
            )
        )
    return result
