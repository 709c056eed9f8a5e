"""The clerk's daily work: assign, record progress (one record or a batch), sign off, extend, undo.

Every change is one `BEGIN IMMEDIATE` transaction that holds the rows it adds and exactly one
event (`store.events.log_event`) with before/after and an `undo` payload. Records are appended,
never edited; `undo` reverts a change through the handler registered for its kind in `UNDO`.
"today" is always a parameter. No typer or rich here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import InvalidOperation
from typing import Any, NamedTuple

from guantask.dates import quoted
from guantask.errors import (
    AmbiguousName,
    GuantaskError,
    NameNotFound,
    NotFound,
    Refused,
    TaskNotFound,
    UsageError,
)
from guantask.i18n import _
from guantask.models import ReportedStatus
from guantask.people import NAME_MAX as NAME_MAX
from guantask.people import person_name
from guantask.plan.numbers import scaled
from guantask.reports.lights import status_of
from guantask.store import Database
from guantask.store import events as st_events
from guantask.store import work as st
from guantask.store.events import Event, last_undoable, log_event
from guantask.store.plans import PlanRef

BATCH_COLUMNS = ("id", "percent", "status", "value", "note", "date", "by")
NUMBER_FORMS = "1200, 4.3万, 32亿, 85%, 1,200"

_NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(万亿|亿|万|%)?")
_VALUE_SEP = re.compile(r"[;；]")
_ID_SEP = re.compile(r"[\s,，、]+")


# ----- small readers -----------------------------------------------------------------------------


def parse_ids(text: str) -> list[int]:
    """Task numbers from stdin or a file: whitespace, newlines or commas between them."""
    out: list[int] = []
    for word in _ID_SEP.split(unicodedata.normalize("NFKC", text)):
        if word:
            out.append(_task_no(word))
    return out


def parse_number(text: str, *, unit: str = "") -> float:
    """A figure as people write it: 1200, 1,200, 4.3万, 32亿 (→ 3.2e9), 85%, or with the
    target's unit after it (32亿元 when the unit is 元)."""
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    if unit and s.endswith(unit) and len(s) > len(unit):
        s = s[: -len(unit)].rstrip()
    m = _NUMBER.fullmatch(s)
    if m is None:
        raise _unreadable_number(text)
    try:
        number = scaled(m[1], m[2])
    except InvalidOperation:
        raise _unreadable_number(text) from None
    return float(number)


def _unreadable_number(text: str) -> UsageError:
    return UsageError(
        _("cannot read number {number}; e.g. {forms}").format(
            number=quoted(text), forms=NUMBER_FORMS
        )
    )


def _task_no(value: Any) -> int:
    if isinstance(value, bool):
        raise UsageError(_("task id must be a number, got {value}").format(value=repr(value)))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if s.isascii() and s.isdigit():
        return int(s)
    raise UsageError(_("task id must be a number, got {value}").format(value=quoted(str(value))))


NOTE_MAX = 4000  # characters in a note or a reason


def _limited(text: str | None, *, what: str, limit: int, where: str = "") -> str | None:
    """`text` stripped (None when empty); longer than `limit` characters is a usage error."""
    value = (text or "").strip()
    if len(value) > limit:
        raise UsageError(
            where
            + _("{what} is {n} characters long; at most {limit}").format(
                what=what, n=len(value), limit=limit
            )
        )
    return value or None


