"""SQL for looking after the database: read-only access (completion, check, backup), the online
backup, integrity/foreign-key/orphan checks, and the few reads that export and completion need.

Nothing here creates, migrates or writes the database it reads: read-only connections are opened
with SQLite's `file:...?mode=ro` URI, so a missing file stays missing.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from guantask.errors import DatabaseError, Refused, UsageError
from guantask.i18n import _
from guantask.store.db import BUSY_TIMEOUT_S, Database, create_private, translate


def open_readonly(path: str | Path, *, timeout: float = BUSY_TIMEOUT_S) -> Database | None:
    """A read-only connection to an existing database file; None when there is no such file."""
    p = Path(path)
    if not p.is_file():
        return None
    uri = f"file:{quote(str(p.absolute()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as err:
        raise translate(err, str(p)) from err
    return Database(conn, str(p))


# ----- backup -----------------------------------------------------------------------------------


def backup_to(db: Database, dest: Path) -> int:
    """Copy the database into the new file `dest` (created 0600 by the caller or here) with
    SQLite's online backup API in one step: one consistent snapshot, taken under a read
    transaction that WAL writers do not wait for. Returns the number of pages copied."""
    if not dest.exists():
        create_private(dest)
    try:
        target = sqlite3.connect(str(dest), isolation_level=None)
    except sqlite3.Error as err:
        raise DatabaseError(
            _("cannot write backup {path}: {reason}").format(path=dest, reason=err)
        ) from err
    try:
        db.conn.backup(target, pages=-1)
        pages = int(target.execute("PRAGMA page_count").fetchone()[0])
        # A backup is one file: leave WAL mode so no -wal/-shm files are needed beside it.
        target.execute("PRAGMA journal_mode = DELETE")
        return pages
    except sqlite3.Error as err:
        raise translate(err, str(dest)) from err
    finally:
        target.close()


def quick_check(path: Path) -> list[str]:
    """`PRAGMA quick_check` of a database file: [] when it is sound, else its messages."""
    conn = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as err:
        return [str(err)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


# ----- check ------------------------------------------------------------------------------------


def integrity_problems(db: Database) -> list[str]:
    """`PRAGMA integrity_check`: [] when it says ok."""
    rows = [r[0] for r in db.query("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(db: Database) -> list[dict[str, Any]]:
    """`PRAGMA foreign_key_check`: rows that point at a missing parent row."""
    return [
        {"table": r[0], "rowid": r[1], "parent": r[2], "fk": r[3]}
        for r in db.query("PRAGMA foreign_key_check")
    ]


def schema_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version") or 0)


def table_names(db: Database) -> set[str]:
    return {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


# Consistency the schema cannot enforce: (name, query returning one description per problem).
ORPHAN_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "task without its section",
        "SELECT p.doc_number || ' task ' || t.no || ': section ' || t.section"
        " FROM tasks t JOIN plans p ON p.id = t.plan_id"
        " WHERE NOT EXISTS (SELECT 1 FROM sections s"
        "   WHERE s.plan_id = t.plan_id AND s.no = t.section)",
    ),
    (
        "task without its subsection",
        "SELECT p.doc_number || ' task ' || t.no || ': subsection ' || t.section || '.'"
        " || t.subsection FROM tasks t JOIN plans p ON p.id = t.plan_id"
        " WHERE t.subsection IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sections s"
        "   JOIN subsections ss ON ss.section_id = s.id"
        "   WHERE s.plan_id = t.plan_id AND s.no = t.section AND ss.no = t.subsection)",
    ),
    (
        "progress value against another task's target",
        "SELECT 'progress ' || pv.progress_id || ': target ' || pv.target_id"
        " FROM progress_values pv JOIN progress p ON p.id = pv.progress_id"
        " JOIN targets g ON g.id = pv.target_id WHERE g.task_id != p.task_id",
    ),
    (
        "progress record with an unknown status",
        "SELECT 'progress ' || id || ': ' || '''' || status || '''' FROM progress"
        " WHERE status NOT IN ('on-track', 'at-risk', 'blocked', 'done', 'signed-off')",
    ),
    (
        "alias that is also a unit's name",
        "SELECT a.alias FROM unit_aliases a JOIN units u ON u.name = a.alias",
    ),
    (
        "undo of a missing change",
        "SELECT 'event ' || e.id || ' reverts ' || e.reverts FROM events e"
        " WHERE e.reverts IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events r"
        "   WHERE r.id = e.reverts)",
    ),
)


def orphan_problems(db: Database) -> list[tuple[str, str]]:
    """(check name, description) for every row that breaks a rule of `ORPHAN_CHECKS`."""
    out: list[tuple[str, str]] = []
    for name, sql in ORPHAN_CHECKS:
        out += [(name, str(r[0])) for r in db.query(sql + " LIMIT 100")]
    return out


# ----- reads for export and completion ----------------------------------------------------------


def latest_notes(db: Database, plan_id: int) -> dict[int, str]:
    """Task number → note of its latest progress record that has one."""
    rows = db.query(
        "SELECT t.no, (SELECT p.note FROM progress p WHERE p.task_id = t.id"
        "   AND coalesce(p.note, '') != '' ORDER BY p.date DESC, p.id DESC LIMIT 1)"
        " FROM tasks t WHERE t.plan_id = ?",
        [plan_id],
    )
    return {r[0]: r[1] for r in rows if r[1] is not None}


def task_titles(db: Database, plan_id: int) -> list[tuple[int, str]]:
    """(task number, text) of one plan's tasks, in order."""
    rows = db.query("SELECT no, text FROM tasks WHERE plan_id = ? ORDER BY no", [plan_id])
    return [(r[0], r[1]) for r in rows]


