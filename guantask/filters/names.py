"""Name matching for leaders and units: exact, substring, characters in order, then pinyin.

People abbreviate unit names by picking characters (工信 for 县工业和信息化局) and type
names in pinyin when the input method is off (zhanghuaiheng, zhh). pypinyin is an optional
extra and is imported only when an ASCII query found nothing by the cheaper rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from guantask.errors import AmbiguousName, NameNotFound, UsageError, kind_word
from guantask.i18n import _

PINYIN_HINT = "pinyin matching needs: pip install 'guantask[pinyin]'"

_SPACE = re.compile(r"\s+")
_PINYIN_QUERY = re.compile(r"[a-z']+")


def _is_han(ch: str) -> bool:
    """A Han character (a compiled regex of these ranges costs ~3 ms at start-up)."""
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# name -> per-character readings (all heteronyms); name -> (full, initials). Plain caches.
_READINGS: dict[str, tuple[tuple[str, ...], ...]] = {}
_KEYS: dict[str, tuple[str, str]] = {}


def normalize_name(name: str) -> str:
    """The comparison form: NFKC (（）→()), case-folded, without whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def match_names(query: str, candidates: Sequence[str], *, kind: str) -> list[str]:
    """The candidates `query` names, by the first rule that finds any.

    1. exact (after normalising) → that name; 2. substring → all; 3. characters in order
    (工信 → 县工业和信息化局) → all; 4. pinyin, for ASCII-letter queries only: full pinyin or
    initials of the whole name, else syllable prefixes in order (gxj → 县工业和信息化局),
    preferring those that end on the name's last character; a pinyin match must be unique,
    else `AmbiguousName`. Nothing → `NameNotFound` with the closest names. Results keep the
    order of `candidates`.
    """
    q = normalize_name(query)
    if not q:
        raise UsageError(_("empty {kind} name").format(kind=kind_word(kind)))
    names = list(dict.fromkeys(candidates))
    if query in names:
        return [query]
    normed = [(name, normalize_name(name)) for name in names]
    for rule in (str.__eq__, str.__contains__, _in_order):
        found = [name for name, n in normed if rule(n, q)]
        if found:
            return found
    if not _PINYIN_QUERY.fullmatch(q):
        raise NameNotFound(kind, query, _closest(q, normed, pinyin=False))
    letters = q.replace("'", "")
    try:
        import pypinyin  # noqa: F401
    except ImportError:
        err = NameNotFound(kind, query, _closest(q, normed, pinyin=False))
        err.message = f"{err.message}; {_(PINYIN_HINT)}"
        raise err from None
    found = _match_pinyin(letters, names)
    if len(found) == 1:
        return found
    if found:
        raise AmbiguousName(kind, query, found)
    raise NameNotFound(kind, query, _closest(letters, normed, pinyin=True))


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of `name` in its usual reading (张怀恒 → zhanghuaiheng, zhh).

    Letters and digits in the name are kept, punctuation dropped; ("", "") without pypinyin,
    so completion degrades quietly.
    """
    if name in _KEYS:
        return _KEYS[name]
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:
        return ("", "")
    items = lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: list(s))
    syllables = [item.casefold() for item in items if item.isalnum()]
    keys = ("".join(syllables), "".join(s[0] for s in syllables))
    _KEYS[name] = keys
    return keys


def _in_order(name: str, query: str) -> bool:
    chars = iter(name)
    return all(c in chars for c in query)


def _readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Per character of `name`, every pinyin reading (letters and digits stand for themselves)."""
    if name in _READINGS:
        return _READINGS[name]
    from pypinyin import Style, pinyin

    result: list[tuple[str, ...]] = []
    for ch in unicodedata.normalize("NFKC", name):
        if _is_han(ch):
            readings = tuple(dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]))
            result.append(tuple(r for r in readings if r.isalpha()) or (ch,))
        elif ch.isalnum():
            result.append((ch.casefold(),))
    _READINGS[name] = tuple(result)
    return _READINGS[name]


def _match_pinyin(q: str, names: list[str]) -> list[str]:
    """Tiers, first non-empty wins: the whole name; prefixes in order ending on the name's last
    character (abbreviations keep it: 工信局, 公安局); prefixes in order anywhere."""
    whole = [name for name in names if _whole_name(q, _readings(name))]
    if whole:
        return whole
    loose = [name for name in names if _prefixes_in_order(q, _readings(name))]
    to_end = [name for name in loose if _prefixes_in_order(q, _readings(name), to_end=True)]
    return to_end or loose


def _whole_name(q: str, readings: tuple[tuple[str, ...], ...]) -> bool:
    """`q` is the full pinyin (one reading per character) or the initials of the whole name."""
    if len(q) == len(readings) and all(q[i] in {r[0] for r in rs} for i, rs in enumerate(readings)):
        return True

    @cache
    def full(qi: int, ci: int) -> bool:
        if ci == len(readings):
            return qi == len(q)
        return any(q.startswith(r, qi) and full(qi + len(r), ci + 1) for r in readings[ci])

    return full(0, 0)


def _prefixes_in_order(
    q: str, readings: tuple[tuple[str, ...], ...], *, to_end: bool = False
) -> bool:
    """`q` splits into non-empty syllable prefixes of characters taken in order (gxj, gongxin);
    with `to_end`, the last piece must belong to the name's last character."""

    @cache
    def match(qi: int, ci: int) -> bool:
        if qi == len(q):
            return not to_end or ci == len(readings)
        for c in range(ci, len(readings)):
            for r in readings[c]:
                k = 1
                while k <= len(r) and qi + k <= len(q) and q[qi + k - 1] == r[k - 1]:
                    if match(qi + k, c + 1):
                        return True
                    k += 1
        return False

    return match(0, 0)


def _closest(q: str, normed: list[tuple[str, str]], *, pinyin: bool) -> list[str]:
    import difflib

    scored = []
    for i, (name, n) in enumerate(normed):
        keys = [n, *pinyin_keys(name)] if pinyin else [n]
        score = max((difflib.SequenceMatcher(None, q, k).ratio() for k in keys if k), default=0.0)
        if score > 0:
            scored.append((-score, i, name))
    return [name for _, _, name in sorted(scored)[:5]]


from guantask.filters.similar import near_duplicates  # noqa: E402, F401  (import reports them)
