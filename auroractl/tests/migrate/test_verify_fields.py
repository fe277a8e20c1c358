"""PostgreSQL's canonical fields (``verify.pg_field``) against the real server: the shortcut
forms (a known length) give the measured form's text for every value, inside and outside the
years 1 to 9999, and the row digest is the Python side's."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from auroractl.migrate.verify import pg_field, pg_row_text, pg_text_form, row_digester

_UTC = datetime.UTC
_VALUES: dict[str, list[Any]] = {
    "double precision": [0.0, -0.0, 1.5, -2.25e300, float("inf"), float("-inf"), None],
    "boolean": [True, False, None],
    "date": [datetime.date(1, 1, 1), datetime.date(2024, 2, 29), datetime.date(9999, 12, 31)],
    "timestamp": [
        datetime.datetime(1, 1, 1),
        datetime.datetime(2024, 2, 29, 23, 59, 59, 999999),
        datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
    ],
    "timestamptz": [
        datetime.datetime(1, 1, 1, 12, tzinfo=_UTC),
        datetime.datetime(2024, 2, 29, 1, 2, 3, 4, tzinfo=_UTC),
        datetime.datetime(9999, 12, 31, 11, tzinfo=_UTC),
    ],
}
_OUTSIDE: dict[str, list[str]] = {
    "date": ["10000-01-01", "0044-03-15 BC", "infinity", "-infinity"],
    "timestamp": ["12345-06-07 08:09:10.5", "0001-12-31 23:59:59 BC", "infinity"],
    "timestamptz": ["10000-01-01 00:00:00+00", "0001-01-01 00:00:00+00 BC", "-infinity"],
}


@pytest.mark.parametrize("pg_type", sorted(_VALUES))
def test_field_is_the_measured_form_and_the_python_digest(
    pg_type: str, query: Callable[..., list[tuple[object, ...]]]
) -> None:
    query(f"CREATE TABLE t (v {pg_type})")
    values = [*_VALUES[pg_type], None]
    for value in values:
        query("INSERT INTO t VALUES (%s)", value)
    for text in _OUTSIDE.get(pg_type, []):
        query(f"INSERT INTO t VALUES (%s::{pg_type})", text)
    form = pg_text_form("v", pg_type)
    rows = query(
        f"SELECT {pg_field('v', pg_type)}, COALESCE(length({form}) || ':' || {form}, 'N') FROM t"
    )
    assert len(rows) == len(values) + len(_OUTSIDE.get(pg_type, []))
    assert all(field == measured for field, measured in rows)
    digests = query(f"SELECT md5({pg_row_text([('v', pg_type)])}) FROM t")
    digest = row_digester([pg_type])
    assert [d for (d,) in digests[: len(values)]] == [digest((v,)) for v in values]
    if pg_type in _OUTSIDE:  # a year past 9999 is longer than the in-range width
        assert not str(rows[len(values)][0]).startswith(("10:", "26:"))
