"""What a progress record means (issue 13, items 1-5): a figure never finishes a task, the
percent is given, derived from cumulative targets or carried forward, percents as people type
them, no date before the plan's issue, and one vocabulary of statuses and sections on every
command, batch file and completion. Today is 2024-06-20; the bundled plan was issued 2024-01-31.

In the bundled plan: task 1 targets 地区生产总值 增长 6% (a rate), task 18 5G基站 1200 个 and
千兆网络端口 4.3 万个 (cumulative), task 21 has no targets.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from guantask.plan.kinds import is_cumulative, on_track
from guantask.plan.targets import extract_targets
from guantask.vocab import STATUSES, reported_words, status_words

TODAY = "2024-06-20"


@pytest.fixture
def clerk(seeded):  # type: ignore[no-untyped-def]
    seeded.env["GUANTASK_TODAY"] = TODAY
    return seeded


def show(run, no: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = run("show", str(no), "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def record(run, *args: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = run("record-progress", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    (rec,) = json.loads(r.stdout)
    return rec


def count(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ----- 1. a figure never finishes a task -------------------------------------------------------


def test_a_rate_figure_is_shown_against_its_target_and_does_not_finish_the_task(clerk):
    r = clerk("record-progress", "1", "--value", "地区生产总值=6.5%")
    assert r.exit_code == 0, r.output
    assert "recorded progress on task 1: 0% (carried forward) on-track" in r.stderr
    assert "地区生产总值 6.5% (target 6%): on track" in r.stderr
    t = show(clerk, 1)
    assert (t["status"], t["percent"]) == ("in-progress", 0)
    r = clerk("signoff", "1")
    assert r.exit_code == 1
    assert "not done" in r.stderr
    assert clerk("signoff", "1", "--force").exit_code == 0


def test_a_rate_figure_below_its_target_is_off_track_and_keeps_the_clerks_percent(clerk):
    record(clerk, "1", "--percent", "30")
    rec = record(clerk, "1", "--value", "地区生产总值=5.2%")
    assert (rec["percent"], rec["percent_from"]) == (30, "carried")
    (value,) = rec["values"]
    assert (value["kind"], value["cumulative"], value["on_track"]) == ("growth", False, False)


def test_cumulative_figures_derive_a_percent_below_100_until_the_clerk_says_done(clerk):
    rec = record(clerk, "18", "--value", "5G基站=1200", "--value", "千兆网络端口=4.3万")
    assert (rec["percent"], rec["status"], rec["percent_from"]) == (99, "on-track", "derived")
    assert show(clerk, 18)["status"] == "in-progress"
    r = clerk("signoff", "18")
    assert r.exit_code == 1 and "not done" in r.stderr
    rec = record(clerk, "18", "--status", "done")
    assert (rec["percent"], rec["status"]) == (100, "done")
    assert clerk("signoff", "18").exit_code == 0


def test_a_figure_on_a_done_task_keeps_it_done(clerk):
    record(clerk, "18", "--status", "done")
    rec = record(clerk, "18", "--value", "5G基站=1100")
    assert (rec["percent"], rec["status"], rec["percent_from"]) == (100, "done", "carried")


def test_a_percent_of_100_given_by_the_clerk_makes_the_task_done(clerk):
    rec = record(clerk, "21", "--percent", "100")
    assert (rec["percent"], rec["status"], rec["percent_from"]) == (100, "done", "given")


@pytest.mark.parametrize(
    ("text", "kind", "cumulative"),
    [
        ("5G基站达到1200个。", "reach", True),
        ("完成投资32亿元。", "add", True),
        ("地区生产总值增长6%。", "growth", False),
        ("城镇调查失业率控制在4.5%以内。", "cap", False),
        ("集体收入过50万元行政村占比稳定在35%以上。", "level", False),
        ("守住耕地红线87.3万亩。", "level", False),
        ("PM2.5平均浓度下降5%。", "reduce", False),
    ],
)
def test_the_kind_of_a_target_decides_whether_figures_derive_a_percent(text, kind, cumulative):
    (target,) = extract_targets(text)
    assert target.kind == kind
    assert is_cumulative(target.kind, target.unit) is cumulative


def test_a_cap_is_on_track_at_or_below_its_target():
    assert on_track("cap", 4.2, 4.5) and not on_track("cap", 4.8, 4.5)
    assert on_track("growth", 6.5, 6) and not on_track("growth", 5.9, 6)


# ----- 2. status-only and note-only updates ----------------------------------------------------


def test_a_status_only_update_carries_the_percent_forward(clerk):
    record(clerk, "21", "--percent", "40")
    r = clerk("record-progress", "21", "--status", "blocked", "--note", "征地未完成")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "recorded progress on task 21: 40% (carried forward) blocked"
    t = show(clerk, 21)
    assert (t["status"], t["percent"]) == ("blocked", 40)


def test_a_status_update_does_not_rederive_the_percent_from_earlier_figures(clerk):
    record(clerk, "18", "--value", "5G基站=900", "--value", "千兆网络端口=3万")
    record(clerk, "18", "--percent", "40")
    rec = record(clerk, "18", "--status", "at-risk", "--note", "设备延迟")
    assert (rec["percent"], rec["status"], rec["percent_from"]) == (40, "at-risk", "carried")


def test_a_task_without_records_carries_0(clerk):
    rec = record(clerk, "21", "--status", "at-risk")
    assert (rec["percent"], rec["status"], rec["percent_from"]) == (0, "at-risk", "carried")


def test_a_note_alone_keeps_percent_and_status(clerk):
    record(clerk, "21", "--percent", "60", "--status", "at-risk")
    rec = record(clerk, "21", "--note", "已协调解决用地指标")
    assert (rec["percent"], rec["status"], rec["percent_from"]) == (60, "at-risk", "carried")
    t = show(clerk, 21)
    assert (t["status"], t["percent"]) == ("at-risk", 60)
    assert t["progress"][-1]["note"] == "已协调解决用地指标"


def test_the_percent_source_is_said_in_chinese(clerk):
    record(clerk, "21", "--percent", "40")
    r = clerk("record-progress", "21", "--note", "推进中", GUANTASK_LANG="zh")
    assert r.exit_code == 0, r.output
    assert "40%（沿用上次）" in r.stderr
    r = clerk("record-progress", "18", "--value", "5G基站=600", GUANTASK_LANG="zh")
    assert "（按累计指标计算）" in r.stderr
    r = clerk("record-progress", "18", "--percent", "55", GUANTASK_LANG="zh")
    assert "55%（填报）" in r.stderr


def test_a_batch_says_how_many_percents_were_given_derived_and_carried(clerk, tmp_path):
    f = tmp_path / "b.csv"
    f.write_text(
        "id,percent,status,value,note\n"
        "21,40,,,\n"
        "22,,blocked,,征地未完成\n"
        "18,,,5G基站=600,\n"
        "1,,,地区生产总值=5%,\n",
        encoding="utf-8",
    )
    r = clerk("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    lines = r.stderr.splitlines()
    assert lines[1].strip() == "percent: 1 given, 1 derived from targets, 2 carried forward"
    assert "地区生产总值 5% (target 6%): off track" in r.stderr


def test_a_record_with_nothing_in_it_is_refused(clerk, db_path):
    before = count(db_path, "progress")
    r = clerk("record-progress", "21")
    assert r.exit_code == 2
    assert "nothing to record for task 21" in r.stderr
    assert count(db_path, "progress") == before


# ----- 3. numbers as people type them ----------------------------------------------------------

PERCENTS = [("45", 45), ("45.5", 46), ("50%", 50), ("５０％", 50), ("50 %", 50), ("99.6", 99)]


@pytest.mark.parametrize(("typed", "kept"), PERCENTS)
def test_a_percent_is_read_the_same_on_the_command_line(clerk, typed, kept):
    rec = record(clerk, "21", "--percent", typed)
    assert (rec["percent"], rec["percent_from"]) == (kept, "given")


def test_a_percent_is_read_the_same_in_a_batch_file(clerk, tmp_path):
    lines = ["id,percent,note"] + [f"{21 + i},{typed},x" for i, (typed, _) in enumerate(PERCENTS)]
    f = tmp_path / "p.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = clerk("record-progress", "--from-csv", str(f), "--format", "json")
    assert r.exit_code == 0, r.output
    assert [rec["percent"] for rec in json.loads(r.stdout)] == [kept for _, kept in PERCENTS]


@pytest.mark.parametrize("typed", ["abc", "150%", "-5", "50%%"])
def test_a_percent_that_is_not_one_is_refused(clerk, db_path, typed):
    before = count(db_path, "progress")
    r = clerk("record-progress", "21", "--percent", typed)
    assert r.exit_code == 2, r.output
    assert "percent must be" in r.stderr
    assert count(db_path, "progress") == before


# ----- 4. dates that cannot be -----------------------------------------------------------------


def test_a_date_before_the_plans_issue_is_refused(clerk, db_path):
    before = count(db_path, "progress")
    r = clerk("record-progress", "21", "--percent", "10", "--date", "2023-12-01")
    assert r.exit_code == 1
    assert "date 2023-12-01 is before the plan was issued (2024-01-31)" in r.stderr
    assert count(db_path, "progress") == before
    assert record(clerk, "21", "--percent", "10", "--date", "2024-01-31")["date"] == "2024-01-31"


def test_a_batch_row_dated_before_the_plans_issue_is_reported_by_line(clerk, db_path, tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("id,percent,date\n21,10,2024-02-01\n22,20,2023-12-01\n", encoding="utf-8")
    before = count(db_path, "progress")
    r = clerk("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert f"{f}:3: date 2023-12-01 is before the plan was issued" in r.stderr
    assert count(db_path, "progress") == before


# ----- 5. one vocabulary -----------------------------------------------------------------------

EVERY_STATUS_WORD = [(s.code, s.code) for s in STATUSES] + [(s.zh, s.code) for s in STATUSES]


def _states(clerk) -> None:  # type: ignore[no-untyped-def]
    """One task in every status: 18 in progress, 19 at risk, 20 blocked, 21 done, 22 signed off."""
    record(clerk, "18", "--percent", "30")
    record(clerk, "19", "--status", "at-risk", "--note", "x")
    record(clerk, "20", "--status", "blocked", "--note", "x")
    record(clerk, "21", "--status", "done")
    record(clerk, "22", "--status", "done")
    assert clerk("signoff", "22").exit_code == 0


@pytest.mark.parametrize(("word", "code"), EVERY_STATUS_WORD)
def test_every_status_word_selects_the_same_tasks_in_list_and_filter(clerk, word, code):
    _states(clerk)
    listed = clerk("list", "--status", word, "--format", "json")
    filtered = clerk("filter", f"status:{word}", "--format", "json")
    assert listed.exit_code == 0 and filtered.exit_code == 0, listed.output + filtered.output
    rows = json.loads(listed.stdout)
    assert rows == json.loads(filtered.stdout)
    assert rows and {row["status"] for row in rows} == {code}


REPORTED = [
    ("in-progress", "in-progress"),
    ("进行中", "in-progress"),
    ("on-track", "in-progress"),
    ("at-risk", "at-risk"),
    ("有风险", "at-risk"),
    ("blocked", "blocked"),
    ("受阻", "blocked"),
    ("done", "done"),
    ("已完成", "done"),
    ("Done", "done"),
]


@pytest.mark.parametrize(("word", "code"), REPORTED)
def test_every_reported_status_word_is_taken_by_record_progress(clerk, word, code):
    record(clerk, "21", "--status", word, "--note", "x")
    assert show(clerk, 21)["status"] == code


def test_every_reported_status_word_is_taken_by_a_csv_and_an_xlsx_batch(clerk, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    nos = list(range(30, 30 + len(REPORTED)))
    f = tmp_path / "s.csv"
    lines = ["id,status,note"] + [
        f"{no},{word},x" for no, (word, _) in zip(nos, REPORTED, strict=True)
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = clerk("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert [show(clerk, no)["status"] for no in nos] == [code for _, code in REPORTED]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "status", "note"])
    xnos = list(range(60, 60 + len(REPORTED)))
    for no, (word, _) in zip(xnos, REPORTED, strict=True):
        ws.append([no, word, "x"])
    wb.save(tmp_path / "s.xlsx")
    r = clerk("record-progress", "--from-xlsx", str(tmp_path / "s.xlsx"))
    assert r.exit_code == 0, r.output
    assert [show(clerk, no)["status"] for no in xnos] == [code for _, code in REPORTED]


@pytest.mark.parametrize("word", ["未开始", "not-started", "已销号", "signed-off", "finished"])
def test_a_status_no_record_reports_is_refused_by_name(clerk, db_path, word):
    before = count(db_path, "progress")
    r = clerk("record-progress", "21", "--status", word)
    assert r.exit_code == 2
    assert "status" in r.stderr and "进行中" in r.stderr
    assert count(db_path, "progress") == before


@pytest.mark.parametrize("word", ["2", "二", "第二", "（二）"])
def test_a_section_is_written_the_same_way_in_list_and_filter(clerk, word):
    listed = clerk("list", "--section", word, "--format", "ids")
    filtered = clerk("filter", f"section:{word}", "--format", "ids")
    assert listed.exit_code == 0 and filtered.exit_code == 0, listed.output + filtered.output
    assert (
        listed.stdout
        == filtered.stdout
        == clerk("list", "--section", "2", "--format", "ids").stdout
    )
    assert listed.stdout.split()


def _complete(env: dict[str, str], line: str) -> list[str]:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT), "_GUANTASK_COMPLETE": "complete_bash"}
    full["COMP_WORDS"] = line
    full["COMP_CWORD"] = str(len(line.split(" ")) - 1)
    launch = "import sys; sys.argv[0] = 'guantask'; from guantask.cli import main; main()"
    r = subprocess.run(
        [sys.executable, "-c", launch], capture_output=True, text=True, env=full, cwd=ROOT
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_completion_offers_every_accepted_word(clerk, env):
    assert _complete(env, "guantask list --status ") == status_words()
    assert _complete(env, "guantask record-progress 18 --status ") == reported_words()
    assert _complete(env, "guantask list --status 进") == ["进行中"]
    assert "二" in _complete(env, "guantask list --section ")
    # every offered word is accepted by the command it is offered for
    for word in _complete(env, "guantask list --status "):
        assert clerk("list", "--status", word, "--format", "ids").exit_code == 0
    for word in _complete(env, "guantask record-progress 18 --status "):
        assert clerk("record-progress", "21", "--status", word, "--note", "x").exit_code == 0
