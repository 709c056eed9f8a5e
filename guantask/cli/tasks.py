"""Commands that read tasks: list, filter, show, leaders, units.

Each finds the tasks through `guantask.filters.find` and hands them to one renderer.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from guantask.cli.app import app, state_of
from guantask.cli.inputs import split_fields
from guantask.cli.options import (
    AsOfOpt,
    FieldsOpt,
    FilterTermsCommand,
    FormatOpt,
    IssuerOpt,
    LeaderOpt,
    LimitOpt,
    NoHeadersOpt,
    PlanOpt,
    Sort,
    SortOpt,
    TaskNoArg,
    UnitOpt,
    complete_filter,
    complete_section,
    complete_status,
    complete_unit,
)
from guantask.filters.help import FILTER_HELP
from guantask.models import TASK_FIELDS
from guantask.render import Format
from guantask.render.output import DetailFormat

if TYPE_CHECKING:
    from guantask.cli.state import AppState
    from guantask.models import TaskRow


@app.command("list")
def list_(
    ctx: typer.Context,
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            metavar="SECTION",
            help="Section: its number or numeral (2, 二, 第二).",
            autocompletion=complete_section,
        ),
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
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="not-started in-progress at-risk blocked done signed-off "
            "(未开始 进行中 有风险 受阻 已完成 已销号).",
            autocompletion=complete_status,
        ),
    ] = None,
    assignee: Annotated[
        str | None, typer.Option("--assignee", help="Contact person assigned.")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Due before this date.")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help="Due after this date.")
    ] = None,
    sort: SortOpt = Sort.NO,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.TABLE,
    fields: FieldsOpt = None,
    no_headers: NoHeadersOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """List the plan's tasks; every option narrows the list (they combine with AND).

    Names match as a part of the name, as characters in order (工信 finds 县工业和信息化局)
    or as pinyin (zhh finds 张怀恒).

    Example: guantask list --leader 张怀恒 --unit 工信 --due-before 2024-07-01
    """
    from guantask.filters.find import find_tasks, options_expr

    state = state_of(ctx)
    state.use_as_of(as_of)
    state.use_plan(plan, issuer)
    expr = options_expr(
        [
            ("section", "=", section),
            ("leader", ":", leader),
            ("unit", ":", unit),
            ("lead", ":", lead_unit),
            ("text", ":", search),
            ("status", ":", status),
            ("assignee", ":", assignee),
            ("due", "<", due_before),
            ("due", ">", due_after),
        ]
    )
    rows = find_tasks(
        state.db, plan=state.plan, expr=expr, today=state.today, sort=sort.value, limit=limit
    )
    _print_tasks(state, rows, fmt, fields, no_headers)


def _print_tasks(
    state: "AppState", rows: "list[TaskRow]", fmt: Format, fields: str | None, no_headers: bool
) -> None:
    from guantask.render.tasks import tasks

    tasks(state.out, rows, fmt, fields=split_fields(fields, TASK_FIELDS), headers=not no_headers)


def _verbatim(text: str) -> str:
    """Help text that click prints as written: each paragraph marked with \\b."""
    return "\n\n".join("\b\n" + block for block in text.strip().split("\n\n"))


@app.command("filter", epilog=_verbatim(FILTER_HELP), cls=FilterTermsCommand)
def filter_(
    ctx: typer.Context,
    expression: Annotated[
        list[str],
        typer.Argument(help="Filter terms (see below).", autocompletion=complete_filter),
    ],
    sort: SortOpt = Sort.NO,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.TABLE,
    fields: FieldsOpt = None,
    no_headers: NoHeadersOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Find tasks with a small query language (terms AND-ed; or, not, parentheses).

    Example: guantask filter leader:张怀恒 unit:工信 'due<2024-07-01' 'percent<50' not status:done 5G
    """
    from guantask.filters.find import find_tasks
    from guantask.filters.language import parse_filter

    state = state_of(ctx)
    state.use_as_of(as_of)
    rows = find_tasks(
        state.db,
        plan=state.plan,
        expr=parse_filter(expression),
        today=state.today,
        sort=sort.value,
        limit=limit,
    )
    _print_tasks(state, rows, fmt, fields, no_headers)


@app.command()
def show(
    ctx: typer.Context,
    no: TaskNoArg,
    fmt: Annotated[
        DetailFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = DetailFormat.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Everything about one task: text, section, leaders, units, targets, due, history.

    Example: guantask show 18
    """
    from guantask.filters.find import show_task
    from guantask.render.detail import task_detail

    state = state_of(ctx)
    state.use_as_of(as_of)
    task_detail(state.out, show_task(state.db, plan=state.plan, no=no, today=state.today), fmt)


@app.command()
def leaders(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """Each lead leader (牵头领导) with the number of tasks they lead.

    Example: guantask leaders --format csv
    """
    from guantask.filters.find import name_counts as counts
    from guantask.render.tasks import name_counts

    state = state_of(ctx)
    name_counts(state.out, counts(state.db, plan=state.plan, kind="leader"), fmt, kind="leader")


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
    from guantask.render.tasks import name_counts

    state = state_of(ctx)
    name_counts(state.out, counts(state.db, plan=state.plan, kind="unit"), fmt, kind="unit")
