"""Commands about whole plans: create a database, parse a notice, import a plan, list the plans."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from guantask.bounds import MAX_YEAR, MIN_YEAR
from guantask.cli.app import app, state_of
from guantask.cli.options import ByOpt, FormatOpt
from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.render import Format


@app.command()
def parse(
    ctx: typer.Context,
    notice: Annotated[
        str, typer.Argument(help="The notice: text, Word, Excel or PDF ('-' reads stdin).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the plan here (default stdout).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat unresolved problems as an error (exit 1).")
    ] = False,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", min=MIN_YEAR, max=MAX_YEAR, help="The plan's year, if the notice lacks it."
        ),
    ] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="The issuing office.")] = None,
    doc_number: Annotated[
        str | None, typer.Option("--doc-number", help="The document number (…〔2024〕1号).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The notice's title.")] = None,
) -> None:
    """Parse a key-task notice (.txt, .md, .docx, .xlsx or .pdf) into a plan JSON.

    Problems the parser could not resolve are reported on stderr with their line (or sheet,
    row and column). --year, --issuer, --doc-number and --title supply or override the
    notice's own.

    Example: guantask parse data/notices/guanzhengbanfa-2024-1.txt -o plan.json
    """
    from guantask.plan.intake import parse_file
    from guantask.plan.planfile import dump_plan
    from guantask.plan.problems import Identity, problem_lines

    state = state_of(ctx)
    given = Identity(year=year, issuer=issuer, doc_number=doc_number, title=title)
    result = parse_file(notice, stdin=sys.stdin.buffer, given=given)
    for line in problem_lines(result.problems, source=notice):
        (state.out.problem if strict else state.out.message)(line)
    if strict and result.problems:
        raise GuantaskError(
            _("{n} unresolved problem(s) in {notice} (--strict)").format(
                n=len(result.problems), notice=notice
            )
        )
    text = dump_plan(result.plan)
    if output is None or str(output) == "-":
        state.out.write(text)
    else:
        from guantask.outfile import write_output
        from guantask.render.admin import file_written

        write_output(output, text.encode("utf-8"), db_path=state.db_path, inputs=[notice])

        file_written(state.out, path=str(output), rows=len(result.plan.tasks), what=_("tasks"))


# `init` and `import` may create the database they name (other commands refuse a missing one).
NewDbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The database file (else the global --db, $GUANTASK_DB, the default); created"
        " if missing.",
        show_default=False,
    ),
]


@app.command()
def init(ctx: typer.Context, db: NewDbOpt = None) -> None:
    """Create a database: the schema and the bundled 2024 plan, as first use of the default does.

    A database that already exists and is usable is left as it is (exit 0). Other commands
    refuse a --db or $GUANTASK_DB that does not exist; create it here first.

    Example: guantask init --db /srv/guantask/guantask.db
    """
    from guantask.render.admin import database_ready
    from guantask.store.db import is_empty_file
    from guantask.store.plans import list_plans

    state = state_of(ctx)
    state.use_db(db, create=True)
    path = state.database_path()
    if isinstance(path, str):
        from guantask.errors import UsageError

        raise UsageError(
            _("{database} is a server database: create its schema with `guantask db init`").format(
                database=state.shown_db()
            )
        )
    existed = path.exists() and not is_empty_file(path)
    database_ready(state.out, path=str(path), created=not existed, plans=len(list_plans(state.db)))


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            help="PLAN.json or a notice (.txt, .docx, .xlsx, .pdf; '-' reads stdin)."
            " Default: the bundled plan."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Only show what would change.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Delete tasks that the amended plan no longer has.")
    ] = False,
    by: ByOpt = None,
    fmt: FormatOpt = Format.TABLE,
    db: NewDbOpt = None,
) -> None:
    """Import a plan (or a notice, parsed first) into the database; run again to amend it.

    The same plan twice changes nothing; an amended plan updates texts, units and targets and
    keeps every assignment and progress record. Tasks missing from it are reported and kept
    unless --prune. A database that does not exist yet is created (with the bundled plan, as
    `init` does), except with --dry-run.

    Example: guantask import plan2025.json --dry-run
    """
    from guantask.plan import importer

    state = state_of(ctx)
    state.use_db(db, create=not dry_run)
    if source is None:
        src = importer.Source(importer.bundled_plan())
    else:
        from guantask.plan.readers import load_notice

        src = importer.read_source(load_notice(source, stdin=sys.stdin.buffer), name=source)
    for problem in src.problems:
        state.out.message(problem)
    result = importer.import_plan(
        state.db, src.plan, by=state.user(by), now=state.now(), dry_run=dry_run, prune=prune
    )
    from guantask.render.plans import import_result

    import_result(state.out, result, fmt)


@app.command("plans")
def plans_(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """List the plans in the database, newest first.

    Example: guantask plans --format json
    """
    from guantask.render.plans import plans
    from guantask.store.plans import list_plans

    state = state_of(ctx)
    plans(state.out, list_plans(state.db), fmt)
