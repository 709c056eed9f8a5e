"""The CLI's own wiring: every command is mapped to its module for the fast start-up path."""

from __future__ import annotations

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
    assert command_modules(["list", "--format", "json"], env) == ("task_cmds",)
    assert command_modules(["--db", "x.db", "--plan", "2024", "overdue"], env) == ("report_cmds",)
    assert command_modules(["--db=x.db", "units", "merge", "a", "b"], env) == (
        "task_cmds",
        "admin_cmds",
    )
    assert command_modules(["--help"], env) == MODULES
    assert command_modules(["lst"], env) == MODULES
    assert command_modules(["list"], {"_GUANTASK_COMPLETE": "complete_bash"}) == MODULES


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
