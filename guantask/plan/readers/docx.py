"""Word notices (.docx, and .wps/.doc saved as .docx) via python-docx: paragraphs and tables in
document order. A merged cell (gridSpan across, vMerge down) gives its value to every grid
cell it covers, so a leader spanning three rows leads each of them."""

from __future__ import annotations

import io
from typing import Any

from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.plan.readers.content import Notice, Table, TextLine
from guantask.plan.readers.limits import MAX_COLUMNS, MAX_PARAGRAPHS, MAX_ROWS

DOCX_HINT = "Word files need python-docx: pip install 'guantask[docx]'"


def _unusable(name: str) -> GuantaskError:
    return GuantaskError(_("{name} is not a usable Word document").format(name=name))


def _grid(tbl: Any, name: str, number: int, rows_left: int) -> Table:
    """The table's grid: each row as wide as the table, merged cells repeated."""
    from docx.table import _Cell

    rows: list[tuple[str, ...]] = []
    above: list[str] = []
    for tr in tbl.tr_lst:
        if len(rows) >= rows_left:
            raise GuantaskError(
                _("{name} has more than {n} table rows; not a notice").format(name=name, n=MAX_ROWS)
            )
        row: list[str] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            if len(row) + span > MAX_COLUMNS:
                raise GuantaskError(
                    _("{name}: table {t} is wider than {n} columns; not a notice").format(
                        name=name, t=number, n=MAX_COLUMNS
                    )
                )
            if tc.vMerge == "continue":
                start = len(row)
                text = above[start] if start < len(above) else ""
            else:
                text = _Cell(tc, None).text  # type: ignore[arg-type]
            row.extend([text] * span)
        rows.append(tuple(row))
        above = row
    width = max((len(r) for r in rows), default=0)
    grid = tuple(r + ("",) * (width - len(r)) for r in rows)
    return Table(f"table {number}", grid, tuple(range(1, len(grid) + 1)))


def read_docx(data: bytes, *, name: str) -> Notice:
    """Paragraphs (`paragraph N`, counting the body's paragraphs) and tables, in order."""
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise GuantaskError(_(DOCX_HINT)) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        items: list[TextLine | Table] = []
        paragraphs = tables = rows = 0
        for el in body.iterchildren():
            tag = el.tag.rsplit("}", 1)[-1]
            children = [el] if tag in ("p", "tbl") else []
            if tag == "sdt":  # a content control: its paragraphs and tables
                children = [c for c in el.iter() if c.tag.rsplit("}", 1)[-1] in ("p", "tbl")]
            for child in children:
                if child.tag.endswith("}p"):
                    paragraphs += 1
                    if paragraphs > MAX_PARAGRAPHS:
                        raise GuantaskError(
                            _("{name} has more than {n} paragraphs; not a notice").format(
                                name=name, n=MAX_PARAGRAPHS
                            )
                        )
                    text = Paragraph(child, document).text
                    items.extend(TextLine(x, f"paragraph {paragraphs}") for x in text.split("\n"))
                else:
                    tables += 1
                    table = _grid(child, name, tables, MAX_ROWS - rows)
                    rows += len(table.rows)
                    items.append(table)
    except GuantaskError:
        raise
    except Exception:
        raise _unusable(name) from None
    return Notice("docx", tuple(items))
