"""A database on a network folder (SMB/NFS and the like): writes are refused with the reason
unless the office records `config set network-fs allow`, and WAL is never used there.

The mount table is a file made in tmp_path that mounts tmp_path as a share, named by
$GUANTASK_MOUNTINFO (the test hook for /proc/self/mountinfo); nothing is mounted for real.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Run, copy_db

from guantask.errors import ExitCode
from guantask.store.fs import network_fs

LOCAL = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"


def mountinfo(tmp_path: Path, fs_type: str, point: Path) -> Path:
    """A mount table with the root on a local disk and `point` mounted as `fs_type`."""
    escaped = str(point).replace(" ", "\\040")
    table = tmp_path / "mountinfo"
    table.write_text(
        LOCAL + f"95 22 0:50 / {escaped} rw,relatime shared:40 - {fs_type} //srv/office rw\n",
        encoding="utf-8",
    )
    return table


@pytest.fixture
def share(tmp_path: Path, env: dict[str, str], template_db: Path) -> Path:
    """tmp_path/share, mounted (in the mount table guantask reads) as a cifs share; the
    office's database was copied into it."""
    folder = tmp_path / "share"
    folder.mkdir()
    env["GUANTASK_DB"] = str(copy_db(template_db, folder / "guantask.db"))
    env["GUANTASK_MOUNTINFO"] = str(mountinfo(tmp_path, "cifs", folder))
    return folder


def journal_mode(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize(
    "fs_type", ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "ceph", "glusterfs"]
)
def test_network_file_systems_are_detected_by_the_mount_holding_the_file(
    tmp_path: Path, fs_type: str
) -> None:
    point = tmp_path / "office share"
    table = mountinfo(tmp_path, fs_type, point)
    assert network_fs(point / "guantask.db", mountinfo=table) == fs_type
    assert network_fs(tmp_path / "office share2" / "x.db", mountinfo=table) is None
    assert network_fs(tmp_path / "local.db", mountinfo=table) is None


def test_a_write_to_a_database_on_a_share_is_refused_with_the_reason(
    run: Run, share: Path, env: dict[str, str]
) -> None:
    r = run("record-progress", "18", "--percent", "40")
    assert r.exit_code == ExitCode.ERROR, r.output
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1, r.stderr
    assert "is on a network folder (cifs)" in line
    assert "locking is not safe on SMB/NFS" in line and "WAL does not work there" in line
    assert "Sharing one database" in line and "config set network-fs allow" in line
    con = sqlite3.connect(share / "guantask.db")
    try:  # nothing written
        assert con.execute("SELECT count(*) FROM progress").fetchone()[0] == 0
    finally:
        con.close()


def test_config_set_network_fs_allow_is_itself_allowed_and_then_writes_work(
    run: Run, share: Path
) -> None:
    r = run("config", "set", "network-fs", "allow")
    assert r.exit_code == 0, r.output
    r = run("record-progress", "18", "--percent", "40")
    assert r.exit_code == 0, r.output
    assert "40%" in run("show", "18").stdout
    db = share / "guantask.db"
    assert journal_mode(db) == "delete"
    assert not Path(f"{db}-wal").exists()
    r = run("config", "get", "network-fs")
    assert r.exit_code == 0 and r.stdout == "allow\n"


def test_a_database_copied_onto_a_share_in_wal_mode_leaves_wal(
    run: Run, share: Path, env: dict[str, str], tmp_path: Path
) -> None:
    local = tmp_path / "local.db"
    assert run("init", GUANTASK_DB=str(local), GUANTASK_MOUNTINFO="").exit_code == 0
    assert run("plans", GUANTASK_DB=str(local), GUANTASK_MOUNTINFO="").exit_code == 0
    assert journal_mode(local) == "wal"
    con = sqlite3.connect(local)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    (share / "guantask.db").write_bytes(local.read_bytes())
    assert run("list", "--limit", "1").exit_code == 0  # reading needs no permission
    assert journal_mode(share / "guantask.db") == "delete"
    r = run("assign", "18", "--to", "李明")
    assert r.exit_code == ExitCode.ERROR and "network folder" in r.stderr


def test_setting_it_back_to_refuse_refuses_writes_again(run: Run, share: Path) -> None:
    assert run("config", "set", "network-fs", "允许").exit_code == 0
    assert run("config", "get", "network-fs").stdout == "allow\n"
    assert run("config", "set", "network-fs", "refuse").exit_code == 0
    r = run("assign", "18", "--to", "李明")
    assert r.exit_code == ExitCode.ERROR and "network folder" in r.stderr
    assert run("config", "unset", "network-fs").exit_code == 0


def test_a_text_setting_takes_only_its_own_words(run: Run) -> None:
    r = run("config", "set", "network-fs", "maybe")
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "network-fs must be one of refuse, 拒绝, allow, 允许, not 'maybe'" in r.stderr
    r = run("config", "list", "--format", "json")
    assert r.exit_code == 0, r.output
    assert '"key": "network-fs"' in r.stdout and '"default": "refuse"' in r.stdout


def test_a_local_database_is_written_as_before(
    run: Run, env: dict[str, str], tmp_path: Path
) -> None:
    env["GUANTASK_MOUNTINFO"] = str(mountinfo(tmp_path, "nfs4", tmp_path / "elsewhere"))
    assert run("record-progress", "18", "--percent", "40").exit_code == 0
    assert journal_mode(Path(env["GUANTASK_DB"])) == "wal"
