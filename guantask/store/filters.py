"""A bound filter (guantask.filters.language) → a parameterised SQL boolean expression over the task view.

The expression reads one row of the view aliased `v` (pk, plan_id, no, section, subsection,
text, due, status, percent, light, assignee, last_update, last_activity) and the link tables
task_leaders and task_units. Values are always `?` parameters; column names, operators and
table names come from the whitelists below, never from the user.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from guantask.filters.language import And, BoundExpr, Compare, Contains, Flag, IdsTerm, Not, Or
from guantask.models import Status
from guantask.store.db import like_pattern

__all__ = ["FilterContext", "compile_filter", "like_pattern"]

DONE_STATUSES = (Status.DONE.value, Status.SIGNED_OFF.value)

_COLUMNS = {
    "no": "v.no",
    "section": "v.section",
    "subsection": "v.subsection",
    "percent": "v.percent",
    "due": "v.due",
    "status": "v.status",
    "light": "v.light",
}
_NULLABLE = frozenset({"subsection"})
_OPS = frozenset({"=", "<", "<=", ">", ">="})
_LIKE_COLUMNS = {"text": "v.text", "assignee": "v.assignee"}
_LINKS = {
    "leader": "SELECT 1 FROM task_leaders tl WHERE tl.task_id = v.pk AND tl.leader_id IN ({ids})",
    "unit": "SELECT 1 FROM task_units tu WHERE tu.task_id = v.pk AND tu.unit_id IN ({ids})",
}
_NOT_DONE = "v.status NOT IN (?, ?)"


class FilterContext(NamedTuple):
    """What the virtual flags depend on: today (YYYY-MM-DD) and the two thresholds in days."""

    today: str
    warn_days: int
    stale_days: int
    like: str = "LIKE"  # the dialect's case-insensitive LIKE (`db.dialect.like`)


def compile_filter(expr: BoundExpr, ctx: FilterContext) -> tuple[str, list[object]]:
    """SQL for `WHERE` and its parameters. Every leaf is true or false, never NULL, so `not`
    keeps its everyday meaning (`not assignee:李` includes unassigned tasks)."""
    sql, params, _height = _compile(expr, ctx)
    return sql, params


def _compile(expr: BoundExpr, ctx: FilterContext) -> tuple[str, list[object], int]:
    """SQL, parameters and nesting height of `expr`.

    SQLite's parser has a fixed stack (100 entries in most builds): `(a OR (b OR (c …` uses
    three entries a level, while a group written first, `((… OR c) OR b) OR a`, uses one. So
    nested groups of the same kind are merged, `not not x` is x, and within an and/or the
    most deeply nested item comes first (the rest keep their order); with the parser's limits
    (guantask.filters.language.MAX_DEPTH, MAX_TERMS) every filter then fits.
    """
    match expr:
        case And(items) | Or(items):
            kind = type(expr)
            flat = _flatten(kind, items)
            if not flat:
                return ("(1 = 1)" if kind is And else "(1 = 0)"), [], 0
            parts = sorted((_compile(e, ctx) for e in flat), key=lambda p: -p[2])
            if len(parts) == 1:
                return parts[0]
            joiner = " AND " if kind is And else " OR "
            params = [value for part in parts for value in part[1]]
            return "(" + joiner.join(p[0] for p in parts) + ")", params, parts[0][2] + 1
        case Not(Not(inner)):
            return _compile(inner, ctx)
        case Not(inner):
            sql, params, height = _compile(inner, ctx)
            return f"NOT {sql}", params, height + 1  # NOT binds tighter than AND and OR
    params: list[object] = []
    return _leaf(expr, ctx, params), params, 0


def _flatten(kind: type, items: tuple[BoundExpr, ...]) -> list[BoundExpr]:
    """The items of an and (or an or), with nested ands (ors) merged in: `a (b c)` is `a b c`."""
    flat: list[BoundExpr] = []
    for item in items:
        flat.extend(_flatten(kind, item.items) if type(item) is kind else (item,))
    return flat


def _leaf(expr: BoundExpr, ctx: FilterContext, params: list[object]) -> str:
    match expr:
        case IdsTerm(table, role, ids):
            if not ids:
                return "(1 = 0)"
            sql = _LINKS[table].format(ids=", ".join("?" * len(ids)))
            params.extend(ids)
            if role is not None:
                if table != "unit" or role not in ("lead", "responsible"):
                    raise ValueError(f"no role {role!r} for {table}")
                sql += " AND tu.role = ?"
                params.append(role)
            return f"EXISTS ({sql})"
        case Contains(column, value):
            params.append(like_pattern(value))
            return f"(COALESCE({_LIKE_COLUMNS[column]}, '') {ctx.like} ? ESCAPE '\\')"
        case Compare(column, op, value):
            if op not in _OPS:
                raise ValueError(f"unknown operator {op!r}")
            params.append(value)
            sql = f"{_COLUMNS[column]} {op} ?"
            col = _COLUMNS[column]
            return f"({col} IS NOT NULL AND {sql})" if column in _NULLABLE else f"({sql})"
        case Flag(name):
            return _flag(name, ctx, params)
    raise TypeError(f"compile_filter needs a bound expression, not {expr!r}")


def _flag(name: str, ctx: FilterContext, params: list[object]) -> str:
    today = date.fromisoformat(ctx.today)
    match name:
        case "overdue":
            params.extend([*DONE_STATUSES, ctx.today])
            return f"({_NOT_DONE} AND v.due < ?)"
        case "duesoon":
            soon = (today + timedelta(days=ctx.warn_days)).isoformat()
            params.extend([*DONE_STATUSES, ctx.today, soon])
            return f"({_NOT_DONE} AND v.due >= ? AND v.due <= ?)"
        case "stale":
            cutoff = (today - timedelta(days=ctx.stale_days)).isoformat()
            params.extend([*DONE_STATUSES, cutoff])
            return f"({_NOT_DONE} AND v.last_activity IS NOT NULL AND v.last_activity < ?)"
        case "done":
            params.extend(DONE_STATUSES)
            return "(v.status IN (?, ?))"
        case "assigned":
            return "(v.assignee IS NOT NULL)"
        case "unassigned":
            return "(v.assignee IS NULL)"
    raise ValueError(f"unknown flag {name!r}")
