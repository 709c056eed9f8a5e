"""Four writers and four readers at once: no "database is locked", every write kept, and no
reader ever sees half of a batch.

Writer w owns twenty tasks. It alternates `record-progress --from-csv` batches, which give all
twenty the same percent P(w, k) (rising with k) and the note tag w{w}b{k}, with `assign` runs
that give all twenty the same contact person (one transaction each). Readers run `list`,
`overdue` and `report weekly` (JSON) in a loop while the writers work. Because each batch and
each assignment is one transaction, every snapshot a reader sees must show one percent and one
assignee per writer's twenty tasks, and a reader's successive snapshots never go back in time.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from torture import cli_env, integrity, run

WRITERS = 4
READERS = 4
TASKS_PER_WRITER = 20
BATCHES = 4  # per writer, each followed by an assign: 8 processes per writer
MAX_READS = 8  # per reader


def _tasks_of(w: int) -> list[int]:
    return [1 + w * TASKS_PER_WRITER + i for i in range(TASKS_PER_WRITER)]


def _percent(w: int, k: int) -> int:
    return 20 * k + w + 1


def _assignee(w: int, k: int) -> str:
    return f"联系人{w}-{k}"


def _writer(w: int, db: Path, tmp: Path, failures: list[str]) -> None:
    env = cli_env(db, tmp, GUANTASK_USER=f"writer{w}")
    ids = _tasks_of(w)
    for k in range(BATCHES):
        lines = ["id,percent,note"] + [f"{t},{_percent(w, k)},w{w}b{k}" for t in ids]
        r = run(["record-progress", "--from-csv", "-"], env, input="\n".join(lines) + "\n")
        if r.returncode != 0 or "locked" in r.stderr:
            failures.append(f"writer {w} batch {k}: exit {r.returncode}: {r.stderr.strip()}")
        r = run(["assign", ",".join(map(str, ids)), "--to", _assignee(w, k)], env)
        if r.returncode != 0 or "locked" in r.stderr:
            failures.append(f"writer {w} assign {k}: exit {r.returncode}: {r.stderr.strip()}")


def _consistent(kind: str, tasks: dict[int, tuple[Any, Any]], seen: dict[int, Any]) -> list[str]:
    """Per writer: one (percent, assignee) over its tasks, not older than the last snapshot."""
    problems: list[str] = []
    for w in range(WRITERS):
        states = {tasks[t] for t in _tasks_of(w) if t in tasks}
        if len(states) > 1:
            problems.append(f"{kind}: writer {w}'s tasks show a half-applied change: {states}")
        elif states:
            percent = next(iter(states))[0]
            if percent < seen.get(w, 0):
                problems.append(f"{kind}: writer {w}'s percent went back to {percent}")
            seen[w] = percent
    return problems


def _read_once(kind: str, env: dict[str, str], seen: dict[int, Any]) -> list[str]:
    if kind == "list":
        r = run(["list", "--format", "json"], env)
    elif kind == "overdue":
        # Late in the year every unfinished task of 2024 is past due: all are listed.
        r = run(["overdue", "--format", "json", "--as-of", "2025-01-15"], env)
    else:
        r = run(["report", "weekly", "--format", "json"], env)
    if r.returncode != 0 or "locked" in r.stderr:
        return [f"{kind}: exit {r.returncode}: {r.stderr.strip()}"]
    data = json.loads(r.stdout)
    if kind == "report":
        tasks = {
            p["id"]: (p["after"]["percent"], len(p["records"]))
            for p in data["progress"]
            if p["id"] <= WRITERS * TASKS_PER_WRITER
        }
        problems = _consistent(kind, tasks, seen)
        for w in range(WRITERS):
            present = [t in tasks for t in _tasks_of(w)]
            if any(present) and not all(present):
                problems.append(f"report: only part of writer {w}'s tasks have progress")
        return problems
    tasks = {t["id"]: (t["percent"], t["assignee"]) for t in data}
    return _consistent(kind, tasks, seen)


def _reader(
    r: int, db: Path, tmp: Path, writers: list[threading.Thread], failures: list[str]
) -> None:
    env = cli_env(db, tmp)
    kinds = ("list", "overdue", "report")
    seen: dict[int, Any] = {}
    for i in range(MAX_READS):
        if i > 0 and not any(t.is_alive() for t in writers):
            break
        failures += _read_once(kinds[(r + i) % len(kinds)], env, seen)


def test_four_writers_and_four_readers_lose_nothing_and_see_no_half_batch(tmp_path: Path) -> None:
    db = tmp_path / "guantask.db"
    r = run(["init"], cli_env(db, tmp_path))
    assert r.returncode == 0, r.stderr
    failures: list[str] = []
    writers = [
        threading.Thread(target=_writer, args=(w, db, tmp_path, failures)) for w in range(WRITERS)
    ]
    readers = [
        threading.Thread(target=_reader, args=(n, db, tmp_path, writers, failures))
        for n in range(READERS)
    ]
    for t in writers + readers:
        t.start()
    for t in writers + readers:
        t.join(timeout=300)
    assert failures == []

    # Every write is there: all batches, all assignments, and the last of each is current.
    r = run(["list", "--format", "json"], cli_env(db, tmp_path))
    assert r.returncode == 0, r.stderr
    final = {t["id"]: t for t in json.loads(r.stdout)}
    for w in range(WRITERS):
        for t in _tasks_of(w):
            assert final[t]["percent"] == _percent(w, BATCHES - 1)
            assert final[t]["assignee"] == _assignee(w, BATCHES - 1)
    r = run(["history", "--format", "json"], cli_env(db, tmp_path))
    assert r.returncode == 0, r.stderr
    events = json.loads(r.stdout)
    for w in range(WRITERS):
        mine = [e for e in events if e["by"] == f"writer{w}"]
        assert len(mine) == 2 * BATCHES, mine
    import sqlite3

    with sqlite3.connect(db) as conn:
        notes = conn.execute("SELECT note, count(*) FROM progress GROUP BY note").fetchall()
        assert dict(notes) == {
            f"w{w}b{k}": TASKS_PER_WRITER for w in range(WRITERS) for k in range(BATCHES)
        }
        assigned = conn.execute(
            "SELECT assignee, count(*) FROM assignments GROUP BY assignee"
        ).fetchall()
        assert dict(assigned) == {
            _assignee(w, k): TASKS_PER_WRITER for w in range(WRITERS) for k in range(BATCHES)
        }
    assert integrity(db) == []
