"""`signoff` (销号) of done tasks, `--force` for others; `extend` (延期) keeping the old due."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbrows import sql_rows

pytestmark = pytest.mark.both_stores


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    return sql_rows(db_path, sql, *params)


def written(db_path: Path) -> tuple[int, int, int]:
    return (
        rows(db_path, "SELECT count(*) FROM progress")[0][0],
        rows(db_path, "SELECT count(*) FROM extensions")[0][0],
        rows(db_path, "SELECT count(*) FROM events")[0][0],
    )


def task(run, no: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = run("show", str(no), "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def last_event(run) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = run("history", "--format", "json", "--limit", "1")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)[0]


def test_a_done_task_is_signed_off(seeded):
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    r = seeded("signoff", "21", "--note", "经现场核查，已完成")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "signed off task 21"
    t = task(seeded, 21)
    assert (t["status"], t["percent"], t["light"]) == ("signed-off", 100, "done")
    assert t["progress"][-1]["note"] == "经现场核查，已完成"
    e = last_event(seeded)
    assert (e["kind"], e["task"]) == ("signoff", 21)
    assert e["after"]["records"][0]["status"] == "signed-off"
    (row,) = json.loads(seeded("list", "--status", "signed-off", "--format", "json").stdout)
    assert row["id"] == 21


def test_a_task_not_done_is_refused_without_force(seeded, db_path):
    assert seeded("record-progress", "21", "--percent", "60").exit_code == 0
    before = written(db_path)
    r = seeded("signoff", "21")
    assert r.exit_code == 1
    assert r.stderr.strip() == (
        "guantask: task 21 is not done (21: in-progress 60%); use --force to sign off anyway"
    )
    assert written(db_path) == before


def test_force_signs_off_and_says_so_in_the_note_and_the_event(seeded):
    assert seeded("record-progress", "21", "--percent", "60").exit_code == 0
    r = seeded("signoff", "21", "22", "--force", "--note", "任务调整", "--format", "json")
    assert r.exit_code == 0, r.output
    assert "forced: 21, 22" in r.stderr
    records = json.loads(r.stdout)
    assert [(x["task"], x["forced"], x["percent"]) for x in records] == [
        (21, True, 60),
        (22, True, 0),
    ]
    assert records[0]["note"] == "forced sign-off: 任务调整"
    assert task(seeded, 21)["status"] == "signed-off"
    e = last_event(seeded)
    assert "(forced: 21, 22)" in e["summary"]
    assert [x["forced"] for x in e["after"]["records"]] == [True, True]


def test_force_is_not_recorded_for_tasks_that_were_done(seeded):
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    r = seeded("signoff", "21", "--force", "--format", "json")
    assert r.exit_code == 0, r.output
    (record,) = json.loads(r.stdout)
    assert (record["forced"], record["note"]) == (False, None)


def test_many_tasks_are_signed_off_all_or_none(seeded, db_path):
    for no in ("21", "22"):
        assert seeded("record-progress", no, "--status", "done").exit_code == 0
    before = written(db_path)
    r = seeded("signoff", "21", "22", "23")
    assert r.exit_code == 1
    assert "task 23 is not done" in r.stderr
    assert written(db_path) == before
    r = seeded("signoff", "-", input="21\n22\n")
    assert r.exit_code == 0, r.output
    assert written(db_path)[2] == before[2] + 1


def test_signing_off_twice_or_an_unknown_task_is_refused(seeded, db_path):
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    assert seeded("signoff", "21").exit_code == 0
    before = written(db_path)
    r = seeded("signoff", "21", "--force")
    assert r.exit_code == 1
    assert "already signed off" in r.stderr
    r = seeded("signoff", "999")
    assert r.exit_code == 1
    assert "no task 999" in r.stderr
    assert written(db_path) == before


def test_extend_moves_the_due_date_and_keeps_the_old_one(seeded, db_path):
    r = seeded("extend", "18", "--to", "2025年3月31日", "--reason", "设备到货延迟")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "extended task 18: due 2024-12-31 → 2025-03-31"
    t = task(seeded, 18)
    assert (t["due"], t["plan_due"]) == ("2025-03-31", "2024-12-31")
    assert t["extensions"] == [
        {
            "old_due": "2024-12-31",
            "new_due": "2025-03-31",
            "reason": "设备到货延迟",
            "by": "tester",
            "at": t["extensions"][0]["at"],
        }
    ]
    e = last_event(seeded)
    assert (e["kind"], e["before"]["due"], e["after"]["due"]) == (
        "extend",
        "2024-12-31",
        "2025-03-31",
    )
    later = json.loads(seeded("list", "--due-after", "2024-12-31", "--format", "json").stdout)
    assert [x["id"] for x in later] == [18, 102]  # 102 is due 2025-12-31 in the plan


def test_a_second_extension_keeps_both_records(seeded, db_path):
    assert seeded("extend", "18", "--to", "2025-03-31", "--reason", "一").exit_code == 0
    assert seeded("extend", "18", "--to", "2025-06-30", "--reason", "二").exit_code == 0
    assert rows(db_path, "SELECT old_due, new_due FROM extensions ORDER BY id") == [
        ("2024-12-31", "2025-03-31"),
        ("2025-03-31", "2025-06-30"),
    ]
    r = seeded("show", "18")
    assert r.exit_code == 0, r.output
    assert "Extensions" in r.stdout and "2025-06-30" in r.stdout


def test_extension_refusals_write_nothing(seeded, db_path):
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    assert seeded("signoff", "21").exit_code == 0
    before = written(db_path)
    for args, code, message in (
        (["18", "--to", "2024-06-30", "--reason", "x"], 1, "must move the due date later"),
        (["18", "--to", "2024-12-31", "--reason", "x"], 1, "must move the due date later"),
        (["18", "--to", "2025-03-31", "--reason", "  "], 2, "needs a reason"),
        (["18", "--to", "下个月", "--reason", "x"], 2, "cannot read date"),
        (["21", "--to", "2025-03-31", "--reason", "x"], 1, "signed off"),
        (["999", "--to", "2025-03-31", "--reason", "x"], 1, "no task 999"),
        (["18", "--to", "2025-03-31"], 2, "--reason"),
    ):
        r = seeded("extend", *args)
        assert r.exit_code == code, (args, r.output)
        assert message in r.stderr, (args, r.stderr)
    assert written(db_path) == before


def test_markup_in_a_reason_stays_literal(seeded):
    r = seeded("extend", "18", "--to", "2025-03-31", "--reason", "[red]急[/red]\x1b[5m")
    assert r.exit_code == 0, r.output
    assert task(seeded, 18)["extensions"][0]["reason"] == "[red]急[/red]\x1b[5m"
    r = seeded("show", "18")
    assert "[red]急[/red]\\x1b[5m" in r.stdout and "\x1b" not in r.stdout
