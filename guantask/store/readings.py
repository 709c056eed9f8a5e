"""SQL of `name_readings`: the stored pinyin of every leader, unit and alias name.

Readings are keyed by the name itself, so a name shared by a unit and an alias (or two plans)
is read once. Rows are never deleted with a name: a reading is a fact about the characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from guantask.store.db import Database

# kind → the names of that kind (id, name, is an alias) with their readings, sorted by name.
_ROWS = {
    "leader": (
        "SELECT l.id, l.name, 0, r.full, r.initials, r.core_full, r.core_initials"
        " FROM leaders l LEFT JOIN name_readings r ON r.name = l.name ORDER BY l.name, l.id"
    ),
    "unit": (
        "SELECT n.id, n.name, n.alias, r.full, r.initials, r.core_full, r.core_initials FROM"
        " (SELECT id, name, 0 AS alias FROM units"
        "  UNION ALL SELECT unit_id, alias, 1 FROM unit_aliases) n"
        " LEFT JOIN name_readings r ON r.name = n.name ORDER BY n.name, n.id"
    ),
}


def name_rows(db: Database, kind: str) -> list[Any]:
    """(id, name, alias, full, initials, core_full, core_initials) of every leader or unit name
    (units with their aliases); the readings are NULL where none are stored."""
    return db.query(_ROWS[kind])


def names_without_readings(db: Database) -> list[tuple[str, bool]]:
    """(name, is a person's name) of every leader, unit and alias without stored readings."""
    rows = db.query(
        "SELECT name, 1 FROM leaders WHERE name NOT IN (SELECT name FROM name_readings)"
        " UNION SELECT name, 0 FROM units WHERE name NOT IN (SELECT name FROM name_readings)"
        " UNION SELECT alias, 0 FROM unit_aliases"
        "  WHERE alias NOT IN (SELECT name FROM name_readings) ORDER BY 1"
    )
    return [(r[0], bool(r[1])) for r in rows]


def save_readings(db: Database, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Store (name, full, initials, core_full, core_initials) rows (inside the caller's write)."""
    # "full" is quoted: a reserved word in PostgreSQL, an ordinary name in SQLite.
    db.executemany(
        'INSERT INTO name_readings (name, "full", initials, core_full, core_initials)'
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
        ' "full" = excluded."full", initials = excluded.initials,'
        " core_full = excluded.core_full, core_initials = excluded.core_initials",
        list(rows),
    )
