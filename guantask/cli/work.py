"""Commands of the daily work: assign, record-progress, signoff, extend, history, undo.

Each command parses its arguments, calls one function of a `guantask.work` module and hands the
result to `guantask.render.work`. Write commands confirm on stderr; `--format json` prints the records.
"""

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from guantask.bounds import MAX_ROWS, MAX_TASK_ID
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
    from guantask.render.work import assigned
    from guantask.work.assign import assign as assign_tasks

    state = state_of(ctx)
    state.use_as_of(as_of)
    records = assign_tasks(
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
            min=1,
            max=MAX_TASK_ID,
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
    from guantask.render.work import batch_recorded, progress_recorded

    state = state_of(ctx)
    state.use_as_of(as_of)
    user = state.user(by)
    if from_csv is not None or from_xlsx is not None:
        _batch_only(
            from_csv,
            from_xlsx,
            given=(
                ("ID", task_id),
                ("--percent", percent),
                ("--status", status),
                ("--value", values),
                ("--note", note),
                ("--date", date),
            ),
        )
        records, source = _record_batch(state, from_csv, from_xlsx, user=user, reopen=reopen)
        batch_recorded(state.out, records, fmt, source=source)
        return
    if task_id is None:
        raise UsageError(_("give a task ID (or --from-csv FILE)"))
    from guantask.work.inputs import ProgressInput
    from guantask.work.progress import record_progress as record

    given = ProgressInput(
        task=task_id,
        percent=percent,
        status=None if status is None else status.value,
        values=tuple(values or ()),
        note=note,
        date=date,
    )
    records = record(
        state.db, state.plan, given, today=state.today, by=user, now=state.now(), reopen=reopen
    )
    progress_recorded(state.out, records, fmt)


def _batch_only(
    from_csv: str | None, from_xlsx: str | None, *, given: Sequence[tuple[str, Any]]
) -> None:
    """A batch file takes every value from the file: one file, and none of the single options."""
    if from_csv is not None and from_xlsx is not None:
        raise UsageError(_("give --from-csv or --from-xlsx, not both"))
    flag = "--from-csv" if from_csv is not None else "--from-xlsx"
    for option, value in given:
        if value is not None and value != []:
            raise UsageError(
                _("{flag} takes every value from the file; leave out {option}").format(
                    flag=flag, option=option
                )
            )


def _record_batch(
    state: AppState, from_csv: str | None, from_xlsx: str | None, *, user: str, reopen: bool
) -> tuple[list[dict[str, Any]], str]:
    """--from-csv/--from-xlsx through the one batch reader, every row checked, then all
    written or none; (the records, the file they came from)."""
    from guantask.work import returns
    from guantask.work.batch import record_batch

    with _bad_rows_reported(state):
        if from_csv is not None:
            text = read_input(from_csv, what=_("CSV file"))
            batch = returns.csv_batch(text, source="stdin" if from_csv == "-" else from_csv)
        else:
            assert from_xlsx is not None
            batch = returns.xlsx_batch(from_xlsx)
        records = record_batch(
            state.db,
            state.plan,
            batch,
            today=state.today,
            by=user,
            now=state.now(),
            reopen=reopen,
        )
    return records, batch.source


@contextmanager
def _bad_rows_reported(state: AppState) -> Iterator[None]:
    """Every bad row of a batch on stderr as SOURCE:LINE: message, then the error itself."""
    from guantask.work.returns import BatchInvalid

    try:
        yield
    except BatchInvalid as err:
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
    from guantask.render.work import signed_off
    from guantask.work.deadlines import sign_off

    state = state_of(ctx)
    state.use_as_of(as_of)
    records = sign_off(
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
            metavar="ID",
            help="Task number.",
            min=1,
            max=MAX_TASK_ID,
            show_default=False,
            autocompletion=complete_task_id,
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
    from guantask.render.work import extended
    from guantask.work.deadlines import extend as extend_task

    state = state_of(ctx)
    state.use_as_of(as_of)
    record = extend_task(
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
            min=1,
            max=MAX_TASK_ID,
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
        int | None,
        typer.Option("--limit", min=1, max=MAX_ROWS, help="Only the last N changes."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """The change log: who changed what and when (imports, assignments, progress, sign-offs,
    extensions, undos), oldest first. Without ID and --plan: every plan's changes.

    Example: guantask history 18 --since 2024-03-01 --format json
    """
    from guantask.render.work import history as show_history
    from guantask.work.history import history as change_log

    state = state_of(ctx)
    state.use_as_of(as_of)
    plan = state.plan if (task_id is not None or state.plan_ref) else None
    events = change_log(
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
    from guantask.render.work import undo_preview, undo_result
    from guantask.work.history import pending_undo
    from guantask.work.history import undo as undo_change

    state = state_of(ctx)
    user = state.user(by)
    event = pending_undo(state.db, by=user)
    undo_preview(state.out, event, asking=not yes)
    if not yes:
        if not _is_terminal():
            raise Refused(_("undo asks for confirmation: run it on a terminal or add --yes"))
        if not typer.confirm(_("Undo this change?"), default=False, err=True):
            raise Refused(_("nothing was undone"))
    result = undo_change(state.db, event, by=user, now=state.now())
    undo_result(state.out, result, fmt)


def _is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
