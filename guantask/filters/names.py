"""Name matching for leaders, units, metrics and authors: errors and suggestions around the one
rule of `filters.readings.match_rows` (exact, a part of the name or characters in order, pinyin).

People abbreviate unit names by picking characters (工信 for 县工业和信息化局) and type names
in pinyin when the input method is off (zhanghuaiheng, zhh). Leader and unit names come with
their stored readings (`readings.name_rows`); other names (metrics, authors) are read here,
importing pypinyin only for a query in Latin letters that found nothing by the other rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from guantask.errors import AmbiguousName, NameNotFound, UsageError, kind_word
from guantask.filters.readings import (
    NameRow,
    Readings,
    distinct_names,
    match_rows,
    normalize_name,
    readings_of,
)
from guantask.i18n import _

PERSONS = ("leader", "user", "assignee")


def pick_rows(query: str, rows: Sequence[NameRow], *, kind: str) -> list[NameRow]:
    """The rows `query` names, by `match_rows`. Empty → `UsageError`; nothing →
    `NameNotFound` with the closest names; a pinyin query that names several → `AmbiguousName`
    (a part of a name in characters may name several: 发改 is both 发展和改革 units)."""
    if not normalize_name(query):
        raise UsageError(_("empty {kind} name").format(kind=kind_word(kind)))
    rule, found = match_rows(query, rows)
    if rule == "pinyin" and not found:
        rows = _with_readings(rows, kind=kind)
        rule, found = match_rows(query, rows)
    if not found:
        raise NameNotFound(kind, query, _closest(query, rows, kind=kind))
    if rule == "pinyin" and len({row.id for row in found}) > 1:
        raise AmbiguousName(kind, query, _canonical_names(found, rows))
    return found


def match_names(query: str, candidates: Sequence[str], *, kind: str) -> list[str]:
    """The names among `candidates` that `query` names (see `pick_rows`), in their order."""
    names = list(dict.fromkeys(candidates))
    rows = [NameRow(i, name, False, None) for i, name in enumerate(names)]
    return distinct_names(pick_rows(query, rows, kind=kind))


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of `name` in its everyday reading (张怀恒 → zhanghuaiheng, zhh)."""
    r = readings_of(name, person=False)
    return r.full, r.initials


def _with_readings(rows: Sequence[NameRow], *, kind: str) -> list[NameRow]:
    """`rows`, those without stored readings read now (names that entered the database by a
    path that did not store them, and metric or author names, which are never stored)."""
    person = kind in PERSONS
    out: list[NameRow] = []
    cache: dict[str, Readings] = {}
    for row in rows:
        if row.readings is None:
            if row.name not in cache:
                cache[row.name] = readings_of(row.name, person=person)
            row = row._replace(readings=cache[row.name])
        out.append(row)
    return out


def _canonical_names(found: Sequence[NameRow], rows: Sequence[NameRow]) -> list[str]:
    """The own names (not aliases) of the things `found` stands for, each once."""
    ids = dict.fromkeys(row.id for row in found)
    own = {row.id: row.name for row in rows if not row.alias}
    return [own.get(i) or next(r.name for r in found if r.id == i) for i in ids]


def _closest(query: str, rows: Sequence[NameRow], *, kind: str) -> list[str]:
    import difflib

    q = normalize_name(query).replace("'", "")
    pinyin = q.isascii()
    scored = []
    for i, row in enumerate(_with_readings(rows, kind=kind) if pinyin else rows):
        keys = [normalize_name(row.name)]
        if pinyin and row.readings is not None:
            keys += row.readings.keys()
        score = max((difflib.SequenceMatcher(None, q, k).ratio() for k in keys if k), default=0.0)
        if score > 0:
            scored.append((-score, i, row.name))
    return list(dict.fromkeys(name for _, _, name in sorted(scored)))[:5]


from guantask.filters.similar import near_duplicates  # noqa: E402, F401  (import reports them)
