"""The filter's syntax tree → a typed filter: names to ids (through a callback), dates to ISO
strings, numbers to ints in range, statuses and lights to their codes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum

from guantask import vocab
from guantask.bounds import MAX_SECTION, MAX_TASK_NO
from guantask.dates import parse_date
from guantask.errors import UsageError
from guantask.filters.syntax import (
    LIGHT_WORDS,
    And,
    BoundExpr,
    Compare,
    Contains,
    Expr,
    Flag,
    IdsTerm,
    Not,
    Or,
    Term,
    Text,
)
from guantask.i18n import _
from guantask.models import Light

Resolver = Callable[[str, str], tuple[int, ...]]

_NAME_FIELDS = {
    "leader": ("leader", "leader", None),
    "unit": ("unit", "unit", None),
    "lead": ("unit", "unit", "lead"),
    "responsible": ("unit", "unit", "responsible"),
}
_INT_COLUMNS = {"id": "no", "section": "section", "subsection": "subsection", "percent": "percent"}


def bind(expr: Expr, *, today: date, plan_year: int, resolve: Resolver) -> BoundExpr:
    """Check and type every value of `expr`.

    Names go through `resolve(kind, name)` (kind 'leader' or 'unit'; it raises NameNotFound
    or AmbiguousName) and become `IdsTerm`s; `!=` becomes `Not(...)`; dates become ISO strings
    (relative to `today`, year-less ones in `plan_year`); numbers ints within range; statuses
    and lights their codes (Chinese words accepted). Invalid values raise `UsageError`.
    """
    match expr:
        case And(items):
            return And(
                tuple(bind(e, today=today, plan_year=plan_year, resolve=resolve) for e in items)
            )
        case Or(items):
            return Or(
                tuple(bind(e, today=today, plan_year=plan_year, resolve=resolve) for e in items)
            )
        case Not(inner):
            return Not(bind(inner, today=today, plan_year=plan_year, resolve=resolve))
        case Text(value, _):
            return Contains("text", value)
        case Flag():
            return expr
        case Term(field, op, value, pos):
            bound = _bind_term(
                field,
                "=" if op in (":", "!=") else op,
                value,
                pos,
                today=today,
                plan_year=plan_year,
                resolve=resolve,
            )
            return Not(bound) if op == "!=" else bound
    raise TypeError(f"cannot bind {expr!r}")


def _bind_term(
    field: str, op: str, value: str, pos: int, *, today: date, plan_year: int, resolve: Resolver
) -> BoundExpr:
    if field in _NAME_FIELDS:
        kind, table, role = _NAME_FIELDS[field]
        return IdsTerm(table, role, tuple(resolve(kind, value)))
    if field in ("text", "assignee"):
        return Contains(field, value)
    if field == "due":
        try:
            day = parse_date(value, today=today, plan_year=plan_year)
        except UsageError as err:
            where = _("filter: due at position {pos}").format(pos=pos) if pos > 0 else "due"
            raise UsageError(_("{source}: {error}").format(source=where, error=err)) from None
        return Compare("due", op, day.isoformat())
    if field == "status":
        code = vocab.status_code(value)
        if code is None:
            raise UsageError(
                _where(_("unknown status {value!r}").format(value=value), pos)
                + _(" (expected {codes} or {words})").format(
                    codes=" ".join(s.code for s in vocab.STATUSES),
                    words=" ".join(s.zh for s in vocab.STATUSES),
                )
            )
        return Compare("status", op, code)
    if field == "light":
        return Compare("light", op, str(_enum_value(value, Light, LIGHT_WORDS, "light", pos)))
    return Compare(_INT_COLUMNS[field], op, _int_value(field, value, pos))


def _enum_value(
    value: str, enum: type[StrEnum], words: Mapping[str, StrEnum], what: str, pos: int
) -> StrEnum:
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    if key in words:
        return words[key]
    try:
        return enum(key)
    except ValueError:
        codes = " ".join(m.value for m in enum)
        raise UsageError(
            _where(_("unknown light {value!r}").format(value=value), pos)
            + _(" (expected {codes} or {words})").format(codes=codes, words=" ".join(words))
        ) from None


def _int_value(field: str, value: str, pos: int) -> int:
    text = unicodedata.normalize("NFKC", value).strip()  # ５０％ typed with the IME on
    if field == "percent":
        text = text.removesuffix("%")
    number = vocab.section_no(text) if field in ("section", "subsection") else None
    if number is None:
        if not text.isascii() or not text.isdigit():
            raise UsageError(
                _where(
                    _("{field} must be a whole number, not {value!r}").format(
                        field=field, value=value
                    ),
                    pos,
                )
            )
        number = int(text) if len(text.lstrip("0")) <= 9 else MAX_TASK_NO + 1  # no 5,000 digits
    low, high = {"percent": (0, 100), "id": (1, MAX_TASK_NO)}.get(field, (1, MAX_SECTION))
    if not low <= number <= high:
        span = f"{low}-{high}"
        raise UsageError(
            _where(
                _("{field} {value!r} is out of range ({span})").format(
                    field=field, value=value if len(value) <= 40 else value[:40] + "…", span=span
                ),
                pos,
            )
        )
    return number


def _where(message: str, pos: int) -> str:
    if pos > 0:
        return _("filter: {message} at position {pos}").format(message=message, pos=pos)
    return message
