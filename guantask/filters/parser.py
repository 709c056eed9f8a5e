"""Shell words → the filter's syntax tree, with syntax errors at their 1-based position in the
words joined by spaces; and `terms_expr`, the same tree from `list` options.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from guantask.errors import UsageError
from guantask.filters.syntax import (
    FIELD_ALIASES,
    FLAGS,
    MAX_DEPTH,
    MAX_TERMS,
    MODIFIERS,
    OPERATORS,
    ORDERED_FIELDS,
    And,
    Expr,
    Flag,
    Node,
    Not,
    Or,
    Term,
    Text,
)
from guantask.i18n import _

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
    Syntax errors are `UsageError`s naming the term and its 1-based position; an empty or
    blank word is one too (a script's unset variable must not mean every task).
    """
    if any(not word.strip() for word in words):
        raise UsageError(_("empty filter term"))
    parser = _Parser(_tokenize(" ".join(words)))
    return parser.parse()


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0  # open parentheses and `not`s around the token being parsed
        self.terms = 0

    def enter(self, tok: _Tok, levels: int = 1) -> None:
        """Go `levels` deeper at `tok`; past MAX_DEPTH is a usage error."""
        self.depth += levels
        if self.depth > MAX_DEPTH:
            raise _error(
                _("nested more than {n} deep at position {pos}").format(n=MAX_DEPTH, pos=tok.pos)
            )

    def count_term(self, tok: _Tok) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise _error(
                _("more than {n} terms at position {pos}").format(n=MAX_TERMS, pos=tok.pos)
            )

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
            self.enter(tok)
            inner = self.parse_unary()
            self.depth -= 1
            return Not(inner)
        if tok.kind == "(":
            self.enter(tok)
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
            self.depth -= 1
            return expr
        if tok.kind == ")":
            raise _error(_("unbalanced ')' at position {pos}").format(pos=tok.pos))
        if tok.kind in ("or", "and"):
            raise _error(
                _("expected a term before {word!r} at position {pos}").format(
                    word=tok.text, pos=tok.pos
                )
            )
        self.count_term(tok)
        head = tok.text[: tok.quoted_at]
        dashes = len(head) - len(head.lstrip("-"))  # -x is not x, --x is not not x
        self.enter(tok, dashes)
        self.depth -= dashes
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


def _error(message: str) -> UsageError:
    return UsageError(_("filter: {message}").format(message=message))
