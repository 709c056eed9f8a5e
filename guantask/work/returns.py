"""The one reader of batch files: a unit's return (CSV or xlsx) becomes typed progress inputs.

A return is a table whose header row names the batch columns (id, percent, status, value,
note, date, by) in English or Chinese (序号, 进度, 状态, 指标, 进展情况, 填报日期, 填报人; the
words are `guantask.vocab.HEADER_WORDS`), in any order, below any title rows; other columns
are ignored (a returned `template`'s read-only context columns text, due, lead_units among
them). A row with a task number and nothing to report (no percent, status, value or note) is
skipped: the unit had nothing to say about that task. The format and the text encoding are told by
content (`returns_csv`, `returns_xlsx`), never by the file's name. Every row becomes the same
`ProgressInput` that one `record-progress` builds; a row that cannot be read is kept as a
problem at its FILE:LINE, so that all bad rows of a file are reported at once. No typer or
rich here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, BinaryIO

from guantask.errors import GuantaskError, UsageError
from guantask.i18n import _
from guantask.people import person_name
from guantask.vocab import field_of_header
from guantask.work.inputs import (
    ProgressInput,
    cell_text,
    optional_text,
    percent_of,
    reported_status,
    task_no,
)

BATCH_COLUMNS = ("id", "percent", "status", "value", "note", "date", "by")
# The read-only columns of a template (text, due, lead_units), written after the batch columns.
CONTEXT_COLUMNS = ("text", "due", "lead_units")
# The columns a unit fills in; a template row with none of them is "nothing to report".
REPORT_COLUMNS = ("percent", "status", "value", "note")
MAX_BYTES = 20 * 1024 * 1024  # a return of a few hundred rows is far below this
HEADER_SEARCH = 20  # rows above the header (a title, a unit's name, a date) that are passed over
# Excel's day numbers (1900 date system) read as dates in the date column: 2000-01-01…2099-12-31
_SERIALS = range(36526, 73051)
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_TEXT = re.compile(r"\d{5}(\.0+)?")


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
    each row that is not, and how many untouched template rows were skipped; `digest` is the
    file's SHA-256 (a file already recorded is refused), `encoding` the text encoding read
    (None for a workbook), `notes` what the reader left out."""

    source: str
    rows: tuple[tuple[int, ProgressInput], ...]
    problems: tuple[tuple[int, str], ...] = ()
    skipped: int = 0
    digest: str = ""
    encoding: str | None = None
    notes: tuple[str, ...] = ()


def load_return(path: str, *, stdin: BinaryIO) -> bytes:
    """The bytes of a return: a regular file, or stdin for '-', at most MAX_BYTES."""
    from guantask.plan.readers import load_file

    return load_file(path, what=_("return"), stdin=stdin, max_bytes=MAX_BYTES)


def read_return(data: bytes, *, source: str) -> Batch:
    """A return's rows as progress inputs; an xlsx workbook or CSV text, told by content."""
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK"):
        from guantask.work.returns_xlsx import xlsx_grid

        grid, notes = xlsx_grid(data, source=source)
        batch = table_batch(grid, source=source)
        return replace(batch, digest=digest, notes=tuple(notes))
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise GuantaskError(
            _("{source} is an old binary Excel or WPS file (.xls, .et); save it as .xlsx").format(
                source=source
            )
        )
    from guantask.work.returns_csv import csv_grid, decode_return

    text, encoding = decode_return(data, source=source)
    grid = csv_grid(text, source=source, tabs=encoding == "UTF-16")
    batch = table_batch(grid, source=source)
    return replace(batch, digest=digest, encoding=encoding)


def csv_batch(text: str, *, source: str) -> Batch:
    """A batch CSV already decoded (a plain batch file or a returned template)."""
    from guantask.work.returns_csv import csv_grid

    return table_batch(csv_grid(text, source=source), source=source)


# ----- the table: header row, columns, rows ------------------------------------------------------