def _text(value: Any) -> str:
    """A cell as text: None → '', 18.0 → '18', a date → ISO."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _optional(value: Any) -> str | None:
    text = _text(value)
    return text or None


def _percent(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    s = unicodedata.normalize("NFKC", text).strip().rstrip("%").strip()
    try:
        number = float(s)
    except ValueError:
        raise UsageError(
            _("percent must be a number from 0 to 100, got {value}").format(value=quoted(text))
        ) from None
    if not 0 <= number <= 100:
        raise UsageError(
            _("percent must be between 0 and 100, got {value}").format(value=quoted(text))
        )
    return round(number)


def _status(value: Any) -> str | None:
    text = _text(value).lower()
    if not text:
        return None
    known = [s.value for s in ReportedStatus]
    if text not in known:
        raise UsageError(
            _("unknown status {value}; one of {codes}").format(
                value=quoted(text), codes=", ".join(known)
            )
        )
    return text


def _date(value: Any, *, today: date, plan_year: int) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from guantask.dates import parse_date

    return parse_date(str(value), today=today, plan_year=plan_year)


def _nos(nos: Iterable[int]) -> str:
    items = list(nos)
    shown = ", ".join(str(n) for n in items[:8])
    return shown + (", …" if len(items) > 8 else "")


def _tasks_phrase(nos: Sequence[int]) -> str:
    return f"task {nos[0]}" if len(nos) == 1 else f"{len(nos)} tasks ({_nos(nos)})"


def _facts(db: Database, plan: PlanRef, nos: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Facts of the listed tasks; the first unknown number is `TaskNotFound`."""
    facts = st.task_facts(db, plan.id, _unique(nos))
    for no in nos:
        if no not in facts:
            raise TaskNotFound(plan=plan.doc_number, task_id=no)
    return facts


def _unique(nos: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(nos))


# ----- assign ------------------------------------------------------------------------------------


def resolve_unit(db: Database, query: str) -> str:
    """The one unit `query` names (substring, characters in order, pinyin, alias)."""
    from guantask.filters.find import name_resolver
    from guantask.store.units import unit_name

    names = [unit_name(db, i) or "" for i in name_resolver(db)("unit", query)]
    if len(names) != 1:
        raise AmbiguousName("unit", query, names)
    return names[0]


def assign(
    db: Database,
    plan: PlanRef,
    task_nos: Sequence[int],
    *,
    assignee: str | None,
    unit: str | None = None,
    due: str | None = None,
    note: str | None = None,
    clear: bool = False,
    today: date,
    by: str,
    now: str,
) -> list[dict[str, Any]]:
    """Assign tasks to a contact person (or clear the assignee), all in one transaction.

    `due` is the assignee's internal deadline, kept with the assignment; the task's official
    due date changes only with `extend`. Returns the assignment records written.
    """
    name = person_name(assignee, what="--to") if assignee and assignee.strip() else ""
    if clear and name:
        raise UsageError(_("--clear and --to exclude each other"))
    if not clear and not name:
        raise UsageError(_("give the assignee with --to NAME (or --clear to remove it)"))
    if clear and (unit or due):
        raise UsageError(_("--clear takes no --unit or --due"))
    nos = _unique(task_nos)
    if not nos:
        raise UsageError(_("no task ids given"))
    due_iso = None
    if due is not None and due.strip():
        due_iso = _date(due, today=today, plan_year=plan.year).isoformat()
    note_text = _limited(note, what=_("the note"), limit=NOTE_MAX)
    with db.write():
        unit_name = resolve_unit(db, unit) if unit and unit.strip() else None
        facts = _facts(db, plan, nos)
        before: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        for no in nos:
            pk = facts[no]["pk"]
            old = st.latest_assignment(db, pk)
            before.append({"task": no, **(old or {"assignee": None})})
            aid = st.insert_assignment(
                db,
                task_pk=pk,
                assignee=name or None,
                unit=unit_name,
                due=due_iso,
                note=note_text,
                by=by,
                at=now,
            )
            records.append(
                {
                    "id": aid,
                    "task": no,
                    "plan": plan.doc_number,
                    "assignee": name or None,
                    "unit": unit_name,
                    "due": due_iso,
                    "note": note_text,
                    "by": by,
                    "at": now,
                }
            )
        if clear:
            summary = f"cleared the assignee of {_tasks_phrase(nos)}"
        else:
            summary = f"assigned {_tasks_phrase(nos)} to {name}"
            if unit_name:
                summary += f" ({unit_name})"
        log_event(
            db,
            kind="assign",
            by=by,
            at=now,
            summary=summary,
            plan_id=plan.id,
            task_no=nos[0] if len(nos) == 1 else None,
            before={"tasks": nos, "assignments": before},
            after={"tasks": nos, "assignments": records},
            undo={"tasks": nos, "assignments": [r["id"] for r in records]},
        )
    return records