def section_count(db: Database, plan_id: int | None) -> int:
    """The highest section number of one plan's tasks (0 when none)."""
    return (
        db.scalar("SELECT coalesce(max(section), 0) FROM tasks WHERE plan_id = ?", [plan_id]) or 0
    )


def plan_keys(db: Database) -> list[tuple[str, str]]:
    """(year, document number) of every plan, newest issued first."""
    rows = db.query("SELECT year, doc_number FROM plans ORDER BY issued DESC, id DESC")
    return [(str(r[0]), r[1]) for r in rows]


# ----- the two commands' work -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupResult:
    source: str
    backup: str
    pages: int
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "backup": self.backup,
            "pages": self.pages,
            "bytes": self.bytes,
        }


def backup(source: Path, dest: Path, *, force: bool = False) -> BackupResult:
    """Back the database at `source` up into `dest` (a new file, mode 0600, or a replaced one
    with `force`). Written beside `dest` under a temporary name, checked, then renamed: a
    reader of `dest` never sees half a backup."""
    db = open_readonly(source)
    if db is None:
        raise DatabaseError(_("no database at {path}").format(path=source))
    try:
        if dest.exists() and dest.resolve() == source.resolve():
            raise UsageError(_("the backup cannot be the database itself"))
        if dest.is_dir():
            raise UsageError(_("{path} is a folder; give a file name").format(path=dest))
        if dest.exists() and not dest.is_file():
            raise UsageError(
                _("{path} is not a regular file; a backup is a database file").format(path=dest)
            )
        if dest.exists() and not force:
            raise Refused(_("{path} exists; add --force to replace it").format(path=dest))
        if not dest.parent.is_dir():
            raise UsageError(_("folder {path} does not exist").format(path=dest.parent))
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            os.chmod(tmp, 0o600)
            pages = backup_to(db, tmp)
            problems = quick_check(tmp)
            if problems:
                raise DatabaseError(
                    _("the backup failed its check: {problem}").format(problem=problems[0])
                )
            os.replace(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        db.close()
    return BackupResult(str(source), str(dest), pages, dest.stat().st_size)


@dataclass(frozen=True, slots=True)
class CheckReport:
    path: str
    schema: int
    expected_schema: int
    problems: list[dict[str, str]]  # {"check", "detail"}
    notes: list[str] = field(default_factory=list)  # facts that are not problems

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "database": self.path,
            "ok": self.ok,
            "schema": self.schema,
            "expected_schema": self.expected_schema,
            "problems": self.problems,
            "notes": self.notes,
        }


