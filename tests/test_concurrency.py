"""Eight writers at once lose nothing and never see "database is locked".

Eight workers start together, each recording 50 progress records on one database through the
installed `guantask`: 5 single `record-progress` runs and 5 `--from-csv` batches of 9 rows, so
that eight guantask processes are writing at any moment (80 processes, 80 transactions). Then
all 400 records must be there, every batch whole, and `PRAGMA integrity_check` must say ok.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from conftest import guantask_cmd

WORKERS = 8
SINGLES = 5
BATCHES = 5
BATCH_ROWS = 9
PER_WORKER = SINGLES + BATCHES * BATCH_ROWS  # 50


def test_eight_concurrent_writers_record_all_400_records(sh, env, tmp_path):
    r = sh("plans", "--format", "ids")  # create and seed the database once
    assert r.returncode == 0, r.stderr
    db_path = Path(env["GUANTASK_DB"])
    # Cache compiled modules in tmp_path (the sandbox may forbid writing .pyc files), so that
    # the test measures writing, not compiling.
    proc_env = {**os.environ, **env, "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    proc_env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = guantask_cmd()
    failures: list[str] = []
    barrier = threading.Barrier(WORKERS)

    def worker(w: int) -> None:
        no = 10 + w
        barrier.wait()
        for i in range(SINGLES + BATCHES):
            if i % 2 == 0:
                n = i // 2
                args = ["record-progress", str(no), "--percent", str(n), "--note", f"w{w}-s{n}"]
                stdin = None
            else:
                b = i // 2
                lines = ["id,percent,note"] + [
                    f"{no},{b * 10 + k},w{w}-b{b}-{k}" for k in range(BATCH_ROWS)
                ]
                args = ["record-progress", "--from-csv", "-"]
                stdin = "\n".join(lines) + "\n"
            p = subprocess.run(
                [*cmd, *args],
                input=stdin,
                capture_output=True,
                text=True,
                env={**proc_env, "GUANTASK_USER": f"worker{w}"},
                timeout=120,
            )
            if p.returncode != 0 or "locked" in p.stderr:
                failures.append(f"worker {w} run {i}: exit {p.returncode}: {p.stderr.strip()}")

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    assert failures == []

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM progress").fetchone()[0] == WORKERS * PER_WORKER
        for w in range(WORKERS):
            notes = {
                r[0]
                for r in conn.execute(
                    "SELECT p.note FROM progress p JOIN tasks t ON t.id = p.task_id"
                    " WHERE t.no = ? AND p.by = ?",
                    [10 + w, f"worker{w}"],
                )
            }
            expected = {f"w{w}-s{n}" for n in range(SINGLES)} | {
                f"w{w}-b{b}-{k}" for b in range(BATCHES) for k in range(BATCH_ROWS)
            }
            assert notes == expected
        changes = conn.execute("SELECT count(*) FROM events WHERE kind = 'progress'").fetchone()
        assert changes[0] == WORKERS * (SINGLES + BATCHES)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert elapsed < 120, f"80 guantask runs took {elapsed:.0f} s"
