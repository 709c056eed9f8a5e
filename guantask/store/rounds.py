"""SQL of the weekly round: rounds, the units each round sent a sheet to, and their returns.

Every function that writes runs inside the caller's `db.write()` transaction. A return that a
re-send replaced keeps its row (`replaced_by`); undo deletes the rows a change created.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from guantask.store.db import Database, json_list

_ROUND_SELECT = "SELECT id, plan_id, period, kind, starts, ends, due, opened_at FROM rounds"


def round_by_period(db: Database, plan_id: int, period: str) -> dict[str, Any] | None:
    row = db.one(_ROUND_SELECT + " WHERE plan_id = ? AND period = ?", [plan_id, period])
    return None if row is None else dict(row)


def round_by_id(db: Database, round_id: int) -> dict[str, Any] | None:
    row = db.one(_ROUND_SELECT + " WHERE id = ?", [round_id])
    return None if row is None else dict(row)


def newest_round(db: Database, plan_id: int) -> dict[str, Any] | None:
    """The plan's round with the latest period start (the one being collected)."""
    row = db.one(
        _ROUND_SELECT + " WHERE plan_id = ? ORDER BY starts DESC, id DESC LIMIT 1", [plan_id]
    )
    return None if row is None else dict(row)


def round_covering(db: Database, plan_id: int, day: str) -> dict[str, Any] | None:
    """The plan's round whose period contains `day` (the longest period first)."""
    row = db.one(
        _ROUND_SELECT + " WHERE plan_id = ? AND starts <= ? AND ends >= ? ORDER BY starts, id"
        " LIMIT 1",
        [plan_id, day, day],
    )
    return None if row is None else dict(row)


def rounds_of(db: Database, plan_id: int) -> list[dict[str, Any]]:
    return [
        dict(r) for r in db.query(_ROUND_SELECT + " WHERE plan_id = ? ORDER BY starts", [plan_id])
    ]


def insert_round(
    db: Database, *, plan_id: int, period: str, kind: str, starts: str, ends: str, due: str, at: str
) -> int:
    return db.insert(
        "INSERT INTO rounds (plan_id, period, kind, starts, ends, due, opened_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [plan_id, period, kind, starts, ends, due, at],
    )


def set_round_due(db: Database, round_id: int, due: str) -> None:
    db.execute("UPDATE rounds SET due = ? WHERE id = ?", [due, round_id])


def delete_round(db: Database, round_id: int) -> None:
    db.execute("DELETE FROM rounds WHERE id = ?", [round_id])


def round_units(db: Database, round_id: int) -> dict[str, list[int]]:
    """Unit → the task numbers on its sheet, by unit name."""
    rows = db.query(
        "SELECT unit, tasks FROM round_units WHERE round_id = ? ORDER BY unit", [round_id]
    )
    return {r["unit"]: json.loads(r["tasks"]) for r in rows}


def put_round_units(db: Database, round_id: int, sheets: dict[str, Sequence[int]]) -> None:
    """Make the round's units exactly `sheets` (unit → task numbers)."""
    db.execute("DELETE FROM round_units WHERE round_id = ?", [round_id])
    db.executemany(
        "INSERT INTO round_units (round_id, unit, tasks) VALUES (?, ?, ?)",
        [(round_id, unit, json_list(nos)) for unit, nos in sheets.items()],
    )


_RETURN_SELECT = (
    "SELECT id, round_id, unit, sha256, source, received, at, filled_by, rows, progress,"
    " replaced_by FROM round_returns"
)


def _return(row: Any) -> dict[str, Any]:
    d = dict(row)
    d["progress"] = json.loads(d["progress"])
    return d


def current_return(db: Database, round_id: int, unit: str) -> dict[str, Any] | None:
    """The unit's return in force (not replaced), if any."""
    row = db.one(
        _RETURN_SELECT + " WHERE round_id = ? AND unit = ? AND replaced_by IS NULL"
        " ORDER BY id DESC LIMIT 1",
        [round_id, unit],
    )
    return None if row is None else _return(row)


def current_returns(db: Database, round_id: int) -> dict[str, dict[str, Any]]:
    """Unit → its return in force, for every unit that has returned."""
    rows = db.query(_RETURN_SELECT + " WHERE round_id = ? AND replaced_by IS NULL", [round_id])
    return {r["unit"]: _return(r) for r in rows}


