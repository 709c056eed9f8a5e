"""Output files of the exchange: the format a file name asks for, and an atomic write (a temporary
file beside the target, then a rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from guantask.errors import GuantaskError, UsageError
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


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename: a
    reader never sees half a file, and a failure leaves the old file as it was."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(_("{path} is a folder; give a file name").format(path=path))
    if not folder.is_dir():
        raise UsageError(_("folder {path} does not exist").format(path=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise GuantaskError(
            _("cannot write {path}: {reason}").format(path=path, reason=err.strerror)
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise GuantaskError(
            _("cannot write {path}: {reason}").format(path=path, reason=err.strerror)
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
