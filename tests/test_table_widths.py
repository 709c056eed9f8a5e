"""Every table command at 60, 80, 100, 120 and 200 columns, in English and Chinese: no line is
wider than the terminal, nothing is ellipsized, every id, number, percent and date is whole in
its cell, and the wrapped lines of every text cell join back to the text (issue 14.1-14.3).

Tables are drawn with --ascii so that the columns can be read back by their `|` rules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from rich.cells import cell_len

WIDTHS = (60, 80, 100, 120, 200)
LANGS = ("en", "zh")
LONG_NOTE = "设备到货延迟，供应商称二季度末才能交付全部设备和配套软件，请县工业和信息化局协调"
LONG_REASON = "受上级审批进度影响，项目用地手续尚未办结，需延期至三季度末完成全部建设内容"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_tables(output: str) -> tuple[list[list[str]], str]:
    """The cells of every ASCII table as columns of lines (one list of lines per column), and
    the text of the key/value grid (`show`) with its keys removed."""
    columns: list[list[str]] = []
    grid: list[str] = []
    current: list[list[str]] | None = None
    for line in output.splitlines():
        if re.fullmatch(r"\+-+\+", line.strip()):
            if current is not None:
                columns += current
            current = [] if current is None else None
            continue
        if current is not None and line.startswith("|"):
            if re.fullmatch(r"\|[-+|]+\|", line):
                continue
            cells = line[1:-1].split("|")
            if not current:
                current = [[] for _c in cells]
            for col, cell in zip(current, cells, strict=True):
                col.append(cell.strip())
        elif current is None and line.strip() and not columns:
            if line.startswith(" "):
                grid.append(line.strip())
            else:
                parts = re.split(r"\s{2,}", line, maxsplit=1)
                grid.append(parts[1] if len(parts) > 1 else "")
    return columns, squash("".join(grid))


def check(output: str, width: int, *, fixed: list[str], prose: list[str]) -> None:
    assert "…" not in output and "..." not in output, output
    for line in output.splitlines():
        assert cell_len(line) <= width, (width, line)
    columns, grid = read_tables(output)
    cells = {c for col in columns for c in col}
    for value in fixed:
        assert value in cells, (value, width, output)
    joined = [squash("".join(col)) for col in columns] + [grid]
    for value in prose:
        assert any(squash(value) in j for j in joined), (value, width, output)


@pytest.fixture(scope="module")
def data_db(tmp_path_factory: pytest.TempPathFactory, template_db: Any) -> str:
    from conftest import BASE_ENV, copy_db

    path = copy_db(template_db, tmp_path_factory.mktemp("widths") / "guantask.db")
    run = Run({**BASE_ENV, "GUANTASK_DB": str(path)})
    for args in (
        ("assign", "26", "--to", "欧阳建国", "--unit", "工信", "--note", LONG_NOTE),
        ("record-progress", "26", "--percent", "40", "-s", "blocked", "--note", LONG_NOTE),
        ("record-progress", "18", "--value", "5G基站=800", "--note", LONG_NOTE),
        ("extend", "18", "--to", "2025-03-31", "--reason", LONG_REASON),
        ("signoff", "3", "--force", "--note", LONG_REASON),
        ("round", "open", "--due", "2024-03-14", "-o", str(tmp_path_factory.mktemp("sheets"))),
    ):
        r = run(*args)
        assert r.exit_code == 0, r.output
    return str(path)


def records(run: Run, *args: str) -> Any:
    r = run(*args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def expectations(run: Run, command: str, lang: str) -> tuple[list[str], list[str]]:
    """The values a table of `command` must show whole (fixed) and re-joinable (prose)."""
    fixed: list[str] = []
    prose: list[str] = []
    if command in ("list", "filter", "overdue"):
        args = {"list": ["list"], "filter": ["filter", "unit:工信"], "overdue": ["overdue"]}
        for t in records(run, *args[command]):
            fixed += [str(t["id"]), t["due"], str(t["percent"] or 0)]
            if command == "overdue" and t["days_late"] > 0:
                fixed.append(str(t["days_late"]))
            prose.append(t["text"])
    elif command == "history":
        for e in records(run, "history"):
            fixed += [str(e["id"]), e["at"][:19].replace("T", " ")]
            if e["task"] is not None:
                fixed.append(str(e["task"]))
            if lang == "en":
                prose.append(e["summary"])
    elif command == "stats":
        for s in records(run, "stats"):
            fixed += [str(s[k]) for k in ("tasks", "done", "red", "yellow", "green")]
            fixed.append(f"{s['average_percent']:.1f}")
            prose.append(s["name"])
    elif command == "units":
        for u in records(run, "units"):
            fixed += [str(u["lead"]), str(u["responsible"])]
            prose.append(u["name"])
    elif command == "leaders":
        for u in records(run, "leaders"):
            fixed.append(str(u["tasks"]))
            prose.append(u["name"])
    elif command == "plans":
        for p in records(run, "plans"):
            fixed += [p["doc_number"], str(p["year"]), p["issued"], str(p["tasks"])]
            prose.append(p["title"])
    elif command == "config list":
        for s in records(run, "config", "list"):
            fixed += [s["key"], str(s["value"]), str(s["default"])]
    elif command == "round status":
        result = records(run, "round", "status")
        for u in result["units"]:
            fixed += [str(u["rows"])] + ([u["received"]] if u["received"] else [])
            prose.append(u["unit"])
    elif command.startswith("round open"):
        units = {u["unit"] for u in records(run, "round", "status")["units"]}
        prose += sorted(units)
        folder = Path(command.split()[-1])
        prose += [str(folder / f.name) for f in folder.iterdir() if f.suffix == ".xlsx"]
        assert len(prose) == 2 * len(units)
    elif command.startswith("show"):
        d = records(run, "show", command.split()[1])
        prose += [d["text"], *(p["note"] for p in d["progress"] if p["note"])]
        prose += [a["note"] for a in d["assignments"] if a["note"]]
        prose += [x["reason"] for x in d["extensions"]]
        fixed += [p["date"] for p in d["progress"]] + [str(p["percent"]) for p in d["progress"]]
        fixed += [x["old_due"] for x in d["extensions"]] + [x["new_due"] for x in d["extensions"]]
    return fixed, prose


COMMANDS = [
    "list",
    "filter",
    "overdue",
    "history",
    "stats",
    "units",
    "leaders",
    "plans",
    "config list",
    "show 26",
    "show 18",
    "round status",
    "round open",
]
TABLE_ARGS = {
    "filter": ["filter", "unit:工信"],
    "overdue": ["overdue"],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_table_never_cuts_a_value_at_any_width(
    data_db: str, command: str, lang: str, tmp_path: Path
) -> None:
    from conftest import BASE_ENV

    run = Run({**BASE_ENV, "GUANTASK_DB": data_db, "GUANTASK_LANG": lang})
    as_of = "2024-11-20" if command == "overdue" else "2024-03-15"
    run.env["GUANTASK_TODAY"] = as_of
    args = TABLE_ARGS.get(command, command.split())
    if command == "round open":  # the sheets' folder is part of what the table shows
        args = [*args, "-o", str(tmp_path / "sheets")]
        assert run(*args).exit_code == 0
        command = " ".join(args)
    fixed, prose = expectations(run, command, lang)
    assert fixed or prose
    for width in WIDTHS:
        r = run("--ascii", *args, COLUMNS=str(width))
        assert r.exit_code == 0, r.output
        check(r.stdout, width, fixed=fixed, prose=prose)
