"""Table-form notices (分工方案 as a table) → Plan: one task per row.

A task table is found by its header row: a task column (重点工作, 工作任务, …) and at least one
field column (分管领导, 牵头单位, 配合单位, 完成时限, …, the labels of `guantask.plan.fields`).
A second header row under a group heading (责任分工 over 牵头单位 | 配合单位) refines the first.
Merged cells arrive from the readers with their value in every row they span; a PDF's cell
covered by a merge (None) takes the value above it. A row whose only text is one heading
(`一、…` spanning the table) opens a section, `（一）…` a subsection. A table without a header
right after a task table of the same width continues it (a table broken across pages).
Problems name the sheet (or table), the row and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from guantask.errors import ParseError
from guantask.plan.cover import read_document
from guantask.plan.fields import (
    ROLE_OF,
    heading_title,
    join_lines,
    join_name_lines,
    parse_fields,
    resolve_due,
    split_fields,
    split_names,
    trailing_assignment,
)
from guantask.plan.model import Document, Plan, PlanTask, Section, Subsection
from guantask.plan.problems import Identity, ParseResult, Problem
from guantask.plan.readers.content import Table, TextLine, cell_lines
from guantask.plan.targets import CN_NUMERAL, cn_to_int, extract_targets, words

TASK_HEADINGS = words(
    "重点工作 重点任务 重点工作任务 工作任务 任务内容 工作内容 主要任务 具体任务 目标任务 "
    "工作举措 主要内容 工作目标 任务名称 具体内容 工作事项 重点事项 具体工作 工作措施 任务"
)
NUMBER_HEADINGS = words("序号 编号 序")
_FIELD_ROLES = ("leaders", "lead_units", "responsible_units", "due")
_NAME_ROLES = ("leaders", "lead_units", "responsible_units")
_SECTION_RE = re.compile(rf"^([{CN_NUMERAL}]{{1,4}})\s*、\s*(.+)$")
_SUB_RE = re.compile(rf"^（\s*([{CN_NUMERAL}]{{1,4}})\s*）\s*(.+)$")
_NUMBER_RE = re.compile(r"^(\d{1,4})(?:\s*[.、．])?$|^（(\d{1,4})）$")
_LEAD_MARK_RE = re.compile(r"（牵头）$|（牵头单位）$")


def heading_role(text: str | None) -> str | None:
    """The role of a column heading: no, task, leaders, lead_units, responsible_units, due."""
    t = re.sub(r"\s+|（[^（）]*）", "", "".join(cell_lines(text or "")))
    if not t or len(t) > 12:
        return None
    if t in NUMBER_HEADINGS:
        return "no"
    if t in ROLE_OF:
        return ROLE_OF[t]
    if t in TASK_HEADINGS:
        return "task"
    if t.endswith("领导"):
        return "leaders"
    if t.endswith(("牵头单位", "牵头部门")):
        return "lead_units"
    if t.endswith(("配合单位", "责任单位", "协办单位", "配合部门", "责任部门", "参与单位")):
        return "responsible_units"
    if re.search(r"时限|时间|节点|期限", t):
        return "due"
    if t.endswith(("任务", "工作", "内容", "举措", "措施", "事项")):
        return "task"
    return None


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a task table keeps what: role → column indexes, the due columns' headings."""

    roles: dict[str, list[int]]
    labels: dict[int, str]
    first_row: int  # the first row after the header
    width: int


def _roles(row: tuple[str | None, ...]) -> dict[int, str]:
    return {c: role for c, cell in enumerate(row) if (role := heading_role(cell))}


def find_columns(table: Table) -> Columns | None:
    """The task table's header, within its first ten rows; None if it is not a task table."""
    rows = table.rows
    for r in range(min(len(rows), 10)):
        found = _roles(rows[r])
        if "task" not in found.values():
            continue
        labels = {c: "".join(cell_lines(rows[r][c] or "")) for c in found}
        first = r + 1
        if first < len(rows) and (below := _roles(rows[first])):
            same = all(
                not cell or c in below or cell == rows[r][c] for c, cell in enumerate(rows[first])
            )
            if same:
                found |= below
                labels |= {c: "".join(cell_lines(rows[first][c] or "")) for c in below}
                first += 1
        roles: dict[str, list[int]] = {}
        for c, role in sorted(found.items()):
            roles.setdefault(role, []).append(c)
        if any(role in roles for role in _FIELD_ROLES):
            roles["task"] = roles["task"][:1]
            roles["no"] = roles.get("no", [])[:1]
            return Columns(roles, labels, first, len(rows[r]))
    return None


