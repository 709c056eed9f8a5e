"""Option types shared by several commands."""

from __future__ import annotations

from typing import Annotated

import typer

from guantask.render import Format

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
        raise UsageError(f"unknown field {bad[0]!r}; fields: {','.join(allowed)}")
    return names
