"""`guantask backup` taken while a writer is busy gives a database that restores whole: sound,
passing `guantask check`, usable with `--db`, and holding a prefix of the writer's batches,
each batch entirely or not at all.

The writer is a separate process that records batches of 20 progress records, one transaction
each, as fast as it can (through the library, so that it writes far more often than the CLI's
start-up would allow). Batch k gives tasks 1-20 the percent k % 100 and the notes b{k}-{i}.
Three backups are taken while it runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from torture import cli_env, integrity, run

BATCH = 20
BACKUPS = 3

WRITER = """
import sys
from datetime import date
from pathlib import Path
from guantask.work.batch import record_batch
from guantask.work.returns import rows_batch
from guantask.store import open_store
from guantask.store.plans import find_plan

db = open_store(sys.argv[1])
plan = find_plan(db, None)
stop = Path(sys.argv[2])
print("ready", flush=True)
k = 0
while not stop.exists() and k < 20000:
    rows = [{"id": str(1 + i), "percent": str(k % 100), "note": f"b{k}-{i}"} for i in range(20)]
    record_batch(
        db, plan, rows_batch(rows, source="writer"), today=date(2024, 3, 15), by="writer",
        now="2024-03-15T10:00:00+08:00",
    )
    k += 1
print(k, flush=True)
"""


def _batches(path: Path) -> dict[int, int]:
    """Batch number → how many of its records the database holds."""
    with sqlite3.connect(path) as conn:
        notes = [r[0] for r in conn.execute("SELECT note FROM progress WHERE by = 'writer'")]
    conn.close()
    return dict(Counter(int(n.split("-")[0][1:]) for n in notes))


def test_backups_taken_during_busy_writes_restore_to_whole_batches(tmp_path: Path) -> None:
    db = tmp_path / "guantask.db"
    env = cli_env(db, tmp_path)
    assert run(["init"], env).returncode == 0
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)  # some batches first
        backups: list[Path] = []
        for n in range(BACKUPS):
            dest = tmp_path / f"backup-{n}.db"
            r = run(["backup", str(dest)], env)
            assert r.returncode == 0, r.stderr
            assert writer.poll() is None, "the writer was still busy during the backup"
            backups.append(dest)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    written = int(out.split()[-1])

    seen: list[int] = []
    for dest in backups:
        assert integrity(dest) == []
        assert not Path(f"{dest}-wal").exists()
        batches = _batches(dest)
        assert batches, "the backup holds some of the writer's batches"
        last = max(batches)
        # A prefix of the batches, each whole.
        assert batches == dict.fromkeys(range(last + 1), BATCH), batches
        seen.append(last)
        r = run(["check"], cli_env(dest, tmp_path))
        assert r.returncode == 0, r.stdout + r.stderr
        r = run(["--db", str(dest), "list", "--format", "json"], env)
        assert r.returncode == 0, r.stderr
        percents = {t["percent"] for t in json.loads(r.stdout) if t["id"] <= BATCH}
        assert percents == {last % 100}
    assert seen == sorted(seen)
    assert seen[-1] < written - 1, "backups were snapshots of a database still being written"
    assert _batches(db) == dict.fromkeys(range(written), BATCH)

    # Restoring is using the file: copy it in place of the database and carry on writing.
    restored = tmp_path / "restored.db"
    shutil.copyfile(backups[-1], restored)
    renv = cli_env(restored, tmp_path)
    r = run(["record-progress", "21", "--percent", "50", "--note", "恢复后"], renv)
    assert r.returncode == 0, r.stderr
    assert run(["check"], renv).returncode == 0
    assert integrity(restored) == []
