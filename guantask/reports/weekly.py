"""The weekly summary of the ISO week that holds "today": totals, progress recorded this week,
overdue, due soon, stale, by leader and lead unit, and the quantitative targets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.models import Light, Status, TaskRow, Thresholds
from guantask.reports import lights
from guantask.reports.overdue import LateTask, overdue_tasks
from guantask.reports.rows import current_rows, plan_info
from guantask.reports.stats import StatRow, stats

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef
    from guantask.store.reports import ProgressRecord, TargetActual


class Week(NamedTuple):
    """The ISO week (Monday–Sunday) a weekly report covers."""

    year: int
    number: int
    start: str
    end: str

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "year": self.year, "week": self.number} | {
            "start": self.start,
            "end": self.end,
        }


def week_of(day: date) -> Week:
    from guantask.dates import iso_week

    monday, sunday = iso_week(day)
    year, number, _weekday = day.isocalendar()
    return Week(year=year, number=number, start=monday.isoformat(), end=sunday.isoformat())


class Snapshot(NamedTuple):
    """Where a task stood at one point: date of the record (None: no record), percent, status."""

    date: str | None
    percent: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "percent": self.percent, "status": self.status}


class TaskProgress(NamedTuple):
    """A task's progress in the week: before the week → after its last record in the week."""

    row: TaskRow
    before: Snapshot
    after: Snapshot
    records: tuple[dict[str, Any], ...]

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(r["note"] for r in self.records if r["note"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.row.no,
            "text": self.row.text,
            "lead_units": list(self.row.lead_units),
            "light": self.row.light,
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "records": list(self.records),
        }


class StaleTask(NamedTuple):
    row: TaskRow
    last_activity: str
    days_idle: int

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.row.to_dict(),
            "last_activity": self.last_activity,
            "days_idle": self.days_idle,
        }


class TargetLine(NamedTuple):
    """A target with the latest actual against it; attainment = actual ÷ target in percent."""

    task: int
    metric: str
    kind: str
    target: float
    unit: str
    at_least: bool
    as_written: str
    actual: float | None
    actual_date: str | None

    @property
    def attainment(self) -> float | None:
        if self.actual is None or not self.target:
            return None
        return round(self.actual * 100.0 / self.target, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "metric": self.metric,
            "kind": self.kind,
            "target": _number(self.target),
            "unit": self.unit,
            "at_least": self.at_least,
            "as_written": self.as_written,
            "actual": None if self.actual is None else _number(self.actual),
            "actual_date": self.actual_date,
            "attainment": self.attainment,
        }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class Totals(NamedTuple):
    tasks: int
    by_status: dict[str, int]
    by_light: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"tasks": self.tasks, "by_status": self.by_status, "by_light": self.by_light}


def totals(rows: Sequence[TaskRow]) -> Totals:
    """How many tasks, by status and by light, every status and light present (0 too)."""
    return Totals(
        tasks=len(rows),
        by_status={s.value: sum(r.status == s for r in rows) for s in Status},
        by_light={x.value: sum(r.light == x for r in rows) for x in Light},
    )


class WeeklyReport(NamedTuple):
    plan: dict[str, Any]
    as_of: str
    week: Week
    thresholds: Thresholds
    totals: Totals
    progress: tuple[TaskProgress, ...]
    overdue: tuple[LateTask, ...]
    due_soon: tuple[LateTask, ...]
    stale: tuple[StaleTask, ...]
    by_leader: tuple[StatRow, ...]
    by_leader_total: StatRow
    by_unit: tuple[StatRow, ...]
    by_unit_total: StatRow
    targets: tuple[TargetLine, ...]
    targets_total: int
    returns: Any = None  # the round of the period (`rounds.standing.RoundStanding`), if any

    def to_dict(self) -> dict[str, Any]:
        th = self.thresholds
        return {
            "report": "weekly",
            "plan": self.plan,
            "as_of": self.as_of,
            "week": self.week.to_dict(),
            "settings": {
                "warn-days": th.warn_days,
                "stale-days": th.stale_days,
                "behind-points": th.behind_points,
            },
            "totals": self.totals.to_dict(),
            "progress": [p.to_dict() for p in self.progress],
            "overdue": [t.to_dict() for t in self.overdue],
            "due_soon": [t.to_dict() for t in self.due_soon],
            "stale": [t.to_dict() for t in self.stale],
            "by_leader": {
                "rows": [s.to_dict() for s in self.by_leader],
                "total": self.by_leader_total.to_dict(),
            },
            "by_unit": {
                "rows": [s.to_dict() for s in self.by_unit],
                "total": self.by_unit_total.to_dict(),
            },
            "targets": {
                "total": self.targets_total,
                "reported": len(self.targets),
                "rows": [t.to_dict() for t in self.targets],
            },
            "returns": None if self.returns is None else self.returns.to_dict(),
        }


