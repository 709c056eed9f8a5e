"""SQL of unit aliases and merges. Every function that writes runs inside the caller's
`db.write()` transaction; nothing here opens one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from guantask.store.db import Database


def unit_id(db: Database, name: str) -> int | None:
    """The id of the unit called exactly `name` (not an alias)."""
    return db.scalar("SELECT id FROM units WHERE name = ?", [name])


def unit_name(db: Database, unit_id_: int) -> str | None:
    return db.scalar("SELECT name FROM units WHERE id = ?", [unit_id_])


def unit_names(db: Database) -> list[str]:
    """Every unit's name (all plans), sorted."""
    return [r[0] for r in db.query("SELECT name FROM units ORDER BY name")]


def alias_target(db: Database, alias: str) -> str | None:
    """The unit an alias stands for, or None."""
    return db.scalar(
        "SELECT u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = ?",
        [alias],
    )


def aliases_of(db: Database, unit_id_: int) -> list[str]:
    return [
        r[0]
        for r in db.query(
            "SELECT alias FROM unit_aliases WHERE unit_id = ? ORDER BY alias", [unit_id_]
        )
    ]


def all_aliases(db: Database) -> list[tuple[str, str]]:
    """(alias, unit name) of every alias, sorted by unit then alias."""
    rows = db.query(
        "SELECT a.alias, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id"
        " ORDER BY u.name, a.alias"
    )
    return [(r[0], r[1]) for r in rows]


def task_link_count(db: Database, unit_id_: int) -> int:
    return int(db.scalar("SELECT count(*) FROM task_units WHERE unit_id = ?", [unit_id_]) or 0)


def task_links(db: Database, unit_id_: int) -> list[tuple[int, str, int]]:
    """(task pk, role, position) of every task the unit is linked to."""
    rows = db.query(
        "SELECT task_id, role, position FROM task_units WHERE unit_id = ?"
        " ORDER BY task_id, role, position",
        [unit_id_],
    )
    return [(r[0], r[1], r[2]) for r in rows]


def has_link(db: Database, task_pk: int, role: str, unit_id_: int) -> bool:
    return (
        db.scalar(
            "SELECT 1 FROM task_units WHERE task_id = ? AND role = ? AND unit_id = ?",
            [task_pk, role, unit_id_],
        )
        is not None
    )


def task_exists(db: Database, task_pk: int) -> bool:
    return db.scalar("SELECT 1 FROM tasks WHERE id = ?", [task_pk]) is not None


def add_alias(db: Database, alias: str, unit_id_: int) -> None:
    db.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [alias, unit_id_])


def delete_alias(db: Database, alias: str) -> int:
    return db.execute("DELETE FROM unit_aliases WHERE alias = ?", [alias]).rowcount


def repoint_aliases(db: Database, aliases: Sequence[str], unit_id_: int) -> None:
    db.executemany(
        "UPDATE unit_aliases SET unit_id = ? WHERE alias = ?", [(unit_id_, a) for a in aliases]
    )


def move_link(db: Database, task_pk: int, role: str, old_unit: int, new_unit: int) -> None:
    """Point one task link at another unit, keeping its position."""
    db.execute(
        "UPDATE task_units SET unit_id = ? WHERE task_id = ? AND role = ? AND unit_id = ?",
        [new_unit, task_pk, role, old_unit],
    )


def delete_link(db: Database, task_pk: int, role: str, unit_id_: int) -> int:
    return db.execute(
        "DELETE FROM task_units WHERE task_id = ? AND role = ? AND unit_id = ?",
        [task_pk, role, unit_id_],
    ).rowcount


def insert_link(db: Database, task_pk: int, role: str, unit_id_: int, position: int) -> None:
    db.execute(
        "INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [task_pk, unit_id_, role, position],
    )


def insert_unit(db: Database, name: str, *, unit_id_: int | None = None) -> int:
    """Create a unit, with the given id when it is free (undo restores the old id)."""
    if unit_id_ is not None and unit_name(db, unit_id_) is None:
        db.execute("INSERT INTO units (id, name) VALUES (?, ?)", [unit_id_, name])
        return unit_id_
    return db.insert("INSERT INTO units (name) VALUES (?)", [name])


def delete_unit(db: Database, unit_id_: int) -> None:
    """Delete a unit that no task links to any more (its aliases go with it)."""
    db.execute("DELETE FROM units WHERE id = ?", [unit_id_])


def task_numbers(db: Database, task_pks: Sequence[int]) -> list[dict[str, Any]]:
    """Plan document number and task number of task pks (for messages)."""
    in_list, values = db.dialect.in_list(task_pks)
    rows = db.query(
        "SELECT t.id, p.doc_number, t.no FROM tasks t JOIN plans p ON p.id = t.plan_id"
        f" WHERE t.id {in_list} ORDER BY p.issued, t.no",
        [values],
    )
    return [{"pk": r[0], "plan": r[1], "no": r[2]} for r in rows]
