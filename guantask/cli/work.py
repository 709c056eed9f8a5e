"""Commands of the daily work: assign, record-progress, signoff, extend, history, undo.

Each command parses its arguments, calls one function of `guantask.work` and hands the result to
`guantask.render.work`. Write commands confirm on stderr; `--format json` prints the records.
"""

import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from guantask.cli.app import app, state_of
from guantask.cli.inputs import read_input, read_task_ids
from guantask.cli.options import AsOfOpt, ByOpt, FormatOpt, complete_task_id, complete_unit
from guantask.cli.state import AppState
from guantask.errors import Refused, UsageError
from guantask.i18n import _
from guantask.models import ReportedStatus
from guantask.render import Format

IdsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="Task numbers of the plan; '-' reads them from stdin (e.g. from list --format ids).",
        show_default=False,
        autocompletion=complete_task_id,
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="A note, kept as written.")]


@app.command()
def assign(
    ctx: typer.Context,
    task_ids: IdsArg,
    to: Annotated[
        str | None, typer.Option("--to", "-t", help="The contact person (free text).")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="The person's unit (part of its name, or pinyin).",
            autocompletion=complete_unit,
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="The assignee's own deadline (the task's due stays)."),
    ] = None,
    note: NoteOpt = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the assignee.")] = False,
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Assign tasks to a contact person (all listed tasks in one transaction).

    Example: guantask list --leader 张怀恒 --format ids | guantask assign - --to 李明 --unit 工信
    """
    from guantask import work
    from guantask.render.work import assigned

    state = state_of(ctx)
    state.use_as_of(as_of)
    records = work.assign(
        state.db,
        state.plan,
        read_task_ids(task_ids),
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


@app.command("record-progress")
def record_progress(
    ctx: typer.Context,
    task_id: Annotated[
        int | None,
        typer.Argument(
            metavar="[ID]",
            help="Task number (not with --from-csv).",
            show_default=False,
            autocompletion=complete_task_id,
        ),
    ] = None,
    percent: Annotated[
        int | None,
        typer.Option(
            "--percent", help="0-100. Default: derived from the recorded --value figures."
        ),
    ] = None,
    status: Annotated[
        ReportedStatus | None,
        typer.Option(
            "--status", "-s", help="Reported status; done means 100%.", case_sensitive=False
        ),
    ] = None,
    values: Annotated[
        list[str] | None,
        typer.Option(
            "--value",
            metavar="METRIC=NUMBER",
            help="An actual figure against a target, e.g. 到位资金=32亿 (repeatable).",
        ),
    ] = None,
    note: NoteOpt = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Day of the report (default today).")
    ] = None,
    from_csv: Annotated[
        str | None,
        typer.Option(
            "--from-csv",
            metavar="FILE|-",
            help="Record every row of a CSV (id,percent,status,value,note,date,by): all or none.",
        ),
    ] = None,
    from_xlsx: Annotated[
        str | None,
        typer.Option(
            "--from-xlsx",
            metavar="FILE",
            help="The same from the first sheet of an xlsx (e.g. a returned `template`).",
        ),
    ] = None,
    reopen: Annotated[
        bool, typer.Option("--reopen", help="Allow progress on a signed-off task (reopens it).")
    ] = False,
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Append a progress record to a task (old records are never edited).

    Without --percent, the percent is the mean over the task's targets of actual ÷ target
    (capped at 100), counting targets with a recorded figure. Numbers accept 万/亿 and %.
    With --from-csv every row is checked first; any bad row is reported with its line number
    and nothing is written.

    Example: guantask record-progress 18 --value 5G基站=800 --note "二季度新建 200 个"
    """
    from guantask import work
    from guantask.render.work import batch_recorded, progress_recorded

    state = state_of(ctx)
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
        return
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
            state.out.problem(f"{err.source}:{line}: {message}")
        raise


@app.command()
def signoff(
    ctx: typer.Context,
    task_ids: IdsArg,
    note: NoteOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Sign off tasks that are not reported done (recorded)."),
    ] = False,
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Sign off (销号) tasks that lead units reported done; --force for the others.

    Example: guantask signoff 18 21 --note "经现场核查，已完成"
    """
    from guantask import work
    from guantask.render.work import signed_off

    state = state_of(ctx)
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


@app.command()
def extend(
    ctx: typer.Context,
    task_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="Task number.", show_default=False, autocompletion=complete_task_id
        ),
    ],
    to: Annotated[
        str, typer.Option("--to", "-t", help="The new due date (later than the current one).")
    ],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why the extension is granted.")],
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Extend (延期) a task's due date; the old date is kept in the extension record.

    Example: guantask extend 18 --to 2024年9月30日 --reason "设备到货延迟"
    """
    from guantask import work
    from guantask.render.work import extended

    state = state_of(ctx)
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


@app.command()
def history(
    ctx: typer.Context,
    task_id: Annotated[
        int | None,
        typer.Argument(
            metavar="[ID]",
            help="Only this task's changes.",
            show_default=False,
            autocompletion=complete_task_id,
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Changes made on or after this date.")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Changes made by this person (part of the name).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the last N changes.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """The change log: who changed what and when (imports, assignments, progress, sign-offs,
    extensions, undos), oldest first. Without ID and --plan: every plan's changes.

    Example: guantask history 18 --since 2024-03-01 --format json
    """
    from guantask import work
    from guantask.render.work import history as show_history

    state = state_of(ctx)
    state.use_as_of(as_of)
    plan = state.plan if (task_id is not None or state.plan_ref) else None
    events = work.history(
        state.db, plan=plan, task_no=task_id, since=since, by=by, today=state.today, limit=limit
    )
    show_history(state.out, events, fmt)


@app.command()
def undo(
    ctx: typer.Context,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (needed without a terminal).")
    ] = False,
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Revert your most recent change (after showing it; asks on a terminal, --yes for scripts).

    Undo again to revert the change before it. Changes by other people are left alone.

    Example: guantask undo --yes
    """
    from guantask import work
    from guantask.render.work import undo_preview, undo_result

    state = state_of(ctx)
    user = state.user(by)
    event = work.pending_undo(state.db, by=user)
    undo_preview(state.out, event, asking=not yes)
    if not yes:
        if not _is_terminal():
            raise Refused(_("undo asks for confirmation: run it on a terminal or add --yes"))
        if not typer.confirm(_("Undo this change?"), default=False, err=True):
            raise Refused(_("nothing was undone"))
    result = work.undo(state.db, event, by=user, now=state.now())
    undo_result(state.out, result, fmt)


def _is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