# ----- progress ----------------------------------------------------------------------------------


class ProgressEntry(NamedTuple):
    """One validated progress record, ready to be written."""

    task: int
    task_pk: int
    date: str
    percent: int
    status: str
    note: str | None
    by: str
    derived: bool  # percent derived from the targets
    values: tuple[dict[str, Any], ...] = ()  # target_id, metric, value, unit, as_written


class BatchInvalid(GuantaskError):
    """Some rows of a batch are bad; `problems` are (line, message), every one of them."""

    def __init__(self, problems: list[tuple[int, str]], *, source: str) -> None:
        n = len(problems)
        message = (
            _("{n} bad row in {source}; nothing was written")
            if n == 1
            else _("{n} bad rows in {source}; nothing was written")
        )
        super().__init__(message.format(n=n, source=source))
        self.problems = problems
        self.source = source


class _Preparer:
    """Validates progress rows against the database (inside the write transaction).

    Remembers the rows already prepared in the same batch, so that a later row of the same task
    derives its percent from the values of earlier rows too.
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

    def prepare(self, row: Mapping[str, Any]) -> ProgressEntry:
        if not _text(row.get("id")):
            raise UsageError(_("task id is missing"))
        no = _task_no(row.get("id"))
        facts = _facts(self.db, self.plan, [no])[no]
        if facts["status"] == "signed-off" and not self.reopen:
            raise Refused(
                _("task {no} is signed off; add --reopen to record progress on it again").format(
                    no=no
                )
            )
        percent = _percent(row.get("percent"))
        status = _status(row.get("status"))
        if status == "done" and percent is not None and percent != 100:
            raise UsageError(
                _("status done means 100%; percent {percent} contradicts it").format(
                    percent=percent
                )
            )
        day_text = _text(row.get("date"))
        day = (
            _date(row.get("date"), today=self.today, plan_year=self.plan.year)
            if day_text
            else self.today
        )
        if day > self.today:
            raise Refused(
                _(
                    "date {date} is after today ({today}); "
                    "progress is recorded for days that have passed"
                ).format(date=day.isoformat(), today=self.today.isoformat())
            )
        values = self.values(no, facts["pk"], row.get("value"))
        derived = False
        if status == "done":
            percent = 100
        elif percent is None:
            percent = self.derive(facts["pk"], day.isoformat(), values)
            if percent is None:
                why = (
                    _("it has no quantitative targets")
                    if not self.targets(facts["pk"])
                    else _("no target values are recorded yet")
                )
                raise UsageError(
                    _(
                        "give a percent for task {no}: it cannot be derived from targets ({why})"
                    ).format(no=no, why=why)
                )
            derived = True
        if status is None:
            status = "done" if percent == 100 else "on-track"
        note = _limited(_optional(row.get("note")), what=_("the note"), limit=NOTE_MAX)
        entry = ProgressEntry(
            task=no,
            task_pk=facts["pk"],
            date=day.isoformat(),
            percent=percent,
            status=status,
            note=note,
            by=person_name(by_cell, what="by") if (by_cell := _text(row.get("by"))) else self.by,
            derived=derived,
            values=tuple(values),
        )
        self._seq += 1
        order = 1e18 + self._seq  # after every stored record of the same date
        self.actuals(facts["pk"]).extend(
            (entry.date, order, v["target_id"], v["value"]) for v in values
        )
        return entry

    def values(self, no: int, pk: int, raw: Any) -> list[dict[str, Any]]:
        """`METRIC=NUMBER` items (a list, or one text with items separated by ';')."""
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else list(raw)
        parts = [p.strip() for item in items for p in _VALUE_SEP.split(_text(item)) if p.strip()]
        if not parts:
            return []
        targets = self.targets(pk)
        if not targets:
            raise Refused(
                _("task {no} has no quantitative targets to record values against").format(no=no)
            )
        labels = _target_labels(targets)
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
                }
            )
        return out

    def derive(self, pk: int, day: str, values: list[dict[str, Any]]) -> int | None:
        """Mean over targets with an actual (this record's, else the latest one up to `day`) of
        min(100, actual ÷ target × 100); None when no target has an actual."""
        latest: dict[int, tuple[str, float, float]] = {}
        for d, order, tid, v in self.actuals(pk):
            if d <= day and (tid not in latest or (d, order) >= latest[tid][:2]):
                latest[tid] = (d, order, v)
        actual = {tid: v for tid, (_d, _o, v) in latest.items()}
        actual.update({v["target_id"]: v["value"] for v in values})
        ratios = [
            min(100.0, max(0.0, actual[t["id"]] / t["value"] * 100.0))
            for t in self.targets(pk)
            if t["id"] in actual and t["value"] > 0
        ]
        if not ratios:
            return None
        return round(sum(ratios) / len(ratios))


def _target_labels(targets: Sequence[dict[str, Any]]) -> list[str]:
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
    row: Mapping[str, Any],
    *,
    today: date,
    by: str,
    now: str,
    reopen: bool = False,
) -> list[dict[str, Any]]:
    """Append one progress record. `row` has the batch columns (id, percent, status, value,
    note, date, by); `value` is a list of METRIC=NUMBER or one text separated by ';'."""
    with db.write():
        entry = _Preparer(db, plan, today, by, reopen).prepare(row)
        return _write_progress(db, plan, [entry], by=by, now=now, source=None)


def read_csv_rows(text: str, *, source: str) -> tuple[list[dict[str, str]], list[int]]:
    """Rows of a batch CSV (header required, blank rows skipped) and their line numbers."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    start = 1
    for cells in _csv_rows(reader, source=source):
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [unicodedata.normalize("NFKC", c).strip().lower() for c in cells]
            if "id" not in header:
                raise BatchInvalid(
                    [
                        (
                            line,
                            _("the first row must be the header: {columns}").format(
                                columns=",".join(BATCH_COLUMNS)
                            ),
                        )
                    ],
                    source=source,
                )
            continue
        rows.append(
            {
                name: (cells[i] if i < len(cells) else "")
                for i, name in enumerate(header)
                if name in BATCH_COLUMNS
            }
        )
        lines.append(line)
    if header is None:
        raise BatchInvalid([(1, _("empty file; expected a header row"))], source=source)
    return rows, lines


def _csv_rows(reader: Any, *, source: str) -> Iterable[list[str]]:
    """The rows of a csv.reader; a row the csv module refuses (a field over its size limit)
    is a bad row of the batch, not a crash."""
    import csv

    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problem = (reader.line_num, _("not a readable CSV row: {reason}").format(reason=err))
            raise BatchInvalid([problem], source=source) from None


def validate_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    db: Database,
    plan: PlanRef,
    today: date,
    by: str,
    reopen: bool = False,
    lines: Sequence[int] | None = None,
    source: str = "batch",
) -> list[ProgressEntry]:
    """Validate every row of a batch (call inside `db.write()`); all bad rows at once.

    `rows` map the batch columns (id, percent, status, value, note, date, by; others ignored)
    to text or to cell values (int, float, date from a spreadsheet). `lines` are the rows' line
    numbers in the source (default: row i is on line i + 2, after the header). Raises
    `BatchInvalid` listing (line, message) for every bad row.
    """
    numbers = list(lines) if lines is not None else [i + 2 for i in range(len(rows))]
    prep = _Preparer(db, plan, today, by, reopen)
    entries: list[ProgressEntry] = []
    problems: list[tuple[int, str]] = []
    for line, row in zip(numbers, rows, strict=True):
        try:
            entries.append(prep.prepare(row))
        except GuantaskError as err:
            problems.append((line, str(err)))
    if problems:
        raise BatchInvalid(problems, source=source)
    if not entries:
        raise BatchInvalid([(1, _("no rows to record"))], source=source)
    return entries


