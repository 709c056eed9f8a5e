"""What several commands read from their arguments: --fields, filter terms, task numbers, input files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from guantask.errors import GuantaskError, UsageError
from guantask.i18n import _

if TYPE_CHECKING:
    from guantask.filters.language import Expr


def split_fields(fields: str | None, allowed: tuple[str, ...]) -> list[str] | None:
    """Validate `--fields`; unknown names are a usage error listing the allowed ones."""
    if not fields:
        return None
    names = [f.strip() for f in fields.split(",") if f.strip()]
    bad = [f for f in names if f not in allowed]
    if bad:
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
    from guantask.filters.language import parse_filter

    return parse_filter(words)


def read_task_nos(args: list[str]) -> list[int]:
    """Task numbers from the arguments; '-' reads them from stdin (e.g. `list --format ids`)."""
    from guantask.work.inputs import parse_nos

    nos: list[int] = []
    for arg in args:
        if arg == "-":
            got = parse_nos(sys.stdin.read())
            if not got:
                raise UsageError(_("no task ids on stdin"))
            nos += got
        else:
            nos += parse_nos(arg)
    if not nos:
        raise UsageError(_("no task ids given"))
    return nos


def read_input(path: str, *, what: str) -> str:
    """Text of a file (or stdin for '-'), decoded as UTF-8 with or without BOM."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(_("{what} {path} does not exist").format(what=what, path=path)) from None
    except IsADirectoryError:
        raise UsageError(_("{what} {path} is a folder").format(what=what, path=path)) from None
    except OSError as err:
        raise UsageError(
            _("cannot read {what} {path}: {reason}").format(
                what=what, path=path, reason=err.strerror
            )
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise GuantaskError(
            _("{what} {path} is not UTF-8 text (byte {byte}); save it as UTF-8").format(
                what=what, path=path, byte=err.start
            )
        ) from None
