"""Near-duplicate unit names: spellings that probably mean the same unit, for import to report.

Notices spell one unit in several ways: 县发展建设投资集团 and 冠县发展建设投资集团 (with and
without the county's name), 县发展和改革局 and 县发展和改革委员会 (an older and a newer name
of the office). Import lists such pairs so that the clerk can run `guantask units merge`.
The rules are deliberately narrow: a false pair costs the clerk a look, but a report full of
false pairs (县民政局 ~ 县财政局) teaches them to ignore it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Leading words that only say whose unit it is: 冠县X, 县X and 市X are the same X.
PREFIXES = ("冠县", "县", "市")

# Endings that name the same kind of body in an older and a newer style; two names that differ
# only by endings of one group are paired (县发展和改革局 ~ 县发展和改革委员会).
SUFFIX_GROUPS: tuple[tuple[str, ...], ...] = (
    ("委员会", "局", "委"),
    ("办公室", "办"),
    ("集团有限公司", "集团公司", "集团"),
    ("有限公司", "公司"),
    ("服务中心", "中心"),
)

# Below this many characters a core says too little (县委 → 委 is part of many names).
MIN_CORE = 3

_SPACE = re.compile(r"\s+")


def _normal(name: str) -> str:
    """NFKC (（）→()), case-folded, without whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def core(name: str) -> str:
    """The name without a leading 冠县/县/市 (already normalised)."""
    for prefix in PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def _stems(name: str) -> set[tuple[int, str]]:
    """(suffix group, stem) for every group whose ending `name` has."""
    out: set[tuple[int, str]] = set()
    for g, endings in enumerate(SUFFIX_GROUPS):
        for ending in endings:  # longest first within a group
            if name.endswith(ending) and len(name) - len(ending) >= 2:
                out.add((g, name[: -len(ending)]))
                break
    return out


def similar(a: str, b: str) -> bool:
    """Whether two unit names probably mean the same unit (see the module docstring)."""
    na, nb = _normal(a), _normal(b)
    if na == nb:
        return True
    ca, cb = core(na), core(nb)
    if min(len(ca), len(cb)) < MIN_CORE:
        return False
    if ca in cb or cb in ca:
        return True
    return bool(_stems(ca) & _stems(cb))


def near_duplicates(names: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of names that probably mean the same unit, each pair in the input order.

    Equal after normalising (（） and ()); one inside the other after dropping a leading
    冠县/县/市 (县发展建设投资集团 ~ 冠县发展建设投资集团); or equal but for an ending of one
    style group (县发展和改革局 ~ 县发展和改革委员会, 县委改革办 ~ 县委改革办公室).
    """
    unique = list(dict.fromkeys(names))
    return [
        (a, b) for i, a in enumerate(unique) for b in unique[i + 1 :] if a != b and similar(a, b)
    ]
