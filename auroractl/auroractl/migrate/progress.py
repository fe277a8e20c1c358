"""Per-table progress: a live ``rich`` display on a terminal, one line per table otherwise."""

from __future__ import annotations

import sqlite3
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Reporter:
    """Shows rows, MB (estimated from the table's share of the file), rate and ETA per table."""

    def __init__(self, stream: TextIO, totals: dict[str, tuple[int, int]], *, live: bool) -> None:
        self.stream = stream
        self.totals = totals
        """``{table: (rows, bytes)}``."""
        self._lock = threading.Lock()
        self._tasks: dict[str, TaskID] = {}
        self._progress: Progress | None = None
        if live:
            # rich is imported only for a terminal (a quarter of a second of start-up)
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description:<24}"),
                BarColumn(),
                TextColumn("{task.fields[rows]:>12,} rows"),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=Console(file=stream),
                transient=False,
            )

    def __enter__(self) -> Reporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, table: str, rows: int) -> None:
        """``rows`` of ``table`` are copied so far."""
        if self._progress is None:
            return
        total_rows, total_bytes = self.totals.get(table, (0, 0))
        with self._lock:
            task = self._tasks.get(table)
            if task is None:
                task = self._progress.add_task(table, total=total_bytes or None, rows=0)
                self._tasks[table] = task
            done = int(total_bytes * rows / total_rows) if total_rows else total_bytes
            self._progress.update(task, completed=done, rows=rows)

    def line(self, text: str) -> None:
        """A finished step: printed above the live display, or as a plain line."""
        with self._lock:
            if self._progress is not None:
                self._progress.console.print(text, markup=False, highlight=False)
            else:
                self.stream.write(text + "\n")
                self.stream.flush()


def table_sizes(
    conn: Any, tables: list[str], file_bytes: int, rows: dict[str, int]
) -> dict[str, int]:
    """Bytes each table (with its indexes) takes in the file: ``dbstat`` when SQLite has it,
    else the file size shared by row count."""
    try:
        sizes = {
            name: int(size)
            for name, size in conn.execute(
                "SELECT tbl_name, sum(pgsize) FROM dbstat JOIN "
                "sqlite_schema USING (name) GROUP BY tbl_name"
            )
        }
        return {t: sizes.get(t, 0) for t in tables}
    except sqlite3.OperationalError:  # dbstat is a compile-time option of SQLite
        total = sum(rows.values()) or 1
        return {t: file_bytes * rows.get(t, 0) // total for t in tables}