def week_progress(rows: Sequence[TaskRow], records: Sequence[ProgressRecord]) -> list[TaskProgress]:
    """Per task with records in the week (by number): the state before the week → after its
    last record in the week, and the records themselves (date order)."""
    by_no = {r.no: r for r in rows}
    grouped: dict[int, list[ProgressRecord]] = {}
    for rec in records:
        if rec.task_no in by_no:
            grouped.setdefault(rec.task_no, []).append(rec)
    out = []
    for no in sorted(grouped):
        recs = grouped[no]
        first, last = recs[0], recs[-1]
        before = Snapshot(
            date=first.before_date,
            percent=first.before_percent or 0,
            status=lights.status_of(first.before_status),
        )
        after = Snapshot(date=last.date, percent=last.percent, status=lights.status_of(last.status))
        out.append(
            TaskProgress(
                row=by_no[no],
                before=before,
                after=after,
                records=tuple(
                    {
                        "date": r.date,
                        "percent": r.percent,
                        "status": r.status,
                        "note": r.note,
                        "by": r.by,
                    }
                    for r in recs
                ),
            )
        )
    return out


def build_weekly(
    rows: Sequence[TaskRow],
    *,
    plan: Mapping[str, Any],
    today: date,
    th: Thresholds,
    records: Sequence[ProgressRecord],
    targets: Sequence[TargetActual],
) -> WeeklyReport:
    """The weekly summary of the ISO week holding `today`, from the plan's current task rows,
    the week's progress records (dated Monday..today) and the targets with their actuals."""
    issued = str(plan["issued"])
    rows = sorted(rows, key=lambda r: r.no)
    not_done = [r for r in rows if r.status not in lights.DONE_STATUSES]
    soon = (today + timedelta(days=th.warn_days)).isoformat()
    due_soon = [
        LateTask(r, lights.days_past_due(r.due, today))
        for r in not_done
        if r.light != Light.RED and today.isoformat() <= r.due <= soon
    ]
    due_soon.sort(key=lambda t: (t.row.due, t.row.no))
    stale = []
    for r in not_done:
        last = lights.last_activity(r.last_update, issued)
        idle = (today - date.fromisoformat(last)).days
        if idle > th.stale_days:
            stale.append(StaleTask(r, last, idle))
    stale.sort(key=lambda s: (s.last_activity, s.row.no))
    by_leader, leader_total = stats(rows, by="leader")
    by_unit, unit_total = stats(rows, by="unit")
    current_nos = {r.no for r in rows}
    lines = [
        TargetLine(
            task=t.task_no,
            metric=t.metric,
            kind=t.kind,
            target=t.value,
            unit=t.unit,
            at_least=t.at_least,
            as_written=t.as_written,
            actual=t.actual,
            actual_date=t.actual_date,
        )
        for t in targets
        if t.task_no in current_nos
    ]
    return WeeklyReport(
        plan=dict(plan),
        as_of=today.isoformat(),
        week=week_of(today),
        thresholds=th,
        totals=totals(rows),
        progress=tuple(week_progress(rows, records)),
        overdue=tuple(overdue_tasks(rows, today=today, within=None)),
        due_soon=tuple(due_soon),
        stale=tuple(stale),
        by_leader=tuple(by_leader),
        by_leader_total=leader_total,
        by_unit=tuple(by_unit),
        by_unit_total=unit_total,
        targets=tuple(x for x in lines if x.actual is not None),
        targets_total=len(lines),
    )


def gather_weekly(db: Database, *, plan: PlanRef, today: date) -> WeeklyReport:
    """The weekly summary as of `today`: progress dated Monday..today of its ISO week."""
    from guantask.rounds.standing import standing_for_period
    from guantask.store import reports as st_reports
    from guantask.store.settings import thresholds

    week = week_of(today)
    end = min(week.end, today.isoformat())
    returns = standing_for_period(db, plan, day=today, today=today)
    return build_weekly(
        current_rows(db, plan=plan, expr=None, today=today),
        plan=plan_info(plan),
        today=today,
        th=thresholds(db),
        records=st_reports.week_progress(db, plan_id=plan.id, start=week.start, end=end),
        targets=st_reports.targets_with_actuals(db, plan_id=plan.id, as_of=today.isoformat()),
    )._replace(returns=returns)
