"""Unit aliases and merges (events with undo), and the near-duplicate names import reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from dbrows import sql_rows

from guantask.filters.similar import near_duplicates

pytestmark = pytest.mark.both_stores

PLAN = ROOT / "data" / "plan2024.json"


def _ids(run, *args: str) -> list[int]:
    r = run("list", *args, "--format", "ids")
    assert r.exit_code == 0, r.output
    return [int(x) for x in r.stdout.split()]


def _links(db_path: Path) -> list[tuple]:
    return sql_rows(
        db_path,
        "SELECT t.no, tu.role, tu.position, u.id, u.name FROM task_units tu"
        " JOIN tasks t ON t.id = tu.task_id JOIN units u ON u.id = tu.unit_id"
        " ORDER BY t.no, tu.role, tu.position",
    )


def _events(db_path: Path) -> list[tuple]:
    return sql_rows(db_path, "SELECT kind, summary FROM events ORDER BY id")


def _show(run, no: int) -> dict:
    r = run("show", str(no), "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# ----- near duplicates ------------------------------------------------------------------------


def test_near_duplicates_in_the_seed_are_exactly_the_two_variant_spellings() -> None:
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    units = sorted({u for t in plan["tasks"] for u in (*t["lead_units"], *t["responsible_units"])})
    assert near_duplicates(units) == [
        ("冠县发展建设投资集团", "县发展建设投资集团"),
        ("县发展和改革委员会", "县发展和改革局"),
    ]


def test_near_duplicates_rules_pair_prefix_and_suffix_variants_only() -> None:
    assert near_duplicates(["县委改革办", "县委改革办公室"]) == [("县委改革办", "县委改革办公室")]
    assert near_duplicates(["市公安局", "县公安局"]) == [("市公安局", "县公安局")]
    assert near_duplicates(["县政法委", "县政法委员会"]) == [("县政法委", "县政法委员会")]
    assert near_duplicates(["各乡镇(街道)", "各乡镇（街道）"]) == [
        ("各乡镇(街道)", "各乡镇（街道）")
    ]
    # Different units that merely look alike are not paired.
    assert near_duplicates(["县民政局", "县财政局", "县政府各部门", "县政府有关部门"]) == []
    assert near_duplicates(["县委", "市委", "县委办公室"]) == []
    assert near_duplicates(["各乡镇（街道）", "有关乡镇（街道）"]) == []


def test_import_reports_near_duplicates_and_no_longer_after_a_merge(seeded) -> None:
    r = seeded("import", str(PLAN), "--dry-run", "--format", "json")
    assert r.exit_code == 0, r.output
    pairs = json.loads(r.stdout)["near_duplicate_units"]
    assert sorted(map(sorted, pairs)) == [
        ["冠县发展建设投资集团", "县发展建设投资集团"],
        ["县发展和改革委员会", "县发展和改革局"],
    ]
    r = seeded("units", "merge", "县发展和改革委员会", "县发展和改革局")
    assert r.exit_code == 0, r.output
    r = seeded("import", str(PLAN), "--format", "json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    # The alias maps the old spelling: the stored plan equals the notice, nothing to amend.
    assert result["state"] == "unchanged"
    assert result["near_duplicate_units"] == [["冠县发展建设投资集团", "县发展建设投资集团"]]


# ----- alias ----------------------------------------------------------------------------------


def test_an_alias_finds_the_units_tasks_and_is_an_undoable_event(seeded, db_path) -> None:
    full = _ids(seeded, "--unit", "县发展和改革委员会")
    assert full == [93, 94]
    r = seeded("units", "alias", "发改委", "县发展和改革委员会")
    assert r.exit_code == 0, r.output
    assert "发改委" in r.stderr and r.stdout == ""
    assert _ids(seeded, "--unit", "发改委") == full
    r = seeded("units", "aliases", "--format", "json")
    assert json.loads(r.stdout) == [{"alias": "发改委", "unit": "县发展和改革委员会"}]
    r = seeded("history", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[-1]["kind"] == "alias"
    r = seeded("undo", "--yes")
    assert r.exit_code == 0, r.output
    r = seeded("units", "aliases", "--format", "json")
    assert json.loads(r.stdout) == []


def test_alias_twice_is_a_no_op_and_aliases_resolve_like_names(seeded, db_path) -> None:
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    before = _events(db_path)
    r = seeded("units", "alias", "发改委", "县发展和改革委员会", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["changed"] is False
    assert _events(db_path) == before
    # A full-width/half-width variant of the name is the same name.
    r = seeded("units", "alias", "各乡镇", "各乡镇(街道)")
    assert r.exit_code == 0, r.output
    assert _ids(seeded, "--unit", "各乡镇") == _ids(seeded, "--unit", "各乡镇（街道）")


def test_alias_refuses_a_name_that_is_a_unit_with_tasks_and_suggests_merge(seeded, db_path) -> None:
    before = _events(db_path)
    r = seeded("units", "alias", "县发展和改革局", "县发展和改革委员会")
    assert r.exit_code == 1
    assert "units merge" in r.stderr and "17 task links" in r.stderr
    assert _events(db_path) == before


def test_alias_refuses_unknown_units_and_aliases_of_another_unit(seeded, db_path) -> None:
    r = seeded("units", "alias", "发改", "县发展和改革")
    assert r.exit_code == 1
    assert "no unit matches" in r.stderr and "县发展和改革局" in r.stderr
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    r = seeded("units", "alias", "发改委", "县财政局")
    assert r.exit_code == 1
    assert "already an alias of 县发展和改革委员会" in r.stderr
    r = seeded("units", "alias", "县财政局", "县财政局")
    assert r.exit_code == 1


def test_unalias_forgets_an_alias_and_undo_brings_it_back(seeded) -> None:
    assert seeded("units", "alias", "财政", "县财政局").exit_code == 0
    r = seeded("units", "unalias", "财政")
    assert r.exit_code == 0, r.output
    assert json.loads(seeded("units", "aliases", "--format", "json").stdout) == []
    assert seeded("undo", "--yes").exit_code == 0
    pairs = json.loads(seeded("units", "aliases", "--format", "json").stdout)
    assert pairs == [{"alias": "财政", "unit": "县财政局"}]


# ----- merge ----------------------------------------------------------------------------------


def test_merge_moves_every_task_keeping_positions_and_keeps_the_name_as_alias(
    seeded, db_path
) -> None:
    variant_tasks = _ids(seeded, "--unit", "县发展和改革委员会")
    canonical_tasks = _ids(seeded, "--unit", "县发展和改革局")
    assert _show(seeded, 93)["responsible_units"][0] == "县发展和改革委员会"
    r = seeded("units", "merge", "县发展和改革委员会", "县发展和改革局", "--format", "json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["moved"] == 2 and result["deduplicated"] == 0
    assert [t["no"] for t in result["tasks"]] == [93, 94]
    # The variant's place in each list is kept.
    assert _show(seeded, 93)["responsible_units"][0] == "县发展和改革局"
    assert _show(seeded, 94)["lead_units"][0] == "县发展和改革局"
    assert _ids(seeded, "--unit", "县发展和改革局") == sorted(variant_tasks + canonical_tasks)
    # The old spelling still finds the tasks, through the alias.
    assert _ids(seeded, "--unit", "县发展和改革委员会") == sorted(variant_tasks + canonical_tasks)
    r = seeded("units", "--format", "json")
    names = [u["name"] for u in json.loads(r.stdout)]
    assert "县发展和改革委员会" not in names
    assert json.loads(seeded("units", "aliases", "--format", "json").stdout) == [
        {"alias": "县发展和改革委员会", "unit": "县发展和改革局"}
    ]


def test_merge_of_units_sharing_a_task_keeps_one_link_and_undo_restores_exact_rows(
    seeded, db_path
) -> None:
    before = _links(db_path)
    # 县工业和信息化局 and 县发展和改革局 lead task 11 together.
    assert _show(seeded, 11)["lead_units"] == ["县发展和改革局", "县工业和信息化局"]
    r = seeded("units", "merge", "县工业和信息化局", "县发展和改革局", "--format", "json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["deduplicated"] == 4  # tasks 11, 14, 15, 97
    assert _show(seeded, 11)["lead_units"] == ["县发展和改革局"]
    assert _show(seeded, 14)["lead_units"] == ["县发展和改革局", "县商务和投资促进局"]
    r = seeded("check")
    assert r.exit_code == 0, r.output
    r = seeded("undo", "--yes")
    assert r.exit_code == 0, r.output
    assert "separate" in r.stderr
    assert _links(db_path) == before  # same tasks, roles, positions and unit ids
    assert _show(seeded, 11)["lead_units"] == ["县发展和改革局", "县工业和信息化局"]
    assert seeded("check").exit_code == 0


def test_merge_carries_the_variants_aliases_and_undo_gives_them_back(seeded) -> None:
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    assert seeded("units", "merge", "县发展和改革委员会", "县发展和改革局").exit_code == 0
    pairs = json.loads(seeded("units", "aliases", "--format", "json").stdout)
    assert {p["alias"]: p["unit"] for p in pairs} == {
        "发改委": "县发展和改革局",
        "县发展和改革委员会": "县发展和改革局",
    }
    assert seeded("undo", "--yes").exit_code == 0
    pairs = json.loads(seeded("units", "aliases", "--format", "json").stdout)
    assert pairs == [{"alias": "发改委", "unit": "县发展和改革委员会"}]


def test_merge_refusals_write_nothing(seeded, db_path) -> None:
    before = (_events(db_path), _links(db_path))
    r = seeded("units", "merge", "县发展和改革局", "县发展和改革局")
    assert r.exit_code == 1 and "same unit" in r.stderr
    r = seeded("units", "merge", "发改", "县发展和改革局")
    assert r.exit_code == 1 and "no unit matches" in r.stderr
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    r = seeded("units", "merge", "发改委", "县发展和改革局")
    assert r.exit_code == 1 and "already an alias" in r.stderr
    assert _links(db_path) == before[1]
    assert len(_events(db_path)) == len(before[0]) + 1  # only the alias


def test_merge_is_in_history_with_who_and_what(seeded) -> None:
    assert seeded("units", "merge", "冠县发展建设投资集团", "县发展建设投资集团").exit_code == 0
    r = seeded("history", "--format", "json")
    assert r.exit_code == 0, r.output
    event = json.loads(r.stdout)[-1]
    assert event["kind"] == "merge" and event["by"] == "tester"
    assert "冠县发展建设投资集团" in event["summary"] and "县发展建设投资集团" in event["summary"]
