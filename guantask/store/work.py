"""SQL of the daily work: assignments, progress records with their values, extensions, history.

Every function that writes runs inside the caller's `db.write()` transaction; nothing here opens
one. Records are appended, never edited; only `undo` deletes the rows a change created.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from guantask.store.db import Database
from guantask.store.events import _EVENT_SELECT, Event, _event

# Tables whose rows an undo may delete by id; nothing else reaches the SQL.
_DELETABLE = {"assignments": "assignments", "progress": "progress", "extensions": "extensions"}


def _ids_json(values: Sequence[int]) -> str:
    return json.dumps(list(values))


# ----- tasks -------------------------------------------------------------------------------------


def task_facts(db: Database, plan_id: int, nos: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Task number → pk, due, removed and the latest progress record's status/percent/date."""
    rows = db.query(
        "SELECT t.no, t.id AS pk, t.due, t.plan_due, t.removed,"
        " (SELECT p.id FROM progress p WHERE p.task_id = t.id"
        "   ORDER BY p.date DESC, p.id DESC LIMIT 1) AS pid"
        " FROM tasks t WHERE t.plan_id = ? AND t.no IN (SELECT value FROM json_each(?))",
        [plan_id, _ids_json(nos)],
    )
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        latest = None
        if r["pid"] is not None:
            latest = db.one("SELECT status, percent, date FROM progress WHERE id = ?", [r["pid"]])
        out[r["no"]] = {
            "pk": r["pk"],
            "due": r["due"],
            "plan_due": r["plan_due"],
            "removed": bool(r["removed"]),
            "status": None if latest is None else latest["status"],
            "percent": 0 if latest is None else latest["percent"],
            "last_date": None if latest is None else latest["date"],
        }
    return out


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


def unit_name(db: Database, unit_id: int) -> str | None:
    return db.scalar("SELECT name FROM units WHERE id = ?", [unit_id])


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
    cur = db.execute(
        "INSERT INTO assignments (task_id, assignee, unit, due, note, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [task_pk, assignee, unit, due, note, by, at],
    )
    return int(cur.lastrowid or 0)


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
    cur = db.execute(
        "INSERT INTO progress (task_id, date, percent, status, note, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [task_pk, date, percent, status, note, by, at],
    )
    pid = int(cur.lastrowid or 0)
    db.conn.executemany(
        "INSERT INTO progress_values (progress_id, target_id, value, as_written)"
        " VALUES (?, ?, ?, ?)",
        [(pid, target_id, value, written) for target_id, value, written in values],
    )
    return pid


def insert_extension(
    db: Database, *, task_pk: int, old_due: str, new_due: str, reason: str, by: str, at: str
) -> int:
    cur = db.execute(
        "INSERT INTO extensions (task_id, old_due, new_due, reason, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [task_pk, old_due, new_due, reason, by, at],
    )
    return int(cur.lastrowid or 0)


def delete_rows(db: Database, table: str, ids: Sequence[int]) -> int:
    """Delete rows of assignments, progress or extensions by id; returns how many were there."""
    name = _DELETABLE[table]
    cur = db.execute(
        f"DELETE FROM {name} WHERE id IN (SELECT value FROM json_each(?))", [_ids_json(ids)]
    )
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


# ----- history -----------------------------------------------------------------------------------


def history(
    db: Database,
    *,
    plan_id: int | None = None,
    task_no: int | None = None,
    since: str | None = None,
    authors: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[Event]:
    """Events oldest first. A task's history includes the batch changes that touched it (the
    `after` of assign/progress/signoff/extend/undo events lists their task numbers as "tasks")."""
    where: list[str] = []
    params: list[Any] = []
    if plan_id is not None:
        where.append("e.plan_id = ?")
        params.append(plan_id)
    if task_no is not None:
        where.append(
            "(e.task_no = ? OR (e.task_no IS NULL AND e.kind != 'import' AND EXISTS"
            " (SELECT 1 FROM json_each(e.after, '$.tasks') j WHERE j.value = ?)))"
        )
        params += [task_no, task_no]
    if since is not None:
        where.append("e.at >= ?")
        params.append(since)
    if authors is not None:
        where.append("e.by IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(authors), ensure_ascii=False))
    sql = _EVENT_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    if limit is not None:
        sql += " ORDER BY e.id DESC LIMIT ?"
        params.append(limit)
        return [_event(r) for r in reversed(db.query(sql, params))]
    return [_event(r) for r in db.query(sql + " ORDER BY e.id", params)]


def event_authors(db: Database) -> list[str]:
    """Everyone who has made a change, for `history --by` name matching."""
    return [r[0] for r in db.query("SELECT DISTINCT by FROM events ORDER BY by")]


def event_by_id(db: Database, event_id: int) -> Event | None:
    row = db.one(_EVENT_SELECT + " WHERE e.id = ?", [event_id])
    return None if row is None else _event(row)
