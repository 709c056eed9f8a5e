"""`overdue`: the red tasks (and, with `within`, those due soon), most days late first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.models import Light, TaskRow
from guantask.reports import lights
from guantask.reports.rows import current_rows

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef


class LateTask(NamedTuple):
    """A task with how late it is: today - due in days (negative while time is left)."""

    row: TaskRow
    days_late: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.row.to_dict(), "days_late": self.days_late}


def overdue_tasks(rows: Iterable[TaskRow], *, today: date, within: int | None) -> list[LateTask]:
    """Red tasks (past due, or blocked), most days late first; with `within`, then the tasks not
    done that are due within that many days, soonest first."""
    soon = None if within is None else (today + timedelta(days=within)).isoformat()
    picked = [
        r
        for r in rows
        if r.light == Light.RED
        or (soon is not None and r.status not in lights.DONE_STATUSES and r.due <= soon)
    ]
    items = [LateTask(r, lights.days_past_due(r.due, today)) for r in picked]
    items.sort(key=lambda t: (t.row.light != Light.RED, -t.days_late, t.row.no))
    return items


def any_overdue(items: Iterable[LateTask]) -> bool:
    """Whether a listed task is past due (for `overdue --exit-status`)."""
    return any(t.days_late > 0 and t.row.status not in lights.DONE_STATUSES for t in items)


def gather_overdue(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date, within: int | None
) -> list[LateTask]:
    """`overdue`: the SQL view picks the candidates (red, or due within `within` days)."""
    from guantask.store import tasks as st_tasks

    if within is None:
        only = st_tasks.condition("red")
    else:
        soon = (today + timedelta(days=within)).isoformat()
        only = st_tasks.condition("red-or-due-by", [soon])
    rows = current_rows(db, plan=plan, expr=expr, today=today, only=only)
    return overdue_tasks(rows, today=today, within=within)
