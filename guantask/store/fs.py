"""Is the database on a network file system? Read from the mount table (Linux's
/proc/self/mountinfo): the mount that holds the file's folder, and its type.

SQLite's locking relies on POSIX advisory locks that SMB and NFS servers implement loosely or
not at all, and WAL needs shared memory that only processes on one machine can share; two
clerks writing one file on a share can corrupt it. Where there is no mount table (macOS,
Windows) nothing is detected.
"""

from __future__ import annotations

import os
from pathlib import Path

MOUNTINFO = "/proc/self/mountinfo"

# File system types (the field after " - " in mountinfo) that live on another machine.
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "ncpfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.ceph",
        "fuse.cephfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.davfs",
    }
)


def network_fs(path: str | Path, *, mountinfo: str | Path | None = None) -> str | None:
    """The network file system type that holds `path` (which need not exist yet), else None.

    `mountinfo` is the mount table to read (default /proc/self/mountinfo).
    """
    target = os.path.realpath(path)
    try:
        text = Path(mountinfo or MOUNTINFO).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best, best_type = "", ""
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields[6:] or len(fields) < 5:
            continue
        point = _unescape(fields[4])
        kind = fields[fields.index("-", 6) + 1] if fields.index("-", 6) + 1 < len(fields) else ""
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, kind
    return best_type if best_type in NETWORK_TYPES else None


def _unescape(field: str) -> str:
    """Mount points escape space, tab, newline and backslash as \\040 \\011 \\012 \\134."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field
