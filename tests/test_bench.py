"""The benchmark keeps running: `bench/run.py --quick` end to end, and the synthetic database.

The quick run checks that every case runs (figures are not asserted: CI machines vary), and the
floors stay honest: bench/floor_typer.py must print what `guantask list` prints, and
bench/overdue.sql must be the statements `guantask overdue` runs. Marked `bench` so that it can
be deselected locally with `-m "not bench"`; CI runs it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BENCH = ROOT / "bench"

pytestmark = pytest.mark.bench


def test_quick_benchmark_runs_every_case_and_reports_each_floor(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--db-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard, not a figure: no test asserts a time
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout
    assert "python -I -c pass" in out
    assert "floor: Typer + Rich table (121 rows)" in out
    assert "floor: Typer + JSON (121 rows)" in out
    if shutil.which("sqlite3"):
        assert "reference: sqlite3 shell overdue.sql" in out
    else:
        assert "no sqlite3 shell" in out
    for case in (
        "list [bundled]",
        "list --format json [bundled]",
        "record-progress 18",
        "show 18 --format json [bundled]",
        "complete task id: guantask show 1<TAB> [bundled]",
        "complete Chinese name prefix",
        "complete pinyin prefix",
        "--help [bundled]",
        "list [synthetic]",
        "report weekly [synthetic]",
        "import ",
    ):
        assert case in out, out
    assert "ERROR" not in out, out
    # the Rich-table floor draws exactly what `guantask list` draws, or it is no floor
    assert "byte-identical to `guantask list`: bundled: yes; synthetic: yes" in out, out
    assert "machine: " in out and "cores" in out


def _dump(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        rows: list[tuple[object, ...]] = []
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != '_sqlite_migrations' ORDER BY name"
        ):
            rows += [(table, *r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2')]
        return rows
    finally:
        conn.close()


def _indexes(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def test_make_db_is_deterministic_and_keeps_the_schema_indexes(tmp_path: Path) -> None:
    def build(name: str) -> Path:
        out = tmp_path / name
        r = subprocess.run(
            [
                sys.executable,
                str(BENCH / "make_db.py"),
                str(out),
                "--tasks",
                "300",
                "--progress",
                "2000",
                "--plans",
                "6",
                "--plan-tasks",
                "50",
                "--check",
                "-q",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 0, r.stderr
        return out

    a, b = build("a.db"), build("b.db")
    assert _dump(a) == _dump(b)
    assert (tmp_path / "a.plan.json").read_bytes() == (tmp_path / "b.plan.json").read_bytes()
    # the indexes dropped for the load are back, exactly as the migration defines them
    fresh = tmp_path / "fresh.db"
    from guantask.store import open_store

    open_store(fresh, bundled_plan=None).close()
    assert _indexes(a) == _indexes(fresh)
    conn = sqlite3.connect(a)
    try:
        assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 300
        assert conn.execute("SELECT count(*) FROM progress").fetchone()[0] == 2000
        assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 6
        assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0  # ANALYZE ran
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


# Runs guantask with every SQL statement it executes written to stderr, bound values expanded
# (sqlite3's own trace hook); the statements are the real ones, nothing is replaced.
_TRACED = """
import sqlite3, sys
_connect = sqlite3.connect
def connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.set_trace_callback(lambda sql: sys.stderr.write("SQL> " + " ".join(sql.split()) + "\\n"))
    return conn
sqlite3.connect = connect
from guantask.cli import main
sys.argv[0] = "guantask"
main()
"""
_NEWEST = "(SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1)"


def _normal(sql: str) -> str:
    return " ".join(sql.split()).replace("( ", "(").replace(" )", ")")


def test_overdue_sql_is_what_guantask_overdue_runs(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    r = subprocess.run(
        [
            sys.executable,
            str(BENCH / "make_db.py"),
            str(db),
            "--tasks",
            "200",
            "--progress",
            "1000",
            "--plans",
            "4",
            "--plan-tasks",
            "10",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    env = {
        **os.environ,
        "GUANTASK_DB": str(db),
        "GUANTASK_TODAY": "2024-09-30",
        "GUANTASK_LANG": "en",
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    r = subprocess.run(
        [sys.executable, "-c", _TRACED, "overdue"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    traced = [line[5:] for line in r.stderr.splitlines() if line.startswith("SQL> ")]
    ran = [s for s in traced if not s.startswith("PRAGMA") and "key = 'seeded'" not in s]
    conn = sqlite3.connect(db)
    try:
        newest = conn.execute(_NEWEST[1:-1]).fetchone()[0]
    finally:
        conn.close()
    text = "\n".join(
        line
        for line in (BENCH / "overdue.sql").read_text("utf-8").splitlines()
        if not line.startswith("--")
    )
    ours = [_normal(s.replace(_NEWEST, str(newest))) for s in text.split(";\n") if s.strip()]
    assert [_normal(s.rstrip(";")) for s in ran] == [s.rstrip(";") for s in ours]
