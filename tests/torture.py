"""Helpers of the torture tests (crash, concurrency, hostile input, damaged environment,
terminal, backups): big plan files, a content digest of a database, and real guantask processes.

The digest compares databases by content: every table's rows, sorted, plus the schema and
`user_version`. Timestamps of the moment a change was made (`at`, `imported_at`, the `seeded`
setting, timestamps inside event JSON) are masked, so that a database written by a run that was
killed can be compared with one written by a complete run of the same command a moment earlier.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from conftest import TODAY, guantask_cmd

# An ISO 8601 timestamp with a time of day (dates alone are data and stay).
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")

EXIT_CODES = {0, 1, 2, 3, 4, 5, 6}


def cli_env(db: Path | str, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a real guantask process on database `db` (pinned like conftest's)."""
    full = {
        **os.environ,
        "GUANTASK_DB": str(db),
        "GUANTASK_TODAY": TODAY,
        "GUANTASK_USER": "tester",
        "GUANTASK_LANG": "en",
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "TERM": "dumb",
        # Compiled modules cached in tmp (the sandbox may forbid writing .pyc next to sources).
        "PYTHONPYCACHEPREFIX": str(tmp.parent / "torture-pycache"),
    }
    full.pop("PYTHONDONTWRITEBYTECODE", None)
    full.update(extra)
    return full


def run(
    args: Sequence[str],
    env: dict[str, str],
    *,
    input: str | None = None,
    timeout: float = 120,
    **popen: Any,
) -> subprocess.CompletedProcess[str]:
    """Run the installed guantask to the end."""
    return subprocess.run(
        [*guantask_cmd(), *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **popen,
    )


def start(args: Sequence[str], env: dict[str, str], **popen: Any) -> subprocess.Popen[bytes]:
    """Start the installed guantask; output is discarded (a killed process has none to read)."""
    return subprocess.Popen(
        [*guantask_cmd(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        **popen,
    )


def kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL `proc` after `delay` seconds; True when it was still running (really killed)."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return proc.returncode == -signal.SIGKILL


# ----- plans --------------------------------------------------------------------------------


def make_plan(
    n_tasks: int,
    *,
    doc_number: str = "测政办发〔2030〕9号",
    year: int = 2030,
    units: int = 12,
) -> dict[str, Any]:
    """A valid plan of `n_tasks` tasks in two sections (few distinct unit names, so that the
    import's near-duplicate check stays cheap)."""
    unit_names = [f"县{name}局" for name in "工交农林水财商文卫教体民"][:units]
    return {
        "document": {
            "issuer": "测试县人民政府办公室",
            "doc_number": doc_number,
            "title": f"{year}年压力测试重点工作任务",
            "issued": f"{year}-01-10",
            "year": year,
        },
        "sections": [
            {"no": 1, "numeral": "一", "title": "主要预期目标", "subsections": []},
            {
                "no": 2,
                "numeral": "二",
                "title": "项目建设",
                "subsections": [{"no": 1, "numeral": "一", "title": "重点项目"}],
            },
        ],
        "tasks": [
            {
                "id": i,
                "section": 1 if i % 2 else 2,
                "subsection": None if i % 2 else 1,
                "text": f"第{i}项任务：推进重点项目建设，完成年度投资计划。",
                "leaders": [f"领导{i % 7}"],
                "lead_units": [unit_names[i % len(unit_names)]],
                "responsible_units": [unit_names[(i + 1) % len(unit_names)]],
                "due": f"{year}-{1 + i % 12:02d}-28",
                "due_source": "default",
                "targets": [
                    {
                        "metric": f"指标{i}",
                        "value": i,
                        "unit": "个",
                        "kind": "reach",
                        "at_least": False,
                        "as_written": f"{i} 个",
                    }
                ],
            }
            for i in range(1, n_tasks + 1)
        ],
    }


def write_plan(path: Path, n_tasks: int, **kw: Any) -> Path:
    path.write_text(json.dumps(make_plan(n_tasks, **kw), ensure_ascii=False), encoding="utf-8")
    return path


# ----- reading a database from the outside ----------------------------------------------------


def connect_ro(path: Path | str) -> sqlite3.Connection:
    """A read-only connection (recovers a hot WAL left by a killed writer, changes nothing)."""
    uri = f"file:{quote(str(Path(path).absolute()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return _STAMP.sub("<at>", value)
    return value


def snapshot(path: Path | str) -> dict[str, Any]:
    """Schema, user_version and every table's rows (sorted, timestamps masked)."""
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return {"schema": [], "user_version": 0, "tables": {}}
    conn = connect_ro(path)
    try:
        schema = sorted(
            (r[0], r[1], r[2] or "")
            for r in conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        )
        tables = {}
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
            tables[name] = sorted((tuple(_mask(v) for v in row) for row in rows), key=repr)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    return {"schema": schema, "user_version": version, "tables": tables}


def digest(path: Path | str) -> str:
    """A short fingerprint of `snapshot(path)`."""
    return hashlib.sha256(repr(snapshot(path)).encode("utf-8")).hexdigest()[:16]


def integrity(path: Path | str) -> list[str]:
    """`PRAGMA integrity_check` and `foreign_key_check`: [] when both are clean."""
    conn = connect_ro(path)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return ([] if rows == ["ok"] else rows) + [f"foreign key: {fk}" for fk in fks]


def checkpoint(path: Path | str) -> None:
    """Fold the WAL into the database file, so that copying the file copies everything."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_db(src: Path, dest: Path) -> Path:
    """A byte copy of a checkpointed database (no -wal/-shm beside it)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    dest.write_bytes(src.read_bytes())
    os.chmod(dest, 0o600)
    return dest


def one_error_line(stderr: str) -> str:
    """The single `guantask: ...` line of a refused command (asserts there is exactly one)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one error line, got: {stderr!r}"
    assert lines[0].startswith("guantask: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]
