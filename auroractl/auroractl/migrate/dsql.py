"""What Aurora DSQL cannot hold, from the AWS documentation.

- Unsupported objects, constraints and commands — sequences, foreign keys, triggers,
  ``TRUNCATE``, ``SAVEPOINT``; ``CREATE INDEX`` only as ``CREATE INDEX ASYNC``; one database
  named ``postgres`` with the C collation: "Unsupported PostgreSQL features in Aurora DSQL",
  https://docs.aws.amazon.com/aurora-dsql/latest/userguide/working-with-postgresql-compatibility-unsupported-features.html
- Database limits — at most 10 MiB of data modified by one write transaction, 255 columns per
  table, 24 indexes per table, 8 columns per key, 1 KiB per key: "Cluster quotas and database
  limits in Amazon Aurora DSQL",
  https://docs.aws.amazon.com/aurora-dsql/latest/userguide/CHAP_quotas.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auroractl.migrate.model import ObjectPlan, TablePlan

MAX_TRANSACTION_BYTES = 10 * 1024 * 1024
"""Data one DSQL write transaction may modify (CHAP_quotas)."""
BATCH_BYTES = 4 * 1024 * 1024
"""What ``run`` commits per DSQL transaction: well under :data:`MAX_TRANSACTION_BYTES`."""
MAX_COLUMNS = 255
MAX_INDEXES = 24
MAX_KEY_COLUMNS = 8


def refusals(tables: list[TablePlan], objects: list[ObjectPlan]) -> list[str]:
    """The file's features that a DSQL target refuses, by name (empty: DSQL takes it all)."""
    found = []
    for table in tables:
        name = table.source.name
        for fk in table.foreign_keys:
            found.append(
                f"foreign key {name}({', '.join(fk.columns)}) -> {fk.parent}: DSQL has no "
                "foreign keys (not created; enforce it in the application)"
            )
        for column in table.columns:
            if column.identity:
                found.append(
                    f"identity column {name}.{column.name}: DSQL has no sequences (created as a "
                    "plain bigint; the application must assign keys)"
                )
        if len(table.columns) > MAX_COLUMNS:
            found.append(f"table {name}: {len(table.columns)} columns, DSQL allows {MAX_COLUMNS}")
        if len(table.indexes) + len(table.unique) > MAX_INDEXES:
            found.append(f"table {name}: more than {MAX_INDEXES} indexes")
        for index in table.indexes:
            if index.sql_tail is not None:
                found.append(
                    f"index {index.name} on {name}: expression or partial index; DSQL's "
                    "CREATE INDEX ASYNC takes plain columns only (not created)"
                )
            if len(index.columns) > MAX_KEY_COLUMNS:
                found.append(f"index {index.name}: more than {MAX_KEY_COLUMNS} key columns")
        if len(table.primary_key) > MAX_KEY_COLUMNS:
            found.append(f"primary key of {name}: more than {MAX_KEY_COLUMNS} columns")
        for check in table.checks:
            found.append(f"check ({check}) on {name}: added after the data, not supported there")
    for obj in objects:
        if obj.kind == "trigger":
            found.append(f"trigger {obj.name}: DSQL has no triggers")
    return found


def check_target(plan: Any, schema: str) -> None:
    """Refuse a DSQL target by name for what ``run`` cannot yet do there (exit 2)."""
    from auroractl.migrate.errors import usage_error

    raise usage_error(
        "an Aurora DSQL target is not supported by `migrate run` yet: it needs batched "
        "inserts under DSQL's 10 MiB transaction limit; `migrate check` lists what DSQL "
        "cannot hold"
    )
