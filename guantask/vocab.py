"""Every accepted word, one table per kind: a task's status and a section (used by every command
option (`list --status/--section`, `record-progress --status`), the filter language, the batch
reader (CSV and xlsx returns), the renderers and tab completion), and the header words of the
batch, template and export columns.

A status is written as its English code (`in-progress`) or as the Chinese word of the Chinese
interface (进行中); case, spaces and underscores do not matter (`In Progress`, `in_progress`).
A section is its number (2) or the numeral of its heading (二, 第二). No typer or rich here.
"""

import re
import unicodedata
from typing import NamedTuple


class StatusWord(NamedTuple):
    code: str  # stable English code: JSON, CSV, the database
    label: str  # English label in tables (a msgid; the Chinese interface shows `zh`)
    zh: str  # the Chinese word, accepted everywhere


STATUSES: tuple[StatusWord, ...] = (
    StatusWord("not-started", "not started", "未开始"),
    StatusWord("in-progress", "in progress", "进行中"),
    StatusWord("at-risk", "at risk", "有风险"),
    StatusWord("blocked", "blocked", "受阻"),
    StatusWord("done", "done", "已完成"),
    StatusWord("signed-off", "signed off", "已销号"),
)
# Other words for a status: `on-track` is how a progress record stores in-progress (and what
# `record-progress --status` called it before), 正常推进 its Chinese label.
STATUS_ALIASES: dict[str, str] = {
    "on-track": "in-progress",
    "正常推进": "in-progress",
    "正常": "in-progress",
    "完成": "done",
}
# What a progress record may report (not-started is no report; signed-off is `signoff`).
REPORTABLE = ("in-progress", "at-risk", "blocked", "done")
# How a reported status is stored in a progress record.
STORED_AS: dict[str, str] = {"in-progress": "on-track"}

_BY_WORD: dict[str, str] = {
    **{s.code: s.code for s in STATUSES},
    **{s.label.replace(" ", "-"): s.code for s in STATUSES},
    **{s.zh: s.code for s in STATUSES},
    **STATUS_ALIASES,
}


def _key(word: str) -> str:
    s = unicodedata.normalize("NFKC", word).strip().lower()
    return "-".join(s.replace("_", " ").replace("-", " ").split())


def status_code(word: str) -> str | None:
    """The status code of any accepted word (进行中, in-progress, In Progress); None if unknown."""
    return _BY_WORD.get(_key(word))


def status_words() -> list[str]:
    """Every status word to offer: the codes, then the Chinese words."""
    return [s.code for s in STATUSES] + [s.zh for s in STATUSES]


def reported_words(lang: str | None = None) -> list[str]:
    """The words a progress record may report: codes, then Chinese (completion); with `lang`,
    those of one language only (a template's drop-down in the file's language)."""
    if lang == "zh":
        return [status_zh(c) for c in REPORTABLE]
    if lang is not None:
        return list(REPORTABLE)
    return [*REPORTABLE, *(status_zh(c) for c in REPORTABLE)]


def status_zh(code: str) -> str:
    """The Chinese word of a status code (on-track → 进行中); the code itself if unknown."""
    code = STATUS_ALIASES.get(code, code)
    return next((s.zh for s in STATUSES if s.code == code), code)


def status_label(code: str) -> str:
    """The English label of a status code (a msgid): in-progress → "in progress"."""
    return next((s.label for s in STATUSES if s.code == code), code)


def stored_status(code: str) -> str:
    """How a reported status is kept in a progress record (in-progress → on-track)."""
    return STORED_AS.get(code, code)


def status_word(code: str, lang: str) -> str:
    """The word a file written in `lang` gives a (stored) reported status: the code, or its
    Chinese word (on-track → 进行中), so that what guantask writes it reads back."""
    return status_zh(code) if lang == "zh" else code


# ----- sections ----------------------------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def section_no(word: str) -> int | None:
    """A section number as written: 2, 二, 第二, （二）, 二、; None when it is not one."""
    s = unicodedata.normalize("NFKC", str(word)).strip().strip("()、.").strip()
    s = s.removeprefix("第").removesuffix("章").removesuffix("部分").strip()
    if s.isascii() and s.isdigit():
        return int(s)
    return cn_numeral(s)


def cn_numeral(text: str) -> int | None:
    """一 … 九十九, the numerals of section headings; None for anything else."""
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def section_words(count: int) -> list[str]:
    """Sections 1..count as offered by completion: the numbers, then the numerals."""
    numerals = {v: k for k, v in _CN_DIGITS.items()}

    def numeral(n: int) -> str:
        if n < 10:
            return numerals[n]
        tens, ones = divmod(n, 10)
        return (numerals[tens] if tens > 1 else "") + "十" + (numerals[ones] if ones else "")

    nos = range(1, min(count, 99) + 1)
    return [str(n) for n in nos] + [numeral(n) for n in nos]


# ----- column headers ---------------------------------------------------------------------------

# field → accepted header words; the first English and the first Chinese word are the ones
# written. Read case-insensitively after NFKC, with whitespace and a trailing (%) dropped.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "序号", "任务编号", "编号", "任务序号", "no"),
    "percent": ("percent", "进度", "完成进度", "百分比", "完成百分比", "完成比例", "进度百分比"),
    "status": ("status", "状态", "进展状态", "完成状态"),
    "value": ("value", "指标", "数值", "指标值", "完成值", "完成数值"),
    "note": ("note", "进展情况", "备注", "进展", "完成情况"),
    "date": ("date", "填报日期", "日期", "报送日期"),
    "by": ("by", "填报人", "报送人"),
    "text": ("text", "任务", "重点工作", "任务内容", "工作任务"),
    "due": ("due", "完成时限", "时限"),
    "lead_units": ("lead_units", "牵头单位"),
    # export-only columns (written in the interface language, never read back as a batch)
    "section": ("section", "部分"),
    "leaders": ("leaders", "牵头领导"),
    "responsible_units": ("responsible_units", "责任单位"),
    "light": ("light", "灯"),
    "assignee": ("assignee", "责任人"),
    "last_update": ("last_update", "最近更新"),
    "latest_note": ("latest_note", "最新进展"),
}

_SPACE = re.compile(r"\s+")
_PERCENT_MARK = re.compile(r"[(（]?%[)）]?$")


def header_key(text: str) -> str:
    """A header cell as it is looked up: NFKC, BOM and whitespace dropped, lower case, a
    trailing (%) dropped (`进度（%）` is 进度)."""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", text).replace("\ufeff", "")).lower()
    return _PERCENT_MARK.sub("", key) or key


_FIELD_OF = {header_key(w): field for field, words in HEADER_WORDS.items() for w in words}


def field_of_header(text: str) -> str | None:
    """The field a header cell names (`完成进度` → percent), None for a column we do not read."""
    return _FIELD_OF.get(header_key(text))


def header_word(field: str, lang: str) -> str:
    """The header a file written in `lang` gives a field (`id` or 序号)."""
    words = HEADER_WORDS.get(field, (field,))
    if lang == "zh":
        return next((w for w in words if not w.isascii()), words[0])
    return words[0]
