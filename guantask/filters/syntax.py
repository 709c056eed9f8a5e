"""The filter language's words and syntax tree: fields (English and Chinese), flags, modifiers,
operators, status and light words; the nodes `parse_filter` builds and the typed leaves `bind` makes.
"""

from __future__ import annotations

from typing import Any

from guantask.models import Light, Status

FIELD_ALIASES: dict[str, str] = {
    "id": "id",
    "section": "section",
    "章": "section",
    "subsection": "subsection",
    "leader": "leader",
    "领导": "leader",
    "unit": "unit",
    "单位": "unit",
    "lead": "lead",
    "lead-unit": "lead",
    "lead_unit": "lead",
    "牵头单位": "lead",
    "responsible": "responsible",
    "责任单位": "responsible",
    "status": "status",
    "状态": "status",
    "assignee": "assignee",
    "责任人": "assignee",
    "due": "due",
    "时限": "due",
    "percent": "percent",
    "进度": "percent",
    "light": "light",
    "灯": "light",
    "text": "text",
    "内容": "text",
}
FLAGS = ("overdue", "duesoon", "stale", "done", "assigned", "unassigned")
ORDERED_FIELDS = frozenset({"id", "section", "subsection", "percent", "due"})
# Taskwarrior-style modifiers: due.before:DATE is due<DATE.
MODIFIERS = {"before": "<", "below": "<", "after": ">", "above": ">", "is": ":", "not": "!="}
OPERATORS = (":", "!=", "<", "<=", ">", ">=")
# Limits that keep a filter inside Python's recursion limit and SQLite's parser stack (see
# guantask.store.filters): nesting (parentheses and `not`s, counted together) and terms.
MAX_DEPTH = 50
MAX_TERMS = 200

STATUS_WORDS: dict[str, Status] = {
    "未开始": Status.NOT_STARTED,
    "进行中": Status.IN_PROGRESS,
    "有风险": Status.AT_RISK,
    "受阻": Status.BLOCKED,
    "已完成": Status.DONE,
    "已销号": Status.SIGNED_OFF,
}
LIGHT_WORDS: dict[str, Light] = {
    "红": Light.RED,
    "红灯": Light.RED,
    "黄": Light.YELLOW,
    "黄灯": Light.YELLOW,
    "绿": Light.GREEN,
    "绿灯": Light.GREEN,
}


# --- the syntax tree ------------------------------------------------------------------------


class _Node:
    """A node of the syntax tree: immutable, equal to a node of the same class with equal
    fields, hashable, and matched positionally in `match` statements.

    Plain slotted classes, because frozen dataclasses cost 1-2 ms each to create at start-up,
    and NamedTuples would make `And(x) == Or(x)`.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        values = dict(zip(self._fields, args, strict=False))
        values.update(kwargs)
        if len(args) > len(self._fields) or set(values) != set(self._fields):
            raise TypeError(f"{type(self).__name__} takes {', '.join(self._fields)}")
        for name in self._fields:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(getattr(self, f) for f in self._fields)))

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({fields})"


class Term(_Node):
    """`field op value`; field is canonical (领导 → leader), op one of OPERATORS (= → :)."""

    __slots__ = __match_args__ = _fields = ("field", "op", "value", "pos")
    field: str
    op: str
    value: str
    pos: int


class Flag(_Node):
    """`+overdue` and the other virtual states, computed at query time."""

    __slots__ = __match_args__ = _fields = ("name", "pos")
    name: str
    pos: int


class Text(_Node):
    """A bare word: a substring of the task text."""

    __slots__ = __match_args__ = _fields = ("value", "pos")
    value: str
    pos: int


class Not(_Node):
    __slots__ = __match_args__ = _fields = ("expr",)
    expr: Node


class And(_Node):
    """All items hold; `And(())` holds for every task (an empty filter)."""

    __slots__ = __match_args__ = _fields = ("items",)
    items: tuple[Node, ...]


class Or(_Node):
    __slots__ = __match_args__ = _fields = ("items",)
    items: tuple[Node, ...]


# --- the bound (typed) leaves -------------------------------------------------------------


class IdsTerm(_Node):
    """The task has one of these leaders (table 'leader') or units ('unit', role optional)."""

    __slots__ = __match_args__ = _fields = ("table", "role", "ids")
    table: str
    role: str | None
    ids: tuple[int, ...]


class Compare(_Node):
    """`column op value`; column: no section subsection percent due status light; op = < <= > >=."""

    __slots__ = __match_args__ = _fields = ("column", "op", "value")
    column: str
    op: str
    value: int | str


class Contains(_Node):
    """`value` is a literal substring of column 'text' or 'assignee'."""

    __slots__ = __match_args__ = _fields = ("column", "value")
    column: str
    value: str


Node = Term | Flag | Text | Not | And | Or | IdsTerm | Compare | Contains
Expr = Node  # what parse_filter returns: Term, Flag, Text, Not, And, Or
BoundExpr = Node  # what bind returns: IdsTerm, Compare, Contains, Flag, Not, And, Or
