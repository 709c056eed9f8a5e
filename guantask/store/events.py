"""The append-only event log: every change, who made it, when, before/after, and how to undo it."""

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from guantask.store.db import Database


class Event(NamedTuple):
    id: int
    at: str
    by: str
    kind: str
    plan: str | None
    task: int | None
    summary: str
    before: Any
    after: Any
    undo: Any
    reverts: int | None
    reverted_by: int | None
    damaged: bool = False  # a stored before/after/undo is not JSON: shown, never undone

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "by": self.by,
            "kind": self.kind,
            "plan": self.plan,
            "task": self.task,
            "summary": self.summary,
            "before": self.before,
            "after": self.after,
            "reverts": self.reverts,
            "reverted_by": self.reverted_by,
            "damaged": self.damaged,
        }


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    """The stored JSON; `DAMAGED` when it cannot be read (a damaged file, a hand edit)."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        return DAMAGED


DAMAGED = object()


def log_event(
    db: Database,
    *,
    kind: str,
    by: str,
    at: str,
    summary: str,
    plan_id: int | None = None,
    task_no: int | None = None,
    before: Any = None,
    after: Any = None,
    undo: Any = None,
    reverts: int | None = None,
) -> int:
    """Append one event (inside the caller's transaction); returns its id."""
    return db.insert(
        "INSERT INTO events (at, by, kind, plan_id, task_no, summary, before, after, undo, reverts)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            at,
            by,
            kind,
            plan_id,
            task_no,
            summary,
            _dump(before),
            _dump(after),
            _dump(undo),
            reverts,
        ],
    )


_EVENT_SELECT = """
SELECT e.id, e.at, e.by, e.kind, p.doc_number AS plan, e.task_no, e.summary, e.before, e.after,
       e.undo, e.reverts, (SELECT r.id FROM events r WHERE r.reverts = e.id) AS reverted_by
FROM events e LEFT JOIN plans p ON p.id = e.plan_id
"""


def _event(row: Any) -> Event:
    stored = [_load(row[k]) for k in ("before", "after", "undo")]
    before, after, undo = (None if v is DAMAGED else v for v in stored)
    return Event(
        id=row["id"],
        at=str(row["at"]),
        by=str(row["by"]),
        kind=str(row["kind"]),
        plan=row["plan"],
        task=row["task_no"],
        summary=str(row["summary"]),
        before=before,
        after=after,
        undo=undo,
        reverts=row["reverts"],
        reverted_by=row["reverted_by"],
        damaged=any(v is DAMAGED for v in stored),
    )


def history(
    db: Database,
    *,
    plan_id: int | None = None,
    task_no: int | None = None,
    since: str | None = None,
    authors: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[Event]:
    """Events oldest first (with `limit`, the latest `limit` of them), filtered by plan, task,
    date (`at >= since`) and authors. A task's history includes the batch changes that touched
    it (the `after` of assign/progress/signoff/extend/undo events lists their task numbers as
    "tasks")."""
    where: list[str] = []
    params: list[Any] = []
    if plan_id is not None:
        where.append("e.plan_id = ?")
        params.append(plan_id)
    if task_no is not None:
        where.append(
            "(e.task_no = ? OR (e.task_no IS NULL AND e.kind != 'import' AND"
            f" {db.dialect.json_array_has('e.after', 'tasks')}))"
        )
        params += [task_no, task_no]
    if since is not None:
        where.append("e.at >= ?")
        params.append(since)
    if authors is not None:
        in_list, values = db.dialect.in_list(authors)
        where.append(f"e.by {in_list}")
        params.append(values)
    sql = _EVENT_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    if limit is not None:
        sql += " ORDER BY e.id DESC LIMIT ?"
        params.append(limit)
        return [_event(r) for r in reversed(db.query(sql, params))]
    return [_event(r) for r in db.query(sql + " ORDER BY e.id", params)]


def event_authors(db: Database) -> list[str]:
    """Everyone who has made a change, for `history --by` name matching."""
    return [r[0] for r in db.query("SELECT DISTINCT by FROM events ORDER BY by")]


def last_undoable(db: Database, *, by: str) -> Event | None:
    """The most recent change by `by` that is not an undo and has not been undone."""
    row = db.one(
        _EVENT_SELECT + " WHERE e.by = ? AND e.kind != 'undo' AND e.undo IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = e.id)"
        " ORDER BY e.id DESC LIMIT 1",
        [by],
    )
    return None if row is None else _event(row)
