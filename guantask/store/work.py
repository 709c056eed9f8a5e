"""SQL of the daily work: assignments, progress records with their values, extensions.

Every function that writes runs inside the caller's `db.write()` transaction; nothing here opens
one. Records are appended, never edited; only `undo` deletes the rows a change created.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from guantask.store.db import Database

# Tables whose rows an undo may delete by id; nothing else reaches the SQL.
_DELETABLE = {"assignments": "assignments", "progress": "progress", "extensions": "extensions"}


# ----- tasks -------------------------------------------------------------------------------------


def task_facts(db: Database, plan_id: int, nos: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Task number → pk, due, plan due, removed and the latest progress record's status and
    percent (None and 0 when there is none)."""
    in_list, values = db.dialect.in_list(nos)
    rows = db.query(
        "SELECT t.no, t.id AS pk, t.due, t.plan_due, t.removed, p.status,"
        " coalesce(p.percent, 0) AS percent"
        " FROM tasks t LEFT JOIN progress p ON p.id = ("
        "   SELECT q.id FROM progress q WHERE q.task_id = t.id"
        "   ORDER BY q.date DESC, q.id DESC LIMIT 1)"
        f" WHERE t.plan_id = ? AND t.no {in_list}",
        [plan_id, values],
    )
    return {
        r["no"]: {
            "pk": r["pk"],
            "due": r["due"],
            "plan_due": r["plan_due"],
            "removed": bool(r["removed"]),
            "status": r["status"],
            "percent": r["percent"],
        }
        for r in rows
    }


def task_targets(db: Database, task_pk: int) -> list[dict[str, Any]]:
    """The task's targets in the notice's order: id, metric, value, unit, kind, as_written."""
    return [
        dict(r)
        for r in db.query(
            "SELECT id, metric, value, unit, kind, at_least, as_written FROM targets"
            " WHERE task_id = ? ORDER BY position",
            [task_pk],
        )
    ]


def recorded_actuals(db: Database, task_pk: int) -> list[tuple[str, int, int, float]]:
    """Every actual recorded against the task's targets: (date, progress id, target id, value)."""
    rows = db.query(
        "SELECT p.date, p.id, pv.target_id, pv.value FROM progress p"
        " JOIN progress_values pv ON pv.progress_id = p.id WHERE p.task_id = ?"
        " ORDER BY p.date, p.id",
        [task_pk],
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def set_due(db: Database, task_pk: int, due: str) -> None:
    db.execute("UPDATE tasks SET due = ? WHERE id = ?", [due, task_pk])


def task_due(db: Database, task_pk: int) -> str | None:
    return db.scalar("SELECT due FROM tasks WHERE id = ?", [task_pk])


# ----- writes ------------------------------------------------------------------------------------


def insert_assignment(
    db: Database,
    *,
    task_pk: int,
    assignee: str | None,
    unit: str | None,
    due: str | None,
    note: str | None,
    by: str,
    at: str,
) -> int:
    return db.insert(
        "INSERT INTO assignments (task_id, assignee, unit, due, note, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [task_pk, assignee, unit, due, note, by, at],
    )


def latest_assignment(db: Database, task_pk: int) -> dict[str, Any] | None:
    row = db.one(
        "SELECT assignee, unit, due, note FROM assignments WHERE task_id = ?"
        " ORDER BY id DESC LIMIT 1",
        [task_pk],
    )
    return None if row is None else dict(row)


def insert_progress(
    db: Database,
    *,
    task_pk: int,
    date: str,
    percent: int,
    status: str,
    note: str | None,
    by: str,
    at: str,
    values: Sequence[tuple[int, float, str]] = (),
) -> int:
    """One progress record and its values (target id, value, as written); returns its id."""
    pid = db.insert(
        "INSERT INTO progress (task_id, date, percent, status, note, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [task_pk, date, percent, status, note, by, at],
    )
    db.executemany(
        "INSERT INTO progress_values (progress_id, target_id, value, as_written)"
        " VALUES (?, ?, ?, ?)",
        [(pid, target_id, value, written) for target_id, value, written in values],
    )
    return pid


def insert_extension(
    db: Database, *, task_pk: int, old_due: str, new_due: str, reason: str, by: str, at: str
) -> int:
    return db.insert(
        "INSERT INTO extensions (task_id, old_due, new_due, reason, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [task_pk, old_due, new_due, reason, by, at],
    )


def delete_rows(db: Database, table: str, ids: Sequence[int]) -> int:
    """Delete rows of assignments, progress or extensions by id; returns how many were there."""
    name = _DELETABLE[table]
    in_list, values = db.dialect.in_list(ids)
    cur = db.execute(f"DELETE FROM {name} WHERE id {in_list}", [values])
    return int(cur.rowcount)


def extension_row(db: Database, extension_id: int) -> dict[str, Any] | None:
    row = db.one(
        "SELECT id, task_id, old_due, new_due FROM extensions WHERE id = ?", [extension_id]
    )
    return None if row is None else dict(row)


# ----- reads for `show` --------------------------------------------------------------------------


def assignments_of(db: Database, task_pk: int) -> list[dict[str, Any]]:
    """Every assignment of the task, oldest first (assignee None = cleared)."""
    return [
        dict(r)
        for r in db.query(
            "SELECT id, assignee, unit, due, note, by, at FROM assignments WHERE task_id = ?"
            " ORDER BY id",
            [task_pk],
        )
    ]


def progress_of(db: Database, task_pk: int) -> list[dict[str, Any]]:
    """Every progress record of the task (by date, then entry) with its values."""
    records = [
        {**dict(r), "values": []}
        for r in db.query(
            "SELECT id, date, percent, status, note, by, at FROM progress WHERE task_id = ?"
            " ORDER BY date, id",
            [task_pk],
        )
    ]
    by_id = {r["id"]: r for r in records}
    for v in db.query(
        "SELECT pv.progress_id, g.metric, pv.value, g.unit, pv.as_written, g.value AS target"
        " FROM progress_values pv JOIN progress p ON p.id = pv.progress_id"
        " JOIN targets g ON g.id = pv.target_id WHERE p.task_id = ? ORDER BY g.position",
        [task_pk],
    ):
        by_id[v["progress_id"]]["values"].append(
            {
                "metric": v["metric"],
                "value": v["value"],
                "unit": v["unit"],
                "as_written": v["as_written"],
                "target": v["target"],
            }
        )
    return records


def extensions_of(db: Database, task_pk: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in db.query(
            "SELECT id, old_due, new_due, reason, by, at FROM extensions WHERE task_id = ?"
            " ORDER BY id",
            [task_pk],
        )
    ]
