"""Plain data for every command: statuses, lights, task rows as listed, the light thresholds.

The plan as the notice states it (Plan, PlanTask, Target, ...) lives in `guantask.plan.model`, which only
parsing and importing need. Records that every command creates are NamedTuples, not dataclasses:
importing dataclasses (with inspect) and creating a frozen dataclass cost 2-3 ms each at start-up,
a third of what `list --format json` takes in all. Modules that define a NamedTuple on a
start-up path do without `from __future__ import annotations`: typing.NamedTuple compiles each
string annotation into a ForwardRef, one `compile()` a field.
"""

from enum import StrEnum
from typing import Any, NamedTuple


class Status(StrEnum):
    """Where a task stands; derived from its latest progress record, never typed by hand."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"
    DONE = "done"
    SIGNED_OFF = "signed-off"


class Light(StrEnum):
    """Traffic light (红黄绿灯), computed as of "today"; done/signed-off tasks are shown apart."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    DONE = "done"


# A task's fields in the order of its JSON object, CSV columns and `--fields` (one table for
# `list`, `filter`, `overdue` and `export`).
TASK_FIELDS = (
    "id",
    "plan",
    "section",
    "subsection",
    "text",
    "leaders",
    "lead_units",
    "responsible_units",
    "due",
    "status",
    "percent",
    "light",
    "reasons",
    "assignee",
    "last_update",
)
# TaskRow's attribute for each field: the task's number is `no` in the code, "id" outside it.
_TASK_ATTRS = tuple("no" if f == "id" else f for f in TASK_FIELDS)


class TaskRow(NamedTuple):
    """A task as `list`, `filter` and `show` print it; the JSON keys are a stable interface."""

    no: int  # JSON key "id"
    plan: str
    section: int
    subsection: int | None
    text: str
    leaders: tuple[str, ...]
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    due: str
    status: str
    percent: int | None
    light: str | None
    assignee: str | None
    last_update: str | None
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            f: list(v) if type(v := getattr(self, a)) is tuple else v
            for f, a in zip(TASK_FIELDS, _TASK_ATTRS, strict=True)
        }


class Thresholds(NamedTuple):
    """The light rules' settings (`guantask config set warn-days 7`), kept in the database."""

    warn_days: int = 14  # due within this many days → yellow
    stale_days: int = 30  # no progress for more than this many days → yellow
    behind_points: int = 25  # this many points behind the time-proportional schedule → yellow

    @staticmethod
    def keys() -> dict[str, str]:
        """Setting name → field name."""
        return {
            "warn-days": "warn_days",
            "stale-days": "stale_days",
            "behind-points": "behind_points",
        }
