"""Many writers on a server database: eight writer processes record 50 progress records each
(5 single runs and 5 CSV batches of 9) while four readers list, report and read the history
all the time. All 400 records must be there, every batch whole, no run may fail or say
"locked", and undo stays per person."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from typing import Any

from conftest import TODAY, Run, guantask_cmd
from dbrows import sql_rows

WORKERS = 8
SINGLES = 5
BATCHES = 5
BATCH_ROWS = 9
PER_WORKER = SINGLES + BATCHES * BATCH_ROWS  # 50
READS = (["list"], ["overdue"], ["report", "weekly", "--format", "json"], ["history"])


def test_eight_writers_and_four_readers_on_a_server_keep_all_400_records(pg_server: Any, tmp_path):
    url = pg_server.new_database(template="guantask_tpl")
    env = {
        **os.environ,
        "GUANTASK_DB": url,
        "GUANTASK_TODAY": TODAY,
        "GUANTASK_LANG": "en",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = guantask_cmd()
    failures: list[str] = []
    reads = [0] * len(READS)
    writing = threading.Event()
    writing.set()
    barrier = threading.Barrier(WORKERS + len(READS))

    def writer(w: int) -> None:
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
                env={**env, "GUANTASK_USER": f"worker{w}"},
                timeout=120,
            )
            if p.returncode != 0 or p.stderr.count("guantask:") > 1 or "locked" in p.stderr:
                failures.append(f"writer {w} run {i}: exit {p.returncode}: {p.stderr.strip()}")

    def reader(k: int) -> None:
        barrier.wait()
        while writing.is_set() or reads[k] == 0:
            p = subprocess.run(
                [*cmd, *READS[k]], capture_output=True, text=True, env=env, timeout=120
            )
            reads[k] += 1
            if p.returncode != 0 or "guantask:" in p.stderr or "locked" in p.stderr:
                failures.append(f"reader {READS[k]}: exit {p.returncode}: {p.stderr.strip()}")
            time.sleep(0.5)  # readers keep reading, without starving the writers of CPU

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(WORKERS)]
    readers = [threading.Thread(target=reader, args=(k,)) for k in range(len(READS))]
    for t in writers + readers:
        t.start()
    for t in writers:
        t.join()
    writing.clear()
    for t in readers:
        t.join()
    assert failures == []
    assert all(n >= 1 for n in reads)

    assert sql_rows(url, "SELECT count(*) FROM progress")[0][0] == WORKERS * PER_WORKER
    for w in range(WORKERS):
        notes = {
            r[0]
            for r in sql_rows(
                url,
                "SELECT p.note FROM progress p JOIN tasks t ON t.id = p.task_id WHERE t.no = ?",
                10 + w,
            )
        }
        assert notes == {f"w{w}-s{n}" for n in range(SINGLES)} | {
            f"w{w}-b{b}-{k}" for b in range(BATCHES) for k in range(BATCH_ROWS)
        }
    assert sql_rows(url, "SELECT count(*) FROM events WHERE kind = 'progress'")[0][0] == 80

    # Undo is per person: worker 3 takes back its own last batch, nobody else's.
    run = Run({k: env[k] for k in ("GUANTASK_DB", "GUANTASK_TODAY", "GUANTASK_LANG", "NO_COLOR")})
    r = run("undo", "--yes", GUANTASK_USER="worker3")
    assert r.exit_code == 0, r.output
    assert sql_rows(url, "SELECT count(*) FROM progress")[0][0] == WORKERS * PER_WORKER - 9
    shown = json.loads(run("show", "13", "--format", "json").stdout)
    assert all(not p["note"].startswith("w3-b4-") for p in shown["progress"])
    pg_server.drop_database(url)
