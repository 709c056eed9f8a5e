"""A task's fields: the labels a notice uses, names and units, the fields parenthetical.

One vocabulary for the paragraph and the table forms: `LEADER_LABELS`, `LEAD_UNIT_LABELS`,
`RESPONSIBLE_LABELS` and `DUE_LABELS` name the fields (`牵头领导：…；牵头单位：…`, or a table's
column headings), and `LEAD_MARKERS` the unlabelled forms (`（市经信委、市发改委牵头落实）`).
Pure functions, `re` only.
"""

from __future__ import annotations

import re

from guantask.plan.targets import DEFAULT_SOURCE, extract_due, words

# ----- field labels ------------------------------------------------------------------------

LEADER_LABELS = words(
    "市政府分管领导 区政府分管领导 县政府分管领导 政府分管领导 市级牵头领导 区级牵头领导 "
    "牵头县级领导 牵头县领导 县级牵头领导 牵头市领导 牵头区领导 牵头领导 责任县领导 责任市领导 "
    "责任区领导 责任领导 分管县领导 分管市领导 分管区领导 分管领导 联系县领导 联系领导 包保领导 "
    "市级领导 县级领导 区级领导"
)
LEAD_UNIT_LABELS = words("牵头单位 牵头部门 主责单位 主办单位 牵头责任单位")
RESPONSIBLE_LABELS = words("责任单位 责任部门 配合单位 配合部门 协同单位 协办单位 参与单位")
DUE_LABELS = words("完成时限 完成时间 时间节点 时限要求 时间要求 完成期限")
# Unlabelled trailing `（X牵头落实）`: the verbs that make X the lead, or a helper.
LEAD_MARKERS = words("牵头落实 牵头负责 分别负责 负责落实 牵头推进 牵头 负责")
HELPER_MARKERS = words("配合落实 协助 配合 参与 落实")

ROLE_OF = (
    {label: "leaders" for label in LEADER_LABELS}
    | {label: "lead_units" for label in LEAD_UNIT_LABELS}
    | {label: "responsible_units" for label in RESPONSIBLE_LABELS}
    | {label: "due" for label in DUE_LABELS}
)
_LABEL = "|".join(sorted(ROLE_OF, key=len, reverse=True))
LABEL_RE = re.compile(rf"({_LABEL})\s*：")
FIELD_OPEN_RE = re.compile(rf"（\s*(?:{_LABEL})\s*：")
FIELD_LINE_RE = re.compile(rf"^(?:{_LABEL})\s*：")
INLINE_FIELDS_RE = re.compile(rf"(?<=[。；])\s*(?:{_LABEL})\s*：")
_ANY_LABEL_RE = re.compile(r"(?:^|(?<=[；，、：\s]))([^\s\d；，、：（）。A-Za-z]{2,7})\s*：")
# A name in a units field that is really a deadline: `牵头单位：市发改委；2024年6月底前完成`.
_DUE_NAME_RE = re.compile(r"^(?:\d{4}年|年内|年底|全年|[上下]半年|\d{1,2}月|第?[一二三四1-4]季度)")

# ----- names and punctuation -----------------------------------------------------------------

# Length-preserving map to the punctuation the parser expects (NFKC-ed notices use ( ) : ; ,).
WIDTH_MAP = str.maketrans(
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
    s = line.translate(WIDTH_MAP)
    s = _COMMA_RE.sub("，", s)
    s = _COLON_RE.sub("：", s)
    return re.sub(r"\s+", " ", s).strip()


def clean_name(name: str) -> str:
    """A leader or unit name as written, without spaces or stray punctuation."""
    name = re.sub(r"\s+", "", name.translate(WIDTH_MAP)).strip("，、；。：")
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


def squeeze(text: str) -> str:
    """A heading or title: spaces between Chinese characters are extraction artefacts."""
    parts = text.split()
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if _is_wide(out[-1]) and _is_wide(part[0]) else " ") + part
    return out


def _is_wide(ch: str) -> bool:
    """A Chinese character or full-width punctuation mark (not ASCII, not Latin)."""
    return ch >= "\u2e80"


def heading_title(text: str) -> str:
    return squeeze(text).rstrip("。").strip()


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


# ----- the fields parenthetical ------------------------------------------------------------


def fields_span(body: str) -> tuple[int, int | None] | None:
    """(start, end) of the fields parenthetical `（牵头领导：…）`; end None while it is open."""
    m = FIELD_OPEN_RE.search(body)
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


