"""Progress records: check one input against its task (percent derived from the targets when
not given), write records with their target values in one change, and undo them.

Records are appended, never edited. A batch (`work.batch`) checks every input through the same
`Preparer` before it writes any. No typer or rich here.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from guantask.changes import register
from guantask.dates import quoted
from guantask.errors import AmbiguousName, NameNotFound, Refused, UsageError
from guantask.i18n import _
from guantask.plan.kinds import is_cumulative, on_track
from guantask.reports.lights import status_of
from guantask.store import Database
from guantask.store import work as st
from guantask.store.events import log_event
from guantask.store.plans import PlanRef
from guantask.work.inputs import (
    DERIVED_MAX,
    NOTE_MAX,
    ProgressInput,
    cell_text,
    day_of,
    half_up,
    limited,
    parse_number,
)
from guantask.work.tasks import facts_of, tasks_phrase, unique

_VALUE_SEP = re.compile(r"[;；]")


class ProgressEntry(NamedTuple):
    """One validated progress record, ready to be written."""

    task: int
    task_pk: int
    date: str
    percent: int
    status: str
    note: str | None
    by: str
    source: str  # where the percent comes from: given, derived (targets) or carried
    values: tuple[dict[str, Any], ...] = ()  # target_id, metric, value, unit, as_written


class Preparer:
    """Checks progress inputs against the database (inside the write transaction).

    Remembers the inputs already prepared in the same batch, so that a later row of the same
    task derives its percent from the values of earlier rows too.
    """

    def __init__(
        self, db: Database, plan: PlanRef, today: date, by: str, reopen: bool = False
    ) -> None:
        self.db = db
        self.plan = plan
        self.today = today
        self.by = by
        self.reopen = reopen
        self._targets: dict[int, list[dict[str, Any]]] = {}
        self._actuals: dict[int, list[tuple[str, float, int, float]]] = {}
        self._last: dict[int, tuple[int, str | None]] = {}
        self._seq = 0

    def targets(self, pk: int) -> list[dict[str, Any]]:
        if pk not in self._targets:
            self._targets[pk] = st.task_targets(self.db, pk)
        return self._targets[pk]

    def actuals(self, pk: int) -> list[tuple[str, float, int, float]]:
        """(date, order, target id, value) of every actual so far, batch rows included."""
        if pk not in self._actuals:
            self._actuals[pk] = [
                (d, float(pid), tid, v) for d, pid, tid, v in st.recorded_actuals(self.db, pk)
            ]
        return self._actuals[pk]

    def prepare(self, given: ProgressInput) -> ProgressEntry:
        """`given` checked against its task: the entry to write, or the first problem."""
        no = given.task
        facts = facts_of(self.db, self.plan, [no])[no]
        if facts["status"] == "signed-off" and not self.reopen:
            raise Refused(
                _("task {no} is signed off; add --reopen to record progress on it again").format(
                    no=no
                )
            )
        percent, status = given.percent, given.status
        if percent is None and status is None and not given.values and not given.note:
            raise UsageError(
                _(
                    "nothing to record for task {no}: give a percent, a status, a value or a note"
                ).format(no=no)
            )
        if percent is not None and not 0 <= percent <= 100:
            raise UsageError(
                _("percent must be between 0 and 100, got {value}").format(
                    value=quoted(str(percent))
                )
            )
        if status == "done" and percent is not None and percent != 100:
            raise UsageError(
                _("status done means 100%; percent {percent} contradicts it").format(
                    percent=percent
                )
            )
        day = (
            self.today
            if given.date is None or not cell_text(given.date)
            else day_of(given.date, today=self.today, plan_year=self.plan.year)
        )
        check_day(day, today=self.today, issued=self.plan.issued)
        pk = facts["pk"]
        values = self.values(no, pk, given.values)
        last_percent, last_status = self.last(pk, facts)
        source = "given"
        if status == "done":
            percent = 100
        elif percent is None:
            percent = self.derive(pk, day.isoformat(), values)
            source = "derived"
            if percent is None:
                percent, source = last_percent, "carried"
        if status is None and source == "derived" and last_status == "done":
            percent, source = last_percent, "carried"  # a figure neither finishes nor reopens
        if status is None:
            if source == "given":
                status = "done" if percent == 100 else "on-track"
            elif last_status in (None, "signed-off"):
                status = "on-track"
            else:
                status = last_status
        note = limited(given.note, what=_("the note"), limit=NOTE_MAX)
        entry = ProgressEntry(
            task=no,
            task_pk=facts["pk"],
            date=day.isoformat(),
            percent=percent,
            status=status,
            note=note,
            by=given.by or self.by,
            source=source,
            values=tuple(values),
        )
        self._seq += 1
        order = 1e18 + self._seq  # after every stored record of the same date
        self.actuals(pk).extend((entry.date, order, v["target_id"], v["value"]) for v in values)
        self._last[pk] = (percent, status)
        return entry

    def last(self, pk: int, facts: Mapping[str, Any]) -> tuple[int, str | None]:
        """The task's latest percent and status: an earlier row of this batch, else the
        stored latest record (0 and None when there is none)."""
        if pk in self._last:
            return self._last[pk]
        return int(facts["percent"] or 0), facts["status"]

    def values(self, no: int, pk: int, items: Sequence[str]) -> list[dict[str, Any]]:
        """`METRIC=NUMBER` items (an item may hold several, separated by ';')."""
        parts = [p.strip() for item in items for p in _VALUE_SEP.split(item) if p.strip()]
        if not parts:
            return []
        targets = self.targets(pk)
        if not targets:
            raise Refused(
                _("task {no} has no quantitative targets to record values against").format(no=no)
            )
        labels = target_labels(targets)
        out: list[dict[str, Any]] = []
        seen: set[int] = set()
        for part in parts:
            metric, sep, number = unicodedata.normalize("NFKC", part).rpartition("=")
            if not sep or not metric.strip() or not number.strip():
                raise UsageError(
                    _("a value is METRIC=NUMBER, e.g. 5G基站=1200; got {value}").format(
                        value=quoted(part)
                    )
                )
            from guantask.filters.names import match_names

            try:
                found = match_names(metric.strip(), labels, kind="metric")
            except NameNotFound as err:
                err.message = _(
                    "no metric of task {no} matches {metric!r}; its metrics: {metrics}"
                ).format(no=no, metric=metric.strip(), metrics="、".join(labels))
                raise
            if len(found) > 1:
                raise AmbiguousName("metric", metric.strip(), found)
            target = targets[labels.index(found[0])]
            if target["id"] in seen:
                raise UsageError(_("metric {metric} is given twice").format(metric=found[0]))
            seen.add(target["id"])
            written = part.replace("＝", "=").rpartition("=")[2].strip()
            out.append(
                {
                    "target_id": target["id"],
                    "metric": target["metric"],
                    "value": parse_number(number, unit=target["unit"]),
                    "unit": target["unit"],
                    "as_written": written,
                    "target": target["value"],
                    "kind": target["kind"],
                }
            )
        return out

    def derive(self, pk: int, day: str, values: list[dict[str, Any]]) -> int | None:
        """A percent from the figures of cumulative targets (`plan.targets.is_cumulative`),
        when this record gives one: the mean over cumulative targets with an actual (this
        record's, else the latest up to `day`) of actual ÷ target, each capped at 100, the
        mean capped at DERIVED_MAX (only the clerk says done). None when this record has no
        figure of a cumulative target: rates and levels are judged at the period's end."""
        targets = [t for t in self.targets(pk) if is_cumulative(t["kind"], t["unit"])]
        ids = {t["id"] for t in targets}
        if not any(v["target_id"] in ids for v in values):
            return None
        latest: dict[int, tuple[str, float, float]] = {}
        for d, order, tid, v in self.actuals(pk):
            if d <= day and (tid not in latest or (d, order) >= latest[tid][:2]):
                latest[tid] = (d, order, v)
        actual = {tid: v for tid, (_d, _o, v) in latest.items()}
        actual.update({v["target_id"]: v["value"] for v in values})
        ratios = [
            min(100.0, max(0.0, actual[t["id"]] / t["value"] * 100.0))
            for t in targets
            if t["id"] in actual and t["value"] > 0
        ]
        if not ratios:
            return None
        return min(DERIVED_MAX, half_up(sum(ratios) / len(ratios)))


def check_day(day: date, *, today: date, issued: str) -> None:
    """A progress date is a day that has passed and not before the plan was issued."""
    if day > today:
        raise Refused(
            _(
                "date {date} is after today ({today}); "
                "progress is recorded for days that have passed"
            ).format(date=day.isoformat(), today=today.isoformat())
        )
    if issued and day.isoformat() < issued:
        raise Refused(
            _("date {date} is before the plan was issued ({issued})").format(
                date=day.isoformat(), issued=issued
            )
        )


def target_labels(targets: Sequence[dict[str, Any]]) -> list[str]:
    """Names to match a metric against; a metric the task has twice gets its wording added."""
    counts: dict[str, int] = {}
    for t in targets:
        counts[t["metric"]] = counts.get(t["metric"], 0) + 1
    labels: list[str] = []
    for i, t in enumerate(targets):
        if counts[t["metric"]] == 1:
            labels.append(t["metric"])
        else:
            label = f"{t['metric']}（{t['as_written'] or t['value']}）"
            labels.append(label if label not in labels else f"{label}#{i + 1}")
    return labels


def record_progress(
    db: Database,
    plan: PlanRef,
    given: ProgressInput,
    *,
    today: date,
    by: str,
    now: str,
    reopen: bool = False,
) -> list[dict[str, Any]]:
    """Append one progress record (checked against its task) in one change."""
    with db.write():
        entry = Preparer(db, plan, today, by, reopen).prepare(given)
        return write_progress(db, plan, [entry], by=by, now=now, source=None)


def insert_entries(
    db: Database, plan: PlanRef, entries: Sequence[ProgressEntry], *, now: str
) -> list[dict[str, Any]]:
    """Insert the entries' progress records (inside the caller's transaction); their records."""
    records: list[dict[str, Any]] = []
    for e in entries:
        pid = st.insert_progress(
            db,
            task_pk=e.task_pk,
            date=e.date,
            percent=e.percent,
            status=e.status,
            note=e.note,
            by=e.by,
            at=now,
            values=[(v["target_id"], v["value"], v["as_written"]) for v in e.values],
        )
        records.append(progress_record(e, pid, plan, now))
    return records


def progress_record(entry: ProgressEntry, pid: int, plan: PlanRef, now: str) -> dict[str, Any]:
    return {
        "id": pid,
        "task": entry.task,
        "plan": plan.doc_number,
        "date": entry.date,
        "percent": entry.percent,
        "status": entry.status,
        "derived": entry.source == "derived",
        "percent_from": entry.source,
        "note": entry.note,
        "by": entry.by,
        "at": now,
        "values": [
            {
                **{k: v[k] for k in ("metric", "value", "unit", "as_written", "target", "kind")},
                "cumulative": is_cumulative(v["kind"], v["unit"]),
                "on_track": None
                if is_cumulative(v["kind"], v["unit"])
                else on_track(v["kind"], v["value"], v["target"]),
            }
            for v in entry.values
        ],
    }


def write_progress(
    db: Database,
    plan: PlanRef,
    entries: Sequence[ProgressEntry],
    *,
    by: str,
    now: str,
    source: str | None,
    kind: str = "progress",
    summary: str | None = None,
    extras: Sequence[Mapping[str, Any]] | None = None,
    file: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Append the entries' records in one change; `file` (name, sha256) is the batch file
    they came from, kept with the change so that the same file is not recorded twice."""
    nos = unique(e.task for e in entries)
    facts = st.task_facts(db, plan.id, nos)
    before = [
        {"task": no, "status": status_of(facts[no]["status"]), "percent": facts[no]["percent"]}
        for no in nos
    ]
    records = [
        {**r, **(extras[i] if extras else {})}
        for i, r in enumerate(insert_entries(db, plan, entries, now=now))
    ]
    if summary is None:
        if len(entries) == 1:
            e = entries[0]
            summary = f"recorded progress on task {e.task}: {e.percent}% {e.status}"
        else:
            summary = f"recorded {len(entries)} progress records on {tasks_phrase(nos)}"
            if source:
                summary += f" from {source}"
    log_event(
        db,
        kind=kind,
        by=by,
        at=now,
        summary=summary,
        plan_id=plan.id,
        task_no=nos[0] if len(nos) == 1 else None,
        before={"tasks": nos, "records": before},
        after={"tasks": nos, "records": records, **({"file": dict(file)} if file else {})},
        undo={"tasks": nos, "progress": [r["id"] for r in records]},
    )
    return records


def undo_progress(db: Database, undo: dict[str, Any]) -> str:
    """Revert `record-progress`: remove the records it wrote."""
    n = st.delete_rows(db, "progress", undo["progress"])
    return f"removed {n} progress record{'s' if n != 1 else ''} of {tasks_phrase(undo['tasks'])}"


register("progress", undo=undo_progress)
