"""Reading the test's database directly, whichever kind it is (an SQLite file or a server URL)."""

from __future__ import annotations

from typing import Any


def sql_rows(location: Any, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of one query (standard SQL, `?` placeholders) as plain tuples."""
    from guantask.store import open_store

    db = open_store(location)
    try:
        return [tuple(r) for r in db.query(sql, list(params))]
    finally:
        db.close()
