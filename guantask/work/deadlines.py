"""Deadlines of the daily work: sign-off (销号) and extension (延期), and their undo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from guantask.changes import register
from guantask.errors import Refused, UsageError
from guantask.i18n import _
from guantask.reports.lights import status_of
from guantask.store import Database
from guantask.store import work as st
from guantask.store.events import log_event
from guantask.store.plans import PlanRef
from guantask.work.inputs import NOTE_MAX, day_of, limited
from guantask.work.progress import ProgressEntry, write_progress
from guantask.work.tasks import facts_of, nos_text, tasks_phrase, unique


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
    nos = unique(task_nos)
    if not nos:
        raise UsageError(_("no task ids given"))
    note_text = limited(note, what=_("the note"), limit=NOTE_MAX)
    with db.write():
        facts = facts_of(db, plan, nos)
        signed = [no for no in nos if facts[no]["status"] == "signed-off"]
        if signed:
            message = (
                _("task {nos} is already signed off")
                if len(signed) == 1
                else _("tasks {nos} are already signed off")
            )
            raise Refused(message.format(nos=nos_text(signed)))
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
            raise Refused(message.format(nos=nos_text(open_), states=states))
        entries: list[ProgressEntry] = []
        for no in nos:
            forced = no in open_
            text = note_text
            if forced:
                text = f"forced sign-off: {note_text}" if note_text else "forced sign-off"
            entries.append(
                ProgressEntry(
                    task_no=no,
                    task_pk=facts[no]["pk"],
                    date=today.isoformat(),
                    percent=facts[no]["percent"],
                    status="signed-off",
                    note=text,
                    by=by,
                    source="given",
                )
            )
        summary = f"signed off {tasks_phrase(nos)}"
        if open_:
            summary += f" (forced: {nos_text(open_)})"
        records = write_progress(
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
    why = limited(reason, what=_("the reason"), limit=NOTE_MAX) or ""
    if not why:
        raise UsageError(_("an extension needs a reason (--reason TEXT)"))
    new_due = day_of(to, today=today, plan_year=plan.year).isoformat()
    with db.write():
        facts = facts_of(db, plan, [task_no])[task_no]
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


def undo_signoff(db: Database, undo: dict[str, Any]) -> str:
    """Revert `signoff`: remove the sign-off records."""
    n = st.delete_rows(db, "progress", undo["progress"])
    return f"removed {n} sign-off{'s' if n != 1 else ''} of {tasks_phrase(undo['tasks'])}"


def undo_extend(db: Database, undo: dict[str, Any]) -> str:
    """Revert `extend`: the old due date back, unless a later change moved it."""
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


register("signoff", undo=undo_signoff)
register("extend", undo=undo_extend)
