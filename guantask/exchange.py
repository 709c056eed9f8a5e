"""Spreadsheets exchanged with units: task exports (JSON, CSV, xlsx) and fill-in templates.

An export is one header row, then one row per task. A template is the batch format of
`record-progress --from-csv/--from-xlsx` (id,percent,status,value,note,date,by) for one unit's
tasks, followed by read-only context columns (text, due, lead_units) that the reader ignores;
rows the unit left empty are skipped when it comes back. openpyxl is an optional extra,
imported only for xlsx. Files are written atomically: a temporary file beside the target,
then a rename. No typer or rich here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from guantask.errors import GuantaskError, UsageError
from guantask.i18n import _
from guantask.models import ReportedStatus
from guantask.render import cell_text
from guantask.store import Database
from guantask.store.plans import PlanRef

EXCEL_HINT = "xlsx needs openpyxl: pip install 'guantask[excel]'"

# The columns of an export, in order; `--fields` may also pick the extra ones.
EXPORT_FIELDS = (
    "id",
    "section",
    "text",
    "leaders",
    "lead_units",
    "responsible_units",
    "due",
    "status",
    "percent",
    "light",
    "assignee",
    "last_update",
    "latest_note",
)
EXTRA_FIELDS = ("plan", "subsection", "reasons")

BATCH_COLUMNS = ("id", "percent", "status", "value", "note", "date", "by")
CONTEXT_COLUMNS = ("text", "due", "lead_units")
TEMPLATE_COLUMNS = BATCH_COLUMNS + CONTEXT_COLUMNS
# The columns a unit fills in; a template row with none of them is "nothing to report".
REPORT_COLUMNS = ("percent", "status", "value", "note")

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
_SPACE = re.compile(r"\s+")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise GuantaskError(_(EXCEL_HINT)) from None
    return openpyxl


# ----- export -----------------------------------------------------------------------------------


def export_records(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date
) -> list[dict[str, Any]]:
    """The tasks a filter selects (None: all), as export records with their latest note."""
    from guantask.filters.find import find_tasks
    from guantask.store.admin import latest_notes

    rows = find_tasks(db, plan=plan, expr=expr, today=today)
    notes = latest_notes(db, plan.id)
    return [{**row.to_dict(), "latest_note": notes.get(row.id)} for row in rows]


def select_fields(
    records: Sequence[Mapping[str, Any]], fields: Sequence[str] | None
) -> list[dict[str, Any]]:
    """Records with the export's columns (or `fields`) in order."""
    keys = list(fields) if fields else list(EXPORT_FIELDS)
    return [{k: r.get(k) for k in keys} for r in records]


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
    openpyxl = _openpyxl()
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


