"""The storage layer: the only package that holds SQL. Every statement is parameterised.

`open_store` returns a ready `Database`: created on first use with the bundled 2024 plan, migrated
when older, refused when newer. A PostgreSQL URL (`postgresql://...`) opens a server database
instead (`guantask.store.pg`, psycopg imported only then); there the schema is created and
upgraded by `init_store` (`guantask db init`), not by whichever command comes first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from guantask.errors import DatabaseError
from guantask.i18n import _
from guantask.store.db import BUSY_TIMEOUT_S, Database, check_version, connect, translate
from guantask.store.location import is_server_url

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
    if is_server_url(path):
        return _open_server(str(path), busy_timeout=busy_timeout)
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


def _open_server(url: str, *, busy_timeout: float) -> Database:
    from guantask.store import pg

    db = pg.connect(url, busy_timeout=busy_timeout)
    try:
        version = pg.check_version(db, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            message = (
                _("database {path} has no guantask schema; create it with `guantask db init`")
                if version == 0
                else _(
                    "database {path} has schema {version}, this guantask needs {latest};"
                    " upgrade it with `guantask db init`"
                )
            )
            raise DatabaseError(
                message.format(path=db.path, version=version, latest=SCHEMA_VERSION)
            )
    except BaseException:
        db.close()
        raise
    return db


def init_store(
    location: str | Path,
    *,
    bundled_plan: Callable[[], Plan] | None,
    by: str,
    now: str,
    busy_timeout: float = BUSY_TIMEOUT_S,
    create_folder: bool = False,
) -> dict[str, object]:
    """Create or upgrade the schema (SQLite file or server database) in one transaction, and
    seed the bundled plan into a new one; refuses a database of a newer guantask or of another
    program. Returns {"database", "from", "to", "applied", "seeded"}."""
    if not is_server_url(location):
        db, _created = connect(location, create_folder=create_folder, busy_timeout=busy_timeout)
        try:
            before = check_version(db, SCHEMA_VERSION)
        finally:
            db.close()
        db = open_store(
            location,
            create_folder=create_folder,
            bundled_plan=bundled_plan,
            by=by,
            now=now,
            busy_timeout=busy_timeout,
        )
        db.close()
        return {
            "database": str(location),
            "from": before,
            "to": SCHEMA_VERSION,
            "applied": SCHEMA_VERSION - before,
            "seeded": before == 0 and bundled_plan is not None,
        }
    from guantask.store import pg

    sdb = pg.connect(str(location), busy_timeout=busy_timeout)
    try:
        with sdb.write():
            before = pg.check_version(sdb, SCHEMA_VERSION)
            if before == 0:
                tables = [t for t in pg.user_tables(sdb) if t != pg.MIGRATIONS_TABLE]
                _refuse_tables(sdb, tables)
            applied = pg.migrate(sdb, now=now)
        seeded = False
        if bundled_plan is not None and before == 0:
            _seed(sdb, bundled_plan, by=by, now=now)
            seeded = True
        return {
            "database": sdb.path,
            "from": before,
            "to": SCHEMA_VERSION,
            "applied": len(applied),
            "seeded": seeded,
        }
    finally:
        sdb.close()


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
    _refuse_tables(db, names)


def _refuse_tables(db: Database, names: list[str]) -> None:
    if names:
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        message = (
            _(
                "{path} is a server database of another program (tables: {tables});"
                " guantask will not change it"
            )
            if db.dialect.name == "postgresql"
            else _(
                "{path} is an SQLite database of another program (tables: {tables});"
                " guantask will not change it"
            )
        )
        raise DatabaseError(message.format(path=db.path, tables=shown))


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