def record_batch(
    db: Database,
    plan: PlanRef,
    rows: Sequence[Mapping[str, Any]],
    *,
    today: date,
    by: str,
    now: str,
    source: str,
    lines: Sequence[int] | None = None,
    reopen: bool = False,
) -> list[dict[str, Any]]:
    """Validate every row, then write them all in one transaction (or nothing)."""
    with db.write():
        entries = validate_rows(
            rows, db=db, plan=plan, today=today, by=by, reopen=reopen, lines=lines, source=source
        )
        return _write_progress(db, plan, entries, by=by, now=now, source=source)


def _progress_record(entry: ProgressEntry, pid: int, plan: PlanRef, now: str) -> dict[str, Any]:
    return {
        "id": pid,
        "task": entry.task,
        "plan": plan.doc_number,
        "date": entry.date,
        "percent": entry.percent,
        "status": entry.status,
        "derived": entry.derived,
        "note": entry.note,
        "by": entry.by,
        "at": now,
        "values": [
            {k: v[k] for k in ("metric", "value", "unit", "as_written", "target")}
            for v in entry.values
        ],
    }


def _write_progress(
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
) -> list[dict[str, Any]]:
    nos = _unique(e.task for e in entries)
    facts = st.task_facts(db, plan.id, nos)
    before = [
        {"task": no, "status": status_of(facts[no]["status"]), "percent": facts[no]["percent"]}
        for no in nos
    ]
    records: list[dict[str, Any]] = []
    for i, e in enumerate(entries):
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
        records.append({**_progress_record(e, pid, plan, now), **(extras[i] if extras else {})})
    if summary is None:
        if len(entries) == 1:
            e = entries[0]
            summary = f"recorded progress on task {e.task}: {e.percent}% {e.status}"
        else:
            summary = f"recorded {len(entries)} progress records on {_tasks_phrase(nos)}"
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
        after={"tasks": nos, "records": records},
        undo={"tasks": nos, "progress": [r["id"] for r in records]},
    )
    return records


