"""The database on a PostgreSQL server: the connection (psycopg 3, imported only here), its rows,
its transactions and its errors, shaped like the SQLite `Database` so that every store module's
SQL runs on both.

- Placeholders: the store writes `?`; `_paramstyle` turns them into psycopg's `%s` once per
  statement text (cached), leaving quoted text alone.
- Rows behave like `sqlite3.Row`: by position, by column name, and `dict(row)`.
- Writes: `write()` is one transaction that first takes one advisory lock, so that writers run
  one at a time, as with SQLite's BEGIN IMMEDIATE, and the read-then-write checks of a command
  (latest status, get-or-create of a name) see what the previous writer committed. Readers never
  wait. The wait is bounded by the busy timeout, then "locked" (exit 4), as with SQLite.
- Errors: turned into the same one-line errors by SQLSTATE; the password of a URL is never
  part of a message (`redact`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any, ClassVar

import psycopg
from psycopg.pq import TransactionStatus

from guantask.errors import (
    DatabaseError,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    GuantaskError,
    PermissionDenied,
)
from guantask.i18n import _
from guantask.store.db import Database
from guantask.store.dialect import POSTGRES
from guantask.store.location import redact, secrets_of

# The one advisory lock every writer takes (any constant; "guantask" in ASCII, truncated).
WRITE_LOCK = 0x6775616E7461
MIGRATIONS_TABLE = "_guantask_migrations"


@lru_cache(maxsize=512)
def _paramstyle(sql: str) -> str:
    """`?` placeholders as `%s` (and a literal `%` as `%%`), outside quoted text."""
    out: list[str] = []
    for token in re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")", sql):
        if token.startswith(("'", '"')):
            out.append(token.replace("%", "%%"))
        else:
            out.append(token.replace("%", "%%").replace("?", "%s"))
    return "".join(out)


class Row(tuple):  # type: ignore[type-arg]
    """One result row: by position, by column name, and `dict(row)` (like sqlite3.Row)."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    cls = type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})
    return cls


