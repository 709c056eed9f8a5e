"""Commands of the weekly round: round open, round collect, round status, round chase.

Each command parses its arguments, calls one function of `guantask.rounds` and hands the result
to `guantask.render.rounds`.
"""

from pathlib import Path
from typing import Annotated

import typer

from guantask.cli.app import app, state_of
from guantask.cli.options import AsOfOpt, ByOpt, complete_unit
from guantask.errors import ExitCode
from guantask.render import Format
from guantask.render.formats import ChaseFormat

round_app = typer.Typer(
    help="The weekly round: send every lead unit its sheet, collect the returns, chase.",
    no_args_is_help=True,
)
app.add_typer(round_app, name="round")


@round_app.command("open")
def round_open(
    ctx: typer.Context,
    due: Annotated[
        str | None,
        typer.Option("--due", help="Return deadline (default: the period's last Friday)."),
    ] = None,
    period: Annotated[
        str, typer.Option("--period", help="week, fortnight or month.", case_sensitive=False)
    ] = "week",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder for the sheets (default: PLAN-ROUND in the current folder).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    sheet_format: Annotated[
        str, typer.Option("--format", help="xlsx or csv (CSV with BOM for Excel/WPS).")
    ] = "xlsx",
    units: Annotated[
        list[str] | None,
        typer.Option(
            "--unit",
            "-u",
            help="Only this unit's sheet (repeatable).",
            autocompletion=complete_unit,
        ),
    ] = None,
    bundle: Annotated[
        bool, typer.Option("--zip", help="Also bundle the folder as FOLDER.zip, for mail.")
    ] = False,
    by: ByOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Open the round of the current period and write one sheet per lead unit with open tasks.

    Each sheet carries the plan, the round, the unit and the return deadline on every row, so
    that `round collect` knows it whatever its file is renamed to. Reopening the same period
    rewrites the sheets (and with --due moves the deadline); the round is made once.

    Example: guantask round open --due 2024-03-14 -o 第11周 --zip
    """
    from guantask.errors import UsageError
    from guantask.i18n import _
    from guantask.render.rounds import round_opened
    from guantask.rounds.opening import default_folder, open_round, write_sheets
    from guantask.rounds.periods import KINDS
    from guantask.work.inputs import day_of

    state = state_of(ctx)
    state.use_as_of(as_of)
    kind = period.lower()
    if kind not in KINDS:
        raise UsageError(_("a period is week, fortnight or month, not {kind}").format(kind=period))
    fmt = sheet_format.lower()
    if fmt not in ("xlsx", "csv"):
        raise UsageError(_("a template is .xlsx or .csv, not {fmt}").format(fmt=sheet_format))
    deadline = None if due is None else day_of(due, today=state.today, plan_year=state.plan.year)
    opened = open_round(
        state.db,
        state.plan,
        kind=kind,
        due=deadline,
        units=units,
        today=state.today,
        by=state.user(by),
        now=state.now(),
    )
    write_sheets(opened, output or default_folder(opened), fmt=fmt, bundle=bundle)
    round_opened(state.out, opened)


@round_app.command("collect")
def round_collect(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", help="Returned sheets and folders of them (xlsx, csv)."),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check and show what would be recorded; write nothing."),
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
    ] = Format.TABLE,
    by: ByOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record the returned sheets of the round: files and folders, in any order and mix.

    Each file is known by its cells (plan, round, unit), not its name, and recorded on its own
    (all of its rows or none); bad files are reported with FILE:LINE and the others recorded.
    The same file again changes nothing; a unit's different re-send replaces its return.
    Exit 1 when any file was refused or had bad rows.

    Example: guantask round collect ~/收件箱/第11周/ 发改局-进度(1).xlsx
    """
    from guantask.render.rounds import collected
    from guantask.rounds.collect import collect, files_of

    state = state_of(ctx)
    state.use_as_of(as_of)
    results = collect(
        state.db,
        state.plan,
        files_of(paths),
        today=state.today,
        by=state.user(by),
        now=state.now(),
        dry_run=dry_run,
    )
    collected(state.out, results, fmt)
    if any(r.failed for r in results):
        raise typer.Exit(int(ExitCode.ERROR))


@round_app.command("status")
def round_status(
    ctx: typer.Context,
    round_key: Annotated[
        str | None,
        typer.Option("--round", help="The round, e.g. 2024-W11 (default: the newest)."),
    ] = None,
    exit_status: Annotated[
        bool,
        typer.Option("--exit-status", help="Exit 3 when units are missing after the deadline."),
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.TABLE,
    as_of: AsOfOpt = None,
) -> None:
    """Per unit: returned on time, late (with the day), missing; rows filled and who filled them.

    Example: guantask round status --exit-status || mail -s 催报 office@example.org
    """
    from guantask.render.rounds import standing
    from guantask.rounds.standing import round_standing

    state = state_of(ctx)
    state.use_as_of(as_of)
    result = round_standing(state.db, state.plan, today=state.today, period=round_key)
    standing(state.out, result, fmt)
    if exit_status and result.overdue:
        raise typer.Exit(int(ExitCode.OVERDUE))


@round_app.command("chase")
def round_chase(
    ctx: typer.Context,
    fmt: Annotated[
        ChaseFormat,
        typer.Option("--format", "-f", help="text or md (json for scripts).", case_sensitive=False),
    ] = ChaseFormat.TEXT,
    as_of: AsOfOpt = None,
) -> None:
    """催报 notices: one per unit that has not returned its sheet of the newest round.

    Example: guantask round chase --format md > 催报.md
    """
    from guantask.render.rounds import chase_returns
    from guantask.reports.settings import office_name
    from guantask.rounds.standing import round_standing

    state = state_of(ctx)
    state.use_as_of(as_of)
    result = round_standing(state.db, state.plan, today=state.today)
    office = office_name(state.db) or state.plan.issuer
    chase_returns(state.out, result, fmt, today=state.today, office=office)
