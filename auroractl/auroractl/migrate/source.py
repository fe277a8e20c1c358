"""Read a SQLite file's schema without ever writing to it.

The file is opened through a ``file:...?mode=ro`` URI: SQLite then refuses every write, and no
journal is created. ``immutable=1`` is not used: it tells SQLite the file cannot change and so
skips locking, which would read torn pages while the application still writes the file.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

from auroractl.migrate.errors import usage_error

_AUTOINCREMENT = re.compile(r"\bAUTOINCREMENT\b", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Column:
    """One column as ``PRAGMA table_xinfo`` reports it."""

    name: str
    declared: str
    notnull: bool
    default: str | None
    pk: int
    """Position in the primary key (1-based), 0 when not part of it."""
    generated: bool = False


@dataclasses.dataclass(frozen=True)
class Index:
    """An index or UNIQUE/PRIMARY KEY constraint (``origin`` c, u or pk)."""

    name: str
    unique: bool
    origin: str
    partial: bool
    columns: tuple[str | None, ...]
    """Key columns; None for an expression."""
    descending: tuple[bool, ...]
    sql: str | None


@dataclasses.dataclass(frozen=True)
class ForeignKey:
    """A foreign key of a child table."""

    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...] | None
    """None: the parent's primary key."""
    on_update: str
    on_delete: str


@dataclasses.dataclass(frozen=True)
class Table:
    """A table with everything ``check`` reports about it."""

    name: str
    sql: str
    columns: tuple[Column, ...]
    without_rowid: bool
    rowid_alias: str | None
    """The ``INTEGER PRIMARY KEY`` column that is the rowid, if any."""
    autoincrement: int | None
    """The ``sqlite_sequence`` value of an ``AUTOINCREMENT`` table (0 when never used)."""
    indexes: tuple[Index, ...]
    foreign_keys: tuple[ForeignKey, ...]
    checks: tuple[str, ...]

    @property
    def primary_key(self) -> tuple[str, ...]:
        """The primary key's columns in key order (empty for a keyless table)."""
        keyed = sorted((c for c in self.columns if c.pk), key=lambda c: c.pk)
        return tuple(c.name for c in keyed)

    @property
    def copied_columns(self) -> tuple[Column, ...]:
        """The columns that hold data (generated columns are recomputed, not copied)."""
        return tuple(c for c in self.columns if not c.generated)


@dataclasses.dataclass(frozen=True)
class Other:
    """A view or trigger: its name, the table it belongs to and its SQL."""

    kind: str
    name: str
    table: str
    sql: str


@dataclasses.dataclass(frozen=True)
class Schema:
    """Everything in the file: tables, views and triggers in file order."""

    tables: tuple[Table, ...]
    views: tuple[Other, ...]
    triggers: tuple[Other, ...]

    def table(self, name: str) -> Table:
        """The table called ``name``."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-only (exit 2 when it is missing or not a SQLite database)."""
    if not path.is_file():
        raise usage_error(f"SOURCE {str(path)!r} is not a file (expected a SQLite database)")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.DatabaseError as exc:
        raise usage_error(
            f"SOURCE {str(path)!r} is not a readable SQLite database: {exc}"
        ) from None
    return conn


def quote(name: str) -> str:
    """A SQLite identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def inspect(conn: sqlite3.Connection) -> Schema:
    """The file's tables, views and triggers."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
        "WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY rowid"
    ).fetchall()
    sequences: dict[str, int] = {}
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").fetchone():
        sequences = {name: int(seq) for name, seq in conn.execute("SELECT * FROM sqlite_sequence")}
    tables = []
    views = []
    triggers = []
    for kind, name, table_name, sql in rows:
        if kind == "table":
            if sql.upper().startswith("CREATE VIRTUAL"):
                views.append(Other("virtual table", name, name, sql))
                continue
            tables.append(_table(conn, name, sql, sequences))
        elif kind == "view":
            views.append(Other("view", name, table_name, sql))
        else:
            triggers.append(Other("trigger", name, table_name, sql))
    return Schema(tuple(tables), tuple(views), tuple(triggers))


