"""A damaged environment gives one clear line on stderr (`guantask: ...`), the documented exit
code, and a database exactly as it was: a read-only database file or file system, a missing
folder, a full disk, a file that is not a guantask database, a database from a newer guantask,
and a database locked past the busy timeout.

Read-only needs care because CI runs as root, where `chmod 0400` stops nothing: the file is
made immutable with `chattr +i` (skipped, with the reason, where that is not allowed), and a
read-only file system is made with a read-only bind mount inside a private mount namespace
(`unshare`), which vanishes with the process: nothing to clean up, nothing left mounted. The
full disk is a small tmpfs mounted the same way; `PRAGMA max_page_count` cannot simulate it,
because it holds only for the connection that sets it, not for the guantask process.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import guantask_cmd
from torture import checkpoint, cli_env, digest, integrity, one_error_line, run, write_plan

from guantask.errors import ExitCode
from guantask.store import SCHEMA_VERSION

WRITE = ["record-progress", "18", "--percent", "40", "--note", "写入"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A seeded database with one progress record, checkpointed (no -wal beside it)."""
    path = tmp_path / "guantask.db"
    env = cli_env(path, tmp_path)
    assert run(["init"], env).returncode == 0
    assert run(["record-progress", "5", "--percent", "10"], env).returncode == 0
    checkpoint(path)
    return path


def _refused(db: Path, tmp: Path, args: list[str], code: int, *words: str) -> str:
    """Run a command that must be refused: its exit code, one stderr line, the database kept."""
    before = digest(db) if db.exists() else None
    r = run(args, cli_env(db, tmp))
    assert r.returncode == code, r.stderr
    line = one_error_line(r.stderr)
    for word in words:
        assert word in line, line
    if before is not None:
        assert digest(db) == before
    return line


# ----- read-only --------------------------------------------------------------------------------


@contextmanager
def _read_only_file(path: Path) -> Iterator[str]:
    """Make `path` unwritable for this process: chmod 0400 for a normal user; for root, which
    chmod does not stop, the immutable flag (chattr +i). Yields how it was done."""
    if os.geteuid() != 0:
        os.chmod(path, 0o400)
        try:
            yield "chmod 0400"
        finally:
            os.chmod(path, 0o600)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root, where chmod 0400 does not stop writes; chattr is missing")
    p = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True)
    if p.returncode != 0:
        pytest.skip(
            "running as root, where chmod 0400 does not stop writes, and chattr +i is not "
            f"allowed here: {p.stderr.strip()}"
        )
    try:
        yield "chattr +i"
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_read_only_database_file_refuses_writes_in_one_line_and_still_reads(
    db: Path, tmp_path: Path
) -> None:
    with _read_only_file(db):
        _refused(db, tmp_path, WRITE, ExitCode.ERROR, "read-only", "nothing was written")
        _refused(db, tmp_path, ["assign", "5", "--to", "李明"], ExitCode.ERROR, "read-only")
        r = run(["list", "--format", "json"], cli_env(db, tmp_path))
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
    assert integrity(db) == []


def _unshare() -> list[str]:
    """A private mount namespace: plain for root, inside a user namespace for anyone else."""
    if os.geteuid() == 0:
        return ["unshare", "--mount", "--propagation", "private"]
    return ["unshare", "--user", "--map-root-user", "--mount"]


@pytest.fixture
def mount_ns(tmp_path: Path) -> None:
    """Skips (with the reason) where no private mount namespace can be made."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is missing: cannot mount a read-only or small file system")
    probe = tmp_path / "probe"
    probe.mkdir()
    p = subprocess.run(
        [*_unshare(), "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {shlex.quote(str(probe))}"],
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        pytest.skip(f"no private mount namespace here (unshare/mount refused): {p.stderr.strip()}")


def _in_namespace(
    setup: str, args: list[str], env: dict[str, str], after: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run guantask after `setup` (shell, e.g. mounts) in a private mount namespace, then
    `after` (e.g. copy the database out); the mounts vanish with the namespace."""
    cmd = " ".join(shlex.quote(a) for a in [*guantask_cmd(), *args])
    script = f"set -e\n{setup}\nset +e\n{cmd}\nrc=$?\n{after}\nexit $rc\n"
    return subprocess.run(
        [*_unshare(), "sh", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )


def test_database_on_a_read_only_file_system_reads_and_refuses_writes_in_one_line(
    db: Path, tmp_path: Path, mount_ns: None
) -> None:
    folder = tmp_path / "medium"
    folder.mkdir()
    ro_db = folder / "guantask.db"
    shutil.copyfile(db, ro_db)  # alone: opening it here would leave a -shm beside it
    before = digest(db)
    q = shlex.quote(str(folder))
    setup = f"mount --bind {q} {q}\nmount -o remount,bind,ro {q}"
    # SQLite cannot make the -shm a WAL database needs on a read-only medium: guantask opens
    # it immutable, so reads work and writes are refused in one line.
    r = _in_namespace(setup, ["list", "--format", "ids"], cli_env(ro_db, tmp_path))
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.split()) == 121
    for args, words in (
        (WRITE, ("read-only",)),
        (["init", "--db", str(folder / "new.db")], ("cannot create", "Read-only file system")),
    ):
        r = _in_namespace(setup, args, cli_env(ro_db, tmp_path))
        assert r.returncode == ExitCode.ERROR, r.stderr
        line = one_error_line(r.stderr)
        assert str(folder) in line, line
        for word in words:
            assert word in line, line
    assert digest(ro_db) == before
    assert not (folder / "new.db").exists()


