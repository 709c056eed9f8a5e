"""SQL of the reports: progress recorded in a week (before → after), targets with their latest
actuals, section titles, removed tasks, and the settings rows `config list` shows.

Everything here reads; the only writes are the settings (inside the caller's `db.write()`).
Rows come back in a stable order so that a report is byte-identical for the same database.
"""

from __future__ import annotations

from typing import NamedTuple

from guantask.store.db import Database


class ProgressRecord(NamedTuple):
    """One progress record of a week, with the task's latest record before the week."""

    task_no: int
    date: str
    percent: int
    status: str
    note: str | None
    by: str
    before_date: str | None
    before_percent: int | None
    before_status: str | None


def week_progress(db: Database, *, plan_id: int, start: str, end: str) -> list[ProgressRecord]:
    """Progress records dated start..end (inclusive) of one plan's tasks, by task, date and id;
    each with the task's latest record dated before `start` (None when there is none)."""
    rows = db.query(
        """
        WITH w AS (
          SELECT p.id, p.task_id, t.no, p.date, p.percent, p.status, p.note, p.by
          FROM progress p JOIN tasks t ON t.id = p.task_id
          WHERE t.plan_id = ? AND p.date >= ? AND p.date <= ?
        )
        SELECT w.no, w.date, w.percent, w.status, w.note, w.by,
               b.date AS before_date, b.percent AS before_percent, b.status AS before_status
        FROM w LEFT JOIN progress b ON b.id = (
          SELECT q.id FROM progress q WHERE q.task_id = w.task_id AND q.date < ?
          ORDER BY q.date DESC, q.id DESC LIMIT 1)
        ORDER BY w.no, w.date, w.id
        """,
        [plan_id, start, end, start],
    )
    return [
        ProgressRecord(
            task_no=r["no"],
            date=r["date"],
            percent=r["percent"],
            status=r["status"],
            note=r["note"],
            by=r["by"],
            before_date=r["before_date"],
            before_percent=r["before_percent"],
            before_status=r["before_status"],
        )
        for r in rows
    ]


class TargetActual(NamedTuple):
    """A task's quantitative target with the latest actual recorded up to the as-of day."""

    task_no: int
    position: int
    metric: str
    value: float
    unit: str
    kind: str
    at_least: bool
    as_written: str
    actual: float | None
    actual_as_written: str | None
    actual_date: str | None


def targets_with_actuals(db: Database, *, plan_id: int, as_of: str) -> list[TargetActual]:
    """Every target of the plan's current tasks, by task and position, with its latest actual."""
    rows = db.query(
        """
        SELECT t.no, g.position, g.metric, g.value, g.unit, g.kind, g.at_least, g.as_written,
               pv.value AS actual, pv.as_written AS actual_as_written, p.date AS actual_date
        FROM targets g JOIN tasks t ON t.id = g.task_id
        LEFT JOIN progress p ON p.id = (
          SELECT p2.id FROM progress_values pv2 JOIN progress p2 ON p2.id = pv2.progress_id
          WHERE pv2.target_id = g.id AND p2.date <= ?
          ORDER BY p2.date DESC, p2.id DESC LIMIT 1)
        LEFT JOIN progress_values pv ON pv.progress_id = p.id AND pv.target_id = g.id
        WHERE t.plan_id = ? AND t.removed = 0
        ORDER BY t.no, g.position, g.id
        """,
        [as_of, plan_id],
    )
    return [
        TargetActual(
            task_no=r["no"],
            position=r["position"],
            metric=r["metric"],
            value=r["value"],
            unit=r["unit"],
            kind=r["kind"],
            at_least=bool(r["at_least"]),
            as_written=r["as_written"],
            actual=r["actual"],
            actual_as_written=r["actual_as_written"],
            actual_date=r["actual_date"],
        )
        for r in rows
    ]


def section_titles(db: Database, *, plan_id: int) -> dict[int, tuple[str, str]]:
    """Section number → (numeral, title)."""
    rows = db.query(
        "SELECT no, numeral, title FROM sections WHERE plan_id = ? ORDER BY no", [plan_id]
    )
    return {r["no"]: (r["numeral"], r["title"]) for r in rows}


def removed_task_nos(db: Database, *, plan_id: int) -> set[int]:
    """Tasks kept in the database that the latest version of the plan no longer has."""
    rows = db.query("SELECT no FROM tasks WHERE plan_id = ? AND removed = 1", [plan_id])
    return {r[0] for r in rows}


def stored_settings(db: Database, keys: list[str]) -> dict[str, str]:
    """The stored value of each of `keys` that has one."""
    if not keys:
        return {}
    in_list, values = db.dialect.in_list(keys)
    rows = db.query(f"SELECT key, value FROM settings WHERE key {in_list}", [values])
    return {r[0]: r[1] for r in rows}