# ----- sign-off and extension --------------------------------------------------------------------


def sign_off(
    db: Database,
    plan: PlanRef,
    task_nos: Sequence[int],
    *,
    note: str | None = None,
    force: bool = False,
    today: date,
    by: str,
    now: str,
) -> list[dict[str, Any]]:
    """Sign off (销号) tasks: a 'signed-off' progress record each, in one transaction.

    Only tasks reported done, unless `force`; a forced sign-off says so in its note and in the
    event. The record keeps the task's current percent.
    """
    nos = _unique(task_nos)
    if not nos:
        raise UsageError(_("no task ids given"))
    note_text = _limited(note, what=_("the note"), limit=NOTE_MAX)
    with db.write():
        facts = _facts(db, plan, nos)
        signed = [no for no in nos if facts[no]["status"] == "signed-off"]
        if signed:
            message = (
                _("task {nos} is already signed off")
                if len(signed) == 1
                else _("tasks {nos} are already signed off")
            )
            raise Refused(message.format(nos=_nos(signed)))
        open_ = [no for no in nos if facts[no]["status"] != "done"]
        if open_ and not force:
            states = ", ".join(
                f"{no}: {status_of(facts[no]['status'])} {facts[no]['percent']}%"
                for no in open_[:8]
            )
            message = (
                _("task {nos} is not done ({states}); use --force to sign off anyway")
                if len(open_) == 1
                else _("tasks {nos} are not done ({states}); use --force to sign off anyway")
            )
            raise Refused(message.format(nos=_nos(open_), states=states))
        entries: list[ProgressEntry] = []
        for no in nos:
            forced = no in open_
            text = note_text
            if forced:
                text = f"forced sign-off: {note_text}" if note_text else "forced sign-off"
            entries.append(
                ProgressEntry(
                    task=no,
                    task_pk=facts[no]["pk"],
                    date=today.isoformat(),
                    percent=facts[no]["percent"],
                    status="signed-off",
                    note=text,
                    by=by,
                    derived=False,
                )
            )
        summary = f"signed off {_tasks_phrase(nos)}"
        if open_:
            summary += f" (forced: {_nos(open_)})"
        records = _write_progress(
            db,
            plan,
            entries,
            by=by,
            now=now,
            source=None,
            kind="signoff",
            summary=summary,
            extras=[{"forced": no in open_} for no in nos],
        )
    return records


