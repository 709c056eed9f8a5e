"""The storage layer: the only package that holds SQL. Every statement is parameterised.

`open_store` returns a ready `Database`: created on first use with the bundled 2024 plan, migrated
when older, refused when newer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from guantask.models import Plan
from guantask.store.db import BUSY_TIMEOUT_S, Database, check_version, connect, translate

SCHEMA_VERSION = 1  # == guantask.migrations.latest(); a test keeps them equal

__all__ = ["SCHEMA_VERSION", "Database", "open_store"]


def open_store(
    path: str | Path,
    *,
    create_folder: bool = False,
    bundled_plan: Callable[[], Plan] | None = None,
    by: str = "guantask",
    now: str = "",
    busy_timeout: float = BUSY_TIMEOUT_S,
) -> Database:
    """Open the database, migrating it (and seeding `bundled_plan` into a new one) if needed."""
    db, _created = connect(path, create_folder=create_folder, busy_timeout=busy_timeout)
    try:
        version = check_version(db, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            _migrate(db)
        if (
            bundled_plan is not None
            and db.scalar("SELECT value FROM settings WHERE key = 'seeded'") is None
        ):
            _seed(db, bundled_plan, by=by, now=now)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: Database) -> None:
    from guantask import migrations

    with db.write():
        # Another process may have migrated while we waited for the write lock.
        if check_version(db, SCHEMA_VERSION) < SCHEMA_VERSION:
            try:
                migrations.apply(db.conn)
            except sqlite3.Error as err:
                raise translate(err, db.path) from err


def _seed(db: Database, bundled_plan: Callable[[], Plan], *, by: str, now: str) -> None:
    from guantask.store import plans

    plan = bundled_plan()
    with db.write():
        if db.scalar("SELECT value FROM settings WHERE key = 'seeded'") is not None:
            return
        if db.scalar("SELECT 1 FROM plans WHERE doc_number = ?", [plan.document.doc_number]):
            pass
        else:
            plans.insert_plan(db, plan, now=now)
            # The bundled plan is the database's starting point: not undoable.
            plans.log_import(
                db, plan, before=None, by=by, now=now, summary_extra="bundled plan", undoable=False
            )
        db.execute("INSERT INTO settings (key, value) VALUES ('seeded', ?)", [now or "yes"])
