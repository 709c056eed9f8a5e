"""A PostgreSQL server as the database: `db init`, refusals, passwords never shown, the driver
imported only for a server URL, and the same output on both kinds of database."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from conftest import TODAY, Run
from sample_plans import small_plan, write_plan

from guantask.store import SCHEMA_VERSION


@pytest.fixture
def server(pg_server: Any) -> Any:
    return pg_server


def _env(location: str) -> dict[str, str]:
    return {
        "GUANTASK_DB": location,
        "GUANTASK_TODAY": TODAY,
        "GUANTASK_USER": "tester",
        "GUANTASK_LANG": "en",
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }


def test_db_init_creates_the_schema_and_the_bundled_plan_on_an_empty_database(server):
    url = server.new_database()
    run = Run(_env(url))
    r = run("list")
    assert r.exit_code == 1
    assert "has no guantask schema" in r.stderr and "guantask db init" in r.stderr
    r = run("db", "init")
    assert r.exit_code == 0, r.output
    assert f"schema 0 → {SCHEMA_VERSION}, with the bundled plan" in r.stderr
    r = run("plans", "--format", "ids")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "冠政办发〔2024〕1号"
    r = run("db", "init", "--format", "json")
    assert r.exit_code == 0, r.output
    assert '"applied": 0' in r.stdout


def test_db_init_refuses_a_database_from_a_newer_guantask(server):
    url = server.new_database(template="guantask_tpl")
    server.sql(
        "INSERT INTO _guantask_migrations (name, applied_at) VALUES ('9999_future', 'x')",
        dbname=url.rsplit("/", 1)[1],
    )
    run = Run(_env(url))
    for args in (("db", "init"), ("list",)):
        r = run(*args)
        assert r.exit_code == 5, r.output
        assert "newer guantask" in r.stderr


def test_db_init_leaves_another_programs_database_alone(server):
    url = server.new_database()
    name = url.rsplit("/", 1)[1]
    server.sql("CREATE TABLE invoices (id integer)", dbname=name)
    r = Run(_env(url))("db", "init")
    assert r.exit_code == 1
    assert "another program (tables: invoices)" in r.stderr
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
    assert tables == ["invoices"]


def test_a_password_in_the_url_is_never_shown(server):
    url = server.url("no_such_database", password="s3cret-pw")
    r = Run(_env(url))("list")
    assert r.exit_code == 1
    assert "s3cret-pw" not in r.output
    assert "cannot connect to database postgresql://guantask_admin@127.0.0.1" in r.stderr
    assert "no_such_database" in r.stderr


def test_the_sqlite_path_does_not_import_the_driver(tmp_path):
    env = {**_env(str(tmp_path / "g.db")), "PYTHONPATH": ""}
    import os

    assert Run(_env(str(tmp_path / "g.db")))("init").exit_code == 0
    p = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "guantask", "list", "--format", "ids"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert "psycopg" not in p.stderr
    assert "guantask.store.pg" not in p.stderr


# One afternoon of a clerk's work, as command lines; the same on both kinds of database.
SEQUENCE: list[tuple[str, ...]] = [
    ("plans",),
    ("list",),
    ("list", "--sort", "light", "--format", "json"),
    ("filter", "text:增长", "not", "assignee:李"),
    (
        "record-progress",
        "3",
        "--percent",
        "40",
        "--note",
        "一季度 <b>[red]</b>",
        "--date",
        "2024-03-10",
    ),
    ("record-progress", "18", "--value", "5G基站=800", "--date", "2024-03-12"),
    ("record-progress", "4", "--percent", "10", "--status", "blocked"),
    ("assign", "5", "6", "--to", "李四"),
    ("extend", "7", "--to", "2025-02-01", "--reason", "上级调整"),
    ("record-progress", "9", "--status", "done"),
    ("signoff", "9"),
    ("list", "--format", "csv"),
    ("show", "18"),
    ("show", "18", "--format", "json"),
    ("overdue",),
    ("overdue", "--as-of", "2025-01-15", "--format", "json"),
    ("filter", "+stale", "or", "+overdue", "--as-of", "2024-09-01"),
    ("leaders",),
    ("units",),
    ("stats", "--by", "unit"),
    ("stats", "--by", "leader", "--format", "json"),
    ("chase",),
    ("report", "weekly", "--format", "md"),
    ("report", "weekly", "--format", "json"),
    ("config", "set", "warn_days", "30"),
    ("list", "--sort", "light"),
    ("units", "merge", "县财政局", "县发展和改革局"),
    ("units",),
    ("history",),
    ("history", "5"),
    ("undo", "--yes"),
    ("undo", "--yes"),
    ("history", "--format", "json"),
    ("export", "--format", "csv"),
    ("import", "{plan}"),
    ("plans", "--format", "json"),
    ("list", "--plan", "2025", "--format", "json"),
    ("list", "--plan", "2024", "--sort", "percent"),
    ("show", "999"),
]

_STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d)?")


def _transcript(location: str, plan: str) -> list[str]:
    """Every command's exit code, stdout and stderr; the clock's timestamps of changes (`at`)
    and the database's own name are the only parts replaced, as they differ by run."""
    run = Run(_env(location))
    if "://" not in location:
        assert run("init").exit_code == 0  # the server's database is made by `db init`
    out: list[str] = []
    for args in SEQUENCE:
        r = run(*(a.format(plan=plan) for a in args))
        text = f"$ {' '.join(args)}\n[{r.exit_code}]\n{r.stdout}\n--- stderr\n{r.stderr}"
        text = _STAMP.sub("<at>", text.replace(location, "<db>"))
        out.append(text)
    return out


