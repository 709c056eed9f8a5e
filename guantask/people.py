"""The one rule for a person's name, wherever one is given: `--by`, `$GUANTASK_USER`,
`assign --to`, a batch file's `by` column, `history --by`.

A name is at most `NAME_MAX` characters once stripped, not blank, and holds no control or
format characters (line breaks, escapes, NULs, bidi overrides): it is shown in tables, reports
and notices, and written into the change log.
"""

from __future__ import annotations

from guantask.errors import UsageError
from guantask.i18n import _

NAME_MAX = 100  # characters in a person's name
_FORBIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def person_name(text: str, *, what: str, where: str = "") -> str:
    """`text` stripped, checked as a person's name; a usage error says what is wrong.

    `what` names the value in the message ("--by", "$GUANTASK_USER"); `where` is a prefix
    such as "FILE:LINE: " for names read from a file.
    """
    name = text.strip()
    if not name:
        raise UsageError(where + _("{what}: a name cannot be blank").format(what=what))
    if len(name) > NAME_MAX:
        raise UsageError(
            where
            + _("{what}: a name is at most {limit} characters, this one has {n}").format(
                what=what, limit=NAME_MAX, n=len(name)
            )
        )
    if name.isprintable():  # no character of a _FORBIDDEN category is printable
        return name
    import unicodedata

    bad = next((ch for ch in name if unicodedata.category(ch) in _FORBIDDEN), None)
    if bad is not None:
        raise UsageError(
            where
            + _("{what}: a name cannot hold control characters ({char})").format(
                what=what, char=f"U+{ord(bad):04X}"
            )
        )
    return name
