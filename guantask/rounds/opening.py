"""Opening a round: the round of the current period, one sheet per lead unit with open tasks.

A sheet is the `template` of the unit's tasks (its lead tasks first, then those it is
responsible for, told apart by the `role` column) with the round's columns on every row:
plan, round, unit and return_by. `collect` identifies a returned sheet by these cells, never by
its file name. Reopening the same period rewrites the sheets; the round itself is made once.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from guantask.changes import register
from guantask.errors import Refused, UsageError
from guantask.i18n import _
from guantask.rounds.periods import Period, period_of
from guantask.store import Database
from guantask.store import rounds as st
from guantask.store.events import log_event
from guantask.store.plans import PlanRef

# The columns a round adds to a template; read back by `collect` to know the sheet.
ROUND_COLUMNS = ("role", "plan", "round", "unit", "return_by")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}  # fmt: skip


@dataclass
class Sheet:
    unit: str
    lead: int
    responsible: int
    records: list[dict[str, Any]]
    file: str = ""


@dataclass
class RoundOpened:
    plan: str
    period: str
    kind: str
    starts: str
    ends: str
    due: str
    created: bool
    folder: str = ""
    archive: str | None = None
    sheets: list[Sheet] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "round": self.period,
            "period": self.kind,
            "starts": self.starts,
            "ends": self.ends,
            "due": self.due,
            "created": self.created,
            "folder": self.folder,
            "zip": self.archive,
            "sheets": [
                {"unit": s.unit, "lead": s.lead, "responsible": s.responsible, "file": s.file}
                for s in self.sheets
            ],
        }


def safe_file_name(name: str) -> str:
    """A unit's name as a file name that Windows shares and zip tools accept."""
    text = _UNSAFE.sub("_", name).strip().rstrip(". ") or "_"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text[:80]


def open_round(
    db: Database,
    plan: PlanRef,
    *,
    kind: str,
    due: date | None,
    units: Sequence[str] | None,
    today: date,
    by: str,
    now: str,
) -> RoundOpened:
    """Open (or reopen) the round of the period containing `today`; the sheets' records."""
    period = period_of(today, kind)
    deadline = due or period.default_due
    if deadline < period.starts:
        raise UsageError(
            _("the return deadline {due} is before the period {period} starts").format(
                due=deadline.isoformat(), period=period.key
            )
        )
    sheets = _sheets(db, plan, today=today)
    with db.write():
        row = st.round_by_period(db, plan.id, period.key)
        if row is not None and row["kind"] != kind:
            raise Refused(
                _("round {period} is a {kind} round").format(period=period.key, kind=row["kind"])
            )
        created = row is None
        if row is None:
            rid = st.insert_round(
                db,
                plan_id=plan.id,
                period=period.key,
                kind=kind,
                starts=period.starts.isoformat(),
                ends=period.ends.isoformat(),
                due=deadline.isoformat(),
                at=now,
            )
            _log(
                db, plan, period, by=by, now=now, undo={"round": rid, "created": True}, due=deadline
            )
        else:
            rid = row["id"]
            if due is not None and row["due"] != deadline.isoformat():
                st.set_round_due(db, rid, deadline.isoformat())
                _log(db, plan, period, by=by, now=now, due=deadline,
                     undo={"round": rid, "created": False, "due": row["due"]})  # fmt: skip
            else:
                deadline = date.fromisoformat(row["due"])
        st.put_round_units(db, rid, {s.unit: [r["id"] for r in s.records] for s in sheets})
    chosen = _chosen(sheets, units, db) if units else sheets
    for s in chosen:
        for r in s.records:
            r.update(plan=plan.doc_number, round=period.key, return_by=deadline.isoformat())
    return RoundOpened(
        plan=plan.doc_number,
        period=period.key,
        kind=kind,
        starts=period.starts.isoformat(),
        ends=period.ends.isoformat(),
        due=deadline.isoformat(),
        created=created,
        sheets=chosen,
    )


