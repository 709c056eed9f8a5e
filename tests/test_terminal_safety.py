"""No text from the database or from a file can drive the terminal: every reading command, run
on a real terminal (a pty, TERM=xterm-256color, colours on), prints no control character other
than guantask's own colour codes, and Rich markup in the data shows literally. And the
database, its -wal and its -shm are created readable and writable by their owner only.

The hostile text goes in the way a clerk's data would: a plan file (task text, section and plan
titles, target metrics and units), notes, assignee names and extension reasons through the
commands that take them; leader, unit and alias names, which refuse control characters, carry
Rich markup. It holds CSI clear-screen and cursor
moves, an OSC 8 hyperlink, an OSC window title, BEL, backspaces, CR, DEL, NUL, 8-bit C1
controls (CSI, OSC, ST), a blinking SGR (guantask never blinks, so a raw one must be data),
and Rich markup and emoji codes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import stat
import struct
import subprocess
import termios
import time
import tty
from pathlib import Path

import pytest
from conftest import guantask_cmd
from torture import cli_env, kill_after, make_plan, run, start, write_plan

BAD = (
    "\x1b[2J\x1b[H|\x1b]8;;http://evil.example/\x1b\\点我\x1b]8;;\x1b\\|\x07|\x08\x08|\r|\x7f|"
    "\x00|\x9b31m|\x9d0;title\x9c|\x1b[5;31m|\x1b]0;pwned\x07|"
    "[bold red]粗[/bold red][link=http://evil.example]链[/link]:warning:"
)
ARG = BAD.replace("\x00", "")  # argv cannot hold NUL; files and the database can
MARKUP = "[bold red]粗[/bold red]"
BLINK = "\x1b[5;31m"

# What may reach the terminal: SGR colour/style sequences (ESC [ digits ; m) and text.
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _hostile_plan() -> dict:  # type: ignore[type-arg]
    plan = make_plan(4, doc_number="坏政办发〔2024〕9号" + BAD, year=2024)
    plan["document"]["issued"] = "2024-02-20"  # after the bundled plan: the default plan
    plan["document"]["title"] = "标题" + BAD
    plan["document"]["issuer"] = "发文机关" + BAD
    plan["sections"][0]["title"] = "节" + BAD
    plan["sections"][1]["subsections"][0]["title"] = "小节" + BAD
    for task in plan["tasks"]:
        task["text"] = f"任务{task['id']}" + BAD
        # Names with control characters are refused at import (nobody could type them), so
        # names carry Rich markup only; the control characters go in every other field.
        task["leaders"] = ["领导" + MARKUP]
        task["lead_units"] = ["县坏单位" + MARKUP]
        task["responsible_units"] = ["县责任单位" + MARKUP]
        task["due"] = "2024-02-28" if task["id"] % 2 else "2024-03-20"
        task["targets"][0]["metric"] = "指标" + BAD
        task["targets"][0]["unit"] = "个" + BAD
    return plan


def run_in_pty(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run guantask with stdin, stdout and stderr on a pty (raw mode: no CR added to LF);
    returns the exit code and everything it wrote, decoded as UTF-8."""
    master, slave = os.openpty()
    tty.setraw(slave)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 250, 0, 0))
    proc = subprocess.Popen(
        [*guantask_cmd(), *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the pty
                break
            if not data:
                break
            chunks.append(data)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8")


def _assert_safe(out: str, what: str) -> str:
    """No control character but guantask's SGR codes; returns the text without them."""
    assert BLINK not in out, f"{what}: raw data SGR reached the terminal"
    plain = _SGR.sub("", out)
    bad = sorted({f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(plain)})
    assert bad == [], f"{what}: raw control characters {bad} in {plain[:400]!r}"
    return plain


@pytest.fixture(scope="module")
def terminal_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database holding hostile text in every kind of field, entered the ordinary ways."""
    tmp = tmp_path_factory.mktemp("terminal")
    db = tmp / "guantask.db"
    env = cli_env(db, tmp)
    plan = tmp / "plan.json"
    plan.write_text(json.dumps(_hostile_plan(), ensure_ascii=False), encoding="utf-8")
    steps = [
        ["import", str(plan)],
        ["plans"],
        ["record-progress", "1", "--percent", "30", "--note", "备注" + ARG],
        ["record-progress", "2", "--percent", "60", "--status", "at-risk", "--note", ARG],
        ["record-progress", "4", "--percent", "10", "--status", "blocked", "--note", ARG],
        # A person's name with control characters is refused (one rule for names): markup only.
        ["assign", "1,2,3", "--to", "联系人" + MARKUP, "--unit", "坏单位", "--note", ARG],
        ["extend", "3", "--to", "2024-12-31", "--reason", "原因" + ARG],
        ["units", "alias", "别名" + MARKUP, "县责任单位" + MARKUP],
    ]
    for args in steps:
        r = run(args, env)
        assert r.returncode == 0, (args, r.stderr)
    return db, tmp


READING = [
    ["list"],
    ["list", "--format", "md"],
    ["list", "--format", "csv"],
    ["list", "--format", "tsv"],
    ["list", "--format", "json"],
    ["list", "--format", "jsonl"],
    ["list", "--format", "ids"],
    ["--ascii", "list"],
    ["filter", "text:任务"],
    ["show", "1"],
    ["show", "2", "--format", "json"],
    ["leaders"],
    ["units"],
    ["units", "aliases"],
    ["plans"],
    ["overdue"],
    ["overdue", "--within", "30", "--format", "md"],
    ["stats", "--by", "leader"],
    ["stats", "--by", "unit"],
    ["stats", "--by", "section"],
    ["chase"],
    ["chase", "--format", "md"],
    ["report", "weekly"],
    ["report", "weekly", "--format", "md"],
    ["history"],
    ["history", "1"],
    ["config", "list"],
    ["export"],
    ["--lang", "zh", "list"],
    ["--lang", "zh", "report", "weekly"],
]


@pytest.mark.parametrize("args", READING, ids=[" ".join(a) for a in READING])
def test_reading_commands_on_a_terminal_emit_no_control_sequences_from_data(
    terminal_db: tuple[Path, Path], args: list[str]
) -> None:
    db, tmp = terminal_db
    env = cli_env(db, tmp, TERM="xterm-256color", COLUMNS="250", LINES="60")
    env.pop("NO_COLOR")
    code, out = run_in_pty(args, env)
    assert code == 0, out[-800:]
    plain = _assert_safe(out, " ".join(args))
    names_only = (
        ["list", "--format", "ids"],
        ["config", "list"],
        ["leaders"],
        ["units"],
        ["units", "aliases"],
        ["stats", "--by", "leader"],
        ["stats", "--by", "unit"],
        ["history", "1"],  # task 1's events name people and units; notes are not shown
    )  # no text, or only names (which hold no control chars)
    if args in names_only:
        assert MARKUP in plain or args in (["list", "--format", "ids"], ["config", "list"])
    else:
        assert "\\x1b" in plain or "\\u001b" in plain, "the data's escapes are shown, visibly"


def test_tables_on_a_terminal_are_coloured_and_show_markup_literally(
    terminal_db: tuple[Path, Path],
) -> None:
    db, tmp = terminal_db
    env = cli_env(db, tmp, TERM="xterm-256color", COLUMNS="250", LINES="60")
    env.pop("NO_COLOR")
    code, out = run_in_pty(["units"], env)
    assert code == 0, out
    assert _SGR.search(out), "Rich saw a terminal (colour codes are guantask's own)"
    plain = _assert_safe(out, "units")
    assert MARKUP in plain  # markup is text, not style
    code, out = run_in_pty(["report", "weekly"], env)
    assert code == 0, out
    assert "[link=http://evil.example]" in _assert_safe(out, "report weekly")


# Commands given hostile arguments: errors (and answers) quote them visibly.
ERRORS = [
    ["show", "99"],
    ["list", "--unit", "不存在" + ARG],
    ["list", "--leader", ARG],
    ["record-progress", "1", "--percent", "300", "--note", ARG],
    ["assign", "1", "--to", "x", "--unit", "不存在" + ARG],
    ["filter", ARG],
    ["--plan", ARG, "list"],
    ["history", "--by", ARG],
    ["units", "alias", ARG, "不存在的单位"],
    ["import", "/nonexistent/" + ARG],
]


@pytest.mark.parametrize("args", ERRORS, ids=[a[0] if a[0] != "--plan" else "plan" for a in ERRORS])
def test_messages_about_hostile_arguments_emit_no_control_sequences(
    terminal_db: tuple[Path, Path], args: list[str]
) -> None:
    db, tmp = terminal_db
    env = cli_env(db, tmp, TERM="xterm-256color", COLUMNS="250")
    env.pop("NO_COLOR")
    code, out = run_in_pty(args, env)
    assert code in (0, 1, 2), out  # refused, or (a name matched, nothing matched) answered
    _assert_safe(out, " ".join(args))


# ----- file modes -------------------------------------------------------------------------------


def test_database_and_its_wal_and_shm_are_created_private_whatever_the_umask(
    tmp_path: Path,
) -> None:
    db = tmp_path / "new.db"
    env = cli_env(db, tmp_path)
    r = run(["init"], env, preexec_fn=lambda: os.umask(0))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    # -wal and -shm exist while a writer works: watch a long import from outside.
    plan = write_plan(tmp_path / "big.json", 8000)
    proc = start(["import", str(plan)], env, preexec_fn=lambda: os.umask(0))
    modes: dict[str, int] = {}
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and len(modes) < 2:
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db}{suffix}")
            with contextlib.suppress(FileNotFoundError):
                modes[suffix] = stat.S_IMODE(side.stat().st_mode)
        time.sleep(0.002)
    kill_after(proc, 0)
    proc.wait()
    assert modes == {"-wal": 0o600, "-shm": 0o600}


def test_a_database_in_a_new_default_folder_is_private(tmp_path: Path) -> None:
    """Without --db or $GUANTASK_DB guantask makes its app folder; the file in it is 0600."""
    env = cli_env(tmp_path / "unused.db", tmp_path, HOME=str(tmp_path / "home"))
    env.pop("GUANTASK_DB")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "home" / ".config")
    r = run(["plans", "--format", "ids"], env, preexec_fn=lambda: os.umask(0))
    assert r.returncode == 0, r.stderr
    made = list((tmp_path / "home").rglob("guantask.db"))
    assert len(made) == 1, made
    assert stat.S_IMODE(made[0].stat().st_mode) == 0o600


def test_data_formats_to_a_pipe_keep_the_data_exactly(terminal_db: tuple[Path, Path]) -> None:
    """Only terminals get visible escapes: JSON to a pipe round-trips the text as stored."""
    db, tmp = terminal_db
    r = run(["list", "--format", "json"], cli_env(db, tmp))
    assert r.returncode == 0, r.stderr
    tasks = json.loads(r.stdout)
    assert tasks[0]["text"] == "任务1" + BAD
