"""Assign tasks to a contact person (or clear the assignee): one change, one event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from guantask.changes import register
from guantask.errors import AmbiguousName, UsageError, refuse_blank
from guantask.i18n import _
from guantask.people import person_name
from guantask.store import Database
from guantask.store import work as st
from guantask.store.events import log_event
from guantask.store.plans import PlanRef
from guantask.work.inputs import NOTE_MAX, day_of, limited
from guantask.work.tasks import facts_of, tasks_phrase, unique


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
    refuse_blank(unit, what="--unit")
    name = person_name(assignee, what="--to") if assignee and assignee.strip() else ""
    if clear and name:
        raise UsageError(_("--clear and --to exclude each other"))
    if not clear and not name:
        raise UsageError(_("give the assignee with --to NAME (or --clear to remove it)"))
    if clear and (unit or due):
        raise UsageError(_("--clear takes no --unit or --due"))
    nos = unique(task_nos)
    if not nos:
        raise UsageError(_("no task ids given"))
    due_iso = None
    if due is not None and due.strip():
        due_iso = day_of(due, today=today, plan_year=plan.year).isoformat()
    note_text = limited(note, what=_("the note"), limit=NOTE_MAX)
    with db.write():
        unit_name = resolve_unit(db, unit) if unit and unit.strip() else None
        facts = facts_of(db, plan, nos)
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
            summary = f"cleared the assignee of {tasks_phrase(nos)}"
        else:
            summary = f"assigned {tasks_phrase(nos)} to {name}"
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


def undo_assign(db: Database, undo: dict[str, Any]) -> str:
    """Revert `assign`: remove the assignment records it wrote."""
    n = st.delete_rows(db, "assignments", undo["assignments"])
    return f"removed {n} assignment{'s' if n != 1 else ''} of {tasks_phrase(undo['tasks'])}"


register("assign", undo=undo_assign)
