"""The run journal: a table in the target recording what is done, for ``--resume``.

Each table's rows are copied in one transaction that also marks the table ``copied`` in the
journal, so after a crash (even ``SIGKILL``) a table is either complete and marked, or empty
and redone. Post-data steps (keys, indexes, checks, foreign keys) are marked one by one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import psycopg

from auroractl.migrate.ddl import qualified

JOURNAL_TABLE = "auroractl_migrate_journal"


Entries = dict[str, tuple[str, int | None, str | None]]
"""A journal's entries: step -> (state, rows, detail)."""


def fingerprint(path: Path) -> str:
    """Identifies the source file: size, modification time and a hash of its first MiB."""
    stat = path.stat()
    with path.open("rb") as fh:
        head = hashlib.sha256(fh.read(1 << 20)).hexdigest()[:16]
    return f"{os.path.basename(path)}:{stat.st_size}:{int(stat.st_mtime)}:{head}"


class Journal:
    """Read and write the journal of ``schema`` through a connection."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.table = qualified(schema, JOURNAL_TABLE)

    def exists(self, conn: psycopg.Connection[Any]) -> bool:
        """Whether a journal table exists in the schema."""
        row = conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s",
            (self.schema, JOURNAL_TABLE),
        ).fetchone()
        return row is not None

    def create(self, conn: psycopg.Connection[Any]) -> None:
        """Create the journal table (inside the caller's transaction)."""
        conn.execute(
            f"CREATE TABLE {self.table} (item text PRIMARY KEY, state text NOT NULL, "
            "rows bigint, detail text, updated timestamptz NOT NULL DEFAULT now())"
        )

    def entries(self, conn: psycopg.Connection[Any]) -> Entries:
        """``{item: (state, rows, detail)}``."""
        rows = conn.execute(f"SELECT item, state, rows, detail FROM {self.table}").fetchall()
        return {item: (state, count, detail) for item, state, count, detail in rows}

    def mark(
        self,
        conn: psycopg.Connection[Any],
        item: str,
        state: str,
        *,
        rows: int | None = None,
        detail: str | None = None,
    ) -> None:
        """Record ``item`` as ``state`` (inside the caller's transaction)."""
        conn.execute(
            f"INSERT INTO {self.table} (item, state, rows, detail) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (item) DO UPDATE SET state = EXCLUDED.state, rows = EXCLUDED.rows, "
            "detail = EXCLUDED.detail, updated = now()",
            (item, state, rows, detail),
        )
