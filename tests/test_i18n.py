"""Interface language: Chinese or English headings, the same data formats in both."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from guantask.i18n import choose_lang

ROOT = Path(__file__).parent.parent


def test_same_command_in_both_languages_has_translated_headings(seeded):
    en = seeded("list", "--section", "1")
    zh = seeded("--lang", "zh", "list", "--section", "1")
    assert en.exit_code == zh.exit_code == 0, en.output + zh.output
    assert "Lead units" in en.stdout and "牵头单位" not in en.stdout
    assert "牵头单位" in zh.stdout and "Lead units" not in zh.stdout
    assert "黄" in zh.stdout and "yellow" in en.stdout


def test_data_formats_are_the_same_in_both_languages(seeded):
    en = seeded("list", "--format", "json")
    zh = seeded("--lang", "zh", "list", "--format", "json")
    assert json.loads(en.stdout) == json.loads(zh.stdout)
    assert json.loads(zh.stdout)[0]["status"] == "not-started"


def test_environment_and_locale_choose_the_language(seeded):
    r = seeded("list", "--limit", "1", GUANTASK_LANG="zh")
    assert "牵头单位" in r.stdout
    r = seeded("list", "--limit", "1", GUANTASK_LANG="", LANG="zh_CN.UTF-8")
    assert "牵头单位" in r.stdout
    r = seeded("--lang", "en", "list", "--limit", "1", GUANTASK_LANG="zh")
    assert "Lead units" in r.stdout


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        ("zh", {}, "zh"),
        (None, {"GUANTASK_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_ALL": "zh_TW.UTF-8"}, "zh"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_choose_lang_order(flag, env, expected):
    assert choose_lang(flag, env) == expected


def test_weekly_report_headings_in_chinese(seeded):
    r = seeded("--lang", "zh", "report", "weekly", "--as-of", "2024-03-15")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("工作周报")


def test_every_message_has_a_chinese_translation_and_the_catalogue_is_compiled():
    script = ROOT / "scripts" / "msgfmt.py"
    missing = subprocess.run(
        [sys.executable, str(script), "--missing"], capture_output=True, text=True
    )
    assert missing.returncode == 0, "untranslated: " + missing.stdout
    check = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


ERRORS_IN_BOTH_LANGUAGES = [
    (("show", "999"), "no task 999 in plan", "中没有任务 999"),
    (
        ("list", "--leader", "不存在的人"),
        "no leader matches '不存在的人'",
        "没有与 '不存在的人' 匹配的领导",
    ),
    (
        ("list", "--due-before", "明年春天"),
        "cannot read date '明年春天'; accepted:",
        "无法识别日期",
    ),
    (("filter", "(leader:张怀恒"), "filter: unbalanced '(' at position 1", "'(' 没有配对"),
    (
        ("record-progress", "18", "--percent", "150"),
        "percent must be between 0 and 100",
        "进度须在",
    ),
]


@pytest.mark.parametrize(("args", "english", "chinese"), ERRORS_IN_BOTH_LANGUAGES)
def test_error_messages_in_chinese_and_english(seeded, args, english, chinese):
    en = seeded(*args)
    zh = seeded("--lang", "zh", *args)
    assert en.exit_code == zh.exit_code != 0, en.output + zh.output
    assert english in en.stderr and chinese not in en.stderr
    assert chinese in zh.stderr and english not in zh.stderr
    assert zh.stderr.startswith("guantask: ") and zh.stderr.count("\n") == 1


def test_chinese_date_error_keeps_the_accepted_forms(seeded):
    from guantask.dates import ACCEPTED_FORMS

    r = seeded("--lang", "zh", "list", "--due-before", "明年春天")
    assert r.exit_code == 2, r.output
    assert r.stderr.rstrip("\n").endswith("可用写法：" + ACCEPTED_FORMS)


def test_refusal_in_chinese_writes_nothing(seeded):
    r = seeded("--lang", "zh", "record-progress", "18", "--percent", "50", "--date", "2024-12-01")
    assert r.exit_code == 1, r.output
    assert "晚于今天" in r.stderr
    history = seeded("history", "18", "--format", "json")
    assert history.exit_code == 0, history.output
    assert all(e["kind"] != "progress" for e in json.loads(history.stdout))


def test_config_messages_are_whole_sentences_in_both_languages(seeded):
    r = seeded("--lang", "zh", "config", "set", "warn-days", "7")
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == "已设置 warn-days 为 7（原为默认值 14）"
    r = seeded("--lang", "zh", "config", "set", "warn-days", "7")
    assert r.stderr.strip() == "warn-days 已经是 7"
    r = seeded("config", "unset", "warn-days")
    assert r.stderr.strip() == "config unset warn-days (was 7; default 14)"
    r = seeded("--lang", "zh", "config", "unset", "warn-days")
    assert r.stderr.strip() == "warn-days 未设置（默认值 14）"


def test_import_summary_is_a_whole_sentence_in_chinese(seeded):
    plan = ROOT / "data" / "plan2024.json"
    r = seeded("--lang", "zh", "import", str(plan), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "冠政办发〔2024〕1号：无变化" in r.stderr


def test_every_kind_of_change_is_named_in_chinese_in_history(seeded):
    import json as _json

    from guantask.i18n import set_lang
    from guantask.render.work import kind_label

    changes = [
        ("assign", "18", "--to", "李明"),
        ("record-progress", "18", "--percent", "40"),
        ("signoff", "18", "--force"),
        ("extend", "21", "--to", "2025-03-31", "--reason", "设备到货延迟"),
        ("config", "set", "warn-days", "7"),
        ("units", "alias", "发改委", "县发展和改革委员会"),
        ("units", "unalias", "发改委"),
        ("units", "merge", "县发展和改革委员会", "县发展和改革局"),
        ("undo", "--yes"),
    ]
    for args in changes:
        r = seeded(*args)
        assert r.exit_code == 0, (args, r.output)
    kinds = {e["kind"] for e in _json.loads(seeded("history", "-f", "json").stdout)}
    assert len(kinds) == 10  # import and every change above
    table = seeded("--lang", "zh", "history").stdout
    set_lang("zh")
    for kind in kinds:
        assert kind_label(kind) != kind, kind
        assert kind_label(kind) in table
