"""Output is UTF-8 whatever the locale: under cron's `LC_ALL=C` or `PYTHONIOENCODING=ascii`
(or Latin-1) every table, CSV and message still comes out whole, in UTF-8."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import guantask_cmd

COMMANDS = (
    ["list", "--limit", "3"],
    ["list", "--limit", "3", "--format", "csv"],
    ["filter", "leader:张怀恒", "--format", "csv"],
    ["show", "18"],
    ["overdue", "--as-of", "2025-01-15"],
    ["stats"],
    ["leaders"],
    ["history", "--format", "json"],
    ["report", "weekly"],
)


def _run(
    env: dict[str, str], *args: str, encoding: str = "ascii"
) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, **env, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": encoding}
    return subprocess.run([*guantask_cmd(), *args], capture_output=True, env=full, timeout=120)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_tables_and_csv_are_written_in_utf8_under_a_c_locale(
    env: dict[str, str], encoding: str
) -> None:
    r = _run(
        env, "record-progress", "18", "--percent", "40", "--note", "基站 600 个", encoding=encoding
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    for args in COMMANDS:
        r = _run(env, *args, encoding=encoding)
        assert r.returncode in (0, 3), (args, r.stderr.decode("utf-8", "replace"))
        assert b"UnicodeEncodeError" not in r.stderr, args
        out = r.stdout.decode("utf-8")  # strict: every byte is UTF-8
        assert any("\u4e00" <= ch <= "\u9fff" for ch in out), args


def test_chinese_messages_and_errors_reach_stderr_in_utf8_under_a_c_locale(
    env: dict[str, str],
) -> None:
    r = _run(env, "--lang", "zh", "show", "99999")
    assert r.returncode == 1
    err = r.stderr.decode("utf-8")
    assert err.startswith("guantask: ") and "99999" in err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err
    assert "Traceback" not in err


def test_ids_with_chinese_separators_are_read_from_stdin_under_a_c_locale(
    env: dict[str, str],
) -> None:
    full = {**os.environ, **env, "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    r = subprocess.run(
        [*guantask_cmd(), "assign", "-", "--to", "李明"],
        input="18，20、21".encode(),
        capture_output=True,
        env=full,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    r = _run(env, "filter", "assignee:李明", "--format", "ids")
    assert r.returncode == 0
    assert r.stdout.decode().split() == ["18", "20", "21"]
