"""File formats of the exchange: JSON, CSV as Excel/WPS expect it, and one-sheet xlsx workbooks.

openpyxl is an optional extra, imported only when a workbook is written."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from guantask.i18n import _
from guantask.models import ReportedStatus
from guantask.render import cell_text
from guantask.work.returns import openpyxl_module

_WIDTHS = {
    "id": 6,
    "section": 8,
    "text": 60,
    "leaders": 14,
    "lead_units": 26,
    "responsible_units": 30,
    "due": 12,
    "status": 12,
    "percent": 9,
    "light": 8,
    "assignee": 12,
    "last_update": 12,
    "latest_note": 40,
    "value": 24,
    "note": 40,
    "date": 12,
    "by": 10,
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_safe(text: str) -> str:
    """Excel, WPS and LibreOffice run a CSV cell that starts with = + - @ (or a tab or CR
    before one) as a formula; a leading ' stops it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json(records: Sequence[Mapping[str, Any]]) -> bytes:
    return (json.dumps(list(records), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_csv(
    records: Sequence[Mapping[str, Any]],
    *,
    keys: Sequence[str],
    excel: bool = False,
    formula_safe: bool = False,
) -> bytes:
    """One header row, one row per record. `excel`: UTF-8 BOM, CRLF and formula-safe text
    cells, as Excel and WPS expect; otherwise plain UTF-8 with LF, formula-safe text cells
    only with `formula_safe` (a file people open), faithful data otherwise (stdout)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
    w.writerow(keys)
    for r in records:
        cells = [cell_text(r.get(k)) for k in keys]
        if excel or formula_safe:
            cells = [
                c if isinstance(r.get(k), int | float) else _formula_safe(c)
                for k, c in zip(keys, cells, strict=True)
            ]
        w.writerow(cells)
    return (("\ufeff" if excel else "") + buf.getvalue()).encode("utf-8")


def to_xlsx(
    records: Sequence[Mapping[str, Any]],
    *,
    keys: Sequence[str],
    title: str,
    context: Sequence[str] = (),
    validate: bool = False,
) -> bytes:
    """A workbook of one sheet: bold header row, frozen; column widths set; the `context`
    columns grey (read-only by convention). `validate` adds drop-downs for status and a
    0-100 rule for percent (templates)."""
    openpyxl = openpyxl_module()
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    grey = PatternFill("solid", fgColor="E7E6E6")
    grey_font = Font(color="595959")
    ws.append(list(keys))
    for col, key in enumerate(keys, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        if key in context:
            cell.fill = grey
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(key, 14)
    for row_no, r in enumerate(records, start=2):
        for col, key in enumerate(keys, start=1):
            cell = ws.cell(row=row_no, column=col)
            _set_cell(cell, r.get(key))
            if key in context:
                cell.fill = grey
                cell.font = grey_font
            if key in ("text", "latest_note", "note", "responsible_units", "lead_units"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
    ws.freeze_panes = "A2"
    if records:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(records) + 1}"
    if validate:
        _add_validation(ws, keys, len(records))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", title).strip("'") or "Sheet"
    return cleaned[:31]


def _set_cell(cell: Any, value: Any) -> None:
    """Numbers stay numbers; text is always text (a leading = is not a formula), with the
    control characters that xlsx cannot hold made visible."""
    if isinstance(value, bool) or value is None or isinstance(value, list | tuple):
        cell.value = cell_text(value) if value is not None else None
        if cell.value is not None:
            cell.data_type = "s"
        return
    if isinstance(value, int | float):
        cell.value = value
        return
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    cell.value = text
    cell.data_type = "s"


def _add_validation(ws: Any, keys: Sequence[str], n: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = max(n + 1, 2)
    if "status" in keys:
        col = get_column_letter(keys.index("status") + 1)
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(s.value for s in ReportedStatus) + '"',
            allow_blank=True,
        )
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
    if "percent" in keys:
        col = get_column_letter(keys.index("percent") + 1)
        dv = DataValidation(
            type="whole", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        dv.error = _("percent is a whole number from 0 to 100")
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