def _table(conn: sqlite3.Connection, name: str, sql: str, sequences: dict[str, int]) -> Table:
    q = quote(name)
    columns = tuple(
        Column(
            name=col_name,
            declared=declared or "",
            notnull=bool(notnull),
            default=default,
            pk=int(pk),
            generated=hidden in (2, 3),
        )
        for _cid, col_name, declared, notnull, default, pk, hidden in conn.execute(
            f"PRAGMA table_xinfo({q})"
        )
        if hidden != 1
    )
    listed = conn.execute("SELECT wr FROM pragma_table_list WHERE name = ?", (name,)).fetchone()
    without_rowid = bool(listed and listed[0])
    pk_columns = [c for c in columns if c.pk]
    rowid_alias = None
    if (
        not without_rowid
        and len(pk_columns) == 1
        and pk_columns[0].declared.strip().upper() == "INTEGER"
    ):
        rowid_alias = pk_columns[0].name
    autoincrement = None
    if rowid_alias and _AUTOINCREMENT.search(sql):
        autoincrement = sequences.get(name, 0)
    return Table(
        name=name,
        sql=sql,
        columns=columns,
        without_rowid=without_rowid,
        rowid_alias=rowid_alias,
        autoincrement=autoincrement,
        indexes=_indexes(conn, name),
        foreign_keys=_foreign_keys(conn, name),
        checks=tuple(check_clauses(sql)),
    )


def _indexes(conn: sqlite3.Connection, table: str) -> tuple[Index, ...]:
    result = []
    for _seq, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({quote(table)})"):
        keys = [
            (col_name if cid >= 0 else ("rowid" if cid == -1 else None), bool(desc))
            for _seqno, cid, col_name, desc, _coll, key in conn.execute(
                f"PRAGMA index_xinfo({quote(name)})"
            )
            if key
        ]
        sql_row = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (name,)).fetchone()
        result.append(
            Index(
                name=name,
                unique=bool(unique),
                origin=origin,
                partial=bool(partial),
                columns=tuple(k for k, _ in keys),
                descending=tuple(d for _, d in keys),
                sql=sql_row[0] if sql_row else None,
            )
        )
    return tuple(sorted(result, key=lambda i: i.name))


def _foreign_keys(conn: sqlite3.Connection, table: str) -> tuple[ForeignKey, ...]:
    groups: dict[int, list[tuple[str, str | None, str, str, str]]] = {}
    for fk_id, _seq, parent, child_col, parent_col, on_update, on_delete, _match in conn.execute(
        f"PRAGMA foreign_key_list({quote(table)})"
    ):
        groups.setdefault(fk_id, []).append((child_col, parent_col, parent, on_update, on_delete))
    result = []
    for fk_id in sorted(groups):
        parts = groups[fk_id]
        parent_cols = [p[1] for p in parts]
        result.append(
            ForeignKey(
                columns=tuple(p[0] for p in parts),
                parent=parts[0][2],
                parent_columns=None
                if any(c is None for c in parent_cols)
                else tuple(str(c) for c in parent_cols),
                on_update=parts[0][3],
                on_delete=parts[0][4],
            )
        )
    return tuple(result)


def check_clauses(sql: str) -> list[str]:
    """The expressions of the ``CHECK (...)`` clauses of a ``CREATE TABLE`` statement."""
    result = []
    i = 0
    n = len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"`[":
            close = "]" if ch == "[" else ch
            j = sql.find(close, i + 1)
            i = n if j < 0 else j + 1
            continue
        if sql[i : i + 5].upper() == "CHECK" and (i == 0 or not _word(sql[i - 1])):
            j = i + 5
            while j < n and sql[j].isspace():
                j += 1
            if j < n and sql[j] == "(" and not _word(sql[i + 5 : i + 6] or " "):
                end = _matching_paren(sql, j)
                if end > j:
                    result.append(sql[j + 1 : end].strip())
                    i = end + 1
                    continue
        i += 1
    return result


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _matching_paren(sql: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(sql):
        ch = sql[i]
        if ch in "'\"`[":
            close = "]" if ch == "[" else ch
            j = sql.find(close, i + 1)
            if j < 0:
                return -1
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
