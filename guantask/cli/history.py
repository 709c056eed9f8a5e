"""The change log and undo: `history` and `undo`.

Each command calls one function of `guantask.work.history` and hands the result to
`guantask.render.work`.
"""

import sys
from typing import Annotated

import typer

from guantask.bounds import MAX_ROWS, MAX_TASK_NO
from guantask.cli.app import app, state_of
from guantask.cli.options import AsOfOpt, ByOpt, FormatOpt, complete_task_no
from guantask.errors import Refused
from guantask.i18n import _
from guantask.render import Format


@app.command()
def history(
    ctx: typer.Context,
    no: Annotated[
        int | None,
        typer.Argument(
            metavar="[ID]",
            help="Only this task's changes.",
            min=1,
            max=MAX_TASK_NO,
            show_default=False,
            autocompletion=complete_task_no,
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
    plan = state.plan if (no is not None or state.plan_ref) else None
    events = change_log(
        state.db, plan=plan, task_no=no, since=since, by=by, today=state.today, limit=limit
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
