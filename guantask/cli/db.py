"""`guantask db`: the database itself, on a file or a PostgreSQL server: `init` (create or upgrade
the schema), `copy` (between the two kinds, verified) and `grant` (a unit's role may write
only its own tasks, enforced by the server)."""

from enum import StrEnum
from typing import Annotated

import typer

from guantask.cli.app import app, state_of
from guantask.render import Format


class ResultFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


ResultFormatOpt = Annotated[
    ResultFormat,
    typer.Option("--format", "-f", help="table (messages) or json.", case_sensitive=False),
]


def _fmt(value: ResultFormat) -> Format:
    return Format.JSON if value is ResultFormat.JSON else Format.TABLE


db_app = typer.Typer(
    cls=None,
    help="The database: create its schema, copy it between a file and a server, grant units.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("init")
def db_init(ctx: typer.Context, fmt: ResultFormatOpt = ResultFormat.TABLE) -> None:
    """Create the schema in an empty database (a file or a server database), or upgrade an older
    one, in one transaction; a new database gets the bundled plan, as on first use of a file.

    Refuses a database written by a newer guantask, or holding another program's tables.

    Example: guantask --db postgresql://clerk@db.example.org/guantask db init
    """
    from guantask.plan.importer import bundled_plan
    from guantask.render.admin import init_result
    from guantask.store import init_store

    state = state_of(ctx)
    result = init_store(
        state.db_path,
        bundled_plan=bundled_plan,
        by=state.user(None),
        now=state.now(),
        busy_timeout=state.busy_timeout(),
        create_folder=state.default_db,
    )
    init_result(state.out, result, _fmt(fmt))


@db_app.command("copy")
def db_copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option("--to", help="The database to fill: a file or a postgresql:// URL."),
    ],
    source: Annotated[
        str | None,
        typer.Option("--from", help="The database to copy. Default: the one --db names."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a target that already holds data.")
    ] = False,
    fmt: ResultFormatOpt = ResultFormat.TABLE,
) -> None:
    """Copy a whole database between a file and a server (either way), every plan, task,
    record, event and setting, in one transaction on the target, verified by row counts and a
    SHA-256 digest per table. Refuses a target that holds data unless --replace.

    Example: guantask db copy --from ~/guantask.db --to postgresql://clerk@db.example.org/guantask
    """
    from guantask import store
    from guantask.cli.state import db_location
    from guantask.render.admin import copy_result
    from guantask.store.copy import copy_database

    state = state_of(ctx)
    result = copy_database(
        db_location(source) if source else state.db_path,
        db_location(to),
        replace=replace,
        latest=store.SCHEMA_VERSION,
    )
    copy_result(state.out, result, _fmt(fmt))


grant_app = typer.Typer(
    cls=None, help="Let a database role write only some tasks (server only).", no_args_is_help=True
)
db_app.add_typer(grant_app, name="grant")


@grant_app.command("unit")
def db_grant_unit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The unit (its name or an alias).")],
    role: Annotated[
        str, typer.Option("--role", help="The database role the unit's clerks log in as.")
    ],
    fmt: ResultFormatOpt = ResultFormat.TABLE,
) -> None:
    """Let database role ROLE record progress and return sheets only on the tasks where unit
    NAME leads or is responsible; the server enforces it (row-level security). The role reads
    everything; grant it several units by running this once per unit. The office's role (the
    one that ran `db init`) keeps full rights. The role itself is made by the database
    administrator (CREATE ROLE ... LOGIN).

    Example: guantask db grant unit 县财政局 --role caizheng
    """
    from guantask.render.admin import grant_result
    from guantask.store.grants import grant_unit

    state = state_of(ctx)
    grant_result(state.out, grant_unit(state.db, unit=name, role=role), _fmt(fmt))
