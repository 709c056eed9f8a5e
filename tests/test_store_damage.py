"""What `check`, `history` and `undo` make of a damaged database, the same on both stores: a
schema changed by hand is reported against what the migrations make, and an event whose stored
JSON is damaged is shown as damaged and never undone."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from conftest import Run

from guantask.errors import ExitCode

pytestmark = pytest.mark.both_stores


def damage(location: Any, sql: str) -> None:
    """Change the test's database behind guantask's back (the same SQL on either kind)."""
    if isinstance(location, str) and location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute(sql.encode())
        return
    con = sqlite3.connect(location)
    with con:
        con.executescript(sql)
    con.close()


def test_check_of_a_new_database_finds_nothing(seeded: Run, store: str) -> None:
    r = seeded("check", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["problems"] == []


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("DROP TABLE settings", "schema: table settings is missing"),
        ("DROP INDEX progress_date", "schema: index progress_date is missing"),
        ("ALTER TABLE progress DROP COLUMN note", "schema: column progress.note is missing"),
        ("CREATE INDEX progress_date2 ON progress(date)", None),
    ],
    ids=["table", "index", "column", "an-extra-index"],
)
def test_check_compares_the_live_schema_with_the_migrations(
    seeded: Run, db_path: Any, store: str, sql: str, problem: str | None
) -> None:
    damage(db_path, sql)
    r = seeded("check")
    if problem is None:
        assert r.exit_code == 0, r.output
        return
    assert r.exit_code == 1, r.output
    assert problem in r.stdout.splitlines()


def test_check_on_a_server_sees_a_column_of_another_type(
    seeded: Run, db_path: Any, store: str
) -> None:
    if store != "postgresql":
        pytest.skip("SQLite cannot change a column's type in place")
    damage(db_path, "ALTER TABLE settings ALTER COLUMN value TYPE varchar(200)")
    r = seeded("check")
    assert r.exit_code == 1, r.output
    assert (
        'schema: column settings.value is CHARACTER VARYING NOT NULL, not TEXT COLLATE "C"'
        " NOT NULL" in r.stdout.splitlines()
    )


def test_check_on_a_server_sees_text_that_sorts_by_the_server_locale(
    seeded: Run, db_path: Any, store: str
) -> None:
    if store != "postgresql":
        pytest.skip("a server's collation")
    damage(db_path, 'ALTER TABLE units ALTER COLUMN name TYPE text COLLATE "default"')
    r = seeded("check")
    assert r.exit_code == 1, r.output
    assert 'schema: column units.name is TEXT NOT NULL, not TEXT COLLATE "C" NOT NULL' in (
        r.stdout.splitlines()
    )


def test_history_shows_an_event_with_damaged_json_and_goes_on(
    seeded: Run, db_path: Any, store: str
) -> None:
    assert seeded("assign", "18", "--to", "李明").exit_code == 0
    assert seeded("assign", "19", "--to", "王芳").exit_code == 0
    damage(
        db_path,
        "UPDATE events SET after = '{\"tasks\": [18', undo = 'x' WHERE kind = 'assign'"
        " AND id = (SELECT min(id) FROM events WHERE kind = 'assign')",
    )
    r = seeded("history")
    assert r.exit_code == 0, r.output
    assert "stored record damaged" in r.stdout and "王芳" in r.stdout
    r = seeded("history", "--format", "json")
    assert r.exit_code == 0, r.output
    log = json.loads(r.stdout)
    assert [e["damaged"] for e in log] == [False, True, False]
    assert log[1]["after"] is None and log[2]["after"]["tasks"] == [19]
    for args in (("history", "18"), ("history", "19"), ("show", "18", "--format", "json")):
        r = seeded(*args)
        assert r.exit_code == 0, r.output


def test_undo_of_an_event_with_damaged_json_is_refused(
    seeded: Run, db_path: Any, store: str
) -> None:
    assert seeded("assign", "18", "--to", "李明").exit_code == 0
    damage(db_path, "UPDATE events SET undo = '{\"assignments\": [' WHERE kind = 'assign'")
    r = seeded("undo", "--yes")
    assert r.exit_code == ExitCode.ERROR, r.output
    assert "its stored record is damaged; nothing was undone" in r.stderr
    assert "internal error" not in r.stderr
    assert "李明" in seeded("show", "18").stdout
