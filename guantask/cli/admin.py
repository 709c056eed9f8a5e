"""Commands for exchanging files and looking after the database: export, template, backup,
check, and `units alias|unalias|aliases|merge` on the `units` sub-app."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from guantask.cli.app import app, state_of
from guantask.cli.inputs import filter_expr, split_fields
from guantask.cli.options import (
    AsOfOpt,
    ByOpt,
    FilterTermsCommand,
    FormatOpt,
    complete_filter,
    complete_unit,
)
from guantask.cli.tasks import units_app
from guantask.errors import ExitCode, UsageError
from guantask.i18n import _
from guantask.render import Format, Output


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class ResultFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


ResultFormatOpt = Annotated[
    ResultFormat,
    typer.Option("--format", "-f", help="table (messages) or json.", case_sensitive=False),
]


def _fmt(value: ResultFormat) -> Format:
    return Format.JSON if value is ResultFormat.JSON else Format.TABLE


# ----- export and template ----------------------------------------------------------------------


@app.command(cls=FilterTermsCommand)
def export(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILTER]...",
            help="Filter terms as in `guantask filter` (default: every task).",
            autocompletion=complete_filter,
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json, csv or xlsx. Default: from the -o file name, else csv.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (xlsx needs it).", dir_okay=False),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="CSV for Excel/WPS: UTF-8 with BOM, CRLF line ends."),
    ] = False,
    fields: Annotated[
        str | None,
        typer.Option("--fields", help="Comma-separated columns, e.g. id,due,status,latest_note."),
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Export tasks with leaders, units, due, status, percent, light and latest note.

    One header row, then one row per task; lists inside a cell are joined with 、.
    Columns: id section text leaders lead_units responsible_units due status percent light
    assignee last_update latest_note (also plan, subsection, reasons with --fields).

    Example: guantask export unit:工信 --format xlsx -o 工信局.xlsx
    """
    from guantask.exchange.export import EXPORT_FIELDS, EXTRA_FIELDS, export_bytes, export_records

    state = state_of(ctx)
    state.use_as_of(as_of)
    chosen = _export_format(fmt, output, excel)
    keys = split_fields(fields, EXPORT_FIELDS + EXTRA_FIELDS)
    records = export_records(state.db, plan=state.plan, expr=filter_expr(words), today=state.today)
    to_stdout = output is None or str(output) == "-"
    if to_stdout and state.out.is_tty and chosen == "csv":
        records = [_visible(r) for r in records]  # no data may drive the terminal
    from guantask.i18n import current_lang

    data = export_bytes(
        records,
        fmt=chosen,
        fields=keys,
        excel=excel,
        formula_safe=not to_stdout,  # a file is opened by people in a spreadsheet
        title=state.plan.doc_number,
        lang=current_lang(),
    )
    if to_stdout:
        if chosen == "xlsx":
            raise UsageError(_("xlsx is a file: give it with -o FILE.xlsx"))
        _write_stdout(state.out, data)
        return
    from guantask.outfile import write_output

    write_output(output, data, db_path=state.db_path)
    from guantask.render.admin import file_written

    file_written(state.out, path=str(output), rows=len(records), what=_("tasks"))


def _visible(record: dict[str, Any]) -> dict[str, Any]:
    from guantask.render import clean

    def one(value: Any) -> Any:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list):
            return [one(v) for v in value]
        return value

    return {k: one(v) for k, v in record.items()}


def _write_stdout(out: Output, data: bytes) -> None:
    """The exact bytes (a BOM and CRLF stay as they are), through the binary stream."""
    stream = getattr(out.stdout, "buffer", None)
    if stream is None:
        out.write(data.decode("utf-8"))
        return
    out.stdout.flush()
    stream.write(data)
    stream.flush()


def _export_format(fmt: ExportFormat | None, output: Path | None, excel: bool) -> str:
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        chosen = suffix if suffix in ("json", "csv", "xlsx") else "csv"
    else:
        chosen = fmt.value
    if excel and chosen != "csv":
        raise UsageError(
            _("--excel is a kind of CSV; it does not go with {fmt}").format(fmt=chosen)
        )
    return chosen


@app.command()
def template(
    ctx: typer.Context,
    unit: Annotated[
        str,
        typer.Option(
            "--unit",
            "-u",
            help="The unit (part of its name, or pinyin); its lead and responsible tasks.",
            autocompletion=complete_unit,
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="FILE.xlsx or FILE.csv (CSV with BOM for Excel/WPS).",
            dir_okay=False,
            show_default=False,
        ),
    ],
    as_of: AsOfOpt = None,
) -> None:
    """Write a fill-in sheet of one unit's tasks, to send to the unit and read back.

    Columns: id,percent,status,value,note,date,by (the record-progress batch format), then
    text, due and lead_units for reference (grey in xlsx; ignored when read back). Rows the
    unit leaves empty are skipped when the sheet comes back:
    guantask record-progress --from-xlsx FILE (or --from-csv FILE).

    Example: guantask template --unit 工信 -o 工信局-进度.xlsx
    """
    from guantask.exchange.files import format_of
    from guantask.exchange.template import template_bytes, template_records

    state = state_of(ctx)
    state.use_as_of(as_of)
    from guantask.outfile import check_output_target, write_atomic

    check_output_target(output, state.db_path)  # before the suffix: a database is any name
    fmt = format_of(output, ("xlsx", "csv"))
    name, records = template_records(state.db, plan=state.plan, unit=unit, today=state.today)
    if not records:
        state.out.message(
            _("{unit} has no tasks in {plan}").format(unit=name, plan=state.plan.doc_number)
        )
    from guantask.i18n import current_lang

    data = template_bytes(records, fmt=fmt, unit=name, lang=current_lang())
    write_atomic(output, data)
    from guantask.render.admin import file_written

    file_written(
        state.out, path=str(output), rows=len(records), what=_("tasks of {unit}").format(unit=name)
    )


