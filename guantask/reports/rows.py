"""The task rows every report starts from: the plan's current tasks, the plan's header, and the
task's short text that tables and notices show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from guantask.models import TaskRow

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef

_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEAR_WIDE = re.compile(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])")


def short_text(text: str, limit: int = 30, ellipsis: str = "...") -> str:
    """The task's first sentence, cut to `limit` characters: what a table or a notice shows.

    Spaces next to Han characters (left by PDF extraction: `5G 基站`, `50 亿元`) are dropped.
    """
    one_line = _SPACE_NEAR_WIDE.sub("", " ".join(text.split()))
    for stop in "。；;":
        head, sep, _rest = one_line.partition(stop)
        if sep and head:
            one_line = head + (sep if stop == "。" else "")
    if len(one_line) <= limit:
        return one_line
    return one_line[:limit].rstrip("，,、 .") + ellipsis


def current(rows: Iterable[TaskRow], removed: set[int]) -> list[TaskRow]:
    """The rows of tasks still in the plan (an amended plan may have dropped some)."""
    return [r for r in rows if r.no not in removed]


def plan_info(plan: PlanRef) -> dict[str, Any]:
    return {
        "doc_number": plan.doc_number,
        "title": plan.title,
        "issuer": plan.issuer,
        "issued": plan.issued,
        "year": plan.year,
    }


def current_rows(
    db: Database,
    *,
    plan: PlanRef,
    expr: Any | None,
    today: date,
    only: tuple[str, list[Any]] | None = None,
) -> list[TaskRow]:
    """The plan's tasks matching `expr` as of `today`, without those the plan has dropped."""
    from guantask.filters.find import find_tasks
    from guantask.store import reports as st_reports

    rows = find_tasks(db, plan=plan, expr=expr, today=today, only=only)
    return current(rows, st_reports.removed_task_nos(db, plan_id=plan.id))
