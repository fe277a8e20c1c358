"""What Aurora DSQL takes from a SQLite file, and what it refuses, from the AWS documentation.

Pages read (Aurora DSQL User Guide, https://docs.aws.amazon.com/aurora-dsql/latest/userguide/):

- ``CHAP_quotas.html`` "Cluster quotas and database limits": a write transaction modifies at
  most 10 MiB and mutates at most 3,000 rows, and lives at most 5 minutes; a row holds at most
  2 MiB; 255 columns and 24 indexes per table; 8 columns per primary key or index; 1,000 tables
  and 10 schemas per database.
- ``working-with-postgresql-compatibility-unsupported-features.html``: no triggers, temporary
  tables, partitions, extensions (so no PL/pgSQL) or ``TRUNCATE``/``SAVEPOINT``/``VACUUM``;
  indexes only through ``CREATE INDEX ASYNC``, which takes no ``ASC``/``DESC``; one database
  ``postgres`` with the C collation.
- ``working-with-postgresql-compatibility-supported-data-types.html``: every type the plan
  chooses exists; ``numeric`` without a size is ``numeric(18,6)`` (precision up to 1000);
  ``text`` holds at most 1 MiB.
- ``known-issues.html`` "Considerations for working with Amazon Aurora DSQL": ``count(*)`` of
  a large table does not complete before the transaction times out.
- ``working-with-ddl.html``: a transaction holds one DDL statement and never DDL and DML
  together.
- ``working-with-create-index-async.html``: ``CREATE [UNIQUE] INDEX ASYNC name ON table
  (column [NULLS FIRST|LAST], ...)`` (columns only: no expressions, no ``WHERE``) returns a
  ``job_id``; ``sys.wait_for_job(job_id)`` blocks until the job ends and returns whether it
  succeeded; ``sys.jobs`` lists the jobs.
- ``sequences-identity-columns.html``, ``create-sequence-syntax-support.html``: identity
  columns and sequences exist; ``CACHE`` must be given, 1 or at least 65536.
- ``alter-table-syntax-support.html``: ``ALTER COLUMN ... RESTART WITH``, ``ADD
  table_constraint``, and ``ALTER TABLE ASYNC ... VALIDATE CONSTRAINT`` (an async job).
- ``working-with-foreign-key-constraints.html`` (and the What's New post of 27 August 2026,
  "Amazon Aurora DSQL now supports foreign key constraints"): foreign keys, on new and existing
  tables, with every referential action.
- ``loading-data.html``: the standard PostgreSQL loading commands, psql ``\\copy`` (``COPY
  ... FROM STDIN``) among them; the AWS sample loader (aws-samples/aurora-dsql-loader, its first
  version) committed one ``COPY FROM STDIN`` per batch of 1,000 rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auroractl.migrate.model import ObjectPlan, TablePlan

MAX_TRANSACTION_BYTES = 10 * 1024 * 1024
"""Data one write transaction may modify (CHAP_quotas)."""
MAX_TRANSACTION_ROWS = 3_000
"""Rows one transaction may mutate (CHAP_quotas)."""
MAX_ROW_BYTES = 2 * 1024 * 1024
"""Largest row (CHAP_quotas)."""
MAX_VALUE_BYTES = 1024 * 1024
"""Largest value of a column outside any index (CHAP_quotas; ``text``: supported data types)."""
NUMERIC = "numeric(1000, 0)"
"""The plan's ``numeric`` (integers beyond bigint) in DSQL, whose bare ``numeric`` is
``numeric(18,6)``: every digit kept, up to the 1000 DSQL allows."""
BATCH_ROWS = 1_000
"""Source rows ``run`` commits per DSQL transaction; with the journal's one row, a third of
:data:`MAX_TRANSACTION_ROWS` (secondary indexes are built after the data)."""
BATCH_BYTES = 4 * 1024 * 1024
"""Estimated row bytes ``run`` commits per DSQL transaction: well under
:data:`MAX_TRANSACTION_BYTES`."""
IDENTITY_CACHE = 1
"""``CACHE`` of identity columns: 1 hands out keys in order, as SQLite does."""
MAX_COLUMNS = 255
MAX_INDEXES = 24
MAX_KEY_COLUMNS = 8
MAX_TABLES = 1_000


def refusals(tables: list[TablePlan], objects: list[ObjectPlan]) -> list[str]:
    """The file's features that a DSQL target refuses, by name (empty: DSQL takes it all).

    Table-level refusals (columns, key width, table count) stop ``run``; the others are left
    out of the target and listed by ``run`` as not migrated.
    """
    found = [f"table {name}: {why}" for name, why in blocking(tables)]
    for table in tables:
        name = table.source.name
        if len(table.indexes) + len(table.unique) > MAX_INDEXES:
            found.append(
                f"table {name}: {len(table.indexes) + len(table.unique)} indexes, DSQL allows "
                f"{MAX_INDEXES} (the ones past {MAX_INDEXES} are not created)"
            )
        for index in table.indexes:
            if index.sql_tail is not None:
                found.append(
                    f"index {index.name} on {name}: expression or partial index; DSQL's "
                    "CREATE INDEX ASYNC takes plain columns only (not created)"
                )
            elif len(index.columns) > MAX_KEY_COLUMNS:
                found.append(
                    f"index {index.name} on {name}: more than {MAX_KEY_COLUMNS} key columns "
                    "(not created)"
                )
            elif any(index.descending):
                found.append(
                    f"index {index.name} on {name}: DESC; CREATE INDEX ASYNC takes no "
                    "ASC/DESC (created ascending)"
                )
        for unique in table.unique:
            if len(unique) > MAX_KEY_COLUMNS:
                found.append(
                    f"unique ({', '.join(unique)}) on {name}: more than {MAX_KEY_COLUMNS} "
                    "key columns (not created)"
                )
    for obj in objects:
        if obj.kind == "trigger":
            found.append(f"trigger {obj.name}: DSQL has no triggers")
    return found


def blocking(tables: list[TablePlan]) -> list[tuple[str, str]]:
    """(table, reason) for tables DSQL cannot create at all: ``run`` refuses the file."""
    found = []
    if len(tables) > MAX_TABLES:
        found.append(("(all)", f"{len(tables)} tables, DSQL allows {MAX_TABLES} per database"))
    for table in tables:
        if len(table.columns) > MAX_COLUMNS:
            found.append(
                (table.source.name, f"{len(table.columns)} columns, DSQL allows {MAX_COLUMNS}")
            )
        if len(table.primary_key) > MAX_KEY_COLUMNS:
            found.append(
                (
                    table.source.name,
                    f"primary key of {len(table.primary_key)} columns, DSQL allows "
                    f"{MAX_KEY_COLUMNS}",
                )
            )
    return found