def check(path: Path | str, *, expected_schema: int) -> CheckReport:
    """Integrity, foreign keys, schema (version, tables, columns, indexes) and orphan rows of
    the database at `path`."""
    if isinstance(path, str):
        return check_server(path, expected_schema=expected_schema)
    db = open_readonly(path)
    if db is None:
        raise DatabaseError(_("no database at {path}").format(path=path))
    problems: list[dict[str, str]] = []
    notes: list[str] = []

    def problem(check_name: str, detail: str) -> None:
        problems.append({"check": check_name, "detail": detail})

    version = 0
    try:
        version = schema_version(db)
        for message in integrity_problems(db):
            problem("integrity", message)
        if version > expected_schema:
            problem(
                "schema",
                _("schema {v} is newer than this guantask knows ({e}); upgrade guantask").format(
                    v=version, e=expected_schema
                ),
            )
        elif version == 0 or "tasks" not in table_names(db):
            problem("schema", _("not a guantask database (no schema)"))
            return CheckReport(str(path), version, expected_schema, problems, notes)
        elif version < expected_schema:
            notes.append(
                _("schema {v} will be upgraded to {e} by the next command").format(
                    v=version, e=expected_schema
                )
            )
        else:
            from guantask.store.schema import expected_shape, schema_problems, shape_of

            missing, extra = schema_problems(shape_of(db.conn), expected_shape())
            for message in missing:
                problem("schema", message)
            notes += extra
        for fk in foreign_key_problems(db):
            problem(
                "foreign key",
                _("{table} row {rowid} points at a missing {parent} row").format(**fk),
            )
        if version <= expected_schema:
            for name, detail in orphan_problems(db):
                problem(name, detail)
    except DatabaseError as err:
        # A damaged file can fail any read; what failed is the finding.
        problem("integrity", str(err))
    finally:
        db.close()
    return CheckReport(str(path), version, expected_schema, problems, notes)


def check_server(url: str, *, expected_schema: int) -> CheckReport:
    """`check` on a server database: its schema version, its tables, columns and indexes against
    what the migrations make, and the orphan rows. The server keeps its own pages and foreign
    keys sound; nothing here writes."""
    from guantask.store import pg

    db = pg.connect(url, busy_timeout=BUSY_TIMEOUT_S)
    problems: list[dict[str, str]] = []
    notes: list[str] = []
    try:
        version = pg.schema_version(db)
        if version > expected_schema:
            detail = _("schema {v} is newer than this guantask knows ({e}); upgrade guantask")
            problems.append(
                {"check": "schema", "detail": detail.format(v=version, e=expected_schema)}
            )
        elif version == 0:
            problems.append({"check": "schema", "detail": _("not a guantask database (no schema)")})
        else:
            if version < expected_schema:
                notes.append(
                    _("schema {v} will be upgraded to {e} by `guantask db init`").format(
                        v=version, e=expected_schema
                    )
                )
            else:
                from guantask.store.schema import (
                    as_server,
                    expected_shape,
                    schema_problems,
                    server_shape,
                )

                missing, extra = schema_problems(server_shape(db), as_server(expected_shape()))
                problems += [{"check": "schema", "detail": m} for m in missing]
                notes += extra
            for name, detail in orphan_problems(db):
                problems.append({"check": name, "detail": detail})
        return CheckReport(db.path, version, expected_schema, problems, notes)
    finally:
        db.close()
