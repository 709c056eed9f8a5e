"""Limits on every input: filters nested or long past a cap, numbers and dates out of range, and
damaged stored records give one usage line (exit 2) or a refusal, never an internal error, a
hang, or a misleading "disk full"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Run

from guantask.errors import ExitCode

MAX_DEPTH = 50  # the filter language's caps (README, "Limits")
MAX_TERMS = 200


def one_line(r: object) -> str:
    """The single `guantask:` line a refused command prints (no traceback, no internal error)."""
    err = r.stderr  # type: ignore[attr-defined]
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("guantask: ") and "internal error" not in lines[0], err
    return lines[0]


# ----- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["(" * 400 + "id:1" + ")" * 400], f"nested more than {MAX_DEPTH} deep at position"),
        (["not"] * 1000 + ["id:1"], f"nested more than {MAX_DEPTH} deep at position"),
        (["-" * 1000 + "id:1"], f"nested more than {MAX_DEPTH} deep at position 1"),
        (["-(" * 400 + "id:1" + ")" * 400], f"nested more than {MAX_DEPTH} deep at position"),
        (" or ".join(["id:1"] * 1000).split(), f"more than {MAX_TERMS} terms at position"),
        (["leader:张"] * (MAX_TERMS + 1), f"more than {MAX_TERMS} terms at position"),
    ],
    ids=["parentheses", "nots", "dashes", "negated-groups", "ors", "juxtaposed"],
)
def test_a_filter_past_the_nesting_or_term_cap_is_a_positioned_usage_error(
    seeded: Run, words: list[str], message: str
) -> None:
    r = seeded("filter", "--", *words)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert message in one_line(r)


def test_the_position_points_at_the_term_past_the_cap(seeded: Run) -> None:
    words = ["id:1"] * MAX_TERMS + ["id:2"]
    r = seeded("filter", "--", *words)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert one_line(r).endswith(f"at position {len('id:1 ') * MAX_TERMS + 1}")


def _balanced(depth: int, op: str = " ") -> str:
    """A full tree of alternating and/or with 2**depth leaves."""
    if depth == 0:
        return "lead:工信"
    inner = _balanced(depth - 1, " or " if op == " " else " ")
    return f"({inner}){op}({inner})"


@pytest.mark.parametrize(
    "words",
    [
        ["-" * MAX_DEPTH + "+overdue"],
        ["not"] * MAX_DEPTH + ["id:1"],
        [" or ".join(["leader:张"] * MAX_TERMS)],
        # alternating not/and/or groups as deep as allowed, a balanced and/or tree at the bottom
        ["-(+overdue or " * 12 + "(" + _balanced(7) + ")" + ")" * 12],
        ["(unit:工信 -(+stale or " * 14 + "(" + _balanced(5) + ")" + "))" * 14],
        ["(" * (MAX_DEPTH - 2) + " or ".join(["(leader:张 -unit:工信)"] * 40) + ")" * 48],
    ],
    ids=["dashes", "nots", "ors", "not-or-chain", "and-not-or-chain", "parentheses"],
)
def test_a_filter_at_the_caps_runs(seeded: Run, words: list[str]) -> None:
    """Within the caps SQLite's parser stack (100 entries) is never exceeded."""
    r = seeded("filter", "--format", "ids", "--", *words)
    assert r.exit_code == 0, r.output


def test_a_database_error_is_told_by_its_code_not_by_words_in_its_message(
    seeded: Run, db_path: Path
) -> None:
    """A trigger's message saying "full" or "locked" is not a full disk (6) or a lock (4)."""
    with sqlite3.connect(db_path) as con:
        con.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON progress"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full; too large; locked'); END"
        )
    con.close()
    r = seeded("record-progress", "18", "--percent", "40")
    assert r.exit_code == ExitCode.ERROR, r.output
    assert "database or disk is full" in one_line(r)
