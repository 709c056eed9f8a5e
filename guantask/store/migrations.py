"""Append-only, named schema steps (sqlite-utils `Migrations`). Never edit a step; add a new one.

`PRAGMA user_version` mirrors the number of steps applied, so that opening an up-to-date database
costs one pragma and no sqlite-utils import, and a database from a newer guantask is refused.
All pending steps run inside the caller's single BEGIN IMMEDIATE transaction: a migration killed
half-way leaves the database exactly as before.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("guantask")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            doc_number TEXT NOT NULL UNIQUE,
            issuer TEXT NOT NULL,
            title TEXT NOT NULL,
            issued TEXT NOT NULL,
            year INTEGER NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            no INTEGER NOT NULL,
            numeral TEXT NOT NULL,
            title TEXT NOT NULL,
            UNIQUE (plan_id, no)
        );
        CREATE TABLE subsections (
            id INTEGER PRIMARY KEY,
            section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
            no INTEGER NOT NULL,
            numeral TEXT NOT NULL,
            title TEXT NOT NULL,
            UNIQUE (section_id, no)
        );
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            no INTEGER NOT NULL,
            section INTEGER NOT NULL,
            subsection INTEGER,
            text TEXT NOT NULL,
            due TEXT NOT NULL,
            due_source TEXT NOT NULL,
            plan_due TEXT NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0,
            UNIQUE (plan_id, no)
        );
        CREATE INDEX tasks_plan_due ON tasks(plan_id, due);
        CREATE TABLE leaders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE unit_aliases (
            alias TEXT PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
        );
        CREATE TABLE task_leaders (
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            leader_id INTEGER NOT NULL REFERENCES leaders(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (task_id, leader_id)
        ) WITHOUT ROWID;
        CREATE INDEX task_leaders_leader ON task_leaders(leader_id, task_id);
        CREATE TABLE task_units (
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'responsible')),
            position INTEGER NOT NULL,
            PRIMARY KEY (task_id, role, unit_id)
        ) WITHOUT ROWID;
        CREATE INDEX task_units_unit ON task_units(unit_id, role, task_id);
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            metric TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT NOT NULL,
            kind TEXT NOT NULL,
            at_least INTEGER NOT NULL DEFAULT 0,
            as_written TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX targets_task ON targets(task_id, position);
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            assignee TEXT,
            unit TEXT,
            due TEXT,
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX assignments_task ON assignments(task_id, id);
        CREATE TABLE progress (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
            status TEXT NOT NULL,
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX progress_latest ON progress(task_id, date, id, percent, status);
        CREATE INDEX progress_date ON progress(date);
        CREATE TABLE progress_values (
            progress_id INTEGER NOT NULL REFERENCES progress(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            value REAL NOT NULL,
            as_written TEXT NOT NULL,
            PRIMARY KEY (progress_id, target_id)
        ) WITHOUT ROWID;
        CREATE INDEX progress_values_target ON progress_values(target_id);
        CREATE TABLE extensions (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            old_due TEXT NOT NULL,
            new_due TEXT NOT NULL,
            reason TEXT NOT NULL,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX extensions_task ON extensions(task_id, id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            kind TEXT NOT NULL,
            plan_id INTEGER,
            task_no INTEGER,
            summary TEXT NOT NULL,
            before TEXT,
            after TEXT,
            undo TEXT,
            reverts INTEGER REFERENCES events(id)
        );
        CREATE INDEX events_by ON events(by, id);
        CREATE INDEX events_task ON events(plan_id, task_no, id);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@migrations(name="0002_name_readings")
def m0002_name_readings(db: Database) -> None:
    """The everyday pinyin of every leader, unit and alias name, computed once (issue 14)."""
    db.executescript(
        """
        CREATE TABLE name_readings (
            name TEXT PRIMARY KEY,
            full TEXT NOT NULL,
            initials TEXT NOT NULL,
            core_full TEXT NOT NULL DEFAULT '',
            core_initials TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID;
        """
    )
    from guantask.filters.readings import remember_readings
    from guantask.store.db import Database as Store

    # On a PostgreSQL server the step is handed the server's store (guantask.store.pg._Script).
    remember_readings(getattr(db, "store", None) or Store(db.conn, ""))


def latest() -> int:
    """How many steps there are; `guantask.store.SCHEMA_VERSION` must equal it (tested)."""
    return len(migrations._migrations)


def apply(conn: Any) -> None:
    """Apply every pending step on `conn` (already inside the caller's transaction)."""
    db = Database(conn, recursive_triggers=False, execute_plugins=False)
    migrations.apply(db)
    conn.execute(f"PRAGMA user_version = {latest():d}")
