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


# ----- numbers and dates ------------------------------------------------------------------------

HUGE = "99999999999999999999"  # 20 digits: past SQLite's 64-bit integers


@pytest.mark.parametrize(
    "args",
    [
        ["show", HUGE],
        ["show", "1000000"],
        ["list", "--limit", HUGE],
        ["filter", "leader:张", "--limit", HUGE],
        ["overdue", "--within", "3000000"],
        ["record-progress", HUGE, "--percent", "5"],
        ["extend", HUGE, "--to", "2024-12-31", "--reason", "x"],
        ["history", HUGE],
        ["history", "--limit", HUGE],
        ["parse", "data/notices/guanzhengbanfa-2024-1.txt", "--year", "2100"],
    ],
    ids=lambda a: "-".join(a)[:40],
)
def test_a_number_option_or_id_past_its_bound_is_a_usage_error(
    seeded: Run, args: list[str]
) -> None:
    r = seeded(*args)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "not in the range" in r.stderr and "internal error" not in r.stderr, r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["filter", f"id:{HUGE}"], "filter: id '99999999999999999999' is out of range (1-999999)"),
        (["filter", "id:" + "9" * 5000], "is out of range (1-999999) at position 1"),
        (["filter", "section:100"], "filter: section '100' is out of range (1-99)"),
        (["list", "--section", "100"], "section '100' is out of range (1-99)"),
        (["list", "--section", HUGE], "is out of range (1-99)"),
        (["filter", "subsection:" + HUGE], "is out of range (1-99)"),
        (["assign", HUGE, "--to", "李明"], "task id '99999999999999999999' is out of range"),
        (["signoff", "18", HUGE], "task id '99999999999999999999' is out of range"),
        (["record-progress", "18", "--value", "5G基站=" + "9" * 400], "is larger than 1e+15"),
    ],
    ids=[
        "filter-id",
        "filter-5000-digits",
        "section",
        "list-section",
        "list-section-huge",
        "subsection",
        "assign",
        "signoff",
        "value",
    ],
)
def test_an_id_or_figure_in_text_past_its_bound_is_one_usage_line(
    seeded: Run, args: list[str], message: str
) -> None:
    r = seeded(*args)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert message in one_line(r)


def test_a_task_id_in_a_batch_file_past_its_bound_is_refused(seeded: Run, tmp_path: Path) -> None:
    batch = tmp_path / "progress.csv"
    batch.write_text(f"id,percent\n18,10\n{HUGE},20\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(batch))
    assert r.exit_code != 0, r.output
    assert f"progress.csv:3: task id '{HUGE}' is out of range (1-999999)" in r.stderr
    assert "nothing was written" in r.stderr and "internal error" not in r.stderr
    assert '"kind": "progress"' not in seeded("history", "--format", "json").stdout


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_a_today_outside_2000_to_2099_is_a_usage_error(seeded: Run, day: str) -> None:
    for args, env in (
        (["--as-of", day, "list"], {}),
        (["overdue", "--as-of", day], {}),
        (["report", "weekly"], {"GUANTASK_TODAY": day}),
    ):
        r = seeded(*args, **env)
        assert r.exit_code == ExitCode.USAGE, r.output
        assert f"date '{day}' is outside the years 2000-2099" in one_line(r)


@pytest.mark.parametrize(
    "args",
    [
        ["record-progress", "18", "--percent", "5", "--date", "1999-12-31"],
        ["extend", "18", "--to", "9999-12-31", "--reason", "x"],
        ["extend", "18", "--to", "+99999d", "--reason", "x"],
        ["history", "--since", "0001-01-01"],
        ["list", "--due-before", "2100-01-01"],
        ["filter", "due<9999-01-01"],
    ],
    ids=lambda a: "-".join(a)[:40],
)
def test_a_recorded_or_searched_date_outside_the_window_is_a_usage_error(
    seeded: Run, args: list[str]
) -> None:
    r = seeded(*args)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "is outside the years 2000-2099" in one_line(r)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("tasks", 0, "id"), int(HUGE), "$.tasks[0].id: more than 999999"),
        (("sections", 0, "no"), 100, "$.sections[0].no: more than 99"),
        (("document", "year"), int(HUGE), "$.document.year: more than 2099"),
        (("tasks", 0, "due"), "9999-12-31", "$.tasks[0].due: outside the years 2000-2099"),
        (("document", "issued"), "0001-01-01", "$.document.issued: outside the years 2000-2099"),
        (("tasks", 0, "targets", 0, "value"), int(HUGE), "value: more than 1e+15"),
    ],
    ids=["task-id", "section", "year", "due", "issued", "target"],
)
def test_a_plan_file_number_or_date_out_of_bounds_is_refused(
    seeded: Run, tmp_path: Path, path: tuple[object, ...], value: object, message: str
) -> None:
    import json

    r = seeded("parse", "data/notices/guanzhengbanfa-2024-1.txt")
    assert r.exit_code == 0, r.output
    plan = json.loads(r.stdout)
    plan["document"]["doc_number"] = "测试〔2024〕9号"
    node = plan
    for key in path[:-1]:
        node = node[key]
    if path[0] == "tasks" and "targets" in path:
        node = next(t for t in plan["tasks"] if t["targets"])["targets"][0]
    node[path[-1]] = value
    (tmp_path / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    r = seeded("import", str(tmp_path / "plan.json"))
    assert r.exit_code == ExitCode.ERROR, r.output
    assert message in one_line(r)


# ----- another program's table (damaged events and schema, both stores: test_store_damage.py)


def _damage(db_path: Path, sql: str) -> None:
    con = sqlite3.connect(db_path)
    with con:
        con.executescript(sql)
    con.close()


def test_check_notes_a_table_of_another_program_without_failing(seeded: Run, db_path: Path) -> None:
    _damage(db_path, "CREATE TABLE office_notes (x)")
    r = seeded("check", "--format", "json")
    assert r.exit_code == 0, r.output
    assert "table office_notes is not guantask's" in r.stdout