# ----- rows → tasks --------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """The plan being built, row by row."""

    sections: list[tuple[Section, list[Subsection], str]] = field(default_factory=list)
    tasks: list[PlanTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    last_no: int = 0
    offset: int = 0
    last_key: tuple[str, str] | None = None  # (number, text) of the last task row
    subsection: int | None = None

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(len(self.problems) + 1, message, where))

    def heading(self, text: str, where: str) -> bool:
        """Opens a section or subsection if `text` is one; False if it is not a heading."""
        if m := _SUB_RE.match(text):
            if not self.sections:
                return False
            _section, subs, _where = self.sections[-1]
            number = cn_to_int(m[1]) or len(subs) + 1
            subs.append(Subsection(number, m[1], heading_title(m[2])))
            self.subsection = number
            return True
        if m := _SECTION_RE.match(text):
            number = cn_to_int(m[1]) or len(self.sections) + 1
            self.sections.append((Section(number, m[1], heading_title(m[2])), [], where))
            self.subsection = None
            return True
        return False


def _names(cell: str, role: str) -> tuple[list[str], list[str]]:
    """(names, those marked as the lead: `市发改委（牵头）`) of a leader or unit cell; each line
    of a leader cell is a name, a unit cell's lines may be a name wrapped by the layout."""
    names, leads = [], []
    lines = cell_lines(cell)
    joined = "、".join(lines) if role == "leaders" else join_name_lines(lines)
    for name in split_names(joined):
        if _LEAD_MARK_RE.search(name):
            leads.append(_LEAD_MARK_RE.sub("", name))
        else:
            names.append(name)
    return names, leads


def _task_row(
    draft: _Draft, table: Table, r: int, cells: list[str], cols: Columns, year: int
) -> None:
    """One task (or more units for the last task, when its number and text repeat)."""
    at = table.place(r)
    number_cell = cells[cols.roles["no"][0]] if cols.roles["no"] else ""
    body = join_lines(cell_lines(cells[cols.roles["task"][0]]))
    text, fields_text, _leftover = split_fields(body)
    roles, _unknown = parse_fields(fields_text)
    if not fields_text and (found := trailing_assignment(text, year)):
        text, roles = found
    for role in _NAME_ROLES:
        for c in cols.roles.get(role, []):
            names, leads = _names(cells[c], role)
            roles[role] += [n for n in names if n not in roles[role]]
            roles["lead_units"] += [n for n in leads if n not in roles["lead_units"]]
    for c in cols.roles.get("due", []):
        if value := " ".join(cell_lines(cells[c])):
            roles["due"].insert(0, f"{cols.labels[c]}：{value}")
    key = (number_cell, body)
    if draft.last_key == key and draft.tasks:  # a task merged over several rows
        last = draft.tasks[-1]
        merged = {
            role: tuple(dict.fromkeys([*getattr(last, role), *roles[role]])) for role in _NAME_ROLES
        }
        draft.tasks[-1] = replace(last, **merged)
        return
    draft.last_key = key
    m = _NUMBER_RE.match(number_cell.replace(" ", ""))
    if m is None:
        number = draft.last_no + 1 - draft.offset
        if cols.roles["no"]:
            draft.problem(at, f"no task number: given id {draft.last_no + 1}")
    else:
        number = int(m[1] or m[2])
    if number + draft.offset <= draft.last_no:
        draft.offset = draft.last_no + 1 - number
        draft.problem(at, f"task numbered {number} again: given id {draft.last_no + 1}")
    elif number + draft.offset != draft.last_no + 1:
        draft.problem(at, f"task {number + draft.offset} follows task {draft.last_no}")
    no = draft.last_no = number + draft.offset
    if not draft.sections:
        draft.sections.append((Section(0, "", ""), [], at))
    due, source, unread = resolve_due(text, roles["due"], year)
    if unread is not None:
        draft.problem(table.place(r, cols.roles["due"][0]), f"task {no}: {unread[0]}")
    if not roles["leaders"] and not roles["lead_units"]:
        draft.problem(at, f"task {no}: no leader and no lead unit")
    if not text:
        draft.problem(table.place(r, cols.roles["task"][0]), f"task {no}: no text")
    draft.tasks.append(
        PlanTask(
            no=no,
            section=draft.sections[-1][0].no,
            subsection=draft.subsection,
            text=text,
            leaders=tuple(roles["leaders"]),
            lead_units=tuple(roles["lead_units"]),
            responsible_units=tuple(roles["responsible_units"]),
            due=due,
            due_source=source,
            targets=extract_targets(text),
        )
    )


