"""Plain data: the plan as parsed, task rows as listed, statuses and lights. No I/O here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where a task stands; derived from its latest progress record, never typed by hand."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"
    DONE = "done"
    SIGNED_OFF = "signed-off"


class ReportedStatus(StrEnum):
    """What a lead unit may report with a progress record (`record-progress --status`)."""

    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"
    DONE = "done"


class Light(StrEnum):
    """Traffic light (红黄绿灯), computed as of "today"; done/signed-off tasks are shown apart."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    DONE = "done"


class Role(StrEnum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"


@dataclass(frozen=True, slots=True)
class Document:
    issuer: str
    doc_number: str
    title: str
    issued: str  # YYYY-MM-DD
    year: int


@dataclass(frozen=True, slots=True)
class Subsection:
    no: int
    numeral: str
    title: str


@dataclass(frozen=True, slots=True)
class Section:
    no: int
    numeral: str
    title: str
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """A number a task commits to: `5G基站 1200 个` (reach), `增长 6%` (growth), `新增 500 件` (add)."""

    metric: str
    value: float
    unit: str
    kind: str  # reach | growth | add | ... (see parser)
    at_least: bool = False
    as_written: str = ""


@dataclass(frozen=True, slots=True)
class PlanTask:
    """One numbered key task exactly as the notice states it."""

    id: int
    section: int
    subsection: int | None
    text: str
    leaders: tuple[str, ...]
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    due: str  # YYYY-MM-DD
    due_source: str
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    document: Document
    sections: tuple[Section, ...]
    tasks: tuple[PlanTask, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON plan format (see data/plan.schema.json); tuples become lists."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TaskRow:
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
    reasons: tuple[str, ...] = field(default=())

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


@dataclass(frozen=True, slots=True)
class Thresholds:
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
