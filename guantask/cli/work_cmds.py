"""Commands of the daily work: assign, record-progress, signoff, extend, history, undo.

Each command parses its arguments, calls one function of `guantask.work` and hands the result to
`guantask.render.work`. Write commands confirm on stderr; `--format json` prints the records.
"""

import sys
from typing import Annotated

import typer

from guantask.cli import actions
from guantask.cli.app import app, call, state_of
from guantask.cli.options import AsOfOpt, ByOpt, FormatOpt, complete_task_id, complete_unit
from guantask.errors import Refused
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
    call(
        ctx,
        actions.assign,
        task_ids=task_ids,
        to=to,
        unit=unit,
        due=due,
        note=note,
        clear=clear,
        by=by,
        fmt=fmt,
        as_of=as_of,
    )


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
    call(
        ctx,
        actions.record_progress,
        task_id=task_id,
        percent=percent,
        status=status,
        values=values,
        note=note,
        date=date,
        from_csv=from_csv,
        from_xlsx=from_xlsx,
        reopen=reopen,
        by=by,
        fmt=fmt,
        as_of=as_of,
    )


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
    call(
        ctx, actions.signoff, task_ids=task_ids, note=note, force=force, by=by, fmt=fmt, as_of=as_of
    )


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
    call(ctx, actions.extend, task_id=task_id, to=to, reason=reason, by=by, fmt=fmt, as_of=as_of)


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
    call(
        ctx, actions.history, task_id=task_id, since=since, by=by, limit=limit, fmt=fmt, as_of=as_of
    )


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
    undo_preview(state.out, event)
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
