"""The filter language (`guantask filter EXPR...`) → a typed filter; pure, no SQL, no clock.

Two steps: `parse_filter` turns shell words into a syntax tree (Term, Flag, Text, Not, And,
Or) and reports syntax errors with their 1-based position in the words joined by spaces;
`bind` checks every value and makes it typed (names → ids through a callback, dates → ISO
strings, numbers → ints, statuses and lights → their codes). `list` options go through the
same `bind` via `terms_expr`. The SQL is compiled in `guantask.store.filters`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from guantask import vocab
from guantask.dates import parse_date
from guantask.errors import UsageError
from guantask.i18n import _
from guantask.models import Light

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

Resolver = Callable[[str, str], tuple[int, ...]]

# --- tokens -------------------------------------------------------------------------------

_QUOTES = "\"'"
_OP_CHARS = ":：<>=＜＞＝"
_HEAD = re.compile(
    r"(?P<field>[A-Za-z][A-Za-z0-9_.\-]*|[\u3400-\u9fff]+)"
    r"(?P<op><=|>=|!=|＜＝|＞＝|！＝|[:：<>=＜＞＝])"
)
_OP_NORMAL = {"：": ":", "＜": "<", "＞": ">", "＝": "=", "＜＝": "<=", "＞＝": ">=", "！＝": "!="}


class _Tok(NamedTuple):
    kind: str  # "word" "(" ")" "or" "and" "not"
    text: str
    pos: int  # 1-based, in the words joined by single spaces
    quoted_at: int  # index in text where a quoted part starts; len(text) when none


def _tokenize(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if c in "()":
            toks.append(_Tok(c, c, i + 1, 1))
            i += 1
            continue
        if c == "-" and i + 1 < n and s[i + 1] == "(":
            toks.append(_Tok("not", "-", i + 1, 1))
            i += 1
            continue
        start, buf, quoted_at, depth = i, [], -1, 0
        while i < n and not s[i].isspace():
            c = s[i]
            at_value_start = not buf or buf == ["-"] or buf[-1] in _OP_CHARS
            if c in _QUOTES and quoted_at < 0 and at_value_start:
                close = s.find(c, i + 1)
                if close < 0:
                    raise _error(
                        _("unclosed quote {quote} at position {pos}").format(quote=c, pos=i + 1)
                    )
                quoted_at = len(buf)
                buf.extend(s[i + 1 : close])
                i = close + 1
                continue
            if c == "(":
                if quoted_at < 0 and "".join(buf).lower() == "not":
                    break  # not(a or b)
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            buf.append(c)
            i += 1
        text = "".join(buf)
        kind = "word"
        if quoted_at < 0:
            quoted_at = len(text)
            low = text.lower()
            if low in ("or", "|"):
                kind = "or"
            elif low in ("and", "not"):
                kind = low
        toks.append(_Tok(kind, text, start + 1, quoted_at))
    return toks


# --- parsing ------------------------------------------------------------------------------


def parse_filter(words: Sequence[str]) -> Expr:
    """Parse shell words (each may hold several terms) into a syntax tree.

    Precedence: not > and (juxtaposition) > or. No words → `And(())`, which matches all.
    Syntax errors are `UsageError`s naming the term and its 1-based position.
    """
    parser = _Parser(_tokenize(" ".join(words)))
    return parser.parse()


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Expr:
        if not self.toks:
            return And(())
        expr = self.parse_or()
        tok = self.peek()
        if tok is not None:  # only a ')' stops parse_or early
            raise _error(_("unbalanced ')' at position {pos}").format(pos=tok.pos))
        return expr

    def need_term_after(self, tok: _Tok) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind in (")", "or", "and"):
            raise _error(
                _("expected a term after {word!r} at position {pos}").format(
                    word=tok.text, pos=tok.pos
                )
            )

    def parse_or(self) -> Expr:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            self.need_term_after(tok)
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Expr:
        items = [self.parse_unary()]
        while (tok := self.peek()) is not None and tok.kind not in (")", "or"):
            if tok.kind == "and":
                self.take()
                self.need_term_after(tok)
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Expr:
        tok = self.take()
        if tok.kind == "not":
            self.need_term_after(tok)
            return Not(self.parse_unary())
        if tok.kind == "(":
            nxt = self.peek()
            if nxt is not None and nxt.kind == ")":
                raise _error(_("empty parentheses at position {pos}").format(pos=tok.pos))
            if nxt is None:
                raise _error(_("unbalanced '(' at position {pos}").format(pos=tok.pos))
            expr = self.parse_or()
            close = self.peek()
            if close is None or close.kind != ")":
                raise _error(_("unbalanced '(' at position {pos}").format(pos=tok.pos))
            self.take()
            return expr
        if tok.kind == ")":
            raise _error(_("unbalanced ')' at position {pos}").format(pos=tok.pos))
        if tok.kind in ("or", "and"):
            raise _error(
                _("expected a term before {word!r} at position {pos}").format(
                    word=tok.text, pos=tok.pos
                )
            )
        return _parse_word(tok.text, tok.pos, tok.quoted_at)


def _parse_word(text: str, pos: int, quoted_at: int) -> Expr:
    if quoted_at == 0:
        if not text:
            raise _error(_("empty quoted text at position {pos}").format(pos=pos))
        return Text(text, pos)
    head = text[:quoted_at]
    if head.startswith("-"):
        if len(text) == 1:
            raise _error(_("expected a term after '-' at position {pos}").format(pos=pos))
        return Not(_parse_word(text[1:], pos + 1, quoted_at - 1))
    if head.startswith("+"):
        return _parse_flag(text, pos)
    m = _HEAD.match(head)
    if m is None:
        return Text(text, pos)
    raw_field, raw_op = m["field"], _OP_NORMAL.get(m["op"], m["op"])
    name, _sep, modifier = raw_field.lower().partition(".")
    field = FIELD_ALIASES.get(name)
    if field is None:
        if not raw_field.isascii():
            return Text(text, pos)  # 注：…, a Chinese phrase with a colon, is searched as text
        raise _error(
            _("unknown field {field!r} at position {pos}").format(field=raw_field, pos=pos)
            + _suggest(name)
        )
    op = ":" if raw_op == "=" else raw_op
    if modifier:
        if modifier not in MODIFIERS or op != ":":
            raise _error(
                _(
                    "unknown modifier {modifier!r} at position {pos}"
                    " (use {name}.before: {name}.after: {name}.not:)"
                ).format(modifier=raw_field + raw_op, pos=pos, name=name)
            )
        op = MODIFIERS[modifier]
    if op not in (":", "!=") and field not in ORDERED_FIELDS:
        raise _error(
            _(
                "operator {op!r} does not apply to {field} at position {pos} (use : or !=;"
                " < <= > >= work for {fields})"
            ).format(op=op, field=field, pos=pos, fields=", ".join(sorted(ORDERED_FIELDS)))
        )
    value = text[m.end() :]
    if not value:
        raise _error(
            _("expected a value after {head!r} at position {pos}").format(
                head=head, pos=pos + m.end()
            )
        )
    return Term(field, op, value, pos)


def _parse_flag(text: str, pos: int) -> Flag:
    name = text[1:].lower()
    if name not in FLAGS:
        import difflib

        close = difflib.get_close_matches(name, FLAGS, n=1)
        hint = (
            _(" (did you mean +{flag}?)").format(flag=close[0])
            if close
            else _(" (flags: +{flags})").format(flags=" +".join(FLAGS))
        )
        raise _error(_("unknown flag {flag!r} at position {pos}").format(flag=text, pos=pos) + hint)
    return Flag(name, pos)


def _suggest(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, [f for f in FIELD_ALIASES if f.isascii()], n=1)
    if close:
        return _(" (did you mean {field}?)").format(field=close[0])
    return _(" (fields: {fields})").format(fields=", ".join(dict.fromkeys(FIELD_ALIASES.values())))


def terms_expr(pairs: Sequence[tuple[str, str, str]]) -> Expr:
    """An And of Terms from (field, op, value) triples, e.g. from `list` options.

    Fields and ops are checked like the filter's (aliases accepted, = means :); positions
    are 0, so `bind` errors about them carry no position.
    """
    items: list[Node] = []
    for raw_field, raw_op, value in pairs:
        name, _sep, modifier = raw_field.lower().partition(".")
        field = FIELD_ALIASES.get(name)
        if field is None:
            raise UsageError(_("unknown field {field!r}").format(field=raw_field) + _suggest(name))
        op = ":" if raw_op == "=" else raw_op
        if modifier:
            if modifier not in MODIFIERS:
                raise UsageError(_("unknown modifier {modifier!r}").format(modifier=raw_field))
            op = MODIFIERS[modifier]
        if op not in OPERATORS or (op not in (":", "!=") and field not in ORDERED_FIELDS):
            raise UsageError(
                _("operator {op!r} does not apply to {field}").format(op=raw_op, field=field)
            )
        items.append(Term(field, op, value, 0))
    return And(tuple(items))


# --- binding ------------------------------------------------------------------------------

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
        number = int(text)
    low, high = (0, 100) if field == "percent" else (1, None)
    if number < low or (high is not None and number > high):
        span = f"{low}-{high}" if high is not None else _("{low} or more").format(low=low)
        raise UsageError(
            _where(
                _("{field} {value!r} is out of range ({span})").format(
                    field=field, value=value, span=span
                ),
                pos,
            )
        )
    return number


def _where(message: str, pos: int) -> str:
    if pos > 0:
        return _("filter: {message} at position {pos}").format(message=message, pos=pos)
    return message


def _error(message: str) -> UsageError:
    return UsageError(_("filter: {message}").format(message=message))
