"""Opening the database: file permissions, pragmas, schema version, error translation, transactions.

Reads go through plain `sqlite3` (5 ms to import); sqlite-utils (80 ms) is imported only when the
schema has to be created or migrated, or a plan imported. `json_list` and `like_pattern` build the
two kinds of parameter the other store modules share.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from guantask.errors import (
    DatabaseError,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    GuantaskError,
    NetworkFolder,
)
from guantask.i18n import _
from guantask.store.dialect import SQLITE

BUSY_TIMEOUT_S = 10.0


def json_list(values: Iterable[Any]) -> str:
    """`values` as one JSON array parameter, for `IN (SELECT value FROM json_each(?))`."""
    return json.dumps(list(values), ensure_ascii=False)


def like_pattern(value: str) -> str:
    """A LIKE pattern finding `value` literally anywhere (use with ESCAPE '\\')."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def translate(err: sqlite3.Error, path: str) -> GuantaskError:
    """Turn an sqlite3 error into the one-line error the user sees.

    Decided by SQLite's primary result code (`sqlite_errorcode`), never by the message text:
    "Expression tree is too large" is not a full disk. Errors raised by Python's sqlite3 module
    itself carry no code and are reported as they are.
    """
    msg = str(err)
    code = getattr(err, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseLocked(
            _("database {path} is locked by another process; try again").format(path=path)
        )
    if primary == sqlite3.SQLITE_FULL:
        return DiskFull(
            _("database {path}: disk or database size limit is full; nothing was written").format(
                path=path
            )
        )
    if primary == sqlite3.SQLITE_READONLY:
        return DatabaseError(
            _("database {path} is read-only; nothing was written").format(path=path)
        )
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return DatabaseError(
            _("{path} is not a guantask database ({reason})").format(path=path, reason=msg)
        )
    if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return DatabaseError(
            _("cannot open database {path}: folder missing or not writable").format(path=path)
        )
    return DatabaseError(_("database {path}: {reason}").format(path=path, reason=msg))


class Database:
    """One open connection. `write()` is the only way to change anything: one BEGIN IMMEDIATE.

    `network_fs` is the type of the network file system the file is on (None: a local disk);
    there, `write()` refuses unless the setting network-fs is allow or `network_ok` is set.

    `guantask.store.pg.PgDatabase` is the same interface on a PostgreSQL server; `dialect` holds
    the few SQL spellings that differ between the two.
    """

    dialect = SQLITE

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: str,
        *,
        network_fs: str | None = None,
        network_ok: bool = False,
    ) -> None:
        self.conn = conn
        self.path = path
        self.network_fs = network_fs
        self.network_ok = network_ok

    def _check_network(self) -> None:
        if self.network_fs is None or self.network_ok:
            return
        try:
            row = self.conn.execute(
                "SELECT value FROM settings WHERE key = 'network-fs'"
            ).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == "allow":
            self.network_ok = True
            return
        raise refuse_network(self.path, self.network_fs)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise translate(err, self.path) from err

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement; callers that write are inside `write()`."""
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as err:
            raise translate(err, self.path) from err

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One statement for each of `rows` (inside `write()`)."""
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as err:
            raise translate(err, self.path) from err

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one INSERT; returns the new row's id."""
        return int(self.execute(sql, params).lastrowid or 0)

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction taken with BEGIN IMMEDIATE: all of the block or nothing."""
        self._check_network()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise translate(err, self.path) from err
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise translate(err, self.path) from err

    def close(self) -> None:
        self.conn.close()


def refuse_network(path: str, fs_type: str) -> NetworkFolder:
    return NetworkFolder(
        _(
            "database {path} is on a network folder ({fs}): SQLite's locking is not safe on"
            " SMB/NFS shares and WAL does not work there, so two people writing at once can"
            " damage it; keep the database on one computer's own disk and let the others use"
            " it there (README: 'Sharing one database'), or accept the risk with"
            " `guantask config set network-fs allow`"
        ).format(path=path, fs=fs_type)
    )


def create_private(path: Path) -> None:
    """Create an empty database file readable and writable by its owner only."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _connect_read_only(p: Path, busy_timeout: float, first: sqlite3.Error) -> sqlite3.Connection:
    """The database on a medium nobody can write to, opened `mode=ro&immutable=1`."""
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(
            f"file:{quote(str(p.resolve()))}?mode=ro&immutable=1",
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error:
        raise translate(first, str(p)) from first
    return conn


def how_to_create(path: str | Path) -> str:
    """The hint that ends every "no usable database" error."""
    return _(
        "create one with `guantask init --db {path}` or `guantask import NOTICE --db {path}`"
    ).format(path=path)


def is_empty_file(p: Path) -> bool:
    """A 0-byte database file with no -wal content: what a failed copy or a full disk leaves."""
    try:
        if p.stat().st_size:
            return False
        wal = Path(f"{p}-wal")
        return not (wal.exists() and wal.stat().st_size)
    except OSError:
        return False


def connect(
    path: str | Path,
    *,
    create_folder: bool = False,
    create: bool = True,
    busy_timeout: float = BUSY_TIMEOUT_S,
    mountinfo: str | None = None,
    network_ok: bool = False,
) -> tuple[Database, bool]:
    """Open the database file; returns it and whether it was just created. Without `create`, a
    missing or 0-byte file is an error saying how to create a database on purpose.

    On a network file system (`store.fs`, reading the mount table `mountinfo`) WAL is not used,
    and a new file is not created unless `network_ok`.
    """
    from guantask.store.fs import network_fs

    p = Path(path)
    shown = str(p)
    on_share = network_fs(p.parent if not p.exists() else p, mountinfo=mountinfo)
    if on_share and not network_ok and not p.exists():
        raise refuse_network(shown, on_share)
    if p.is_dir():
        raise DatabaseError(_("database path {path} is a folder").format(path=shown))
    if not create and not p.exists():
        raise DatabaseError(
            _("no database at {path}; {hint}").format(path=shown, hint=how_to_create(shown))
        )
    if not create and is_empty_file(p):
        raise DatabaseError(
            _("database {path} is an empty file (0 bytes); {hint}").format(
                path=shown, hint=how_to_create(shown)
            )
        )
    if create and is_empty_file(p):
        with suppress(OSError):  # an empty file made by someone else: private like a new one
            os.chmod(p, 0o600)
    if not p.parent.exists():
        if not create_folder:
            raise DatabaseError(
                _("cannot create database {path}: folder {folder} does not exist").format(
                    path=shown, folder=p.parent
                )
            )
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DatabaseError(
                _("cannot create folder {folder}: {reason}").format(
                    folder=p.parent, reason=err.strerror
                )
            ) from err
    created = False
    if not p.exists():
        try:
            create_private(p)
            created = True
        except FileExistsError:
            pass
        except OSError as err:
            raise DatabaseError(
                _("cannot create database {path}: {reason}").format(path=shown, reason=err.strerror)
            ) from err
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(p), timeout=busy_timeout, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if on_share:
            _leave_wal(conn, mode)
        else:
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as err:
        if conn is not None:
            conn.close()
        if created:
            p.unlink(missing_ok=True)
        if created or os.access(p.parent, os.W_OK):
            raise translate(err, shown) from err
        # On read-only media SQLite cannot make the -shm file a WAL database needs even to
        # read it: open it immutable instead, so reads work and writes say "read-only".
        conn = _connect_read_only(p, busy_timeout, err)
    return Database(conn, shown, network_fs=on_share, network_ok=network_ok), created


def _leave_wal(conn: sqlite3.Connection, mode: str) -> None:
    """On a share: a rollback journal, not WAL (its shared memory cannot be shared across
    machines). A file copied there in WAL mode is switched back when nobody else has it open."""
    if mode == "wal":
        # Busy when another process has it open: switched by a later run.
        with suppress(sqlite3.OperationalError):
            conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def check_version(db: Database, latest: int) -> int:
    """The schema version; refuses a database written by a newer guantask."""
    version = int(db.scalar("PRAGMA user_version") or 0)
    if version > latest:
        raise DatabaseTooNew(
            _(
                "database {path} was written by a newer guantask (schema {version}, "
                "this one knows {latest}); upgrade guantask"
            ).format(path=db.path, version=version, latest=latest)
        )
    return version
