"""Pinyin readings of names and the one matching rule for leaders and units.

A name's readings are computed once, when the name enters the database (import, alias, the
schema migration that added them), and stored in `name_readings` (store/readings.py):
its full pinyin and initials, for the whole name and for the name without its administrative
prefix (县/市/区/乡/镇). One reading per character, the everyday one: pypinyin's default (most
common) reading in context (人民银行 → renminyinhang), never a rare heteronym (宁 is not zhu, 体
not cui), with a short override table where the everyday reading of a person's name differs
(surnames: 单 shan, 曾 zeng; given names: 长 chang).

`match_rows` is the rule both the commands and Tab completion use, so that they never disagree.
It reads stored readings only; pypinyin is imported by `readings_of`, never by completion.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from guantask.store.db import Database

# Leading words that only say whose unit it is; a unit also matches without one of them.
ADMIN_PREFIXES = ("冠县", "县", "市", "区", "乡", "镇")

# Surnames whose reading as a surname is not the character's everyday reading.
SURNAMES = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "区": "ou",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "缪": "miao",
    "翟": "zhai",
    "覃": "qin",
    "种": "chong",
    "召": "shao",
    "秘": "bi",
    "长": "chang",
    "重": "chong",
    "折": "she",
    "隗": "wei",
}
# Characters of given names read otherwise than pypinyin's default (长峰 is changfeng).
GIVEN_NAMES = {"长": "chang"}

_SPACE = re.compile(r"\s+")
PINYIN_QUERY = re.compile(r"[a-z']+")


class Readings(NamedTuple):
    """Full pinyin and initials of a name, and of the name without its administrative prefix
    (empty when it has none)."""

    full: str
    initials: str
    core_full: str = ""
    core_initials: str = ""

    def keys(self) -> tuple[str, ...]:
        return tuple(k for k in self if k)


class NameRow(NamedTuple):
    """A leader or unit name (or a unit's alias) with the id it stands for and its readings."""

    id: int
    name: str
    alias: bool
    readings: Readings | None


def normalize_name(name: str) -> str:
    """The comparison form: NFKC (（）→()), case-folded, without whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def core_name(name: str) -> str:
    """`name` without a leading 冠县/县/市/区/乡/镇 ("" when it has none or is only that)."""
    for prefix in ADMIN_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return ""


def _syllables(name: str, *, person: bool) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", name)
    items = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s))
    out: list[str] = []
    chars = [c for c in text if not c.isspace()]
    if person and len(items) == len(chars):
        items = [
            (SURNAMES if i == 0 else GIVEN_NAMES).get(c, item)
            for i, (c, item) in enumerate(zip(chars, items, strict=True))
        ]
    for item in items:
        if item.isalnum():
            out.append(item.casefold())
    return out


def readings_of(name: str, *, person: bool) -> Readings:
    """The everyday readings of `name` (张怀恒 → zhanghuaiheng, zhh). Imports pypinyin."""
    syllables = _syllables(name, person=person)
    full, initials = "".join(syllables), "".join(s[0] for s in syllables)
    core = "" if person else core_name(name)
    if not core:
        return Readings(full, initials)
    rest = _syllables(core, person=False)
    return Readings(full, initials, "".join(rest), "".join(s[0] for s in rest))


# ----- matching ---------------------------------------------------------------------------------


def is_pinyin_query(query: str) -> bool:
    """ASCII letters (and apostrophes, spaces): the query may be pinyin."""
    return bool(PINYIN_QUERY.fullmatch(normalize_name(query)))


def _in_order(name: str, query: str) -> bool:
    chars = iter(name)
    return all(c in chars for c in query)


def _first_tier(q: str, rows: Sequence[tuple[NameRow, str]]) -> list[NameRow]:
    """The rows of the first rule that finds any: a part of the name, then characters in order."""
    for rule in (str.__contains__, _in_order):
        found = [row for row, n in rows if rule(n, q)]
        if found:
            return found
    return []


def match_rows(query: str, rows: Sequence[NameRow]) -> tuple[str, list[NameRow]]:
    """(rule, rows) that `query` names; the one rule of commands and completion.

    1. "exact": a name or alias equal to the query (after normalising) — only those;
    2. "part": a part of the name, else its characters in order (工信 → 县工业和信息化局),
       found among the names and, separately, among the aliases, and put together: an alias
       adds its unit, it never hides another (发改 finds 县发展和改革局 beside alias 发改委);
    3. "pinyin" (ASCII letters only): the query is a prefix of the full pinyin or the initials
       of the name, or of the name without its administrative prefix; names whose pinyin or
       initials equal the query come alone (lm is 李明, not 李明远). Nothing else matches.
    Rows without stored readings take no part in 3. Rows keep their order.
    """
    q = normalize_name(query)
    if not q:
        return "exact", []
    normed = [(row, normalize_name(row.name)) for row in rows]
    exact = [row for row, n in normed if n == q]
    if exact:
        return "exact", exact
    names = _first_tier(q, [(r, n) for r, n in normed if not r.alias])
    aliases = _first_tier(q, [(r, n) for r, n in normed if r.alias])
    if names or aliases:
        chosen = {id(r) for r in (*names, *aliases)}
        return "part", [row for row in rows if id(row) in chosen]
    if not PINYIN_QUERY.fullmatch(q):
        return "part", []
    letters = q.replace("'", "")
    keyed = [(row, row.readings.keys()) for row in rows if row.readings is not None]
    whole = [row for row, keys in keyed if letters in keys]
    if whole:
        return "pinyin", whole
    return "pinyin", [row for row, keys in keyed if any(k.startswith(letters) for k in keys)]


def distinct_names(rows: Iterable[NameRow]) -> list[str]:
    """The names of `rows`, each once, in order."""
    return list(dict.fromkeys(row.name for row in rows))


# ----- storing ----------------------------------------------------------------------------------


def remember_readings(db: "Database") -> int:
    """Compute and store the readings of every name that has none (inside the caller's write);
    how many were added. One query when there is nothing to do."""
    from guantask.store import readings as st

    missing = st.names_without_readings(db)
    if missing:
        st.save_readings(
            db, ((name, *readings_of(name, person=person)) for name, person in missing)
        )
    return len(missing)


def name_rows(db: "Database", kind: str) -> list[NameRow]:
    """Every leader or unit name (units with their aliases) with its stored readings."""
    from guantask.store import readings as st

    return [
        NameRow(r[0], r[1], bool(r[2]), None if r[3] is None else Readings(*r[3:7]))
        for r in st.name_rows(db, kind)
    ]
