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
from dataclasses import dataclass, field

from guantask.errors import ParseError
from guantask.plan.model import Document, Plan, PlanTask, Section, Subsection
from guantask.plan.targets import (
    CN_NUMERAL,
    DEFAULT_SOURCE,
    cn_to_int,
    extract_due,
    extract_targets,
    words,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the parser could not resolve; `line` is 1-based in the input."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    plan: Plan
    problems: tuple[Problem, ...]


# ----- field labels ------------------------------------------------------------------------

LEADER_LABELS = words(
    "牵头县级领导 牵头县领导 县级牵头领导 牵头领导 责任县领导 责任领导 分管县领导 分管领导 "
    "联系县领导 联系领导 包保领导"
)
LEAD_UNIT_LABELS = words("牵头单位 牵头部门 主责单位 主办单位")
RESPONSIBLE_LABELS = words("责任单位 责任部门 配合单位 配合部门 协同单位 协办单位 参与单位")
DUE_LABELS = words("完成时限 完成时间 时间节点 时限要求")

_ROLE_OF = (
    {label: "leaders" for label in LEADER_LABELS}
    | {label: "lead_units" for label in LEAD_UNIT_LABELS}
    | {label: "responsible_units" for label in RESPONSIBLE_LABELS}
    | {label: "due" for label in DUE_LABELS}
)
_LABEL = "|".join(sorted(_ROLE_OF, key=len, reverse=True))
_LABEL_RE = re.compile(rf"({_LABEL})\s*：")
_FIELD_OPEN_RE = re.compile(rf"（\s*(?:{_LABEL})\s*：")
_FIELD_LINE_RE = re.compile(rf"^(?:{_LABEL})\s*：")
_INLINE_FIELDS_RE = re.compile(rf"(?<=[。；])\s*(?:{_LABEL})\s*：")
_ANY_LABEL_RE = re.compile(r"(?:^|(?<=[；，、：\s]))([^\s\d；，、：（）。A-Za-z]{2,7})\s*：")

# ----- line shapes -------------------------------------------------------------------------

_SECTION_RE = re.compile(rf"^([{CN_NUMERAL}]{{1,4}})\s*、\s*(.*)$")
_SUB_RE = re.compile(rf"^（\s*([{CN_NUMERAL}]{{1,4}})\s*）\s*(.*)$")
_TASK_RE = re.compile(r"^(\d{1,4})\s*(?:\.(?!\d)|、)\s*(.*)$")
_PTASK_RE = re.compile(r"^（\s*(\d{1,4})\s*）\s*(.*)$")
_NUMBERED_RE = re.compile(
    rf"^(?:[{CN_NUMERAL}]{{1,4}}、|（\s*[{CN_NUMERAL}\d]{{1,4}}\s*）|\d{{1,4}}[.、])"
)
_PAGE_NO_RE = re.compile(r"^[-—－–\s]*\d{1,3}[-—－–\s]*$|^第\s*\d+\s*页.*$")
_CN_DATE = rf"(\d{{4}}|[{CN_NUMERAL}]{{4}})年(\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})月"
_DATE_RE = re.compile(rf"{_CN_DATE}(\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})日")
_DATE_LINE_RE = re.compile(rf"^{_DATE_RE.pattern}$")
_CLOSING_RE = re.compile(
    rf"^(?:{_DATE_RE.pattern}(?:印发|发布)?|.*印发|(?:抄送|主送|附件|联系人|联系电话).*|（此件.*）"
    r"|[^\s\d，。；：、（）]{2,24}(?:人民政府|办公室|办公厅|委员会|管委会|领导小组))$"
)
_DOC_NUMBER_RE = re.compile(
    r"([^\s\d〔［\[【（），。；：、《》“”]{1,12})\s*[〔［\[【（]\s*(\d{4})\s*[〕］\]】）]\s*第?\s*(\d+)\s*号"
)
_YEAR_RE = re.compile(r"(\d{4})年")

# Length-preserving map to the punctuation the parser expects (NFKC-ed notices use ( ) : ; ,).
_WIDTH_MAP = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "．": ".",
        "\u3000": " ",
        "\xa0": " ",
        "\t": " ",
        "(": "（",
        ")": "）",
        ";": "；",
        "?": "？",
        "!": "！",
        "｡": "。",
        "､": "、",
        "﹙": "（",
        "﹚": "）",
    }
)
_COMMA_RE = re.compile(r",(?!\d)|(?<!\d),")  # 1,200 keeps its comma
_COLON_RE = re.compile(r":(?!\d)|(?<!\d):")  # 9:30 keeps its colon


