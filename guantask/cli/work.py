"""Commands of the daily work: assign, record-progress, signoff, extend (history and undo are in
`cli/history.py`).

Each command parses its arguments, calls one function of a `guantask.work` module and hands the
result to `guantask.render.work`. Write commands confirm on stderr; `--format json` prints the records.
"""

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from guantask.bounds import MAX_TASK_NO
from guantask.cli.app import app, state_of
from guantask.cli.inputs import read_task_nos
from guantask.cli.options import (
    AsOfOpt,
    ByOpt,
    FormatOpt,
    complete_reported_status,
    complete_task_no,
    complete_unit,
)
from guantask.cli.state import AppState
from guantask.errors import UsageError
from guantask.i18n import _
from guantask.render import Format

NosArg = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="Task numbers of the plan; '-' reads them from stdin (e.g. from list --format ids).",
        show_default=False,
        autocompletion=complete_task_no,
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="A note, kept as written.")]


@app.command()
def assign(
    ctx: typer.Context,
    nos: NosArg,
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
        read_task_nos(nos),
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
    no: Annotated[
        int | None,
        typer.Argument(
            metavar="[ID]",
            help="Task number (not with --from-csv).",
            min=1,
            max=MAX_TASK_NO,
            show_default=False,
            autocompletion=complete_task_no,
        ),
    ] = None,
    percent: Annotated[
        str | None,
        typer.Option(
            "--percent",
            metavar="PERCENT",
            help="0-100 as typed: 45, 45.5, 50%, ５０％ (kept as a whole number, half up). "
            "Default: derived from --value figures of cumulative targets, else carried forward.",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="in-progress, at-risk, blocked, done (进行中 有风险 受阻 已完成); "
            "only done or --percent 100 makes a task done. Default: the last status.",
            autocompletion=complete_reported_status,
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
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="A batch row for a signed-off task is an error, not skipped."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Record a batch file again that was already recorded."),
    ] = False,
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Append a progress record to a task (old records are never edited).

    A figure never finishes a task: only --status done or --percent 100 does. Without
    --percent, figures of cumulative targets (5G基站达到1200个) derive the percent (mean of
    actual ÷ target, at most 99); rates and levels (增长6%, 控制在4.5%以内) are shown against
    the target (on track / off track) and derive none; otherwise the last percent is carried.
    --note alone keeps percent and status. Numbers accept 万/亿 and %.
    With --from-csv/--from-xlsx (a unit's return: CSV in UTF-8, GB18030 or UTF-16, or xlsx;
    English or Chinese headers) every row is checked first; any bad row is reported with its
    line number and nothing is written. Rows for signed-off tasks are skipped (--strict: an
    error); a file already recorded is refused (--force records it again).

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
                ("ID", no),
                ("--percent", percent),
                ("--status", status),
                ("--value", values),
                ("--note", note),
                ("--date", date),
            ),
        )
        result, batch = _record_batch(
            state, from_csv, from_xlsx, user=user, reopen=reopen, strict=strict, force=force
        )
        batch_recorded(state.out, result, batch, fmt)
        return
    if no is None:
        raise UsageError(_("give a task ID (or --from-csv FILE)"))
    if strict or force:
        raise UsageError(_("--strict and --force are for a batch file (--from-csv/--from-xlsx)"))
    from guantask.work.inputs import ProgressInput, percent_of, reported_status
    from guantask.work.progress import record_progress as record

    given = ProgressInput(
        task=no,
        percent=percent_of(percent),
        status=reported_status(status),
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
    state: AppState,
    from_csv: str | None,
    from_xlsx: str | None,
    *,
    user: str,
    reopen: bool,
    strict: bool,
    force: bool,
) -> tuple[Any, Any]:
    """--from-csv/--from-xlsx through the one batch reader (the format told by content), every
    row checked, then all written or none; (the result, the batch read)."""
    from guantask.work import returns
    from guantask.work.batch import record_batch

    path = from_csv if from_csv is not None else from_xlsx
    assert path is not None
    with _bad_rows_reported(state):
        data = returns.load_return(path, stdin=sys.stdin.buffer)
        batch = returns.read_return(data, source="stdin" if path == "-" else path)
        result = record_batch(
            state.db,
            state.plan,
            batch,
            today=state.today,
            by=user,
            now=state.now(),
            reopen=reopen,
            strict=strict,
            force=force,
        )
    return result, batch


@contextmanager
def _bad_rows_reported(state: AppState) -> Iterator[None]:
    """Every bad row of a batch on stderr as SOURCE:LINE: message, then the error itself."""
    from guantask.work.returns import BatchInvalid

    try:
        yield
    except BatchInvalid as err:
        from guantask.plan.problems import MAX_SHOWN_PROBLEMS

        for line, message in err.problems[:MAX_SHOWN_PROBLEMS]:
            state.out.problem(f"{err.source}:{line}: {message}")
        if len(err.problems) > MAX_SHOWN_PROBLEMS:
            more = len(err.problems) - MAX_SHOWN_PROBLEMS
            state.out.problem(f"{err.source}: " + _("… and {n} more problems").format(n=more))
        raise


@app.command()
def signoff(
    ctx: typer.Context,
    nos: NosArg,
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
        read_task_nos(nos),
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
    no: Annotated[
        int,
        typer.Argument(
            metavar="ID",
            help="Task number.",
            min=1,
            max=MAX_TASK_NO,
            show_default=False,
            autocompletion=complete_task_no,
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
        no,
        to=to,
        reason=reason,
        today=state.today,
        by=state.user(by),
        now=state.now(),
    )
    extended(state.out, record, fmt)
