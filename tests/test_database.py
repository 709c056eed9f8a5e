"""Opening the database: first use, bad paths, foreign files, newer schema, permissions."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from guantask.store import SCHEMA_VERSION, migrations


def test_schema_version_constant_matches_the_migrations():
    assert migrations.latest() == SCHEMA_VERSION


def test_database_is_created_on_first_use_with_wal_and_owner_only_permissions(run, db_path):
    assert not db_path.exists()
    r = run("list", "--limit", "1")
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_db_option_beats_environment(run, tmp_path):
    other = tmp_path / "other.db"
    r = run("--db", str(other), "plans", "--format", "ids")
    assert r.exit_code == 0, r.output
    assert other.exists()


def test_database_in_a_missing_folder_is_a_clear_error(run, tmp_path):
    r = run("--db", str(tmp_path / "missing" / "g.db"), "list")
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
