"""The one reader of batch files: CSV and xlsx returns become typed progress inputs.

A batch file is the columns id,percent,status,value,note,date,by under a header row; a returned
`template` has its read-only context columns (text, due, lead_units) too, and the rows the unit
left empty are skipped. Every row becomes the same `ProgressInput` that one `record-progress`
builds; a row that cannot be read is kept as a problem at its FILE:LINE, so that all bad rows
of a file are reported at once. openpyxl is imported only for xlsx. No typer or rich here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from guantask.errors import GuantaskError, UsageError
from guantask.i18n import _
from guantask.people import person_name
from guantask.work.inputs import (
    ProgressInput,
    cell_text,
    optional_text,
    percent_of,
    reported_status,
    task_no,
)

BATCH_COLUMNS = ("id", "percent", "status", "value", "note", "date", "by")
# The read-only columns of a template; a header with all of them is a returned template.
CONTEXT_COLUMNS = ("text", "due", "lead_units")
# The columns a unit fills in; a template row with none of them is "nothing to report".
REPORT_COLUMNS = ("percent", "status", "value", "note")
EXCEL_HINT = "xlsx needs openpyxl: pip install 'guantask[excel]'"

_SPACE = re.compile(r"\s+")


class BatchInvalid(GuantaskError):
    """Some rows of a batch are bad; `problems` are (line, message), every one of them."""

    def __init__(self, problems: list[tuple[int, str]], *, source: str) -> None:
        n = len(problems)
        message = (
            _("{n} bad row in {source}; nothing was written")
            if n == 1
            else _("{n} bad rows in {source}; nothing was written")
        )
        super().__init__(message.format(n=n, source=source))
        self.problems = problems
        self.source = source


@dataclass(frozen=True, slots=True)
class Batch:
    """The rows of one batch file: (line, input) for each readable row, (line, message) for
    each row that is not, and how many untouched template rows were skipped."""

    source: str
    rows: tuple[tuple[int, ProgressInput], ...]
    problems: tuple[tuple[int, str], ...] = ()
    skipped: int = 0


def progress_input(row: Mapping[str, Any]) -> ProgressInput:
    """One batch row ({column: text or cell value}) as a progress input; the first unreadable
    cell is a `UsageError`."""
    if not cell_text(row.get("id")):
        raise UsageError(_("task id is missing"))
    no = task_no(row.get("id"))
    percent = percent_of(row.get("percent"))
    status = reported_status(row.get("status"))
    value = cell_text(row.get("value"))
    day = row.get("date")
    if isinstance(day, datetime):
        day = day.date()
    return ProgressInput(
        task=no,
        percent=percent,
        status=status,
        values=(value,) if value else (),
        note=optional_text(row.get("note")),
        date=day if isinstance(day, date) else optional_text(day),
        by=person_name(by, what="by") if (by := optional_text(row.get("by"))) else None,
    )


def rows_batch(
    rows: Sequence[Mapping[str, Any]],
    *,
    source: str,
    lines: Sequence[int] | None = None,
    skipped: int = 0,
) -> Batch:
    """A batch of rows; `lines` default to row i on line i + 2 (after the header)."""
    numbers = list(lines) if lines is not None else [i + 2 for i in range(len(rows))]
    read: list[tuple[int, ProgressInput]] = []
    problems: list[tuple[int, str]] = []
    for line, row in zip(numbers, rows, strict=True):
        try:
            read.append((line, progress_input(row)))
        except GuantaskError as err:
            problems.append((line, str(err)))
    return Batch(source, tuple(read), tuple(problems), skipped)


def _template_rows(
    header: Iterable[str], rows: Sequence[Mapping[str, Any]], lines: Sequence[int], source: str
) -> Batch:
    """A batch of the rows, without the untouched ones when the header is a template's."""
    if not is_template_header(header):
        return rows_batch(rows, source=source, lines=lines)
    kept = [(row, line) for row, line in zip(rows, lines, strict=True) if not untouched(row)]
    return rows_batch(
        [r for r, _l in kept],
        source=source,
        lines=[line for _r, line in kept],
        skipped=len(rows) - len(kept),
    )


# ----- CSV ---------------------------------------------------------------------------------------


def csv_batch(text: str, *, source: str) -> Batch:
    """A batch CSV (a plain batch file or a returned template) as progress inputs."""
    header, rows, lines = _csv_table(text, source=source)
    return _template_rows(header, rows, lines, source)


def read_csv_rows(text: str, *, source: str) -> tuple[list[dict[str, str]], list[int]]:
    """Rows of a batch CSV (header required, blank rows skipped) and their line numbers."""
    _header, rows, lines = _csv_table(text, source=source)
    return rows, lines


def _csv_table(text: str, *, source: str) -> tuple[list[str], list[dict[str, str]], list[int]]:
    """(header, rows with the batch columns, line numbers) of a batch CSV."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    start = 1
    for cells in _csv_rows(reader, source=source):
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [unicodedata.normalize("NFKC", c).strip().lower() for c in cells]
            if "id" not in header:
                problem = _("the first row must be the header: {columns}").format(
                    columns=",".join(BATCH_COLUMNS)
                )
                raise BatchInvalid([(line, problem)], source=source)
            continue
        rows.append(
            {
                name: (cells[i] if i < len(cells) else "")
                for i, name in enumerate(header)
                if name in BATCH_COLUMNS
            }
        )
        lines.append(line)
    if header is None:
        raise BatchInvalid([(1, _("empty file; expected a header row"))], source=source)
    return header, rows, lines


def _csv_rows(reader: Any, *, source: str) -> Iterator[list[str]]:
    """The rows of a csv.reader; a row the csv module refuses (a field over its size limit)
    is a bad row of the batch, not a crash."""
    import csv

    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problem = (reader.line_num, _("not a readable CSV row: {reason}").format(reason=err))
            raise BatchInvalid([problem], source=source) from None


# ----- xlsx --------------------------------------------------------------------------------------


def xlsx_batch(path: str) -> Batch:
    """The first sheet of a workbook (a batch or a returned template) as progress inputs."""
    sheet = read_xlsx_rows(path)
    rows = [row for _line, row in sheet]
    lines = [line for line, _row in sheet]
    header = sheet[0][1].keys() if sheet else ()
    return _template_rows(header, rows, lines, path)


def read_xlsx_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """The first sheet of a workbook as (row number, {column: text}) after its header row.

    The header is the first non-blank row, matched case-insensitively with whitespace and BOM
    stripped; columns without a header are ignored. A merged cell counts as its top-left value
    in every cell it covers; blank rows are skipped. Row numbers are the sheet's (1-based), so
    that problems can be shown at the line the clerk sees.
    """
    openpyxl = openpyxl_module()
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


def openpyxl_module() -> Any:
    """openpyxl, or one clear line saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise GuantaskError(_(EXCEL_HINT)) from None
    return openpyxl


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


# ----- templates coming back ---------------------------------------------------------------------


def header_key(text: str) -> str:
    """A header cell as a column name: NFKC, BOM and whitespace stripped, lower case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).replace("\ufeff", "")).lower()


def is_template_header(names: Iterable[str]) -> bool:
    """Whether a header row is a template's (it has every context column)."""
    keys = {header_key(n) for n in names}
    return all(c in keys for c in CONTEXT_COLUMNS)


def untouched(row: Mapping[str, Any]) -> bool:
    """A template row the unit did not fill in: no percent, status, value or note."""
    return not any(str(row.get(c) or "").strip() for c in REPORT_COLUMNS)
