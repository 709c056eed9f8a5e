"""A guantask process killed with SIGKILL at any moment leaves the database exactly as it was
before the command or exactly as after it, sound (`PRAGMA integrity_check`) and passing
`guantask check`.

Three writes are killed: the import of a 20,000-task plan, a 30,000-row `record-progress
--from-csv` batch, and the first use of a new database (the migrations, then the seeding of the
bundled plan: two transactions). Kills land at random moments: some after a random delay over
the whole run (start-up, parsing, writing, committing), most while the write transaction is
filling the WAL (watched from outside: the WAL file grows), so that a kill inside the
transaction is certain and not a matter of luck.

"Before" and "after" are content digests (tests/torture.py): the database copied before the
command, and the same copy after the same command ran to its end.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from torture import (
    checkpoint,
    cli_env,
    copy_db,
    digest,
    integrity,
    kill_after,
    run,
    snapshot,
    start,
    write_plan,
)

SEED = 20240315  # random delays are reproducible; change it to explore other moments
ATTEMPTS = 5
BATCH_ROWS = 30_000  # enough to spill to the WAL before COMMIT


def _wal_size(db: Path) -> int:
    wal = Path(f"{db}-wal")
    try:
        return wal.stat().st_size
    except FileNotFoundError:
        return -1


def _kill_when_wal_reaches(proc, db: Path, size: int, *, timeout: float = 60) -> bool:  # type: ignore[no-untyped-def]
    """SIGKILL `proc` once the WAL beside `db` holds `size` bytes (a transaction is being
    written); True when the process was killed, False when it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if _wal_size(db) >= size:
            return kill_after(proc, 0)
        time.sleep(0.002)
    proc.kill()
    proc.wait()
    raise AssertionError(f"the command did not finish within {timeout} s")


def _assert_sound(db: Path, tmp: Path) -> None:
    """`guantask check` exits 0 (it reads first, as a clerk would after a crash), then the
    database's own checks are clean."""
    r = run(["check"], cli_env(db, tmp))
    assert r.returncode == 0, r.stdout + r.stderr
    assert integrity(db) == []


def _kill_repeatedly(
    *,
    tmp: Path,
    base: Path,
    args: list[str],
    before: str,
    after: str,
    duration: float,
    wal_sizes: list[int],
    wal_final: int,
) -> list[str]:
    """Copy `base`, start the command on the copy, kill it; the copy must be `before` or
    `after`. Returns each attempt's outcome, for the assertion message."""
    rng = random.Random(SEED)
    outcomes: list[str] = []
    for attempt in range(ATTEMPTS):
        work = copy_db(base, tmp / "work.db")
        proc = start(args, cli_env(work, tmp))
        if attempt == 0:
            # Blind: anywhere in the run, start-up and parsing included.
            killed = kill_after(proc, rng.uniform(0.2, 1.0) * duration)
        elif attempt == ATTEMPTS - 1:
            # At the commit: the WAL holds (nearly) all of the transaction.
            killed = _kill_when_wal_reaches(proc, work, max(32 * 1024, wal_final - 64 * 1024))
        else:
            # Inside the write transaction: once the WAL holds part of it (a size the
            # reference run passed through while it was still writing).
            size = rng.choice(wal_sizes) if wal_sizes else 32 * 1024
            killed = _kill_when_wal_reaches(proc, work, size)
        _assert_sound(work, tmp)
        got = digest(work)
        state = "before" if got == before else "after" if got == after else "neither"
        outcomes.append(f"{'killed' if killed else 'finished'}:{state}")
        assert state != "neither", outcomes
    return outcomes


