"""History and undo of changes: each kind of change registers here how it is described and undone.

A module that logs events of a kind (`store.events.log_event(kind=...)`) registers that kind with
`register`: how to name the tasks an event touched (`nos`, default: the `tasks` list of its
`after`) and how to revert it (`undo`, None when it cannot be undone). The modules that register
are listed once, in `REGISTRANTS`; `kind_of` imports a kind's module only when it meets that
kind, so a command loads only what the events it meets need. No typer or rich here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # kept out of the import: a registrant loads this module at its own import
    from collections.abc import Callable

    from guantask.store import Database
    from guantask.store.events import Event

    UndoHandler = Callable[[Database, dict[str, Any]], str]
    NosOf = Callable[[Event], list[int]]

# Kind → the module that registers it; `kind_of` imports that module the first time it meets
# the kind, so a command loads only the modules of the kinds it sees. A new kind of change adds
# its line here (tests/test_changes.py checks the table against the source and the database).
REGISTRANTS: dict[str, str] = {
    "import": "guantask.plan.importer",
    "assign": "guantask.work.assign",
    "progress": "guantask.work.progress",
    "signoff": "guantask.work.deadlines",
    "extend": "guantask.work.deadlines",
    "config": "guantask.reports.settings",
    "alias": "guantask.filters.units",
    "unalias": "guantask.filters.units",
    "merge": "guantask.filters.units",
    "undo": "guantask.work.history",
    "round-open": "guantask.rounds.opening",
    "round-return": "guantask.rounds.collect",
    "round-replace": "guantask.rounds.collect",
}


def after_nos(event: Event) -> list[int]:
    """The task numbers in an event's `after` (a list under "tasks"), else its one task (an
    import's `after` counts its tasks: it names a task only when it has one)."""
    after = event.after
    if isinstance(after, dict) and isinstance(after.get("tasks"), list):
        return [int(n) for n in after["tasks"]]
    return [] if event.task_no is None else [event.task_no]


class ChangeKind(NamedTuple):
    """One kind of change: its name in the events table, its task numbers, its undo (None: none)."""

    name: str
    undo: UndoHandler | None
    nos: NosOf = after_nos


KINDS: dict[str, ChangeKind] = {}


def register(name: str, *, undo: UndoHandler | None, nos: NosOf = after_nos) -> None:
    """Register kind `name` (called once, at import, by the module that logs it)."""
    KINDS[name] = ChangeKind(name, undo, nos)


def load_registrants() -> None:
    """Import every module in `REGISTRANTS`, so that every kind is known."""
    for module in dict.fromkeys(REGISTRANTS.values()):
        importlib.import_module(module)


def kind_of(name: str) -> ChangeKind | None:
    """The registered kind `name` (its module imported on first use); None for an unknown kind."""
    if name not in KINDS and name in REGISTRANTS:
        importlib.import_module(REGISTRANTS[name])
    return KINDS.get(name)


def event_nos(event: Event) -> list[int]:
    """The task numbers an event touched."""
    kind = kind_of(event.kind)
    return (kind.nos if kind is not None else after_nos)(event)


def undo_handler(name: str) -> UndoHandler | None:
    """How to revert a change of kind `name`; None when such a change cannot be undone."""
    kind = kind_of(name)
    return None if kind is None else kind.undo
