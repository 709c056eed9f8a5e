"""History and undo of changes: each kind of change registers here how it is described and undone.

A module that logs events of a kind (`store.events.log_event(kind=...)`) registers that kind with
`register`: how to name the tasks an event touched (`tasks`, default: the `tasks` list of its
`after`) and how to revert it (`undo`, None when it cannot be undone). The modules that register
are listed once, in `REGISTRANTS`; `kind_of` imports them only when a kind is not yet known, so a
command loads only what the events it meets need. No typer or rich here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept out of the import: a registrant loads this module at its own import
    from collections.abc import Callable

    from guantask.store import Database
    from guantask.store.events import Event

    UndoHandler = Callable[[Database, dict[str, Any]], str]
    TasksOf = Callable[[Event], list[int]]

# Every module that registers a kind of change; `kind_of` imports them when it meets an unknown
# kind. A new kind of change adds its module here (tests/test_changes.py checks the list).
REGISTRANTS = (
    "guantask.work.assign",
    "guantask.work.progress",
    "guantask.work.deadlines",
    "guantask.work.history",
    "guantask.filters.units",
    "guantask.plan.importer",
    "guantask.reports",
)


def after_tasks(event: Event) -> list[int]:
    """The task numbers in an event's `after` (a list under "tasks"), else its one task."""
    after = event.after
    if isinstance(after, dict) and isinstance(after.get("tasks"), list):
        return [int(n) for n in after["tasks"]]
    return [] if event.task is None else [event.task]


def own_task(event: Event) -> list[int]:
    """The event's own task, if it names one (for kinds whose `after` counts tasks)."""
    return [] if event.task is None else [event.task]


@dataclass(frozen=True, slots=True)
class ChangeKind:
    """One kind of change: its name in the events table, its tasks, its undo (None: none)."""

    name: str
    undo: UndoHandler | None
    tasks: TasksOf = after_tasks


KINDS: dict[str, ChangeKind] = {}


def register(name: str, *, undo: UndoHandler | None, tasks: TasksOf = after_tasks) -> None:
    """Register kind `name` (called once, at import, by the module that logs it)."""
    KINDS[name] = ChangeKind(name, undo, tasks)


def load_registrants() -> None:
    """Import every module in `REGISTRANTS` (a module already imported costs nothing)."""
    for module in REGISTRANTS:
        importlib.import_module(module)


def kind_of(name: str) -> ChangeKind | None:
    """The registered kind `name`; None for a kind no module registers."""
    if name not in KINDS:
        load_registrants()
    return KINDS.get(name)


def event_tasks(event: Event) -> list[int]:
    """The task numbers an event touched."""
    kind = kind_of(event.kind)
    return (kind.tasks if kind is not None else after_tasks)(event)


def undo_handler(name: str) -> UndoHandler | None:
    """How to revert a change of kind `name`; None when such a change cannot be undone."""
    kind = kind_of(name)
    return None if kind is None else kind.undo
