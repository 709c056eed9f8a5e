"""Chase notices (催办): one per lead unit with red or yellow tasks, its tasks and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.models import Light, TaskRow
from guantask.reports import lights
from guantask.reports.rows import current_rows

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef


class ChaseItem(NamedTuple):
    """A red or yellow task in a chase notice, with the figures its reasons need."""

    row: TaskRow
    days_late: int  # today - due
    days_idle: int  # today - last activity
    expected: int  # 序时进度, rounded down

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.row.to_dict(),
            "days_late": self.days_late,
            "days_idle": self.days_idle,
            "expected_percent": self.expected,
        }


class ChaseNotice(NamedTuple):
    """One lead unit's notice: its red and yellow tasks and the leaders in charge of them."""

    unit: str
    leaders: tuple[str, ...]
    items: tuple[ChaseItem, ...]

    @property
    def red(self) -> int:
        return sum(i.row.light == Light.RED for i in self.items)

    @property
    def yellow(self) -> int:
        return sum(i.row.light == Light.YELLOW for i in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "leaders": list(self.leaders),
            "red": self.red,
            "yellow": self.yellow,
            "tasks": [i.to_dict() for i in self.items],
        }


def chase_notices(rows: Sequence[TaskRow], *, today: date, issued: str) -> list[ChaseNotice]:
    """A notice per lead unit with red or yellow tasks, units in the order of their first such
    task (the notice's order); in each, red tasks before yellow, then by due date and number."""
    issued_day = date.fromisoformat(issued)
    by_unit: dict[str, list[TaskRow]] = {}
    for r in sorted(rows, key=lambda r: r.no):
        if r.light not in (Light.RED, Light.YELLOW):
            continue
        for unit in dict.fromkeys(r.lead_units):
            by_unit.setdefault(unit, []).append(r)
    notices = []
    for unit, members in by_unit.items():
        members.sort(key=lambda r: (lights.light_rank(r.light), r.due, r.no))
        items = tuple(
            ChaseItem(
                row=r,
                days_late=lights.days_past_due(r.due, today),
                days_idle=(
                    today - date.fromisoformat(lights.last_activity(r.last_update, issued))
                ).days,
                expected=int(
                    lights.expected_percent(
                        issued=issued_day, due=date.fromisoformat(r.due), today=today
                    )
                ),
            )
            for r in members
        )
        leaders = tuple(dict.fromkeys(name for r in members for name in r.leaders))
        notices.append(ChaseNotice(unit=unit, leaders=leaders, items=items))
    return notices


def gather_chase(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date
) -> list[ChaseNotice]:
    rows = current_rows(db, plan=plan, expr=expr, today=today)
    return chase_notices(rows, today=today, issued=plan.issued)
