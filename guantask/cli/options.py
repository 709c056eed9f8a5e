"""Option types shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from guantask.render import Format

if TYPE_CHECKING:
    from guantask.query import Expr

FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields", help="Comma-separated fields for json/jsonl/csv/tsv, e.g. id,due,light."
    ),
]
NoHeadersOpt = Annotated[
    bool, typer.Option("--no-headers", help="Leave out the csv/tsv header row.")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Today's date for this command (e.g. 2024-06-30).")
]
ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who makes the change (else $GUANTASK_USER, OS user).")
]


def split_fields(fields: str | None, allowed: tuple[str, ...]) -> list[str] | None:
    """Validate `--fields`; unknown names are a usage error listing the allowed ones."""
    if not fields:
        return None
    from guantask.errors import UsageError

    names = [f.strip() for f in fields.split(",") if f.strip()]
    bad = [f for f in names if f not in allowed]
    if bad:
        from guantask.i18n import _

        raise UsageError(
            _("unknown field {field!r}; fields: {fields}").format(
                field=bad[0], fields=",".join(allowed)
            )
        )
    return names


def filter_expr(words: list[str] | None) -> Expr | None:
    """The filter terms a command was given, parsed; None when there are none (every task)."""
    if not words:
        return None
    from guantask.query import parse_filter

    return parse_filter(words)


# ----- shell completion (`guantask --install-completion`) ------------------------------------
# Thin adapters from Typer's `autocompletion=` to guantask.completion: they find the database
# and plan the command line names (--db, $GUANTASK_DB, the default; --plan, $GUANTASK_PLAN)
# without running the root callback, which completion skips.


def completion_db(ctx: typer.Context) -> Path:
    """The database a command line being completed would use."""
    import os

    root = ctx.find_root()
    db = root.params.get("db")
    if db:
        return Path(db)
    env = os.environ.get("GUANTASK_DB")
    if env:
        return Path(env)
    from guantask.cli import _default_db

    return _default_db()


def completion_plan(ctx: typer.Context) -> str | None:
    import os

    return ctx.find_root().params.get("plan") or os.environ.get("GUANTASK_PLAN") or None


def complete_task_id(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.completion import task_ids

    return task_ids(completion_db(ctx), completion_plan(ctx), incomplete)


def complete_leader(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.completion import leader_names

    return leader_names(completion_db(ctx), incomplete)


def complete_unit(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.completion import unit_names

    return unit_names(completion_db(ctx), incomplete)


def complete_plan(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.completion import plan_refs

    return plan_refs(completion_db(ctx), incomplete)


def complete_filter(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.completion import filter_terms

    words = ctx.params.get("expression") or ctx.params.get("words") or []
    return filter_terms(completion_db(ctx), incomplete, previous=list(words))


TaskIdArg = Annotated[
    int,
    typer.Argument(
        metavar="ID", help="Task number in the notice.", autocompletion=complete_task_id
    ),
]
LeaderOpt = Annotated[
    str | None,
    typer.Option(
        "--leader",
        "-l",
        help="Lead leader (part of the name, or pinyin).",
        autocompletion=complete_leader,
    ),
]
UnitOpt = Annotated[
    str | None,
    typer.Option("--unit", "-u", help="Unit, lead or responsible.", autocompletion=complete_unit),
]
