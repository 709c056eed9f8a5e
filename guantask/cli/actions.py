"""The bodies of the everyday commands, without Typer: read the options, call the domain, render.

Each function takes the run's `AppState` and the command's options by the names of its Typer
parameters, and returns an exit code (None for 0). The Typer commands call these; so does the
fast path (`guantask.cli.fast`), which reads the same options without importing Typer. Only
plain Python, the domain modules and the renderers are imported at module level.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guantask.cli.state import AppState
from guantask.errors import ExitCode, GuantaskError, UsageError
from guantask.i18n import _
from guantask.render import TASK_FIELDS, ChaseFormat, Format, ReportFormat

if TYPE_CHECKING:
    from guantask.filters.language import Expr
    from guantask.models import ReportedStatus, Status, TaskRow


class Sort(StrEnum):
    """Orders of `list` and `filter`."""

    ID = "id"
    DUE = "due"
    PERCENT = "percent"
    SECTION = "section"
    LIGHT = "light"


class StatsBy(StrEnum):
    """Groupings of `stats`."""

    LEADER = "leader"
    UNIT = "unit"
    SECTION = "section"


# ----- tasks: list, filter, show, leaders, plans ---------------------------------------------


def list_tasks(
    state: AppState,
    *,
    section: int | None,
    leader: str | None,
    unit: str | None,
    lead_unit: str | None,
    search: str | None,
    status: Status | None,
    assignee: str | None,
    due_before: str | None,
    due_after: str | None,
    sort: Sort,
    limit: int | None,
    fmt: Format,
    fields: str | None,
    no_headers: bool,
    as_of: str | None,
) -> int | None:
    from guantask.filters.find import find_tasks, options_expr

    state.use_as_of(as_of)
    expr = options_expr(
        [
            ("section", "=", None if section is None else str(section)),
            ("leader", ":", leader),
            ("unit", ":", unit),
            ("lead", ":", lead_unit),
            ("text", ":", search),
            ("status", ":", None if status is None else status.value),
            ("assignee", ":", assignee),
            ("due", "<", due_before),
            ("due", ">", due_after),
        ]
    )
    rows = find_tasks(
        state.db, plan=state.plan, expr=expr, today=state.today, sort=sort.value, limit=limit
    )
    return _print_tasks(state, rows, fmt, fields, no_headers)


def filter_tasks(
    state: AppState,
    *,
    expression: list[str],
    sort: Sort,
    limit: int | None,
    fmt: Format,
    fields: str | None,
    no_headers: bool,
    as_of: str | None,
) -> int | None:
    from guantask.filters.find import find_tasks
    from guantask.filters.language import parse_filter

    state.use_as_of(as_of)
    expr = parse_filter(expression)
    rows = find_tasks(
        state.db, plan=state.plan, expr=expr, today=state.today, sort=sort.value, limit=limit
    )
    return _print_tasks(state, rows, fmt, fields, no_headers)


def _print_tasks(
    state: AppState, rows: list[TaskRow], fmt: Format, fields: str | None, no_headers: bool
) -> None:
    from guantask.render import tasks

    tasks(state.out, rows, fmt, fields=split_fields(fields, TASK_FIELDS), headers=not no_headers)


def show_task(state: AppState, *, task_id: int, fmt: Format, as_of: str | None) -> int | None:
    from guantask.filters.find import show_task
    from guantask.render import task_detail

    state.use_as_of(as_of)
    detail = show_task(state.db, plan=state.plan, task_no=task_id, today=state.today)
    task_detail(state.out, detail, fmt)
    return None


def leaders(state: AppState, *, fmt: Format) -> int | None:
    from guantask.filters.find import name_counts as counts
    from guantask.render import name_counts

    name_counts(state.out, counts(state.db, plan=state.plan, kind="leader"), fmt, kind="leader")
    return None


def plans(state: AppState, *, fmt: Format) -> int | None:
    from guantask.render import plans
    from guantask.store.plans import list_plans

    plans(state.out, list_plans(state.db), fmt)
    return None


# ----- reports: overdue, stats, report weekly ------------------------------------------------


def overdue(
    state: AppState,
    *,
    words: list[str] | None,
    within: int | None,
    exit_status: bool,
    fmt: Format,
    fields: str | None,
    no_headers: bool,
    as_of: str | None,
) -> int | None:
    from guantask.render.reports import OVERDUE_FIELDS
    from guantask.render.reports import overdue as render_overdue
    from guantask.reports import any_overdue, gather_overdue

    state.use_as_of(as_of)
    items = gather_overdue(
        state.db, plan=state.plan, expr=filter_expr(words), today=state.today, within=within
    )
    # The exit status says what the data is, whoever reads the list: `| head` keeps it.
    code = int(ExitCode.OVERDUE) if exit_status and any_overdue(items) else None
    keys = split_fields(fields, OVERDUE_FIELDS)
    try:
        render_overdue(state.out, items, fmt, fields=keys, headers=not no_headers)
        state.out.stdout.flush()
    except BrokenPipeError:
        from guantask.cli.guard import reader_gone

        reader_gone()
    return code


def stats(
    state: AppState, *, by: StatsBy, words: list[str] | None, fmt: Format, as_of: str | None
) -> int | None:
    from guantask.render.reports import stats as render_stats
    from guantask.reports import gather_stats

    state.use_as_of(as_of)
    rows, total = gather_stats(
        state.db, plan=state.plan, expr=filter_expr(words), today=state.today, by=by.value
    )
    render_stats(state.out, rows, total, fmt, by=by.value)
    return None


def chase(
    state: AppState, *, words: list[str] | None, fmt: ChaseFormat, as_of: str | None
) -> int | None:
    from guantask.render.reports import chase as render_chase
    from guantask.reports import gather_chase, plan_info

    state.use_as_of(as_of)
    notices = gather_chase(state.db, plan=state.plan, expr=filter_expr(words), today=state.today)
    render_chase(state.out, notices, fmt, plan=plan_info(state.plan), today=state.today)
    return None


def report_weekly(
    state: AppState, *, as_of: str | None, fmt: ReportFormat, output: Path | None, width: int
) -> int | None:
    from guantask.render.reports import weekly
    from guantask.reports import gather_weekly

    state.use_as_of(as_of)
    report = gather_weekly(state.db, plan=state.plan, today=state.today)
    text = weekly(report, fmt, width=width)
    if output is None or str(output) == "-":
        state.out.write(text)
        return None
    from guantask.exchange import write_atomic

    write_atomic(output, text.encode("utf-8"))
    state.out.message(
        _("wrote the weekly report {week} to {path}").format(week=report.week.label, path=output)
    )
    return None


# ----- daily work: assign, signoff, extend, history ------------------------------------------


def read_task_ids(args: list[str]) -> list[int]:
    """Task numbers from the arguments; '-' reads them from stdin (e.g. `list --format ids`)."""
    from guantask.work import parse_ids

    ids: list[int] = []
    for arg in args:
        if arg == "-":
            got = parse_ids(sys.stdin.read())
            if not got:
                raise UsageError(_("no task ids on stdin"))
            ids += got
        else:
            ids += parse_ids(arg)
    if not ids:
        raise UsageError(_("no task ids given"))
    return ids


def assign(
    state: AppState,
    *,
    task_ids: list[str],
    to: str | None,
    unit: str | None,
    due: str | None,
    note: str | None,
    clear: bool,
    by: str | None,
    fmt: Format,
    as_of: str | None,
) -> int | None:
    from guantask import work
    from guantask.render.work import assigned

    state.use_as_of(as_of)
    ids = read_task_ids(task_ids)
    records = work.assign(
        state.db,
        state.plan,
        ids,
        assignee=to,
        unit=unit,
        due=due,
        note=note,
        clear=clear,
        today=state.today,
        by=state.user(by),
        now=state.now(),
    )
    assigned(state.out, records, fmt, clear=clear)
    return None


def signoff(
    state: AppState,
    *,
    task_ids: list[str],
    note: str | None,
    force: bool,
    by: str | None,
    fmt: Format,
    as_of: str | None,
) -> int | None:
    from guantask import work
    from guantask.render.work import signed_off

    state.use_as_of(as_of)
    records = work.sign_off(
        state.db,
        state.plan,
        read_task_ids(task_ids),
        note=note,
        force=force,
        today=state.today,
        by=state.user(by),
        now=state.now(),
    )
    signed_off(state.out, records, fmt)
    return None


def extend(
    state: AppState,
    *,
    task_id: int,
    to: str,
    reason: str,
    by: str | None,
    fmt: Format,
    as_of: str | None,
) -> int | None:
    from guantask import work
    from guantask.render.work import extended

    state.use_as_of(as_of)
    record = work.extend(
        state.db,
        state.plan,
        task_id,
        to=to,
        reason=reason,
        today=state.today,
        by=state.user(by),
        now=state.now(),
    )
    extended(state.out, record, fmt)
    return None


def history(
    state: AppState,
    *,
    task_id: int | None,
    since: str | None,
    by: str | None,
    limit: int | None,
    fmt: Format,
    as_of: str | None,
) -> int | None:
    from guantask import work
    from guantask.render.work import history as show_history

    state.use_as_of(as_of)
    plan = state.plan if (task_id is not None or state.plan_ref) else None
    events = work.history(
        state.db, plan=plan, task_no=task_id, since=since, by=by, today=state.today, limit=limit
    )
    show_history(state.out, events, fmt)
    return None


# ----- record-progress -----------------------------------------------------------------------


def record_progress(
    state: AppState,
    *,
    task_id: int | None,
    percent: int | None,
    status: ReportedStatus | None,
    values: list[str] | None,
    note: str | None,
    date: str | None,
    from_csv: str | None,
    from_xlsx: str | None,
    reopen: bool,
    by: str | None,
    fmt: Format,
    as_of: str | None,
) -> int | None:
    from guantask import work
    from guantask.render.work import batch_recorded, progress_recorded

    state.use_as_of(as_of)
    user = state.user(by)
    if from_csv is not None and from_xlsx is not None:
        raise UsageError(_("give --from-csv or --from-xlsx, not both"))
    if from_csv is not None or from_xlsx is not None:
        flag = "--from-csv" if from_csv is not None else "--from-xlsx"
        given = [
            name
            for name, value in (
                ("ID", task_id),
                ("--percent", percent),
                ("--status", status),
                ("--value", values),
                ("--note", note),
                ("--date", date),
            )
            if value is not None and value != []
        ]
        if given:
            raise UsageError(
                _("{flag} takes every value from the file; leave out {option}").format(
                    flag=flag, option=given[0]
                )
            )
        if from_csv is not None:
            records = _record_csv(state, from_csv, user=user, reopen=reopen)
            source = "stdin" if from_csv == "-" else from_csv
        else:
            assert from_xlsx is not None
            records = _record_xlsx(state, from_xlsx, user=user, reopen=reopen)
            source = from_xlsx
        batch_recorded(state.out, records, fmt, source=source)
        return None
    if task_id is None:
        raise UsageError(_("give a task ID (or --from-csv FILE)"))
    row = {
        "id": task_id,
        "percent": percent,
        "status": None if status is None else status.value,
        "value": values or [],
        "note": note,
        "date": date,
        "by": None,
    }
    records = work.record_progress(
        state.db,
        state.plan,
        row,
        today=state.today,
        by=user,
        now=state.now(),
        reopen=reopen,
    )
    progress_recorded(state.out, records, fmt)
    return None


def _record_csv(state: AppState, path: str, *, user: str, reopen: bool) -> list[dict[str, Any]]:
    from guantask import work

    source = "stdin" if path == "-" else path
    text = read_input(path, what=_("CSV file"))
    with _bad_rows_reported(state):
        rows, lines = work.read_csv_rows(text, source=source)
    rows, lines = _without_untouched_template_rows(text, rows, lines)
    return _record_rows(state, rows, lines, source=source, user=user, reopen=reopen)


def _without_untouched_template_rows(
    text: str, rows: Sequence[Mapping[str, Any]], lines: Sequence[int]
) -> tuple[Sequence[Mapping[str, Any]], Sequence[int]]:
    """A returned `template` (it has the context columns) lists all the unit's tasks; the rows
    the unit left empty are not records. Plain batch files are taken as they are."""
    from guantask import exchange

    if not exchange.is_template_header(exchange.csv_header(text)):
        return rows, lines
    kept, kept_lines, _skipped = exchange.drop_untouched(rows, lines)
    return kept, kept_lines


def _record_xlsx(state: AppState, path: str, *, user: str, reopen: bool) -> list[dict[str, Any]]:
    """--from-xlsx: the first sheet through `exchange.read_xlsx_rows`, then the same
    validation and all-or-nothing write as --from-csv."""
    from guantask import exchange

    sheet = exchange.read_xlsx_rows(path)
    rows: Sequence[Mapping[str, Any]] = [row for _line, row in sheet]
    lines: Sequence[int] = [line for line, _row in sheet]
    if sheet and exchange.is_template_header(sheet[0][1].keys()):
        rows, lines, _skipped = exchange.drop_untouched(rows, lines)
    return _record_rows(state, rows, lines, source=path, user=user, reopen=reopen)


def _record_rows(
    state: AppState,
    rows: Sequence[Mapping[str, Any]],
    lines: Sequence[int],
    *,
    source: str,
    user: str,
    reopen: bool,
) -> list[dict[str, Any]]:
    """Validate every row of a batch, then write all of them or none."""
    from guantask import work

    with _bad_rows_reported(state):
        return work.record_batch(
            state.db,
            state.plan,
            rows,
            today=state.today,
            by=user,
            now=state.now(),
            source=source,
            lines=lines,
            reopen=reopen,
        )


@contextmanager
def _bad_rows_reported(state: AppState) -> Iterator[None]:
    """Every bad row of a batch on stderr as SOURCE:LINE: message, then the error itself."""
    from guantask import work

    try:
        yield
    except work.BatchInvalid as err:
        for line, message in err.problems:
            state.out.message(f"{err.source}:{line}: {message}")
        raise


# ----- helpers shared with the Typer-only commands --------------------------------------------


def split_fields(fields: str | None, allowed: tuple[str, ...]) -> list[str] | None:
    """Validate `--fields`; unknown names are a usage error listing the allowed ones."""
    if not fields:
        return None
    names = [f.strip() for f in fields.split(",") if f.strip()]
    bad = [f for f in names if f not in allowed]
    if bad:
        raise UsageError(
            _("unknown field {field!r}; fields: {fields}").format(
                field=bad[0], fields=",".join(allowed)
            )
        )
    return names


def filter_expr(words: list[str] | None) -> Expr | None:
    """The filter terms a command was given, parsed; None when there are none (every task)."""
    if not words:
        return None
    from guantask.filters.language import parse_filter

    return parse_filter(words)


def read_input(path: str, *, what: str) -> str:
    """Text of a file (or stdin for '-'), decoded as UTF-8 with or without BOM."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(_("{what} {path} does not exist").format(what=what, path=path)) from None
    except IsADirectoryError:
        raise UsageError(_("{what} {path} is a folder").format(what=what, path=path)) from None
    except OSError as err:
        raise UsageError(
            _("cannot read {what} {path}: {reason}").format(
                what=what, path=path, reason=err.strerror
            )
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise GuantaskError(
            _("{what} {path} is not UTF-8 text (byte {byte}); save it as UTF-8").format(
                what=what, path=path, byte=err.start
            )
        ) from None
