"""`db copy`: a whole database from one place to another (file ↔ server, or file → file),
verified table by table (row count and a content digest), all or nothing.

The source is read in one snapshot; the target is written in one transaction: on any error or a
failed verification the target is left as it was. A target that holds data is refused unless
`replace`; a target without the schema gets it first (the same migrations as `db init`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guantask.errors import DatabaseError, Refused, UsageError
from guantask.i18n import _
from guantask.store.db import BUSY_TIMEOUT_S, Database
from guantask.store.location import is_server_url, shown

# Parents before children (foreign keys); tables a later migration adds follow, sorted.
TABLE_ORDER = (
    "plans",
    "sections",
    "subsections",
    "tasks",
    "leaders",
    "units",
    "unit_aliases",
    "task_leaders",
    "task_units",
    "targets",
    "assignments",
    "progress",
    "progress_values",
    "extensions",
    "events",
    "settings",
)
_BOOKKEEPING = frozenset({"_sqlite_migrations", "_guantask_migrations"})
_BATCH = 2000


@dataclass(frozen=True, slots=True)
class TableCopy:
    table: str
    rows: int
    digest: str  # SHA-256 of the table's rows, in an order-free canonical form

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "rows": self.rows, "sha256": self.digest}


@dataclass(frozen=True, slots=True)
class CopyResult:
    source: str
    target: str
    replaced: bool
    tables: list[TableCopy] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "to": self.target,
            "replaced": self.replaced,
            "rows": self.rows,
            "verified": True,
            "tables": [t.to_dict() for t in self.tables],
        }


def table_names(db: Database) -> list[str]:
    """guantask's data tables of `db`, parents first."""
    if db.dialect.name == "postgresql":
        from guantask.store.pg import user_tables

        names = set(user_tables(db))
    else:
        names = {
            r[0]
            for r in db.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    names -= _BOOKKEEPING
    known = [t for t in TABLE_ORDER if t in names]
    return known + sorted(names - set(TABLE_ORDER))


def columns(db: Database, table: str) -> list[str]:
    """The table's column names, quoted (a column may be a reserved word: "full")."""
    cur = db.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return ['"' + str(d[0]).replace('"', '""') + '"' for d in cur.description]


def _canonical(row: Any) -> str:
    return json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))


def digest(db: Database, table: str, cols: list[str]) -> tuple[int, str]:
    """(rows, SHA-256) of a table's content, the same for the same rows on either kind."""
    lines = sorted(_canonical(r) for r in db.query(f"SELECT {', '.join(cols)} FROM {table}"))
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode())
        h.update(b"\n")
    return len(lines), h.hexdigest()


def _open(location: Path | str, *, create: bool) -> tuple[Database, int]:
    """A connection and its schema version (0: none), without creating or migrating anything
    except a new, empty file when `create`."""
    if is_server_url(location):
        from guantask.store import pg

        sdb = pg.connect(str(location), busy_timeout=BUSY_TIMEOUT_S)
        try:
            return sdb, pg.schema_version(sdb)
        except BaseException:
            sdb.close()
            raise
    from guantask.store.db import connect

    p = Path(location)
    if not create and not p.is_file():
        raise DatabaseError(_("no database at {path}").format(path=p))
    db, _created = connect(p, busy_timeout=BUSY_TIMEOUT_S)
    return db, int(db.scalar("PRAGMA user_version") or 0)


def _schema(db: Database, version: int, latest: int) -> None:
    """Give an empty target the schema (inside the copy's transaction)."""
    if version > latest:
        from guantask.errors import DatabaseTooNew

        raise DatabaseTooNew(
            _(
                "database {path} was written by a newer guantask (schema {version}, "
                "this one knows {latest}); upgrade guantask"
            ).format(path=db.path, version=version, latest=latest)
        )
    if version == latest:
        return
    if version != 0:
        raise Refused(
            _(
                "database {path} has an older schema; upgrade it first with `guantask db init`"
            ).format(path=db.path)
        )
    from guantask.store import _refuse_tables

    _refuse_tables(db, table_names(db))
    if db.dialect.name == "postgresql":
        from guantask.store import pg

        pg.migrate(db, now="")  # type: ignore[arg-type]
    else:
        from guantask.store import migrations

        migrations.apply(db.conn)


@contextmanager
def _snapshot(db: Database) -> Iterator[None]:
    """One consistent read of the whole source."""
    begin = (
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        if db.dialect.name == "postgresql"
        else "BEGIN"
    )
    db.execute(begin)
    try:
        yield
    finally:
        db.execute("ROLLBACK")


def copy_database(
    source: Path | str, target: Path | str, *, replace: bool, latest: int
) -> CopyResult:
    """Copy every row of `source` into `target` and verify it; see the module docstring."""
    if str(source) == str(target) or (
        not is_server_url(source)
        and not is_server_url(target)
        and Path(target).exists()
        and Path(source).resolve() == Path(target).resolve()
    ):
        raise UsageError(_("--from and --to name the same database"))
    src, src_version = _open(source, create=False)
    try:
        if src_version != latest:
            if src_version > latest:
                _schema(src, src_version, latest)  # raises: newer
            raise Refused(
                _(
                    "database {path} has schema {version}, not {latest}; run `guantask db init` on it first"
                ).format(path=src.path, version=src_version, latest=latest)
            )
        new_file = not is_server_url(target) and not Path(target).exists()
        dst, dst_version = _open(target, create=True)
        try:
            return _copy(src, dst, dst_version, replace=replace, latest=latest)
        except BaseException:
            if new_file:  # nothing half-made is left behind
                dst.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
            raise
        finally:
            dst.close()
    finally:
        src.close()


def _copy(
    src: Database, dst: Database, dst_version: int, *, replace: bool, latest: int
) -> CopyResult:
    result = CopyResult(shown(src.path), shown(dst.path), replaced=False)
    with dst.write(), _snapshot(src):
        _schema(dst, dst_version, latest)
        tables = table_names(src)
        missing = sorted(set(tables) - set(table_names(dst)))
        if missing:
            raise DatabaseError(
                _("database {path} lacks the tables {tables}").format(
                    path=dst.path, tables=", ".join(missing)
                )
            )
        held = [t for t in table_names(dst) if dst.scalar(f"SELECT 1 FROM {t} LIMIT 1") is not None]
        if held and not replace:
            raise Refused(
                _(
                    "{path} already holds data (tables: {tables}); add --replace to overwrite it"
                ).format(path=dst.path, tables=", ".join(held[:4]))
            )
        for table in reversed(table_names(dst)):
            dst.execute(f"DELETE FROM {table}")
        for table in tables:
            cols = columns(src, table)
            insert = (
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            )
            batch: list[tuple[Any, ...]] = []
            for row in src.query(f"SELECT {', '.join(cols)} FROM {table}"):
                batch.append(tuple(row))
                if len(batch) >= _BATCH:
                    dst.executemany(insert, batch)
                    batch = []
            dst.executemany(insert, batch)
            if '"id"' in cols:
                reset = dst.dialect.after_explicit_ids(table)
                if reset:
                    dst.execute(reset)
            rows, want = digest(src, table, cols)
            got_rows, got = digest(dst, table, cols)
            if (rows, want) != (got_rows, got):
                raise DatabaseError(
                    _(
                        "the copy of table {table} does not match ({a} rows → {b}); nothing was written"
                    ).format(table=table, a=rows, b=got_rows)
                )
            result.tables.append(TableCopy(table, rows, want))
    return CopyResult(result.source, result.target, bool(held), result.tables)
