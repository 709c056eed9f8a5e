"""`assign`: one task or many (ids from stdin) in one transaction, units by name, clearing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbrows import sql_rows

pytestmark = pytest.mark.both_stores


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    return sql_rows(db_path, sql, *params)


def changes(db_path: Path) -> tuple[int, int]:
    """(assignments, events): what a refused command must leave unchanged."""
    return (
        rows(db_path, "SELECT count(*) FROM assignments")[0][0],
        rows(db_path, "SELECT count(*) FROM events")[0][0],
    )


def listed(run, *args: str) -> dict[int, dict]:  # type: ignore[no-untyped-def, type-arg]
    r = run("list", "--format", "json", *args)
    assert r.exit_code == 0, r.output
    return {row["id"]: row for row in json.loads(r.stdout)}


def test_assign_sets_the_assignee_that_list_shows(seeded, db_path):
    r = seeded("assign", "18", "--to", "李明")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "assigned task 18 to 李明"
    assert r.stdout == ""
    tasks = listed(seeded)
    assert tasks[18]["assignee"] == "李明"
    assert tasks[17]["assignee"] is None
    assert rows(db_path, "SELECT assignee, by FROM assignments") == [("李明", "tester")]


def test_ids_from_stdin_are_all_assigned_in_one_change(seeded, db_path):
    r = seeded("list", "--leader", "张怀恒", "--format", "ids")
    assert r.exit_code == 0, r.output
    wanted = [int(x) for x in r.stdout.split()]
    assert len(wanted) > 5
    events_before = changes(db_path)[1]
    r = seeded("assign", "-", "--to", "李明", input="\n" + r.stdout + "\n\n")
    assert r.exit_code == 0, r.output
    assert f"assigned {len(wanted)} tasks" in r.stderr
    tasks = listed(seeded)
    assert sorted(n for n, t in tasks.items() if t["assignee"] == "李明") == wanted
    assert changes(db_path) == (len(wanted), events_before + 1)
    (event,) = json.loads(seeded("history", "--format", "json", "--limit", "1").stdout)
    assert event["kind"] == "assign" and event["tasks"] == wanted


def test_an_unknown_id_among_many_writes_nothing(seeded, db_path):
    before = changes(db_path)
    r = seeded("assign", "-", "--to", "李明", input="1 2 999 3\n")
    assert r.exit_code == 1
    assert r.stderr.strip() == "guantask: no task 999 in plan 冠政办发〔2024〕1号"
    assert changes(db_path) == before


def test_ids_that_are_not_numbers_are_a_usage_error(seeded, db_path):
    before = changes(db_path)
    for args, stdin in ((["18x"], None), (["-"], "1\nabc\n"), (["-"], "\n \n")):
        r = seeded("assign", *args, "--to", "李明", input=stdin)
        assert r.exit_code == 2, (args, r.output)
    assert changes(db_path) == before


def test_unit_is_matched_like_names_and_stored_in_full(seeded, db_path):
    r = seeded("assign", "18", "19", "--to", "李明", "--unit", "工信")
    assert r.exit_code == 0, r.output
    assert "(县工业和信息化局)" in r.stderr
    assert rows(db_path, "SELECT DISTINCT unit FROM assignments") == [("县工业和信息化局",)]


def test_an_ambiguous_or_unknown_unit_is_refused(seeded, db_path):
    before = changes(db_path)
    r = seeded("assign", "18", "--to", "李明", "--unit", "发改")
    assert r.exit_code == 2, r.output  # ambiguous is a usage error
    assert "ambiguous" in r.stderr
    assert "县发展和改革局" in r.stderr and "县发展和改革委员会" in r.stderr
    r = seeded("assign", "18", "--to", "李明", "--unit", "宇宙管理局")
    assert r.exit_code == 1
    assert "no unit matches" in r.stderr
    assert changes(db_path) == before


def test_due_is_the_assignees_deadline_and_leaves_the_task_due(seeded, db_path):
    r = seeded("assign", "18", "--to", "李明", "--due", "6月底", "--note", "每月报送")
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT due, note FROM assignments") == [("2024-06-30", "每月报送")]
    assert listed(seeded)[18]["due"] == "2024-12-31"
    r = seeded("assign", "18", "--to", "李明", "--due", "someday")
    assert r.exit_code == 2
    assert "accepted" in r.stderr


def test_clear_removes_the_assignee_and_keeps_the_history(seeded, db_path):
    assert seeded("assign", "18", "--to", "李明").exit_code == 0
    r = seeded("assign", "18", "--clear")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "cleared the assignee of task 18"
    assert listed(seeded)[18]["assignee"] is None
    assert rows(db_path, "SELECT assignee FROM assignments ORDER BY id") == [("李明",), (None,)]
    r = seeded("show", "18", "--format", "json")
    assert [a["assignee"] for a in json.loads(r.stdout)["assignments"]] == ["李明", None]


def test_to_and_clear_are_checked(seeded, db_path):
    before = changes(db_path)
    for args in (
        ["18"],
        ["18", "--to", "   "],
        ["18", "--to", "李明", "--clear"],
        ["18", "--clear", "--unit", "工信"],
    ):
        r = seeded("assign", *args)
        assert r.exit_code == 2, (args, r.output)
        assert r.stderr.startswith("guantask: ")
    assert changes(db_path) == before


def test_reassigning_keeps_every_assignment_and_the_latest_wins(seeded, db_path):
    assert seeded("assign", "18", "--to", "李明").exit_code == 0
    assert seeded("assign", "18", "--to", "王芳").exit_code == 0
    assert listed(seeded, "--assignee", "王芳").keys() == {18}
    assert listed(seeded, "--assignee", "李明") == {}
    assert len(rows(db_path, "SELECT id FROM assignments")) == 2


def test_json_format_prints_the_assignments_written(seeded):
    r = seeded("assign", "18", "21", "--to", "李明", "--unit", "工信", "--format", "json")
    assert r.exit_code == 0, r.output
    records = json.loads(r.stdout)
    assert [(a["task"], a["assignee"], a["unit"]) for a in records] == [
        (18, "李明", "县工业和信息化局"),
        (21, "李明", "县工业和信息化局"),
    ]
    assert records[0]["by"] == "tester" and records[0]["plan"] == "冠政办发〔2024〕1号"
    r = seeded("assign", "18", "21", "--to", "王芳", "--format", "ids")
    assert r.stdout.split() == ["18", "21"]


def test_markup_and_control_characters_in_names_and_notes_stay_literal(seeded, db_path):
    name = "[bold]李明[/]"
    note = "先办\x1b[31m红色\x1b[0m [red]x[/red]"
    r = seeded("assign", "18", "--to", name, "--note", note)
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT assignee, note FROM assignments") == [(name, note)]
    assert "\x1b" not in r.stderr and "[bold]李明[/]" in r.stderr
    r = seeded("show", "18")
    assert r.exit_code == 0, r.output
    assert "[bold]李明[/]" in r.stdout
    assert "\\x1b[31m红色" in r.stdout
    assert "\x1b" not in r.stdout
    assert json.loads(seeded("show", "18", "--format", "json").stdout)["assignee"] == name


def test_by_names_who_assigned(seeded, db_path):
    r = seeded("assign", "18", "--to", "李明", "--by", "王主任")
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT by FROM assignments") == [("王主任",)]
    assert rows(db_path, "SELECT by FROM events WHERE kind = 'assign'") == [("王主任",)]
