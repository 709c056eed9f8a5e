"""`backup` (SQLite's online backup, safe while others write) and `check` (exit 1 on a problem)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from guantask.store import SCHEMA_VERSION

WRITES = 1500

# Records progress in a loop through the library, one transaction per record, as a clerk or a
# cron job would; prints "ready" once the database is open.
WRITER = """
import sys
from datetime import date
from guantask.work.inputs import ProgressInput
from guantask.work.progress import record_progress
from guantask.store import open_store
from guantask.store.plans import find_plan

db = open_store(sys.argv[1])
plan = find_plan(db, None)
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    record_progress(
        db, plan, ProgressInput(task_no=1 + i % 121, percent=i % 100, note=f"w{i}"),
        today=date(2024, 3, 15), by="writer", now="2024-03-15T10:00:00+08:00",
    )
"""


def _sound(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT note FROM progress ORDER BY id")]


# ----- backup ---------------------------------------------------------------------------------


def test_backup_is_a_private_working_copy(seeded, tmp_path) -> None:
    assert seeded("record-progress", "18", "--percent", "40").exit_code == 0
    dest = tmp_path / "copy.db"
    r = seeded("backup", str(dest))
    assert r.exit_code == 0, r.output
    assert r.stdout == "" and "backed up" in r.stderr
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    _sound(dest)
    assert not Path(f"{dest}-wal").exists()  # one self-contained file
    r = seeded("--db", str(dest), "list", "--format", "json")
    assert r.exit_code == 0, r.output
    tasks = json.loads(r.stdout)
    assert len(tasks) == 121 and next(t for t in tasks if t["id"] == 18)["percent"] == 40


def test_backup_refuses_to_overwrite_unless_forced(seeded, tmp_path) -> None:
    dest = tmp_path / "copy.db"
    dest.write_text("keep me", encoding="utf-8")
    r = seeded("backup", str(dest))
    assert r.exit_code == 1 and "--force" in r.stderr
    assert dest.read_text(encoding="utf-8") == "keep me"
    r = seeded("backup", str(dest), "--force", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["pages"] > 0
    _sound(dest)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_backup_of_the_database_onto_itself_or_a_missing_one_is_refused(
    seeded, db_path, tmp_path
) -> None:
    r = seeded("backup", str(db_path), "--force")
    assert r.exit_code == 2 and "is the database;" in r.stderr
    _sound(db_path)
    missing = tmp_path / "none.db"
    r = seeded("--db", str(missing), "backup", str(tmp_path / "b.db"))
    assert r.exit_code == 1 and "no database" in r.stderr
    assert not missing.exists() and not (tmp_path / "b.db").exists()


def test_backup_while_another_process_writes_is_a_consistent_snapshot(
    seeded, env, db_path, tmp_path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(WRITES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        backups: list[Path] = []
        while writer.poll() is None and len(backups) < 6:
            dest = tmp_path / f"b{len(backups)}.db"
            r = seeded("backup", str(dest))
            assert r.exit_code == 0, r.output
            backups.append(dest)
        _out, err = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, err
    assert _notes(db_path) == [f"w{i}" for i in range(WRITES)]  # the writer lost nothing
    counts = []
    for dest in backups:
        _sound(dest)
        notes = _notes(dest)
        counts.append(len(notes))
        assert notes == [f"w{i}" for i in range(len(notes))]  # a prefix: one moment in time
        with sqlite3.connect(dest) as conn:
            events = conn.execute("SELECT count(*) FROM events WHERE kind = 'progress'").fetchone()
        assert events[0] == len(notes)  # each record came with its event, or neither
        r = seeded("--db", str(dest), "list", "--format", "ids")
        assert r.exit_code == 0, r.output
        assert len(r.stdout.split()) == 121
    assert any(0 < n < WRITES for n in counts), counts  # taken while the writer wrote


# ----- check ----------------------------------------------------------------------------------


def test_check_says_ok_for_a_sound_database(seeded) -> None:
    r = seeded("check")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("ok: ") and f"(schema {SCHEMA_VERSION})" in r.stdout
    r = seeded("check", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["ok"] is True and report["problems"] == [] and report["schema"] == SCHEMA_VERSION


def test_check_reports_each_problem_and_exits_1(seeded, db_path) -> None:
    with sqlite3.connect(db_path) as conn:  # foreign keys are off in a plain connection
        pk = conn.execute("SELECT id FROM tasks WHERE no = 1").fetchone()[0]
        other = conn.execute("SELECT id FROM units WHERE name = '县公安局'").fetchone()[0]
        conn.execute(
            "INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?, 99999, 'lead', 9)",
            [pk],
        )
        conn.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES ('县财政局', ?)", [other])
        conn.execute(
            "INSERT INTO progress (task_id, date, percent, status, by, at)"
            " VALUES (?, '2024-03-01', 10, 'weird', 'x', 'x')",
            [pk],
        )
    r = seeded("check")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert any(
        line.startswith("foreign key: task_units row") and "missing units row" in line
        for line in lines
    )
    assert "alias that is also a unit's name: 县财政局" in lines
    assert any(line.startswith("progress record with an unknown status:") for line in lines)
    assert "3 problem(s)" in r.stderr
    r = seeded("check", "--format", "json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert report["ok"] is False
    assert {p["check"] for p in report["problems"]} == {
        "foreign key",
        "alias that is also a unit's name",
        "progress record with an unknown status",
    }
    r = seeded("--lang", "zh", "check")
    assert r.exit_code == 1
    assert "别名与某单位名称相同：县财政局" in r.stdout.splitlines()
    assert any(line.startswith("外键：task_units 第") for line in r.stdout.splitlines())


def test_check_finds_a_damaged_file(seeded, db_path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    with open(db_path, "r+b") as fh:  # scribble over the second half of the pages
        for n in range(pages // 2, pages):
            fh.seek(n * page + 100)
            fh.write(b"\xff" * 200)
    r = seeded("check")
    assert r.exit_code == 1
    assert r.stdout.startswith("integrity: ")


def test_check_reports_a_newer_schema_instead_of_refusing(seeded, db_path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    r = seeded("list")
    assert r.exit_code == 5
    r = seeded("check")
    assert r.exit_code == 1
    assert "schema 99 is newer" in r.stdout


def test_check_reads_only(run, tmp_path) -> None:
    missing = tmp_path / "none.db"
    r = run("--db", str(missing), "check")
    assert r.exit_code == 1 and "no database" in r.stderr
    assert not missing.exists()
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 200, encoding="utf-8")
    r = run("--db", str(text), "check")
    assert r.exit_code == 1
    assert text.read_text(encoding="utf-8") == "not a database\n" * 200
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    r = run("--db", str(empty), "check")
    assert r.exit_code == 1 and "not a guantask database" in r.stdout
    with sqlite3.connect(empty) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
