"""The CLI's own wiring: every command is mapped to its module, and a run imports only what its
command needs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import guantask_cmd

from guantask.cli.app import COMMAND_MODULES, MODULES, app, command_modules


def registered_commands() -> set[str]:
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    names |= {g.name for g in app.registered_groups if g.name}
    return names


def test_every_command_is_mapped_to_the_module_that_defines_it():
    assert registered_commands() == set(COMMAND_MODULES)
    for command in app.registered_commands:
        module = command.callback.__module__.rsplit(".", 1)[-1]
        assert module in COMMAND_MODULES[command.name or command.callback.__name__]


def test_command_line_picks_only_the_modules_it_needs():
    env: dict[str, str] = {}
    assert command_modules(["list", "--format", "json"], env) == ("tasks",)
    assert command_modules(["--db", "x.db", "--plan", "2024", "overdue"], env) == ("reports",)
    assert command_modules(["--db=x.db", "units", "merge", "a", "b"], env) == (
        "tasks",
        "admin",
    )
    assert command_modules(["--help"], env) == MODULES
    assert command_modules(["lst"], env) == MODULES
    assert command_modules(["list"], {"_GUANTASK_COMPLETE": "complete_bash"}) == MODULES


def test_completion_loads_only_the_module_of_a_command_already_typed():
    def bash(line: str, cword: int) -> tuple[str, ...]:
        env = {"_GUANTASK_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
        return command_modules([], env)

    assert bash("guantask show 1", 2) == ("tasks",)
    assert bash("guantask --plan 2024 list --leader 张", 4) == ("tasks",)
    assert bash("guantask record-progress ", 2) == ("work",)
    assert bash("guantask sh", 1) == MODULES  # the command's name itself: every command
    assert bash("guantask list --search '未闭合", 3) == ("tasks",)
    assert bash("guantask '未闭合", 1) == MODULES
    zsh = {"_GUANTASK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "guantask overdue uni"}
    assert command_modules([], zsh) == ("reports",)
    zsh["_TYPER_COMPLETE_ARGS"] = "guantask overd"
    assert command_modules([], zsh) == MODULES


def _every_command_line() -> list[list[str]]:
    lines = [[name] for name in COMMAND_MODULES]
    for group in app.registered_groups:
        for command in group.typer_instance.registered_commands:
            lines.append([group.name or "", command.name or command.callback.__name__])
    return lines


@pytest.mark.parametrize("argv", _every_command_line(), ids=" ".join)
def test_every_command_is_reachable_from_the_console_script(env, argv: list[str]):
    r = subprocess.run(
        [*guantask_cmd(), *argv, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"Usage: guantask {' '.join(argv)} "), r.stdout


def _imports_after(env: dict[str, str], argv: list[str]) -> set[str]:
    """The modules a real run of `guantask ARGV` has imported when it ends."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules))))\n"
        f"sys.argv = ['guantask', *{argv!r}]\n"
        "from guantask.cli import main\n"
        "main()\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert "MODULES " in r.stderr, r.stderr
    return set(r.stderr.rsplit("MODULES ", 1)[1].split())


REPORT_RENDERERS = ("guantask.render.overdue", "guantask.render.weekly", "guantask.render.chase")
HEAVY = ("openpyxl", "pypinyin", "dateutil.parser", *REPORT_RENDERERS, "sqlite_utils")


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "18", "--format", "json"],
        ["record-progress", "18", "--percent", "10"],
        ["overdue", "--format", "json"],
    ],
    ids=" ".join,
)
def test_everyday_commands_import_only_what_they_use(env, sh, argv: list[str]):
    assert sh("plans").returncode == 0
    modules = _imports_after(env, argv)
    heavy = {m for m in modules if m.startswith(HEAVY)}
    if argv[0] == "overdue":
        heavy.discard("guantask.render.overdue")  # its own renderer
    assert not heavy
    loaded = {m.rsplit(".", 1)[1] for m in modules if m.startswith("guantask.cli.")}
    assert loaded & set(MODULES) == set(COMMAND_MODULES[argv[0]])
    if "json" in argv or argv[0] == "record-progress":
        assert "rich.table" not in modules


def test_tab_completion_imports_no_renderer_and_no_other_command(env, sh):
    assert sh("plans").returncode == 0
    completing = {
        **env,
        "_GUANTASK_COMPLETE": "complete_bash",
        "COMP_WORDS": "guantask show 1",
        "COMP_CWORD": "2",
    }
    modules = _imports_after(completing, [])
    assert "guantask.cli.tasks" in modules
    assert not {m for m in modules if m.startswith(("guantask.cli.work", "guantask.cli.admin"))}
    assert not {m for m in modules if m.startswith(("rich", *HEAVY))}


def test_every_command_is_documented_in_the_readme_with_an_example():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name in COMMAND_MODULES:
        assert f"guantask {name}" in readme, name
    for group in app.registered_groups:
        for command in group.typer_instance.registered_commands:
            assert f"guantask {group.name} {command.name}" in readme, (group.name, command.name)


def test_every_command_has_help_ending_with_an_example():
    for command in app.registered_commands:
        doc = command.callback.__doc__ or ""
        assert "Example" in doc, command.name or command.callback.__name__