# ----- backup and check -------------------------------------------------------------------------


@app.command()
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The backup file to create.", dir_okay=False),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    fmt: ResultFormatOpt = ResultFormat.TABLE,
) -> None:
    """Copy the database to FILE with SQLite's online backup (safe while others write).

    The copy is one consistent snapshot, readable only by you (mode 0600), checked before it
    takes FILE's name. Restore by using it: guantask --db FILE list.

    Example: guantask backup ~/备份/guantask-$(date +%F).db
    """
    from guantask.outfile import refuse_database_files
    from guantask.render.admin import backup_result
    from guantask.store.admin import backup as do_backup

    state = state_of(ctx)
    source = state.database_path()
    if isinstance(source, str):
        from guantask.errors import Refused

        raise Refused(
            _("{database} is a server database: back it up with pg_dump (see the README)").format(
                database=state.shown_db()
            )
        )
    refuse_database_files(file.expanduser(), source)
    result = do_backup(source, file.expanduser(), force=force)
    backup_result(state.out, result, _fmt(fmt))


@app.command()
def check(ctx: typer.Context, fmt: ResultFormatOpt = ResultFormat.TABLE) -> None:
    """Check the database: integrity, foreign keys, schema version and orphan rows.

    Prints "ok", or each problem; exits 1 when there is a problem. Reads only: a missing
    database is not created.

    Example: guantask check || mail -s "guantask database" clerk@example.org
    """
    from guantask import store
    from guantask.render.admin import check_report
    from guantask.store.admin import check as do_check

    state = state_of(ctx)
    report = do_check(state.database_path(), expected_schema=store.SCHEMA_VERSION)
    check_report(state.out, report, _fmt(fmt))
    if not report.ok:
        raise typer.Exit(int(ExitCode.ERROR))


# ----- units alias / merge ----------------------------------------------------------------------


@units_app.command("alias")
def units_alias(
    ctx: typer.Context,
    short: Annotated[
        str,
        typer.Argument(metavar="SHORT", help="The other name (e.g. 发改委).", show_default=False),
    ],
    full: Annotated[
        str,
        typer.Argument(
            metavar="FULL",
            help="The unit's name as stored.",
            autocompletion=complete_unit,
            show_default=False,
        ),
    ],
    by: ByOpt = None,
    fmt: ResultFormatOpt = ResultFormat.TABLE,
) -> None:
    """Make SHORT another name of the unit FULL (for --unit, filters and future imports).

    A SHORT that is a unit of its own is refused: merge it instead (units merge).

    Example: guantask units alias 发改委 县发展和改革委员会
    """
    from guantask.filters.units import add_alias
    from guantask.render.admin import alias_result

    state = state_of(ctx)
    result = add_alias(state.db, short, full, by=state.user(by), now=state.now())
    alias_result(state.out, result, _fmt(fmt))


@units_app.command("unalias")
def units_unalias(
    ctx: typer.Context,
    short: Annotated[
        str,
        typer.Argument(metavar="SHORT", help="The alias to forget.", autocompletion=complete_unit),
    ],
    by: ByOpt = None,
    fmt: ResultFormatOpt = ResultFormat.TABLE,
) -> None:
    """Forget an alias (tasks keep their units).

    Example: guantask units unalias 发改委
    """
    from guantask.filters.units import remove_alias
    from guantask.render.admin import alias_result

    state = state_of(ctx)
    result = remove_alias(state.db, short, by=state.user(by), now=state.now())
    alias_result(state.out, result, _fmt(fmt), removed=True)


@units_app.command("aliases")
def units_aliases(
    ctx: typer.Context,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List unit aliases (from units alias and units merge).

    Example: guantask units aliases --format csv
    """
    from guantask.filters.units import list_aliases
    from guantask.render.admin import aliases

    state = state_of(ctx)
    aliases(state.out, list_aliases(state.db), fmt)


@units_app.command("merge")
def units_merge(
    ctx: typer.Context,
    variant: Annotated[
        str,
        typer.Argument(
            metavar="VARIANT",
            help="The spelling to give up.",
            autocompletion=complete_unit,
            show_default=False,
        ),
    ],
    canonical: Annotated[
        str,
        typer.Argument(
            metavar="CANONICAL",
            help="The unit to keep.",
            autocompletion=complete_unit,
            show_default=False,
        ),
    ],
    by: ByOpt = None,
    fmt: ResultFormatOpt = ResultFormat.TABLE,
) -> None:
    """Merge unit VARIANT into CANONICAL: its tasks move over, its name becomes an alias.

    A task that has both keeps CANONICAL in its place. Recorded in history; `guantask undo`
    separates them again with the exact links.

    Example: guantask units merge 县发展和改革局 县发展和改革委员会
    """
    from guantask.filters.units import merge_units
    from guantask.render.admin import merge_result

    state = state_of(ctx)
    result = merge_units(state.db, variant, canonical, by=state.user(by), now=state.now())
    merge_result(state.out, result, _fmt(fmt))
