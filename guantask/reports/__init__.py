"""Reports as plain data: overdue, stats by leader/unit/section, chase notices, the weekly summary.

The builders are pure: they take task rows (`TaskRow`s with their reasons, as `find_tasks` returns
them), the facts a report needs beyond them and "today", and return NamedTuples whose
`to_dict()` is the JSON form. The `gather_*` functions read those facts from the database. Every
list has a fixed order, so that the same database and as-of day give byte-identical reports.
The settings of the light rules (`config`) are read and changed here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.changes import register
from guantask.models import Light, Status, TaskRow, Thresholds
from guantask.reports import lights

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef
    from guantask.store.reports import ProgressRecord, TargetActual

STAT_GROUPS = ("leader", "unit", "section")


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEAR_WIDE = re.compile(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])")


def short_text(text: str, limit: int = 30, ellipsis: str = "...") -> str:
    """The task's first sentence, cut to `limit` characters: what a table or a notice shows.

    Spaces next to Han characters (left by PDF extraction: `5G 基站`, `50 亿元`) are dropped.
    """
    one_line = _SPACE_NEAR_WIDE.sub("", " ".join(text.split()))
    for stop in "。；;":
        head, sep, _rest = one_line.partition(stop)
        if sep and head:
            one_line = head + (sep if stop == "。" else "")
    if len(one_line) <= limit:
        return one_line
    return one_line[:limit].rstrip("，,、 .") + ellipsis


def current(rows: Iterable[TaskRow], removed: set[int]) -> list[TaskRow]:
    """The rows of tasks still in the plan (an amended plan may have dropped some)."""
    return [r for r in rows if r.id not in removed]


# ----- overdue ---------------------------------------------------------------------------------


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
    items.sort(key=lambda t: (t.row.light != Light.RED, -t.days_late, t.row.id))
    return items


def any_overdue(items: Iterable[LateTask]) -> bool:
    """Whether a listed task is past due (for `overdue --exit-status`)."""
    return any(t.days_late > 0 and t.row.status not in lights.DONE_STATUSES for t in items)


# ----- stats -----------------------------------------------------------------------------------


class StatRow(NamedTuple):
    """One group's counts: tasks, done (done or signed off), red, yellow, green, mean percent."""

    name: str
    tasks: int
    done: int
    red: int
    yellow: int
    green: int
    average_percent: float
    section: int | None = None
    returns: tuple[int, int] | None = None  # by unit: (rounds returned on time, rounds)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {} if self.section is None else {"section": self.section}
        d |= {
            "name": self.name,
            "tasks": self.tasks,
            "done": self.done,
            "red": self.red,
            "yellow": self.yellow,
            "green": self.green,
            "average_percent": self.average_percent,
        }
        if self.returns is not None:
            d |= {"returned_on_time": self.returns[0], "rounds": self.returns[1]}
        return d


def _stat(name: str, rows: Sequence[TaskRow], section: int | None = None) -> StatRow:
    lit = [r.light for r in rows]
    percent = sum(r.percent or 0 for r in rows)
    return StatRow(
        name=name,
        tasks=len(rows),
        done=sum(r.status in lights.DONE_STATUSES for r in rows),
        red=lit.count(Light.RED),
        yellow=lit.count(Light.YELLOW),
        green=lit.count(Light.GREEN),
        average_percent=round(percent / len(rows), 1) if rows else 0.0,
        section=section,
    )


def section_name(numeral: str, title: str) -> str:
    """`一、主要预期目标` from a section's numeral and title (a closing 。 dropped)."""
    return f"{numeral}、{title.rstrip('。.')}" if numeral else title.rstrip("。.")


