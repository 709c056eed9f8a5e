"""`overdue`: red tasks most days late first, `--within`, filters, JSON, `--exit-status` (3)."""

from __future__ import annotations

import json

import pytest
from report_plans import DOC, REPORT_TASKS, ok, plan, setup_week, write

pytestmark = pytest.mark.both_stores

TASK_KEYS = [
    "id",
    "plan",
    "section",
    "subsection",
    "text",
    "leaders",
    "lead_units",
    "responsible_units",
    "due",
    "status",
    "percent",
    "light",
    "reasons",
    "assignee",
    "last_update",
]


@pytest.fixture
def week(run, tmp_path):  # type: ignore[no-untyped-def]
    run.env["GUANTASK_PLAN"] = DOC
    setup_week(run, tmp_path)
    return run


def _json(run, *args: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(ok(run("overdue", *args, "--format", "json")).stdout)


def test_red_tasks_most_days_late_first_then_blocked(week):
    rows = _json(week)
    assert [(r["id"], r["days_late"], r["reasons"]) for r in rows] == [
        (3, 5, ["overdue"]),  # due 2024-03-10
        (5, -291, ["blocked"]),  # blocked, due at year end
    ]
    assert list(rows[0]) == [*TASK_KEYS, "days_late"]
    assert rows[0]["assignee"] == "李明"
    assert rows[1]["last_update"] == "2024-03-14"


def test_most_days_late_first(week):
    rows = _json(week, "--as-of", "2024-04-05")
    assert [(r["id"], r["days_late"]) for r in rows] == [(3, 26), (4, 11), (5, -270)]
    # task 7 is past due too, but signed off: not listed


def test_within_adds_tasks_not_done_due_in_that_many_days(week):
    assert [r["id"] for r in _json(week, "--within", "14")] == [3, 5, 4]
    assert _json(week, "--within", "10")[-1]["id"] == 4  # due 2024-03-25: 10 days
    assert [r["id"] for r in _json(week, "--within", "9")] == [3, 5]
    assert [r["id"] for r in _json(week, "--within", "200")] == [3, 5, 4, 2, 6]


def test_filter_words_narrow_the_list(week):
    assert [r["id"] for r in _json(week, "unit:住房")] == [3]
    assert [r["id"] for r in _json(week, "leader:王明")] == [5]
    assert [r["id"] for r in _json(week, "leader:王明", "--within", "200")] == [5, 2]
    assert _json(week, "text:植树") == []


def test_table_shows_days_late_due_leaders_units_assignee_percent_and_update(week):
    r = ok(week("overdue", "--within", "14"))
    out = r.stdout
    for text in ("3", "5", "2024-03-10", "李强", "县住房和城乡建设局", "李明", "2024-03-14"):
        assert text in out
    row = next(line for line in out.splitlines() if line.split()[:1] == ["4"])
    assert row.split()[1] == "-" and "in 10d" not in out  # task 4 is not late: no days late
    assert "blocked" in out and "overdue" in out
    assert "\x1b[" not in out


def test_csv_and_ids_formats_and_fields(week):
    r = ok(week("overdue", "--format", "csv", "--fields", "id,days_late,due"))
    assert r.stdout == "id,days_late,due\n3,5,2024-03-10\n5,-291,2024-12-31\n"
    assert ok(week("overdue", "--format", "ids")).stdout == "3\n5\n"
    bad = week("overdue", "--fields", "id,nope")
    assert bad.exit_code == 2
    assert "days_late" in bad.stderr


def test_exit_status_3_when_a_listed_task_is_past_due_and_output_still_printed(week):
    r = week("overdue", "--exit-status", "--format", "ids")
    assert r.exit_code == 3, r.output
    assert r.stdout == "3\n5\n"
    r = week("overdue", "--exit-status", "--as-of", "2024-03-10")  # due today is not late
    assert r.exit_code == 0, r.output
    r = week("overdue", "lead:经济发展", "--exit-status", "--format", "ids")  # blocked only
    assert r.exit_code == 0, r.output
    assert r.stdout == "5\n"
    assert ok(week("overdue", "--format", "ids")).exit_code == 0  # without the flag


def test_exit_status_3_from_a_real_process_for_cron(week, sh):
    p = sh("overdue", "--exit-status", GUANTASK_PLAN=DOC)
    assert p.returncode == 3, p.stderr
    assert "2024-03-10" in p.stdout
    assert p.stderr == ""


def test_nothing_overdue_prints_a_note_and_exits_0(week):
    r = week("overdue", "--as-of", "2024-02-01", "--exit-status")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert "no overdue tasks" in r.stderr
    assert _json(week, "--as-of", "2024-02-01") == []


def test_tasks_dropped_from_an_amended_plan_are_left_out(week, tmp_path):
    amended = plan([t for t in REPORT_TASKS if t["id"] != 3])
    ok(week("import", str(write(tmp_path / "amended.json", amended))))
    assert "3" in ok(week("list", "--format", "ids")).stdout.split()  # kept in the database
    assert [r["id"] for r in _json(week)] == [5]


def test_bad_filter_is_a_usage_error(week):
    r = week("overdue", "due<never")
    assert r.exit_code == 2
    assert "cannot read date" in r.stderr


def test_task_text_in_the_overdue_table_breaks_by_chinese_rules(seeded):
    import re

    starts_with_closing = re.compile(r"(^|\s{2,}|│\s*)[，。、；：！？）》」』”’]")
    for columns in ("80", "100", "200"):
        r = seeded("overdue", "--as-of", "2025-06-30", COLUMNS=columns)
        assert r.exit_code == 0, r.output
        assert "，" in r.stdout  # the texts wrapped are long enough to hold commas
        for line in r.stdout.splitlines():
            assert not starts_with_closing.search(line), line


def test_the_text_in_show_breaks_by_chinese_rules(seeded):
    import re

    for columns in ("50", "60", "70"):
        r = seeded("show", "18", COLUMNS=columns)
        assert r.exit_code == 0, r.output
        for line in r.stdout.splitlines():
            assert not re.search(r"\s{2,}[，。、；：！？）》」』”’]", line), line
