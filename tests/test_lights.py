"""Traffic lights: every rule pinned on both sides of its threshold, and the SQL view (`list`,
`filter light:`, `+overdue`/`+duesoon`/`+stale`) in agreement with `lights.classify`.

The plan was issued 2024-01-31; "today" is 2024-03-15 (44 days later). Unless a case says
otherwise a task has a progress record of 90% dated 2024-03-14, so only the rule under test
can change its light.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from report_plans import DOC, ISSUED, ok, plan, write

from guantask.models import Light, Thresholds
from guantask.reports.lights import (
    classify,
    days_late,
    days_past_due,
    expected_percent,
    parse_setting,
    status_of,
)

pytestmark = pytest.mark.both_stores

DEFAULT = Thresholds()


def _t(no: int, due: str) -> dict:  # type: ignore[type-arg]
    return {
        "id": no,
        "section": 1,
        "subsection": None,
        "text": f"边界任务 {no}",
        "leaders": ["王明"],
        "lead_units": ["县发展和改革局"],
        "responsible_units": [],
        "due": due,
        "due_source": "test",
        "targets": [],
    }


# no: (due, progress steps as record-progress arguments, expected light, reasons) as of 03-15
CASES: dict[int, tuple[str, list[list[str]], str, tuple[str, ...]]] = {
    1: ("2024-03-15", [["--percent", "90"]], "yellow", ("due-soon",)),  # due today
    2: ("2024-03-14", [["--percent", "90"]], "red", ("overdue",)),  # due yesterday
    3: ("2024-03-29", [["--percent", "90"]], "yellow", ("due-soon",)),  # today + 14
    4: ("2024-03-30", [["--percent", "90"]], "green", ()),  # today + 15
    5: ("2024-12-31", [["--percent", "90", "--date", "2024-02-14"]], "green", ()),  # 30 days
    6: ("2024-12-31", [["--percent", "90", "--date", "2024-02-13"]], "yellow", ("stale",)),
    7: ("2024-04-28", [["--percent", "25"]], "yellow", ("behind",)),  # expected 50%: 25 behind
    8: ("2024-04-28", [["--percent", "26"]], "green", ()),  # 24 behind
    9: ("2024-12-31", [["--percent", "90", "--status", "blocked"]], "red", ("blocked",)),
    10: ("2024-12-31", [["--percent", "90", "--status", "at-risk"]], "yellow", ("at-risk",)),
    11: ("2024-03-14", [["--status", "done"]], "done", ()),  # done, though past due
    12: ("2024-03-14", [["--status", "done"], ["signoff"]], "done", ()),
    13: ("2024-12-31", [], "yellow", ("stale",)),  # no progress: idle since the issue date
    14: ("2024-03-22", [["--percent", "90"]], "yellow", ("due-soon",)),  # today + 7
    15: ("2024-03-23", [["--percent", "90"]], "yellow", ("due-soon",)),  # today + 8
    16: ("2024-03-10", [["--percent", "10", "--status", "blocked"]], "red", ("overdue", "blocked")),
}


@pytest.fixture
def cases(run, tmp_path):  # type: ignore[no-untyped-def]
    run.env["GUANTASK_PLAN"] = DOC
    tasks = [_t(no, due) for no, (due, _steps, _light, _reasons) in CASES.items()]
    ok(run("import", str(write(tmp_path / "lights.json", plan(tasks)))))
    for no, (_due, steps, _light, _reasons) in CASES.items():
        for step in steps:
            if step == ["signoff"]:
                ok(run("signoff", str(no)))
                continue
            date_given = "--date" in step
            extra = [] if date_given else ["--date", "2024-03-14"]
            ok(run("record-progress", str(no), *step, *extra))
    return run


def _rows(run, as_of: str = "2024-03-15") -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(ok(run("list", "--format", "json", "--as-of", as_of)).stdout)


def _thresholds(run) -> Thresholds:  # type: ignore[no-untyped-def]
    values = {
        s["key"]: s["value"] for s in json.loads(ok(run("config", "list", "-f", "json")).stdout)
    }
    return Thresholds(
        warn_days=values["warn-days"],
        stale_days=values["stale-days"],
        behind_points=values["behind-points"],
    )


def _classify(row: dict, today: date, th: Thresholds) -> tuple[Light, tuple[str, ...]]:  # type: ignore[type-arg]
    return classify(
        status=row["status"],
        percent=row["percent"],
        due=date.fromisoformat(row["due"]),
        last_activity=date.fromisoformat(row["last_update"] or ISSUED),
        issued=date.fromisoformat(ISSUED),
        today=today,
        th=th,
    )


def _ids(run, *words: str, as_of: str = "2024-03-15") -> set[int]:  # type: ignore[no-untyped-def]
    r = ok(run("filter", *words, "--format", "ids", "--as-of", as_of))
    return {int(x) for x in r.stdout.split()}


def test_each_rule_on_both_sides_of_its_threshold(cases):
    rows = {r["id"]: r for r in _rows(cases)}
    for no, (_due, _steps, light, reasons) in CASES.items():
        assert (rows[no]["light"], tuple(rows[no]["reasons"])) == (light, reasons), f"task {no}"


def _assert_agreement(run, as_of: str) -> None:  # type: ignore[no-untyped-def]
    today = date.fromisoformat(as_of)
    th = _thresholds(run)
    rows = _rows(run, as_of)
    for row in rows:
        light, reasons = _classify(row, today, th)
        assert row["light"] == light.value, (as_of, th, row)
        assert tuple(row["reasons"]) == reasons
    not_done = [r for r in rows if r["status"] not in ("done", "signed-off")]
    soon = (today + timedelta(days=th.warn_days)).isoformat()
    stale_before = (today - timedelta(days=th.stale_days)).isoformat()
    assert _ids(run, "+overdue", as_of=as_of) == {r["id"] for r in not_done if r["due"] < as_of}
    assert _ids(run, "+duesoon", as_of=as_of) == {
        r["id"] for r in not_done if as_of <= r["due"] <= soon
    }
    assert _ids(run, "+stale", as_of=as_of) == {
        r["id"] for r in not_done if (r["last_update"] or ISSUED) < stale_before
    }
    for light in ("red", "yellow", "green", "done"):
        assert _ids(run, f"light:{light}", as_of=as_of) == {
            r["id"] for r in rows if r["light"] == light
        }


AS_OF_DAYS = ("2024-02-01", "2024-03-01", "2024-03-02", "2024-03-13", "2024-03-15", "2024-04-28")


def test_sql_view_agrees_with_classify_with_default_settings(cases):
    for as_of in AS_OF_DAYS:
        _assert_agreement(cases, as_of)


@pytest.mark.parametrize(
    "settings",
    [
        {"warn-days": "7", "stale-days": "10", "behind-points": "10"},
        {"warn-days": "0", "stale-days": "0", "behind-points": "0"},
        {"warn-days": "60", "stale-days": "45", "behind-points": "100"},
    ],
)
def test_sql_view_agrees_with_classify_with_other_settings(cases, settings):
    for key, value in settings.items():
        ok(cases("config", "set", key, value))
    for as_of in AS_OF_DAYS:
        _assert_agreement(cases, as_of)


def test_warn_days_setting_moves_the_due_soon_boundary(cases):
    ok(cases("config", "set", "warn-days", "7"))
    rows = {r["id"]: r for r in _rows(cases)}
    assert rows[14]["light"] == "yellow"  # due today + 7
    assert rows[15]["light"] == "green"  # due today + 8
    assert rows[3]["light"] == "green"  # due today + 14


def test_stale_days_setting_moves_the_stale_boundary(cases):
    ok(cases("config", "set", "stale-days", "31"))
    rows = {r["id"]: r for r in _rows(cases)}
    assert rows[6]["light"] == "green"  # 31 days idle is no longer more than the setting
    ok(cases("config", "set", "stale-days", "29"))
    rows = {r["id"]: r for r in _rows(cases)}
    assert rows[5]["reasons"] == ["stale"]  # 30 days idle


def test_behind_points_setting_moves_the_schedule_boundary(cases):
    ok(cases("config", "set", "behind-points", "24"))
    rows = {r["id"]: r for r in _rows(cases)}
    assert rows[8]["reasons"] == ["behind"]  # 24 behind


def test_no_progress_counts_as_idle_from_the_plans_issue_date(cases):
    assert {r["id"]: r["reasons"] for r in _rows(cases, "2024-03-01")}[13] == []  # 30 days
    assert {r["id"]: r["reasons"] for r in _rows(cases, "2024-03-02")}[13] == ["stale"]  # 31


def test_progress_dated_after_the_as_of_day_does_not_count(cases):
    rows = {r["id"]: r for r in _rows(cases, "2024-03-13")}
    assert rows[9]["status"] == "not-started"  # its blocked record is dated 03-14
    assert rows[9]["percent"] == 0
    assert rows[9]["last_update"] is None
    assert rows[5]["last_update"] == "2024-02-14"


# ----- the pure rules ------------------------------------------------------------------------


def test_expected_percent_is_clamped_to_0_100():
    issued, due = date(2024, 1, 31), date(2024, 4, 28)
    assert expected_percent(issued=issued, due=due, today=date(2024, 3, 15)) == 50.0
    assert expected_percent(issued=issued, due=due, today=date(2024, 1, 1)) == 0.0
    assert expected_percent(issued=issued, due=due, today=date(2024, 12, 1)) == 100.0
    assert expected_percent(issued=issued, due=issued, today=issued) == 100.0


def test_due_on_or_before_the_issue_date_is_never_behind():
    light, reasons = classify(
        status="in-progress",
        percent=0,
        due=date(2024, 6, 30),
        last_activity=date(2024, 6, 1),
        issued=date(2024, 7, 1),
        today=date(2024, 6, 1),
        th=DEFAULT,
    )
    assert "behind" not in reasons
    assert light is Light.GREEN


def test_red_outranks_yellow_and_done_outranks_everything():
    common = {"last_activity": date(2023, 1, 1), "issued": date(2024, 1, 31), "th": DEFAULT}
    red = classify(
        status="at-risk", percent=0, due=date(2024, 3, 1), today=date(2024, 3, 15), **common
    )
    assert red == (Light.RED, ("overdue",))
    done = classify(
        status="done", percent=0, due=date(2024, 3, 1), today=date(2024, 3, 15), **common
    )
    assert done == (Light.DONE, ())


def test_status_of_a_record_matches_the_view():
    assert status_of(None) == "not-started"
    assert status_of("on-track") == "in-progress"
    for s in ("at-risk", "blocked", "done", "signed-off"):
        assert status_of(s) == s


def test_days_late_counts_whole_days():
    today = date(2024, 3, 15)
    assert days_past_due("2024-03-10", today) == 5
    assert days_past_due("2024-03-25", today) == -10
    assert days_late("2024-03-25", today) == 0
    assert days_late("2024-03-14", today) == 1


def test_settings_are_checked():
    assert parse_setting("warn-days", "7") == ("warn-days", 7)
    assert parse_setting("Stale_Days", " 0 ") == ("stale-days", 0)
    for key, value in (("warn-days", "-1"), ("warn-days", "x"), ("behind-points", "101")):
        with pytest.raises(Exception, match=r"warn-days|behind-points"):
            parse_setting(key, value)
    with pytest.raises(Exception, match="warn-days, stale-days, behind-points"):
        parse_setting("colour", "1")
