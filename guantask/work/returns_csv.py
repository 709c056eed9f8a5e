"""CSV returns as offices save them: the bytes decoded by content, cut into rows with their lines.

UTF-8 (with or without BOM) and GB18030 (the default "CSV" of Chinese Excel and WPS, a superset
of GBK and GB2312) are read as comma-separated; UTF-16 with its BOM (Excel's "Unicode text") is
tab-separated. Anything else, a NUL in a field, and an unterminated quote are refused at their
FILE:LINE. No typer or rich here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from guantask.errors import GuantaskError
from guantask.i18n import _

MAX_ROWS = 100_000  # rows of a CSV return (its 20 MB cap bounds it too; a batch may be big)
MAX_FIELD = 100_000  # characters in one cell


def decode_return(data: bytes, *, source: str) -> tuple[str, str]:
    """(text, the encoding read) of a CSV return; a NUL is refused at its line."""
    from guantask.plan.readers.text import decoded
    from guantask.work.returns import BatchInvalid

    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise BatchInvalid([(line, _("a NUL character in a field; not a CSV row"))], source=source)
    got = decoded(data)
    if got is None:
        if utf16:
            raise BatchInvalid([(1, _("a NUL character in a field; not a CSV row"))], source=source)
        raise GuantaskError(
            _(
                "{source} is neither an xlsx workbook nor CSV text in UTF-8, GB18030 (GBK)"
                " or UTF-16; save it as .xlsx or as CSV UTF-8"
            ).format(source=source)
        )
    return got


def csv_grid(text: str, *, source: str, tabs: bool = False) -> list[tuple[int, list[str]]]:
    """(line, cells) of every row of a CSV text; the line is where the row starts."""
    from guantask.work.returns import BatchInvalid

    text = text.removeprefix("\ufeff")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = "\t" if tabs or first.count("\t") > first.count(",") else ","
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[tuple[int, list[str]]] = []
    for line, cells in _rows(reader, source=source):
        if len(out) > MAX_ROWS:
            raise BatchInvalid(
                [(line, _("more than {n} rows; not a return").format(n=MAX_ROWS))], source=source
            )
        out.append((line, cells))
    return out


def _rows(reader: Any, *, source: str) -> Iterator[tuple[int, list[str]]]:
    """(starting line, cells) of a csv.reader; an unterminated quote or a field over the size
    limit is a bad row at the line where it starts, not a crash or a swallowed file."""
    from guantask.work.returns import BatchInvalid

    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            reason = str(err)
            if "unexpected end of data" in reason or "EOF" in reason:
                reason = _('a quote (") is opened and never closed')
            problem = (start, _("not a readable CSV row: {reason}").format(reason=reason))
            raise BatchInvalid([problem], source=source) from None
        line, start = start, reader.line_num + 1
        yield line, cells
