"""Option types shared by several commands (each option written once), and their choices."""

# No `from __future__ import annotations` here: Typer reads the annotations of commands,
# callbacks and completion functions on every run, and string ones cost it an eval each.
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from guantask.bounds import MAX_ROWS, MAX_TASK_NO
from guantask.render import Format


class Sort(StrEnum):
    """Orders of `list` and `filter`."""

    NO = "id"  # the task number
    DUE = "due"
    PERCENT = "percent"
    SECTION = "section"
    LIGHT = "light"


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
PlanOpt = Annotated[
    str | None,
    typer.Option("--plan", "-p", help="Plan: a year or a document number (as the global --plan)."),
]
IssuerOpt = Annotated[
    str | None,
    typer.Option(
        "--issuer", help="The issuing office (or part of its name): its newest plan, or --plan's."
    ),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Today's date for this command (e.g. 2024-06-30).")
]
ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who makes the change (else $GUANTASK_USER, OS user).")
]
SortOpt = Annotated[Sort, typer.Option("--sort", help="Order of the rows.")]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", min=0, max=MAX_ROWS, help="At most this many rows.")
]


# ----- shell completion (`guantask --install-completion`) ------------------------------------
# Thin adapters from Typer's `autocompletion=` to guantask.cli.completion: they find the database
# and plan the command line names (--db, $GUANTASK_DB, the default; --plan, $GUANTASK_PLAN)
# without running the root callback, which completion skips.


def completion_db(ctx: typer.Context) -> Path | str:
    """The database a command line being completed would use (a path, or a server URL)."""
    import os

    from guantask.cli.state import db_location

    root = ctx.find_root()
    db = root.params.get("db") or os.environ.get("GUANTASK_DB")
    if db:
        return db_location(db)
    from guantask.cli.state import default_db_path

    return default_db_path()


def completion_plan(ctx: typer.Context) -> str | None:
    import os

    return ctx.find_root().params.get("plan") or os.environ.get("GUANTASK_PLAN") or None


def complete_task_no(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import task_nos

    return task_nos(completion_db(ctx), completion_plan(ctx), incomplete)


def complete_leader(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import leader_names

    return leader_names(completion_db(ctx), incomplete)


def complete_unit(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import unit_names

    return unit_names(completion_db(ctx), incomplete)


def complete_status(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import choices
    from guantask.vocab import status_words

    return choices(status_words(), incomplete)


def complete_reported_status(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import choices
    from guantask.vocab import reported_words

    return choices(reported_words(), incomplete)


def complete_section(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import section_words

    return section_words(completion_db(ctx), completion_plan(ctx), incomplete)


def complete_plan(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import plan_refs

    return plan_refs(completion_db(ctx), incomplete)


def complete_filter(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.completion import filter_terms

    words = ctx.params.get("expression") or ctx.params.get("words") or []
    return filter_terms(completion_db(ctx), incomplete, previous=list(words))


TaskNoArg = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        min=1,
        max=MAX_TASK_NO,
        help="Task number in the notice.",
        autocompletion=complete_task_no,
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


class FilterTermsCommand(TyperCommand):
    """A command whose arguments are filter terms: a term is a filter term whatever its first
    character (`-status:signed-off` means *not* status:signed-off), so that only the command's
    real options are parsed as options. A token is an option when it is one of the command's
    option names (`--format json`, `--format=json`, `-f json`, `-fjson`, `-h`) or starts with
    `--` (an unknown one is a usage error); everything else, and everything after `--`, is a
    term."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {name: False for name in ctx.help_option_names}
        for param in self.params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not (param.is_flag or param.count)  # type: ignore[attr-defined]
        options: list[str] = []
        terms: list[str] = []
        rest = iter(args)
        for token in rest:
            if token == "--":
                terms += list(rest)
                break
            name = token.split("=", 1)[0] if token.startswith("--") else token[:2]
            if (
                token == "-"
                or not token.startswith("-")
                or (name not in takes_value and not token.startswith("--"))
            ):
                terms.append(token)  # `--bogus` stays an (unknown) option: a usage error
                continue
            options.append(token)
            whole = token == name  # `--format json`, `-f json` (not `--format=json`, `-fjson`)
            if whole and takes_value.get(name, False):
                value = next(rest, None)
                if value is not None:
                    options.append(value)
        return super().parse_args(ctx, [*options, "--", *terms] if terms else options)
