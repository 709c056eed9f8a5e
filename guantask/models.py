"""Plain data for every command: statuses, lights, task rows as listed, the light thresholds.

The plan as the notice states it (Plan, PlanTask, Target, ...) lives in `guantask.plan.model`, which only
parsing and importing need. Records that every command creates are NamedTuples, not dataclasses:
importing dataclasses (with inspect) and creating a frozen dataclass cost 2-3 ms each at start-up,
a third of what `list --format json` takes in all.
"""

from __future__ import annotations

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


class Role(StrEnum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"


class TaskRow(NamedTuple):
    """A task as `list`, `filter` and `show` print it; the JSON keys are a stable interface."""

    id: int
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
            "id": self.id,
            "plan": self.plan,
            "section": self.section,
            "subsection": self.subsection,
            "text": self.text,
            "leaders": list(self.leaders),
            "lead_units": list(self.lead_units),
            "responsible_units": list(self.responsible_units),
            "due": self.due,
            "status": self.status,
            "percent": self.percent,
            "light": self.light,
            "reasons": list(self.reasons),
            "assignee": self.assignee,
            "last_update": self.last_update,
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
