"""xlsx returns: the first sheet read in read-only mode, within the notice readers' caps.

Read-only mode streams the sheet, so a stray cell at XFD1048576 costs nothing: rows past
MAX_ROWS and columns past MAX_COLUMNS are not read, merged areas come from the sheet's XML
(at most MAX_MERGED, clipped), and any exception of the reader is "FILE is not a usable
workbook". Cells keep their type: numbers, dates, and a percent cell (0.5 shown as 50%) as 50.
No typer or rich here.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.plan.readers.limits import MAX_COLUMNS, MAX_ROWS

EXCEL_HINT = "xlsx needs openpyxl: pip install 'guantask[excel]'"


def openpyxl_module() -> Any:
    """openpyxl, or one clear line saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise GuantaskError(_(EXCEL_HINT)) from None
    return openpyxl


def xlsx_grid(data: bytes, *, source: str) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    """((sheet row, cell values) of the first sheet's non-blank rows, notes on what was not
    read); a percent cell's value is its percent, a whole float an int."""
    from guantask.plan.readers import zip_kind

    openpyxl = openpyxl_module()
    unusable = GuantaskError(_("{name} is not a usable workbook").format(name=source))
    if zip_kind(data, source) != "xlsx":
        raise unusable
    try:
        return _grid(openpyxl, data, source)
    except GuantaskError:
        raise
    except Exception:
        raise unusable from None


def _grid(openpyxl: Any, data: bytes, source: str) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    from guantask.plan.readers.xlsx import merged_ranges

    archive = zipfile.ZipFile(io.BytesIO(data))
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows: dict[int, list[Any]] = {}
        beyond = (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLUMNS
        for row in ws.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1):
            values = [_value(c) for c in row]
            if not any(v not in (None, "") for v in values):
                continue
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if number is None:
                continue
            if number > MAX_ROWS or (len(values) > MAX_COLUMNS and values[MAX_COLUMNS]):
                beyond = True
            if number <= MAX_ROWS:
                rows[number] = values[:MAX_COLUMNS]
        for r1, c1, r2, c2 in merged_ranges(archive, ws._worksheet_path, source):
            top = rows.get(r1, [])
            value = top[c1 - 1] if c1 <= len(top) else None
            for r in range(r1, r2 + 1):
                if r not in rows:
                    continue  # a merge over blank rows does not make them rows
                line = rows[r]
                line.extend([None] * (c2 - len(line)))
                for c in range(c1, c2 + 1):
                    line[c - 1] = value
        notes = []
        if beyond:
            notes.append(
                _("rows past {rows} and columns past {columns} are not read").format(
                    rows=MAX_ROWS, columns=MAX_COLUMNS
                )
            )
        return sorted(rows.items()), notes
    finally:
        wb.close()
        archive.close()


def _value(cell: Any) -> Any:
    """A cell's value as the clerk sees it: 0.5 formatted as a percent → 50, 40.0 → 40,
    a datetime at midnight → its date, text stripped."""
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        number = float(value)
        if "%" in (getattr(cell, "number_format", None) or ""):
            number = round(number * 100, 9)
        return int(number) if number.is_integer() else number
    return str(value).strip()
