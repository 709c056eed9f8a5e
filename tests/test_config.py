"""`config set/get/list/unset`: the light rules' settings, kept in the database as events."""

from __future__ import annotations

import json

import pytest
from dbrows import sql_rows
from report_plans import DOC, ok, setup_week

pytestmark = pytest.mark.both_stores

DEFAULTS = {
    "warn-days": 14,
    "stale-days": 30,
    "behind-points": 25,
    "network-fs": "refuse",
    "office.name": "",
}


def _settings(run) -> dict[str, dict]:  # type: ignore[no-untyped-def, type-arg]
    rows = json.loads(ok(run("config", "list", "--format", "json")).stdout)
    return {r["key"]: r for r in rows}


def _config_events(db_path) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return sql_rows(
        db_path,
        "SELECT kind, by, summary, before, after FROM events WHERE kind = 'config' ORDER BY id",
    )


def test_list_shows_every_setting_with_its_default(seeded):
    rows = json.loads(ok(seeded("config", "list", "--format", "json")).stdout)
    assert [r["key"] for r in rows] == list(DEFAULTS)
    for r in rows:
        assert r["value"] == r["default"] == DEFAULTS[r["key"]]
        assert r["set"] is False
        assert r["description"]
    table = ok(seeded("config", "list")).stdout
    assert "warn-days" in table and "14" in table


def test_set_get_and_unset(seeded, db_path):
    r = ok(seeded("config", "set", "warn-days", "7"))
    assert r.stdout == ""
    assert "warn-days 7" in r.stderr
    assert ok(seeded("config", "get", "warn-days")).stdout == "7\n"
    assert _settings(seeded)["warn-days"] == {
        "key": "warn-days",
        "value": 7,
        "default": 14,
        "set": True,
        "description": "yellow when due within this many days",
    }
    ok(seeded("config", "unset", "warn-days"))
    assert ok(seeded("config", "get", "warn-days")).stdout == "14\n"
    assert _settings(seeded)["warn-days"]["set"] is False


def test_every_change_is_an_event_with_before_and_after(seeded, db_path):
    ok(seeded("config", "set", "stale-days", "20", "--by", "王秘书"))
    ok(seeded("config", "set", "stale-days", "20"))  # no change, no event
    ok(seeded("config", "unset", "stale-days"))
    ok(seeded("config", "unset", "stale-days"))  # not set, no event
    events = _config_events(db_path)
    assert [(e[0], e[1]) for e in events] == [("config", "王秘书"), ("config", "tester")]
    assert json.loads(events[0][3]) == {"stale-days": None}
    assert json.loads(events[0][4]) == {"stale-days": "20"}
    assert json.loads(events[1][3]) == {"stale-days": "20"}
    assert json.loads(events[1][4]) == {"stale-days": None}
    history = ok(seeded("history", "--format", "json")).stdout
    assert "config set stale-days 20" in history


def test_key_spelling_is_forgiving(seeded):
    ok(seeded("config", "set", "Behind_Points", "30"))
    assert ok(seeded("config", "get", "behind-points")).stdout == "30\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "colour", "1"), "unknown setting 'colour'; settings: warn-days, stale-days"),
        (("get", "colour"), "settings: warn-days, stale-days, behind-points"),
        (("unset", "colour"), "settings: warn-days, stale-days, behind-points"),
        (("set", "warn-days", "x"), "warn-days must be a whole number of 0 or more"),
        (("set", "warn-days", "1.5"), "whole number"),
        (("set", "warn-days", "--", "-1"), "whole number"),
        (("set", "behind-points", "101"), "behind-points must be at most 100"),
        (("set", "warn-days", "99999999"), "warn-days must be at most"),
    ],
)
def test_bad_keys_and_values_are_usage_errors_and_change_nothing(seeded, db_path, args, message):
    r = seeded("config", *args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert all(not s["set"] for s in _settings(seeded).values())
    assert _config_events(db_path) == []


def test_settings_change_the_lights_at_once(run, tmp_path):
    run.env["GUANTASK_PLAN"] = DOC
    setup_week(run, tmp_path)

    def light(no: int) -> str:
        rows = json.loads(ok(run("list", "--format", "json")).stdout)
        return next(r["light"] for r in rows if r["id"] == no)

    assert light(4) == "yellow"  # due in 10 days, 50% against an expected 81%
    ok(run("config", "set", "warn-days", "7"))
    ok(run("config", "set", "behind-points", "40"))
    assert light(4) == "green"
    ids = ok(run("filter", "+duesoon", "--format", "ids")).stdout.split()
    assert "4" not in ids


def test_undo_reverts_a_config_change(seeded):
    ok(seeded("config", "set", "warn-days", "7"))
    ok(seeded("config", "set", "warn-days", "3"))
    ok(seeded("undo", "--yes"))
    assert ok(seeded("config", "get", "warn-days")).stdout == "7\n"
    ok(seeded("undo", "--yes"))
    assert ok(seeded("config", "get", "warn-days")).stdout == "14\n"
    assert _settings(seeded)["warn-days"]["set"] is False


def test_undo_of_a_setting_someone_changed_since_is_refused(seeded):
    ok(seeded("config", "set", "warn-days", "7", GUANTASK_USER="ivan"))
    ok(seeded("config", "set", "warn-days", "3", GUANTASK_USER="judy"))
    r = seeded("undo", "--yes", GUANTASK_USER="ivan")
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines()[-1] == (
        "guantask: warn-days is now 3, not 7; a later change set it, so this change cannot be"
        " undone"
    )
    assert ok(seeded("config", "get", "warn-days")).stdout == "3\n"
    ok(seeded("undo", "--yes", GUANTASK_USER="judy"))  # judy's own change still undoes
    assert ok(seeded("config", "get", "warn-days")).stdout == "7\n"
    ok(seeded("undo", "--yes", GUANTASK_USER="ivan"))  # and now ivan's holds again
    assert ok(seeded("config", "get", "warn-days")).stdout == "14\n"


def test_undo_of_an_unset_after_a_later_set_is_refused(seeded):
    ok(seeded("config", "set", "warn-days", "7", GUANTASK_USER="ivan"))
    ok(seeded("config", "unset", "warn-days", GUANTASK_USER="ivan"))
    ok(seeded("config", "set", "warn-days", "5", GUANTASK_USER="judy"))
    r = seeded("undo", "--yes", GUANTASK_USER="ivan")
    assert r.exit_code == 1, r.output
    assert "warn-days is now 5, not the default 14" in r.stderr
    assert ok(seeded("config", "get", "warn-days")).stdout == "5\n"
