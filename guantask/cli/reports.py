"""Commands that report: overdue, report weekly, stats, chase (催办), and config (the light rules).

Each command reads the tasks through one function of `guantask.reports` and hands the result to
its renderer in `guantask.render` (`overdue`, `weekly`, `stats`, `chase`, `settings`).
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from guantask.bounds import MAX_DAYS
from guantask.cli.app import app, state_of
from guantask.cli.inputs import filter_expr, split_fields
from guantask.cli.options import (
    AsOfOpt,
    ByOpt,
    FieldsOpt,
    FilterTermsCommand,
    FormatOpt,
    IssuerOpt,
    NoHeadersOpt,
    PlanOpt,
)
from guantask.errors import ExitCode
from guantask.i18n import _
from guantask.render import Format
from guantask.render.formats import ChaseFormat, ReportFormat


class StatsBy(StrEnum):
    """Groupings of `stats`."""

    LEADER = "leader"
    UNIT = "unit"
    SECTION = "section"
    ISSUER = "issuer"


FilterArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[FILTER]...",
        help="Filter terms as in `guantask filter` (e.g. leader:张怀恒 unit:工信).",
        show_default=False,
    ),
]


@app.command(cls=FilterTermsCommand)
def overdue(
    ctx: typer.Context,
    words: FilterArg = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            min=0,
            max=MAX_DAYS,
            help="Also list tasks not done that are due in N days.",
        ),
    ] = None,
    exit_status: Annotated[
        bool,
        typer.Option("--exit-status", help="Exit 3 when a listed task is past due (for cron)."),
    ] = False,
    fmt: FormatOpt = Format.TABLE,
    fields: FieldsOpt = None,
    no_headers: NoHeadersOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """Red tasks (past due, or blocked), most days late first.

    Shows days late, due, leaders, lead units, assignee, percent, last update and why the task
    is red. With --exit-status the command exits 3 when any listed task is past due; the list
    is printed all the same.

    Example: guantask overdue unit:工信 --within 14 --exit-status
    """
    from guantask.render.overdue import OVERDUE_FIELDS
    from guantask.render.overdue import overdue as render_overdue
    from guantask.reports.overdue import any_overdue, gather_overdue

    state = state_of(ctx)
    state.use_as_of(as_of)
    state.use_plan(plan, issuer)
    items = gather_overdue(
        state.db, plan=state.plan, expr=filter_expr(words), today=state.today, within=within
    )
    # The exit status says what the data is, whoever reads the list: `| head` keeps it.
    code = int(ExitCode.OVERDUE) if exit_status and any_overdue(items) else 0
    keys = split_fields(fields, OVERDUE_FIELDS)
    try:
        render_overdue(state.out, items, fmt, fields=keys, headers=not no_headers)
        state.out.stdout.flush()
    except BrokenPipeError:
        from guantask.cli.guard import reader_gone

        reader_gone()
    if code:
        raise typer.Exit(code)


report_app = typer.Typer(
    help="Reports for mail and cron: the weekly summary.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")


@report_app.command("weekly")
def report_weekly(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="A day of the week to report (default today)."),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = ReportFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file (default stdout)."),
    ] = None,
    width: Annotated[
        int, typer.Option("--width", min=40, max=1000, help="Width of the text format.")
    ] = 100,
    plan: PlanOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """The summary of the ISO week (Monday to Sunday) that holds the as-of day.

    Totals by status and light; progress recorded this week (before -> after, notes); overdue
    and blocked tasks; tasks due soon; tasks without recent progress; tables by leader and by
    lead unit; quantitative targets with the actual figures reported. The same database and
    as-of day give the same bytes, whatever the terminal.

    Example: guantask report weekly --as-of yesterday --format html -o weekly.html
    """
    from guantask.render.weekly import weekly
    from guantask.reports.weekly import gather_weekly

    state = state_of(ctx)
    state.use_as_of(as_of)
    state.use_plan(plan, issuer)
    report = gather_weekly(state.db, plan=state.plan, today=state.today)
    text = weekly(report, fmt, width=width)
    if output is None or str(output) == "-":
        state.out.write(text)
        return
    from guantask.outfile import write_output

    write_output(output, text.encode("utf-8"), db_path=state.db_path)
    state.out.message(
        _("wrote the weekly report {week} to {path}").format(week=report.week.label, path=output)
    )


@app.command(cls=FilterTermsCommand)
def stats(
    ctx: typer.Context,
    by: Annotated[
        StatsBy,
        typer.Option("--by", help="Group by leader, lead unit, section or issuer (all plans)."),
    ] = StatsBy.LEADER,
    words: FilterArg = None,
    fmt: FormatOpt = Format.TABLE,
    no_headers: NoHeadersOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """Counts per leader, lead unit, section or issuer: tasks, done, red, yellow, green, average
    percent.

    A task with two leaders (or lead units) counts for each; the total counts it once. --by
    issuer counts across every plan (of --issuer's office only, if given), one row per issuing
    office: the city's view of its counties.

    Example: guantask stats --by unit leader:张怀恒 --format csv
    """
    from guantask.render.stats import stats as render_stats
    from guantask.reports.stats import gather_stats

    state = state_of(ctx)
    state.use_as_of(as_of)
    state.use_plan(plan, issuer)
    rows, total = gather_stats(
        state.db,
        plan=state.plan,
        expr=filter_expr(words),
        today=state.today,
        by=by.value,
        issuer=issuer,
    )
    render_stats(state.out, rows, total, fmt, by=by.value, headers=not no_headers)


@app.command(cls=FilterTermsCommand)
def chase(
    ctx: typer.Context,
    words: FilterArg = None,
    fmt: Annotated[
        ChaseFormat,
        typer.Option("--format", "-f", help="text or md (json for scripts).", case_sensitive=False),
    ] = ChaseFormat.TEXT,
    as_of: AsOfOpt = None,
) -> None:
    """Chase notices (催办通知): one per lead unit with red or yellow tasks, ready to paste.

    Each notice is addressed to the unit, names the leaders in charge and lists the tasks with
    their due dates, lights and reasons; it is signed by `config set office.name NAME` (default:
    the plan's issuer) and dated.

    Example: guantask chase unit:发改 --format md
    """
    from guantask.render.chase import chase as render_chase
    from guantask.reports.chase import gather_chase
    from guantask.reports.rows import plan_info
    from guantask.reports.settings import office_name

    state = state_of(ctx)
    state.use_as_of(as_of)
    notices = gather_chase(state.db, plan=state.plan, expr=filter_expr(words), today=state.today)
    plan = {**plan_info(state.plan), "office": office_name(state.db)}
    render_chase(state.out, notices, fmt, plan=plan, today=state.today)


config_app = typer.Typer(
    help="Settings: the light rules (warn-days, stale-days, behind-points) and network-fs.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@config_app.command("list")
def config_list(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """Every setting with its value and default.

    Example: guantask config list --format json
    """
    from guantask.render.settings import settings
    from guantask.reports.settings import list_settings

    state = state_of(ctx)
    settings(state.out, list_settings(state.db), fmt)


@config_app.command("get")
def config_get(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="warn-days, stale-days or ...")]
) -> None:
    """Print one setting's value.

    Example: guantask config get warn-days
    """
    from guantask.reports.settings import get_setting

    state = state_of(ctx)
    state.out.write(f"{get_setting(state.db, key).value}\n")


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="warn-days, stale-days or behind-points.")],
    value: Annotated[
        str, typer.Argument(help="A whole number, 0 or more; network-fs: allow or refuse.")
    ],
    by: ByOpt = None,
) -> None:
    """Change a light rule's setting; recorded in the history (`guantask undo` reverts it).

    warn-days (14): yellow when due within this many days. stale-days (30): yellow when no
    progress for more than this many days. behind-points (25): yellow when this many points
    behind the time-proportional schedule. network-fs (refuse): allow writes to a database on a
    network folder, accepting that SQLite's locking is not safe there.

    Example: guantask config set warn-days 7
    """
    from guantask.render.settings import setting_changed
    from guantask.reports.settings import set_setting
    from guantask.settings import opens_network_writes

    state = state_of(ctx)
    state.network_ok = opens_network_writes(key)
    change = set_setting(state.db, key=key, value=value, by=state.user(by), at=state.now())
    setting_changed(state.out, change)


@config_app.command("unset")
def config_unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="warn-days, stale-days or behind-points.")],
    by: ByOpt = None,
) -> None:
    """Put a setting back to its default; recorded in the history.

    Example: guantask config unset warn-days
    """
    from guantask.render.settings import setting_changed
    from guantask.reports.settings import unset_setting
    from guantask.settings import opens_network_writes

    state = state_of(ctx)
    state.network_ok = opens_network_writes(key)
    setting_changed(state.out, unset_setting(state.db, key=key, by=state.user(by), at=state.now()))
