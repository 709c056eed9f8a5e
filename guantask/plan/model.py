"""The plan as the notice states it: document, sections, tasks with leaders, units and targets.

Only `parse`, `import` and the plan store need these; they are kept apart from `guantask.models`
so that the commands a clerk runs all day do not pay for creating them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


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

    no: int  # the plan file's "id"
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
        data = asdict(self)
        data["tasks"] = [{"id": t.pop("no"), **t} for t in data["tasks"]]
        return data