def normalise_line(line: str) -> str:
    """One input line with full-width punctuation and ASCII digits, whitespace runs as one space.

    Fullwidth letters and digits become ASCII (as NFKC does); half-width ( ) : ; , become
    （ ）： ； ， except inside numbers. Nothing else changes, so PM₁₀ stays PM₁₀.
    """
    s = line.translate(_WIDTH_MAP)
    s = _COMMA_RE.sub("，", s)
    s = _COLON_RE.sub("：", s)
    return re.sub(r"\s+", " ", s).strip()


def clean_name(name: str) -> str:
    """A leader or unit name as written, without spaces or stray punctuation."""
    name = re.sub(r"\s+", "", name.translate(_WIDTH_MAP)).strip("，、；。：")
    if name.endswith("）") and name.count("）") > name.count("（"):
        name = name[:-1]
    return name


def split_names(value: str) -> list[str]:
    """`县政府有关部门，各乡镇（街道）、县经济开发区` → three names; commas inside （） stay."""
    names, depth, current = [], 0, []
    for ch in value:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in "、，；":
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    return [n for n in (clean_name(n) for n in names) if n]


def _squeeze(text: str) -> str:
    """A heading or title: spaces between Chinese characters are extraction artefacts."""
    parts = text.split()
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if _is_wide(out[-1]) and _is_wide(part[0]) else " ") + part
    return out


def _is_wide(ch: str) -> bool:
    """A Chinese character or full-width punctuation mark (not ASCII, not Latin)."""
    return ch >= "\u2e80"


def _heading_title(text: str) -> str:
    return _squeeze(text).rstrip("。").strip()


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph joined as the PDF had them: no space, except between two words."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " "
        out += part
    return out


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


def fields_span(body: str) -> tuple[int, int | None] | None:
    """(start, end) of the fields parenthetical `（牵头领导：…）`; end None while it is open."""
    m = _FIELD_OPEN_RE.search(body)
    if m is None:
        return None
    depth = 0
    for i in range(m.start(), len(body)):
        if body[i] == "（":
            depth += 1
        elif body[i] == "）":
            depth -= 1
            if depth == 0:
                return m.start(), i
    return m.start(), None


def _state(block: _Block) -> str:
    """none (no fields yet) | open (inside the fields parenthetical) | closed | lines."""
    if block.fields:
        return "lines"
    body = block.text()
    span = fields_span(body)
    if span is not None:
        return "open" if span[1] is None else "closed"
    return "lines" if _INLINE_FIELDS_RE.search(body) else "none"


def _is_closing(line: str) -> bool:
    return bool(_CLOSING_RE.match(re.sub(r"\s+", "", line)))


def _is_signature(lines: list[str], index: int) -> bool:
    """The line is a date, or the issuer with a date as its next non-blank line."""
    if _DATE_RE.search(lines[index].replace(" ", "")):
        return True
    following = next((x for x in lines[index + 1 :] if x), "")
    return bool(_DATE_RE.search(following.replace(" ", ""))) and _is_closing(following)


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
    if state == "open" or _FIELD_OPEN_RE.match(line):
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
        return "body" if _LABEL_RE.search(line) else None
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
        if _FIELD_LINE_RE.match(line) and not open_fields and block.kind != "section":
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


# ----- the cover: issuer, document number, title, date --------------------------------------


