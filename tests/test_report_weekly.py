"""`report weekly`: golden files for each format, byte-identical runs, the ISO week, the sections,
a well-formed self-contained HTML page and a text report whose Chinese columns line up."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser

import pytest
from report_plans import DOC, golden, ok, setup_week
from rich.cells import cell_len

pytestmark = pytest.mark.both_stores

FORMATS = {"text": "weekly.txt", "md": "weekly.md", "html": "weekly.html", "json": "weekly.json"}


@pytest.fixture
def week(run, tmp_path):  # type: ignore[no-untyped-def]
    run.env["GUANTASK_PLAN"] = DOC
    setup_week(run, tmp_path)
    return run


def _report(run, *args: str, **env: str) -> str:  # type: ignore[no-untyped-def]
    r = ok(run("report", "weekly", *args, **env))
    assert r.stderr == ""
    return r.stdout


def _data(run, *args: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(_report(run, "--format", "json", *args))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden_report(week, fmt, update_golden):
    golden(FORMATS[fmt], _report(week, "--format", fmt), update_golden)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_same_database_and_day_give_the_same_bytes_whatever_the_terminal(week, fmt, tmp_path):
    first = _report(week, "--format", fmt)
    assert _report(week, "--format", fmt, COLUMNS="40", TERM="xterm-256color") == first
    assert _report(week, "--format", fmt, COLUMNS="250", NO_COLOR="", LINES="5") == first
    # "today" from --as-of or from the environment: the same report
    assert _report(week, "--format", fmt, "--as-of", "2024-03-15", GUANTASK_TODAY="2030-01-01") == (
        first
    )
    out = tmp_path / f"weekly.{fmt}"
    r = ok(week("report", "weekly", "--format", fmt, "-o", str(out)))
    assert r.stdout == ""
    assert "2024-W11" in r.stderr
    assert out.read_bytes() == first.encode("utf-8")


def test_the_report_covers_the_iso_week_holding_the_as_of_day(week):
    data = _data(week)
    assert data["week"] == {
        "label": "2024-W11",
        "year": 2024,
        "week": 11,
        "start": "2024-03-11",
        "end": "2024-03-17",
    }
    assert data["as_of"] == "2024-03-15"
    assert [p["id"] for p in data["progress"]] == [1, 2, 5, 6, 7]
    # Monday: only what was recorded on Monday (task 7 reported done)
    monday = _data(week, "--as-of", "2024-03-11")
    assert monday["week"]["start"] == "2024-03-11"
    assert [p["id"] for p in monday["progress"]] == [7]
    # the next Monday starts a new week
    assert _data(week, "--as-of", "2024-03-18")["progress"] == []
    # an ISO week that starts in the previous year
    assert _data(week, "--as-of", "2025-01-01")["week"]["label"] == "2025-W01"


def test_progress_this_week_shows_before_and_after_with_notes(week):
    progress = {p["id"]: p for p in _data(week)["progress"]}
    assert progress[1]["before"] == {"date": "2024-02-20", "percent": 10, "status": "in-progress"}
    assert progress[1]["after"] == {"date": "2024-03-12", "percent": 20, "status": "in-progress"}
    assert [r["note"] for r in progress[1]["records"]] == ["一季度数据待统计"]
    assert progress[2]["before"] == {"date": None, "percent": 0, "status": "not-started"}
    assert progress[2]["after"]["percent"] == 40  # derived from 120 of 300 5G base stations
    assert progress[5]["after"]["status"] == "blocked"
    assert progress[7]["after"]["status"] == "signed-off"
    assert [r["status"] for r in progress[7]["records"]] == ["done", "signed-off"]


def test_totals_overdue_due_soon_stale_tables_and_targets(week):
    data = _data(week)
    assert data["totals"] == {
        "tasks": 7,
        "by_status": {
            "not-started": 1,
            "in-progress": 3,
            "at-risk": 1,
            "blocked": 1,
            "done": 0,
            "signed-off": 1,
        },
        "by_light": {"red": 2, "yellow": 2, "green": 2, "done": 1},
    }
    assert [(t["id"], t["days_late"]) for t in data["overdue"]] == [(3, 5), (5, -291)]
    assert [(t["id"], t["days_late"]) for t in data["due_soon"]] == [(4, -10)]
    assert [(t["id"], t["last_activity"], t["days_idle"]) for t in data["stale"]] == [
        (3, "2024-01-31", 44)
    ]
    leaders = {r["name"]: r for r in data["by_leader"]["rows"]}
    assert list(leaders) == ["王明", "李强", "张华"]  # the order of their first task
    assert leaders["王明"] == {
        "name": "王明",
        "tasks": 3,
        "done": 0,
        "red": 1,
        "yellow": 0,
        "green": 2,
        "average_percent": 21.7,
    }
    assert data["by_leader"]["total"]["tasks"] == 7  # task 2 has two leaders, counted once
    assert [r["name"] for r in data["by_unit"]["rows"]][:2] == [
        "县发展和改革局",
        "县工业和信息化局",
    ]
    targets = data["targets"]
    assert (targets["total"], targets["reported"]) == (4, 2)
    assert [
        (t["task"], t["metric"], t["target"], t["actual"], t["attainment"]) for t in targets["rows"]
    ] == [
        (2, "5G基站", 300, 120, 40.0),
        (5, "到位资金", 5000000000, 1200000000, 24.0),
    ]


def test_thresholds_from_config_are_used_and_shown(week):
    ok(week("config", "set", "warn-days", "30"))
    data = _data(week)
    assert data["settings"]["warn-days"] == 30
    assert [t["id"] for t in data["due_soon"]] == [4]  # 7 is signed off, so not due
    text = _report(week)
    assert "Due in the next 30 days (1)" in text
    assert "due within 30 days" in text


def test_progress_after_the_as_of_day_is_left_out(week):
    data = _data(week, "--as-of", "2024-03-13")
    assert [p["id"] for p in data["progress"]] == [1, 2, 6, 7]  # task 5's is dated 03-14
    assert [t["id"] for t in data["overdue"]] == [3]


# ----- text ----------------------------------------------------------------------------------


def test_text_fits_the_width_and_its_chinese_columns_line_up(week):
    for width in (60, 100, 140):
        text = _report(week, "--width", str(width))
        assert "\x1b" not in text
        assert all(cell_len(line) <= width for line in text.splitlines())
        assert not any(line != line.rstrip() for line in text.splitlines())
    text = _report(week)
    lines = text.splitlines()
    head = next(i for i, x in enumerate(lines) if x.startswith("Leader ") and "Avg %" in x)
    header = lines[head]
    # every row's "Tasks" figure ends in the same cell as the header's "Tasks"
    end = cell_len(header[: header.index("Tasks") + len("Tasks")])
    for line in lines[head + 2 : head + 5]:
        m = re.match(r"(\S+)\s+(\d+)", line)
        assert m, line
        assert cell_len(line[: m.end(2)]) == end, line
    # the unit column of the progress table starts in the same cell on every row
    head = next(i for i, x in enumerate(lines) if "Before -> After" in x)
    start = cell_len(lines[head][: lines[head].index("Lead units")])
    for line, unit in zip(
        [x for x in lines[head + 2 :] if re.match(r"\s*\d+\s", x)][:5],
        [
            "县发展和改革局",
            "县工业和信息化局",
            "县经济发展服务中心",
            "县发展和改革局",
            "县住房和城乡建设局",
        ],
        strict=True,
    ):
        assert cell_len(line[: line.index(unit)]) == start, line


def test_text_uses_only_single_cell_punctuation_for_rules_and_marks(week):
    text = _report(week)
    # box drawing, arrows, ellipses and ≥ are ambiguous-width: two cells in many Chinese fonts
    assert not set(text) & set("─━│┃…→≥—·")


# ----- HTML ----------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.sections: list[str] = []
        self.h2: list[str] = []
        self.text: list[str] = []
        self._in_h2 = False
        self.decl: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag not in ("meta", "br"):
            self.stack.append(tag)
        if tag == "section":
            self.sections.append(dict(attrs)["id"] or "")
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        self._in_h2 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2:
            self.h2.append(data)


def test_html_is_one_well_formed_self_contained_page(week):
    page = _report(week, "--format", "html")
    p = _Page()
    p.feed(page)
    p.close()
    assert p.decl == ["DOCTYPE html"]
    assert p.stack == []  # every element closed, properly nested
    assert ("html", {"lang": "zh-CN"}) in p.attrs
    assert ("meta", {"charset": "utf-8"}) in p.attrs
    assert p.sections == [
        "totals",
        "progress",
        "overdue",
        "due-soon",
        "stale",
        "by-leader",
        "by-unit",
        "targets",
    ]
    assert p.h2[0] == "1. Totals"
    assert "style" in p.tags and p.tags.count("table") == 8
    # nothing loaded from elsewhere, nothing run
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert not any(k in ("src", "href") for _t, a in p.attrs for k in a)
    assert "http" not in page and "url(" not in page and "@import" not in page
    # the light colours
    classes = " ".join(a.get("class") or "" for _t, a in p.attrs)
    for light in ("red", "yellow", "green", "done"):
        assert f"light-{light}" in classes
        assert f".light-{light}" in page


def test_html_escapes_text_from_the_database(week):
    page = _report(week, "--format", "html")
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "\x1b" not in page and "\\x1b" in page
    assert "土地指标未落实 [red]|*" in page  # a note: shown literally
    p = _Page()
    p.feed(page)
    assert "推进[bold]重点[/]项目 | *建设* <b>x</b> & \\x1b[31m红\\x1b[0m_%。" in [
        a.get("title") for _t, a in p.attrs
    ]


# ----- Markdown ------------------------------------------------------------------------------


def test_markdown_tables_are_well_formed_and_escape_specials(week):
    md = _report(week, "--format", "md")
    lines = md.splitlines()
    assert lines[0] == "# Weekly report 2024\\-W11" or lines[0] == "# Weekly report 2024-W11"
    assert sum(1 for x in lines if x.startswith("## ")) == 8
    table: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            cells = [len(re.split(r"(?<!\\)\|", row)) for row in table]
            assert len(set(cells)) == 1, table
            assert re.fullmatch(r"\|(---:?\|)+", table[1])
            table = []
    assert "土地指标未落实 \\[red\\]\\|\\*" in md
    assert "<b>" not in md


def test_a_week_across_new_year_belongs_to_its_iso_year(week):
    data = _data(week, "--as-of", "2024-12-30")
    assert data["week"] == {
        "label": "2025-W01",
        "year": 2025,
        "week": 1,
        "start": "2024-12-30",
        "end": "2025-01-05",
    }


def test_an_unwritable_output_file_is_a_one_line_error(week, tmp_path):
    # The same checks and messages as `export -o` (outfile.write_atomic).
    r = week("report", "weekly", "-o", str(tmp_path / "missing" / "weekly.txt"))
    assert r.exit_code == 2
    assert r.stderr == f"guantask: folder {tmp_path / 'missing'} does not exist\n"
    r = week("report", "weekly", "-o", str(tmp_path))  # a folder
    assert r.exit_code == 2
    assert r.stderr == f"guantask: {tmp_path} is a folder; give a file name\n"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    r = week("report", "weekly", "-o", str(locked / "weekly.txt"))
    locked.chmod(0o700)
    if os.geteuid() != 0:  # root writes anywhere
        assert r.exit_code == 1
        assert r.stderr.startswith("guantask: cannot write ")
    # the temporary file written next to the target is gone
    assert not [p for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}.")]