def split_fields(body: str) -> tuple[str, str, str]:
    """(text, fields, leftover) of a task body; leftover is text after the fields that the
    repair below could not place (reported by the caller)."""
    span = fields_span(body)
    if span is None:
        if m := INLINE_FIELDS_RE.search(body):
            return body[: m.start()].strip(), body[m.start() :].strip(), ""
        return body.strip(), "", ""
    start, end = span
    text = body[:start].strip()
    if end is None:
        return text, body[start + 1 :], ""
    inner, trailing = body[start + 1 : end], body[end + 1 :].strip()
    if not trailing.strip("。；，. "):
        return text, inner, ""
    if FIELD_OPEN_RE.match(trailing):
        trailing = trailing[1:]
    label = LABEL_RE.search(trailing)
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
    for m in LABEL_RE.finditer(fields):
        if depth_at[m.start()] == 0:
            marks.append((m.start(), m.end(), ROLE_OF[m[1]]))
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
            if _DUE_NAME_RE.match(name):  # a deadline written among the names, unlabelled
                out["due"].append(f"：{name}")
            elif name not in out[role]:
                out[role].append(name)
    return out, unknown


def _strip_marker(part: str, markers: tuple[str, ...]) -> str | None:
    """`市经信委、市发改委牵头落实` → `市经信委、市发改委` (None if no marker ends it)."""
    for marker in markers:
        if part.endswith(marker) and len(part) > len(marker):
            return part[: -len(marker)]
    return None


def trailing_assignment(text: str, year: int) -> tuple[str, dict[str, list[str]]] | None:
    """(text without it, roles) for an unlabelled trailing `（X牵头落实）`, `（X分别负责，年内持续推进）`.

    The parenthetical is an assignment only when a part of it names a lead (`X牵头`, `X负责`);
    `（含高新区）` stays text. A part that reads as a deadline becomes the `due` role.
    """
    body = text.rstrip("。；， ")
    if not body.endswith("）"):
        return None
    depth, start = 0, -1
    for i in range(len(body) - 1, -1, -1):
        depth += 1 if body[i] == "）" else -1 if body[i] == "（" else 0
        if depth == 0:
            start = i
            break
    if start <= 0:
        return None
    roles: dict[str, list[str]] = {"leaders": [], "lead_units": [], "responsible_units": []}
    roles["due"] = []
    pending: list[str] = []  # names before the verb: `县商务局，县交通运输局牵头落实`
    for part in re.split(r"[，；]", body[start + 1 : -1]):
        part = part.strip()
        if not part:
            continue
        if (names := _strip_marker(part, LEAD_MARKERS)) is not None:
            roles["lead_units"] += split_names("、".join([*pending, names]))
        elif (names := _strip_marker(part, HELPER_MARKERS)) is not None:
            roles["responsible_units"] += split_names("、".join([*pending, names]))
        elif extract_due(part, year, bare_dates=True)[1] != DEFAULT_SOURCE:
            roles["due"].append(f"：{part}")
            continue
        else:
            pending.append(part)
            continue
        pending = []
    if pending:
        return None
    roles["lead_units"] = list(dict.fromkeys(roles["lead_units"]))
    if not roles["lead_units"]:
        return None
    return body[:start].strip(), roles


def resolve_due(
    text: str, entries: list[str], year: int
) -> tuple[str, str, tuple[str, str] | None]:
    """(due, due_source, unreadable) of a task: a deadline field (`完成时限：6月底前`, or an
    unlabelled `：年内持续推进`) overrides the text. `unreadable` is (message, value) when the
    field cannot be read, and the due then comes from the text."""
    due, source = extract_due(text, year)
    if not entries:
        return due, source, None
    label, value = entries[0].split("：", 1)
    field_due, phrase = extract_due(value, year, bare_dates=True)
    if phrase == DEFAULT_SOURCE:
        shown = f"{label} {value}" if label else value
        return due, source, (f"cannot read {shown}; due from the text", value)
    return field_due, f"{label}：{phrase}" if label else phrase, None


_NAME_END = "局委办院会府司处部队厅所站馆行社团心"


def join_name_lines(lines: list[str]) -> str:
    """A units cell's lines as one list: a line that ends a name (…局, …政府) is followed by
    `、`, any other line was wrapped by the layout and goes on (`市发展改革` + `委`)."""
    out = ""
    for line in lines:
        if out and out[-1] in _NAME_END:
            out += "、"
        out += line
    return out
