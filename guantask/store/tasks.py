"""Reading tasks: the task view (status, percent, light as of "today"), lists, one task, names.

Status and light are computed by the query from the latest progress record and "today"; nothing
virtual is stored. The latest record per task is one index seek on `progress_latest`.
"""

from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from guantask.models import TaskRow, Thresholds
from guantask.store.db import Database
from guantask.store.dialect import SQLiteDialect

# ORDER BY clauses a caller may choose; nothing else reaches the SQL.
SORTS: dict[str, str] = {
    "id": "v.no",
    "due": "v.due, v.no",
    "percent": "v.percent, v.due, v.no",
    "section": "v.section, coalesce(v.subsection, 0), v.no",
    "light": "CASE v.light WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2"
    " ELSE 3 END, v.due, v.no",
    "late": "v.due, v.no",
}


# Conditions over the view that domain code asks for by name (with their parameters).
CONDITIONS: dict[str, str] = {
    "task": "v.no = ?",
    "red": "v.light = 'red'",
    "red-or-due-by": "(v.light = 'red' OR (v.due <= ? AND v.status NOT IN ('done', 'signed-off')))",
}


def condition(name: str, params: list[Any] | None = None) -> tuple[str, list[Any]]:
    """A named condition from `CONDITIONS` as (sql, params) for `select_view`."""
    return CONDITIONS[name], list(params or [])


def both(
    a: tuple[str, list[Any]] | None, b: tuple[str, list[Any]] | None
) -> tuple[str, list[Any]] | None:
    """Two (sql, params) conditions joined with AND (either may be None)."""
    if a is None or b is None:
        return a or b
    return f"({a[0]}) AND ({b[0]})", [*a[1], *b[1]]


class ViewContext(NamedTuple):
    """Everything the view needs besides the plan: today and the light thresholds."""

    today: date
    thresholds: Thresholds

    def params(self) -> list[Any]:
        t = self.thresholds
        today = self.today.isoformat()
        return [
            today,  # progress recorded up to today counts ("as of")
            today,  # red: past due
            (self.today + timedelta(days=t.warn_days)).isoformat(),  # yellow: due soon
            (self.today - timedelta(days=t.stale_days)).isoformat(),  # yellow: stale
            today,  # schedule: elapsed
            t.behind_points,
        ]


# The task view, one plan at a time. Positional parameters: plan_id, then ViewContext.params().
# "As of" a day: progress records dated after it do not count (a report for a past week shows
# that week's state). The light rules are stated once more, readably, in guantask.reports.lights;
# tests/test_lights.py keeps the two in agreement on both sides of every threshold.
_VIEW_TEMPLATE = """
WITH pt AS (
  SELECT t.id AS pk, t.plan_id, pl.doc_number AS plan, t.no, t.section, t.subsection, t.text,
         t.due, t.removed, pl.issued
  FROM tasks t JOIN plans pl ON pl.id = t.plan_id
  WHERE t.plan_id = ?
), base AS (
  SELECT pt.*,
         (SELECT p.id FROM progress p WHERE p.task_id = pt.pk AND p.date <= ?
           ORDER BY p.date DESC, p.id DESC LIMIT 1) AS pid,
         (SELECT a.assignee FROM assignments a WHERE a.task_id = pt.pk
           ORDER BY a.id DESC LIMIT 1) AS assignee
  FROM pt
), st AS (
  SELECT b.*, coalesce(p.percent, 0) AS percent, p.date AS last_update,
         CASE WHEN p.status IS NULL THEN 'not-started'
              WHEN p.status IN ('signed-off', 'done', 'blocked', 'at-risk') THEN p.status
              ELSE 'in-progress' END AS status,
         coalesce(p.date, b.issued) AS last_activity
  FROM base b LEFT JOIN progress p ON p.id = b.pid
), v AS (
  SELECT st.*,
    CASE
      WHEN status IN ('done', 'signed-off') THEN 'done'
      WHEN due < ? OR status = 'blocked' THEN 'red'
      WHEN due <= ? OR status = 'at-risk' OR last_activity < ?
        OR ({day_due} > {day_issued} AND
            {elapsed} - percent >= ?)
      THEN 'yellow'
      ELSE 'green'
    END AS light
  FROM st
)
"""

_COLUMNS = (
    "v.pk, v.plan, v.no, v.section, v.subsection, v.text, v.due, v.status, v.percent, v.light,"
    " v.assignee, v.last_update, v.removed, v.issued, v.last_activity"
)


@cache
def view_sql(dialect: SQLiteDialect) -> str:
    """The view in one dialect's day arithmetic."""
    d = dialect
    fraction = f"({d.day('?')} - {d.day('issued')}) * 100.0 / ({d.day('due')} - {d.day('issued')})"
    return _VIEW_TEMPLATE.format(
        day_due=d.day("due"),
        day_issued=d.day("issued"),
        elapsed=d.least("100.0", d.greatest("0.0", fraction)),
    )


