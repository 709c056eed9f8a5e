"""Files written with `-o`: where they may go, and how they are written without losing anything.

`check_output_target` refuses a target that would destroy data: the open database, its
`-wal`/`-shm`/`-journal` files, any other SQLite database, and the command's own input.
`write_atomic` writes a regular file through a temporary file and a rename (a reader never sees
half a file; a failure leaves the old one), keeping an existing file's permission bits and
creating a new one 0600 like the database. A target that exists and is not a regular file
(a device such as /dev/null, a FIFO, a socket, or a symlink to one) is written directly, so the
node stays what it is. A full disk is `DiskFull` (exit 6). No typer or rich here.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from guantask.errors import DiskFull, GuantaskError, UsageError
from guantask.i18n import _

NEW_FILE_MODE = 0o600
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm", "-journal")


def write_output(
    path: Path, data: bytes, *, db_path: Path | None, inputs: Iterable[str | Path] = ()
) -> None:
    """What every `-o` writer calls: `check_output_target`, then `write_atomic`."""
    check_output_target(path, db_path, inputs)
    write_atomic(path, data)


def check_output_target(
    path: Path, db_path: Path | None, inputs: Iterable[str | Path] = ()
) -> None:
    """Refuse (`UsageError`, exit 2) an output path that is the database `db_path`, one of its
    sidecar files, any other SQLite file, or one of the command's `inputs`."""
    refuse_database_files(path, db_path)
    for source in inputs:
        if str(source) != "-" and _same_file(path, Path(source)):
            raise UsageError(
                _("{path} is the input {source}; guantask will not write over it").format(
                    path=path, source=source
                )
            )
    if _is_sqlite(path):
        raise UsageError(
            _("{path} is an SQLite database; guantask will not write over it").format(path=path)
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either one missing or unreadable: not the same existing file
        return False


def _is_sqlite(path: Path) -> bool:
    """True when `path` is a regular file starting with SQLite's header (never opens a FIFO)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def refuse_database_files(path: Path, db_path: Path | None) -> None:
    """Refuse (`UsageError`) `path` when it is the database or its -wal/-shm/-journal file,
    whether or not that file exists now (also the check `backup` makes)."""
    if db_path is None:
        return
    database = Path(os.path.realpath(db_path))
    target = Path(os.path.realpath(path))
    for suffix in ("", *SIDECARS):
        own = Path(str(database) + suffix)
        if target == own or _same_file(path, own):
            message = (
                _("{path} is the database; guantask will not write over it")
                if not suffix
                else _("{path} is a file of the database {db}; guantask will not write over it")
            )
            raise UsageError(message.format(path=path, db=db_path))


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path`: directly into a device, FIFO or socket; otherwise through a
    temporary file in the same folder and a rename. `mode` defaults to the replaced file's
    permission bits, or 0600 for a new file."""
    try:
        st = os.stat(path)  # follows a symlink to what it names
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise _write_error(path, err) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(_("{path} is a folder; give a file name").format(path=path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_direct(path, data)
        return
    if st is not None and path.is_symlink():
        path = Path(os.path.realpath(path))  # replace the file the link names, keep the link
    if mode is None:
        mode = stat.S_IMODE(st.st_mode) if st is not None else NEW_FILE_MODE
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(_("folder {path} does not exist").format(path=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise _write_error(path, err) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(path, err) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_direct(path: Path, data: bytes) -> None:
    """Write into an existing node that is not a regular file (no create, no truncate)."""
    try:
        fd = os.open(path, os.O_WRONLY)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
    except OSError as err:
        raise _write_error(path, err) from None


def _write_error(path: Path, err: OSError) -> GuantaskError:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(_("cannot write {path}: the disk is full").format(path=path))
    return GuantaskError(_("cannot write {path}: {reason}").format(path=path, reason=err.strerror))