def test_paths_under_proc_are_refused_in_one_line(tmp_path: Path) -> None:
    """/proc is read-only even for root: no database can be created there, and its files are
    not databases."""
    missing = Path("/proc/guantask-test.db")
    _refused(missing, tmp_path, ["init", "--db", str(missing)], ExitCode.ERROR, "cannot create")
    _refused(missing, tmp_path, ["--db", str(missing), "plans"], ExitCode.ERROR, "no database at")
    assert not missing.exists()
    version = Path("/proc/version")
    if version.exists():
        _refused(version, tmp_path, ["--db", str(version), "list"], ExitCode.ERROR, "/proc/version")


def test_missing_folder_is_refused_in_one_line_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "deeper" / "guantask.db"
    line = _refused(path, tmp_path, ["init", "--db", str(path)], ExitCode.ERROR, "does not exist")
    assert str(path.parent) in line
    assert not path.parent.exists()


# ----- disk full --------------------------------------------------------------------------------


def test_full_disk_during_a_big_import_exits_6_and_writes_nothing(
    db: Path, tmp_path: Path, mount_ns: None
) -> None:
    """The database on a tmpfs with room for it and its -shm but not for the import."""
    plan = write_plan(tmp_path / "big.json", 3000)
    small = tmp_path / "small"
    small.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    size_kb = (db.stat().st_size + 32 * 1024 + 48 * 1024) // 1024
    q_small, q_out = shlex.quote(str(small)), shlex.quote(str(out))
    setup = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {q_small}\ncp {shlex.quote(str(db))} {q_small}/"
    )
    after = f"cp {q_small}/guantask.db* {q_out}/"
    r = _in_namespace(setup, ["import", str(plan)], cli_env(small / "guantask.db", tmp_path), after)
    assert r.returncode == ExitCode.DISK_FULL, r.stderr
    line = one_error_line(r.stderr)
    assert "full" in line and "nothing was written" in line, line
    assert digest(out / "guantask.db") == digest(db)
    assert integrity(out / "guantask.db") == []
    assert run(["check"], cli_env(out / "guantask.db", tmp_path)).returncode == 0


def test_file_size_limit_during_a_big_import_fails_in_one_line_and_writes_nothing(
    db: Path, tmp_path: Path
) -> None:
    """Without mounts: RLIMIT_FSIZE stops the WAL from growing (EFBIG, which SQLite reports as
    an I/O error, not as a full disk); the import must still be all or nothing."""
    import resource

    plan = write_plan(tmp_path / "big.json", 3000)
    before = digest(db)
    limit = db.stat().st_size + 64 * 1024

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = run(["import", str(plan)], cli_env(db, tmp_path), preexec_fn=limit_files)
    assert r.returncode in (ExitCode.ERROR, ExitCode.DISK_FULL), r.stderr
    one_error_line(r.stderr)
    assert digest(db) == before
    assert integrity(db) == []


# ----- not a guantask database ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"hello, this is a text file and not a database\n", os.urandom(8192), b"SQLite format 3\x00"],
    ids=["text", "random", "truncated-header"],
)
def test_a_file_that_is_not_sqlite_is_refused_in_one_line_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(content)
    for args in (["list"], WRITE, ["check"]):
        r = run(["--db", str(path), *args], cli_env(path, tmp_path))
        assert r.returncode == ExitCode.ERROR, r.stderr
        if args != ["check"]:  # check reports each problem found on stdout
            assert "not a guantask database" in one_error_line(r.stderr)
        assert "Traceback" not in r.stderr
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused_and_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.close()
    before = digest(path)
    for args in (["list"], WRITE):
        line = _refused(path, tmp_path, ["--db", str(path), *args], ExitCode.ERROR)
        assert "another program" in line and "moz_places" in line, line
    assert digest(path) == before


def test_database_from_a_newer_guantask_exits_5_for_reads_and_writes(
    db: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for args in (["list"], WRITE, ["report", "weekly"]):
        _refused(db, tmp_path, args, ExitCode.NEWER_DB, "newer guantask", "upgrade")


# ----- locked -----------------------------------------------------------------------------------


def test_database_locked_past_the_busy_timeout_exits_4_and_reads_go_on(
    db: Path, tmp_path: Path
) -> None:
    before = digest(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO settings (key, value) VALUES ('held', 'by the test')")
        env = cli_env(db, tmp_path, GUANTASK_BUSY_TIMEOUT="0.5")
        started = time.monotonic()
        r = run(WRITE, env)
        waited = time.monotonic() - started
        assert r.returncode == ExitCode.LOCKED, r.stderr
        assert "locked" in one_error_line(r.stderr)
        assert 0.5 <= waited < 8, waited  # it waited for the timeout, not the default 10 s
        # Readers are not blocked by a writer (WAL): the overdue list still works.
        r = run(["overdue", "--format", "json"], env)
        assert r.returncode == 0, r.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert digest(db) == before
    assert integrity(db) == []
