"""The fast path (guantask.cli.fast) behaves exactly as the Typer app, and skips Typer.

Every comparison runs the same command line twice against the same database (or two copies of
it, for writes): once as `guantask.cli.main` would (fast path when it understands the line), once
with GUANTASK_FAST=0 (always the Typer app), and requires the same exit code, stdout and stderr.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import Run, guantask_cmd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guantask.cli import fast, specgen
from guantask.cli.fastspec import SPEC
from guantask.cli.state import app_dir

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def both(run: Run, *args: str, input: str | None = None) -> tuple[object, object]:
    """(fast-path result, Typer result) of one command line."""
    return run(*args, input=input), run(*args, input=input, GUANTASK_FAST="0")


def same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)


def test_the_generated_spec_matches_the_typer_app() -> None:
    assert specgen.render(specgen.build()) == specgen.TARGET.read_text(encoding="utf-8"), (
        "run: python -m guantask.cli.specgen"
    )


def test_the_fast_path_covers_the_everyday_commands() -> None:
    assert {
        "list",
        "filter",
        "show",
        "overdue",
        "stats",
        "report weekly",
        "record-progress",
    } <= set(SPEC["commands"])


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-config", ""])
def test_the_default_database_folder_is_the_one_click_finds(monkeypatch, xdg) -> None:  # type: ignore[no-untyped-def]
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert app_dir("guantask") == typer.get_app_dir("guantask")


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--format=json", "--limit", "3"],
        ["--plan", "2024", "--as-of", "2024-06-30", "overdue", "--within", "14"],
        ["filter", "unit:发改", "--sort", "due", "percent<50"],
        ["report", "weekly", "--width", "80"],
        ["record-progress", "18", "--value", "a=1", "--value", "b=2"],
        ["extend", "18", "--reason", "x", "--to", "2025-03-31"],
        ["assign", "-", "--to", "李明"],
    ],
)
def test_well_formed_lines_take_the_fast_path(argv: list[str]) -> None:
    assert fast.parse(argv, {}) is not None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["list", "--help"],
        ["list", "-h"],
        ["--version"],
        ["report"],
        ["list", "--format", "JSON"],  # case-insensitive choice: Typer's conversion
        ["list", "-fjson"],
        ["list", "--limit", "-1"],
        ["list", "--limit", "１２"],
        ["list", "--no-headers=yes"],
        ["list", "--bogus"],
        ["list", "--leader"],
        ["list", "--leader", "--unit"],
        ["show"],
        ["show", "18", "19"],
        ["show", "x"],
        ["filter"],
        ["--db", "/"],
        ["--", "list"],
        ["export"],
        ["list", "--search", "\udcff"],
        ["extend", "18", "--to", "2025-03-31"],  # --reason is required
        ["assign"],
        ["undo", "--yes"],
    ],
)
def test_anything_uncertain_goes_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv, {}) is None


def test_completion_and_the_switch_go_to_typer() -> None:
    assert fast.parse(["list"], {"_GUANTASK_COMPLETE": "bash_complete"}) is None
    assert fast.parse(["list"], {"GUANTASK_FAST": "0"}) is None


READ_LINES = [
    ["list"],
    ["list", "--format=json", "--limit", "3"],
    ["list", "-f", "csv", "--fields", "id,due,light", "--no-headers"],
    ["list", "--limit", "3", "--limit", "5", "--sort", "due"],
    ["list", "--leader", "张怀恒", "--unit", "工信", "--due-before", "2024-07-01"],
    ["list", "--status", "not-started", "--section", "2", "-f", "ids"],
    ["list", "--search", "", "--limit", "2"],
    ["list", "--fields", "nope", "-f", "json"],
    ["list", "--due-before", "someday"],
    ["list", "--format", "JSON", "--limit", "1"],
    ["list", "--limit", "-1"],
    ["list", "--bogus"],
    ["--ascii", "list", "--limit", "2"],
    ["--lang", "zh", "list", "--limit", "2"],
    ["--lang", "zh", "show", "999"],
    ["--plan", "2024", "list", "--limit", "2"],
    ["--plan", "1999", "list"],
    ["--as-of", "2024-12-31", "list", "--sort", "light", "--limit", "5"],
    ["list", "--as-of", "2024-12-31", "--limit", "3"],
    ["filter", "unit:发改", "--sort", "due", "percent<50"],
    ["filter", "leader:张怀恒", "or", "(", "5G", ")", "-f", "jsonl"],
    ["filter", "--", "-5G"],
    ["filter", "due<"],
    ["show", "18"],
    ["show", "018", "-f", "json"],
    ["show", "999"],
    ["show", "x"],
    ["leaders", "-f", "csv"],
    ["plans", "--format", "ids"],
    ["overdue"],
    ["--as-of", "2024-09-30", "overdue", "--within", "14", "--exit-status"],
    ["overdue", "unit:工信", "--as-of", "2024-12-31", "-f", "json", "--exit-status"],
    ["overdue", "--fields", "id,late_days", "-f", "csv", "--as-of", "2024-12-31"],
    ["stats", "--by", "unit", "-f", "json"],
    ["stats", "leader:张怀恒", "--by", "section"],
    ["report", "weekly", "--as-of", "2024-03-20"],
    ["report", "weekly", "--format", "md", "--width", "80"],
    ["report", "weekly", "-f", "json", "-o", "-"],
    ["report", "weekly", "--width", "39"],
    ["chase", "unit:发改", "-f", "md", "--as-of", "2024-12-31"],
    ["chase", "--format", "json", "--as-of", "2024-12-31"],
    ["history"],
    ["history", "18", "--since", "2024-01-01", "-f", "json"],
    ["history", "--limit", "0"],
    ["--plan", "2024", "history", "--by", "tester", "--limit", "3"],
]


@pytest.mark.parametrize("argv", READ_LINES, ids=" ".join)
def test_reads_print_the_same_either_way(seeded, argv: list[str]) -> None:
    same(*both(seeded, *argv))


WRITE_LINES = [
    ["record-progress", "18", "--percent", "40", "--note", "二季度", "--as-of", "2024-06-30"],
    ["record-progress", "18", "--value", "5G基站=800", "-f", "json"],
    ["record-progress", "18", "-s", "done", "--by", "李明"],
    ["record-progress", "18", "--percent", "101"],
    ["record-progress", "--percent", "10"],
    ["record-progress", "999", "--percent", "10"],
    ["record-progress", "--from-csv", "missing.csv"],
    ["record-progress", "--from-csv", "-", "-f", "json"],
    ["assign", "18", "21", "--to", "李明", "--unit", "工信", "--due", "2024-06-30"],
    ["assign", "-", "--to", "王芳", "-f", "json"],
    ["assign", "18", "--clear"],
    ["assign", "--to", "李明"],
    ["signoff", "18", "--force", "--note", "经现场核查"],
    ["signoff", "18"],
    ["extend", "18", "--to", "2025-03-31", "--reason", "设备到货延迟", "-f", "json"],
    ["extend", "18", "--to", "2025-03-31"],
    ["extend", "18", "--reason", "x", "--to", "昨天"],
]


@pytest.mark.parametrize("argv", WRITE_LINES, ids=" ".join)
def test_writes_do_the_same_either_way(seeded, db_path: Path, argv: list[str]) -> None:
    csv = "id,percent,status,value,note,date,by\n18,30,,,batch,2024-03-01,\n21,,done,,,,\n"
    if argv[0] == "assign":
        csv = "18\n21\n"
    twin = db_path.with_name("twin.db")
    shutil.copy(db_path, twin)
    a = seeded(*argv, input=csv)
    b = seeded(*argv, input=csv, GUANTASK_FAST="0", GUANTASK_DB=str(twin))
    assert a.exit_code == b.exit_code
    assert STAMP.sub("T", a.stdout) == STAMP.sub("T", b.stdout)
    assert a.stderr == b.stderr
    history = [
        seeded("history", "18", "-f", "json", GUANTASK_DB=str(p)).stdout for p in (db_path, twin)
    ]
    assert STAMP.sub("T", history[0]) == STAMP.sub("T", history[1])


# ----- random command lines built from the spec --------------------------------------------------

WRITE_COMMANDS = {"record-progress", "assign", "signoff", "extend"}
READ_COMMANDS = sorted(set(SPEC["commands"]) - WRITE_COMMANDS)
WORDS = st.sampled_from(
    ["json", "csv", "ids", "table", "md", "text", "due", "unit", "leader", "section", "id", "light",
     "3", "0", "-1", "18", "999", "x", "", "-", "--", "张怀恒", "工信", "unit:发改", "percent<50",
     "2024-06-30", "6月底", "[bold]x[/]", "\x1b[31m", "'; DROP TABLE tasks; --", "--help", "-f",
     "--limit", "--format", "--as-of", "--no-headers", "--within", "--width", "80", "done"]
)  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(READ_COMMANDS))
    spellings = sorted(SPEC["commands"][name]["options"])
    tail: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 2))
        if choice == 0:
            tail.append(draw(st.sampled_from(spellings)))
        tail.append(draw(WORDS))
    root = draw(st.sampled_from([[], ["--plan", "2024"], ["--as-of", "2024-12-31"], ["--ascii"]]))
    return [*root, *name.split(), *tail]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_random_read_lines_print_the_same_either_way(seeded, argv: list[str]) -> None:
    argv = [a for a in argv if a not in ("-o", "--output")]
    same(*both(seeded, *argv))


# ----- real processes ----------------------------------------------------------------------------


def _imports_after(sh_env: dict[str, str], argv: list[str]) -> set[str]:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules))))\n"
        f"sys.argv = ['guantask', *{argv!r}]\n"
        "from guantask.cli import main\n"
        "main()\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=sh_env, timeout=60
    )
    assert "MODULES " in r.stderr, r.stderr
    return set(r.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--format", "json"],
        ["record-progress", "18", "--percent", "10"],
        ["overdue", "-f", "json"],
        ["report", "weekly"],
        ["stats", "--by", "unit"],
    ],
    ids=" ".join,
)
def test_everyday_commands_run_without_typer_or_click(env, sh, argv: list[str]) -> None:
    import os

    assert sh("plans").returncode == 0
    modules = _imports_after({**os.environ, **env}, argv)
    assert not {m for m in modules if m.split(".")[0] in ("typer", "click", "shellingham")}
    if "json" in argv:
        assert "rich" not in modules


def test_help_still_comes_from_typer(env, sh) -> None:
    import os

    modules = _imports_after({**os.environ, **env}, ["list", "--help"])
    assert "typer" in modules


def _exit_status_in_a_pipeline(env: dict[str, str], pipeline: str, fast_flag: str):  # type: ignore[no-untyped-def]
    """Run `guantask ARGS | reader` in bash; stdout is guantask's exit status."""
    import os

    cmd = subprocess.list2cmdline(guantask_cmd())
    return subprocess.run(
        f"{cmd} {pipeline}; echo ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env={**os.environ, **env, "GUANTASK_FAST": fast_flag},
        timeout=60,
    )


def test_a_closed_pipe_is_not_an_error_on_either_path(sh, env) -> None:
    assert sh("plans").returncode == 0
    for fast_flag in ("1", "0"):
        pipeline = "report weekly --format json | head -c 10 >/dev/null"
        r = _exit_status_in_a_pipeline(env, pipeline, fast_flag)
        assert r.stdout.strip() == "0", r.stderr
        assert r.stderr == ""


def test_overdue_exit_status_survives_a_reader_that_stops_early(sh, env) -> None:
    assert sh("plans").returncode == 0
    for fast_flag in ("1", "0"):
        # The reader closes its end at once: every write of guantask meets a closed pipe.
        pipeline = "overdue --as-of 2025-06-30 --exit-status --format json | (exec <&-; sleep 1)"
        r = _exit_status_in_a_pipeline(env, pipeline, fast_flag)
        assert r.stdout.strip() == "3", r.stderr
        assert r.stderr == ""