def _log(
    db: Database, plan: PlanRef, period: Period, *, by: str, now: str, due: date, undo: Any
) -> None:
    opened = undo["created"]
    summary = (
        f"opened round {period.key} (returns due {due.isoformat()})"
        if opened
        else f"moved round {period.key}'s return deadline to {due.isoformat()}"
    )
    log_event(
        db,
        kind="round-open",
        by=by,
        at=now,
        summary=summary,
        plan_id=plan.id,
        after={"round": period.key, "due": due.isoformat()},
        undo=undo,
    )


def _sheets(db: Database, plan: PlanRef, *, today: date) -> list[Sheet]:
    """One sheet per lead unit with an open task: its lead tasks, then its responsible ones."""
    from guantask.exchange.template import blank_row
    from guantask.filters.find import find_tasks

    links = st.unit_tasks(db, plan.id)
    leads = {unit for unit, _no, role in links if role == "lead"}
    rows = {r.no: r for r in find_tasks(db, plan=plan, expr=None, today=today)}
    sheets: dict[str, Sheet] = {}
    for unit, no, role in links:
        if unit not in leads or no not in rows:
            continue
        sheet = sheets.setdefault(unit, Sheet(unit, 0, 0, []))
        if any(r["id"] == no for r in sheet.records):
            continue
        r = rows[no]
        if role == "lead":
            sheet.lead += 1
        else:
            sheet.responsible += 1
        sheet.records.append({**blank_row(r), "role": role, "unit": unit})
    return [sheets[u] for u in sorted(sheets)]


def _chosen(sheets: list[Sheet], units: Sequence[str], db: Database) -> list[Sheet]:
    """The sheets of the `--unit` units (names as `template --unit` matches them)."""
    from guantask.work.assign import resolve_unit

    names = {resolve_unit(db, u) for u in units}
    chosen = [s for s in sheets if s.unit in names]
    missing = names - {s.unit for s in chosen}
    if missing:
        raise Refused(
            _("{units} leads no open task in this plan").format(units="、".join(sorted(missing)))
        )
    return chosen


def write_sheets(opened: RoundOpened, folder: Path, *, fmt: str, bundle: bool) -> None:
    """Write every sheet into `folder` (made if missing), and with `bundle` the folder's zip."""
    from guantask.exchange.template import TEMPLATE_COLUMNS, template_bytes_with
    from guantask.outfile import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    keys = TEMPLATE_COLUMNS + ROUND_COLUMNS
    files: list[tuple[str, bytes]] = []
    for s in opened.sheets:
        name = f"{safe_file_name(s.unit)}-{opened.period}.{fmt}"
        data = template_bytes_with(
            s.records, fmt=fmt, unit=s.unit, keys=keys, context=ROUND_COLUMNS
        )
        write_atomic(folder / name, data)
        s.file = str(folder / name)
        files.append((name, data))
    opened.folder = str(folder)
    if bundle:
        buf = BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files:
                zf.writestr(f"{folder.name}/{name}", data)
        target = folder.with_name(folder.name + ".zip")
        write_atomic(target, buf.getvalue())
        opened.archive = str(target)


def default_folder(opened: RoundOpened) -> Path:
    return Path(safe_file_name(f"{opened.plan}-{opened.period}"))


def undo_open(db: Database, undo: dict[str, Any]) -> str:
    """Revert `round open`: remove the round it made, or put the old deadline back."""
    row = st.round_by_id(db, undo["round"])
    if row is None:
        return "the round was already gone"
    if not undo["created"]:
        st.set_round_due(db, row["id"], undo["due"])
        return f"put round {row['period']}'s return deadline back to {undo['due']}"
    if st.current_returns(db, row["id"]):
        raise Refused(_("round {period} has returns; undo them first").format(period=row["period"]))
    st.delete_round(db, row["id"])
    return f"removed round {row['period']}"


register("round-open", undo=undo_open)
