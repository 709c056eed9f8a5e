"""`record-progress`: appended records, status and percent rules, values against targets, and
every refusal (nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbrows import sql_rows

from guantask.errors import UsageError
from guantask.work.inputs import parse_nos, parse_number

# In the bundled 2024 plan: task 18 targets 5G基站 1200 个 and 千兆网络端口 4.3 万个; task 26
# targets 招商引资到位资金 50 亿元; task 8 has six targets, two of them "专精特新"; task 19 has
# targets, task 21 has none.

pytestmark = pytest.mark.both_stores


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    return sql_rows(db_path, sql, *params)


def written(db_path: Path) -> tuple[int, int, int]:
    """(progress, values, events): what a refused command must leave unchanged."""
    return (
        rows(db_path, "SELECT count(*) FROM progress")[0][0],
        rows(db_path, "SELECT count(*) FROM progress_values")[0][0],
        rows(db_path, "SELECT count(*) FROM events")[0][0],
    )


def task(run, no: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = run("show", str(no), "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_a_record_sets_percent_status_and_last_update(seeded):
    r = seeded("record-progress", "18", "--percent", "40", "--note", "已建成 480 个")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "recorded progress on task 18: 40% (given) on-track"
    t = task(seeded, 18)
    assert (t["status"], t["percent"], t["last_update"]) == ("in-progress", 40, "2024-03-15")
    assert t["progress"][0]["note"] == "已建成 480 个"
    (row,) = json.loads(seeded("list", "--format", "json", "--search", "5G").stdout)
    assert (row["status"], row["percent"]) == ("in-progress", 40)


def test_records_are_appended_never_edited(seeded, db_path):
    for p in ("20", "35", "30"):
        assert seeded("record-progress", "18", "--percent", p).exit_code == 0
    assert rows(db_path, "SELECT percent FROM progress ORDER BY id") == [(20,), (35,), (30,)]
    assert [p["percent"] for p in task(seeded, 18)["progress"]] == [20, 35, 30]
    assert task(seeded, 18)["percent"] == 30


@pytest.mark.parametrize(
    ("args", "status", "percent"),
    [
        (["--status", "done"], "done", 100),
        (["--status", "DONE", "--percent", "100"], "done", 100),
        (["--percent", "100"], "done", 100),
        (["--percent", "60", "--status", "at-risk"], "at-risk", 60),
        (["--percent", "10", "--status", "blocked"], "blocked", 10),
        (["--percent", "0"], "in-progress", 0),
    ],
)
def test_status_follows_the_latest_record(seeded, args, status, percent):
    r = seeded("record-progress", "21", *args)
    assert r.exit_code == 0, r.output
    t = task(seeded, 21)
    assert (t["status"], t["percent"]) == (status, percent)


def test_done_with_another_percent_is_a_contradiction(seeded, db_path):
    before = written(db_path)
    r = seeded("record-progress", "21", "--status", "done", "--percent", "80")
    assert r.exit_code == 2
    assert "done means 100%" in r.stderr
    assert written(db_path) == before


def test_the_latest_record_is_the_latest_date_not_the_latest_entry(seeded):
    assert seeded("record-progress", "21", "--percent", "50", "--date", "2024-03-10").exit_code == 0
    assert seeded("record-progress", "21", "--percent", "20", "--date", "3月1日").exit_code == 0
    t = task(seeded, 21)
    assert (t["percent"], t["last_update"]) == (50, "2024-03-10")
    assert [p["date"] for p in t["progress"]] == ["2024-03-01", "2024-03-10"]


def test_dates_are_read_by_the_one_date_parser(seeded):
    for text, expected in (("yesterday", "2024-03-14"), ("2024年3月2日", "2024-03-02")):
        r = seeded("record-progress", "21", "--percent", "5", "--date", text, "--format", "json")
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)[0]["date"] == expected


def test_values_derive_the_percent_from_the_targets(seeded, db_path):
    r = seeded("record-progress", "18", "--value", "5G基站=600")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == ("recorded progress on task 18: 50% (derived from targets) on-track")
    # The earlier 5G figure still counts: mean(600/1200, 43000/43000) = 75 %.
    r = seeded("record-progress", "18", "--value", "千兆=4.3万", "--format", "json")
    assert r.exit_code == 0, r.output
    (record,) = json.loads(r.stdout)
    assert (record["percent"], record["derived"]) == (75, True)
    assert record["values"] == [
        {
            "metric": "千兆网络端口",
            "value": 43000.0,
            "unit": "个",
            "as_written": "4.3万",
            "target": 43000.0,
            "kind": "reach",
            "cumulative": True,
            "on_track": None,
        }
    ]
    assert rows(db_path, "SELECT value, as_written FROM progress_values ORDER BY value") == [
        (600.0, "600"),
        (43000.0, "4.3万"),
    ]
    targets = {g["metric"]: g["actual"] for g in task(seeded, 18)["targets"]}
    assert targets == {"5G基站": 600.0, "千兆网络端口": 43000.0}


def test_yi_and_wan_are_multiplied_out(seeded, db_path):
    r = seeded("record-progress", "26", "--value", "到位资金=32亿")
    assert r.exit_code == 0, r.output
    assert "64%" in r.stderr  # 32亿 of 50亿
    assert rows(db_path, "SELECT value, as_written FROM progress_values") == [(3.2e9, "32亿")]
    p = task(seeded, 26)["progress"][0]
    assert p["values"][0]["metric"] == "招商引资到位资金"


def test_actuals_above_target_derive_at_most_99_and_percent_given_wins(seeded):
    r = seeded("record-progress", "18", "--value", "5G基站=1500", "--format", "json")
    assert json.loads(r.stdout)[0]["percent"] == 99
    assert task(seeded, 18)["status"] == "in-progress"
    r = seeded("record-progress", "18", "--percent", "70", "--value", "5G基站=900")
    assert r.exit_code == 0, r.output
    assert task(seeded, 18)["percent"] == 70


def test_several_values_in_one_record(seeded):
    r = seeded("record-progress", "18", "--value", "5G基站=300", "--value", "千兆网络端口=21500")
    assert r.exit_code == 0, r.output
    assert task(seeded, 18)["percent"] == 38  # mean(25, 50) = 37.5, rounded half up
    assert len(task(seeded, 18)["progress"][0]["values"]) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["18", "--percent", "101"], 2, "between 0 and 100"),
        (["18", "--percent", "-1"], 2, "between 0 and 100"),
        (["18", "--percent", "50", "--date", "tomorrow"], 1, "after today"),
        (["18", "--percent", "50", "--date", "2024-03-16"], 1, "after today"),
        (["18", "--percent", "50", "--date", "六月"], 2, "cannot read date"),
        (["18", "--value", "光纤=3"], 1, "'光纤'; its metrics: 5G基站、千兆网络端口"),
        (["8", "--value", "专精特新=3"], 2, "metric '专精特新' is ambiguous"),
        (["18", "--value", "5G基站"], 2, "METRIC=NUMBER"),
        (["18", "--value", "5G基站=很多"], 2, "cannot read number"),
        (["18", "--value", "5G基站=1", "--value", "5g基站=2"], 2, "given twice"),
        (["21", "--value", "基站=3"], 1, "no quantitative targets"),
        (["18", "--percent", "50", "--status", "finished"], 2, "finished"),
        (["999", "--percent", "50"], 1, "no task 999"),
        (["19"], 2, "nothing to record"),
        ([], 2, "give a task ID"),
    ],
)
def test_refusals_write_nothing(seeded, db_path, args, code, message):
    before = written(db_path)
    r = seeded("record-progress", *args)
    assert r.exit_code == code, r.output
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert written(db_path) == before


def test_an_exact_metric_name_picks_one_of_similar_ones(seeded):
    r = seeded("record-progress", "8", "--value", "专精特新企业=10", "--format", "json")
    assert r.exit_code == 0, r.output
    (record,) = json.loads(r.stdout)
    assert record["values"][0]["metric"] == "专精特新企业"
    assert record["percent"] == 50


def test_a_signed_off_task_takes_progress_only_with_reopen(seeded, db_path):
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    assert seeded("signoff", "21").exit_code == 0
    before = written(db_path)
    r = seeded("record-progress", "21", "--percent", "90")
    assert r.exit_code == 1
    assert "signed off" in r.stderr and "--reopen" in r.stderr
    assert written(db_path) == before
    r = seeded("record-progress", "21", "--percent", "90", "--reopen")
    assert r.exit_code == 0, r.output
    assert task(seeded, 21)["status"] == "in-progress"


def test_markup_and_escapes_in_notes_are_stored_and_shown_literally(seeded, db_path):
    note = "[bold]完成[/] \x1b]0;title\x07 \x1b[2J [link=http://x]y[/link]"
    r = seeded("record-progress", "18", "--percent", "30", "--note", note)
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT note FROM progress") == [(note,)]
    assert task(seeded, 18)["progress"][0]["note"] == note
    r = seeded("show", "18")
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "[bold]完成[/]" in r.stdout
    assert "\\x1b[2J" in r.stdout


def test_by_names_the_reporter(seeded, db_path):
    r = seeded("record-progress", "18", "--percent", "30", "--by", "县工信局 张三")
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT by FROM progress") == [("县工信局 张三",)]
    assert rows(db_path, "SELECT by FROM events WHERE kind = 'progress'") == [("县工信局 张三",)]


def test_user_comes_from_the_environment(seeded, db_path):
    r = seeded("record-progress", "18", "--percent", "30", GUANTASK_USER="赵六")
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT by FROM progress") == [("赵六",)]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1200", "", 1200.0),
        ("1,200", "", 1200.0),
        ("4.3万", "", 43000.0),
        ("32亿", "", 3.2e9),
        ("32 亿", "", 3.2e9),
        ("1.1万", "", 11000.0),
        ("32亿元", "元", 3.2e9),
        ("85%", "", 85.0),
        ("８５％", "", 85.0),
        ("6.5%", "%", 6.5),
        ("-3", "", -3.0),
    ],
)
def test_numbers_as_people_write_them(text, unit, expected):
    assert parse_number(text, unit=unit) == expected


@pytest.mark.parametrize("text", ["", "abc", "12个", "1.2.3", "万", "3亿亿"])
def test_unreadable_numbers_are_usage_errors(text):
    with pytest.raises(UsageError, match="cannot read number"):
        parse_number(text)


def test_ids_split_on_whitespace_newlines_and_commas():
    assert parse_nos(" 1\n2\r\n\n3,4，5、6\t7 ") == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(UsageError):
        parse_nos("1 2a")
