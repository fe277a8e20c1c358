"""Fixtures for ``auroractl migrate``: the ops suite's real PostgreSQL servers on loopback, a
fresh database per test, and SQLite files the tests build."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from ..ops.conftest import (  # noqa: F401
    PG_SUPERUSER,
    PgCluster,
    aws_client,
    cli,
    moto,
    moto_url,
    pg,
)


@pytest.fixture
def pg_db(
    pg: PgCluster,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """A new empty database on the plain loopback server; returns its URL (no password: the
    password is in PGPASSWORD, as an operator would pass it)."""
    name = f"m_{secrets.token_hex(6)}"
    admin = dict(
        host="127.0.0.1",
        port=pg.plain.port,
        user=PG_SUPERUSER,
        password=pg.superuser_password,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:  # type: ignore[arg-type]
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    monkeypatch.setenv("PGPASSWORD", pg.superuser_password)
    yield f"postgresql://{PG_SUPERUSER}@127.0.0.1:{pg.plain.port}/{name}"
    with psycopg.connect(**admin) as conn:  # type: ignore[arg-type]
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def query(pg_db: str) -> Callable[..., list[tuple[object, ...]]]:
    """``query(sql, *params)``: rows from the test database."""

    def run(text: str, *params: object) -> list[tuple[object, ...]]:
        with psycopg.connect(pg_db, autocommit=True) as conn:
            cur = conn.execute(text, params)  # type: ignore[call-overload]
            return list(cur.fetchall()) if cur.description else []

    return run


@pytest.fixture
def make_db(tmp_path: Path) -> Callable[..., Path]:
    """``make_db(script, rows={table: [tuples]})``: a SQLite file built by the test."""
    counter = iter(range(1000))

    def build(script: str, rows: dict[str, list[tuple[object, ...]]] | None = None) -> Path:
        path = tmp_path / f"source{next(counter)}.db"
        conn = sqlite3.connect(path)
        conn.executescript(script)
        for table, values in (rows or {}).items():
            if values:
                marks = ", ".join("?" for _ in values[0])
                conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', values)
        conn.commit()
        conn.close()
        return path

    return build
