"""Hostile input, property-based: random command lines, option values, notes and file contents
never make guantask crash, never leave the documented exit codes, never damage the database,
and a refused command (non-zero exit) changes nothing.

Inputs mix free Unicode text with fragments chosen to hurt: CJK and emoji, control characters
and terminal escapes, Rich markup, SQL and LIKE fragments, NUL bytes, lone surrogates (what
Python makes of invalid UTF-8 in argv), long strings; files of random bytes, invalid UTF-8,
JSON of the wrong shape, plans with one field replaced by junk, CSV with wrong columns. One
case of each kind is 1 MB.

The CLI runs in-process (CliRunner) for speed; an exception escaping the error handler, a
Python traceback or an "internal error" (an exception guantask did not expect) fails the test.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_plans import SMALL
from torture import EXIT_CODES, digest, integrity
from typer.testing import CliRunner

from guantask.cli.app import app

FRAGMENTS = [
    "冠县",
    "张怀恒",
    "县工业和信息化局",
    "工信",
    "zhh",
    "5G基站",
    "=",
    "800",
    "4.3万",
    "-1",
    "101",
    "2024-02-30",
    "明天",
    "🚀",
    "👨‍👩‍👧",
    "\u0301",
    "\x1b[31m",
    "\x1b[2J",
    "\x1b]8;;http://evil.example\x1b\\",
    "\x07",
    "\x08",
    "\x9b2J",
    "\x7f",
    "\r\n",
    "\t",
    "\u202e",
    "\ufeff",
    "[bold]",
    "[/]",
    "[link=http://evil.example]",
    ":warning:",
    "'; DROP TABLE tasks; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "\x00",
    "\udcff",
    ",",
    ":",
    "(",
    ")",
    "not",
    "or",
    "due<",
    "percent>=",
    "leader:",
    "unit:",
    "status:",
    "x" * 5000,
]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=5).map("".join),
)
task_no = st.one_of(st.integers(-3, 130).map(str), hostile_text)
task_nos = st.one_of(
    task_no,
    st.lists(st.integers(0, 125), min_size=1, max_size=5).map(lambda n: ",".join(map(str, n))),
)


def _commands(t: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Command lines of every command that takes text, with hostile values in every slot."""
    return st.one_of(
        st.tuples(task_no, t).map(lambda a: ["record-progress", a[0], "--note", a[1]]),
        st.tuples(task_no, t).map(lambda a: ["record-progress", a[0], "--percent", a[1]]),
        st.tuples(task_no, t).map(lambda a: ["record-progress", a[0], "--value", a[1]]),
        st.tuples(task_no, t).map(lambda a: ["record-progress", a[0], "--status", a[1]]),
        st.tuples(task_no, t).map(lambda a: ["record-progress", a[0], "--date", a[1]]),
        st.tuples(task_nos, t, t).map(lambda a: ["assign", a[0], "--to", a[1], "--unit", a[2]]),
        st.tuples(task_nos, t, t).map(lambda a: ["assign", a[0], "--to", a[1], "--due", a[2]]),
        st.tuples(task_nos, t).map(lambda a: ["signoff", a[0], "--force", "--note", a[1]]),
        st.tuples(task_no, t, t).map(lambda a: ["extend", a[0], "--to", a[1], "--reason", a[2]]),
        st.tuples(t).map(lambda a: ["list", "--search", a[0], "--format", "json"]),
        st.tuples(t).map(lambda a: ["list", "--leader", a[0]]),
        st.tuples(t).map(lambda a: ["list", "--unit", a[0], "--format", "csv"]),
        st.tuples(t).map(lambda a: ["list", "--assignee", a[0]]),
        st.tuples(t).map(lambda a: ["list", "--due-before", a[0]]),
        st.tuples(t).map(lambda a: ["list", "--fields", a[0], "--format", "json"]),
        st.tuples(t).map(lambda a: ["list", "--format", a[0]]),
        st.lists(t, min_size=1, max_size=4).map(lambda a: ["filter", *a]),
        st.tuples(t).map(lambda a: ["show", a[0]]),
        st.lists(t, max_size=3).map(lambda a: ["overdue", *a]),
        st.tuples(t).map(lambda a: ["overdue", "--within", a[0]]),
        st.tuples(t).map(lambda a: ["stats", "--by", a[0]]),
        st.lists(t, max_size=3).map(lambda a: ["stats", "--by", "unit", *a]),
        st.lists(t, max_size=3).map(lambda a: ["chase", *a]),
        st.lists(t, max_size=3).map(lambda a: ["export", *a, "--format", "json"]),
        st.tuples(t, t).map(lambda a: ["history", "--by", a[0], "--since", a[1]]),
        st.tuples(t).map(lambda a: ["report", "weekly", "--as-of", a[0]]),
        st.tuples(t, t).map(lambda a: ["config", "set", a[0], a[1]]),
        st.tuples(t).map(lambda a: ["config", "get", a[0]]),
        st.tuples(t, t).map(lambda a: ["units", "alias", a[0], a[1]]),
        st.tuples(t).map(lambda a: ["units", "alias", a[0], "县工业和信息化局"]),
        st.tuples(t).map(lambda a: ["units", "unalias", a[0]]),
        st.tuples(t, t).map(lambda a: ["units", "merge", a[0], a[1]]),
        st.tuples(t).map(lambda a: ["--plan", a[0], "list"]),
        st.tuples(t).map(lambda a: ["--as-of", a[0], "overdue"]),
        st.tuples(t).map(lambda a: ["--lang", a[0], "plans"]),
        st.lists(t, max_size=4).map(lambda a: [*a]),
        st.just(["undo", "--yes"]),
    )


