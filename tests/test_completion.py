"""Shell completion: the candidate functions, and the real bash/zsh/fish protocols in a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT

from guantask.cli import completion
from guantask.filters.names import pinyin_keys

ZHANG = ["张子民", "张庆辉", "张怀恒", "张琪"]

# Runs the CLI the way the installed script does, under the program name `guantask`, so that
# the completion variable is _GUANTASK_COMPLETE.
LAUNCH = "import sys; sys.argv[0] = 'guantask'; from guantask.cli import main; main()"


def _values(candidates: list) -> list[str]:
    return [c[0] if isinstance(c, tuple) else str(c) for c in candidates]


def _complete(env: dict[str, str], line: str, *, shell: str = "bash", **extra: str):
    """What the shell function that `--install-completion` installs would receive."""
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT), **extra}
    full["_GUANTASK_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        words = line.split(" ")
        full["COMP_WORDS"] = line
        full["COMP_CWORD"] = str(len(words) - 1)
    else:
        full["_TYPER_COMPLETE_ARGS"] = line
    return subprocess.run(
        [sys.executable, "-c", LAUNCH],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=60,
    )


# ----- the candidate functions ----------------------------------------------------------------


def test_a_partial_chinese_name_completes_to_every_name_starting_with_it(seeded, db_path) -> None:
    assert _values(completion.leader_names(db_path, "张")) == ZHANG
    assert _values(completion.leader_names(db_path, "张怀")) == ["张怀恒"]


def test_pinyin_completes_names_whose_pinyin_or_initials_start_with_it(seeded, db_path) -> None:
    found = _values(completion.leader_names(db_path, "zh"))
    assert found == ZHANG
    for name in found:
        full, initials = pinyin_keys(name)
        assert full.startswith("zh") or initials.startswith("zh")
    assert _values(completion.leader_names(db_path, "zhh")) == ["张怀恒"]
    assert _values(completion.leader_names(db_path, "zhanghuai")) == ["张怀恒"]


def test_unit_names_complete_by_part_of_the_name_and_include_aliases(seeded, db_path) -> None:
    assert _values(completion.unit_names(db_path, "工信")) == ["县工业和信息化局"]
    # Exactly the names the command takes 县发展 for, the ones not starting with it too.
    found = _values(completion.unit_names(db_path, "县发展"))
    assert found == [
        "冠县发展建设投资集团",
        "县发展和改革委员会",
        "县发展和改革局",
        "县发展建设投资集团",
    ]
    inside = _values(completion.unit_names(db_path, "发展"))
    assert "冠县发展建设投资集团" in inside and "县经济发展服务中心" in inside
    assert _values(completion.unit_names(db_path, "gyhxx")) == ["县工业和信息化局"]
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    assert "发改委" in _values(completion.unit_names(db_path, "发改"))


def test_task_ids_complete_with_the_start_of_their_text(seeded, db_path) -> None:
    found = completion.task_nos(db_path, None, "1")
    assert [v for v, _h in found][:3] == ["1", "10", "11"]
    assert all(v.startswith("1") for v, _h in found)
    helps = dict(found)
    assert helps["1"] == "地区生产总值增长 6%。"
    assert helps["18"].startswith("实施“数字+”赋能") and len(helps["18"]) <= 20
    assert completion.task_nos(db_path, "2024", "12")[0] == ("12", helps["12"])
    assert completion.task_nos(db_path, "1999", "1") == []  # no such plan: nothing, no error
    assert completion.task_nos(db_path, None, "x") == []


def test_plans_complete_by_year_and_document_number(seeded, db_path) -> None:
    assert completion.plan_refs(db_path, "") == [
        ("2024", "冠政办发〔2024〕1号"),
        ("冠政办发〔2024〕1号", "2024"),
    ]
    assert _values(completion.plan_refs(db_path, "20")) == ["2024"]


def test_filter_terms_complete_fields_then_values(seeded, db_path) -> None:
    assert completion.filter_terms(db_path, "le") == ["leader:", "lead:"]
    assert _values(completion.filter_terms(db_path, "leader:zhh")) == ["leader:张怀恒"]
    assert _values(completion.filter_terms(db_path, "status:d")) == ["status:done"]
    # bash splits leader:zh at the colon; the value alone is completed.
    assert _values(completion.filter_terms(db_path, "zhh", previous=["leader", ":"])) == ["张怀恒"]


def test_a_missing_database_gives_no_candidates_and_is_not_created(tmp_path) -> None:
    missing = tmp_path / "none.db"
    assert completion.leader_names(missing, "张") == []
    assert completion.unit_names(missing, "") == []
    assert completion.task_nos(missing, None, "") == []
    assert completion.plan_refs(missing, "") == []
    assert not missing.exists()


def test_completion_never_migrates_and_never_raises_on_a_bad_file(tmp_path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # an SQLite file without guantask's schema
    assert completion.leader_names(empty, "张") == []
    assert completion.task_nos(empty, None, "1") == []
    with sqlite3.connect(empty) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert completion.unit_names(garbage, "县") == []
    assert garbage.read_bytes() == b"not a database at all" * 100


# ----- the real protocol ----------------------------------------------------------------------


def test_help_offers_install_and_show_completion(run) -> None:
    r = run("--help")
    assert r.exit_code == 0, r.output
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout


def test_bash_protocol_prints_only_the_candidates_for_a_chinese_prefix(seeded, env) -> None:
    r = _complete(env, "guantask list --leader 张")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ZHANG
    assert r.stderr == ""


def test_bash_protocol_completes_pinyin_to_chinese_names(seeded, env) -> None:
    r = _complete(env, "guantask list --leader zh")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ZHANG
    r = _complete(env, "guantask list --unit gongye")
    assert r.stdout.splitlines() == ["县工业和信息化局"]
    r = _complete(env, "guantask filter leader : zhh")
    assert r.stdout.splitlines() == ["张怀恒"]
    assert r.stderr == ""


def test_bash_protocol_completes_ids_statuses_and_formats(seeded, env) -> None:
    r = _complete(env, "guantask show 12")
    assert [line.split()[0] for line in r.stdout.splitlines()] == ["12", "120", "121"]
    r = _complete(env, "guantask list --status ")
    assert r.stdout.splitlines() == [
        "not-started",
        "in-progress",
        "at-risk",
        "blocked",
        "done",
        "signed-off",
        "未开始",
        "进行中",
        "有风险",
        "受阻",
        "已完成",
        "已销号",
    ]
    r = _complete(env, "guantask list --format j")
    assert r.stdout.splitlines() == ["json", "jsonl"]
    r = _complete(env, "guantask units merge 县发展和改革")
    assert r.stdout.splitlines() == ["县发展和改革委员会", "县发展和改革局"]
    assert r.stderr == ""


def test_zsh_protocol_shows_the_task_text_beside_the_id(seeded, env) -> None:
    r = _complete(env, "guantask show 18", shell="zsh")
    assert r.returncode == 0, r.stderr
    assert '"18":"实施“数字+”赋能' in r.stdout
    r = _complete(env, "guantask list --leader zhh", shell="zsh")
    assert '"张怀恒"' in r.stdout and "张琪" not in r.stdout


def test_completion_reads_the_database_named_by_db(seeded, env, db_path, tmp_path) -> None:
    other = tmp_path / "other.db"
    r = _complete(env, f"guantask --db {other} list --leader 张")
    assert r.returncode == 0
    assert r.stdout.strip() == "" and r.stderr == ""
    assert not other.exists()
    r = _complete(env, f"guantask --db {db_path} list --leader 张", GUANTASK_DB=str(other))
    assert r.stdout.splitlines() == ZHANG
    assert not other.exists()


@pytest.mark.parametrize("line", ["guantask list --leader 张", "guantask show 1"])
def test_completion_creates_no_database(env, tmp_path, line) -> None:
    db = tmp_path / "missing.db"
    env["GUANTASK_DB"] = str(db)
    r = _complete(env, line)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "" and r.stderr == ""
    assert not db.exists()


def test_fish_protocol_lists_names_and_ids_with_their_text(seeded, env) -> None:
    r = _complete(
        env, "guantask list --leader 张", shell="fish", _TYPER_COMPLETE_FISH_ACTION="get-args"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ZHANG
    r = _complete(env, "guantask show 18", shell="fish", _TYPER_COMPLETE_FISH_ACTION="get-args")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("18\t实施“数字+”赋能")
    r = _complete(
        env, "guantask list --leader 张", shell="fish", _TYPER_COMPLETE_FISH_ACTION="is-args"
    )
    assert r.returncode == 0  # candidates exist: fish offers them instead of file names