def test_the_same_commands_print_the_same_bytes_on_both_kinds_of_database(server, tmp_path):
    plan = str(write_plan(tmp_path / "plan2025.json", small_plan()))
    sqlite = _transcript(str(tmp_path / "guantask.db"), plan)
    url = server.new_database(template="guantask_tpl")
    try:
        postgres = _transcript(url, plan)
    finally:
        server.drop_database(url)
    assert sum("[0]" in t for t in sqlite) > len(SEQUENCE) - 4  # the sequence really works
    for a, b in zip(sqlite, postgres, strict=True):
        assert a == b


def _copy(run: Run, *args: str) -> tuple[int, dict[str, Any]]:
    import json

    r = run("db", "copy", *args, "--format", "json")
    return r.exit_code, (json.loads(r.stdout) if r.exit_code == 0 else {"error": r.stderr})


def test_db_copy_there_and_back_gives_the_same_digests(server, tmp_path):
    import json

    clerk = str(tmp_path / "clerk.db")
    run = Run(_env(clerk))
    assert run("init").exit_code == 0
    for args in (
        ("record-progress", "3", "--percent", "40", "--note", "“引号” 'x' %_\\"),
        ("record-progress", "18", "--value", "5G基站=800"),
        ("assign", "5", "--to", "李四"),
        ("extend", "7", "--to", "2025-02-01", "--reason", "调整"),
        ("units", "alias", "发改局", "县发展和改革局"),
        ("config", "set", "warn_days", "20"),
    ):
        r = run(*args)
        assert r.exit_code == 0, r.output
    url = server.new_database()
    back = str(tmp_path / "back.db")
    code, there = _copy(run, "--to", url)
    assert code == 0, there
    code, again = _copy(Run(_env(url)), "--to", back)
    assert code == 0, again
    digests = [(t["table"], t["rows"], t["sha256"]) for t in there["tables"]]
    assert digests == [(t["table"], t["rows"], t["sha256"]) for t in again["tables"]]
    assert {t["table"] for t in there["tables"]} >= {"plans", "tasks", "progress", "events"}
    assert dict((t, n) for t, n, _d in digests)["progress"] == 2
    # The copies answer as the original does, and take new changes with fresh ids.
    want = run("history", "--format", "json").stdout
    for location in (url, back):
        copy_run = Run(_env(location))
        assert copy_run("history", "--format", "json").stdout == want
        r = copy_run("record-progress", "4", "--percent", "10")
        assert r.exit_code == 0, r.output
        events = json.loads(copy_run("history", "--format", "json").stdout)
        assert [e["id"] for e in events] == list(range(1, len(events) + 1))


def test_db_copy_refuses_a_target_that_holds_data_unless_replace(server, tmp_path):
    clerk = str(tmp_path / "clerk.db")
    run = Run(_env(clerk))
    assert run("init").exit_code == 0
    assert run("record-progress", "3", "--percent", "40").exit_code == 0
    url = server.new_database(template="guantask_tpl")
    target = Run(_env(url))
    assert target("assign", "9", "--to", "王五").exit_code == 0
    before = target("history", "--format", "json").stdout
    code, out = _copy(run, "--to", url)
    assert code == 1
    assert "already holds data" in out["error"] and "--replace" in out["error"]
    assert target("history", "--format", "json").stdout == before
    code, out = _copy(run, "--to", url, "--replace")
    assert code == 0, out
    assert out["replaced"] is True
    assert target("history", "--format", "json").stdout == run("history", "--format", "json").stdout


def test_db_copy_refuses_the_same_database_and_a_missing_source(tmp_path):
    run = Run(_env(str(tmp_path / "a.db")))
    assert run("init").exit_code == 0
    r = run("db", "copy", "--to", str(tmp_path / "a.db"))
    assert r.exit_code == 2 and "same database" in r.stderr
    r = run("db", "copy", "--from", str(tmp_path / "none.db"), "--to", str(tmp_path / "b.db"))
    assert r.exit_code == 1 and "no database at" in r.stderr
    assert not (tmp_path / "b.db").exists()