def _rows(
    draft: _Draft, table: Table, cols: Columns, start: int, above: list[str], year: int
) -> list[str]:
    """The table's rows from `start`: headings, tasks; returns the last task row's cells."""
    header = {c: role for role, cs in cols.roles.items() for c in cs}
    for r in range(start, len(table.rows)):
        raw = table.rows[r]
        cells = [
            (above[c] if c < len(above) else "") if cell is None else cell
            for c, cell in enumerate(raw)
        ]
        cells += [""] * (cols.width - len(cells))
        texts = ["".join(cell_lines(c)) for c in raw if c]
        if not any(texts):
            continue
        if _roles(raw) == header:
            continue  # the header repeated on the next page
        distinct = set(texts)
        if len(distinct) == 1:
            text = distinct.pop()
            if draft.heading(text, table.place(r)):
                draft.last_key = None
                continue
            if len(texts) > 1 and not _NUMBER_RE.match(text):  # one text merged across
                draft.sections.append(
                    (Section(len(draft.sections) + 1, "", text), [], table.place(r))
                )
                draft.subsection = None
                continue
        _task_row(draft, table, r, cells, cols, year)
        above = cells
    return above


def parse_tables(items: tuple[TextLine | Table, ...], *, given: Identity) -> ParseResult:
    """A notice whose tasks are rows of task tables; the cover is what comes before them."""
    found = [
        (k, cols)
        for k, item in enumerate(items)
        if isinstance(item, Table) and (cols := find_columns(item))
    ]
    first, first_cols = found[0]
    last_table = found[-1][0]
    cover: list[tuple[str, str]] = [
        (i.text, i.where) for i in items[:first] if isinstance(i, TextLine)
    ]
    table = items[first]
    assert isinstance(table, Table)
    for r in range(first_cols.first_row):
        texts = list(dict.fromkeys("".join(cell_lines(c)) for c in table.rows[r] if c))
        if texts and not _roles(table.rows[r]):
            cover.append((" ".join(texts), table.place(r)))
    draft = _Draft()
    lines = ["".join(cell_lines(text)) for text, _ in cover]
    problems: list[Problem] = []
    document = read_document(
        lines, body_start=len(lines), first_block=len(lines), given=given, problems=problems
    )
    for p in problems:
        draft.problem(cover[p.line - 1][1] if cover else "", p.message)
    cols: Columns | None = None
    above: list[str] = []
    for k in range(first, len(items)):
        item = items[k]
        if isinstance(item, TextLine):
            text = "".join(cell_lines(item.text))
            if text and not draft.heading(text, item.where) and k < last_table:
                shown = text if len(text) <= 24 else text[:24] + "…"
                draft.problem(item.where, f"text outside any task table ignored: {shown}")
            continue
        here = find_columns(item)
        if here is not None:
            cols = here
            above = _rows(draft, item, cols, cols.first_row, [], document.year)
        elif cols is not None and item.rows and len(item.rows[0]) == cols.width:
            above = _rows(draft, item, cols, 0, above, document.year)  # continued on a new page
    return ParseResult(plan=_plan(draft, document), problems=tuple(draft.problems))


def _plan(draft: _Draft, document: Document) -> Plan:
    """The plan from the draft: sections without tasks are left out (and reported)."""
    used = {t.section for t in draft.tasks}
    sections = []
    for section, subs, where in draft.sections:
        if section.no in used:
            sections.append(replace(section, subsections=tuple(subs)))
            if section.no == 0 and len(draft.sections) > 1:
                draft.problem(where, "tasks before the first section heading: section 0")
        else:
            draft.problem(
                where, f"section {section.numeral}、{section.title} has no tasks: left out"
            )
    if not draft.tasks:
        raise ParseError("the task table has no task rows")
    return Plan(document=document, sections=tuple(sections), tasks=tuple(draft.tasks))
