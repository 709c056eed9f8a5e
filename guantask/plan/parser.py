"""Notice text (as extracted from the PDF) → Plan; pure, no I/O.

`parse_notice` reads a key-task notice (重点工作任务分工方案) the way a clerk reads it: the cover
gives the issuer, the document number, the title and the date; `一、` opens a section, `（一）` a
subsection, `1.` (or `（1）`, or `(一)` where there are no subsections) a task, followed by its
fields in parentheses or on their own lines. What PDF extraction does to such a text (page
breaks inside words, field labels and parentheticals, half-width punctuation, repeated
fragments) is repaired here; what cannot be resolved is returned as a `Problem` with its line.
Deadlines and targets are read by `guantask.plan.targets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from guantask.errors import ParseError
from guantask.plan.cover import DATE_LINE_RE, DATE_RE, read_document
from guantask.plan.fields import (
    FIELD_LINE_RE,
    FIELD_OPEN_RE,
    INLINE_FIELDS_RE,
    LABEL_RE,
    fields_span,
    heading_title,
    join_lines,
    normalise_line,
    parse_fields,
    resolve_due,
    split_fields,
    split_names,
    trailing_assignment,
)
from guantask.plan.model import Plan, PlanTask, Section, Subsection
from guantask.plan.problems import Identity, ParseResult, Problem
from guantask.plan.targets import CN_NUMERAL, cn_to_int, extract_targets

__all__ = ["ParseResult", "Problem", "normalise_line", "parse_lines", "parse_notice", "split_names"]


# ----- line shapes -------------------------------------------------------------------------

_SECTION_RE = re.compile(rf"^([{CN_NUMERAL}]{{1,4}})\s*、\s*(.*)$")
_SUB_RE = re.compile(rf"^（\s*([{CN_NUMERAL}]{{1,4}})\s*）\s*(.*)$")
_TASK_RE = re.compile(r"^(\d{1,4})\s*(?:\.(?!\d)|、)\s*(.*)$")
_PTASK_RE = re.compile(r"^（\s*(\d{1,4})\s*）\s*(.*)$")
_NUMBERED_RE = re.compile(
    rf"^(?:[{CN_NUMERAL}]{{1,4}}、|（\s*[{CN_NUMERAL}\d]{{1,4}}\s*）|\d{{1,4}}[.、])"
)
_PAGE_NO_RE = re.compile(r"^[-—－–\s]*\d{1,3}[-—－–\s]*$|^第\s*\d+\s*页.*$")
_CLOSING_RE = re.compile(
    rf"^(?:{DATE_RE.pattern}(?:印发|发布)?|.*印发|(?:抄送|主送|附件|联系人|联系电话).*|（此件.*）"
    r"|[^\s\d，。；：、（）]{2,24}(?:人民政府|办公室|办公厅|委员会|管委会|领导小组))$"
)

# ----- blocks: the notice cut into headings and tasks ---------------------------------------


@dataclass(slots=True)
class _Block:
    kind: str  # section | sub | task ("sub" may turn out to be a task numbered （一）)
    line: int
    number: int
    numeral: str
    body: list[str]
    fields: list[list[str]] = field(default_factory=list)  # fields on their own lines
    strays: list[Problem] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)  # every input line taken

    def text(self) -> str:
        return join_lines(self.body)

    def line_of(self, needle: str) -> int:
        """The input line holding `needle` (the block's first line if it was broken)."""
        needle = needle.replace(" ", "")
        return next((n for n, text in self.lines if needle in text.replace(" ", "")), self.line)


def _state(block: _Block) -> str:
    """none (no fields yet) | open (inside the fields parenthetical) | closed | lines."""
    if block.fields:
        return "lines"
    body = block.text()
    span = fields_span(body)
    if span is not None:
        return "open" if span[1] is None else "closed"
    return "lines" if INLINE_FIELDS_RE.search(body) else "none"


def _is_closing(line: str) -> bool:
    return bool(_CLOSING_RE.match(re.sub(r"\s+", "", line)))


def _is_signature(lines: list[str], index: int) -> bool:
    """The line is a date, or the issuer with a date as its next non-blank line."""
    if DATE_RE.search(lines[index].replace(" ", "")):
        return True
    following = next((x for x in lines[index + 1 :] if x), "")
    return bool(DATE_RE.search(following.replace(" ", ""))) and _is_closing(following)


MAX_GAP = 5


@dataclass(slots=True)
class _Cursor:
    """Numbering seen so far while cutting blocks."""

    section: int = 0
    sub: int = 0
    task: int = 0
    sub_any: int = 0  # last （一） number, not reset by sections: tasks may be numbered so
    section_since_task: bool = False
    closed: bool = False  # the closing signature/print line was seen


def _structural(line: str, cur: _Cursor, *, strict: bool) -> tuple[str, int, str, str] | None:
    """(kind, number, numeral, rest) if the line opens a section, subsection or task.

    Numbers must follow on: a task may skip at most MAX_GAP numbers (`30、50家` after a page
    break is not task 30 when the last task was 8), and none at all inside an open （ (`strict`).
    """
    if m := _SECTION_RE.match(line):
        n = cn_to_int(m[1])
        if n is not None and (n == cur.section + 1 or cur.section == 0):
            return "section", n, m[1], m[2]
    if m := _SUB_RE.match(line):
        n = cn_to_int(m[1])
        if n is not None and n in (cur.sub + 1, 1, cur.task + 1, cur.sub_any + 1):
            return "sub", n, m[1], m[2]
    if m := (_TASK_RE.match(line) or _PTASK_RE.match(line)):
        n = int(m[1])
        limit = cur.task + 1 if strict or cur.task == 0 else cur.task + 1 + MAX_GAP
        if cur.task < n <= limit or (n == 1 and cur.section_since_task and not strict):
            return "task", n, m[1], m[2]
    return None


def _continues(block: _Block, line: str) -> str | None:
    """Where a plain line goes: "body", "field" (the last field line), or None (not this block's).

    A heading takes a line only while it does not end in 。; a task takes every line until its
    fields begin, then only what continues the fields.
    """
    state = _state(block)
    if state == "open" or FIELD_OPEN_RE.match(line):
        return "body"
    if block.kind == "section" or (block.kind == "sub" and state == "none"):
        # A heading goes on only where it visibly breaks off; a （一） task awaiting its
        # fields (long text, no 。 yet) takes its next line.
        text = block.text()
        if _NUMBERED_RE.match(line) or text.endswith("。"):
            return None
        broken = text.endswith(("，", "、", "“", "（")) or text.count("“") > text.count("”")
        return "body" if broken or (block.kind == "sub" and len(text) > 25) else None
    if state == "none":
        return "body"
    if state == "closed":  # only a fragment repeated after a page break (task 23) continues it
        return "body" if LABEL_RE.search(line) else None
    last = join_lines(block.fields[-1] if block.fields else block.body)
    if last.endswith(("、", "，")) or last.count("（") > last.count("）"):
        return "field"
    if "。" in line or _is_closing(line):
        return None
    return "field"


def cut_blocks(lines: list[str], start: int) -> list[_Block]:
    """The body (from `start`) cut into sections, subsections and tasks, in order."""
    blocks: list[_Block] = []
    cur = _Cursor()
    for index in range(start, len(lines)):
        line, lineno = lines[index], index + 1
        if not line or _PAGE_NO_RE.match(line):
            continue
        block = blocks[-1] if blocks else None
        open_fields = block is not None and _state(block) == "open"
        found = _structural(line, cur, strict=open_fields)
        if found is not None:
            kind, number, numeral, rest = found
            blocks.append(_Block(kind, lineno, number, numeral, [rest], lines=[(lineno, line)]))
            cur.closed = False
            if kind == "section":
                cur.section, cur.sub, cur.section_since_task = number, 0, True
            elif kind == "sub":
                cur.sub = cur.sub_any = number
            else:
                cur.task, cur.section_since_task = number, False
            continue
        if block is None or cur.closed:
            continue  # cover text before the first heading, or the closing lines
        if FIELD_LINE_RE.match(line) and not open_fields and block.kind != "section":
            block.fields.append([line])
            block.lines.append((lineno, line))
            continue
        if open_fields and _is_closing(line) and _is_signature(lines, index):
            cur.closed = True  # the signature after a task whose （ was never closed
            continue
        where = _continues(block, line)
        if where is not None:
            (block.fields[-1] if where == "field" and block.fields else block.body).append(line)
            block.lines.append((lineno, line))
            continue
        if _is_closing(line):
            cur.closed = True
            continue
        shown = line if len(line) <= 24 else line[:24] + "…"
        block.strays.append(Problem(lineno, f"text outside any task ignored: {shown}"))
    return blocks


def find_body_start(lines: list[str]) -> int:
    """Index of the first line after the cover notice's date, if headings or tasks follow it."""
    for i, line in enumerate(lines):
        if DATE_LINE_RE.match(line.replace(" ", "")):
            rest = lines[i + 1 :]
            if any(_SECTION_RE.match(x) or _TASK_RE.match(x) or _SUB_RE.match(x) for x in rest):
                return i + 1
            return 0
    return 0


# ----- one task ------------------------------------------------------------------------------


def _merge(into: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for role, names in more.items():
        into[role].extend(n for n in names if n not in into[role])


def build_task(
    block: _Block, task_no: int, section: int, subsection: int | None, year: int
) -> tuple[PlanTask, list[Problem]]:
    """A PlanTask from its block, with the problems found in it."""
    problems: list[Problem] = []
    body = block.text()
    text, fields, leftover = split_fields(body)
    span = fields_span(body)
    if span is not None and span[1] is None:
        problems.append(Problem(block.line, f"task {task_no}: the fields' （ is never closed"))
    if leftover:
        problems.append(
            Problem(
                block.line_of(leftover),
                f"task {task_no}: unexpected text after its fields: {leftover}",
            )
        )
    roles, unknown = parse_fields(fields)
    for lines in block.fields:
        more, more_unknown = parse_fields(join_lines(lines))
        _merge(roles, more)
        unknown += more_unknown
    for label in unknown:
        problems.append(
            Problem(block.line_of(label + "："), f"task {task_no}: unknown field {label}: ignored")
        )
    text = re.sub(r"\s+", " ", text).strip()
    if not fields and not block.fields and (found := trailing_assignment(text, year)):
        text, roles = found  # `…建设。（市经信委、市发改委牵头落实）`
    due, source, unread = resolve_due(text, roles["due"], year)
    if unread is not None:
        problems.append(Problem(block.line_of(unread[1]), f"task {task_no}: {unread[0]}"))
    if not roles["leaders"] and not roles["lead_units"]:
        problems.append(Problem(block.line, f"task {task_no}: no leader and no lead unit"))
    if not text:
        problems.append(Problem(block.line, f"task {task_no}: no text"))
    task = PlanTask(
        no=task_no,
        section=section,
        subsection=subsection,
        text=text,
        leaders=tuple(roles["leaders"]),
        lead_units=tuple(roles["lead_units"]),
        responsible_units=tuple(roles["responsible_units"]),
        due=due,
        due_source=source,
        targets=extract_targets(text),
    )
    return task, problems


def _is_task(block: _Block) -> bool:
    """A `（一）` line is a task when fields follow it, otherwise a subsection heading."""
    if block.kind != "sub":
        return block.kind == "task"
    return bool(block.fields) or _state(block) != "none"


# ----- the whole notice ---------------------------------------------------------------------


@dataclass(slots=True)
class _SectionDraft:
    section: Section
    line: int
    subsections: list[Subsection] = field(default_factory=list)
    tasks: int = 0
    strays: list[Problem] = field(default_factory=list)


def assemble(
    blocks: list[_Block], year: int, problems: list[Problem]
) -> tuple[list[Section], list[PlanTask]]:
    """(sections, tasks) from the blocks: numbering checked, task-less sections left out."""
    drafts: list[_SectionDraft] = []
    tasks: list[PlanTask] = []
    sub_no: int | None = None
    last_no, offset = 0, 0
    for block in blocks:
        if block.kind == "section":
            title = heading_title(block.text())
            drafts.append(_SectionDraft(Section(block.number, block.numeral, title), block.line))
            drafts[-1].strays += block.strays
            sub_no = None
            continue
        if not drafts:
            drafts.append(_SectionDraft(Section(0, "", ""), block.line))
            problems.append(
                Problem(block.line, "tasks before the first section heading: section 0")
            )
        draft = drafts[-1]
        if not _is_task(block):
            title = heading_title(block.text())
            if any(s.no == block.number for s in draft.subsections):
                message = f"subsection （{block.numeral}） repeated: its tasks join the first"
                problems.append(Problem(block.line, message))
            else:
                if not title:
                    problems.append(
                        Problem(block.line, f"subsection （{block.numeral}） has no title")
                    )
                draft.subsections.append(Subsection(block.number, block.numeral, title))
            draft.strays += block.strays
            sub_no = block.number
            continue
        if block.number + offset <= last_no:  # numbering restarts (e.g. in each section)
            offset = last_no + 1 - block.number
            problems.append(
                Problem(block.line, f"task numbered {block.numeral} again: given id {last_no + 1}")
            )
        elif block.number + offset != last_no + 1:
            problems.append(
                Problem(block.line, f"task {block.number + offset} follows task {last_no}")
            )
        last_no = block.number + offset
        task, found = build_task(block, last_no, draft.section.no, sub_no, year)
        tasks.append(task)
        problems += found + block.strays
        draft.tasks += 1
    sections = []
    seen_tasks = False
    for draft in drafts:
        sec = draft.section
        if draft.tasks:
            seen_tasks = True
            sections.append(Section(sec.no, sec.numeral, sec.title, tuple(draft.subsections)))
            problems += draft.strays
        elif seen_tasks:  # headings before the first task belong to the cover: left out silently
            problems.append(
                Problem(draft.line, f"section {sec.numeral}、{sec.title} has no tasks: left out")
            )
    return sections, tasks


def parse_notice(text: str, *, given: Identity | None = None) -> ParseResult:
    """Parses a key-task notice into a Plan plus the problems it could not resolve.

    Raises ParseError only when there is no document header, no year or no task at all.
    """
    return parse_lines(text.splitlines(), given=given)


def parse_lines(
    raw: list[str], *, given: Identity | None = None, where: list[str] | None = None
) -> ParseResult:
    """`parse_notice` of a notice's lines; `where` names each line's place in a document that
    has no lines of its own (`paragraph 12`), for the problems."""
    lines = [normalise_line(line) for line in raw]
    problems: list[Problem] = []
    body_start = find_body_start(lines)
    blocks = cut_blocks(lines, body_start)
    if not any(_is_task(b) for b in blocks):
        raise ParseError("no numbered tasks found (1. … / （1）… with 牵头单位 fields)")
    document = read_document(
        lines,
        body_start=body_start,
        first_block=blocks[0].line - 1,
        given=given or Identity(),
        problems=problems,
    )
    sections, tasks = assemble(blocks, document.year, problems)
    problems.sort(key=lambda p: p.line)
    if where is not None:
        problems = [replace(p, where=where[p.line - 1]) for p in problems]
    plan = Plan(document=document, sections=tuple(sections), tasks=tuple(tasks))
    return ParseResult(plan=plan, problems=tuple(problems))
