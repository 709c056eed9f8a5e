"""One rule for every person's name: `--by`, `$GUANTASK_USER`, `assign --to`, a batch's `by`
column and `history --by` all refuse blank, over-long and control-character names (exit 2; a
bad row of a batch file is exit 1 like any other bad row)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run

LONG = "张" * 101
BAD = ("", "   ", LONG, "ivan\x1b[2J", "a\nb", "x\x00y", "left\u202eright")


@pytest.mark.parametrize("name", BAD[1:])
def test_by_option_refuses_names_outside_the_rule(seeded: Run, name: str) -> None:
    r = seeded("record-progress", "18", "--percent", "5", "--by", name)
    assert r.exit_code == 2, r.output
    assert "--by" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize("name", BAD[2:])
def test_guantask_user_refuses_names_outside_the_rule(seeded: Run, name: str) -> None:
    if "\x00" in name:
        pytest.skip("an environment variable cannot hold NUL")
    r = seeded("record-progress", "18", "--percent", "5", GUANTASK_USER=name)
    assert r.exit_code == 2, r.output
    assert "$GUANTASK_USER" in r.output
    r = seeded("history", "18", "--format", "json")
    assert r.exit_code == 0, r.output
    assert '"percent": 5' not in r.output  # nothing was written


@pytest.mark.parametrize("name", BAD[2:])
def test_assign_to_refuses_names_outside_the_same_rule(seeded: Run, name: str) -> None:
    r = seeded("assign", "20", "--to", name)
    assert r.exit_code == 2, r.output
    assert "--to" in r.output


def test_batch_by_column_refuses_a_control_character_name(seeded: Run, tmp_path: Path) -> None:
    batch = tmp_path / "returns.csv"
    batch.write_text('id,percent,by\n18,40,"ivan\x1b]0;pwned\x07"\n', encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(batch))
    assert r.exit_code == 1, r.output  # a bad row in a file is a data error, as for every column
    assert "returns.csv:2: by: a name cannot hold control characters" in r.output
    assert "nothing was written" in r.output


def test_history_by_refuses_an_over_long_name(seeded: Run) -> None:
    r = seeded("history", "--by", LONG)
    assert r.exit_code == 2, r.output


def test_names_at_the_limit_are_accepted_everywhere(seeded: Run) -> None:
    name = "李" * 100
    r = seeded("assign", "20", "--to", name, "--by", name)
    assert r.exit_code == 0, r.output
    r = seeded("record-progress", "18", "--percent", "5", GUANTASK_USER=f"  {name}  ")
    assert r.exit_code == 0, r.output
    r = seeded("history", "--by", name, "--format", "json")
    assert r.exit_code == 0, r.output
    assert name in r.output
