"""Text notices (.txt, .md, text copied from a web page): decoded, cut into lines; a Markdown
pipe table (`| 序号 | 重点工作 | 牵头单位 |`) becomes a table."""

from __future__ import annotations

import re

from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.plan.readers.content import Notice, Table, TextLine

_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
MAX_LINES = 200_000


def decoded(data: bytes) -> tuple[str, str] | None:
    """(text, encoding read) by content: UTF-8 (with or without BOM), UTF-16 with its BOM,
    else GB18030 (GBK, GB2312); None when the bytes are none of them (or hold a NUL)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = [("utf-16", "UTF-16")]
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = [("utf-8-sig", "UTF-8")]
    else:
        encodings = [("utf-8", "UTF-8"), ("gb18030", "GB18030")]
    for encoding, label in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, label
    return None


def decode(data: bytes, *, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else GB18030 (GBK, GB2312)."""
    got = decoded(data)
    if got is None:
        raise GuantaskError(
            _("{name} is neither text (UTF-8 or GB18030) nor a Word, Excel or PDF document").format(
                name=name
            )
        )
    return got[0]


def _cells(line: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in line.strip().strip("|").split("|"))


def read_text(data: bytes, *, name: str) -> Notice:
    """The text's lines, Markdown pipe tables as tables (their rows numbered as lines)."""
    lines = decode(data, name=name).splitlines()
    if len(lines) > MAX_LINES:
        raise GuantaskError(
            _("{name} has more than {n} lines; not a notice").format(name=name, n=MAX_LINES)
        )
    items: list[TextLine | Table] = []
    run: list[tuple[int, str]] = []  # consecutive `| … |` lines

    def flush() -> None:
        rows = [(n, _cells(x)) for n, x in run if not _RULE_RE.match(x.strip())]
        if len(rows) >= 2:
            name = f"lines {run[0][0]}-{run[-1][0]}"
            items.append(Table(name, tuple(r for _, r in rows), tuple(n for n, _ in rows)))
        else:
            items.extend(TextLine(x, f"line {n}") for n, x in run)
        run.clear()

    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            run.append((n, line))
            continue
        flush()
        items.append(TextLine(line, f"line {n}"))
    flush()
    return Notice("text", tuple(items))