def export_bytes(
    records: Sequence[Mapping[str, Any]],
    *,
    fmt: str,
    fields: Sequence[str] | None = None,
    excel: bool = False,
    formula_safe: bool = False,
    title: str = "tasks",
) -> bytes:
    """An export file's content: `fmt` json, csv or xlsx (`formula_safe`: see `to_csv`)."""
    selected = select_fields(records, fields)
    keys = list(fields) if fields else list(EXPORT_FIELDS)
    if fmt == "json":
        return to_json(selected)
    if fmt == "csv":
        return to_csv(selected, keys=keys, excel=excel, formula_safe=formula_safe)
    if fmt == "xlsx":
        return to_xlsx(selected, keys=keys, title=title)
    raise UsageError(_("unknown export format {fmt}").format(fmt=fmt))


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename: a
    reader never sees half a file, and a failure leaves the old file as it was."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(_("{path} is a folder; give a file name").format(path=path))
    if not folder.is_dir():
        raise UsageError(_("folder {path} does not exist").format(path=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise GuantaskError(
            _("cannot write {path}: {reason}").format(path=path, reason=err.strerror)
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise GuantaskError(
            _("cannot write {path}: {reason}").format(path=path, reason=err.strerror)
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ----- template ---------------------------------------------------------------------------------


def template_records(
    db: Database, *, plan: PlanRef, unit: str, today: date
) -> tuple[str, list[dict[str, Any]]]:
    """(the unit's name, one template row per task it leads or is responsible for)."""
    from guantask.filters.find import find_tasks
    from guantask.filters.language import terms_expr
    from guantask.work import resolve_unit

    name = resolve_unit(db, unit)
    rows = find_tasks(db, plan=plan, expr=terms_expr([("unit", ":", name)]), today=today)
    records = [
        {
            "id": r.id,
            "percent": None,
            "status": None,
            "value": None,
            "note": None,
            "date": None,
            "by": None,
            "text": r.text,
            "due": r.due,
            "lead_units": list(r.lead_units),
        }
        for r in rows
    ]
    return name, records


def template_bytes(records: Sequence[Mapping[str, Any]], *, fmt: str, unit: str) -> bytes:
    """A template file's content: xlsx, or CSV with BOM and CRLF (for Excel/WPS)."""
    if fmt == "csv":
        return to_csv(records, keys=TEMPLATE_COLUMNS, excel=True)
    if fmt == "xlsx":
        return to_xlsx(
            records, keys=TEMPLATE_COLUMNS, title=unit, context=CONTEXT_COLUMNS, validate=True
        )
    raise UsageError(_("a template is .xlsx or .csv, not {fmt}").format(fmt=fmt))


def format_of(path: Path, allowed: Iterable[str]) -> str:
    """The file format a file name asks for by its suffix."""
    suffix = path.suffix.lower().lstrip(".")
    allowed = tuple(allowed)
    if suffix not in allowed:
        raise UsageError(
            _("cannot tell the format of {path}; name it .{suffixes}").format(
                path=path, suffixes=" or .".join(allowed)
            )
        )
    return suffix


# ----- reading a returned sheet -----------------------------------------------------------------


def header_key(text: str) -> str:
    """A header cell as a column name: NFKC, BOM and whitespace stripped, lower case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).replace("\ufeff", "")).lower()


def _xlsx_text(value: Any, number_format: str = "General") -> str:
    """A cell value as the text a clerk typed: 50 → '50', 0.5 shown as 50% → '50', a date →
    2024-03-10."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = float(value)
        if "%" in (number_format or ""):
            number *= 100
        number = round(number, 9)
        return str(int(number)) if number.is_integer() else f"{number:g}"
    return str(value).strip()


def read_xlsx_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """The first sheet of a workbook as (row number, {column: text}) after its header row.

    The header is the first non-blank row, matched case-insensitively with whitespace and BOM
    stripped; columns without a header are ignored. A merged cell counts as its top-left value
    in every cell it covers; blank rows are skipped. Row numbers are the sheet's (1-based), so
    that problems can be shown at the line the clerk sees.
    """
    openpyxl = _openpyxl()
    p = Path(path)
    if not p.is_file():
        raise UsageError(_("xlsx file {path} does not exist").format(path=p))
    try:
        wb = openpyxl.load_workbook(p, data_only=True)
    except Exception as err:
        raise GuantaskError(
            _("{path} is not an xlsx workbook ({reason})").format(path=p, reason=type(err).__name__)
        ) from None
    try:
        ws = wb.worksheets[0]
        merged: dict[tuple[int, int], Any] = {}
        for rng in ws.merged_cells.ranges:
            top = ws.cell(row=rng.min_row, column=rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = (top.value, top.number_format)
        header: list[str] | None = None
        out: list[tuple[int, dict[str, str]]] = []
        for row in ws.iter_rows():
            cells: list[str] = []
            for cell in row:
                key = (cell.row, cell.column)
                value, fmt = merged.get(key, (cell.value, cell.number_format))
                cells.append(_xlsx_text(value, fmt))
            if not any(cells):
                continue
            line = row[0].row
            if header is None:
                header = [header_key(c) for c in cells]
                continue
            record: dict[str, str] = {}
            for key, text in zip(header, cells, strict=False):
                if key and key not in record:
                    record[key] = text
            out.append((line, record))
        if header is None:
            return []
        return out
    finally:
        wb.close()


def is_template_header(names: Iterable[str]) -> bool:
    """Whether a header row is a template's (it has every context column)."""
    keys = {header_key(n) for n in names}
    return all(c in keys for c in CONTEXT_COLUMNS)


def csv_header(text: str) -> list[str]:
    """The first non-blank row of a CSV text."""
    for cells in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")):
        if any(c.strip() for c in cells):
            return cells
    return []


def untouched(row: Mapping[str, Any]) -> bool:
    """A template row the unit did not fill in: no percent, status, value or note."""
    return not any(str(row.get(c) or "").strip() for c in REPORT_COLUMNS)


def drop_untouched(
    rows: Sequence[Mapping[str, Any]], lines: Sequence[int]
) -> tuple[list[Mapping[str, Any]], list[int], int]:
    """(rows, their line numbers, how many were skipped) without the rows left empty."""
    kept = [(row, line) for row, line in zip(rows, lines, strict=True) if not untouched(row)]
    return [r for r, _l in kept], [line for _r, line in kept], len(rows) - len(kept)
