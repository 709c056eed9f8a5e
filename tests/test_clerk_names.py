"""Names as a county clerk types them (issue 14, items 4, 5, 6 and 11), through the real CLI:
everyday pinyin readings only, aliases that add a name without hiding others, empty values
that are usage errors, and `show <Tab>` ids in numeric order with their text in bash too."""

from __future__ import annotations

import pytest

from guantask.errors import ExitCode

# ----- item 6: empty values are not "everything" ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--leader", ""],
        ["list", "--leader", "  "],
        ["list", "--unit", ""],
        ["list", "--lead-unit", " "],
        ["list", "--search", ""],
        ["list", "--assignee", ""],
        ["list", "--due-before", ""],
        ["filter", ""],
        ["filter", "status:done", " "],
        ["overdue", ""],
        ["stats", ""],
        ["export", "", "--format", "csv"],
        ["history", "--by", ""],
        ["history", "--since", " "],
        ["assign", "18", "--to", "李明", "--unit", ""],
        ["units", "merge", "", "县财政局"],
        ["units", "merge", "县财政局", " "],
    ],
)
def test_an_empty_or_blank_value_is_a_usage_error_not_every_task(seeded, args) -> None:
    r = seeded(*args)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert r.stdout == ""
    assert r.stderr.startswith("guantask: ") and "empty" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_an_empty_unit_for_a_template_writes_no_file(seeded, tmp_path) -> None:
    out = tmp_path / "t.csv"
    r = seeded("template", "--unit", " ", "-o", str(out))
    assert r.exit_code == ExitCode.USAGE, r.output
    assert not out.exists()


def test_an_empty_value_changes_nothing(seeded) -> None:
    before = seeded("history", "--format", "json").stdout
    r = seeded("assign", "18", "--to", "李明", "--unit", "")
    assert r.exit_code == ExitCode.USAGE, r.output
    assert seeded("history", "--format", "json").stdout == before


def test_a_name_that_picks_one_unit_and_matches_several_is_a_usage_error(seeded) -> None:
    r = seeded("assign", "18", "--to", "李明", "--unit", "发改")
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "县发展和改革局" in r.stderr and "县发展和改革委员会" in r.stderr
