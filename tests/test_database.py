"""Opening the database: first use, bad paths, foreign files, newer schema, permissions."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest
from conftest import ROOT

from guantask.store import SCHEMA_VERSION, migrations


def test_schema_version_constant_matches_the_migrations():
    assert migrations.latest() == SCHEMA_VERSION


def test_default_database_is_created_on_first_use_with_wal_and_owner_only_permissions(
    default_run, tmp_path
):
    db_path = tmp_path / "config" / "guantask" / "guantask.db"
    r = default_run("list", "--limit", "1")
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_db_option_beats_environment(run, db_path, tmp_path):
    other = tmp_path / "other.db"
    assert run("init", "--db", str(other)).exit_code == 0
    r = run("--db", str(other), "record-progress", "18", "--percent", "5")
    assert r.exit_code == 0, r.output
    r = run("show", "18", "--format", "json")
    assert json.loads(r.stdout)["percent"] == 0  # $GUANTASK_DB's database is untouched


def test_database_in_a_missing_folder_is_a_clear_error(run, tmp_path):
    r = run("--db", str(tmp_path / "missing" / "g.db"), "list")
    assert r.exit_code == 1
    assert "no database at" in r.stderr
    r = run("init", "--db", str(tmp_path / "missing" / "g.db"))
    assert r.exit_code == 1
    assert "does not exist" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_database_in_a_read_only_folder_is_a_clear_error(run, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        r = run("--db", str(folder / "g.db"), "list")
    finally:
        folder.chmod(0o700)
    assert r.exit_code == 1
    assert "guantask:" in r.stderr


def test_read_only_folder_refused_even_for_root(sh, tmp_path):
    """As root, a read-only bind is not available; a path under /proc is never writable."""
    r = sh("--db", "/proc/guantask-test.db", "list")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("guantask: ")


def test_a_file_that_is_not_a_database_is_refused(run, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    r = run("--db", str(junk), "list")
    assert r.exit_code == 1
    assert "not a guantask database" in r.stderr
    assert junk.read_bytes() == b"this is not sqlite at all" * 100


def test_a_database_from_a_newer_guantask_is_refused_with_exit_5(run, db_path):
    run("plans")
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    r = run("list")
    assert r.exit_code == 5
    assert "newer guantask" in r.stderr


def test_path_that_is_a_folder_is_refused(run, tmp_path):
    r = run("--db", str(tmp_path), "list")
    assert r.exit_code in (1, 2)
    assert "Traceback" not in r.output


def test_debug_shows_a_traceback(run, tmp_path):
    from guantask.errors import DatabaseError

    with pytest.raises(DatabaseError):
        run("--debug", "--db", str(tmp_path / "missing" / "g.db"), "list")


def test_version_option(run):
    r = run("--version")
    assert r.exit_code == 0
    assert r.stdout.startswith("guantask ")


# ----- only the default database is made implicitly (issue 17.3) -------------------------------

NOTICE = str(ROOT / "data" / "notices" / "guanzhengbanfa-2024-1.txt")
HINT = "create one with `guantask init --db {p}` or `guantask import NOTICE --db {p}`"


def test_a_misspelt_database_path_is_an_error_not_a_new_database(run, tmp_path):
    wrong = tmp_path / "guantsak.db"
    r = run("record-progress", "18", "--percent", "5", GUANTASK_DB=str(wrong))
    assert r.exit_code == 1, r.output
    assert r.stderr == f"guantask: no database at {wrong}; {HINT.format(p=wrong)}\n"
    assert not wrong.exists()
    r = run("--db", str(wrong), "overdue", "--exit-status")
    assert r.exit_code == 1 and r.stdout == ""
    assert not wrong.exists()


def test_an_empty_guantask_db_is_an_error_not_the_default(run, tmp_path):
    r = run("list", GUANTASK_DB="", XDG_CONFIG_HOME=str(tmp_path / "config"))
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("guantask: $GUANTASK_DB is set but empty; name the database file")
    assert not (tmp_path / "config").exists()
    r = run("check", GUANTASK_DB="", XDG_CONFIG_HOME=str(tmp_path / "config"))
    assert r.exit_code == 1 and "is set but empty" in r.stderr


def test_an_empty_database_file_is_an_error_not_reseeded(run, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o644)
    r = run("--db", str(empty), "list")
    assert r.exit_code == 1, r.output
    assert r.stderr == (
        f"guantask: database {empty} is an empty file (0 bytes); {HINT.format(p=empty)}\n"
    )
    assert empty.stat().st_size == 0


def test_init_creates_a_database_on_purpose_and_leaves_an_existing_one(run, tmp_path):
    new = tmp_path / "new.db"
    r = run("init", "--db", str(new))
    assert r.exit_code == 0, r.output
    assert r.stderr == f"created database {new} with the bundled plan\n"
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert run("--db", str(new), "record-progress", "18", "--percent", "5").exit_code == 0
    r = run("--db", str(new), "init")  # the global --db works too
    assert r.exit_code == 0, r.output
    assert r.stderr == f"database {new} already exists (plans: 1); nothing to do\n"
    r = run("--db", str(new), "show", "18", "--format", "json")
    assert json.loads(r.stdout)["percent"] == 5


def test_init_on_a_file_that_is_not_a_guantask_database_is_refused(run, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 100)
    r = run("init", "--db", str(junk))
    assert r.exit_code == 1
    assert "not a guantask database" in r.stderr


def test_import_creates_the_database_it_names_but_not_on_a_dry_run(run, tmp_path):
    new = tmp_path / "county.db"
    r = run("import", NOTICE, "--db", str(new), "--dry-run")
    assert r.exit_code == 1, r.output
    assert not new.exists()
    r = run("import", NOTICE, "--db", str(new))
    assert r.exit_code == 0, r.output
    r = run("--db", str(new), "plans", "--format", "ids")
    assert r.exit_code == 0 and r.stdout.strip()
