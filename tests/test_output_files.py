"""Files written with `-o` (export, template, report weekly, parse): a device or FIFO stays what it
is, a full disk is exit 6, permission bits are kept or 0600, and nothing writes over a database
or the command's own input. Device nodes are made in tmp_path, never the real /dev."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

NOTICE = ROOT / "data" / "notices" / "guanzhengbanfa-2024-1.txt"

# Each `-o` writer, with its output path as "{out}".
WRITERS = {
    "export": ["export", "-o", "{out}"],
    "template": ["template", "--unit", "县工业和信息化局", "-o", "{out}"],
    "report weekly": ["report", "weekly", "-o", "{out}"],
    "parse": ["parse", str(NOTICE), "-o", "{out}"],
}


def _args(name: str, out: Path) -> list[str]:
    # (the template's format comes from the suffix: the tests use .csv names)
    return [a.replace("{out}", str(out)) for a in WRITERS[name]]


class FifoReader(threading.Thread):
    """Reads a FIFO until a writer has come and gone (or `deadline` seconds pass)."""

    def __init__(self, path: Path, deadline: float = 8.0) -> None:
        super().__init__(daemon=True)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # never blocks the test
        os.set_blocking(self.fd, True)
        self.deadline = time.monotonic() + deadline
        self.data = b""

    def run(self) -> None:
        try:
            while time.monotonic() < self.deadline:
                chunk = os.read(self.fd, 65536)
                if chunk:
                    self.data += chunk
                elif self.data:
                    return  # the writer closed
                else:
                    time.sleep(0.01)  # no writer yet
        finally:
            os.close(self.fd)


@pytest.mark.parametrize("name", list(WRITERS))
def test_output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(seeded, tmp_path, name) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    reader.start()
    r = seeded(*_args(name, fifo))
    reader.join(10)
    assert r.exit_code == 0, r.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(reader.data) > 100
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_through_a_symlink_to_a_fifo_keeps_both(seeded, tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.csv"
    link.symlink_to(fifo)
    reader = FifoReader(fifo)
    reader.start()
    r = seeded("export", "-o", str(link))
    reader.join(10)
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)
    assert reader.data.startswith(b"id,section,")


def _full_device(tmp_path: Path) -> Path:
    """A node like /dev/full (char 1,7) in tmp_path; skips where one cannot be made or used."""
    node = tmp_path / "full.csv"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        with open(node, "wb") as fh:
            fh.write(b"x")
    except PermissionError:
        pytest.skip("cannot make or open a device node here (not root, or a nodev mount)")
    except OSError:
        pass  # ENOSPC: the node works like /dev/full
    return node


@pytest.mark.parametrize("name", list(WRITERS))
def test_output_to_a_full_device_is_the_disk_full_error(seeded, tmp_path, name) -> None:
    node = _full_device(tmp_path)
    r = seeded(*_args(name, node))
    assert r.exit_code == 6, r.output
    assert r.stderr == f"guantask: cannot write {node}: the disk is full\n"
    assert stat.S_ISCHR(os.lstat(node).st_mode)


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_new_output_file_is_private_and_a_replaced_one_keeps_its_mode(
    seeded, tmp_path, name
) -> None:
    new = tmp_path / "new.csv"
    r = seeded(*_args(name, new))
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    shared = tmp_path / "shared.csv"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o644)
    r = seeded(*_args(name, shared))
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    assert shared.read_bytes() != b"old"


def test_output_through_a_symlink_replaces_the_file_and_keeps_the_link(seeded, tmp_path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    r = seeded("export", "-o", str(link))
    assert r.exit_code == 0, r.output
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("id,section,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# ----- what -o refuses ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(WRITERS))
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_output_refuses_the_database_and_its_files(seeded, db_path, name, suffix) -> None:
    target = Path(f"{db_path}{suffix}")
    before = target.read_bytes() if target.exists() else None
    r = seeded(*_args(name, target))
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"guantask: {target} is ")
    assert r.stderr.endswith("guantask will not write over it\n")
    assert (target.read_bytes() if target.exists() else None) == before
    assert seeded("check").exit_code == 0


@pytest.mark.parametrize("name", list(WRITERS))
def test_output_refuses_any_other_sqlite_file(seeded, db_path, tmp_path, name) -> None:
    other = tmp_path / "other.csv"  # a database under any name
    r = seeded("backup", str(other))
    assert r.exit_code == 0, r.output
    before = other.read_bytes()
    r = seeded(*_args(name, other))
    assert r.exit_code == 2, r.output
    assert r.stderr == f"guantask: {other} is an SQLite database; guantask will not write over it\n"
    assert other.read_bytes() == before


def test_output_refuses_the_database_through_a_symlink(seeded, db_path, tmp_path) -> None:
    link = tmp_path / "report.html"
    link.symlink_to(db_path)
    r = seeded("report", "weekly", "--format", "html", "-o", str(link))
    assert r.exit_code == 2, r.output
    assert seeded("check").exit_code == 0


def test_parse_refuses_to_write_over_its_own_notice(seeded, tmp_path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_bytes(NOTICE.read_bytes())
    r = seeded("parse", str(notice), "-o", str(notice))
    assert r.exit_code == 2, r.output
    assert r.stderr == (
        f"guantask: {notice} is the input {notice}; guantask will not write over it\n"
    )
    assert notice.read_bytes() == NOTICE.read_bytes()


def test_backup_refuses_the_databases_own_files_and_non_regular_targets(
    seeded, db_path, tmp_path
) -> None:
    r = seeded("backup", f"{db_path}-wal", "--force")
    assert r.exit_code == 2, r.output
    assert "is a file of the database" in r.stderr
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    r = seeded("backup", str(fifo), "--force")
    assert r.exit_code == 2, r.output
    assert r.stderr == f"guantask: {fifo} is not a regular file; a backup is a database file\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
