"""PDF notices via pdfplumber: the text layer line by line, and the tables it finds by their
ruling lines, in page order (a table's text is not read twice). A PDF with no text layer (a
scan) is refused: guantask does no OCR."""

from __future__ import annotations

import io
from typing import Any

from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.plan.readers.content import Notice, Table, TextLine
from guantask.plan.readers.limits import MAX_COLUMNS, MAX_PAGES, MAX_ROWS

PDF_HINT = "PDF files need pdfplumber: pip install 'guantask[pdf]'"


def _page_items(
    page: Any, number: int, rows_left: int, name: str
) -> list[tuple[float, TextLine | Table]]:
    """(top, item) of a page's text lines outside its tables, and of the tables."""
    found = page.find_tables()
    out: list[tuple[float, TextLine | Table]] = []
    rest = page
    for k, table in enumerate(found, 1):
        cells = table.extract()
        if len(cells) > rows_left or any(len(r) > MAX_COLUMNS for r in cells):
            raise GuantaskError(
                _("{name} has more than {rows} table rows or {cols} columns; not a notice").format(
                    name=name, rows=MAX_ROWS, cols=MAX_COLUMNS
                )
            )
        rows_left -= len(cells)
        rows = tuple(tuple(None if c is None else str(c) for c in row) for row in cells)
        name = f"page {number}, table {k}"
        out.append((table.bbox[1], Table(name, rows, tuple(range(1, len(rows) + 1)))))
        rest = rest.outside_bbox(table.bbox)
    for n, line in enumerate(rest.extract_text_lines(), 1):
        out.append((line["top"], TextLine(line["text"], f"page {number}, line {n}")))
    out.sort(key=lambda item: item[0])
    return out


def read_pdf(data: bytes, *, name: str) -> Notice:
    """The PDF's lines and tables, page by page."""
    try:
        import pdfplumber
    except ImportError:
        raise GuantaskError(_(PDF_HINT)) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise GuantaskError(
                    _("{name} has more than {n} pages; not a notice").format(name=name, n=MAX_PAGES)
                )
            items: list[TextLine | Table] = []
            chars = 0
            for number, page in enumerate(pdf.pages, 1):
                chars += len(page.chars)
                rows_left = MAX_ROWS - sum(len(t.rows) for t in items if isinstance(t, Table))
                items.extend(item for _top, item in _page_items(page, number, rows_left, name))
                page.close()
    except GuantaskError:
        raise
    except Exception:
        raise GuantaskError(_("{name} is not a usable PDF").format(name=name)) from None
    if not chars:
        raise GuantaskError(
            _(
                "{name} has no text layer (a scanned PDF); guantask does no OCR:"
                " ask for the Word file, or run OCR first"
            ).format(name=name)
        )
    return Notice("pdf", tuple(items))