class Cli:
    """The CLI in-process with a pinned environment; exceptions are caught into the Result."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.env = {
            "GUANTASK_DB": str(db),
            "GUANTASK_TODAY": TODAY,
            "GUANTASK_USER": "tester",
            "GUANTASK_LANG": "en",
            "COLUMNS": "120",
            "NO_COLOR": "1",
            "TERM": "dumb",
        }

    def __call__(self, args: list[str], input: str | bytes | None = None) -> Result:
        saved = dict(os.environ)
        os.environ.update(self.env)
        try:
            return CliRunner().invoke(app, args, input=input, catch_exceptions=True)
        finally:
            os.environ.clear()
            os.environ.update(saved)


def _assert_survives(cli: Cli, args: list[str], input: str | bytes | None = None) -> Result:
    """Run one hostile command; check the invariants; return its result."""
    before = digest(cli.db)
    r = cli(args, input=input)
    shown = f"{args!r:.300} -> exit {r.exit_code}: {r.output[-600:]!r}"
    assert r.exception is None or isinstance(r.exception, SystemExit), (
        shown + f" raised {r.exception!r}"
    )
    assert r.exit_code in EXIT_CODES, shown
    assert "Traceback" not in r.output, shown
    assert "internal error" not in r.stderr, shown
    assert integrity(cli.db) == [], shown
    if r.exit_code != 0:
        assert digest(cli.db) == before, "refused but changed the database: " + shown
        lines = [line for line in r.stderr.splitlines() if line.startswith("guantask: ")]
        assert lines or r.exit_code == 2, shown  # Typer's own usage errors print a box
    return r


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    c = Cli(tmp_path / "guantask.db")
    assert c(["init"]).exit_code == 0
    # Something for undo, sign-off and the reports to work on.
    assert c(["record-progress", "18", "--percent", "40", "--note", "起步"]).exit_code == 0
    assert c(["assign", "18,19", "--to", "李明", "--unit", "工信"]).exit_code == 0
    return c


QUICK = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@QUICK
@given(args=_commands(hostile_text))
def test_hostile_command_lines_never_crash_and_refusals_change_nothing(
    cli: Cli, args: list[str]
) -> None:
    _assert_survives(cli, args)


# ----- files ------------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        hostile_text,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(data: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every value inside a JSON document."""
    out: list[tuple[Any, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        out.append((data, key))
        if isinstance(value, dict | list) and value:
            out += _paths(value)
    return out


@st.composite
def broken_plans(draw: st.DrawFn) -> str:
    """The small sample plan with one value replaced by junk (or one key dropped)."""
    plan = copy.deepcopy(SMALL)
    plan["document"]["doc_number"] = "测政办发〔2031〕1号"
    container, key = draw(st.sampled_from(_paths(plan)))
    if draw(st.booleans()) and isinstance(container, dict):
        del container[key]
    else:
        container[key] = draw(json_values)
    return json.dumps(plan, ensure_ascii=False, allow_nan=True)


csv_cell = st.one_of(
    hostile_text, st.integers(-5, 130).map(str), st.sampled_from(["done", "blocked", "40%"])
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    columns = ["id", "percent", "status", "value", "note", "date", "by", "", "ID", "备注", "id"]
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=7))
    rows = draw(st.lists(st.lists(csv_cell, max_size=len(header) + 2), max_size=5))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    quote = draw(st.booleans())

    def line(cells: list[str]) -> str:
        if quote:
            cells = ['"' + c.replace('"', '""') + '"' for c in cells]
        return sep.join(cells)

    return "\n".join(line(c) for c in [header, *rows])


file_bytes = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=100).map(lambda b: b"\xff\xfe\x80" + b),
    hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    broken_plans().map(lambda s: s.encode("utf-8", "surrogatepass")),
    csv_texts().map(lambda s: s.encode("utf-8", "surrogatepass")),
)