def table_batch(grid: Sequence[tuple[int, Sequence[Any]]], *, source: str) -> Batch:
    """A batch of a table's rows ((line, cells), blank rows included or not) below its header."""
    filled = [(line, cells) for line, cells in grid if any(_filled(c) for c in cells)]
    if not filled:
        raise BatchInvalid([(1, _("empty file; expected a header row"))], source=source)
    at, columns = _header(filled, source=source)
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    for line, cells in filled[at + 1 :]:
        rows.append(
            {f: (cells[i] if i < len(cells) else None) for f, i in columns.items() if f != "_"}
        )
        lines.append(line)
    kept = [(row, line) for row, line in zip(rows, lines, strict=True) if not untouched(row)]
    return rows_batch(
        [r for r, _l in kept],
        source=source,
        lines=[line for _r, line in kept],
        skipped=len(rows) - len(kept),
    )


def _filled(cell: Any) -> bool:
    return cell is not None and cell_text(cell) != ""


def _header(
    filled: Sequence[tuple[int, Sequence[Any]]], *, source: str
) -> tuple[int, dict[str, int]]:
    """(index of the header row, {field: column}): the first row, within HEADER_SEARCH, that
    names the id and one column a unit fills in. A field named twice is a problem."""
    for at, (line, cells) in enumerate(filled[:HEADER_SEARCH]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(cells):
            field = field_of_header(cell_text(cell)) if isinstance(cell, str) else None
            if field is None:
                continue
            if field in columns:
                problem = _("column {field} is given twice (columns {a} and {b})").format(
                    field=field, a=_column_name(columns[field]), b=_column_name(i)
                )
                raise BatchInvalid([(line, problem)], source=source)
            columns[field] = i
        if "id" in columns and any(c in columns for c in REPORT_COLUMNS):
            return at, columns
    problem = _("no header row: expected the columns {columns} (or 序号,进度,状态,指标,进展情况)")
    raise BatchInvalid(
        [(filled[0][0], problem.format(columns=",".join(BATCH_COLUMNS)))], source=source
    )


def _column_name(index: int) -> str:
    """A column as a spreadsheet names it: 0 → A, 27 → AB."""
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def untouched(row: Mapping[str, Any]) -> bool:
    """A template row the unit did not fill in: no percent, status, value or note."""
    return not any(_filled(row.get(c)) for c in REPORT_COLUMNS)


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


# ----- one row -----------------------------------------------------------------------------------


def progress_input(row: Mapping[str, Any]) -> ProgressInput:
    """One batch row ({column: text or cell value}) as a progress input; the first unreadable
    cell is a `UsageError`."""
    if not cell_text(row.get("id")):
        raise UsageError(_("task id is missing"))
    no = task_no(_number_text(row.get("id")))
    percent = percent_of(_number_text(row.get("percent")))
    status_text = cell_text(row.get("status"))
    status = reported_status(status_text)
    value = cell_text(row.get("value"))
    return ProgressInput(
        task_no=no,
        percent=percent,
        status=status,
        values=(value,) if value else (),
        note=optional_text(row.get("note")),
        date=_day(row.get("date")),
        by=person_name(by, what="by") if (by := optional_text(row.get("by"))) else None,
    )


def _number_text(value: Any) -> Any:
    """A number stored as text (`' 40 '`, `'４０'`, `'18.0'`) as the number it shows."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.isdigit():
        return text  # exact as written: a huge id stays huge, not 1e20
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return value
    if number.is_integer() and not text.endswith("%"):
        return str(int(number))
    return text


def _day(value: Any) -> date | str | None:
    """A date cell, an Excel day number (45462 → 2024-06-19) or the text as written."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) in _SERIALS:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return cell_text(value) or None
    text = cell_text(value)
    if _SERIAL_TEXT.fullmatch(text) and int(float(text)) in _SERIALS:
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    return text or None