class PgDatabase(Database):
    """One open connection to a server database (autocommit between `write()` blocks)."""

    dialect = POSTGRES

    def __init__(self, conn: psycopg.Connection[Any], url: str, busy_timeout: float) -> None:
        super().__init__(conn, redact(url))  # type: ignore[arg-type]
        self.pg = conn
        self.secrets = secrets_of(url)
        self.busy_timeout = busy_timeout

    def error(self, err: Exception) -> GuantaskError:
        return translate(err, self.path, self.secrets)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.pg.execute(_paramstyle(sql), list(params)).fetchall()  # type: ignore[arg-type]
        except psycopg.Error as err:
            raise self.error(err) from err

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.pg.execute(_paramstyle(sql), list(params))  # type: ignore[arg-type]
        except psycopg.Error as err:
            raise self.error(err) from err

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            with self.pg.cursor() as cur:
                cur.executemany(_paramstyle(sql), [list(r) for r in rows])  # type: ignore[arg-type]
        except psycopg.Error as err:
            raise self.error(err) from err

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self.query(sql + " RETURNING id", params)
        return int(row[0][0])

    def executescript(self, script: str) -> None:
        """Several statements without parameters (migrations)."""
        try:
            self.pg.execute(script.encode())
        except psycopg.Error as err:
            raise self.error(err) from err

    @property
    def in_transaction(self) -> bool:
        return self.pg.info.transaction_status != TransactionStatus.IDLE

    def _rollback(self) -> None:
        if self.in_transaction:
            with suppress(psycopg.Error):
                self.pg.execute("ROLLBACK")

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction, after the write lock: all of the block or nothing."""
        ms = max(1, int(self.busy_timeout * 1000))
        try:
            # One round trip (three statements of the simple-query protocol, no parameters).
            self.pg.execute(
                f"BEGIN; SET LOCAL lock_timeout = {ms:d};"
                f" SELECT pg_advisory_xact_lock({WRITE_LOCK:d})".encode()
            )
        except psycopg.Error as err:
            self._rollback()
            raise self.error(err) from err
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self.pg.execute("COMMIT")
        except psycopg.Error as err:
            self._rollback()
            raise self.error(err) from err

    def close(self) -> None:
        self.pg.close()


def translate(err: Exception, path: str, secrets: Sequence[str] = ()) -> GuantaskError:
    """A psycopg error as the one-line error the user sees (by SQLSTATE; never a password)."""
    state = getattr(err, "sqlstate", None) or ""
    diag = getattr(err, "diag", None)
    reason = (getattr(diag, "message_primary", None) or str(err)).strip().splitlines()
    text = reason[0] if reason else type(err).__name__
    for secret in secrets:
        text = text.replace(secret, "***")
    if state in ("55P03", "40P01", "40001"):
        return DatabaseLocked(
            _("database {path} is locked by another process; try again").format(path=path)
        )
    if state.startswith("53"):
        return DiskFull(
            _("database {path}: disk or database size limit is full; nothing was written").format(
                path=path
            )
        )
    if state == "25006":
        return DatabaseError(
            _("database {path} is read-only; nothing was written").format(path=path)
        )
    if state == "42501" and "row-level security" in text:
        return PermissionDenied(
            _(
                "database {path} refused the change: this database role may record progress only"
                " on its own unit's tasks ({reason})"
            ).format(path=path, reason=text)
        )
    if state == "42501":
        return PermissionDenied(
            _("database {path} refused the change: {reason}").format(path=path, reason=text)
        )
    if (isinstance(err, psycopg.OperationalError) and not state) or state.startswith(
        ("08", "28", "3D")
    ):
        return DatabaseError(
            _("cannot connect to database {path}: {reason}").format(path=path, reason=text)
        )
    return DatabaseError(_("database {path}: {reason}").format(path=path, reason=text))


def connect(url: str, *, busy_timeout: float) -> PgDatabase:
    """Open a connection (libpq reads PG* variables and ~/.pgpass as usual)."""
    shown = redact(url)
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            row_factory=_row_factory,
            connect_timeout=max(2, int(busy_timeout)),
            application_name="guantask",
        )
    except psycopg.Error as err:
        raise translate(err, shown, secrets_of(url)) from err
    except Exception as err:  # a malformed URL
        text = str(err).splitlines()[0] if str(err) else type(err).__name__
        for secret in secrets_of(url):
            text = text.replace(secret, "***")
        raise DatabaseError(
            _("cannot connect to database {path}: {reason}").format(path=shown, reason=text)
        ) from err
    db = PgDatabase(conn, url, busy_timeout)
    # Reported by the server when the connection starts: no round trip.
    encoding = conn.info.parameter_status("server_encoding") or ""
    if str(encoding).upper() not in ("UTF8", "UTF-8"):
        db.close()
        raise DatabaseError(
            _("database {path} uses encoding {encoding}; guantask needs UTF8").format(
                path=shown, encoding=encoding
            )
        )
    return db


# ----- schema --------------------------------------------------------------------------------


def user_tables(db: Database) -> list[str]:
    """Tables of the current schema (any program's), sorted."""
    return [
        r[0]
        for r in db.query(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            " ORDER BY table_name"
        )
    ]


def schema_version(db: Database) -> int:
    """How many migrations the database has had (0: no guantask schema). Every command asks at
    start-up, so outside a transaction it is one round trip: the count, with "no such table"
    (42P01) read as 0. Inside one (`db init`), where a failed statement would abort the
    transaction, the table is looked up first."""
    if not isinstance(db, PgDatabase) or db.in_transaction:
        if db.scalar("SELECT to_regclass(?) IS NOT NULL", [MIGRATIONS_TABLE]) is not True:
            return 0
        return int(db.scalar(f"SELECT count(*) FROM {MIGRATIONS_TABLE}") or 0)
    try:
        row = db.pg.execute(f"SELECT count(*) FROM {MIGRATIONS_TABLE}".encode()).fetchone()
    except psycopg.errors.UndefinedTable:
        return 0
    except psycopg.Error as err:
        raise db.error(err) from err
    return int(row[0]) if row else 0


def check_version(db: Database, latest: int) -> int:
    version = schema_version(db)
    if version > latest:
        raise DatabaseTooNew(
            _(
                "database {path} was written by a newer guantask (schema {version}, "
                "this one knows {latest}); upgrade guantask"
            ).format(path=db.path, version=version, latest=latest)
        )
    return version


class _Script:
    """What a migration step is handed on a server: `executescript` in PostgreSQL's DDL."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db
        self.store = db  # what a step that calls store functions uses

    def executescript(self, script: str) -> None:
        self.db.executescript(POSTGRES.ddl(script))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute(sql, params)


def migrate(db: PgDatabase, *, now: str) -> list[str]:
    """Apply every pending migration inside the caller's `write()`; returns their names."""
    from guantask.store import migrations

    db.executescript(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
        " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {r[0] for r in db.query(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    applied: list[str] = []
    for step in migrations.migrations._migrations:
        if step.name in done:
            continue
        step.fn(_Script(db))  # type: ignore[arg-type]
        db.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, ?)", [step.name, now]
        )
        applied.append(step.name)
    return applied