def stats(
    rows: Sequence[TaskRow],
    *,
    by: str,
    sections: Mapping[int, tuple[str, str]] | None = None,
) -> tuple[list[StatRow], StatRow]:
    """Counts per leader, lead unit or section, and the total over `rows`.

    Leaders and lead units come in the order of their first task (the notice's order, which
    follows rank); a task with two leaders counts for both, so the total is counted over the
    tasks, not summed. Sections come by number.
    """
    if by not in STAT_GROUPS:
        raise ValueError(f"stats by {by!r}")
    groups: dict[Any, list[TaskRow]] = {}
    ordered = sorted(rows, key=lambda r: r.id)
    for r in ordered:
        keys: Iterable[Any]
        if by == "leader":
            keys = r.leaders
        elif by == "unit":
            keys = r.lead_units
        else:
            keys = (r.section,)
        for k in dict.fromkeys(keys):
            groups.setdefault(k, []).append(r)
    out: list[StatRow] = []
    if by == "section":
        titles = sections or {}
        for no in sorted(groups):
            numeral, title = titles.get(no, ("", str(no)))
            out.append(_stat(section_name(numeral, title), groups[no], section=no))
    else:
        out = [_stat(name, members) for name, members in groups.items()]
    return out, _stat("", ordered)


# ----- chase (催办) ----------------------------------------------------------------------------


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
    for r in sorted(rows, key=lambda r: r.id):
        if r.light not in (Light.RED, Light.YELLOW):
            continue
        for unit in dict.fromkeys(r.lead_units):
            by_unit.setdefault(unit, []).append(r)
    notices = []
    for unit, members in by_unit.items():
        members.sort(key=lambda r: (lights.light_rank(r.light), r.due, r.id))
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


# ----- the weekly summary ----------------------------------------------------------------------


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
            "id": self.row.id,
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
    by_no = {r.id: r for r in rows}
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
    rows = sorted(rows, key=lambda r: r.id)
    not_done = [r for r in rows if r.status not in lights.DONE_STATUSES]
    soon = (today + timedelta(days=th.warn_days)).isoformat()
    due_soon = [
        LateTask(r, lights.days_past_due(r.due, today))
        for r in not_done
        if r.light != Light.RED and today.isoformat() <= r.due <= soon
    ]
    due_soon.sort(key=lambda t: (t.row.due, t.row.id))
    stale = []
    for r in not_done:
        last = lights.last_activity(r.last_update, issued)
        idle = (today - date.fromisoformat(last)).days
        if idle > th.stale_days:
            stale.append(StaleTask(r, last, idle))
    stale.sort(key=lambda s: (s.last_activity, s.row.id))
    by_leader, leader_total = stats(rows, by="leader")
    by_unit, unit_total = stats(rows, by="unit")
    current_nos = {r.id for r in rows}
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


# ----- reading from the database ---------------------------------------------------------------


def plan_info(plan: PlanRef) -> dict[str, Any]:
    return {
        "doc_number": plan.doc_number,
        "title": plan.title,
        "issuer": plan.issuer,
        "issued": plan.issued,
        "year": plan.year,
    }


def current_rows(
    db: Database,
    *,
    plan: PlanRef,
    expr: Any | None,
    today: date,
    only: tuple[str, list[Any]] | None = None,
) -> list[TaskRow]:
    """The plan's tasks matching `expr` as of `today`, without those the plan has dropped."""
    from guantask.filters.find import find_tasks
    from guantask.store import reports as st_reports

    rows = find_tasks(db, plan=plan, expr=expr, today=today, only=only)
    return current(rows, st_reports.removed_task_nos(db, plan_id=plan.id))


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


def gather_stats(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date, by: str
) -> tuple[list[StatRow], StatRow]:
    from guantask.store import reports as st_reports

    rows = current_rows(db, plan=plan, expr=expr, today=today)
    sections = st_reports.section_titles(db, plan_id=plan.id) if by == "section" else None
    out, total = stats(rows, by=by, sections=sections)
    if by == "unit":
        from guantask.rounds.standing import return_rates

        rates = return_rates(db, plan)
        if rates:
            out = [s._replace(returns=rates.get(s.name, (0, 0))) for s in out]
    return out, total


def gather_chase(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date
) -> list[ChaseNotice]:
    rows = current_rows(db, plan=plan, expr=expr, today=today)
    return chase_notices(rows, today=today, issued=plan.issued)


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


# ----- settings (`config`) ---------------------------------------------------------------------