@QUICK
@given(
    content=file_bytes,
    command=st.sampled_from(
        [
            ["import", "{f}"],
            ["import", "{f}", "--dry-run"],
            ["record-progress", "--from-csv", "{f}"],
            ["record-progress", "--from-csv", "-"],
            ["parse", "{f}"],
            ["import", "-"],
        ]
    ),
)
def test_hostile_files_never_crash_and_refusals_change_nothing(
    cli: Cli, tmp_path: Path, content: bytes, command: list[str]
) -> None:
    f = tmp_path / "input.dat"
    f.write_bytes(content)
    args = [a.replace("{f}", str(f)) for a in command]
    _assert_survives(cli, args, input=content if "-" in args else None)


# ----- one megabyte -----------------------------------------------------------------------------

MEGA = ("冠县\x1b[31m[bold]'%_🚀\x00" * 100_000)[:1_000_000]


def test_one_megabyte_values_are_refused_and_long_notes_up_to_the_limit_are_kept(
    cli: Cli, tmp_path: Path
) -> None:
    from guantask.work.inputs import NAME_MAX, NOTE_MAX

    # Stored free text has limits (a 1 MB cell would take seconds to draw in every table).
    for args in (
        ["record-progress", "18", "--percent", "50", "--note", MEGA],
        ["assign", "20", "--to", MEGA],
        ["record-progress", "18", "--note", MEGA],
        ["record-progress", "18", "--value", MEGA],
        ["units", "alias", MEGA, "县工业和信息化局"],
        ["extend", "18", "--to", "2025-01-31", "--reason", MEGA],
    ):
        r = _assert_survives(cli, args)
        assert r.exit_code != 0, args[:2]
    for args in (
        ["list", "--search", MEGA],
        ["filter", MEGA],
        ["history", "--by", MEGA],
        ["show", MEGA],
    ):
        _assert_survives(cli, args)
    note = (MEGA * 2)[:NOTE_MAX]
    name = "".join(c for c in MEGA if c.isprintable())[:NAME_MAX]  # names hold no controls
    assert (
        _assert_survives(
            cli, ["record-progress", "18", "--percent", "50", "--note", note]
        ).exit_code
        == 0
    )
    assert _assert_survives(cli, ["assign", "20", "--to", name]).exit_code == 0
    for args in (["history", "18", "--format", "json"], ["list"], ["show", "18"]):
        r = _assert_survives(cli, args)
        assert r.exit_code == 0, r.output[-300:]
    r = _assert_survives(cli, ["show", "18", "--format", "json"])
    assert r.exit_code == 0
    assert note.strip() in _strings(
        json.loads(r.stdout)
    )  # the note, kept as written (NUL included)


def _strings(data: Any) -> list[str]:
    """Every string inside a JSON document."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def test_one_megabyte_files_are_handled_without_a_crash(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "big.dat"
    cases: list[bytes] = [
        ("id,percent,note\n18,50," + MEGA.replace("\x00", "") + "\n").encode("utf-8"),
        ('id,percent,note\n18,50,"' + "注" * 1_000_000 + '"\n').encode("utf-8"),
        json.dumps({**SMALL, "tasks": [{**SMALL["tasks"][0], "text": MEGA}]}).encode("utf-8"),
        b"\xff" * 1_000_000,
        ("[" * 100_000).encode("ascii"),
        MEGA.encode("utf-8"),
    ]
    for content in cases:
        f.write_bytes(content)
        for args in (
            ["record-progress", "--from-csv", str(f)],
            ["import", str(f)],
            ["parse", str(f)],
        ):
            _assert_survives(cli, args)
