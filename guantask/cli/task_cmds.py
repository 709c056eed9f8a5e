"""Commands that read tasks: list, filter, show, leaders, units."""

from typing import Annotated

import typer

from guantask.cli import actions
from guantask.cli.actions import Sort
from guantask.cli.app import app, call, state_of
from guantask.cli.options import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LeaderOpt,
    NoHeadersOpt,
    TaskIdArg,
    UnitOpt,
    complete_filter,
    complete_unit,
)
from guantask.filters.help import FILTER_HELP
from guantask.models import Status
from guantask.render import Format


@app.command("list")
def list_(
    ctx: typer.Context,
    section: Annotated[
        int | None, typer.Option("--section", help="Section number (一 = 1).")
    ] = None,
    leader: LeaderOpt = None,
    unit: UnitOpt = None,
    lead_unit: Annotated[
        str | None,
        typer.Option("--lead-unit", help="Lead unit only.", autocompletion=complete_unit),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Text the task contains.")
    ] = None,
    status: Annotated[Status | None, typer.Option("--status", help="Status.")] = None,
    assignee: Annotated[
        str | None, typer.Option("--assignee", help="Contact person assigned.")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Due before this date.")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help="Due after this date.")
    ] = None,
    sort: Annotated[Sort, typer.Option("--sort", help="Order of the rows.")] = Sort.ID,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="At most this many rows.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    fields: FieldsOpt = None,
    no_headers: NoHeadersOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """List the plan's tasks; every option narrows the list (they combine with AND).

    Names match as a part of the name, as characters in order (工信 finds 县工业和信息化局)
    or as pinyin (zhh finds 张怀恒).

    Example: guantask list --leader 张怀恒 --unit 工信 --due-before 2024-07-01
    """
    call(
        ctx,
        actions.list_tasks,
        section=section,
        leader=leader,
        unit=unit,
        lead_unit=lead_unit,
        search=search,
        status=status,
        assignee=assignee,
        due_before=due_before,
        due_after=due_after,
        sort=sort,
        limit=limit,
        fmt=fmt,
        fields=fields,
        no_headers=no_headers,
        as_of=as_of,
    )


def _verbatim(text: str) -> str:
    """Help text that click prints as written: each paragraph marked with \\b."""
    return "\n\n".join("\b\n" + block for block in text.strip().split("\n\n"))


@app.command("filter", epilog=_verbatim(FILTER_HELP))
def filter_(
    ctx: typer.Context,
    expression: Annotated[
        list[str],
        typer.Argument(help="Filter terms (see below).", autocompletion=complete_filter),
    ],
    sort: Annotated[Sort, typer.Option("--sort", help="Order of the rows.")] = Sort.ID,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="At most this many rows.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    fields: FieldsOpt = None,
    no_headers: NoHeadersOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Find tasks with a small query language (terms AND-ed; or, not, parentheses).

    Example: guantask filter leader:张怀恒 unit:工信 'due<2024-07-01' 'percent<50' not status:done 5G
    """
    call(
        ctx,
        actions.filter_tasks,
        expression=expression,
        sort=sort,
        limit=limit,
        fmt=fmt,
        fields=fields,
        no_headers=no_headers,
        as_of=as_of,
    )


@app.command()
def show(
    ctx: typer.Context,
    task_id: TaskIdArg,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
    ] = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Everything about one task: text, section, leaders, units, targets, due, history.

    Example: guantask show 18
    """
    call(ctx, actions.show_task, task_id=task_id, fmt=fmt, as_of=as_of)


@app.command()
def leaders(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """Each lead leader (牵头领导) with the number of tasks they lead.

    Example: guantask leaders --format csv
    """
    call(ctx, actions.leaders, fmt=fmt)


units_app = typer.Typer(
    cls=None,
    help="Units: list them with their task counts; alias and merge spellings.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(units_app, name="units")


@units_app.callback()
def units(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """Each unit with its number of tasks as lead unit and as responsible unit.

    Example: guantask units --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    from guantask.filters.find import name_counts as counts
    from guantask.render import name_counts

    state = state_of(ctx)
    name_counts(state.out, counts(state.db, plan=state.plan, kind="unit"), fmt, kind="unit")