class Setting(NamedTuple):
    key: str
    value: int
    default: int
    stored: bool
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "default": self.default,
            "set": self.stored,
            "description": self.description,
        }


def list_settings(db: Database) -> list[Setting]:
    """Every setting with its value (stored or default) and default."""
    from guantask.store import reports as st_reports
    from guantask.store.settings import thresholds

    th = thresholds(db)
    stored = st_reports.stored_settings(db, list(lights.SETTINGS))
    defaults = lights.defaults()
    return [
        Setting(
            key=k,
            value=lights.setting_value(th, k),
            default=defaults[k],
            stored=k in stored,
            description=desc,
        )
        for k, (desc, _limit) in lights.SETTINGS.items()
    ]


def get_setting(db: Database, key: str) -> Setting:
    name = lights.check_key(key)
    return next(s for s in list_settings(db) if s.key == name)


class SettingChange(NamedTuple):
    """What `config set` or `config unset` did: `changed` is False when there was nothing to do."""

    action: str  # "set" | "unset"
    key: str
    value: int | None  # the new stored value; None after unset
    old: str | None  # the stored value before; None when it was the default
    default: int
    changed: bool


def set_setting(db: Database, *, key: str, value: str, by: str, at: str) -> SettingChange:
    """`config set`: store a setting as one event (undoable)."""
    from guantask.store import settings as st_settings
    from guantask.store.events import log_event

    name, number = lights.parse_setting(key, value)
    default = lights.defaults()[name]
    with db.write():
        old = st_settings.set_setting(db, name, str(number))
        if old == str(number):
            return SettingChange("set", name, number, old, default, changed=False)
        shown_old = old if old is not None else f"{default}, the default"
        log_event(
            db,
            kind="config",
            by=by,
            at=at,
            summary=f"config set {name} {number} (was {shown_old})",
            before={name: old},
            after={name: str(number)},
            undo={"key": name, "value": old, "set": str(number)},
        )
    return SettingChange("set", name, number, old, default, changed=True)


def unset_setting(db: Database, *, key: str, by: str, at: str) -> SettingChange:
    """`config unset`: back to the default, as one event (undoable)."""
    from guantask.store import reports as st_reports
    from guantask.store import settings as st_settings
    from guantask.store.events import log_event

    name = lights.check_key(key)
    with db.write():
        old = st_reports.stored_settings(db, [name]).get(name)
        default = lights.defaults()[name]
        if old is None:
            return SettingChange("unset", name, None, None, default, changed=False)
        st_settings.delete_setting(db, name)
        log_event(
            db,
            kind="config",
            by=by,
            at=at,
            summary=f"config unset {name} (was {old}; default {default})",
            before={name: old},
            after={name: None},
            undo={"key": name, "value": old, "set": None},
        )
    return SettingChange("unset", name, None, old, default, changed=True)


def undo_setting(db: Database, undo: Mapping[str, Any]) -> str:
    """Put a setting back as it was before a `config set`/`unset` (inside the caller's
    transaction); `undo` is the event's undo record {"key", "value" (None: the default), "set"
    (what the change stored; None: unset)}. Refused when the setting no longer holds what the
    change set: a later change by someone else is not reverted with it."""
    from guantask.errors import Refused
    from guantask.i18n import _
    from guantask.store import reports as st_reports
    from guantask.store import settings as st_settings

    name = lights.check_key(str(undo["key"]))
    if "set" in undo:  # events logged before 17.4 do not say what they set
        current = st_reports.stored_settings(db, [name]).get(name)
        if current != undo["set"]:
            default = _("the default {n}").format(n=lights.defaults()[name])
            raise Refused(
                _(
                    "{key} is now {current}, not {value}; a later change set it,"
                    " so this change cannot be undone"
                ).format(
                    key=name,
                    current=default if current is None else current,
                    value=default if undo["set"] is None else undo["set"],
                )
            )
    old = undo.get("value")
    if old is None:
        st_settings.delete_setting(db, name)
        return f"{name} back to its default {lights.defaults()[name]}"
    st_settings.set_setting(db, name, str(old))
    return f"{name} back to {old}"


register("config", undo=undo_setting)
