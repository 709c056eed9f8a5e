"""`list`, `filter`, `show`, `leaders`, `units` on the bundled 2024 plan and on small plans."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_plans import small_plan, write_plan

pytestmark = pytest.mark.both_stores

JSON_KEYS = [
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


def ids(result) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(x) for x in result.stdout.split()]


def test_list_works_right_after_install_with_the_bundled_plan(run):
    r = run("list", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 121
    assert [row["id"] for row in rows] == list(range(1, 122))
    assert rows[0]["plan"] == "冠政办发〔2024〕1号"


def test_json_rows_have_the_documented_keys_in_order(seeded):
    r = seeded("list", "--limit", "1", "--format", "json")
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert list(row) == JSON_KEYS
    assert row["status"] == "not-started"
    assert row["percent"] == 0
    assert row["assignee"] is None
    assert row["last_update"] is None


def test_table_output_lines_up_chinese_text_and_has_no_ansi_codes(seeded):
    r = seeded("list", "--section", "1")
    assert r.exit_code == 0, r.output
    assert "\x1b[" not in r.stdout
    assert "地区生产总值增长" in r.stdout
    assert "县发展和改革局" in r.stdout  # names are never cut


def test_leader_filter_matches_part_of_a_name(seeded):
    r = seeded("list", "--leader", "张怀恒", "--format", "ids")
    assert r.exit_code == 0, r.output
    assert 1 in ids(r) and 5 not in ids(r)


def test_unit_abbreviation_matches_characters_in_order(seeded):
    r = seeded("list", "--unit", "工信", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows
    for row in rows:
        assert "县工业和信息化局" in row["lead_units"] + row["responsible_units"]


def test_fagai_finds_both_spellings_of_the_development_and_reform_unit(seeded):
    r = seeded("list", "--lead-unit", "发改", "--format", "json")
    assert r.exit_code == 0, r.output
    units = {u for row in json.loads(r.stdout) for u in row["lead_units"]}
    assert {"县发展和改革局", "县发展和改革委员会"} <= units


def test_unknown_name_is_an_error_listing_the_closest_names(seeded):
    r = seeded("list", "--leader", "张怀")
    assert r.exit_code == 0, r.output  # a part of a name matches
    r = seeded("list", "--unit", "县公安厅")
    assert r.exit_code == 1
    assert "closest" in r.stderr
    assert "Traceback" not in r.output


def test_options_combine_with_and(seeded):
    r = seeded(
        "list",
        "--leader",
        "张怀恒",
        "--unit",
        "工信",
        "--due-before",
        "2025-01-01",
        "--search",
        "5G",
        "--format",
        "ids",
    )
    assert r.exit_code == 0, r.output
    assert ids(r) == [18]


def test_search_and_section_and_sort_and_limit(seeded):
    r = seeded("list", "--section", "2", "--sort", "due", "--limit", "3", "--format", "ids")
    assert r.exit_code == 0, r.output
    assert len(ids(r)) == 3
    r = seeded("list", "--search", "利用两年时间", "--format", "json")
    rows = json.loads(r.stdout)
    assert [row["id"] for row in rows] == [102]
    assert rows[0]["due"] == "2025-12-31"


def test_empty_result_exits_zero_with_empty_json(seeded):
    r = seeded("list", "--search", "不存在的内容", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == []
    r = seeded("list", "--search", "不存在的内容")
    assert r.exit_code == 0
    assert r.stdout == ""


def test_csv_tsv_md_and_jsonl_formats(seeded):
    r = seeded("list", "--section", "1", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 6
    assert rows[0]["leaders"] == "张怀恒"
    r = seeded("list", "--section", "1", "--format", "tsv", "--no-headers", "--fields", "id,due")
    assert r.stdout.splitlines()[0] == "1\t2024-12-31"
    r = seeded("list", "--section", "1", "--format", "jsonl")
    assert len([json.loads(line) for line in r.stdout.splitlines()]) == 6
    r = seeded("list", "--section", "1", "--format", "md")
    assert r.stdout.startswith("| id | plan |")


def test_unknown_field_is_a_usage_error(seeded):
    r = seeded("list", "--fields", "id,nonsense", "--format", "csv")
    assert r.exit_code == 2
    assert "nonsense" in r.stderr


def test_filter_language_example_from_the_issue(seeded):
    r = seeded(
        "filter",
        "leader:张怀恒",
        "unit:工信",
        "due<2024-07-01",
        "percent<50",
        "not",
        "status:done",
        "5G",
        "--format",
        "ids",
    )
    assert r.exit_code == 0, r.output
    assert r.stdout == ""  # task 18 is due at year end
    r = seeded("filter", "leader:张怀恒 unit:工信 percent<50 not status:done 5G", "--format", "ids")
    assert ids(r) == [18]


def test_filter_or_not_and_parentheses(seeded):
    r = seeded(
        "filter",
        "(",
        "leader:张琪",
        "or",
        "leader:何宁",
        ")",
        "not",
        "section:8",
        "--format",
        "ids",
    )
    assert r.exit_code == 0, r.output
    got = ids(r)
    assert 5 in got and 30 in got and 100 not in got


def test_filter_syntax_error_names_the_term_and_position(seeded):
    r = seeded("filter", "leader:张怀恒", "(", "unit:工信")
    assert r.exit_code == 2
    assert "position" in r.stderr
    r = seeded("filter", "leaderr:张怀恒")
    assert r.exit_code == 2
    assert "leaderr" in r.stderr


def test_filter_help_documents_the_grammar(run):
    r = run("filter", "--help")
    assert r.exit_code == 0
    assert "leader:" in r.stdout and "or" in r.stdout


def test_show_prints_everything_about_one_task(seeded):
    r = seeded("show", "18")
    assert r.exit_code == 0, r.output
    for part in ("县工业和信息化局", "县华冠资产管理有限公司", "5G基站", "1200", "2024-12-31"):
        assert part in r.stdout
    r = seeded("show", "18", "--format", "json")
    detail = json.loads(r.stdout)
    assert detail["id"] == 18 and detail["targets"][0]["metric"] == "5G基站"
    assert detail["due_source"] == "default"


def test_show_unknown_task_is_a_one_line_error(seeded):
    r = seeded("show", "999")
    assert r.exit_code == 1
    assert r.stderr.strip() == "guantask: no task 999 in plan 冠政办发〔2024〕1号"
    assert r.stdout == ""


def test_leaders_and_units_count_tasks(seeded):
    r = seeded("leaders", "--format", "json")
    assert r.exit_code == 0, r.output
    leaders = {x["name"]: x["tasks"] for x in json.loads(r.stdout)}
    assert leaders["张怀恒"] > leaders["张琪"] > 0
    r = seeded("units", "--format", "json")
    units = {x["name"]: x for x in json.loads(r.stdout)}
    assert units["县工业和信息化局"]["lead"] > 10
    assert units["各乡镇（街道）"]["responsible"] > 50


def test_plan_option_selects_a_plan_by_year_or_document_number(seeded, tmp_path):
    r = seeded("import", str(write_plan(tmp_path / "p.json", small_plan())))
    assert r.exit_code == 0, r.output
    r = seeded("list", "--format", "ids")
    assert ids(r) == [1, 2, 3]  # newest issued is the default
    r = seeded("--plan", "2024", "list", "--format", "ids")
    assert len(ids(r)) == 121
    r = seeded("--plan", "莘政办发〔2025〕3号", "list", "--format", "ids")
    assert ids(r) == [1, 2, 3]
    r = seeded("--plan", "1999", "list")
    assert r.exit_code == 1
    assert "no plan matches" in r.stderr


def test_markup_and_escape_sequences_in_task_text_are_shown_literally(seeded, tmp_path):
    seeded("import", str(write_plan(tmp_path / "p.json", small_plan())))
    r = seeded("list", "--format", "json")
    text = json.loads(r.stdout)[2]["text"]
    assert "[bold]重点[/]" in text and "\x1b[31m" in text
    r = seeded("show", "3")
    assert r.exit_code == 0, r.output
    assert "[bold]重点[/]" in r.stdout
    assert "\x1b" not in r.stdout and "\\x1b[31m" in r.stdout
    r = seeded("list")
    assert "\x1b" not in r.stdout and "[bold]重点[/]" in r.stdout


def test_sql_metacharacters_and_wildcards_in_filter_values_are_literal(seeded, tmp_path):
    seeded("import", str(write_plan(tmp_path / "p.json", small_plan())))
    for value, expected in (
        ("_%", [3]),
        ("%", [1, 3]),
        ("'; DROP TABLE tasks; --", []),
        ("[bold]", [3]),
        ("\x1b[31m", [3]),
    ):
        r = seeded("list", "--search", value, "--format", "ids")
        assert r.exit_code == 0, r.output
        assert ids(r) == expected, value
    r = seeded("list", "--format", "ids")
    assert ids(r) == [1, 2, 3]


def test_no_color_and_pipes_get_no_ansi(seeded):
    r = seeded("list", "--limit", "3", NO_COLOR="1")
    assert "\x1b" not in r.stdout


def test_filter_help_prints_the_whole_grammar_word_for_word(run):
    from guantask.filters.help import FILTER_HELP

    r = run("filter", "--help")
    assert r.exit_code == 0
    for line in FILTER_HELP.strip().splitlines():
        assert line.strip() in r.stdout, line


def test_task_text_never_starts_a_table_line_with_closing_punctuation(seeded):
    for columns in ("80", "100", "200"):
        r = seeded("list", COLUMNS=columns)
        assert r.exit_code == 0, r.output
        for line in r.stdout.splitlines():
            assert len(line) <= int(columns) or "━" in line
            cell = line[line.find("  ", 6) :].lstrip() if line.startswith(" " * 6) else ""
            assert not cell.startswith(("，", "。", "、", "；", "：", "）", "”")), line


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="地区生产总值增长6%。，、”（） abcd-\t", max_size=30),
    width=st.integers(1, 40),
)
def test_a_line_that_fits_is_wrapped_as_the_full_rules_wrap_it(text: str, width: int) -> None:
    from guantask.render.wrap import wrap_cells

    # With a newline the text takes the full loop (the shortcut needs a single line).
    assert wrap_cells(text, width) == wrap_cells(text + "\n", width)[:-1]