def select_view(
    db: Database,
    *,
    plan_id: int,
    ctx: ViewContext,
    where: tuple[str, list[Any]] | None = None,
    sort: str = "id",
    limit: int | None = None,
) -> list[Any]:
    """Raw view rows for one plan, filtered by an SQL expression over `v` and its parameters."""
    sql = view_sql(db.dialect) + f"SELECT {_COLUMNS} FROM v"
    params: list[Any] = [plan_id, *ctx.params()]
    if where is not None and where[0]:
        sql += f" WHERE {where[0]}"
        params += where[1]
    sql += f" ORDER BY {SORTS[sort]}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return db.query(sql, params)


def links(
    db: Database, plan_id: int
) -> tuple[dict[int, list[str]], dict[tuple[int, str], list[str]]]:
    """Leaders by task pk and units by (task pk, role), in the notice's order."""
    leaders: dict[int, list[str]] = {}
    rows, where = db.dialect.of_plan("task_leaders", "tl")
    for r in db.query(
        f"SELECT tl.task_id, l.name FROM {rows} JOIN leaders l ON l.id = tl.leader_id"
        f" WHERE {where} ORDER BY tl.task_id, tl.position",
        [plan_id],
    ):
        leaders.setdefault(r[0], []).append(r[1])
    units: dict[tuple[int, str], list[str]] = {}
    rows, where = db.dialect.of_plan("task_units", "tu")
    for r in db.query(
        f"SELECT tu.task_id, tu.role, u.name FROM {rows} JOIN units u ON u.id = tu.unit_id"
        f" WHERE {where} ORDER BY tu.task_id, tu.position",
        [plan_id],
    ):
        units.setdefault((r[0], r[1]), []).append(r[2])
    return leaders, units


def to_rows(db: Database, plan_id: int, raw: list[Any]) -> list[TaskRow]:
    """View rows with their leaders and units attached."""
    if not raw:
        return []
    leaders, units = links(db, plan_id)
    return [
        TaskRow(
            no=r["no"],
            plan=r["plan"],
            section=r["section"],
            subsection=r["subsection"],
            text=r["text"],
            leaders=tuple(leaders.get(r["pk"], ())),
            lead_units=tuple(units.get((r["pk"], "lead"), ())),
            responsible_units=tuple(units.get((r["pk"], "responsible"), ())),
            due=r["due"],
            status=r["status"],
            percent=r["percent"],
            light=r["light"],
            assignee=r["assignee"],
            last_update=r["last_update"],
        )
        for r in raw
    ]


def task_pk(db: Database, plan_id: int, no: int) -> int | None:
    return db.scalar("SELECT id FROM tasks WHERE plan_id = ? AND no = ?", [plan_id, no])


def task_detail(db: Database, task_pk_: int) -> dict[str, Any]:
    """The parts of `show` beyond the row: section titles, due source, targets, removed flag."""
    t = db.one(
        "SELECT t.due_source, t.plan_due, t.removed, s.title AS section_title,"
        " ss.title AS subsection_title FROM tasks t"
        " LEFT JOIN sections s ON s.plan_id = t.plan_id AND s.no = t.section"
        " LEFT JOIN subsections ss ON ss.section_id = s.id AND ss.no = t.subsection"
        " WHERE t.id = ?",
        [task_pk_],
    )
    assert t is not None
    targets = [
        dict(r)
        for r in db.query(
            "SELECT g.id, g.metric, g.value, g.unit, g.kind, g.at_least, g.as_written,"
            " (SELECT pv.value FROM progress_values pv JOIN progress p ON p.id = pv.progress_id"
            "   WHERE pv.target_id = g.id ORDER BY p.date DESC, p.id DESC LIMIT 1) AS actual"
            " FROM targets g WHERE g.task_id = ? ORDER BY g.position",
            [task_pk_],
        )
    ]
    return {
        "due_source": t["due_source"],
        "plan_due": t["plan_due"],
        "removed": bool(t["removed"]),
        "section_title": t["section_title"],
        "subsection_title": t["subsection_title"],
        "targets": targets,
    }


def name_counts(db: Database, plan_id: int, kind: str) -> list[tuple[str, int, int]]:
    """(name, tasks as lead, tasks as responsible) for leaders or units of one plan."""
    if kind == "leader":
        rows = db.query(
            "SELECT l.name, count(*), 0 FROM task_leaders tl JOIN leaders l ON l.id = tl.leader_id"
            " JOIN tasks t ON t.id = tl.task_id WHERE t.plan_id = ?"
            " GROUP BY l.id ORDER BY count(*) DESC, l.name",
            [plan_id],
        )
    else:
        rows = db.query(
            "SELECT u.name, sum(CASE WHEN tu.role = 'lead' THEN 1 ELSE 0 END),"
            " sum(CASE WHEN tu.role = 'responsible' THEN 1 ELSE 0 END)"
            " FROM task_units tu JOIN units u ON u.id = tu.unit_id"
            " JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?"
            " GROUP BY u.id ORDER BY 2 DESC, count(*) DESC, u.name",
            [plan_id],
        )
    return [(r[0], int(r[1]), int(r[2])) for r in rows]
