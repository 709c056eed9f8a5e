"""Excel task tables (任务分解表, .xlsx) via openpyxl in read-only mode: every sheet as a table.

Read-only mode streams the sheet, so a stray cell at A1048576 costs nothing: rows past
MAX_ROWS and columns past MAX_COLUMNS are not read (and the notice says so), and
merged ranges (which read-only mode does not report) are read from the sheet's XML, at most
MAX_MERGED of them, each clipped to the rows and columns read.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any
from xml.etree.ElementTree import iterparse

from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.plan.readers.content import Notice, Table
from guantask.plan.readers.limits import MAX_COLUMNS, MAX_MERGED, MAX_ROWS

EXCEL_HINT = "xlsx needs openpyxl: pip install 'guantask[excel]'"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ref(ref: str) -> tuple[int, int]:
    """`AB12` → (row 12, column 28)."""
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :] or 0), col


def merged_ranges(
    archive: zipfile.ZipFile, path: str, name: str
) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged range, clipped to the caps."""
    out: list[tuple[int, int, int, int]] = []
    with archive.open(path.lstrip("/")) as src:
        for _event, el in iterparse(src):
            if el.tag.endswith("}mergeCell") and ":" in (ref := el.get("ref", "")):
                if len(out) >= MAX_MERGED:
                    raise GuantaskError(
                        _("{name} has more than {n} merged areas; not a notice").format(
                            name=name, n=MAX_MERGED
                        )
                    )
                (r1, c1), (r2, c2) = (_ref(x) for x in ref.split(":", 1))
                if r1 <= MAX_ROWS and c1 <= MAX_COLUMNS:
                    out.append((r1, c1, min(r2, MAX_ROWS), min(c2, MAX_COLUMNS)))
            el.clear()
    return out


def _sheet(ws: Any, archive: zipfile.ZipFile, name: str, notes: list[tuple[str, str]]) -> Table:
    rows: list[list[str]] = []
    beyond = (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLUMNS
    for row in ws.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True):
        cells = [_text(v) for v in row]
        beyond = beyond or (len(cells) > MAX_COLUMNS and bool(cells[MAX_COLUMNS]))
        if len(rows) == MAX_ROWS:
            beyond = beyond or any(cells)
            break
        rows.append(cells[:MAX_COLUMNS])
    if beyond:
        message = f"rows past {MAX_ROWS} and columns past {MAX_COLUMNS} are not read"
        notes.append((f"sheet {ws.title}", message))
    for r1, c1, r2, c2 in merged_ranges(archive, ws._worksheet_path, name):
        if r1 > len(rows):
            continue
        value = rows[r1 - 1][c1 - 1] if c1 <= len(rows[r1 - 1]) else ""
        for r in range(r1, min(r2, len(rows)) + 1):
            line = rows[r - 1]
            line.extend([""] * (c2 - len(line)))
            for c in range(c1, c2 + 1):
                line[c - 1] = value
    width = max((i + 1 for row in rows for i, v in enumerate(row) if v), default=0)
    grid = tuple(tuple((row + [""] * width)[:width]) for row in rows)
    return Table(f"sheet {ws.title}", grid, tuple(range(1, len(grid) + 1)), letters=True)


def read_xlsx(data: bytes, *, name: str) -> Notice:
    """Each sheet of the workbook as a table (`sheet 分解表`), rows numbered as Excel shows them."""
    try:
        import openpyxl
    except ImportError:
        raise GuantaskError(_(EXCEL_HINT)) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        notes: list[tuple[str, str]] = []
        try:
            tables = tuple(_sheet(ws, archive, name, notes) for ws in wb.worksheets)
        finally:
            wb.close()
            archive.close()
    except GuantaskError:
        raise
    except Exception:
        raise GuantaskError(_("{name} is not a usable workbook").format(name=name)) from None
    return Notice("xlsx", tables, tuple(notes))
