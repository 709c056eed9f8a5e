"""Finding tasks: `list` options and `filter` expressions → one bound filter → rows from the view."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NamedTuple

from guantask.errors import TaskNotFound, refuse_blank
from guantask.models import TaskRow
from guantask.store import Database
from guantask.store import settings as st_settings
from guantask.store import tasks as st_tasks
from guantask.store.plans import PlanRef


def name_resolver(db: Database) -> Callable[[str, str], tuple[int, ...]]:
    """resolve(kind, query) → ids of the leaders or units the query names (see names.py)."""
    cache: dict[str, list[Any]] = {}

    def resolve(kind: str, query: str) -> tuple[int, ...]:
        from guantask.filters.names import pick_rows
        from guantask.filters.readings import name_rows

        if kind not in cache:
            cache[kind] = name_rows(db, kind)
        return tuple(sorted({row.id for row in pick_rows(query, cache[kind], kind=kind)}))

    return resolve


def find_tasks(
    db: Database,
    *,
    plan: PlanRef,
    expr: Any | None,
    today: date,
    sort: str = "id",
    limit: int | None = None,
    only: tuple[str, list[Any]] | None = None,
) -> list[TaskRow]:
    """Tasks of one plan matching a parsed filter expression (None: all), as of `today`.

    `only` is a named condition of the store (`store.tasks.condition`) AND-ed with the filter.
    """
    from guantask.reports.lights import explain

    th = st_settings.thresholds(db)
    where = None
    if expr is not None:
        from guantask.filters import language as query
        from guantask.store.filters import FilterContext, compile_filter

        bound = query.bind(expr, today=today, plan_year=plan.year, resolve=name_resolver(db))
        ctx = FilterContext(
            today=today.isoformat(),
            warn_days=th.warn_days,
            stale_days=th.stale_days,
            like=db.dialect.like,
        )
        where = compile_filter(bound, ctx)
    raw = st_tasks.select_view(
        db,
        plan_id=plan.id,
        ctx=st_tasks.ViewContext(today=today, thresholds=th),
        where=st_tasks.both(where, only),
        sort=sort,
        limit=limit,
    )
    rows = st_tasks.to_rows(db, plan.id, raw)
    issued = date.fromisoformat(plan.issued)
    return [
        row._replace(reasons=explain(row, r["last_activity"], issued=issued, today=today, th=th))
        for row, r in zip(rows, raw, strict=True)
    ]


# The `list` option each (field, op) pair comes from, for the message about an empty value.
_OPTIONS = {
    ("leader", ":"): "--leader",
    ("unit", ":"): "--unit",
    ("lead", ":"): "--lead-unit",
    ("text", ":"): "--search",
    ("assignee", ":"): "--assignee",
    ("due", "<"): "--due-before",
    ("due", ">"): "--due-after",
}


def options_expr(pairs: Sequence[tuple[str, str, str | None]]) -> Any | None:
    """The `list` options as a filter expression (field, op, value); None values are left out,
    an empty or blank value is a `UsageError` (never "every task")."""
    for f, op, v in pairs:
        refuse_blank(v, what=_OPTIONS.get((f, op), f))
    given = [(f, op, v) for f, op, v in pairs if v is not None]
    if not given:
        return None
    from guantask.filters.language import terms_expr

    return terms_expr(given)


class TaskDetail(NamedTuple):
    row: TaskRow
    section_title: str | None
    subsection_title: str | None
    due_source: str
    plan_due: str
    removed: bool
    targets: list[dict[str, Any]]
    history: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    progress: list[dict[str, Any]]
    extensions: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.row.to_dict(),
            "section_title": self.section_title,
            "subsection_title": self.subsection_title,
            "due_source": self.due_source,
            "plan_due": self.plan_due,
            "removed": self.removed,
            "targets": self.targets,
            "assignments": self.assignments,
            "progress": self.progress,
            "extensions": self.extensions,
            "history": self.history,
        }


def show_task(db: Database, *, plan: PlanRef, no: int, today: date) -> TaskDetail:
    """Everything about one task: row, section, targets with actuals, and its history."""
    only = st_tasks.condition("task", [no])
    rows = find_tasks(db, plan=plan, expr=None, today=today, only=only)
    if not rows:
        raise TaskNotFound(plan=plan.doc_number, no=no)
    pk = st_tasks.task_pk(db, plan.id, no)
    assert pk is not None
    d = st_tasks.task_detail(db, pk)
    from guantask.store import work as st_work
    from guantask.store.events import history as event_history

    history = [
        {
            "id": e.id,
            "at": e.at,
            "by": e.by,
            "kind": e.kind,
            "summary": e.summary,
            "reverted": e.reverted_by is not None,
        }
        for e in event_history(db, plan_id=plan.id, task_no=no)
    ]
    targets = [
        {
            "metric": t["metric"],
            "value": t["value"],
            "unit": t["unit"],
            "kind": t["kind"],
            "at_least": bool(t["at_least"]),
            "as_written": t["as_written"],
            "actual": t["actual"],
        }
        for t in d["targets"]
    ]
    return TaskDetail(
        row=rows[0],
        section_title=d["section_title"],
        subsection_title=d["subsection_title"],
        due_source=d["due_source"],
        plan_due=d["plan_due"],
        removed=d["removed"],
        targets=targets,
        history=history,
        assignments=[
            {k: a[k] for k in ("assignee", "unit", "due", "note", "by", "at")}
            for a in st_work.assignments_of(db, pk)
        ],
        progress=[
            {k: p[k] for k in ("date", "percent", "status", "note", "by", "at", "values")}
            for p in st_work.progress_of(db, pk)
        ],
        extensions=[
            {k: x[k] for k in ("old_due", "new_due", "reason", "by", "at")}
            for x in st_work.extensions_of(db, pk)
        ],
    )


def name_counts(db: Database, *, plan: PlanRef, kind: str) -> list[tuple[str, int, int]]:
    return st_tasks.name_counts(db, plan.id, kind)