def first_received(db: Database, round_id: int) -> dict[str, str]:
    """Unit → the day its first return (replaced or not) arrived: on time is judged on it."""
    rows = db.query(
        "SELECT unit, min(received) FROM round_returns WHERE round_id = ? GROUP BY unit", [round_id]
    )
    return {r[0]: r[1] for r in rows}


def insert_return(
    db: Database,
    *,
    round_id: int,
    unit: str,
    sha256: str,
    source: str,
    received: str,
    at: str,
    filled_by: str | None,
    rows: int,
    progress: Sequence[int],
) -> int:
    return db.insert(
        "INSERT INTO round_returns (round_id, unit, sha256, source, received, at, filled_by, rows,"
        " progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [round_id, unit, sha256, source, received, at, filled_by, rows, json_list(progress)],
    )


def set_replaced(db: Database, return_id: int, replaced_by: int | None) -> None:
    db.execute("UPDATE round_returns SET replaced_by = ? WHERE id = ?", [replaced_by, return_id])


def delete_return(db: Database, return_id: int) -> None:
    db.execute("DELETE FROM round_returns WHERE id = ?", [return_id])


def progress_rows(db: Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Progress records with their values, to keep in a replacement's history and restore."""
    among, param = db.dialect.in_list(ids)
    rows = db.query(
        "SELECT id, task_id, date, percent, status, note, by, at FROM progress"
        f" WHERE id {among} ORDER BY id",
        [param],
    )
    out = [dict(r) for r in rows]
    values = db.query(
        "SELECT progress_id, target_id, value, as_written FROM progress_values"
        f" WHERE progress_id {among} ORDER BY progress_id, target_id",
        [param],
    )
    by_id: dict[int, list[list[Any]]] = {}
    for v in values:
        by_id.setdefault(v[0], []).append([v[1], v[2], v[3]])
    for r in out:
        r["values"] = by_id.get(r["id"], [])
    return out


def restore_progress(db: Database, rows: Sequence[dict[str, Any]]) -> None:
    """Put back progress records (same ids) that a replacement removed."""
    db.executemany(
        "INSERT INTO progress (id, task_id, date, percent, status, note, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r["id"],
                r["task_id"],
                r["date"],
                r["percent"],
                r["status"],
                r["note"],
                r["by"],
                r["at"],
            )
            for r in rows
        ],
    )
    reset = db.dialect.after_explicit_ids("progress")
    if reset:  # a server's id sequence must move past the ids put back
        db.execute(reset)
    db.executemany(
        "INSERT INTO progress_values (progress_id, target_id, value, as_written) VALUES (?, ?, ?, ?)",
        [(r["id"], *v) for r in rows for v in r["values"]],
    )


def delete_progress(db: Database, ids: Sequence[int]) -> int:
    among, param = db.dialect.in_list(ids)
    return db.execute(f"DELETE FROM progress WHERE id {among}", [param]).rowcount


def unit_tasks(db: Database, plan_id: int) -> list[tuple[str, int, str]]:
    """(unit, task number, role) for every task of the plan not removed and not signed off."""
    rows = db.query(
        "SELECT u.name, t.no, tu.role FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
        " JOIN units u ON u.id = tu.unit_id"
        " WHERE t.plan_id = ? AND t.removed = 0 AND coalesce((SELECT q.status FROM progress q"
        "   WHERE q.task_id = t.id ORDER BY q.date DESC, q.id DESC LIMIT 1), '') != 'signed-off'"
        " ORDER BY u.name, tu.role, t.no",
        [plan_id],
    )
    return [(r[0], r[1], r[2]) for r in rows]


def returns_by_unit(db: Database, plan_id: int) -> list[tuple[str, int, int]]:
    """(unit, rounds it got a sheet in, rounds it returned on time) over the plan's rounds."""
    rows = db.query(
        "SELECT ru.unit, count(*),"
        " sum(CASE WHEN (SELECT min(rr.received) FROM round_returns rr WHERE rr.round_id = r.id"
        "      AND rr.unit = ru.unit) <= r.due THEN 1 ELSE 0 END)"
        " FROM round_units ru JOIN rounds r ON r.id = ru.round_id WHERE r.plan_id = ?"
        " GROUP BY ru.unit ORDER BY ru.unit",
        [plan_id],
    )
    return [(r[0], r[1], r[2] or 0) for r in rows]
