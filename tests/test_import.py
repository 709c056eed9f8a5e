"""`import`: validation with JSON paths, idempotence, amendments that keep the clerk's work."""

from __future__ import annotations

import json

import pytest
from conftest import SEED
from dbrows import sql_rows
from sample_plans import small_plan, write_plan

pytestmark = pytest.mark.both_stores


def counts(db_path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        t: sql_rows(db_path, f"SELECT count(*) FROM {t}")[0][0]
        for t in ("plans", "tasks", "targets", "task_units", "events")
    }


def test_import_of_a_new_plan_reports_its_tasks(seeded, tmp_path):
    r = seeded("import", str(write_plan(tmp_path / "p.json", small_plan())))
    assert r.exit_code == 0, r.output
    assert "莘政办发〔2025〕3号" in r.stderr and "3" in r.stderr


def test_same_plan_twice_changes_nothing(seeded, tmp_path, db_path):
    path = write_plan(tmp_path / "p.json", small_plan())
    seeded("import", str(path))
    before = counts(db_path)
    r = seeded("import", str(path))
    assert r.exit_code == 0, r.output
    assert "unchanged" in r.stderr
    assert counts(db_path) == before


def test_bundled_plan_import_is_idempotent(seeded, db_path):
    before = counts(db_path)
    r = seeded("import")
    assert r.exit_code == 0, r.output
    assert counts(db_path) == before


def test_notice_text_is_parsed_then_imported(run, db_path):
    r = run("import", str(SEED), "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["state"] in ("new", "unchanged")
    assert counts(db_path)["tasks"] == 121


def test_dry_run_shows_changes_and_writes_nothing(seeded, tmp_path, db_path):
    plan = small_plan()
    seeded("import", str(write_plan(tmp_path / "p.json", plan)))
    plan["tasks"][0]["text"] = "地区生产总值增长 7%。"
    plan["tasks"].pop(2)
    plan["tasks"].append({**plan["tasks"][0], "id": 4, "text": "新增任务。"})
    before = counts(db_path)
    r = seeded(
        "import", str(write_plan(tmp_path / "p2.json", plan)), "--dry-run", "--format", "json"
    )
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert (result["added"], result["changed"], result["removed"]) == ([4], [1], [3])
    assert result["dry_run"] is True
    assert counts(db_path) == before


def test_amended_plan_keeps_assignments_and_progress_and_reports_removed_tasks(seeded, tmp_path):
    plan = small_plan()
    seeded("import", str(write_plan(tmp_path / "p.json", plan)))
    seeded("assign", "1", "3", "--to", "李明")
    seeded("record-progress", "1", "--percent", "40", "--note", "进展顺利")
    plan["tasks"][0]["text"] = "地区生产总值增长 7%。"
    plan["tasks"][0]["targets"][0]["value"] = 7
    plan["tasks"].pop(2)
    r = seeded("import", str(write_plan(tmp_path / "p2.json", plan)))
    assert r.exit_code == 0, r.output
    assert "removed" in r.stderr and "--prune" in r.stderr
    rows = {x["id"]: x for x in json.loads(seeded("list", "--format", "json").stdout)}
    assert rows[1]["text"] == "地区生产总值增长 7%。"
    assert rows[1]["assignee"] == "李明" and rows[1]["percent"] == 40
    assert 3 in rows  # kept without --prune
    r = seeded("import", str(write_plan(tmp_path / "p2.json", plan)), "--prune")
    assert r.exit_code == 0, r.output
    rows = {x["id"]: x for x in json.loads(seeded("list", "--format", "json").stdout)}
    assert 3 not in rows and rows[1]["percent"] == 40


def test_malformed_json_is_an_error_and_nothing_is_written(seeded, tmp_path, db_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"document": {', encoding="utf-8")
    before = counts(db_path)
    r = seeded("import", str(bad))
    assert r.exit_code == 1
    assert r.stderr.startswith("guantask: ") and len(r.stderr.strip().splitlines()) == 1
    assert counts(db_path) == before


def test_plan_missing_fields_lists_every_problem_with_its_json_path(seeded, tmp_path, db_path):
    plan = small_plan()
    del plan["document"]["issued"]
    plan["tasks"][1]["due"] = "2025-13-01"
    del plan["tasks"][2]["leaders"]
    before = counts(db_path)
    r = seeded("import", str(write_plan(tmp_path / "p.json", plan)))
    assert r.exit_code == 1
    assert "$.document.issued" in r.stderr
    assert "$.tasks[1].due" in r.stderr
    assert "$.tasks[2].leaders" in r.stderr
    assert counts(db_path) == before


def test_json_of_the_wrong_shape_is_refused(seeded, tmp_path):
    for text in ("[]", "42", '{"document": [], "sections": {}, "tasks": "x"}'):
        p = tmp_path / "w.json"
        p.write_text(text, encoding="utf-8")
        r = seeded("import", str(p))
        assert r.exit_code == 1, text
        assert "Traceback" not in r.output


def test_missing_file_is_a_usage_error(seeded, tmp_path):
    r = seeded("import", str(tmp_path / "nope.json"))
    assert r.exit_code == 2
    assert "does not exist" in r.stderr


def test_import_is_recorded_in_history_and_can_be_undone(seeded, tmp_path):
    plan = small_plan()
    seeded("import", str(write_plan(tmp_path / "p.json", plan)))
    r = seeded("undo", "--yes")
    assert r.exit_code == 0, r.output
    r = seeded("plans", "--format", "ids")
    assert r.stdout.split() == ["冠政办发〔2024〕1号"]


def test_names_with_control_characters_are_refused_with_their_json_path(seeded, tmp_path, db_path):
    plan = small_plan()
    plan["tasks"][0]["leaders"] = ["王\x1b[2J明"]
    plan["tasks"][1]["lead_units"] = ["县" * 101]
    before = counts(db_path)
    r = seeded("import", str(write_plan(tmp_path / "p.json", plan)))
    assert r.exit_code == 1
    assert "$.tasks[0].leaders[0]" in r.stderr and "$.tasks[1].lead_units[0]" in r.stderr
    assert "\x1b" not in r.stderr
    assert counts(db_path) == before
