"""Unknown interface languages are refused; Chinese tables say changes in Chinese (issue 14.10)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import Run


@pytest.mark.parametrize("value", ["fr", "xx", "", "english"])
def test_unknown_lang_flag_is_a_usage_error_listing_the_languages(run: Run, value: str) -> None:
    r = run("--lang", value, "list")
    assert r.exit_code == 2, r.output
    assert "en, zh" in r.stderr and r.stdout == ""


def test_unknown_guantask_lang_is_a_usage_error(run: Run) -> None:
    r = run("list", GUANTASK_LANG="xx")
    assert r.exit_code == 2, r.output
    assert "GUANTASK_LANG" in r.stderr and "en, zh" in r.stderr


@pytest.mark.parametrize("value", ["zh", "ZH", "zh_CN.UTF-8", "en", "en_US"])
def test_language_in_locale_form_is_accepted(run: Run, value: str) -> None:
    r = run("plans", "--format", "ids", GUANTASK_LANG=value)
    assert r.exit_code == 0, r.output


def test_foreign_locale_falls_back_to_english(run: Run) -> None:
    r = run("plans", GUANTASK_LANG="", LANG="fr_FR.UTF-8", LC_ALL="")
    assert r.exit_code == 0, r.output
    assert "Document" in r.stdout


ENGLISH_WORDS = re.compile(
    r"\b(imported|amended|assigned|recorded|progress|signed|extended|alias|merged|undid|"
    r"config|tasks?|bundled|forced|on-track|blocked)\b"
)


def test_history_content_follows_the_language(run: Run) -> None:
    for args in (
        ("assign", "26", "--to", "李明", "--unit", "工信"),
        ("record-progress", "26", "--percent", "40", "-s", "blocked"),
        ("record-progress", "18", "--percent", "100", "-s", "done"),
        ("signoff", "18", "3", "--force"),
        ("extend", "26", "--to", "2025-03-31", "--reason", "设备到货延迟"),
        ("units", "alias", "发改委", "县发展和改革局"),
        ("config", "set", "warn-days", "10"),
    ):
        r = run(*args)
        assert r.exit_code == 0, r.output
    r = run("--lang", "zh", "history", COLUMNS="200")
    assert r.exit_code == 0, r.output
    body = r.stdout.split("\n", 2)[2]
    text = re.sub(r"GUANTASK_\w+|warn-days|\d{4}-\d\d-\d\d[ T][\d:+]+", "", body)
    assert not ENGLISH_WORDS.search(text), r.stdout
    assert "第 26 项任务" in r.stdout and "受阻" in r.stdout
    show = run("--lang", "zh", "show", "26", COLUMNS="200")
    assert show.exit_code == 0, show.output
    history = show.stdout.split("\n\n")[-1]
    assert not ENGLISH_WORDS.search(re.sub(r"\d{4}-[\d:+T-]+", "", history)), show.stdout
    # Scripts keep the change log as written.
    data = run("--lang", "zh", "history", "--format", "json")
    assert any(e["summary"].startswith("assigned task 26") for e in json.loads(data.stdout))
