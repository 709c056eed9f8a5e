"""Every accepted word, one table per kind: the header words of the batch and template columns,
and the reported status words, in English and Chinese.

A reader looks words up here; a writer takes the first word of a language (`header_word`,
`status_word`), so that what guantask writes it always reads back. No typer or rich here.
"""

from __future__ import annotations

import re
import unicodedata

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

# Reported status code → accepted words (code first, then Chinese; the first Chinese is written).
REPORTED_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "on-track": ("on-track", "进行中", "正常推进", "正常", "in-progress"),
    "at-risk": ("at-risk", "有风险"),
    "blocked": ("blocked", "受阻"),
    "done": ("done", "已完成", "完成"),
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


_STATUS_OF = {
    unicodedata.normalize("NFKC", w).lower(): code
    for code, words in REPORTED_STATUS_WORDS.items()
    for w in words
}


def reported_status_code(text: str) -> str | None:
    """The reported status code of a word (`有风险` → at-risk), None for an unknown word."""
    return _STATUS_OF.get(_SPACE.sub("", unicodedata.normalize("NFKC", text)).lower())


def status_word(code: str, lang: str) -> str:
    """The word a file written in `lang` gives a reported status."""
    words = REPORTED_STATUS_WORDS.get(code, (code,))
    return words[1] if lang == "zh" and len(words) > 1 else words[0]
