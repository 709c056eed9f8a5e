"""`history` of every change and `undo` of each kind of change (by the current user only)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import guantask_cmd
from dbrows import sql_rows
from sample_plans import small_plan, write_plan

pytestmark = pytest.mark.both_stores


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    return sql_rows(db_path, sql, *params)


def snapshot(db_path: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of the tables a change touches."""
    return {
        table: rows(db_path, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("tasks", "assignments", "progress", "progress_values", "extensions")
    }


def task(run, no: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = run("show", str(no), "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def events(run, *args: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    r = run("history", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def undo(run, **env: str):  # type: ignore[no-untyped-def]
    r = run("undo", "--yes", **env)
    assert r.exit_code == 0, r.output
    return r


# ----- history -----------------------------------------------------------------------------------


def test_every_change_is_one_event_with_who_and_what(seeded):
    seeded("assign", "18", "--to", "李明")
    seeded("record-progress", "18", "--percent", "40", "--by", "王五")
    seeded("extend", "18", "--to", "2025-03-31", "--reason", "延期")
    seeded("record-progress", "21", "--status", "done")
    seeded("signoff", "21")
    got = [(e["kind"], e["by"], e["task"]) for e in events(seeded)]
    assert got == [
        ("import", "tester", None),
        ("assign", "tester", 18),
        ("progress", "王五", 18),
        ("extend", "tester", 18),
        ("progress", "tester", 21),
        ("signoff", "tester", 21),
    ]
    e = events(seeded)[2]
    assert e["before"]["records"] == [{"task": 18, "status": "not-started", "percent": 0}]
    assert e["after"]["records"][0]["percent"] == 40
    assert e["plan"] == "冠政办发〔2024〕1号" and e["at"]


def test_history_of_a_task_includes_batch_changes_that_touched_it(seeded):
    seeded("assign", "17", "18", "19", "--to", "李明")
    seeded("assign", "20", "--to", "王芳")
    seeded("record-progress", "18", "--percent", "10")
    kinds = [(e["kind"], e["tasks"]) for e in events(seeded, "18")]
    assert kinds == [("assign", [17, 18, 19]), ("progress", [18])]
    assert events(seeded, "20")[0]["summary"] == "assigned task 20 to 王芳"
    r = seeded("show", "18")
    assert "assigned 3 tasks (17, 18, 19) to 李明" in r.stdout
    r = seeded("history", "999")
    assert r.exit_code == 1 and "no task 999" in r.stderr


def test_history_since_and_by(seeded):
    seeded("assign", "18", "--to", "李明", "--by", "王主任")
    seeded("assign", "19", "--to", "李明", "--by", "王主任")
    seeded("assign", "20", "--to", "李明")
    assert [e["task"] for e in events(seeded, "--by", "王主任")] == [18, 19]
    assert [e["task"] for e in events(seeded, "--by", "主任")] == [18, 19]
    assert len(events(seeded, "--since", "2024-01-01")) == 4
    assert events(seeded, "--since", "2099-01-01") == []
    r = seeded("history", "--since", "2099-01-01")
    assert r.exit_code == 0 and r.stdout == "" and "no changes" in r.stderr
    r = seeded("history", "--by", "nobody")
    assert r.exit_code == 1 and "no user matches" in r.stderr
    r = seeded("history", "--since", "someday")
    assert r.exit_code == 2


def test_history_formats(seeded):
    seeded("record-progress", "18", "--value", "5G基站=600", "--note", "[b]x[/b]")
    r = seeded("history", "18", "--format", "csv")
    assert r.exit_code == 0, r.output
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert row["kind"] == "progress" and row["task"] == "18"
    assert json.loads(row["after"])["records"][0]["values"][0]["as_written"] == "600"
    r = seeded("history", "--format", "jsonl")
    assert [json.loads(line)["kind"] for line in r.stdout.splitlines()] == ["import", "progress"]
    r = seeded("history")
    assert r.exit_code == 0, r.output
    assert "recorded progress on task 18: 50% on-track" in r.stdout


# ----- undo of each kind -------------------------------------------------------------------------


def test_undo_an_assignment_restores_the_previous_assignee(seeded, db_path):
    seeded("assign", "18", "--to", "李明")
    before = snapshot(db_path)
    seeded("assign", "18", "19", "--to", "王芳")
    r = undo(seeded)
    assert "will undo" in r.stderr and "assigned 2 tasks (18, 19) to 王芳" in r.stderr
    assert snapshot(db_path) == before
    assert task(seeded, 18)["assignee"] == "李明"
    assert task(seeded, 19)["assignee"] is None


def test_undo_a_progress_record_removes_it_and_its_values(seeded, db_path):
    seeded("record-progress", "18", "--percent", "20")
    before = snapshot(db_path)
    seeded("record-progress", "18", "--value", "5G基站=900", "--value", "千兆=4万")
    r = undo(seeded, GUANTASK_LANG="en")
    assert "removed 1 progress record of task 18" in r.stderr
    assert snapshot(db_path) == before
    assert task(seeded, 18)["percent"] == 20


def test_undo_a_batch_removes_every_row_of_it(seeded, db_path, tmp_path):
    before = snapshot(db_path)
    f = tmp_path / "b.csv"
    f.write_text("id,percent\n18,10\n19,20\n21,30\n", encoding="utf-8")
    assert seeded("record-progress", "--from-csv", str(f)).exit_code == 0
    undo(seeded)
    assert snapshot(db_path) == before


def test_undo_a_signoff_makes_the_task_done_again(seeded, db_path):
    seeded("record-progress", "21", "--status", "done")
    before = snapshot(db_path)
    seeded("signoff", "21")
    undo(seeded)
    assert snapshot(db_path) == before
    assert task(seeded, 21)["status"] == "done"


def test_undo_an_extension_restores_the_due_date(seeded, db_path):
    before = snapshot(db_path)
    seeded("extend", "18", "--to", "2025-03-31", "--reason", "延期")
    r = undo(seeded)
    assert "task 18 is due 2024-12-31 again" in r.stderr
    assert snapshot(db_path) == before
    assert task(seeded, 18)["due"] == "2024-12-31"


def test_undo_the_import_of_an_amended_plan_restores_the_previous_version(seeded, tmp_path):
    plan = small_plan()
    assert seeded("import", str(write_plan(tmp_path / "p.json", plan))).exit_code == 0
    seeded("record-progress", "1", "--percent", "40")
    plan["tasks"][0]["text"] = "地区生产总值增长 7%。"
    plan["tasks"][1]["due"] = "2025-09-30"
    assert seeded("import", str(write_plan(tmp_path / "p2.json", plan))).exit_code == 0
    assert task(seeded, 1)["text"] == "地区生产总值增长 7%。"
    r = undo(seeded)
    assert "restored the previous version" in r.stderr
    t1, t2 = task(seeded, 1), task(seeded, 2)
    assert t1["text"] == "地区生产总值增长 6%。"
    assert t1["percent"] == 40  # the clerk's work survives
    assert t2["due"] == "2025-06-30"


def test_undo_steps_back_one_change_at_a_time_and_logs_itself(seeded):
    seeded("assign", "18", "--to", "李明")
    seeded("record-progress", "18", "--percent", "40")
    undo(seeded)
    undo(seeded)
    t = task(seeded, 18)
    assert (t["assignee"], t["percent"]) == (None, 0)
    log = events(seeded)
    assert [e["kind"] for e in log] == ["import", "assign", "progress", "undo", "undo"]
    assert log[3]["reverts"] == log[2]["id"] and log[4]["reverts"] == log[1]["id"]
    assert log[1]["reverted_by"] == log[4]["id"]
    r = seeded("history", "18")
    assert f"undone by #{log[4]['id']}" in r.stdout


def test_undo_leaves_other_peoples_changes_alone(seeded):
    seeded("assign", "18", "--to", "李明")
    seeded("assign", "18", "--to", "王芳", "--by", "王主任")
    r = undo(seeded)
    assert "assigned task 18 to 李明" in r.stderr
    assert task(seeded, 18)["assignee"] == "王芳"
    r = seeded("undo", "--yes", GUANTASK_USER="陌生人")
    assert r.exit_code == 1
    assert "nothing to undo" in r.stderr


def test_undo_of_an_extension_moved_again_by_someone_else_is_refused(seeded, db_path):
    seeded("extend", "18", "--to", "2025-03-31", "--reason", "一")
    seeded("extend", "18", "--to", "2025-06-30", "--reason", "二", "--by", "王主任")
    before = snapshot(db_path)
    r = seeded("undo", "--yes")
    assert r.exit_code == 1
    assert "cannot be undone" in r.stderr
    assert snapshot(db_path) == before


def test_undo_without_a_terminal_needs_yes(seeded, db_path):
    seeded("assign", "18", "--to", "李明")
    before = snapshot(db_path)
    n = len(events(seeded))
    r = seeded("undo")
    assert r.exit_code == 1
    assert "will undo" in r.stderr and "add --yes" in r.stderr
    assert snapshot(db_path) == before
    assert len(events(seeded)) == n


def test_undo_json_names_both_events(seeded):
    seeded("assign", "18", "--to", "李明")
    r = seeded("undo", "--yes", "--format", "json")
    assert r.exit_code == 0, r.output
    (result,) = json.loads(r.stdout)
    assert result["kind"] == "assign" and result["undo_event"] > result["event"]


@pytest.mark.parametrize(("answer", "undone"), [("y\n", True), ("n\n", False)])
def test_undo_asks_on_a_terminal(seeded, env, answer, undone):
    import pty

    seeded("assign", "18", "--to", "李明")
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*guantask_cmd(), "undo"],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
            text=True,
        )
        os.write(master, answer.encode())
        _out, err = proc.communicate(timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert "Undo this change?" in err
    assert proc.returncode == (0 if undone else 1), err
    assert (task(seeded, 18)["assignee"] is None) is undone
