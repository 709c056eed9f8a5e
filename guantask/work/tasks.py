"""The tasks a change names: their facts (checked to exist) and how a summary names them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from guantask.errors import TaskNotFound
from guantask.store import Database
from guantask.store import work as st
from guantask.store.plans import PlanRef


def unique(nos: Iterable[int]) -> list[int]:
    """`nos` without repeats, in order."""
    return list(dict.fromkeys(nos))


def nos_text(nos: Iterable[int]) -> str:
    """Up to eight task numbers, then '…'."""
    items = list(nos)
    shown = ", ".join(str(n) for n in items[:8])
    return shown + (", …" if len(items) > 8 else "")


def tasks_phrase(nos: Sequence[int]) -> str:
    """'task 18' or '3 tasks (18, 21, 26)', for an event's summary (kept in English)."""
    return f"task {nos[0]}" if len(nos) == 1 else f"{len(nos)} tasks ({nos_text(nos)})"


def facts_of(db: Database, plan: PlanRef, nos: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Facts of the listed tasks; the first unknown number is `TaskNotFound`."""
    facts = st.task_facts(db, plan.id, unique(nos))
    for no in nos:
        if no not in facts:
            raise TaskNotFound(plan=plan.doc_number, no=no)
    return facts