def extend(
    db: Database,
    plan: PlanRef,
    task_no: int,
    *,
    to: str,
    reason: str,
    today: date,
    by: str,
    now: str,
) -> dict[str, Any]:
    """Extend (延期) a task: a later due date, the old one kept in an extension record."""
    why = _limited(reason, what=_("the reason"), limit=NOTE_MAX) or ""
    if not why:
        raise UsageError(_("an extension needs a reason (--reason TEXT)"))
    new_due = _date(to, today=today, plan_year=plan.year).isoformat()
    with db.write():
        facts = _facts(db, plan, [task_no])[task_no]
        if facts["status"] == "signed-off":
            raise Refused(
                _("task {no} is signed off; an extension would change nothing").format(no=task_no)
            )
        old_due = facts["due"]
        if new_due <= old_due:
            raise Refused(
                _(
                    "task {no} is due {due}; an extension must move the due date later (got {new})"
                ).format(no=task_no, due=old_due, new=new_due)
            )
        st.set_due(db, facts["pk"], new_due)
        xid = st.insert_extension(
            db, task_pk=facts["pk"], old_due=old_due, new_due=new_due, reason=why, by=by, at=now
        )
        record = {
            "id": xid,
            "task": task_no,
            "plan": plan.doc_number,
            "old_due": old_due,
            "new_due": new_due,
            "reason": why,
            "by": by,
            "at": now,
        }
        log_event(
            db,
            kind="extend",
            by=by,
            at=now,
            summary=f"extended task {task_no} from {old_due} to {new_due}: {why}",
            plan_id=plan.id,
            task_no=task_no,
            before={"tasks": [task_no], "due": old_due},
            after={"tasks": [task_no], "due": new_due, "reason": why, "extension": xid},
            undo={
                "tasks": [task_no],
                "task_pk": facts["pk"],
                "extension": xid,
                "old_due": old_due,
                "new_due": new_due,
            },
        )
    return record


# ----- history -----------------------------------------------------------------------------------


def history(
    db: Database,
    *,
    plan: PlanRef | None,
    task_no: int | None = None,
    since: str | None = None,
    by: str | None = None,
    today: date,
    limit: int | None = None,
) -> list[Event]:
    """The change log, oldest first: one plan's (or all), one task's, since a date, by someone.

    `by` matches authors like names (exact, part of the name, characters in order).
    """
    since_iso = None
    if since is not None and since.strip():
        since_iso = _date(since, today=today, plan_year=plan.year if plan else today.year)
        since_iso = since_iso.isoformat()
    authors = None
    if by is not None and by.strip():
        from guantask.filters.names import match_names

        by = person_name(by, what="--by")

        known = st_events.event_authors(db)
        if not known:
            return []
        authors = match_names(by.strip(), known, kind="user")
    if task_no is not None:
        assert plan is not None
        _facts(db, plan, [task_no])
    return st_events.history(
        db,
        plan_id=None if plan is None else plan.id,
        task_no=task_no,
        since=since_iso,
        authors=authors,
        limit=limit,
    )


def event_tasks(event: Event) -> list[int]:
    """The task numbers an event touched (from its `after`, else its task)."""
    after = event.after
    if event.kind != "import" and isinstance(after, dict) and isinstance(after.get("tasks"), list):
        return [int(n) for n in after["tasks"]]
    return [] if event.task is None else [event.task]


# ----- undo --------------------------------------------------------------------------------------

UndoHandler = Callable[[Database, dict[str, Any]], str]


def _undo_assign(db: Database, undo: dict[str, Any]) -> str:
    n = st.delete_rows(db, "assignments", undo["assignments"])
    return f"removed {n} assignment{'s' if n != 1 else ''} of {_tasks_phrase(undo['tasks'])}"


def _undo_progress(db: Database, undo: dict[str, Any]) -> str:
    n = st.delete_rows(db, "progress", undo["progress"])
    return f"removed {n} progress record{'s' if n != 1 else ''} of {_tasks_phrase(undo['tasks'])}"


