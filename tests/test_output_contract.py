"""Each command takes exactly the formats it can produce, and an empty result still has its
CSV/TSV header (issue 14.7, 14.8)."""

from __future__ import annotations

import pytest
from conftest import Run


@pytest.mark.parametrize("fmt", ["md", "csv", "tsv", "ids", "jsonl"])
def test_show_refuses_a_format_it_cannot_write(run: Run, fmt: str) -> None:
    r = run("show", "18", "--format", fmt)
    assert r.exit_code == 2, r.output
    assert "table" in r.stderr and "json" in r.stderr
    assert r.stdout == ""


def test_show_lists_its_formats_in_its_help(run: Run) -> None:
    r = run("show", "--help")
    assert r.exit_code == 0, r.output
    assert "<table|json>" in r.stdout


def test_show_json_is_one_object(run: Run) -> None:
    r = run("show", "18", "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.stdout.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("args", "header"),
    [
        (["list", "--status", "done"], "id,plan,section,subsection,text,"),
        (["filter", "status:done"], "id,plan,section,subsection,text,"),
        (["stats", "status:done"], "name,tasks,done,red,yellow,green,average_percent"),
        (["stats", "--by", "section", "status:done"], "section,name,tasks,done,"),
        (["overdue"], "id,plan,section,"),
    ],
)
def test_empty_result_prints_the_csv_header(run: Run, args: list[str], header: str) -> None:
    r = run(*args, "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(header) and r.stdout.count("\n") == 1, r.stdout
    tsv = run(*args, "--format", "tsv")
    assert tsv.exit_code == 0, tsv.output
    assert tsv.stdout.startswith(header.replace(",", "\t")), tsv.stdout


@pytest.mark.parametrize("args", [["list", "--status", "done"], ["stats", "status:done"]])
def test_empty_result_without_headers_prints_nothing(run: Run, args: list[str]) -> None:
    r = run(*args, "--format", "csv", "--no-headers")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""


def test_empty_result_with_fields_prints_those_fields(run: Run) -> None:
    r = run("list", "--status", "done", "--format", "csv", "--fields", "id,due")
    assert r.exit_code == 0, r.output
    assert r.stdout == "id,due\n"


def test_filter_takes_a_leading_minus_as_not(run: Run) -> None:
    both = run("filter", "unit:发改", "-f", "ids")
    assert both.exit_code == 0, both.output
    r = run("filter", "unit:发改", "-status:not-started", "-f", "ids")
    assert r.exit_code == 0, r.output
    negated = run("filter", "unit:发改", "not", "status:not-started", "--format", "ids")
    assert r.stdout == negated.stdout
    signed = run("filter", "unit:发改", "-status:signed-off", "--format=ids")
    assert signed.exit_code == 0, signed.output
    assert signed.stdout == both.stdout and len(both.stdout.split()) > 1


def test_filter_terms_and_real_options_mix_in_any_order(run: Run) -> None:
    r = run("filter", "--limit", "2", "-status:signed-off", "-fids", "unit:发改")
    assert r.exit_code == 0, r.output
    assert len(r.stdout.split()) == 2


def test_stats_and_overdue_take_negated_terms(run: Run) -> None:
    r = run("stats", "-status:not-started", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("name,tasks")
    r = run("overdue", "-leader:张怀恒", "--format", "csv", "--as-of", "2025-01-10")
    assert r.exit_code == 0, r.output
    assert "张怀恒" not in r.stdout and r.stdout.count("\n") > 1


def test_filter_refuses_an_unknown_long_option(run: Run) -> None:
    r = run("filter", "--bogus", "unit:发改")
    assert r.exit_code == 2
    assert "--bogus" in r.stderr