def _reference(tmp: Path, base: Path, args: list[str]) -> tuple[str, float, list[int], int]:
    """Run the command to its end on a copy: (digest after, seconds taken, WAL sizes seen
    while the write transaction was filling the WAL well before the end, largest WAL seen)."""
    ref = copy_db(base, tmp / "ref.db")
    proc = start(args, cli_env(ref, tmp))
    started = time.monotonic()
    samples: list[tuple[float, int]] = []
    while proc.poll() is None:
        samples.append((time.monotonic() - started, _wal_size(ref)))
        time.sleep(0.002)
    duration = time.monotonic() - started
    assert proc.returncode == 0
    growing = sorted({size for at, size in samples if size >= 32 * 1024 and at < duration - 0.05})
    return digest(ref), duration, growing, max(size for _at, size in samples)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A seeded database, checkpointed so that copying the file copies all of it."""
    db = tmp_path / "base.db"
    r = run(["init"], cli_env(db, tmp_path))
    assert r.returncode == 0, r.stderr
    checkpoint(db)
    return db


def test_import_of_a_big_plan_killed_at_random_moments_is_all_or_nothing(
    tmp_path: Path, base: Path
) -> None:
    plan = write_plan(tmp_path / "big.json", 20_000)
    args = ["import", str(plan)]
    before = digest(base)
    after, duration, wal_sizes, wal_final = _reference(tmp_path, base, args)
    assert after != before
    outcomes = _kill_repeatedly(
        tmp=tmp_path,
        base=base,
        args=args,
        before=before,
        after=after,
        duration=duration,
        wal_sizes=wal_sizes,
        wal_final=wal_final,
    )
    # At least one kill landed inside the transaction and was rolled back.
    assert "killed:before" in outcomes, outcomes


def test_batch_record_progress_killed_at_random_moments_is_all_or_nothing(
    tmp_path: Path, base: Path
) -> None:
    csv = tmp_path / "batch.csv"
    rows = [f"{1 + i % 121},{i % 100},第{i}行" for i in range(BATCH_ROWS)]
    csv.write_text("id,percent,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["record-progress", "--from-csv", str(csv)]
    before = digest(base)
    after, duration, wal_sizes, wal_final = _reference(tmp_path, base, args)
    assert len(snapshot(tmp_path / "ref.db")["tables"]["progress"]) == BATCH_ROWS
    outcomes = _kill_repeatedly(
        tmp=tmp_path,
        base=base,
        args=args,
        before=before,
        after=after,
        duration=duration,
        wal_sizes=wal_sizes,
        wal_final=wal_final,
    )
    assert "killed:before" in outcomes, outcomes


def test_first_use_killed_while_migrating_or_seeding_recovers_to_the_same_database(
    tmp_path: Path,
) -> None:
    """A new database (`guantask init`) is made in two transactions (migrations, then the bundled plan): a kill
    leaves no database, an empty one, the schema alone, or the seeded database, each sound;
    and the next run finishes the job, giving the same database as an uninterrupted first use.
    """
    args = ["init"]
    ref = tmp_path / "ref.db"
    started = time.monotonic()
    assert run(args, cli_env(ref, tmp_path)).returncode == 0
    duration = time.monotonic() - started
    seeded = snapshot(ref)
    # The migrations' own bookkeeping (sqlite-utils) is part of the first transaction.
    schema_only = {
        **seeded,
        "tables": {
            name: rows if name == "_sqlite_migrations" else []
            for name, rows in seeded["tables"].items()
        },
    }
    rng = random.Random(SEED)
    outcomes: list[str] = []
    for attempt in range(6):
        work = tmp_path / f"new{attempt}.db"
        proc = start(args, cli_env(work, tmp_path))
        if attempt % 2 == 0:
            killed = kill_after(proc, rng.uniform(0.3, 1.0) * duration)
        else:
            killed = _kill_when_wal_reaches(proc, work, rng.randint(1, 300 * 1024))
        got = snapshot(work)
        if got["tables"]:
            assert integrity(work) == []
            _assert_sound(work, tmp_path)
        if got == seeded:
            state = "seeded"
        elif got == schema_only:
            state = "schema"
        elif not got["tables"] and got["user_version"] == 0:
            state = "empty"
        else:
            state = "neither"
            outcomes.append(repr({k: len(v) for k, v in got["tables"].items()}))
        outcomes.append(f"{'killed' if killed else 'finished'}:{state}")
        assert state != "neither", outcomes
        # The next command completes the first use.
        r = run(args, cli_env(work, tmp_path))
        assert r.returncode == 0, r.stderr
        assert snapshot(work) == seeded, outcomes
        assert integrity(work) == []
    assert any(o.startswith("killed:") for o in outcomes), outcomes
