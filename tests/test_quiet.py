"""`-q/--quiet` (or $GUANTASK_QUIET=1) prints only errors and the data asked for: cron mails
nothing when a job goes well."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

Sh = Callable[..., subprocess.CompletedProcess[str]]


def _writes(tmp: Path) -> list[list[str]]:
    batch = tmp / "returns.csv"
    batch.write_text("id,percent\n19,30\n", encoding="utf-8")
    return [
        ["record-progress", "18", "--percent", "40"],
        ["record-progress", "--from-csv", str(batch)],
        ["assign", "20", "--to", "李明"],
        ["extend", "18", "--to", "2025-01-31", "--reason", "设备到货延迟"],
        ["config", "set", "warn-days", "7"],
        ["units", "alias", "工信局", "县工业和信息化局"],
        ["undo", "--yes"],
        ["export", "-o", str(tmp / "tasks.csv")],
        ["template", "--unit", "县财政局", "-o", str(tmp / "t.csv")],
        ["report", "weekly", "-o", str(tmp / "weekly.md")],
        ["backup", str(tmp / "copy.db")],
        ["import"],
        ["list", "--search", "不存在的词语"],
    ]


@pytest.mark.parametrize("how", ["--quiet", "-q", "GUANTASK_QUIET=1"])
def test_quiet_writes_print_nothing_on_success(seeded: Run, tmp_path: Path, how: str) -> None:
    env = {"GUANTASK_QUIET": "1"} if how.startswith("GUANTASK") else {}
    flag = [] if env else [how]
    for args in _writes(tmp_path):
        r = seeded(*flag, *args, **env)
        assert r.exit_code == 0, (args, r.output)
        assert r.output == "", (args, r.output)
    assert (tmp_path / "tasks.csv").stat().st_size > 0


def test_without_quiet_the_same_writes_confirm_on_stderr(seeded: Run, tmp_path: Path) -> None:
    for args in _writes(tmp_path)[:3]:
        r = seeded(*args)
        assert r.exit_code == 0, (args, r.output)
        assert r.output.strip(), args


def test_quiet_keeps_the_data_asked_for(seeded: Run) -> None:
    r = seeded("-q", "record-progress", "18", "--percent", "40", "--format", "json")
    assert r.exit_code == 0, r.output
    assert '"percent": 40' in r.output
    r = seeded("-q", "overdue", "--as-of", "2025-01-15", "--format", "ids")
    assert r.exit_code == 0, r.output
    assert "18" in r.output.split()


def test_quiet_keeps_errors_and_the_rows_that_explain_them(seeded: Run, tmp_path: Path) -> None:
    r = seeded("--quiet", "show", "99999")
    assert r.exit_code == 1
    assert r.output.startswith("guantask: ")
    batch = tmp_path / "bad.csv"
    batch.write_text("id,percent\n18,140\n", encoding="utf-8")
    r = seeded("--quiet", "record-progress", "--from-csv", str(batch))
    assert r.exit_code != 0
    assert "bad.csv:2:" in r.output and "nothing was written" in r.output


def test_quiet_cron_run_prints_nothing_on_stdout_or_stderr(sh: Sh, tmp_path: Path) -> None:
    r = sh("--quiet", "record-progress", "18", "--percent", "40")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    r = sh("export", "-o", str(tmp_path / "x.csv"), GUANTASK_QUIET="1")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_a_bad_guantask_quiet_value_is_a_usage_error(seeded: Run) -> None:
    r = seeded("list", GUANTASK_QUIET="maybe")
    assert r.exit_code == 2
    assert "GUANTASK_QUIET" in r.output
