"""Under --lang zh no English sentence reaches a table, a report or a --help (issue 14.10).

Every table command, every report in each of its formats and the --help of every command run in
Chinese on the bundled plan with progress, a sign-off, an extension, an alias and a round
recorded; the output may hold no run of two or more English words, once the few things that are
data or codes (ALLOWED) are taken out. A help text without a translation fails here too, by name.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from conftest import ROOT, Run

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
from fill_round import fill_csv
from msgfmt import read_po

from guantask.cli.app import app
from guantask.cli.helptext import _TYPE_METAVARS, argument_name, commands, help_texts, msgids
from guantask.filters.syntax import FLAGS
from guantask.models import Light
from guantask.vocab import STATUSES

PO = ROOT / "guantask" / "locale" / "zh" / "LC_MESSAGES" / "guantask.po"

# What may stay English in Chinese output, each because it is data or a code, not a sentence:
ALLOWED = [
    # A command line, as typed: examples and commands named in the help (`guantask units
    # merge`, `guantask config set office.name 名称`), with their options and values.
    r"guantask(?: (?:[a-z][a-z-]*|[\w.:<>=+'\"-]*))*",
    # Status, light and flag codes and the filter language's own words (or, not, today, eom,
    # next friday): what a user types, listed beside their Chinese words.
    r"\b(?:{})\b".format(
        "|".join(
            re.escape(c) for c in (*(s.code for s in STATUSES), *(x.value for x in Light), *FLAGS)
        )
    ),
    r"\b(?:or|and|not|today|eom|eoq|eoy|next friday)\b",
    # Shell commands of the cron examples (`mail -s 主题 someone@example.org`).
    r"\bmail -s\b",
    # Words in capitals: the placeholders the help names (FILE, SHORT FULL, VARIANT CANONICAL)
    # and format or standard names (CSV, HTML, UTF-8, ISO).
    r"\b[A-Z][A-Z0-9_]+\b",
]
# Two or more English words in a row: words of letters, apart by spaces; a word glued to
# code punctuation (--format, guantask.db, status:done, <文本>) is not a word of a sentence.
ENGLISH_RUN = re.compile(
    r"(?<![\w:./<>=+$@'-])[A-Za-z]{2,}(?:-[A-Za-z]+)*"
    r"(?: [A-Za-z]{2,}(?:-[A-Za-z]+)*(?![\w:./<>=+(@-]))+"
)


def english_runs(text: str) -> list[str]:
    for pattern in ALLOWED:
        text = re.sub(pattern, "·", text)
    return ENGLISH_RUN.findall(text)


def help_tree() -> typer.main.TyperGroup:  # type: ignore[name-defined]
    return typer.main.get_command(app)


def command_paths(cmd: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from command_paths(sub, (*path, name))


def test_every_help_text_has_a_chinese_translation() -> None:
    catalogue = read_po(PO.read_text(encoding="utf-8"))
    missing = [
        f"{getattr(obj, 'name', obj)}: {msgid!r}"
        for obj, _attr, text in help_texts(help_tree())
        for msgid in msgids(text)
        if msgid not in catalogue
    ]
    missing += [
        f"{cmd.name}: {argument_name(param)!r}"
        for cmd in commands(help_tree())
        for param in cmd.params
        if argument_name(param) not in (None, *catalogue)
    ]
    assert not missing, "add these help texts to guantask.po:\n" + "\n".join(missing)
    click_words = ["Usage: ", "Options", "Arguments", "Commands", "[OPTIONS]"]
    click_words += ["COMMAND [ARGS]...", "Show this message and exit.", *_TYPE_METAVARS]
    assert all(word in catalogue for word in click_words)


def test_english_help_is_unchanged_after_a_chinese_one(run: Run) -> None:
    before = run("list", "--help")
    assert before.exit_code == 0, before.output
    chinese = run("--lang", "zh", "list", "--help")
    assert chinese.exit_code == 0, chinese.output
    assert "用法：guantask list [选项]" in chinese.stdout and "显示本帮助并退出。" in chinese.stdout
    after = run("list", "--help", GUANTASK_LANG="en")
    assert after.stdout == before.stdout
    assert "Usage: guantask list [OPTIONS]" in after.stdout


@pytest.mark.parametrize("how", [("--lang", "zh"), ()])
def test_help_follows_the_flag_and_the_environment(run: Run, how: tuple[str, ...]) -> None:
    r = run(*how, "round", GUANTASK_LANG="zh")  # a group without its command prints its help
    assert r.exit_code == 2, r.output  # as in English: a usage error
    assert r.output.startswith("用法：guantask round [选项] 命令 [参数]...")
    assert "命令：" in r.output and "催报通知" in r.output


@pytest.mark.parametrize("columns", ["60", "80"])
def test_chinese_help_stays_within_the_terminal_and_keeps_every_character(
    sh: Callable[..., subprocess.CompletedProcess[str]], columns: str
) -> None:
    from rich.cells import cell_len

    # A real terminal width (the in-process runner pins click's help to 80 columns).
    for path in ((), ("list",), ("record-progress",), ("db", "grant", "unit")):
        r = sh("--lang", "zh", *path, "--help", COLUMNS=columns)
        assert r.returncode == 0, r.stderr
        # click fits help into the terminal's width less 2
        too_wide = [x for x in r.stdout.splitlines() if cell_len(x) > int(columns) - 2]
        assert not too_wide, too_wide
    r = sh("--lang", "zh", "list", "--help", COLUMNS=columns)
    joined = re.sub(r"\s+", "", r.stdout)
    assert "名称可按部分名称、按顺序出现的字（工信可找到县工业和信息化局）或拼音" in joined


@pytest.fixture
def busy(seeded: Run, tmp_path: Path) -> Run:
    """The bundled plan with what a clerk records in a few weeks: assignments, progress (with
    figures and notes), a sign-off, an extension, an alias, a setting and an open round."""
    for args in (
        ("assign", "26", "--to", "李明", "--unit", "工信", "--note", "按季度报送"),
        ("record-progress", "26", "--percent", "40", "-s", "blocked", "--note", "设备未到"),
        ("record-progress", "18", "--value", "5G基站=800", "--date", "2024-03-10"),
        ("record-progress", "21", "--percent", "100", "-s", "done"),
        ("record-progress", "30", "--percent", "20", "-s", "at-risk"),
        ("signoff", "21", "--note", "经现场核查，已完成"),
        ("signoff", "30", "--force", "--note", "领导同意"),
        ("extend", "26", "--to", "2025-03-31", "--reason", "设备到货延迟"),
        ("units", "alias", "发改委", "县发展和改革局"),
        ("config", "set", "warn-days", "10"),
        ("config", "set", "stale-days", "20"),
        ("undo", "--yes"),
        ("round", "open", "-o", str(tmp_path / "round"), "--format", "csv"),
    ):
        r = seeded(*args, GUANTASK_TODAY="2024-03-11")
        assert r.exit_code == 0, r.output
    [sheet] = (tmp_path / "round").glob("县发展和改革局-*.csv")
    fill_csv(sheet, 2, 40)
    r = seeded("round", "collect", str(sheet), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 0, r.output
    return seeded


READS = [
    ("list",),
    ("filter", "unit:发改", "-status:signed-off"),
    ("overdue", "--within", "30"),
    ("show", "26"),
    ("show", "18"),
    ("show", "30"),
    ("history",),
    *(("stats", "--by", by) for by in ("leader", "unit", "section", "issuer")),
    ("units",),
    ("units", "aliases"),
    ("leaders",),
    ("plans",),
    ("config", "list"),
    *(("report", "weekly", "--format", fmt) for fmt in ("text", "md", "html")),
    *(("chase", "--format", fmt) for fmt in ("text", "md")),
    ("round", "status"),
    *(("round", "chase", "--format", fmt) for fmt in ("text", "md")),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_no_english_sentence_in_a_chinese_table_or_report(busy: Run, args: tuple[str, ...]) -> None:
    r = busy("--lang", "zh", *args, GUANTASK_TODAY="2024-03-20", COLUMNS="200")
    assert r.exit_code in (0, 3), r.output
    text = r.stdout
    if "html" in args:  # what a reader sees: not the style sheet (font names), not the tags
        text = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style>.*?</style>", "", text))
    assert not english_runs(text), (english_runs(text), r.stdout)


def test_no_english_sentence_in_any_chinese_help(run: Run) -> None:
    found = {}
    for path in command_paths(help_tree()):
        r = run("--lang", "zh", *path, "--help", COLUMNS="200")
        assert r.exit_code == 0, r.output
        if english_runs(r.stdout):
            found[" ".join(path)] = english_runs(r.stdout)
    assert not found, found
