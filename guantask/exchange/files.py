"""Output files of the exchange: the format a file name asks for. Files are written by
`guantask.outfile` (atomic, never over the database or a device)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from guantask.errors import UsageError
from guantask.i18n import _


def format_of(path: Path, allowed: Iterable[str]) -> str:
    """The file format a file name asks for by its suffix."""
    suffix = path.suffix.lower().lstrip(".")
    allowed = tuple(allowed)
    if suffix not in allowed:
        raise UsageError(
            _("cannot tell the format of {path}; name it .{suffixes}").format(
                path=path, suffixes=" or .".join(allowed)
            )
        )
    return suffix