def _date_of(m: re.Match[str]) -> str | None:
    y, mo, d = cn_to_int(m[1]), cn_to_int(m[2]), cn_to_int(m[3])
    if not (y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_body_start(lines: list[str]) -> int:
    """Index of the first line after the cover notice's date, if headings or tasks follow it."""
    for i, line in enumerate(lines):
        if _DATE_LINE_RE.match(line.replace(" ", "")):
            rest = lines[i + 1 :]
            if any(_SECTION_RE.match(x) or _TASK_RE.match(x) or _SUB_RE.match(x) for x in rest):
                return i + 1
            return 0
    return 0


def read_document(
    lines: list[str], body_start: int, first_block: int, problems: list[Problem]
) -> Document:
    """The document header from the cover (lines before the first heading or task)."""
    header = [(i + 1, line.replace(" ", "")) for i, line in enumerate(lines[:first_block]) if line]
    joined = "".join(text for _, text in header)

    m = next(
        (
            found
            for line in [*lines[:first_block], *lines]
            if (found := _DOC_NUMBER_RE.search(line))
        ),
        None,
    )
    doc_number = f"{m[1]}〔{m[2]}〕{m[3]}号" if m else ""

    title = ""
    if t := re.search(r"《(.+?)》", joined):
        title = t[1]
    else:
        for _, text in reversed(header):
            if re.search(r"方案|计划|清单|分工", text) and "〔" not in text:
                title = re.sub(r"^.*?关于印发|的通知$", "", text)
                break
    if not doc_number and not title:
        raise ParseError("no document header found: no document number (…〔2024〕1号) or title")

    issuer = ""
    for k, (_, text) in enumerate(header):
        if "关于" in text:
            issuer = text.split("关于", 1)[0]
            if not issuer and k > 0 and not _DOC_NUMBER_RE.search(header[k - 1][1]):
                issuer = header[k - 1][1]
            break
    if not issuer:
        issuer = next((t[:-2] for _, t in header if t.endswith("文件") and len(t) > 2), "")

    issued = ""
    for i in range(body_start - 1, -1, -1) if body_start else range(len(lines)):
        if d := _DATE_LINE_RE.match(lines[i].replace(" ", "")):
            issued = _date_of(d) or ""
            break
    if not issued:
        for line in lines:
            d = _DATE_RE.search(line.replace(" ", ""))
            if d and line.replace(" ", "").endswith("印发"):
                issued = _date_of(d) or ""

    year_m = _YEAR_RE.search(title)
    year = int(year_m[1]) if year_m else int(m[2]) if m else int(issued[:4]) if issued else 0
    if not year:
        raise ParseError("no plan year found in the title, document number or date")
    line1 = header[0][0] if header else 1
    if not doc_number:
        problems.append(Problem(line1, "no document number (…〔2024〕1号) found"))
    if not title:
        problems.append(Problem(line1, "no title 《…》 found"))
    if not issuer:
        problems.append(Problem(line1, "no issuer found (…关于印发… or …文件)"))
    if not issued:
        issued = f"{year:04d}-01-01"
        problems.append(Problem(line1, f"no issue date found; using {issued}"))
    return Document(issuer=issuer, doc_number=doc_number, title=title, issued=issued, year=year)


# ----- one task ------------------------------------------------------------------------------


def split_fields(body: str) -> tuple[str, str, str]:
    """(text, fields, leftover) of a task body; leftover is text after the fields that the
    repair below could not place (reported by the caller)."""
    span = fields_span(body)
    if span is None:
        if m := _INLINE_FIELDS_RE.search(body):
            return body[: m.start()].strip(), body[m.start() :].strip(), ""
        return body.strip(), "", ""
    start, end = span
    text = body[:start].strip()
    if end is None:
        return text, body[start + 1 :], ""
    inner, trailing = body[start + 1 : end], body[end + 1 :].strip()
    if not trailing.strip("。；，. "):
        return text, inner, ""
    if _FIELD_OPEN_RE.match(trailing):
        trailing = trailing[1:]
    label = _LABEL_RE.search(trailing)
    if label is None:
        return text, inner, trailing
    # A page break repeated the end of the last field: `…县发展和改革局）` then `革局；责任单位：…）`.
    fragment = re.split(r"[；，]", trailing[: label.start()], maxsplit=1)[0]
    leftover = ""
    if fragment and inner.replace(" ", "").endswith(fragment.replace(" ", "")):
        trailing = trailing[len(fragment) :]
    elif fragment:
        leftover = fragment
        trailing = trailing[len(fragment) :]
    combined = inner + "；" + trailing.lstrip("；，")
    if combined.count("）") > combined.count("（") and combined.rstrip().endswith("）"):
        combined = combined.rstrip()[:-1]
    return text, combined, leftover


def parse_fields(fields: str) -> tuple[dict[str, list[str]], list[str]]:
    """{role: names} from `牵头领导：…；牵头单位：…；责任单位：…`, and unknown labels found.

    An empty field (a damaged `（牵头单位：` before a page break) is skipped; a label seen
    twice has its names merged.
    """
    out: dict[str, list[str]] = {
        "leaders": [],
        "lead_units": [],
        "responsible_units": [],
        "due": [],
    }
    marks: list[tuple[int, int, str | None]] = []  # (start, value start, role)
    depth = 0
    depth_at = []
    for ch in fields:
        depth_at.append(depth)
        depth += 1 if ch == "（" else -1 if ch == "）" else 0
    for m in _LABEL_RE.finditer(fields):
        if depth_at[m.start()] == 0:
            marks.append((m.start(), m.end(), _ROLE_OF[m[1]]))
    known = list(marks)
    for m in _ANY_LABEL_RE.finditer(fields):
        overlaps = any(s < m.end() and m.start(1) < e for s, e, _ in known)
        if depth_at[m.start(1)] == 0 and not overlaps:
            marks.append((m.start(1), m.end(), None))
    marks.sort()
    unknown = []
    for k, (_, value_start, role) in enumerate(marks):
        value_end = marks[k + 1][0] if k + 1 < len(marks) else len(fields)
        value = fields[value_start:value_end]
        if role is None:
            unknown.append(fields[marks[k][0] : value_start].rstrip("： "))
            continue
        if role == "due":  # kept with its label: 完成时限：2024年6月底
            if value.strip("；，、。 "):
                label = fields[marks[k][0] : value_start].rstrip("： ")
                out["due"].append(f"{label}：{value.strip('；，、。 ')}")
            continue
        for name in split_names(value):
            if name not in out[role]:
                out[role].append(name)
    return out, unknown


def _merge(into: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for role, names in more.items():
        into[role].extend(n for n in names if n not in into[role])


def build_task(
    block: _Block, task_id: int, section: int, subsection: int | None, year: int
) -> tuple[PlanTask, list[Problem]]:
    """A PlanTask from its block, with the problems found in it."""
    problems: list[Problem] = []
    body = block.text()
    text, fields, leftover = split_fields(body)
    span = fields_span(body)
    if span is not None and span[1] is None:
        problems.append(Problem(block.line, f"task {task_id}: the fields' （ is never closed"))
    if leftover:
        problems.append(
            Problem(
                block.line_of(leftover),
                f"task {task_id}: unexpected text after its fields: {leftover}",
            )
        )
    roles, unknown = parse_fields(fields)
    for lines in block.fields:
        more, more_unknown = parse_fields(join_lines(lines))
        _merge(roles, more)
        unknown += more_unknown
    for label in unknown:
        problems.append(
            Problem(block.line_of(label + "："), f"task {task_id}: unknown field {label}: ignored")
        )
    text = re.sub(r"\s+", " ", text).strip()
    due, source = extract_due(text, year)
    if roles["due"]:  # a deadline field overrides the text
        label, value = roles["due"][0].split("：", 1)
        field_due, phrase = extract_due(value, year, bare_dates=True)
        if phrase == DEFAULT_SOURCE:
            message = f"task {task_id}: cannot read {label} {value}; due from the text"
            problems.append(Problem(block.line_of(value), message))
        else:
            due, source = field_due, f"{label}：{phrase}"
    if not roles["leaders"] and not roles["lead_units"]:
        problems.append(Problem(block.line, f"task {task_id}: no leader and no lead unit"))
    if not text:
        problems.append(Problem(block.line, f"task {task_id}: no text"))
    task = PlanTask(
        id=task_id,
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
    last_id, offset = 0, 0
    for block in blocks:
        if block.kind == "section":
            title = _heading_title(block.text())
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
            title = _heading_title(block.text())
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
        if block.number + offset <= last_id:  # numbering restarts (e.g. in each section)
            offset = last_id + 1 - block.number
            problems.append(
                Problem(block.line, f"task numbered {block.numeral} again: given id {last_id + 1}")
            )
        elif block.number + offset != last_id + 1:
            problems.append(
                Problem(block.line, f"task {block.number + offset} follows task {last_id}")
            )
        last_id = block.number + offset
        task, found = build_task(block, last_id, draft.section.no, sub_no, year)
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


def parse_notice(text: str) -> ParseResult:
    """Parses a key-task notice into a Plan plus the problems it could not resolve.

    Raises ParseError only when there is no document header or no task at all.
    """
    lines = [normalise_line(line) for line in text.splitlines()]
    problems: list[Problem] = []
    body_start = find_body_start(lines)
    blocks = cut_blocks(lines, body_start)
    if not any(_is_task(b) for b in blocks):
        raise ParseError("no numbered tasks found (1. … / （1）… with 牵头单位 fields)")
    first_block = blocks[0].line - 1
    document = read_document(lines, body_start, first_block, problems)
    sections, tasks = assemble(blocks, document.year, problems)
    problems.sort(key=lambda p: p.line)
    plan = Plan(document=document, sections=tuple(sections), tasks=tuple(tasks))
    return ParseResult(plan=plan, problems=tuple(problems))