def _undo_signoff(db: Database, undo: dict[str, Any]) -> str:
    n = st.delete_rows(db, "progress", undo["progress"])
    return f"removed {n} sign-off{'s' if n != 1 else ''} of {_tasks_phrase(undo['tasks'])}"


def _undo_extend(db: Database, undo: dict[str, Any]) -> str:
    row = st.extension_row(db, undo["extension"])
    no = undo["tasks"][0]
    if row is None:
        return f"the extension of task {no} is already gone"
    current = st.task_due(db, row["task_id"])
    if current != undo["new_due"]:
        raise Refused(
            _(
                "task {no} is now due {current}, not {due}; a later change moved it,"
                " so this extension cannot be undone"
            ).format(no=no, current=current, due=undo["new_due"])
        )
    st.set_due(db, row["task_id"], undo["old_due"])
    st.delete_rows(db, "extensions", [undo["extension"]])
    return f"task {no} is due {undo['old_due']} again"


def _undo_import(db: Database, undo: dict[str, Any]) -> str:
    from guantask.plan.importer import undo_import

    return undo_import(db, undo)


# Event kind → handler that reverts it inside the caller's transaction and says what it did.
# The kinds of other modules are added below, imported only when such an undo runs.
UNDO: dict[str, UndoHandler] = {
    "assign": _undo_assign,
    "progress": _undo_progress,
    "signoff": _undo_signoff,
    "extend": _undo_extend,
    "import": _undo_import,
}


def _lazy_undo(module: str, name: str) -> UndoHandler:
    """A handler that imports its module only when an undo of that kind runs."""

    def handler(db: Database, undo: dict[str, Any]) -> str:
        import importlib

        return str(getattr(importlib.import_module(module), name)(db, undo))

    return handler


UNDO.update(
    {
        "alias": _lazy_undo("guantask.filters.units", "undo_alias"),
        "unalias": _lazy_undo("guantask.filters.units", "undo_unalias"),
        "merge": _lazy_undo("guantask.filters.units", "undo_merge"),
        "config": _lazy_undo("guantask.reports", "undo_setting"),
    }
)


def pending_undo(db: Database, *, by: str) -> Event:
    """The change `undo` would revert: the most recent one by `by` not yet undone."""
    event = last_undoable(db, by=by)
    if event is None:
        raise NotFound(
            _("nothing to undo: {by} has made no change that can be undone").format(by=by)
        )
    if event.kind not in UNDO:
        raise Refused(
            _("cannot undo a change of kind {kind!r} (#{id})").format(kind=event.kind, id=event.id)
        )
    return event


class UndoResult(NamedTuple):
    event: int
    undo_event: int
    kind: str
    summary: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "undo_event": self.undo_event,
            "kind": self.kind,
            "summary": self.summary,
            "message": self.message,
        }


def undo(db: Database, event: Event, *, by: str, now: str) -> UndoResult:
    """Revert `event` (the one `pending_undo` showed) and log an 'undo' event, in one transaction.

    Refused when another change of `by` came in between (run undo again to see it).
    """
    with db.write():
        latest = last_undoable(db, by=by)
        if latest is None or latest.id != event.id:
            raise Refused(
                _("the latest change changed meanwhile; nothing was undone, run undo again")
            )
        handler = UNDO.get(event.kind)
        if handler is None:
            raise Refused(
                _("cannot undo a change of kind {kind!r} (#{id})").format(
                    kind=event.kind, id=event.id
                )
            )
        from guantask.store.plans import plan_id_by_doc

        plan_id = None if event.plan is None else plan_id_by_doc(db, event.plan)
        message = handler(db, event.undo)
        if plan_id is not None and plan_id_by_doc(db, event.plan or "") is None:
            plan_id = None  # the undo removed the plan itself
        uid = log_event(
            db,
            kind="undo",
            by=by,
            at=now,
            summary=f"undid #{event.id} ({event.summary}): {message}",
            plan_id=plan_id,
            task_no=event.task,
            before=event.after,
            after={"tasks": event_tasks(event), "reverted": event.id, "state": event.before},
            reverts=event.id,
        )
    return UndoResult(event.id, uid, event.kind, event.summary, message)
