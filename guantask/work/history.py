"""The change log and undo: who changed what, and reverting one's latest change.

Each kind of change registers in `guantask.changes` how it is undone; this module only finds the
change, calls its kind's handler inside one transaction and logs the 'undo' event. No typer or
rich here.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from guantask.changes import event_nos, register, undo_handler
from guantask.errors import NotFound, Refused, refuse_blank
from guantask.i18n import _
from guantask.people import person_name
from guantask.store import Database
from guantask.store import events as st_events
from guantask.store.events import Event, last_undoable, log_event
from guantask.store.plans import PlanRef
from guantask.work.inputs import day_of
from guantask.work.tasks import facts_of


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
    refuse_blank(since, what="--since")
    refuse_blank(by, what="--by")
    since_iso = None
    if since is not None and since.strip():
        since_iso = day_of(since, today=today, plan_year=plan.year if plan else today.year)
        since_iso = since_iso.isoformat()
    authors = None
    if by is not None and by.strip():
        by = person_name(by, what="--by")
        from guantask.filters.names import match_names

        known = st_events.event_authors(db)
        if not known:
            return []
        authors = match_names(by.strip(), known, kind="user")
    if task_no is not None:
        assert plan is not None
        facts_of(db, plan, [task_no])
    return st_events.history(
        db,
        plan_id=None if plan is None else plan.id,
        task_no=task_no,
        since=since_iso,
        authors=authors,
        limit=limit,
    )


def pending_undo(db: Database, *, by: str) -> Event:
    """The change `undo` would revert: the most recent one by `by` not yet undone."""
    event = last_undoable(db, by=by)
    if event is None:
        raise NotFound(
            _("nothing to undo: {by} has made no change that can be undone").format(by=by)
        )
    if undo_handler(event.kind) is None:
        raise Refused(
            _("cannot undo a change of kind {kind!r} (#{id})").format(kind=event.kind, id=event.id)
        )
    _refuse_damaged(event)
    return event


def _refuse_damaged(event: Event) -> None:
    if event.damaged or not isinstance(event.undo, dict):
        raise Refused(
            _("cannot undo #{id}: its stored record is damaged; nothing was undone").format(
                id=event.id
            )
        )


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
        _refuse_damaged(latest)
        handler = undo_handler(event.kind)
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
            task_no=event.task_no,
            before=event.after,
            after={"tasks": event_nos(event), "reverted": event.id, "state": event.before},
            reverts=event.id,
        )
    return UndoResult(event.id, uid, event.kind, event.summary, message)


# An undo is itself a change in the log, and cannot be undone.
register("undo", undo=None)
