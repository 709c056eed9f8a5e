"""The storage layer: the only package that holds SQL. Every statement is parameterised.

`open_store` returns a ready `Database`: created on first use with the bundled 2024 plan, migrated
when older, refused when newer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from guantask.errors import DatabaseError
from guantask.i18n import _
from guantask.store.db import BUSY_TIMEOUT_S, Database, check_version, connect, translate

if TYPE_CHECKING:
    from guantask.plan.model import Plan

SCHEMA_VERSION = 2  # == guantask.store.migrations.latest(); a test keeps them equal

__all__ = ["SCHEMA_VERSION", "Database", "open_store"]


def open_store(
    path: str | Path,
    *,
    create_folder: bool = False,
    create: bool = True,
    bundled_plan: Callable[[], Plan] | None = None,
    by: str = "guantask",
    now: str = "",
    busy_timeout: float = BUSY_TIMEOUT_S,
    mountinfo: str | None = None,
    network_ok: bool = False,
) -> Database:
    """Open the database, migrating it (and seeding `bundled_plan` into a new one) if needed;
    without `create`, a missing or empty file is an error instead of a new database. On a
    network folder writes are refused unless allowed (see `store.db.Database`)."""
    db, _created = connect(
        path,
        create_folder=create_folder,
        create=create,
        busy_timeout=busy_timeout,
        mountinfo=mountinfo,
        network_ok=network_ok,
    )
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
    from guantask.store import migrations

    with db.write():
        # Another process may have migrated while we waited for the write lock.
        version = check_version(db, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            if version == 0:
                _refuse_foreign(db)
            try:
                migrations.apply(db.conn)
            except sqlite3.Error as err:
                raise translate(err, db.path) from err


def _refuse_foreign(db: Database) -> None:
    """A file with tables but no guantask schema version belongs to another program: leave it."""
    names = [
        r[0]
        for r in db.query(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 4"
        )
    ]
    if names:
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise DatabaseError(
            _(
                "{path} is an SQLite database of another program (tables: {tables});"
                " guantask will not change it"
            ).format(path=db.path, tables=shown)
        )


def _seed(db: Database, bundled_plan: Callable[[], Plan], *, by: str, now: str) -> None:
    from guantask.store import plans

    plan = bundled_plan()
    with db.write():
        if db.scalar("SELECT value FROM settings WHERE key = 'seeded'") is not None:
            return
        if not db.scalar("SELECT 1 FROM plans WHERE doc_number = ?", [plan.document.doc_number]):
            plans.insert_plan(db, plan, now=now)
            # The bundled plan is the database's starting point: not undoable.
            plans.log_import(
                db, plan, before=None, by=by, now=now, summary_extra="bundled plan", undoable=False
            )
        from guantask.filters.readings import remember_readings

        remember_readings(db)
        db.execute("INSERT INTO settings (key, value) VALUES ('seeded', ?)", [now or "yes"])
