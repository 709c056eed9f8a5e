"""A notice file → ParseResult: read it (`guantask.plan.readers`), then parse its task tables
(`guantask.plan.tables`) or, where it has none, its lines (`guantask.plan.parser`)."""

from __future__ import annotations

from dataclasses import replace
from typing import BinaryIO

from guantask.plan.parser import parse_lines
from guantask.plan.problems import Identity, ParseResult, Problem
from guantask.plan.readers import Notice, Table, TextLine, load_notice, read_notice
from guantask.plan.readers.content import cell_lines
from guantask.plan.tables import find_columns, parse_tables


def parse_content(notice: Notice, *, given: Identity | None = None) -> ParseResult:
    """The plan of a notice read by a reader: table form if it has a task table. What the
    reader left out (rows past the cap) comes first among the problems."""
    result = _parse(notice, given or Identity())
    notes = tuple(Problem(0, message, where) for where, message in notice.notes)
    return replace(result, problems=notes + result.problems) if notes else result


def _parse(notice: Notice, given: Identity) -> ParseResult:
    if any(isinstance(i, Table) and find_columns(i) for i in notice.items):
        return parse_tables(notice.items, given=given)
    lines: list[str] = []
    where: list[str] = []
    for item in notice.items:
        if isinstance(item, TextLine):
            lines.append(item.text)
            where.append(item.where)
            continue
        for r, row in enumerate(item.rows):
            for cell in dict.fromkeys(c for c in row if c):
                for line in cell_lines(cell):
                    lines.append(line)
                    where.append(item.place(r))
    plain = notice.kind == "text" and all(isinstance(i, TextLine) for i in notice.items)
    return parse_lines(lines, given=given, where=None if plain else where)


def parse_file(path: str, *, stdin: BinaryIO, given: Identity | None = None) -> ParseResult:
    """`guantask parse FILE`: the notice at `path` ('-' for stdin), in any format read."""
    data = load_notice(path, stdin=stdin)
    return parse_content(read_notice(data, name=path), given=given)
