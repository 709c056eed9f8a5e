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
