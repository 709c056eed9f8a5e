"""`stats --by leader|unit|section` and `chase` (催办通知) on a week of work."""

from __future__ import annotations

import json

import pytest
from report_plans import DOC, golden, ok, setup_week

pytestmark = pytest.mark.both_stores

STAT_KEYS = ["name", "tasks", "done", "red", "yellow", "green", "average_percent"]


@pytest.fixture
def week(run, tmp_path):  # type: ignore[no-untyped-def]
    run.env["GUANTASK_PLAN"] = DOC
    setup_week(run, tmp_path)
    return run


def _stats(run, *args: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(ok(run("stats", *args, "--format", "json")).stdout)


def test_stats_by_leader_counts_a_task_for_each_of_its_leaders(week):
    rows = _stats(week, "--by", "leader")
    assert [list(r) for r in rows] == [STAT_KEYS] * 3
    assert [
        (r["name"], r["tasks"], r["done"], r["red"], r["yellow"], r["green"]) for r in rows
    ] == [
        ("王明", 3, 0, 1, 0, 2),  # tasks 1, 2 (with 李强), 5
        ("李强", 3, 0, 1, 1, 1),  # tasks 2, 3, 6
        ("张华", 2, 1, 0, 1, 0),  # tasks 4, 7
    ]
    assert rows[0]["average_percent"] == 21.7  # (20 + 40 + 5) / 3


def test_stats_by_unit_counts_lead_units(week):
    rows = _stats(week, "--by", "unit")
    assert [(r["name"], r["tasks"]) for r in rows] == [
        ("县发展和改革局", 3),
        ("县工业和信息化局", 1),
        ("县住房和城乡建设局", 2),
        ("县林业局", 1),
        ("县经济发展服务中心", 1),
    ]


def test_stats_by_section_are_numbered_and_titled(week):
    rows = _stats(week, "--by", "section")
    assert [(r["section"], r["name"], r["tasks"]) for r in rows] == [
        (1, "一、主要预期目标", 2),
        (2, "二、扩大有效需求，在项目建设上实现新突破", 5),
    ]


def test_stats_table_ends_with_the_total_counted_once_per_task(week):
    out = ok(week("stats", "--by", "leader")).stdout
    total = next(line for line in out.splitlines() if "Total" in line)
    assert total.split() == ["Total", "7", "1", "2", "2", "2", "33.6"]
    assert "Avg %" in out and "\x1b[" not in out


def test_stats_take_filter_words_and_every_format(week):
    rows = _stats(week, "--by", "unit", "leader:李强")
    assert [(r["name"], r["tasks"]) for r in rows] == [
        ("县工业和信息化局", 1),
        ("县住房和城乡建设局", 1),
        ("县发展和改革局", 1),
    ]
    csv = ok(week("stats", "--by", "leader", "--format", "csv")).stdout
    assert csv.splitlines()[0] == ",".join(STAT_KEYS)
    assert csv.splitlines()[1] == "王明,3,0,1,0,2,21.7"
    md = ok(week("stats", "--format", "md")).stdout
    assert md.splitlines()[0] == "| " + " | ".join(STAT_KEYS) + " |"
    assert ok(week("stats", "--by", "leader", "--format", "ids")).stdout == "王明\n李强\n张华\n"
    assert ok(week("stats", "--format", "jsonl")).stdout.count("\n") == 3
    r = week("stats", "--by", "colour")
    assert r.exit_code == 2


def test_stats_are_the_weekly_reports_tables(week):
    weekly = json.loads(ok(week("report", "weekly", "--format", "json")).stdout)
    assert weekly["by_leader"]["rows"] == _stats(week, "--by", "leader")
    assert weekly["by_unit"]["rows"] == _stats(week, "--by", "unit")


def test_stats_of_nothing_prints_a_note(week):
    r = ok(week("stats", "text:不存在的任务"))
    assert r.stdout == ""
    assert "no tasks match" in r.stderr
    assert _stats(week, "text:不存在的任务") == []


# ----- chase ---------------------------------------------------------------------------------


def test_golden_chase_text_and_markdown(week, update_golden):
    golden("chase.txt", ok(week("chase")).stdout, update_golden)
    golden("chase.md", ok(week("chase", "--format", "md")).stdout, update_golden)


def test_one_notice_per_lead_unit_with_red_or_yellow_tasks(week):
    notices = json.loads(ok(week("chase", "--format", "json")).stdout)
    assert [(n["unit"], [t["id"] for t in n["tasks"]]) for n in notices] == [
        ("县住房和城乡建设局", [3]),
        ("县林业局", [4]),
        ("县经济发展服务中心", [5]),
        ("县发展和改革局", [5, 6]),  # red before yellow
    ]
    assert notices[3]["leaders"] == ["王明", "李强"]
    assert (notices[3]["red"], notices[3]["yellow"]) == (1, 1)
    # 县工业和信息化局's only task is green: no notice
    assert "县工业和信息化局" not in [n["unit"] for n in notices]


def test_a_notice_is_addressed_to_the_unit_and_names_tasks_due_dates_lights_and_leaders(week):
    text = ok(week("chase", "unit:林业")).stdout
    lines = text.splitlines()
    assert lines[0] == "催办通知"
    assert "县林业局：" in lines
    assert "第4项 3月底前完成春季植树造林5000亩。" in text
    assert "【黄灯】" in text and "完成时限：2024年3月25日" in text
    assert "距完成时限10天" in text and "落后序时进度" in text
    assert "分管县领导：张华。" in text
    assert "冠" not in text.replace("测政办发", "")  # nothing from the bundled plan
    assert "测政办发〔2024〕9号" in text and lines[-1] == "2024年3月15日"


def test_chase_shows_hostile_text_literally(week):
    text = ok(week("chase", "unit:发改")).stdout
    assert "\x1b" not in text
    assert "[bold]" in text and "\\x1b" in text
    md = ok(week("chase", "unit:发改", "--format", "md")).stdout
    assert "\\[bold\\]" in md and "\\<b" in md


def test_chase_with_nothing_to_chase(week):
    r = ok(week("chase", "--as-of", "2024-02-01", "unit:工信"))
    assert r.stdout == ""
    assert "nothing to chase" in r.stderr
